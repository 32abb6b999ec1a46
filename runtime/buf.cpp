// Bufs: mutable byte vectors, and their integer conversions.
#include <cstring>

#include "lisp.hpp"
#include "number.hpp"

namespace tine {

val make_buf(size_t n, uint8_t fill) {
  Buf *b = gc_obj<Buf>(T::Buf);
  b->len = b->cap = n;
  b->data = static_cast<uint8_t *>(gc_atomic(n));
  memset(b->data, fill, n);
  return b;
}

val buf_from(const void *p, size_t n) {
  val b = make_buf(n, 0);
  if (n) memcpy(buf_of(b)->data, p, n);
  return b;
}

void buf_reserve(val bv, size_t n) {
  Buf *b = buf_of(bv);
  if (n <= b->cap) return;
  size_t cap = n < b->cap * 2 ? b->cap * 2 : n;
  uint8_t *d = static_cast<uint8_t *>(gc_atomic(cap));
  if (b->len) memcpy(d, b->data, b->len);
  b->data = d;
  b->cap = cap;
}

static val buf_checked(val b, const char *self) {
  if (!is(b, T::Buf)) type_err(self, b, "a buf");
  return b;
}

static size_t size_arg(val v, const char *self) {
  if (!integerp(v)) type_err(self, v, "an integer");
  if (num_cmp(v, mkfix(0), self) < 0) range_err(self, "negative size", v);
  if (!is_fixnum(v)) range_err(self, "size too large:", v);
  return size_t(fixval(v));
}

static val bi_make_buf(const Args &a) {
  size_t n = size_arg(a[0], a.name());
  intptr_t fill = missing(a[1]) || !a[1] ? 0 : c_fixnum(a[1], a.name());
  if (fill < 0 || fill > 255) range_err(a.name(), "initial value out of byte range:", a[1]);
  val b = make_buf(n, uint8_t(fill));
  if (!missing(a[2]) && a[2]) buf_reserve(b, size_arg(a[2], a.name()));
  return b;
}

static val bi_bufp(const Args &a) { return boolv(is(a[0], T::Buf)); }
static val bi_length_buf(const Args &a) { return mkfix(intptr_t(buf_of(buf_checked(a[0], a.name()))->len)); }
static val bi_copy_buf(const Args &a) {
  Buf *b = buf_of(buf_checked(a[0], a.name()));
  return buf_from(b->data, b->len);
}

static val bi_buf_set_length(const Args &a) {
  val b = buf_checked(a[0], a.name());
  size_t n = size_arg(a[1], a.name());
  intptr_t fill = missing(a[2]) ? 0 : c_fixnum(a[2], a.name());
  size_t old = buf_of(b)->len;
  buf_reserve(b, n);
  if (n > old) memset(buf_of(b)->data + old, int(fill), n - old);
  buf_of(b)->len = n;
  return a[1];
}

// Big-endian unsigned value of the bytes.
static val bi_uint_of_buf(const Args &a) {
  Buf *b = buf_of(buf_checked(a[0], a.name()));
  Big *r = new_big();
  if (b->len) mpz_import(r->z, b->len, 1, 1, 1, 0, b->data);
  return big_normalize(r);
}

// Big-endian two's complement value of the bytes.
static val bi_int_of_buf(const Args &a) {
  Buf *b = buf_of(buf_checked(a[0], a.name()));
  Big *r = new_big();
  if (b->len == 0) return mkfix(0);
  mpz_import(r->z, b->len, 1, 1, 1, 0, b->data);
  if (b->data[0] & 0x80) {
    MpzTemp m;
    mpz_ui_pow_ui(m.z, 2, 8 * b->len);
    mpz_sub(r->z, r->z, m.z);
  }
  return big_normalize(r);
}

// Minimal big-endian bytes of a non-negative integer.
static val bi_buf_of_uint(const Args &a) {
  MpzTemp z;
  to_mpz(a[0], z.z, a.name());
  if (mpz_sgn(z.z) < 0) range_err(a.name(), "negative value", a[0]);
  if (mpz_sgn(z.z) == 0) return make_buf(1, 0);
  size_t n = (mpz_sizeinbase(z.z, 2) + 7) / 8;
  val b = make_buf(n, 0);
  mpz_export(buf_of(b)->data, nullptr, 1, 1, 1, 0, z.z);
  return b;
}

// Minimal big-endian two's complement bytes of an integer: the fewest n
// bytes with -2^(8n-1) <= value < 2^(8n-1).
static val bi_buf_of_int(const Args &a) {
  MpzTemp z, lim, neglim, u;
  to_mpz(a[0], z.z, a.name());
  size_t n = 1;
  for (;; ++n) {
    mpz_ui_pow_ui(lim.z, 2, 8 * n - 1);
    mpz_neg(neglim.z, lim.z);
    if (mpz_cmp(z.z, lim.z) < 0 && mpz_cmp(z.z, neglim.z) >= 0) break;
  }
  if (mpz_sgn(z.z) < 0) {
    mpz_ui_pow_ui(u.z, 2, 8 * n);
    mpz_add(u.z, u.z, z.z);
  } else {
    mpz_set(u.z, z.z);
  }
  val b = make_buf(n, 0);
  size_t count = (mpz_sizeinbase(u.z, 2) + 7) / 8;
  if (mpz_sgn(u.z) != 0) mpz_export(buf_of(b)->data + (n - count), nullptr, 1, 1, 1, 0, u.z);
  return b;
}

// (str-buf buf [null-term-p]): the buffer's UTF-8 as a string; null bytes
// become the pseudo-null U+DC00.  With null-term-p, one trailing null byte
// is left out.
static val bi_str_buf(const Args &a) {
  Buf *b = buf_of(buf_checked(a[0], a.name()));
  size_t n = b->len;
  if (!missing(a[1]) && a[1] && n > 0 && b->data[n - 1] == 0) --n;
  std::u32string s = utf8_decode(std::string_view(reinterpret_cast<char *>(b->data), n));
  for (char32_t &c : s)
    if (c == 0) c = 0xDC00;
  return mkstr(s);
}

// (buf-str str [null-term-p]): the string's UTF-8 bytes (U+DC00 encodes as a
// null byte), plus a terminating null byte when asked.
static val bi_buf_str(const Args &a) {
  std::u32string s = u32(str_checked(a[0], a.name()));
  for (char32_t &c : s)
    if (c == 0xDC00) c = 0;
  std::string bytes = utf8_encode(s);
  if (!missing(a[1]) && a[1]) bytes.push_back('\0');
  return buf_from(bytes.data(), bytes.size());
}

static const BuiltinDef buf_builtins[] = {
    {"make-buf", 1, 2, false, bi_make_buf},
    {"bufp", 1, 0, false, bi_bufp},
    {"length-buf", 1, 0, false, bi_length_buf},
    {"copy-buf", 1, 0, false, bi_copy_buf},
    {"buf-set-length", 2, 1, false, bi_buf_set_length},
    {"uint-buf", 1, 0, false, bi_uint_of_buf},
    {"int-buf", 1, 0, false, bi_int_of_buf},
    {"buf-uint", 1, 0, false, bi_buf_of_uint},
    {"buf-int", 1, 0, false, bi_buf_of_int},
    {"buf-str", 1, 1, false, bi_buf_str},
    {"str-buf", 1, 1, false, bi_str_buf},
};

void init_bufs() { register_builtins(buf_builtins); }

}  // namespace tine
