// Shared by the type compiler, the struct layout and the conversions.
#pragma once
#include "ffi/ffi_type.hpp"

namespace tine {

extern val ffi_struct_tags;  // eq hash: struct/union name -> FfiType

FfiType *new_ffi_type(FK kind, size_t size, size_t align, val syntax);
FfiType *clone_ffi_type(FfiType *t);
void ffi_set_typedef(val name, FfiType *t, const char *self);
FfiMember *ffi_find_member(FfiType *t, val name);
val ffi_eval_param(val expr);  // a dimension, width or value expression's value
FfiType *ffi_compile_struct(val spec);
FfiType *ffi_compile_union(val spec);
bool ffi_type_operator_p(val sym);
// The bits of integer v for integer type t (bit-fields: its width), after
// checking that t can hold it; chars are their code points.
uint64_t ffi_int_bits(FfiType *t, val v, const char *self);

void init_ffi_layout();
void init_ffi_conv();
void init_ffi_aggregate();

}  // namespace tine
