// The conversions between Lisp values and C memory for every kind of FFI
// type: put, get, in, out and release, as the manual's "Key Concepts"
// define them.  Arrays, structs and unions are in ffi_aggregate.cpp.
#include <gc/gc.h>

#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <cwchar>

#include "ffi/call.hpp"
#include "ffi/carray.hpp"
#include "ffi/ffi_aggregate.hpp"

namespace tine {

const uint8_t *ffi_read_limit;
FfiArena *ffi_arena;

void *FfiArena::take(size_t n) {
  size_t start = (size_t(cur - lo) + 15) / 16 * 16;
  if (n > size_t(hi - lo) || start > size_t(hi - lo) - n) return nullptr;
  cur = lo + start + n;
  memset(lo + start, 0, n);
  return lo + start;
}
static val s_closure_tag;

void ffi_check_read(const void *from, size_t n, const char *self) {
  const uint8_t *p = static_cast<const uint8_t *>(from);
  if (ffi_read_limit && (p > ffi_read_limit || n > size_t(ffi_read_limit - p)))
    errorf(s_error, "~a: the foreign data runs past the end of the buffer", self);
}

// ---- integers -----------------------------------------------------------------

[[noreturn]] static void int_range_err(FfiType *t, val v, const char *self) {
  if (t->bitfield)
    errorf(s_error, "~a: value ~s is out of range of ~a ~a bit-field", self, v, t->is_signed ? "signed" : "unsigned",
           t->bit_width);
  errorf(s_error, "~a: value ~s out of ~a ~a bit range", self, v, t->is_signed ? "signed" : "unsigned",
         int(8 * t->size));
}

uint64_t ffi_int_bits(FfiType *t, val v, const char *self) {
  if (is_chr(v)) v = mkfix(intptr_t(chrval(v)));
  unsigned bits = t->bitfield ? unsigned(t->bit_width) : unsigned(8 * t->size);
  uint64_t mask = bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
  if (is_fixnum(v)) {
    intptr_t n = fixval(v);
    bool ok = t->is_signed ? (bits >= 64 || (n >= -(intptr_t(1) << (bits - 1)) && n < (intptr_t(1) << (bits - 1))))
                           : (n >= 0 && (bits >= 64 || uint64_t(n) <= mask));
    if (!ok || bits == 0) int_range_err(t, v, self);
    return uint64_t(n) & mask;
  }
  if (!integerp(v)) errorf(s_type_error, "~a: ~s is not an integer", self, v);
  // A bignum: only 64-bit fields can hold one.
  if (bits < 64) int_range_err(t, v, self);
  if (t->is_signed) {
    if (num_cmp(v, mkint(INT64_MIN), self) < 0 || num_cmp(v, mkint(INT64_MAX), self) > 0) int_range_err(t, v, self);
    return uint64_t(c_int64(v, self));
  }
  if (num_cmp(v, mkfix(0), self) < 0 || num_cmp(v, mkuint(UINT64_MAX), self) > 0) int_range_err(t, v, self);
  return c_uint64(v, self);
}

// The bits an integer-kind value stores: bool and enum turn into numbers.
uint64_t ffi_int_put_bits(FfiType *t, val v, const char *self) {
  if (t->boolean) return v ? 1 : 0;
  if (t->char_conv == CharConv::WChar && !is_chr(v)) errorf(s_type_error, "~a: ~s is not a character", self, v);
  if (t->sym_num && is(v, T::Sym) && v) {
    bool found;
    val n = gethash(t->sym_num, v, &found);
    if (!found) errorf(s_error, "~a: ~s has no member ~s", self, t->syntax, v);
    v = n;
  }
  return ffi_int_bits(t, v, self);
}

// The Lisp value of an integer-kind type's raw bits (bit-fields: the
// field's bits, zero-extended).
val ffi_int_result(FfiType *t, uint64_t raw) {
  if (t->boolean) return boolv(raw != 0);
  val n;
  if (t->bitfield) {
    unsigned w = unsigned(t->bit_width);
    if (t->is_signed && w && w < 64 && (raw >> (w - 1)) & 1) raw |= ~uint64_t(0) << w;
    n = t->is_signed ? mkint(int64_t(raw)) : mkuint(raw);
  } else {
    n = ffi_int_value(t, raw);
  }
  if (t->num_sym)
    if (val s = gethash(t->num_sym, n)) return s;
  if (t->as_char && is_fixnum(n) && fixval(n) >= 0) return mkchr(char32_t(fixval(n)));
  return n;
}

// ---- floating point -------------------------------------------------------------

static double float_arg(FfiType *t, val v, const char *self) {
  if (t->boolean) return v ? 1.0 : 0.0;
  double d;
  if (is_fixnum(v))
    d = double(fixval(v));
  else if (is_chr(v))
    d = double(chrval(v));
  else if (numberp(v))
    d = c_double(v, self);
  else
    errorf(s_type_error, "~a: ~s is not of type float", self, v);
  if (t->size == 4 && (std::fabs(d) > FLT_MAX || (d != 0.0 && std::fabs(d) < FLT_MIN)) && std::isfinite(d))
    errorf(s_error, "~a: ~s is out of float range", self, v);
  return d;
}

static void float_put(FfiType *t, val v, void *mem, const char *self) {
  double d = float_arg(t, v, self);
  if (t->size == 4) {
    float f = float(d);
    uint32_t bits;
    memcpy(&bits, &f, 4);
    ffi_store_uint(mem, 4, t->swap, bits);
  } else {
    uint64_t bits;
    memcpy(&bits, &d, 8);
    ffi_store_uint(mem, 8, t->swap, bits);
  }
}

static val float_get(FfiType *t, const void *mem) {
  double d;
  if (t->size == 4) {
    uint32_t bits = uint32_t(ffi_load_uint(mem, 4, t->swap));
    float f;
    memcpy(&f, &bits, 4);
    d = f;
  } else {
    uint64_t bits = ffi_load_uint(mem, 8, t->swap);
    memcpy(&d, &bits, 8);
  }
  return t->boolean ? boolv(d != 0.0) : mkfloat(d);
}

// ---- pointers in memory ---------------------------------------------------------

static void *load_ptr(const void *mem) {
  void *p;
  memcpy(&p, mem, sizeof p);
  return p;
}

static void store_ptr(void *mem, const void *p) { memcpy(mem, &p, sizeof p); }

static val val_get(const void *mem, const char *self) {
  val v = static_cast<val>(load_ptr(mem));
  if (!v || is_fixnum(v) || is_chr(v)) return v;
  if (is_ptr(v) && GC_base(v) == static_cast<void *>(v)) return v;
  errorf(s_error, "~a: bit pattern ~a isn't a valid Lisp object", self, mkuint(uintptr_t(v)));
}

// ---- cptr and closure ------------------------------------------------------------

static void cptr_put(FfiType *t, val v, void *mem, const char *self) {
  if (is(v, T::CPtr)) {
    CPtrObj *c = static_cast<CPtrObj *>(v);
    if (t->tag && c->tag != t->tag && (c->tag || c->ptr))
      errorf(s_error, "~a: cptr ~s isn't of type ~s", self, v, t->tag);
    store_ptr(mem, c->ptr);
    return;
  }
  if (is(v, T::CArray)) {
    CArray *c = carray_of(v);
    if (!t->elem || !same_ffi_type(c->eltype, t->elem))
      errorf(s_error, "~a: ~s is not of element type ~s", self, v, t->elem ? static_cast<val>(t->elem) : t->tag);
    store_ptr(mem, carray_base(c, self));
    return;
  }
  errorf(s_type_error, "~a: ~s is not a cptr or carray", self, v);
}

static val cptr_in(FfiType *t, bool copy, void *mem, val obj, const char *self) {
  if (!obj) return make_cptr(load_ptr(mem), t->tag);
  if (copy) {
    if (is(obj, T::CPtr))
      static_cast<CPtrObj *>(obj)->ptr = load_ptr(mem);
    else
      carray_set_ptr(carray_checked(obj, self), t->elem, load_ptr(mem), self);
  }
  return obj;
}

static void closure_put(val v, void *mem, const char *self) {
  void *p = nullptr;
  if (is(v, T::FfiClosure))
    p = static_cast<FfiClosure *>(v)->code;
  else if (is(v, T::CPtr))
    p = static_cast<CPtrObj *>(v)->ptr;
  else if (v)
    errorf(s_error, "~a: ~s cannot be used as function pointer", self, v);
  store_ptr(mem, p);
}

// ---- strings ------------------------------------------------------------------------

// Lisp text as the bytes of a C string: UTF-8 with the pseudo-null U+DC00
// as a 0 byte, or (bstr) one byte per character.
std::string ffi_text_bytes(val s, StrEnc enc, const char *self) {
  if (enc == StrEnc::Byte) {
    std::string out;
    for (char32_t c : sv(s)) {
      if (c > 255) errorf(s_error, "~a: character ~s out of unsigned 8 bit range", self, mkchr(c));
      out.push_back(char(c));
    }
    return out;
  }
  std::u32string u(sv(s));
  for (char32_t &c : u)
    if (c == 0xDC00) c = 0;
  return utf8_encode(u);
}

// Bytes to Lisp text: UTF-8 (invalid bytes as U+DCxx; 0 bytes, when kept,
// as U+DC00) or one character per byte.
val ffi_text_value(const char *p, size_t n, StrEnc enc) {
  if (enc == StrEnc::Byte) {
    std::u32string u;
    for (size_t i = 0; i < n; ++i) u.push_back(char32_t(uint8_t(p[i])));
    return mkstr(u);
  }
  std::u32string u = utf8_decode(std::string_view(p, n));
  for (char32_t &c : u)
    if (c == 0) c = 0xDC00;
  return mkstr(u);
}

static void *str_dup(val v, StrEnc enc, const char *self) {
  if (!stringp(v)) errorf(s_type_error, "~a: ~s is not a string", self, v);
  if (enc == StrEnc::Wide) {
    std::u32string_view s = sv(v);
    wchar_t *w = static_cast<wchar_t *>(malloc((s.size() + 1) * sizeof(wchar_t)));
    if (!w) throw std::bad_alloc();
    for (size_t i = 0; i < s.size(); ++i) w[i] = wchar_t(s[i]);
    w[s.size()] = 0;
    return w;
  }
  std::string b = ffi_text_bytes(v, enc, self);
  char *p = static_cast<char *>(malloc(b.size() + 1));
  if (!p) throw std::bad_alloc();
  memcpy(p, b.data(), b.size());
  p[b.size()] = 0;
  return p;
}

static val str_value(const void *p, StrEnc enc, const char *self) {
  if (!p) return nullptr;
  if (enc == StrEnc::Wide) {
    std::u32string u;
    for (const wchar_t *w = static_cast<const wchar_t *>(p);; ++w) {
      ffi_check_read(w, sizeof *w, self);
      if (!*w) break;
      u.push_back(char32_t(*w));
    }
    return mkstr(u);
  }
  const char *s = static_cast<const char *>(p);
  size_t n = 0;
  for (;; ++n) {
    ffi_check_read(s + n, 1, self);
    if (!s[n]) break;
  }
  std::u32string u = enc == StrEnc::Byte ? std::u32string() : utf8_decode(std::string_view(s, n));
  if (enc == StrEnc::Byte)
    for (size_t i = 0; i < n; ++i) u.push_back(char32_t(uint8_t(s[i])));
  return mkstr(u);
}

static void str_put(FfiType *t, val v, void *mem, const char *self) {
  store_ptr(mem, t->own == Own::S || !v ? nullptr : str_dup(v, t->enc, self));
}

static val str_get(FfiType *t, void *mem, const char *self) {
  void *p = load_ptr(mem);
  val s = str_value(p, t->enc, self);
  if (t->own == Own::D) {
    free(p);
    store_ptr(mem, nullptr);
  }
  return s;
}

static val str_in(FfiType *t, bool copy, void *mem, val obj, const char *self) {
  void *p = load_ptr(mem);
  if (copy) obj = str_value(p, t->enc, self);
  free(p);
  store_ptr(mem, nullptr);
  return obj;
}

// ---- bufs ---------------------------------------------------------------------------------

static val buf_take(void *p, size_t n, bool own) {
  if (!p) return nullptr;
  val b = buf_from(p, n);
  if (own) free(p);
  return b;
}

static void buf_put(FfiType *t, val v, void *mem, const char *self) {
  if (!v) {
    store_ptr(mem, nullptr);
    return;
  }
  if (!is(v, T::Buf)) errorf(s_type_error, "~a: ~s is not a buf", self, v);
  Buf *b = buf_of(v);
  if (t->own == Own::Plain) {
    store_ptr(mem, b->data);
    return;
  }
  void *copy = malloc(b->len ? b->len : 1);
  if (!copy) throw std::bad_alloc();
  memcpy(copy, b->data, b->len);
  store_ptr(mem, copy);
}

static val buf_get(FfiType *t, void *mem) {
  if (!t->nelem) return nullptr;  // an unsized buf has no useful get
  void *p = load_ptr(mem);
  if (t->own == Own::D) store_ptr(mem, nullptr);
  return buf_take(p, t->nelem, t->own == Own::D);
}

static val buf_in(FfiType *t, bool copy, void *mem, val obj) {
  void *p = load_ptr(mem);
  if (t->own == Own::D) {
    if (!copy) return obj;
    store_ptr(mem, nullptr);
    return buf_take(p, t->nelem, true);
  }
  void *orig = is(obj, T::Buf) ? buf_of(obj)->data : nullptr;
  if (!copy || p == orig) return obj;
  return buf_take(p, is(obj, T::Buf) ? buf_of(obj)->len : t->nelem, false);
}

// ---- pointers to a target type -------------------------------------------------------

// The memory a (ptr T) points to: a cptr target passes the address of the
// cptr's own pointer, anything else a fresh zeroed block.
static void *ptr_alloc(FfiType *e, val obj, bool transfer, const char *self) {
  if (e->kind == FK::CPtr) return &cptr_checked(obj, self)->ptr;
  size_t n = ffi_dynsize(e, obj, self);
  if (ffi_arena && !transfer)
    if (void *p = ffi_arena->take(n)) return p;
  void *p = calloc(1, n ? n : 1);
  if (!p) throw std::bad_alloc();
  return p;
}

static void ptr_free(FfiType *e, void *p) {
  if (e->kind != FK::CPtr && !(ffi_arena && ffi_arena->owns(p))) free(p);
}

static bool owns_put(PtrKind k) { return k == PtrKind::Ptr || k == PtrKind::In || k == PtrKind::InD; }

static void ptr_put(FfiType *t, val v, void *mem, const char *self) {
  FfiType *e = t->elem;
  if (!v || t->ptr_kind == PtrKind::OutD || t->ptr_kind == PtrKind::OutS) {
    store_ptr(mem, nullptr);
    return;
  }
  // ptr-in-d hands the memory over to the callee: it must come from malloc.
  void *p = ptr_alloc(e, v, t->ptr_kind == PtrKind::InD, self);
  if (owns_put(t->ptr_kind) && e->kind != FK::CPtr) {
    try {
      ffi_put(e, v, p, self);
    } catch (...) {
      ptr_free(e, p);
      throw;
    }
  }
  store_ptr(mem, p);
}

static val ptr_get(FfiType *t, void *mem, const char *self) {
  void *p = load_ptr(mem);
  if (!p) return nullptr;
  FfiReadLimit unlimited(nullptr);
  val v = ffi_get(t->elem, p, self);
  if (t->ptr_kind == PtrKind::InD || t->ptr_kind == PtrKind::OutD) {
    ptr_free(t->elem, p);
    store_ptr(mem, nullptr);
  }
  return v;
}

static val ptr_in(FfiType *t, void *mem, val obj, const char *self) {
  FfiType *e = t->elem;
  void *p = load_ptr(mem);
  if (!p) return nullptr;
  FfiReadLimit unlimited(nullptr);
  switch (t->ptr_kind) {
    case PtrKind::In:
    case PtrKind::InD:
      // Into the callee only: the pointee's pointers are still followed.
      if (e->has_in) ffi_in(e, false, p, obj, self);
      if (t->ptr_kind == PtrKind::InD) return obj;
      break;
    default: obj = ffi_in(e, true, p, obj, self); break;
  }
  if (t->ptr_kind != PtrKind::OutS) {
    ptr_free(e, p);
    store_ptr(mem, nullptr);
  }
  return obj;
}

static void ptr_out(FfiType *t, val obj, void *mem, const char *self) {
  void *p = load_ptr(mem);
  if (!p) return;
  if (t->ptr_kind == PtrKind::In || t->ptr_kind == PtrKind::InD) {
    if (t->elem->has_out) ffi_out(t->elem, false, obj, p, self);
    return;
  }
  ffi_out(t->elem, true, obj, p, self);
}

static void ptr_release(FfiType *t, val obj, void *mem, const char *self) {
  void *p = load_ptr(mem);
  if (!p) return;
  if (owns_put(t->ptr_kind)) {
    ffi_release(t->elem, obj, p, self);
    ptr_free(t->elem, p);
  } else if (t->ptr_kind == PtrKind::Out) {
    ptr_free(t->elem, p);
  }
  store_ptr(mem, nullptr);
}

// ---- carray ---------------------------------------------------------------------------------

static void carray_type_put(FfiType *t, val v, void *mem, const char *self) {
  CArray *c = carray_checked(v, self);
  if (!same_ffi_type(c->eltype, t->elem))
    errorf(s_error, "~a: ~s is not of element type ~s", self, v, static_cast<val>(t->elem));
  store_ptr(mem, carray_base(c, self));
}

static val carray_type_in(FfiType *t, bool copy, void *mem, val obj, const char *self) {
  if (!obj) return make_foreign_carray(t->elem, load_ptr(mem));
  if (copy) carray_set_ptr(carray_checked(obj, self), t->elem, load_ptr(mem), self);
  return obj;
}

// ---- dispatch ---------------------------------------------------------------------------------

void ffi_put(FfiType *t, val v, void *mem, const char *self) {
  switch (t->kind) {
    case FK::Void: return;
    case FK::Int:
      if (t->plain && is_fixnum(v) && ffi_fixnum_fits(t, fixval(v))) {
        ffi_store_uint(mem, t->size, t->swap, uint64_t(fixval(v)));
        return;
      }
      if (t->bitfield) {
        ffi_bitfield_put(t, 0, v, mem, self);
        return;
      }
      ffi_store_uint(mem, t->size, t->swap, ffi_int_put_bits(t, v, self));
      return;
    case FK::Float: float_put(t, v, mem, self); return;
    case FK::Val: store_ptr(mem, v); return;
    case FK::CPtr: cptr_put(t, v, mem, self); return;
    case FK::Closure: closure_put(v, mem, self); return;
    case FK::Str: str_put(t, v, mem, self); return;
    case FK::Buf: buf_put(t, v, mem, self); return;
    case FK::Ptr: ptr_put(t, v, mem, self); return;
    case FK::CArray: carray_type_put(t, v, mem, self); return;
    case FK::Array: ffi_array_put(t, v, mem, self); return;
    case FK::Struct: ffi_struct_put(t, v, mem, self); return;
    case FK::Union: ffi_union_put(t, v, mem, self); return;
  }
}

val ffi_get(FfiType *t, const void *cmem, const char *self) {
  void *mem = const_cast<void *>(cmem);  // -d types clear the pointer they take over
  switch (t->kind) {
    case FK::Void: return nullptr;
    case FK::Int:
      if (t->plain) return ffi_int_value(t, ffi_load_uint(mem, t->size, t->swap));
      if (t->bitfield) return ffi_bitfield_get(t, 0, mem);
      return ffi_int_result(t, ffi_load_uint(mem, t->size, t->swap));
    case FK::Float: return float_get(t, mem);
    case FK::Val: return val_get(mem, self);
    case FK::CPtr: return make_cptr(load_ptr(mem), t->tag);
    case FK::Closure: return make_cptr(load_ptr(mem), s_closure_tag);
    case FK::Str: return str_get(t, mem, self);
    case FK::Buf: return buf_get(t, mem);
    case FK::Ptr: return ptr_get(t, mem, self);
    case FK::CArray: return make_foreign_carray(t->elem, load_ptr(mem));
    case FK::Array: return ffi_array_get(t, mem, self);
    case FK::Struct: return ffi_struct_get(t, mem, self);
    case FK::Union: return ffi_union_get(t, mem);
  }
  return nullptr;
}

bool ffi_has_in_op(FfiType *t) {
  switch (t->kind) {
    case FK::Str: return t->own == Own::Plain;
    case FK::Buf: return t->nelem > 0;
    case FK::CPtr:
    case FK::CArray:
    case FK::Ptr:
    case FK::Array:
    case FK::Struct:
    case FK::Union: return true;
    default: return false;
  }
}

val ffi_in(FfiType *t, bool copy, void *mem, val obj, const char *self) {
  switch (t->kind) {
    case FK::Str:
      if (t->own == Own::Plain) return str_in(t, copy, mem, obj, self);
      break;
    case FK::Buf:
      if (t->nelem) return buf_in(t, copy, mem, obj);
      break;
    case FK::CPtr: return cptr_in(t, copy, mem, obj, self);
    case FK::CArray: return carray_type_in(t, copy, mem, obj, self);
    case FK::Ptr: return ptr_in(t, mem, obj, self);
    case FK::Array: return ffi_array_in(t, copy, mem, obj, self);
    case FK::Struct: return ffi_struct_in(t, copy, mem, obj, self);
    case FK::Union: return ffi_union_in(t, copy, mem, obj, self);
    default: break;
  }
  return copy ? ffi_get(t, mem, self) : obj;
}

void ffi_out(FfiType *t, bool copy, val obj, void *mem, const char *self) {
  if (!t->has_out) {
    ffi_put(t, obj, mem, self);
    return;
  }
  switch (t->kind) {
    case FK::Ptr: ptr_out(t, obj, mem, self); return;
    case FK::Array: ffi_array_out(t, copy, obj, mem, self); return;
    case FK::Struct: ffi_struct_out(t, copy, obj, mem, self); return;
    default: ffi_put(t, obj, mem, self); return;
  }
}

void ffi_release(FfiType *t, val obj, void *mem, const char *self) {
  switch (t->kind) {
    case FK::Str:
      if (t->own != Own::S) {
        free(load_ptr(mem));
        store_ptr(mem, nullptr);
      }
      return;
    case FK::Buf:
      if (t->own == Own::D) {
        free(load_ptr(mem));
        store_ptr(mem, nullptr);
      }
      return;
    case FK::Ptr: ptr_release(t, obj, mem, self); return;
    case FK::Array: ffi_array_release(t, obj, mem, self); return;
    case FK::Struct: ffi_struct_release(t, obj, mem, self); return;
    default: return;
  }
}

size_t ffi_dynsize(FfiType *t, val obj, const char *self) {
  if (t->kind == FK::Array && t->incomplete) return ffi_varray_count(t, obj, self) * t->elem->size;
  if (t->kind == FK::Struct && t->flexible && obj) return ffi_flex_dynsize(t, obj, self);
  return t->size;
}

void init_ffi_conv() { s_closure_tag = intern("closure"); }

}  // namespace tine
