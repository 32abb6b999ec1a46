// Conversions of arrays, structs, unions and bit-fields (ffi_aggregate.cpp),
// called from the dispatch in ffi_conv.cpp.
#pragma once
#include "ffi/ffi_compile.hpp"

namespace tine {

void ffi_array_put(FfiType *t, val v, void *mem, const char *self);
val ffi_array_get(FfiType *t, void *mem, const char *self);
val ffi_array_in(FfiType *t, bool copy, void *mem, val obj, const char *self);
void ffi_array_out(FfiType *t, bool copy, val obj, void *mem, const char *self);
void ffi_array_release(FfiType *t, val obj, void *mem, const char *self);
size_t ffi_varray_count(FfiType *t, val obj, const char *self);  // elements, terminator included

void ffi_struct_put(FfiType *t, val v, void *mem, const char *self);
val ffi_struct_get(FfiType *t, void *mem, const char *self);
val ffi_struct_in(FfiType *t, bool copy, void *mem, val obj, const char *self);
void ffi_struct_out(FfiType *t, bool copy, val obj, void *mem, const char *self);
void ffi_struct_release(FfiType *t, val obj, void *mem, const char *self);
size_t ffi_flex_dynsize(FfiType *t, val obj, const char *self);

void ffi_union_put(FfiType *t, val v, void *mem, const char *self);
val ffi_union_get(FfiType *t, void *mem);
val ffi_union_in(FfiType *t, bool copy, void *mem, val obj, const char *self);

// A bit-field of type t whose first bit is bit shift (allocation order) of
// the byte at mem.
void ffi_bitfield_put(FfiType *t, int shift, val v, void *mem, const char *self);
val ffi_bitfield_get(FfiType *t, int shift, const void *mem);

// Shared helpers of ffi_conv.cpp.
val ffi_int_result(FfiType *t, uint64_t raw);
uint64_t ffi_int_put_bits(FfiType *t, val v, const char *self);
bool ffi_has_in_op(FfiType *t);  // whether in differs from get
std::string ffi_text_bytes(val s, StrEnc enc, const char *self);
val ffi_text_value(const char *p, size_t n, StrEnc enc);

}  // namespace tine
