// FFI types: layout (size, alignment), libffi descriptors, and conversion
// between Lisp values and C representations.
#pragma once
#include <ffi.h>

#include "runtime/compiler.hpp"
#include "runtime/lisp.hpp"

namespace tine {

enum class FK : uint8_t {
  Void,
  Int,  // signed or unsigned integer of size 1, 2, 4 or 8, native or fixed endian
  Float,
  Double,
  Bool,
  Str,   // char * UTF-8 string
  WStr,  // wchar_t * string
  Buf,   // unsigned char * from a buf
  CPtr,  // opaque pointer
  Ptr,   // pointer to an element type
  Array,
  ZArray,  // array whose last element is a terminator
  Struct,
  Union,
  Enum,
};

struct FfiMember {
  val name;
  struct FfiType *type;
  size_t offset;
  int bit_width;  // 0: not a bit-field
  int bit_shift;
};

struct FfiType : Obj {
  FK kind;
  bool is_signed = false;
  bool swap = false;      // fixed-endian type whose order differs from the host's
  bool copy_out = false;  // ptr and ptr-out: the pointee is copied back after a call
  bool copy_in = true;    // ptr and ptr-in: the value is converted into the pointee
  size_t size = 0, align = 1;
  size_t nelem = 0;         // arrays
  FfiType *elem = nullptr;  // arrays, pointers
  FfiMember *members = nullptr;
  size_t nmembers = 0;
  val syntax = nullptr;    // the type spec, for printing
  val tag = nullptr;       // cptr tag, struct/union/enum name
  val enum_map = nullptr;  // enum: alist (symbol . value)
  ffi_type *lf = nullptr;  // libffi descriptor
};

inline FfiType *ffi_type_of(val v) { return static_cast<FfiType *>(v); }
FfiType *ffi_type_checked(val v, const char *self);
val ffi_type_compile(val spec, const char *self);

// Conversions; self names the Lisp function for error messages.  put checks
// the value completely before writing anything.
val ffi_get(FfiType *t, const void *mem, const char *self);
void ffi_put(FfiType *t, val v, void *mem, const char *self);
bool ffi_is_byte_type(FfiType *t);

// cptr objects: an address with a type tag.
struct CPtrObj : Obj {
  void *ptr;
  val tag;
};
val make_cptr(void *p, val tag);
void *cptr_address(val v, const char *self);  // cptr, or nil for NULL

void init_ffi_types();
void init_carray();
void init_ffi_calls();
void init_mmap();

}  // namespace tine
