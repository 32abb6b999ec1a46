// Conversions of arrays (strings for character element types, zarray null
// termination, arrays of unknown size), structs (Lisp structs, bit-fields,
// flexible structs) and unions (union objects).
#include "ffi/ffi_aggregate.hpp"

#include "ffi/union.hpp"
#include "runtime/struct.hpp"

namespace tine {

static val s_length;

// ---- bit-fields ----------------------------------------------------------------------

// A bit-field follows the byte order of its type: allocation starts at the
// least significant bit of a byte (little-endian) or the most significant
// (big-endian), and the field's bytes are one number in that order.
static bool big_endian_field(FfiType *t) { return (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__) != t->swap; }

using u128 = unsigned __int128;

static size_t field_bytes(FfiType *t, int shift) { return (size_t(shift) + size_t(t->bit_width) + 7) / 8; }

static u128 load_field_bytes(const uint8_t *p, size_t n, bool be) {
  u128 x = 0;
  for (size_t i = 0; i < n; ++i) x = be ? (x << 8) | p[i] : x | (u128(p[i]) << (8 * i));
  return x;
}

static void store_field_bytes(uint8_t *p, size_t n, bool be, u128 x) {
  for (size_t i = 0; i < n; ++i) p[i] = uint8_t(be ? x >> (8 * (n - 1 - i)) : x >> (8 * i));
}

static unsigned field_pos(FfiType *t, int shift, size_t n, bool be) {
  return be ? unsigned(8 * n - size_t(shift) - size_t(t->bit_width)) : unsigned(shift);
}

val ffi_bitfield_get(FfiType *t, int shift, const void *mem) {
  size_t n = field_bytes(t, shift);
  bool be = big_endian_field(t);
  u128 x = load_field_bytes(static_cast<const uint8_t *>(mem), n, be);
  uint64_t mask = t->bit_width >= 64 ? ~uint64_t(0) : (uint64_t(1) << t->bit_width) - 1;
  return ffi_int_result(t, uint64_t(x >> field_pos(t, shift, n, be)) & mask);
}

void ffi_bitfield_put(FfiType *t, int shift, val v, void *mem, const char *self) {
  uint64_t bits = ffi_int_put_bits(t, v, self);
  size_t n = field_bytes(t, shift);
  bool be = big_endian_field(t);
  uint8_t *p = static_cast<uint8_t *>(mem);
  u128 mask = (t->bit_width >= 64 ? u128(~uint64_t(0)) : (u128(1) << t->bit_width) - 1);
  unsigned pos = field_pos(t, shift, n, be);
  u128 x = load_field_bytes(p, n, be);
  x = (x & ~(mask << pos)) | (u128(bits) << pos);
  store_field_bytes(p, n, be, x);
}

// ---- character arrays ----------------------------------------------------------------

// The length of the text at p, up to n bytes or units, stopping at a zero.
static size_t text_len(const uint8_t *p, size_t n, size_t unit, const char *self) {
  size_t i = 0;
  for (; i < n; ++i) {
    ffi_check_read(p + i * unit, unit, self);
    bool zero = true;
    for (size_t k = 0; k < unit; ++k) zero = zero && !p[i * unit + k];
    if (zero) break;
  }
  return i;
}

// n: the number of elements; SIZE_MAX for a zarray of unknown size.
static val char_array_get(FfiType *t, const uint8_t *src, size_t n, const char *self) {
  const char *s = reinterpret_cast<const char *>(src);
  switch (t->char_conv) {
    case CharConv::Char:
      if (t->null_term) return ffi_text_value(s, text_len(src, n, 1, self), StrEnc::Utf8);
      ffi_check_read(src, n, self);
      return ffi_text_value(s, n, StrEnc::Utf8);  // zero bytes become U+DC00
    case CharConv::ZChar: return ffi_text_value(s, text_len(src, n, 1, self), StrEnc::Utf8);
    case CharConv::BChar: return ffi_text_value(s, text_len(src, n, 1, self), StrEnc::Byte);
    default: {
      size_t len = text_len(src, n, sizeof(wchar_t), self);
      std::u32string u(len, U'\0');
      for (size_t i = 0; i < len; ++i) {
        wchar_t w;
        memcpy(&w, src + i * sizeof w, sizeof w);
        u[i] = char32_t(w);
      }
      return mkstr(u);
    }
  }
}

static void char_array_put(FfiType *t, val str, uint8_t *dst, size_t n, const char *self) {
  bool nt = t->null_term;
  switch (t->char_conv) {
    case CharConv::Char:
    case CharConv::ZChar: {
      std::string b = ffi_text_bytes(str, StrEnc::Utf8, self);
      size_t k = std::min(b.size(), n);
      memcpy(dst, b.data(), k);
      memset(dst + k, 0, n - k);
      break;
    }
    case CharConv::BChar: {
      std::u32string_view s = sv(str);
      size_t i = 0;
      for (; i < n && i < s.size() && s[i]; ++i) {
        if (s[i] > 255) errorf(s_error, "~a: character ~s out of unsigned 8 bit range", self, mkchr(s[i]));
        dst[i] = uint8_t(s[i]);
      }
      memset(dst + i, 0, n - i);
      break;
    }
    default: {
      std::u32string_view s = sv(str);
      for (size_t i = 0; i < n; ++i) {
        wchar_t w = i < s.size() ? wchar_t(s[i]) : 0;
        memcpy(dst + i * sizeof w, &w, sizeof w);
      }
      break;
    }
  }
  if (nt && n) memset(dst + (n - 1) * t->elem->size, 0, t->elem->size);
}

// A string received into an existing string updates it in place.
static val replace_text(val obj, val str) {
  if (!stringp(obj)) return str;
  str_of(obj)->len = 0;
  str_append(obj, sv(str));
  return obj;
}

// ---- arrays -------------------------------------------------------------------------------

static bool sequencep(val v) {
  return !v || consp(v) || is(v, T::Vec) || stringp(v) || is(v, T::Buf) || is(v, T::CArray);
}

static void array_put_n(FfiType *t, val v, uint8_t *dst, size_t n, const char *self) {
  if (t->char_conv != CharConv::None && stringp(v)) {
    char_array_put(t, v, dst, n, self);
    return;
  }
  if (!sequencep(v)) errorf(s_error, "~a: ~s isn't convertible to a C array", self, v);
  FfiType *e = t->elem;
  size_t lim = t->null_term && n ? n - 1 : n;
  size_t i = 0;
  SeqIter it(v, self);
  for (val x; i < lim && it.next(&x); ++i) ffi_put(e, x, dst + i * e->size, self);
  if (i < n) memset(dst + i * e->size, 0, (n - i) * e->size);
}

static val array_get_n(FfiType *t, const uint8_t *src, size_t n, const char *self) {
  if (t->char_conv != CharConv::None) return char_array_get(t, src, n, self);
  FfiType *e = t->elem;
  size_t zn = t->null_term && n ? n - 1 : n;
  ffi_check_read(src, zn * e->size, self);
  val v = make_vec(zn, nullptr);
  for (size_t i = 0; i < zn; ++i) vec_of(v)->data[i] = ffi_get(e, src + i * e->size, self);
  return v;
}

static bool all_zero(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (p[i]) return false;
  return true;
}

// The elements of a zarray of unknown size, up to the all-zero one.
// With obj, elements that have an in operation are updated from obj's.
static val zarray_scan(FfiType *t, bool copy, const uint8_t *src, val obj, const char *self) {
  FfiType *e = t->elem;
  val out = make_vec(0, nullptr);
  intptr_t have = obj ? seq_length(obj, self) : 0;
  bool e_in = ffi_has_in_op(e);
  for (size_t i = 0;; ++i) {
    const uint8_t *p = src + i * e->size;
    ffi_check_read(p, e->size, self);
    if (all_zero(p, e->size)) break;
    if (e_in && intptr_t(i) < have)
      vec_push(out, ffi_in(e, copy, const_cast<uint8_t *>(p), seq_ref(obj, mkfix(intptr_t(i)), self), self));
    else
      vec_push(out, ffi_get(e, p, self));
  }
  if (!is(obj, T::Vec)) return out;
  vec_of(obj)->len = 0;
  for (size_t i = 0; i < vec_of(out)->len; ++i) vec_push(obj, vec_of(out)->data[i]);
  return obj;
}

static val array_in_n(FfiType *t, bool copy, uint8_t *src, val obj, size_t n, const char *self) {
  if (copy && t->char_conv != CharConv::None) return replace_text(obj, char_array_get(t, src, n, self));
  if (!copy && (!t->has_in || !obj)) return obj;
  FfiType *e = t->elem;
  size_t zn = n;
  if (t->null_term && n && (!obj || size_t(seq_length(obj, self)) < n)) zn = n - 1;
  ffi_check_read(src, zn * e->size, self);
  if (!obj) obj = make_vec(zn, nullptr);
  bool e_in = ffi_has_in_op(e);
  for (size_t i = 0; i < zn; ++i) {
    uint8_t *p = src + i * e->size;
    val idx = mkfix(intptr_t(i));
    if (e_in)
      seq_set(obj, idx, ffi_in(e, copy, p, seq_ref(obj, idx, self), self), self);
    else if (copy)
      seq_set(obj, idx, ffi_get(e, p, self), self);
  }
  return obj;
}

size_t ffi_varray_count(FfiType *t, val obj, const char *self) {
  size_t nt = t->null_term ? 1 : 0;
  if (!obj) return nt;
  if (stringp(obj) && (t->char_conv == CharConv::Char || t->char_conv == CharConv::ZChar))
    return ffi_text_bytes(obj, StrEnc::Utf8, self).size() + nt;
  if (!sequencep(obj)) errorf(s_error, "~a: ~s isn't convertible to a C array", self, obj);
  return size_t(seq_length(obj, self)) + nt;
}

void ffi_array_put(FfiType *t, val v, void *mem, const char *self) {
  size_t n = t->incomplete ? ffi_varray_count(t, v, self) : t->nelem;
  array_put_n(t, v, static_cast<uint8_t *>(mem), n, self);
}

val ffi_array_get(FfiType *t, void *mem, const char *self) {
  const uint8_t *src = static_cast<const uint8_t *>(mem);
  if (!t->incomplete) return array_get_n(t, src, t->nelem, self);
  if (!t->null_term) return nullptr;  // no size to go by
  if (t->char_conv != CharConv::None) return char_array_get(t, src, SIZE_MAX, self);
  return zarray_scan(t, true, src, nullptr, self);
}

val ffi_array_in(FfiType *t, bool copy, void *mem, val obj, const char *self) {
  uint8_t *src = static_cast<uint8_t *>(mem);
  if (!t->incomplete) return array_in_n(t, copy, src, obj, t->nelem, self);
  if (t->null_term) {
    if (t->char_conv != CharConv::None) return copy ? replace_text(obj, char_array_get(t, src, SIZE_MAX, self)) : obj;
    if (!copy) return obj;
    return zarray_scan(t, copy, src, obj, self);
  }
  if (!copy) return obj;
  return array_in_n(t, copy, src, obj, obj ? ffi_varray_count(t, obj, self) : 0, self);
}

void ffi_array_out(FfiType *t, bool copy, val obj, void *mem, const char *self) {
  uint8_t *dst = static_cast<uint8_t *>(mem);
  if (t->char_conv != CharConv::None && stringp(obj)) {
    char_array_put(t, obj, dst, t->nelem, self);
    return;
  }
  FfiType *e = t->elem;
  for (size_t i = 0; i < t->nelem; ++i) {
    uint8_t *p = dst + i * e->size;
    if (t->null_term && i == t->nelem - 1) {
      memset(p, 0, e->size);
      break;
    }
    val x = seq_ref(obj, mkfix(intptr_t(i)), self);
    if (e->has_out)
      ffi_out(e, copy, x, p, self);
    else if (copy)
      ffi_put(e, x, p, self);
  }
}

void ffi_array_release(FfiType *t, val obj, void *mem, const char *self) {
  if (!obj || t->char_conv != CharConv::None || !sequencep(obj)) return;
  FfiType *e = t->elem;
  size_t n = t->incomplete ? ffi_varray_count(t, obj, self) : t->nelem;
  size_t have = size_t(seq_length(obj, self));
  for (size_t i = 0; i < n && i < have; ++i)
    ffi_release(e, seq_ref(obj, mkfix(intptr_t(i)), self), static_cast<uint8_t *>(mem) + i * e->size, self);
}

// ---- structs --------------------------------------------------------------------------------

static StructType *lisp_type_of(FfiType *t, const char *self) {
  if (!t->lisp_type) errorf(s_error, "~a: ~s has no members to convert", self, t->syntax);
  return static_cast<StructType *>(t->lisp_type);
}

static val member_get(FfiMember &m, uint8_t *p, const char *self) {
  return m.type->bitfield ? ffi_bitfield_get(m.type, m.bit_shift, p) : ffi_get(m.type, p, self);
}

static void member_put(FfiMember &m, val x, uint8_t *p, const char *self) {
  if (m.type->bitfield)
    ffi_bitfield_put(m.type, m.bit_shift, x, p, self);
  else
    ffi_put(m.type, x, p, self);
}

static void set_vec_length(val v, size_t n) {
  Vec *vv = vec_of(v);
  if (n <= vv->len) {
    vv->len = n;
    return;
  }
  while (vv->len < n) vec_push(v, nullptr);
}

// Before the terminating array of a flexible struct is read, a length
// method of the Lisp struct says how many elements it has: the last slot
// becomes (or is cut to) a vector of that many elements.
static val flex_prepare(FfiType *t, val obj, const char *self) {
  FfiMember &last = t->members[t->nmembers - 1];
  val meth = last.type->kind == FK::Array ? struct_method(struct_checked(obj, self), s_length) : nullptr;
  if (meth) {
    val len = funcall1(meth, obj);
    intptr_t n = c_fixnum(len, self);
    if (n < 0) range_err(self, "negative length from the length method:", len);
    val cur = struct_slot(obj, last.name, self);
    if (is(cur, T::Vec))
      set_vec_length(cur, size_t(n));
    else
      struct_set_slot(obj, last.name, make_vec(size_t(n), nullptr), self);
  }
  return struct_slot(obj, last.name, self);
}

void ffi_struct_put(FfiType *t, val v, void *mem, const char *self) {
  uint8_t *base = static_cast<uint8_t *>(mem);
  for (size_t i = 0; i < t->nmembers; ++i) {
    FfiMember &m = t->members[i];
    if (m.name) member_put(m, struct_slot(v, m.name, self), base + m.offset, self);
  }
}

val ffi_struct_get(FfiType *t, void *mem, const char *self) {
  uint8_t *base = static_cast<uint8_t *>(mem);
  ffi_check_read(base, t->size, self);
  val obj = make_struct(lisp_type_of(t, self), nullptr, self);
  for (size_t i = 0; i < t->nmembers; ++i) {
    FfiMember &m = t->members[i];
    if (!m.name) continue;
    if (t->flexible && i == t->nmembers - 1)
      struct_set_slot(obj, m.name, ffi_in(m.type, true, base + m.offset, flex_prepare(t, obj, self), self), self);
    else
      struct_set_slot(obj, m.name, member_get(m, base + m.offset, self), self);
  }
  return obj;
}

val ffi_struct_in(FfiType *t, bool copy, void *mem, val obj, const char *self) {
  if (!copy && (!t->has_in || !obj)) return obj;
  uint8_t *base = static_cast<uint8_t *>(mem);
  if (!obj) obj = make_struct(lisp_type_of(t, self), nullptr, self);
  for (size_t i = 0; i < t->nmembers; ++i) {
    FfiMember &m = t->members[i];
    if (!m.name) continue;
    uint8_t *p = base + m.offset;
    if (t->flexible && copy && i == t->nmembers - 1) flex_prepare(t, obj, self);
    if (!m.type->bitfield && ffi_has_in_op(m.type))
      struct_set_slot(obj, m.name, ffi_in(m.type, copy, p, struct_slot(obj, m.name, self), self), self);
    else if (copy)
      struct_set_slot(obj, m.name, member_get(m, p, self), self);
  }
  return obj;
}

void ffi_struct_out(FfiType *t, bool copy, val obj, void *mem, const char *self) {
  uint8_t *base = static_cast<uint8_t *>(mem);
  for (size_t i = 0; i < t->nmembers; ++i) {
    FfiMember &m = t->members[i];
    if (!m.name) continue;
    if (m.type->has_out)
      ffi_out(m.type, copy, struct_slot(obj, m.name, self), base + m.offset, self);
    else if (copy)
      member_put(m, struct_slot(obj, m.name, self), base + m.offset, self);
  }
}

void ffi_struct_release(FfiType *t, val obj, void *mem, const char *self) {
  if (!is(obj, T::Struct)) return;
  uint8_t *base = static_cast<uint8_t *>(mem);
  for (size_t i = 0; i < t->nmembers; ++i) {
    FfiMember &m = t->members[i];
    if (m.name && !m.type->bitfield)
      if (memq_list(m.name, struct_checked(obj, self)->stype->slots))
        ffi_release(m.type, struct_slot(obj, m.name, self), base + m.offset, self);
  }
}

size_t ffi_flex_dynsize(FfiType *t, val obj, const char *self) {
  FfiMember &last = t->members[t->nmembers - 1];
  return last.offset + ffi_dynsize(last.type, struct_slot(obj, last.name, self), self);
}

// ---- unions ------------------------------------------------------------------------------------

void ffi_union_put(FfiType *t, val v, void *mem, const char *self) {
  UnionObj *u = union_checked(v, self);
  memcpy(mem, u->data, std::min(t->size, u->utype->size));
}

val ffi_union_get(FfiType *t, void *mem) { return make_union_obj(t, mem); }

val ffi_union_in(FfiType *t, bool copy, void *mem, val obj, const char *self) {
  if (!copy) return obj;
  if (!obj) return make_union_obj(t, mem);
  UnionObj *u = union_checked(obj, self);
  memcpy(u->data, mem, std::min(t->size, u->utype->size));
  return obj;
}

void init_ffi_aggregate() { s_length = intern("length"); }

}  // namespace tine
