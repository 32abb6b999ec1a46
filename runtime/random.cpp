// Pseudorandom numbers: TXR's generator (WELL512a, Panneton and L'Ecuyer),
// seeded as TXR seeds it, so that a seed gives the numbers TXR gives.
#include <sys/time.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>

#include "lisp.hpp"
#include "number.hpp"
#include "printer.hpp"

namespace tine {

struct RandState : Obj {
  uint32_t st[16];
  uint32_t cur;  // the newest word is st[cur % 16]
};

// Seed words shorter than the state are padded from this fixed table (the
// values TXR pads with; random-state-get-vec shows them for seed 0).
static const uint32_t pad_words[16] = {
    740765398u, 1304255849u, 3309840409u, 338361566u,  4155223728u, 1162561521u, 4236628653u, 446542199u,
    639181595u, 1801947880u, 2890206840u, 2695457564u, 2292665861u, 3251351234u, 2171649709u, 704313206u,
};

static val random_state_sym, random_warmup_sym;

// One step of WELL512a: the next 32-bit output.
static uint32_t next32(RandState *r) {
  uint32_t *s = r->st;
  unsigned c = r->cur & 15;
  uint32_t a = s[c], b = s[(c + 9) & 15], d = s[(c + 13) & 15], e = s[(c + 15) & 15];
  uint32_t z1 = a ^ (a << 16) ^ d ^ (d << 15);
  uint32_t z2 = b ^ (b >> 11);
  uint32_t v1 = z1 ^ z2;
  s[c] = v1;
  uint32_t v0 = e ^ (e << 2) ^ z1 ^ (z1 << 18) ^ (z2 << 28) ^ (v1 ^ ((v1 << 5) & 0xDA442D24u));
  c = (c + 15) & 15;
  s[c] = v0;
  r->cur = c;
  return v0;
}

static RandState *new_state() {
  // No Lisp values inside: unscanned memory.
  RandState *r = static_cast<RandState *>(gc_atomic(sizeof(RandState)));
  r->type = T::RandState;
  r->cur = 0;
  return r;
}

// ---- seeding ---------------------------------------------------------------------------

// The magnitude of an integer, as 32-bit words from the least significant.
static int words_of_integer(val seed, uint32_t *w) {
  MpzTemp z;
  to_mpz(seed, z.z, "make-random-state");
  mpz_abs(z.z, z.z);
  int n = 0;
  while (n < 16 && mpz_sgn(z.z) != 0) {
    w[n++] = uint32_t(mpz_get_ui(z.z) & 0xFFFFFFFFu);
    mpz_fdiv_q_2exp(z.z, z.z, 32);
  }
  return n;
}

// A buf's bytes, four to a word, most significant first; words past the
// data are zero.
static int words_of_buf(val seed, uint32_t *w) {
  Buf *b = buf_of(seed);
  for (int i = 0; i < 16; ++i) {
    uint32_t x = 0;
    for (int j = 0; j < 4; ++j) {
      size_t k = size_t(i) * 4 + size_t(j);
      x = x << 8 | (k < b->len ? b->data[k] : 0);
    }
    w[i] = x;
  }
  return 16;
}

static int words_of_time(uint32_t *w) {
  struct timeval tv;
  gettimeofday(&tv, nullptr);
  w[0] = uint32_t(tv.tv_sec);
  w[1] = uint32_t(tv.tv_usec * 1000);
  w[2] = uint32_t(getpid());
  return 3;
}

static RandState *state_from_vec(val v, const char *self) {
  Vec *vec = vec_of(v);
  if (vec->len < 17) errorf(s_error, "~a: vector ~s too short", self, v);
  RandState *r = new_state();
  for (int i = 0; i < 16; ++i) {
    uint64_t x = c_uint64(vec->data[i], self);
    if (x > 0xFFFFFFFFu) range_err(self, "state word out of range:", vec->data[i]);
    r->st[i] = uint32_t(x);
  }
  uint64_t cur = c_uint64(vec->data[16], self);
  if (cur > 0xFFFFFFFFu) range_err(self, "state index out of range:", vec->data[16]);
  r->cur = uint32_t(cur);
  return r;
}

static intptr_t warmup_count(val warmup, const char *self) {
  val w = missing(warmup) || !warmup ? symbol_value(random_warmup_sym, self) : warmup;
  return c_fixnum(w, self);
}

// (make-random-state [seed [warmup]])
static val make_random_state(val seed, val warmup, const char *self) {
  if (missing(seed)) seed = nullptr;
  if (is(seed, T::RandState)) {
    RandState *r = new_state();
    memcpy(r->st, static_cast<RandState *>(seed)->st, sizeof r->st);
    r->cur = static_cast<RandState *>(seed)->cur;
    return r;
  }
  if (is(seed, T::Vec)) {
    if (!missing(warmup) && warmup) c_fixnum(warmup, self);
    return state_from_vec(seed, self);
  }
  uint32_t w[16];
  int n;
  if (integerp(seed))
    n = words_of_integer(seed, w);
  else if (is(seed, T::Buf))
    n = words_of_buf(seed, w);
  else if (!seed)
    n = words_of_time(w);
  else
    errorf(s_error, "~a: unable to seed random state with ~s", self, seed);
  // Trailing zero words count as unseeded, and take the padding.
  while (n > 0 && w[n - 1] == 0) --n;
  RandState *r = new_state();
  for (int i = 0; i < 16; ++i) r->st[i] = i < n ? w[i] : pad_words[i];
  for (intptr_t i = warmup_count(warmup, self); i > 0; --i) next32(r);
  return r;
}

static RandState *state_arg(val v, const char *self) {
  if (missing(v)) v = symbol_value(random_state_sym, self);
  if (!is(v, T::RandState)) type_err(self, v, "a random state");
  return static_cast<RandState *>(v);
}

// ---- drawing numbers ----------------------------------------------------------------

// A uniform integer in [0, m) for m > 0: as many 32-bit draws as m - 1 has
// bits, the first masked to the excess bits, assembled most significant
// first and redrawn while not below m.
static val random_below(RandState *r, val m, const char *self) {
  if (!integerp(m) || num_cmp(m, mkfix(0), self) <= 0) errorf(s_numeric_error, "~a: invalid modulus ~s", self, m);
  if (m == mkfix(1)) return mkfix(0);
  MpzTemp lim;
  to_mpz(m, lim.z, self);
  mpz_sub_ui(lim.z, lim.z, 1);
  size_t bits = mpz_sizeinbase(lim.z, 2);
  size_t words = (bits + 31) / 32;
  unsigned top = unsigned(bits % 32);
  uint32_t mask = top ? (uint32_t(1) << top) - 1 : 0xFFFFFFFFu;
  if (bits <= 62) {
    uint64_t limit = mpz_get_ui(lim.z);
    for (;;) {
      uint64_t out = 0;
      for (size_t i = 0; i < words; ++i) out = out << 32 | (next32(r) & (i ? 0xFFFFFFFFu : mask));
      if (out <= limit) return mkint(int64_t(out));
    }
  }
  Big *out = new_big();
  for (;;) {
    mpz_set_ui(out->z, 0);
    for (size_t i = 0; i < words; ++i) {
      mpz_mul_2exp(out->z, out->z, 32);
      mpz_add_ui(out->z, out->z, next32(r) & (i ? 0xFFFFFFFFu : mask));
    }
    if (mpz_cmp(out->z, lim.z) <= 0) return big_normalize(out);
  }
}

// 52 random mantissa bits (low word first) as the integer m of m/2^52.
static uint64_t mantissa52(RandState *r) {
  uint64_t lo = next32(r);
  uint64_t hi = next32(r) & 0xFFFFFu;
  return hi << 32 | lo;
}

static double random_unit(RandState *r) { return std::ldexp(double(mantissa52(r)), -52); }

// k/2^52 for k uniform in [0, 2^52], so that 1.0 can occur.  TXR draws
// differently; see doc/ref/random.txt.
static double random_unit_incl(RandState *r) {
  static val span;
  if (!span) span = mkint((int64_t(1) << 52) + 1);
  return std::ldexp(double(fixval(random_below(r, span, "random-float-incl"))), -52);
}

// ---- builtins ----------------------------------------------------------------------------

static val bi_make_random_state(const Args &a) { return make_random_state(a[0], a[1], a.name()); }
static val bi_random_state_p(const Args &a) { return boolv(is(a[0], T::RandState)); }

static val bi_random_state_get_vec(const Args &a) {
  RandState *r = state_arg(a[0], a.name());
  val v = make_vec(17, nullptr);
  for (int i = 0; i < 16; ++i) vec_of(v)->data[i] = mkuint(r->st[i]);
  vec_of(v)->data[16] = mkuint(r->cur);
  return v;
}

static val bi_random_fixnum(const Args &a) { return mkfix(next32(state_arg(a[0], a.name()))); }
static val bi_random(const Args &a) { return random_below(state_arg(a[0], a.name()), a[1], a.name()); }
static val bi_rand(const Args &a) { return random_below(state_arg(a[1], a.name()), a[0], a.name()); }
static val bi_random_float(const Args &a) { return mkfloat(random_unit(state_arg(a[0], a.name()))); }
static val bi_random_float_incl(const Args &a) { return mkfloat(random_unit_incl(state_arg(a[0], a.name()))); }

// Bytes of successive draws, least significant first.
static val bi_random_buf(const Args &a) {
  RandState *r = state_arg(a[1], a.name());
  int64_t n = c_int64(a[0], a.name());
  if (n < 0) range_err(a.name(), "negative size", a[0]);
  val b = make_buf(size_t(n), 0);
  uint8_t *p = buf_of(b)->data;
  for (int64_t i = 0; i < n; i += 4) {
    uint32_t x = next32(r);
    for (int64_t j = i; j < i + 4 && j < n; ++j, x >>= 8) p[j] = uint8_t(x);
  }
  return b;
}

// Reservoir sampling by Li's Algorithm L: after the first size elements,
// geometric skips choose which later elements replace a random slot.
static val bi_random_sample(const Args &a) {
  int64_t k = c_int64(a[0], a.name());
  if (k < 0) range_err(a.name(), "negative size", a[0]);
  RandState *r = state_arg(a[2], a.name());
  val out = make_vec(0, nullptr);
  SeqIter it(a[1], a.name());
  val x;
  for (int64_t i = 0; i < k && it.next(&x); ++i) vec_push(out, x);
  if (k == 0 || int64_t(vec_of(out)->len) < k) return out;
  double w = std::exp(std::log(random_unit(r)) / double(k));
  for (;;) {
    double skip = std::floor(std::log(random_unit(r)) / std::log1p(-w));
    bool more = true;
    for (double s = 0; more && s < skip; ++s) more = it.next(&x);
    if (!more || !it.next(&x)) break;
    vec_of(out)->data[fixval(random_below(r, mkint(k), a.name()))] = x;
    w *= std::exp(std::log(random_unit(r)) / double(k));
  }
  return out;
}

static void print_random_state(val obj, std::u32string &out, bool) {
  char text[64];
  snprintf(text, sizeof text, "#<random-state: %lx>", static_cast<unsigned long>(reinterpret_cast<uintptr_t>(obj)));
  for (const char *p = text; *p; ++p) out.push_back(char32_t(*p));
}

static const BuiltinDef random_builtins[] = {
    {"make-random-state", 0, 2, false, bi_make_random_state},
    {"random-state-p", 1, 0, false, bi_random_state_p},
    {"random-state-get-vec", 0, 1, false, bi_random_state_get_vec},
    {"random-fixnum", 0, 1, false, bi_random_fixnum},
    {"random", 2, 0, false, bi_random},
    {"rand", 1, 1, false, bi_rand},
    {"random-float", 0, 1, false, bi_random_float},
    {"random-float-incl", 0, 1, false, bi_random_float_incl},
    {"random-buf", 1, 1, false, bi_random_buf},
    {"random-sample", 2, 1, false, bi_random_sample},
};

void init_random() {
  register_builtins(random_builtins);
  defvar_builtin("*random-warmup*", mkfix(8));
  random_warmup_sym = intern("*random-warmup*");
  defvar_builtin("*random-state*", make_random_state(mkfix(42), mkfix(8), "make-random-state"));
  random_state_sym = intern("*random-state*");
  print_ops[int(T::RandState)] = print_random_state;
}

}  // namespace tine
