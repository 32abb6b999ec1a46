// FFI types: layout (size, alignment), libffi descriptors, and conversion
// between Lisp values and C representations.
#pragma once
#include <ffi.h>

#include <cstring>

#include "runtime/compiler.hpp"
#include "runtime/lisp.hpp"

namespace tine {

enum class FK : uint8_t {
  Void,
  Int,  // signed or unsigned integer of size 1, 2, 4 or 8, native or fixed endian
  Float,
  Double,
  Bool,
  Str,      // char * UTF-8 string
  WStr,     // wchar_t * string
  Buf,      // unsigned char * from a buf
  CPtr,     // opaque pointer
  Closure,  // function pointer: nil, a cptr or an ffi-closure
  Ptr,      // pointer to an element type
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

// Integers of 1, 2, 4 or 8 bytes in memory, byte-swapped when swap (a
// fixed-endian type whose order differs from the host's).
inline uint64_t ffi_load_uint(const void *mem, size_t size, bool swap) {
  switch (size) {
    case 1: return *static_cast<const uint8_t *>(mem);
    case 2: {
      uint16_t x;
      memcpy(&x, mem, 2);
      return swap ? __builtin_bswap16(x) : x;
    }
    case 4: {
      uint32_t x;
      memcpy(&x, mem, 4);
      return swap ? __builtin_bswap32(x) : x;
    }
    default: {
      uint64_t x;
      memcpy(&x, mem, 8);
      return swap ? __builtin_bswap64(x) : x;
    }
  }
}

inline void ffi_store_uint(void *mem, size_t size, bool swap, uint64_t v) {
  switch (size) {
    case 1: *static_cast<uint8_t *>(mem) = uint8_t(v); return;
    case 2: {
      uint16_t x = swap ? __builtin_bswap16(uint16_t(v)) : uint16_t(v);
      memcpy(mem, &x, 2);
      return;
    }
    case 4: {
      uint32_t x = swap ? __builtin_bswap32(uint32_t(v)) : uint32_t(v);
      memcpy(mem, &x, 4);
      return;
    }
    default: {
      uint64_t x = swap ? __builtin_bswap64(v) : v;
      memcpy(mem, &x, 8);
      return;
    }
  }
}

// The value of integer type t whose bits (zero-extended) are raw.
inline val ffi_int_value(const FfiType *t, uint64_t raw) {
  if (t->is_signed) {
    int shift = int(64 - 8 * t->size);
    int64_t n = int64_t(raw << shift) >> shift;
    return fits_fixnum(n) ? mkfix(n) : mkint(n);
  }
  return raw <= uint64_t(FIXNUM_MAX) ? mkfix(intptr_t(raw)) : mkuint(raw);
}

// Whether fixnum n is a value of integer type t.
inline bool ffi_fixnum_fits(const FfiType *t, intptr_t n) {
  if (t->size >= 8) return t->is_signed || n >= 0;
  unsigned bits = unsigned(8 * t->size);
  intptr_t lo = t->is_signed ? -(intptr_t(1) << (bits - 1)) : 0;
  intptr_t hi = t->is_signed ? (intptr_t(1) << (bits - 1)) - 1 : (intptr_t(1) << bits) - 1;
  return n >= lo && n <= hi;
}

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
