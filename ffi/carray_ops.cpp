// The functions of TXR's "Foreign Arrays": making carrays from sequences,
// bufs, cptrs and integers; converting them back; ownership (carray-dup,
// carray-own, carray-free); sub-ranges, replacement and type punning.
#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "ffi/carray.hpp"
#include "ffi/ffi_compile.hpp"
#include "runtime/number.hpp"
#include "runtime/seq.hpp"

namespace tine {

static FfiType *element_type(val v, const char *self) {
  FfiType *t = ffi_type_checked(v, self);
  if (t->incomplete || t->bitfield || t->size == 0)
    errorf(s_error, "~a: ~a ~s cannot be carray element", self, t->bitfield ? "bitfield" : "incomplete type",
           t->syntax);
  return t;
}

static size_t byte_size(CArray *c, const char *self) { return carray_known_length(c, self) * c->eltype->size; }

static uint8_t *alloc_elements(size_t n, FfiType *t, const char *self) {
  if (t->size && n > SIZE_MAX / 2 / t->size) errorf(s_error, "~a: carray size overflow", self);
  uint8_t *mem = static_cast<uint8_t *>(calloc(n ? n : 1, t->size));
  if (!mem) throw std::bad_alloc();
  return mem;
}

static size_t count_arg(val v, const char *self) {
  intptr_t n = c_fixnum(v, self);
  if (n < 0) errorf(s_error, "~a: negative carray size ~s", self, v);
  return size_t(n);
}

// ---- making carrays -------------------------------------------------------------------

// (carray-vec seq type [null-term-p]) and (carray-list ...): the elements
// converted in new owned storage, plus a zeroed terminator when asked.
static val carray_from_seq(const Args &a) {
  FfiType *t = element_type(a[1], a.name());
  size_t n = size_t(seq_length(a[0], a.name())) + (missing(a[2]) || !a[2] ? 0 : 1);
  uint8_t *mem = alloc_elements(n, t, a.name());
  val ca = make_owned_carray(t, mem, n);
  SeqIter it(a[0], a.name());
  size_t i = 0;
  for (val x; it.next(&x); ++i) ffi_put(t, x, mem + i * t->size, a.name());
  return ca;
}

static val bi_carray_blank(const Args &a) {
  FfiType *t = element_type(a[1], a.name());
  size_t n = count_arg(a[0], a.name());
  return make_owned_carray(t, alloc_elements(n, t, a.name()), n);
}

// (carray-buf buf type [offset]): a view of the buf's bytes from offset.
static val bi_carray_buf(const Args &a) {
  if (!is(a[0], T::Buf)) type_err(a.name(), a[0], "a buf");
  FfiType *t = element_type(a[1], a.name());
  Buf *b = buf_of(a[0]);
  intptr_t off = missing(a[2]) ? 0 : c_fixnum(a[2], a.name());
  if (off < 0) errorf(s_error, "~a: negative offset ~s not permitted", a.name(), a[2]);
  if (size_t(off) > b->len) errorf(s_error, "~a: offset ~s past end of buffer ~s", a.name(), a[2], a[0]);
  CArray *c = carray_of(make_carray(t, b->data + off, (b->len - size_t(off)) / t->size, Owner::Borrowed, a[0]));
  c->offset = size_t(off);
  return c;
}

static val bi_carray_buf_sync(const Args &a) {
  CArray *c = carray_checked(a[0], a.name());
  if (c->owner != Owner::Borrowed || !is(c->ref, T::Buf))
    errorf(s_error, "~a: ~s is not a view of a buf", a.name(), a[0]);
  Buf *b = buf_of(c->ref);
  if (c->offset > b->len) errorf(s_error, "~a: offset ~a past end of buffer ~s", a.name(), c->offset, c->ref);
  c->data = b->data + c->offset;
  c->nelem = (b->len - c->offset) / c->eltype->size;
  c->len_known = true;
  carray_refresh(c);
  return c->ref;
}

static val bi_carray_cptr(const Args &a) {
  void *p = cptr_checked(a[0], a.name())->ptr;
  FfiType *t = element_type(a[1], a.name());
  val ca = make_foreign_carray(t, p);
  if (!missing(a[2]) && a[2]) {
    CArray *c = carray_of(ca);
    c->nelem = count_arg(a[2], a.name());
    c->len_known = true;
    carray_refresh(c);
  }
  return ca;
}

static val bi_cptr_carray(const Args &a) {
  CArray *c = carray_checked(a[0], a.name());
  return make_cptr(carray_base(c, a.name()), missing(a[1]) ? nullptr : a[1]);
}

// ---- converting back -------------------------------------------------------------------

static val bi_buf_carray(const Args &a) {
  CArray *c = carray_checked(a[0], a.name());
  size_t n = byte_size(c, a.name());
  val b = make_buf(n, 0);
  carray_read(c, 0, buf_of(b)->data, n, a.name());
  return b;
}

// (vec-carray ca [null-term-p]) and (list-carray ...).
static size_t effective_length(const Args &a, CArray *c) {
  size_t n = carray_known_length(c, a.name());
  return !missing(a[1]) && a[1] && n ? n - 1 : n;
}

static val bi_vec_carray(const Args &a) {
  CArray *c = carray_checked(a[0], a.name());
  size_t n = effective_length(a, c);
  val v = make_vec(n, nullptr);
  for (size_t i = 0; i < n; ++i) vec_of(v)->data[i] = carray_ref(c, intptr_t(i), a.name());
  return v;
}

static val bi_list_carray(const Args &a) {
  CArray *c = carray_checked(a[0], a.name());
  val out = nullptr;
  for (size_t i = effective_length(a, c); i > 0; --i) out = cons(carray_ref(c, intptr_t(i - 1), a.name()), out);
  return out;
}

// The whole carray as an FFI array (or zarray): the element type's string
// conversion applies to char, bchar and wchar.
static FfiType *whole_array_type(CArray *c, bool null_term, const char *self) {
  FfiType *t = new_ffi_type(FK::Array, byte_size(c, self), c->eltype->align, nullptr);
  t->elem = c->eltype;
  t->nelem = c->nelem;
  t->null_term = null_term && c->nelem;
  CharConv cc = c->eltype->char_conv;
  t->char_conv = cc == CharConv::ZChar ? CharConv::None : cc;
  t->syntax = list({intern(null_term ? "zarray" : "array"), mkuint(c->nelem), c->eltype->syntax});
  return t;
}

static val carray_get_whole(const Args &a, bool null_term) {
  CArray *c = carray_checked(a[0], a.name());
  FfiType *t = whole_array_type(c, null_term, a.name());
  std::string bytes(t->size, '\0');
  carray_read(c, 0, bytes.data(), bytes.size(), a.name());
  FfiReadLimit limit(reinterpret_cast<const uint8_t *>(bytes.data()) + bytes.size());
  return ffi_get(t, bytes.data(), a.name());
}

// Converted completely before anything is stored.
static val carray_put_whole(const Args &a, bool null_term) {
  CArray *c = carray_checked(a[0], a.name());
  FfiType *t = whole_array_type(c, null_term, a.name());
  if (!(stringp(a[1]) && t->char_conv != CharConv::None) && size_t(seq_length(a[1], a.name())) > c->nelem)
    errorf(s_range_error, "~a: ~s has more elements than ~s", a.name(), a[1], a[0]);
  std::string bytes(t->size, '\0');
  carray_read(c, 0, bytes.data(), bytes.size(), a.name());
  ffi_put(t, a[1], bytes.data(), a.name());
  carray_write(c, 0, bytes.data(), bytes.size(), a.name());
  return a[0];
}

static val bi_carray_get(const Args &a) { return carray_get_whole(a, false); }
static val bi_carray_getz(const Args &a) { return carray_get_whole(a, true); }
static val bi_carray_put(const Args &a) { return carray_put_whole(a, false); }
static val bi_carray_putz(const Args &a) { return carray_put_whole(a, true); }

// ---- ownership ------------------------------------------------------------------------------

static val bi_carray_free(const Args &a) {
  CArray *c = carray_checked(a[0], a.name());
  if (carray_is_mapped(c)) errorf(s_error, "~a: ~s is a mapped carray: use munmap", a.name(), a[0]);
  if (c->owner != Owner::Malloced) errorf(s_error, "~a: cannot free unowned carray ~s", a.name(), a[0]);
  free(c->data);
  c->data = nullptr;
  c->nelem = 0;
  return nullptr;
}

static val bi_carray_dup(const Args &a) {
  CArray *c = carray_checked(a[0], a.name());
  if (c->owner == Owner::Malloced) return nullptr;
  if (carray_is_mapped(c)) errorf(s_error, "~a: ~s is a mapping", a.name(), a[0]);
  size_t n = byte_size(c, a.name());
  uint8_t *mem = alloc_elements(c->nelem, c->eltype, a.name());
  carray_read(c, 0, mem, n, a.name());
  carray_take_ownership(c, mem);
  return s_t;
}

static val bi_carray_own(const Args &a) {
  CArray *c = carray_checked(a[0], a.name());
  if (c->owner == Owner::Malloced) return nullptr;
  if (c->ref) errorf(s_error, "~a: cannot own buffer belonging to ~s", a.name(), c->ref);
  if (c->owner == Owner::Mapped) errorf(s_error, "~a: ~s is a mapping", a.name(), a[0]);
  carray_known_length(c, a.name());
  carray_take_ownership(c, c->data);
  return nullptr;
}

static val bi_copy_carray(const Args &a) {
  CArray *c = carray_checked(a[0], a.name());
  size_t n = byte_size(c, a.name());
  uint8_t *mem = alloc_elements(c->nelem, c->eltype, a.name());
  try {
    carray_read(c, 0, mem, n, a.name());
  } catch (...) {
    free(mem);
    throw;
  }
  return make_owned_carray(c->eltype, mem, c->nelem);
}

// ---- length, type, sub-ranges ------------------------------------------------------------

static val bi_carray_set_length(const Args &a) {
  CArray *c = carray_checked(a[0], a.name());
  if (c->owner == Owner::Malloced || c->owner == Owner::Mapped)
    errorf(s_error, "~a: can't set length of owned carray ~s", a.name(), a[0]);
  intptr_t n = c_fixnum(a[1], a.name());
  if (n < 0) errorf(s_error, "~a: can't set length of ~s to negative value", a.name(), a[0]);
  // Beyond TXR: a view of a buf may not reach past the buf's end.
  if (is(c->ref, T::Buf) && c->offset + size_t(n) * c->eltype->size > buf_of(c->ref)->len)
    errorf(s_range_error, "~a: ~a elements of ~s exceed the buf", a.name(), a[1], a[0]);
  c->nelem = size_t(n);
  c->len_known = true;
  carray_refresh(c);
  return nullptr;
}

static val bi_length_carray(const Args &a) {
  CArray *c = carray_checked(a[0], a.name());
  return c->len_known ? mkuint(c->nelem) : nullptr;
}

static val bi_carray_type(const Args &a) { return carray_checked(a[0], a.name())->eltype; }
static val bi_carrayp(const Args &a) { return boolv(is(a[0], T::CArray)); }

static val bi_carray_ref(const Args &a) {
  return carray_ref(carray_checked(a[0], a.name()), c_fixnum(a[1], a.name()), a.name());
}

static val bi_carray_refset(const Args &a) {
  carray_set(carray_checked(a[0], a.name()), c_fixnum(a[1], a.name()), a[2], a.name());
  return a[2];
}

static val bi_carray_sub(const Args &a) {
  carray_checked(a[0], a.name());
  return seq_sub(a[0], a[1], a[2], a.name());
}

void carray_replace(CArray *c, val items, size_t from, size_t to, const char *self) {
  FfiType *t = c->eltype;
  size_t len = carray_known_length(c, self);
  size_t es = t->size;
  size_t n = size_t(seq_length(items, self));
  // The affected tail [from, len) is rebuilt in scratch, then stored in one
  // write: the items, then the elements from to on, then zeros.
  std::string tail((len - from) * es, '\0');
  carray_read(c, from * es, tail.data(), tail.size(), self);
  std::string rebuilt(tail.size(), '\0');
  if (from + n < len) {
    size_t moved = std::min(len - to, len - (from + n));
    memcpy(rebuilt.data() + n * es, tail.data() + (to - from) * es, moved * es);
  }
  SeqIter it(items, self);
  val x;
  for (size_t i = from; i < len && i < from + n && it.next(&x); ++i)
    ffi_put(t, x, rebuilt.data() + (i - from) * es, self);
  carray_write(c, from * es, rebuilt.data(), rebuilt.size(), self);
}

// A bound of carray-replace: nil or missing is dflt, t the length, a
// negative value counts from the end.
static intptr_t replace_bound(val v, intptr_t len, intptr_t dflt, const char *self) {
  if (missing(v) || !v) return dflt;
  if (v == s_t) return len;
  intptr_t i = c_fixnum(v, self);
  if (i < 0) i += len;
  return std::clamp<intptr_t>(i, 0, len);
}

static val bi_carray_replace(const Args &a) {
  CArray *c = carray_checked(a[0], a.name());
  intptr_t len = intptr_t(carray_known_length(c, a.name()));
  if (!missing(a[2]) && a[2] && a[2] != s_t && !integerp(a[2])) {
    // from is a sequence of indices, paired with the items.
    if (!missing(a[3])) errorf(s_error, "~a: to-arg not applicable when from-arg is a list", a.name());
    SeqIter wi(a[2], a.name()), ii(a[1], a.name());
    for (val w, x; wi.next(&w) && ii.next(&x);) {
      if (c_fixnum(w, a.name()) >= len) break;
      carray_set(c, c_fixnum(w, a.name()), x, a.name());
    }
    return a[0];
  }
  intptr_t from = replace_bound(a[2], len, 0, a.name());
  bool from_negative = is_fixnum(a[2]) && fixval(a[2]) < 0;
  intptr_t to = (from_negative && is_fixnum(a[3]) && fixval(a[3]) == 0) ? len : replace_bound(a[3], len, len, a.name());
  if (to < from) to = from;
  carray_replace(c, a[1], size_t(from), size_t(to), a.name());
  return a[0];
}

// (set (carray-sub ca from to) items): carray-replace, yielding items.
static val bi_carray_sub_set(const Args &a) {
  val args[4] = {a[0], a[3], a[1], a[2]};
  Args ra{args, 4, a.self};
  bi_carray_replace(ra);
  return a[3];
}

// (carray-pun ca type [offset [size-limit]]): the same bytes seen as type.
static val bi_carray_pun(const Args &a) {
  CArray *c = carray_checked(a[0], a.name());
  FfiType *t = element_type(a[1], a.name());
  size_t size = byte_size(c, a.name());
  size_t off = missing(a[2]) ? 0 : size_t(c_uint64(a[2], a.name()));
  if (off > size) errorf(s_error, "~a: ~s: offset ~a is out of bounds", a.name(), a[0], mkuint(off));
  size_t lim = missing(a[3]) ? size - off : size_t(c_uint64(a[3], a.name()));
  if (off + lim < off)
    errorf(s_error, "~a: ~s: limit ~a from offset ~a wraps around", a.name(), a[0], mkuint(lim), mkuint(off));
  if (off + lim > size)
    errorf(s_error, "~a: ~s: limit ~a from offset ~a extends out of bounds", a.name(), a[0], mkuint(lim), mkuint(off));
  carray_base(c, a.name());
  return make_carray_view(c, t, off, lim / t->size);
}

// ---- integers -------------------------------------------------------------------------------------

// A carray over the big-endian bytes of an integer, padded at the front
// to whole elements with pad.
static val carray_of_bytes(const std::string &bytes, uint8_t pad, FfiType *t, const char *self) {
  size_t nelem = (bytes.size() + t->size - 1) / t->size;
  uint8_t *mem = alloc_elements(nelem, t, self);
  size_t total = nelem * t->size;
  memset(mem, pad, total - bytes.size());
  memcpy(mem + total - bytes.size(), bytes.data(), bytes.size());
  return make_owned_carray(t, mem, nelem);
}

static FfiType *elem_or_uchar(val v, const char *self) {
  return missing(v) ? ffi_typedef_lookup(intern("uchar")) : element_type(v, self);
}

static val bi_carray_uint(const Args &a) {
  FfiType *t = elem_or_uchar(a[1], a.name());
  if (!integerp(a[0]) && !is_chr(a[0])) type_err(a.name(), a[0], "an integer or character");
  MpzTemp z;
  to_mpz(is_chr(a[0]) ? mkfix(intptr_t(chrval(a[0]))) : a[0], z.z, a.name());
  if (mpz_sgn(z.z) < 0) errorf(s_error, "~a: negative number ~s passed; non-negative required", a.name(), a[0]);
  std::string bytes((mpz_sizeinbase(z.z, 2) + 7) / 8, '\0');
  if (mpz_sgn(z.z)) mpz_export(bytes.data(), nullptr, 1, 1, 1, 0, z.z);
  if (bytes.empty()) bytes.push_back('\0');
  return carray_of_bytes(bytes, 0, t, a.name());
}

static val bi_carray_int(const Args &a) {
  FfiType *t = elem_or_uchar(a[1], a.name());
  if (!integerp(a[0]) && !is_chr(a[0])) type_err(a.name(), a[0], "an integer or character");
  MpzTemp z, u;
  to_mpz(is_chr(a[0]) ? mkfix(intptr_t(chrval(a[0]))) : a[0], z.z, a.name());
  bool neg = mpz_sgn(z.z) < 0;
  // The width that holds the value in two's complement, sign bit included.
  if (neg)
    mpz_com(u.z, z.z);
  else
    mpz_set(u.z, z.z);
  size_t bits = (mpz_sgn(u.z) ? mpz_sizeinbase(u.z, 2) : 0) + 1;
  size_t nbytes = (bits + 7) / 8;
  if (neg) {
    mpz_ui_pow_ui(u.z, 2, 8 * nbytes);
    mpz_add(u.z, u.z, z.z);
  } else {
    mpz_set(u.z, z.z);
  }
  std::string bytes(nbytes, '\0');
  size_t count = mpz_sgn(u.z) ? (mpz_sizeinbase(u.z, 2) + 7) / 8 : 0;
  if (count) mpz_export(bytes.data() + (nbytes - count), nullptr, 1, 1, 1, 0, u.z);
  return carray_of_bytes(bytes, neg ? 0xff : 0, t, a.name());
}

static val integer_of_carray(const Args &a, bool sign) {
  CArray *c = carray_checked(a[0], a.name());
  size_t n = byte_size(c, a.name());
  std::string bytes(n, '\0');
  carray_read(c, 0, bytes.data(), n, a.name());
  Big *r = new_big();
  if (n) mpz_import(r->z, n, 1, 1, 1, 0, bytes.data());
  if (sign && n && (uint8_t(bytes[0]) & 0x80)) {
    MpzTemp m;
    mpz_ui_pow_ui(m.z, 2, 8 * n);
    mpz_sub(r->z, r->z, m.z);
  }
  return big_normalize(r);
}

static val bi_uint_carray(const Args &a) { return integer_of_carray(a, false); }
static val bi_int_carray(const Args &a) { return integer_of_carray(a, true); }

// ---- stream I/O through a buf ---------------------------------------------------------------

// (put-carray ca [pos [stream]]) and (fill-carray ...) use put-buf and
// fill-buf on a copy of the bytes; fill-carray stores what was read.
static val buf_io(const Args &a, const char *fn, bool store) {
  CArray *c = carray_checked(a[0], a.name());
  size_t n = byte_size(c, a.name());
  val b = make_buf(n, 0);
  carray_read(c, 0, buf_of(b)->data, n, a.name());
  val f = sym(intern(fn))->fun;
  if (!f) errorf(s_error, "~a: ~a is not available", a.name(), fn);
  val args[3] = {b, missing(a[1]) ? mkfix(0) : a[1], missing(a[2]) ? s_colon : a[2]};
  val r = funcall(f, args, 3);
  if (store) carray_write(c, 0, buf_of(b)->data, n, a.name());
  return r;
}

static val bi_put_carray(const Args &a) { return buf_io(a, "put-buf", false); }
static val bi_fill_carray(const Args &a) { return buf_io(a, "fill-buf", true); }

// Beyond TXR: the bytes of a carray in a new buf.
static val bi_carray_bytes(const Args &a) { return bi_buf_carray(a); }

static const BuiltinDef carray_builtins[] = {
    {"carray-ref", 2, 0, false, bi_carray_ref},
    {"carray-refset", 3, 0, false, bi_carray_refset},
    {"carray-sub", 1, 2, false, bi_carray_sub},
    {"carray-replace", 2, 2, false, bi_carray_replace},
    {"sys:carray-sub-set", 4, 0, false, bi_carray_sub_set},
    {"carray-vec", 2, 1, false, carray_from_seq},
    {"carray-list", 2, 1, false, carray_from_seq},
    {"carray-blank", 2, 0, false, bi_carray_blank},
    {"carray-buf", 2, 1, false, bi_carray_buf},
    {"carray-buf-sync", 1, 0, false, bi_carray_buf_sync},
    {"buf-carray", 1, 0, false, bi_buf_carray},
    {"carray-cptr", 2, 1, false, bi_carray_cptr},
    {"cptr-carray", 1, 1, false, bi_cptr_carray},
    {"vec-carray", 1, 1, false, bi_vec_carray},
    {"list-carray", 1, 1, false, bi_list_carray},
    {"carray-get", 1, 0, false, bi_carray_get},
    {"carray-getz", 1, 0, false, bi_carray_getz},
    {"carray-put", 2, 0, false, bi_carray_put},
    {"carray-putz", 2, 0, false, bi_carray_putz},
    {"carray-free", 1, 0, false, bi_carray_free},
    {"carray-dup", 1, 0, false, bi_carray_dup},
    {"carray-own", 1, 0, false, bi_carray_own},
    {"copy-carray", 1, 0, false, bi_copy_carray},
    {"carray-set-length", 2, 0, false, bi_carray_set_length},
    {"length-carray", 1, 0, false, bi_length_carray},
    {"carray-type", 1, 0, false, bi_carray_type},
    {"carrayp", 1, 0, false, bi_carrayp},
    {"carray-pun", 2, 2, false, bi_carray_pun},
    {"carray-uint", 1, 1, false, bi_carray_uint},
    {"carray-int", 1, 1, false, bi_carray_int},
    {"uint-carray", 1, 0, false, bi_uint_carray},
    {"int-carray", 1, 0, false, bi_int_carray},
    {"put-carray", 1, 2, false, bi_put_carray},
    {"fill-carray", 1, 2, false, bi_fill_carray},
    {"carray-bytes", 1, 0, false, bi_carray_bytes},
};

void init_carray_ops() { register_builtins(carray_builtins); }

}  // namespace tine
