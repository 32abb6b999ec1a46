// FFI types: the compiled form of TXR's type notation, their layout, and
// the four conversions between Lisp values and C memory (put, get, in, out,
// described in the FFI section of TXR's manual).
#pragma once
#include <ffi.h>

#include <cstring>

#include "runtime/lisp.hpp"

namespace tine {

enum class FK : uint8_t {
  Void,
  Int,      // integer of 1, 2, 4 or 8 bytes, native or fixed endian; also bool, enum, bit-field
  Float,    // float or double (size 4 or 8), native or fixed endian
  Val,      // a Lisp value's own bits
  CPtr,     // opaque pointer with a type tag
  Closure,  // function pointer: nil, a cptr or an ffi-closure
  Str,      // char * / wchar_t * strings: str, bstr, wstr and their -d, -s forms
  Buf,      // pointer to a buf's bytes: buf, buf-d, sized or not
  Ptr,      // ptr, ptr-in, ptr-out, ptr-in-d, ptr-out-d, ptr-out-s
  Array,    // array and zarray, dimensioned or not
  CArray,   // pointer to the first element of a carray
  Struct,
  Union,
};

// How an array of a character type converts to and from strings.
enum class CharConv : uint8_t { None, Char, ZChar, BChar, WChar };
enum class StrEnc : uint8_t { Utf8, Byte, Wide };
enum class Own : uint8_t { Plain, D, S };  // str / str-d / str-s, buf / buf-d
enum class PtrKind : uint8_t { Ptr, In, Out, InD, OutD, OutS };

struct FfiType;

struct FfiMember {
  val name;  // nil: padding
  FfiType *type;
  size_t offset;  // bit-fields: the byte holding the field's first bit
  int bit_shift;  // bit-fields: that bit's position within the byte, in allocation order
};

struct FfiType : Obj {
  FK kind;
  bool is_signed = false;
  bool reads_unsigned = false;  // int8: TXR reads it back as 0-255 (stored signed)
  bool swap = false;            // fixed-endian type whose byte order differs from the host's
  bool as_char = false;         // get yields characters (char, zchar, bchar, wchar)
  bool boolean = false;         // (bool T): nil and t
  bool bitfield = false;
  bool null_term = false;               // zarray
  bool incomplete = false;              // void, (array T), flexible or member-less structs
  bool flexible = false;                // struct ending in an array of unknown size
  bool align_altered = false;           // align, or pack wider than 1: a bit-field starts a new byte
  bool packed1 = false;                 // alignment 1 produced by pack
  bool has_in = false;                  // needs the in pass after a call (frees, copies back)
  bool has_out = false;                 // needs the out pass after a callback
  bool plain = false;                   // Int: a number in and out (no bool, enum, char, bit-field)
  CharConv char_conv = CharConv::None;  // Int element types; Array: its own conversion
  StrEnc enc = StrEnc::Utf8;
  Own own = Own::Plain;
  PtrKind ptr_kind = PtrKind::Ptr;
  int bit_width = 0;
  size_t size = 0, align = 1;
  size_t natural_align = 1;  // before align/pack
  size_t nelem = 0;          // Array: dimension; Buf: size (0: unsized)
  FfiType *elem = nullptr;   // Ptr, Array, CArray, enum base; CPtr: the type its tag names
  FfiMember *members = nullptr;
  size_t nmembers = 0;
  val syntax = nullptr;     // printed form
  val tag = nullptr;        // cptr tag; struct/union name
  val sym_num = nullptr;    // enum: eq hash symbol -> value
  val num_sym = nullptr;    // enum: eql hash value -> symbol
  val lisp_type = nullptr;  // struct: the Lisp struct type
  ffi_type *lf = nullptr;   // libffi descriptor, made when first needed
};

inline FfiType *ffi_type_of(val v) { return static_cast<FfiType *>(v); }
FfiType *ffi_type_checked(val v, const char *self);
// Compiles type syntax (ffi-type-compile); a compiled type is returned as is.
FfiType *ffi_compile(val spec);
val ffi_type_compile(val spec, const char *self);  // kept for callers that name themselves
FfiType *ffi_typedef_lookup(val sym);              // nullptr when not a type name
ffi_type *ffi_lf(FfiType *t);                      // the libffi descriptor
bool same_ffi_type(FfiType *a, FfiType *b);

// The conversions.  self names the Lisp function for errors.  copy selects
// the by-pointer nuance of in and out.
void ffi_put(FfiType *t, val v, void *mem, const char *self);
val ffi_get(FfiType *t, const void *mem, const char *self);
val ffi_in(FfiType *t, bool copy, void *mem, val obj, const char *self);
void ffi_out(FfiType *t, bool copy, val obj, void *mem, const char *self);
// Frees what a put allocated (after a put whose call never happens).
void ffi_release(FfiType *t, val obj, void *mem, const char *self);
// The bytes obj needs under t: the size, or for incomplete types the size
// that obj's length implies.
size_t ffi_dynsize(FfiType *t, val obj, const char *self);
bool ffi_is_byte_type(FfiType *t);
bool ffi_is_int(FfiType *t);  // a plain integer: no bool, enum or bit-field

// The end of the memory a conversion may read, when known (a buf); reads of
// unknown length (zarray, flexible arrays) past it are errors.  Null: C
// memory, no limit.
extern const uint8_t *ffi_read_limit;
struct FfiReadLimit {
  const uint8_t *saved;
  explicit FfiReadLimit(const uint8_t *end) : saved(ffi_read_limit) { ffi_read_limit = end; }
  ~FfiReadLimit() { ffi_read_limit = saved; }
  FfiReadLimit(const FfiReadLimit &) = delete;
  FfiReadLimit &operator=(const FfiReadLimit &) = delete;
};
void ffi_check_read(const void *from, size_t n, const char *self);

// During a foreign call, the memory that (ptr T) arguments point to comes
// from a block on the caller's stack instead of malloc when it fits; the
// in pass after the call then frees nothing.
struct FfiArena {
  uint8_t *lo, *cur, *hi;
  bool owns(const void *p) const { return p >= lo && p < hi; }
  void *take(size_t n);  // zeroed, aligned for any type; nullptr when full
};
extern FfiArena *ffi_arena;

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
  if (t->is_signed && !t->reads_unsigned) {
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

// cptr objects (CPtrObj, runtime/value.hpp): an address with a type tag.
val make_cptr(void *p, val tag);
CPtrObj *cptr_checked(val v, const char *self);
void *cptr_address(val v, const char *self);  // a cptr's address; nil is NULL

void init_ffi();  // every ffi module, in order (ffi_init.cpp)
void init_ffi_types();
void init_ffi_builtins();
void init_cptr();
void init_carray();
void init_carray_ops();
void init_ffi_calls();
void init_ffi_unions();
void init_setjmp();
void init_mmap();

}  // namespace tine
