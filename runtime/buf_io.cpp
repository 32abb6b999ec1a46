// The rest of TXR's buf API: the buf-put-* and buf-get-* families (machine
// types at a byte offset, host byte order), buf-put-buf, sub-buf,
// replace-buf, buf-list, allocation size, and buf I/O on streams (put-buf,
// fill-buf, fill-buf-adjust, get-line-as-buf).
#include <cfloat>
#include <cmath>
#include <cstring>

#include "lisp.hpp"
#include "seq.hpp"
#include "stream.hpp"

namespace tine {

static Buf *buf_arg(val b, const char *self) {
  if (!is(b, T::Buf)) type_err(self, b, "a buf");
  return buf_of(b);
}

static size_t pos_arg(val v, const char *self) {
  intptr_t n = c_fixnum(v, self);
  if (n < 0) errorf(s_error, "~a: negative position ~s", self, v);
  return size_t(n);
}

// The bytes [pos, pos+n) of b, which grows (zero-filled) to hold them.
static uint8_t *put_room(val b, size_t pos, size_t n) {
  Buf *p = buf_of(b);
  size_t end = pos + n;
  if (end > p->len) {
    buf_reserve(b, end);
    memset(p->data + p->len, 0, end - p->len);
    p->len = end;
  }
  return p->data + pos;
}

static const uint8_t *get_room(val b, val pos, size_t n, const char *self) {
  Buf *p = buf_arg(b, self);
  size_t at = pos_arg(pos, self);
  if (at > p->len || p->len - at < n)
    errorf(s_error, "~a: attempt to read past end of buffer ~s at position ~a", self, b, pos);
  return p->data + at;
}

// ---- integers -----------------------------------------------------------------------

struct IntKind {
  size_t size;
  bool sign;
};

// i8 u8 i16 u16 i32 u32 i64 u64 char uchar short ushort int uint long ulong
static constexpr IntKind int_kinds[] = {
    {1, true},
    {1, false},
    {2, true},
    {2, false},
    {4, true},
    {4, false},
    {8, true},
    {8, false},
    {1, true},
    {1, false},
    {sizeof(short), true},
    {sizeof(short), false},
    {sizeof(int), true},
    {sizeof(int), false},
    {sizeof(long), true},
    {sizeof(long), false},
};

// The value's bits, after checking that the kind can hold it.
static uint64_t int_bits(const IntKind &k, val v, const char *self) {
  if (is_chr(v)) v = mkfix(intptr_t(chrval(v)));
  if (!integerp(v)) errorf(s_type_error, "~a: ~s is not an integer", self, v);
  unsigned bits = unsigned(8 * k.size);
  bool ok;
  if (k.sign) {
    val lo = bits == 64 ? mkint(INT64_MIN) : mkint(-(int64_t(1) << (bits - 1)));
    val hi = bits == 64 ? mkint(INT64_MAX) : mkint((int64_t(1) << (bits - 1)) - 1);
    ok = num_cmp(v, lo, self) >= 0 && num_cmp(v, hi, self) <= 0;
  } else {
    val hi = bits == 64 ? mkuint(UINT64_MAX) : mkuint((uint64_t(1) << bits) - 1);
    ok = num_cmp(v, mkfix(0), self) >= 0 && num_cmp(v, hi, self) <= 0;
  }
  if (!ok) errorf(s_error, "~a: value ~s out of ~a ~a bit range", self, v, k.sign ? "signed" : "unsigned", int(bits));
  return k.sign ? uint64_t(c_int64(v, self)) : c_uint64(v, self);
}

static val put_int(const IntKind &k, const Args &a) {
  buf_arg(a[0], a.name());
  size_t pos = pos_arg(a[1], a.name());
  uint64_t bits = int_bits(k, a[2], a.name());
  uint8_t *p = put_room(a[0], pos, k.size);
  bool be = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
  for (size_t i = 0; i < k.size; ++i) p[i] = uint8_t(bits >> (8 * (be ? k.size - 1 - i : i)));
  return a[2];
}

static val get_int(const IntKind &k, const Args &a) {
  const uint8_t *p = get_room(a[0], a[1], k.size, a.name());
  bool be = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
  uint64_t raw = 0;
  for (size_t i = 0; i < k.size; ++i) raw |= uint64_t(p[i]) << (8 * (be ? k.size - 1 - i : i));
  if (!k.sign) return mkuint(raw);
  int shift = int(64 - 8 * k.size);
  return mkint(int64_t(raw << shift) >> shift);
}

template <size_t I>
static val bi_put_int(const Args &a) {
  return put_int(int_kinds[I], a);
}

template <size_t I>
static val bi_get_int(const Args &a) {
  return get_int(int_kinds[I], a);
}

// ---- floating point and pointers -------------------------------------------------------

static double float_value(val v, const char *self) {
  if (!floatp(v)) errorf(s_type_error, "~a: ~s is not a floating-point number", self, v);
  return c_double(v, self);
}

static val bi_buf_put_float(const Args &a) {
  buf_arg(a[0], a.name());
  size_t pos = pos_arg(a[1], a.name());
  double d = float_value(a[2], a.name());
  if (std::isfinite(d) && (std::fabs(d) > FLT_MAX || (d != 0.0 && std::fabs(d) < FLT_MIN)))
    errorf(s_error, "~a: ~s is out of float range", a.name(), a[2]);
  float f = float(d);
  memcpy(put_room(a[0], pos, sizeof f), &f, sizeof f);
  return a[2];
}

static val bi_buf_put_double(const Args &a) {
  buf_arg(a[0], a.name());
  size_t pos = pos_arg(a[1], a.name());
  double d = float_value(a[2], a.name());
  memcpy(put_room(a[0], pos, sizeof d), &d, sizeof d);
  return a[2];
}

static val bi_buf_get_float(const Args &a) {
  float f;
  memcpy(&f, get_room(a[0], a[1], sizeof f, a.name()), sizeof f);
  return mkfloat(f);
}

static val bi_buf_get_double(const Args &a) {
  double d;
  memcpy(&d, get_room(a[0], a[1], sizeof d, a.name()), sizeof d);
  return mkfloat(d);
}

static val bi_buf_put_cptr(const Args &a) {
  buf_arg(a[0], a.name());
  size_t pos = pos_arg(a[1], a.name());
  if (!is(a[2], T::CPtr)) type_err(a.name(), a[2], "a cptr");
  void *p = static_cast<CPtrObj *>(a[2])->ptr;
  memcpy(put_room(a[0], pos, sizeof p), &p, sizeof p);
  return a[2];
}

static val cptr_null_tagged(void *p) {
  CPtrObj *c = gc_obj<CPtrObj>(T::CPtr);
  c->ptr = p;
  c->tag = nullptr;
  return c;
}

static val bi_buf_get_cptr(const Args &a) {
  void *p;
  memcpy(&p, get_room(a[0], a[1], sizeof p, a.name()), sizeof p);
  return cptr_null_tagged(p);
}

// ---- whole bufs -----------------------------------------------------------------------------

// (buf-put-buf dst src pos): src's bytes into dst at pos.  TXR takes the
// arguments in this order (its manual has pos second); returns src.
static val bi_buf_put_buf(const Args &a) {
  buf_arg(a[0], a.name());
  Buf *src = buf_arg(a[1], a.name());
  size_t pos = pos_arg(a[2], a.name());
  std::string copy(reinterpret_cast<char *>(src->data), src->len);  // src may be dst
  memcpy(put_room(a[0], pos, copy.size()), copy.data(), copy.size());
  return a[1];
}

static val bi_buf_alloc_size(const Args &a) { return mkuint(buf_arg(a[0], a.name())->cap); }

static val bi_buf_trim(const Args &a) {
  Buf *b = buf_arg(a[0], a.name());
  size_t old = b->cap;
  if (b->cap > b->len) {
    uint8_t *d = static_cast<uint8_t *>(gc_atomic(b->len ? b->len : 1));
    memcpy(d, b->data, b->len);
    b->data = d;
    b->cap = b->len;
  }
  return mkuint(old);
}

static val bi_sub_buf(const Args &a) {
  buf_arg(a[0], a.name());
  return seq_sub(a[0], missing(a[1]) ? nullptr : a[1], missing(a[2]) ? nullptr : a[2], a.name());
}

static uint8_t byte_of(val x, const char *self) {
  if (is_chr(x)) x = mkfix(intptr_t(chrval(x)));
  if (!is_fixnum(x) || fixval(x) < 0 || fixval(x) > 255) errorf(s_error, "~a: ~s is not a byte value", self, x);
  return uint8_t(fixval(x));
}

static std::string bytes_of_seq(val seq, const char *self) {
  std::string out;
  if (is(seq, T::Buf)) return std::string(reinterpret_cast<char *>(buf_of(seq)->data), buf_of(seq)->len);
  SeqIter it(seq, self);
  for (val x; it.next(&x);) out.push_back(char(byte_of(x, self)));
  return out;
}

// (replace-buf buf items [from [to]]): as replace; the length may change.
static val bi_replace_buf(const Args &a) {
  Buf *b = buf_arg(a[0], a.name());
  intptr_t len = intptr_t(b->len);
  if (!missing(a[2]) && a[2] && a[2] != s_t && !integerp(a[2])) {
    // from is a sequence of positions for the items
    SeqIter wi(a[2], a.name()), ii(a[1], a.name());
    for (val w, x; wi.next(&w) && ii.next(&x);) {
      intptr_t i = c_fixnum(w, a.name());
      if (i < 0) i += len;
      if (i < 0 || i >= len) errorf(s_error, "~a: position ~s out of range", a.name(), w);
      b->data[i] = byte_of(x, a.name());
    }
    return a[0];
  }
  intptr_t from = slice_bound(missing(a[2]) ? nullptr : a[2], len, 0, a.name());
  intptr_t to = slice_bound(missing(a[3]) ? nullptr : a[3], len, len, a.name());
  if (to < from) to = from;
  std::string items = bytes_of_seq(a[1], a.name());
  std::string all(reinterpret_cast<char *>(b->data), b->len);
  all.replace(size_t(from), size_t(to - from), items);
  buf_reserve(a[0], all.size());
  memcpy(b->data, all.data(), all.size());
  b->len = all.size();
  return a[0];
}

// (set (sub-buf buf from to) items): replace-buf, yielding items.
static val bi_sub_buf_set(const Args &a) {
  val args[4] = {a[0], a[3], a[1], a[2]};
  Args ra{args, 4, a.self};
  bi_replace_buf(ra);
  return a[3];
}

static val bi_buf_list(const Args &a) {
  std::string bytes = bytes_of_seq(a[0], a.name());
  return buf_from(bytes.data(), bytes.size());
}

// ---- streams ---------------------------------------------------------------------------------

static val bi_put_buf(const Args &a) {
  Buf *b = buf_arg(a[0], a.name());
  size_t pos = missing(a[1]) ? 0 : pos_arg(a[1], a.name());
  Stream *s = stream_arg(a[2], current_output(), a.name());
  if (s->closed) errorf(s_file_error, "~a: stream is closed", a.name());
  if (pos < b->len) s->put_bytes(reinterpret_cast<char *>(b->data) + pos, b->len - pos);
  return mkuint(std::max(pos, b->len));
}

static size_t fill(Buf *b, size_t pos, Stream *s) {
  for (; pos < b->len; ++pos) {
    int c = s->get_byte();
    if (c < 0) break;
    b->data[pos] = uint8_t(c);
  }
  return pos;
}

static val bi_fill_buf(const Args &a) {
  Buf *b = buf_arg(a[0], a.name());
  size_t pos = missing(a[1]) ? 0 : pos_arg(a[1], a.name());
  return mkuint(fill(b, pos, stream_arg(a[2], current_input(), a.name())));
}

static val bi_fill_buf_adjust(const Args &a) {
  Buf *b = buf_arg(a[0], a.name());
  size_t pos = missing(a[1]) ? 0 : pos_arg(a[1], a.name());
  Stream *s = stream_arg(a[2], current_input(), a.name());
  if (b->cap > b->len) memset(b->data + b->len, 0, b->cap - b->len);
  b->len = b->cap;
  size_t end = fill(b, pos, s);
  b->len = end;
  return mkuint(end);
}

static val bi_get_line_as_buf(const Args &a) {
  Stream *s = stream_arg(a[0], current_input(), a.name());
  std::string line;
  int c;
  while ((c = s->get_byte()) >= 0 && c != '\n') line.push_back(char(c));
  if (c < 0 && line.empty()) return nullptr;
  return buf_from(line.data(), line.size());
}

#define INT_ROWS(name, i) \
  {"buf-put-" name, 3, 0, false, bi_put_int<i>}, { "buf-get-" name, 2, 0, false, bi_get_int<i> }

static const BuiltinDef buf_io_builtins[] = {
    INT_ROWS("i8", 0),
    INT_ROWS("u8", 1),
    INT_ROWS("i16", 2),
    INT_ROWS("u16", 3),
    INT_ROWS("i32", 4),
    INT_ROWS("u32", 5),
    INT_ROWS("i64", 6),
    INT_ROWS("u64", 7),
    INT_ROWS("char", 8),
    INT_ROWS("uchar", 9),
    INT_ROWS("short", 10),
    INT_ROWS("ushort", 11),
    INT_ROWS("int", 12),
    INT_ROWS("uint", 13),
    INT_ROWS("long", 14),
    INT_ROWS("ulong", 15),
    {"buf-put-float", 3, 0, false, bi_buf_put_float},
    {"buf-put-double", 3, 0, false, bi_buf_put_double},
    {"buf-put-cptr", 3, 0, false, bi_buf_put_cptr},
    {"buf-get-float", 2, 0, false, bi_buf_get_float},
    {"buf-get-double", 2, 0, false, bi_buf_get_double},
    {"buf-get-cptr", 2, 0, false, bi_buf_get_cptr},
    {"buf-put-buf", 3, 0, false, bi_buf_put_buf},
    {"buf-alloc-size", 1, 0, false, bi_buf_alloc_size},
    {"buf-trim", 1, 0, false, bi_buf_trim},
    {"sub-buf", 1, 2, false, bi_sub_buf},
    {"replace-buf", 2, 2, false, bi_replace_buf},
    {"sys:sub-buf-set", 4, 0, false, bi_sub_buf_set},
    {"buf-list", 1, 0, false, bi_buf_list},
    {"put-buf", 1, 2, false, bi_put_buf},
    {"fill-buf", 1, 2, false, bi_fill_buf},
    {"fill-buf-adjust", 1, 2, false, bi_fill_buf_adjust},
    {"get-line-as-buf", 0, 1, false, bi_get_line_as_buf},
};

void init_buf_io() { register_builtins(buf_io_builtins); }

}  // namespace tine
