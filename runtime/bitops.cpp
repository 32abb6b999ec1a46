// Bit operations on integers of any size, as infinite two's complement
// (GMP's mpz bit functions already work that way).
#include <gmp.h>

#include "lisp.hpp"
#include "number.hpp"
#include "udarith.hpp"

namespace tine {

// An integer argument; a character counts as its code where TXR allows it.
static void int_arg(val v, mpz_t out, bool allow_char, const char *self) {
  if (allow_char && is_chr(v)) {
    mpz_set_ui(out, chrval(v));
    return;
  }
  if (!integerp(v)) type_err(self, v, "an integer");
  to_mpz(v, out, self);
}

static val result(mpz_t z) {
  Big *b = new_big();
  mpz_swap(b->z, z);
  return big_normalize(b);
}

static uint64_t bit_count_arg(val v, const char *self) {
  if (!integerp(v)) type_err(self, v, "an integer");
  if (num_cmp(v, mkfix(0), self) < 0) range_err(self, "bit count must not be negative:", v);
  return c_uint64(v, self);
}

using MpzOp = void (*)(mpz_ptr, mpz_srcptr, mpz_srcptr);

// One step of logand/logior/logxor: a character beside a fixnum gives a
// character.
static val bit_op2(val x, val y, MpzOp op, intptr_t (*fop)(intptr_t, intptr_t), const char *self) {
  if (ud_p(x) || ud_p(y)) return ud_binary(x, y, self, self, self);
  if (is_fixnum(x) && is_fixnum(y)) return mkfix(fop(fixval(x), fixval(y)));
  if (is_chr(x) && is_fixnum(y)) return mkchr(char32_t(fop(intptr_t(chrval(x)), fixval(y))));
  if (is_fixnum(x) && is_chr(y)) return mkchr(char32_t(fop(fixval(x), intptr_t(chrval(y)))));
  MpzTemp a, b;
  int_arg(x, a.z, false, self);
  int_arg(y, b.z, false, self);
  mpz_t r;
  mpz_init(r);
  op(r, a.z, b.z);
  val out = result(r);
  mpz_clear(r);
  return out;
}

static val bit_fold(const Args &a, intptr_t init, MpzOp op, intptr_t (*fop)(intptr_t, intptr_t)) {
  if (a.n == 0) return mkfix(init);
  val acc = a[0];
  if (a.n == 1 && !integerp(acc) && !ud_p(acc)) type_err(a.name(), acc, "an integer");
  for (int i = 1; i < a.n; ++i) acc = bit_op2(acc, a[i], op, fop, a.name());
  return acc;
}

static val bi_logand(const Args &a) {
  return bit_fold(a, -1, mpz_and, [](intptr_t x, intptr_t y) { return x & y; });
}
static val bi_logior(const Args &a) {
  return bit_fold(a, 0, mpz_ior, [](intptr_t x, intptr_t y) { return x | y; });
}
static val bi_logxor(const Args &a) {
  return bit_op2(
      a[0], a[1], mpz_xor, [](intptr_t x, intptr_t y) { return x ^ y; }, a.name());
}

static val bi_logtest(const Args &a) {
  val r = bit_op2(
      a[0], a[1], mpz_and, [](intptr_t x, intptr_t y) { return x & y; }, a.name());
  return boolv(is_chr(r) ? chrval(r) != 0 : !num_zerop(r));
}

// The low bits of an integer (of its two's complement when negative).
static val truncate_bits(mpz_t z, uint64_t bits) {
  if (mpz_sgn(z) < 0) check_result_bits(bits, "logtrunc");  // two's complement: all bits set
  mpz_fdiv_r_2exp(z, z, mp_bitcnt_t(bits));
  return result(z);
}

static val bi_lognot(const Args &a) {
  if (missing(a[1])) {
    if (ud_p(a[0])) return ud_unary(a[0], "lognot1", a.name());
    if (is_fixnum(a[0])) return mkfix(~fixval(a[0]));
  } else if (ud_p(a[0]) || ud_p(a[1])) {
    return ud_binary(a[0], a[1], "lognot", "r-lognot", a.name());
  }
  MpzTemp x;
  int_arg(a[0], x.z, false, a.name());
  mpz_com(x.z, x.z);
  if (missing(a[1])) return result(x.z);
  return truncate_bits(x.z, bit_count_arg(a[1], a.name()));
}

static val bi_logtrunc(const Args &a) {
  if (ud_p(a[0]) || ud_p(a[1])) return ud_binary(a[0], a[1], "logtrunc", "r-logtrunc", a.name());
  MpzTemp x;
  int_arg(a[0], x.z, false, a.name());
  return truncate_bits(x.z, bit_count_arg(a[1], a.name()));
}

static val bi_sign_extend(const Args &a) {
  if (ud_p(a[0])) return ud_call(a[0], "sign-extend", &a.v[1], 1, a.name());
  MpzTemp x;
  int_arg(a[0], x.z, false, a.name());
  uint64_t bits = bit_count_arg(a[1], a.name());
  if (bits == 0) return mkfix(0);
  if (mpz_sgn(x.z) < 0) check_result_bits(bits, a.name());
  mpz_fdiv_r_2exp(x.z, x.z, mp_bitcnt_t(bits));
  if (mpz_tstbit(x.z, mp_bitcnt_t(bits - 1))) {
    MpzTemp top;
    mpz_setbit(top.z, mp_bitcnt_t(bits));
    mpz_sub(x.z, x.z, top.z);
  }
  return result(x.z);
}

static val bi_ash(const Args &a) {
  if (ud_p(a[0])) return ud_call(a[0], "ash", &a.v[1], 1, a.name());
  int64_t sh = c_int64(a[1], a.name());
  if (is_fixnum(a[0]) && sh >= 0 && sh < 62) {
    intptr_t v = fixval(a[0]);
    if (v == 0) return a[0];
    if ((v > 0 ? v : -v) < (intptr_t(1) << (61 - sh))) return mkfix(v << sh);
  }
  if (is_fixnum(a[0]) && sh < 0) return mkfix(sh <= -62 ? (fixval(a[0]) < 0 ? -1 : 0) : fixval(a[0]) >> -sh);
  MpzTemp x;
  int_arg(a[0], x.z, false, a.name());
  if (sh >= 0 && mpz_sgn(x.z) != 0) check_result_bits(mpz_bits(x.z) + uint64_t(sh), a.name());
  if (sh >= 0)
    mpz_mul_2exp(x.z, x.z, mp_bitcnt_t(sh));
  else
    mpz_fdiv_q_2exp(x.z, x.z, mp_bitcnt_t(-sh));
  return result(x.z);
}

static val bi_bit(const Args &a) {
  if (ud_p(a[0])) return ud_call(a[0], "bit", &a.v[1], 1, a.name());
  MpzTemp x;
  int_arg(a[0], x.z, true, a.name());
  return boolv(mpz_tstbit(x.z, mp_bitcnt_t(bit_count_arg(a[1], a.name()))));
}

static val bi_mask(const Args &a) {
  MpzTemp m;
  for (int i = 0; i < a.n; ++i) {
    if (!integerp(a[i])) type_err(a.name(), a[i], "an integer");
    if (num_cmp(a[i], mkfix(0), a.name()) < 0) continue;
    uint64_t bit = c_uint64(a[i], a.name());
    check_result_bits(bit + 1, a.name());
    mpz_setbit(m.z, mp_bitcnt_t(bit));
  }
  return result(m.z);
}

// Positions of the 1 bits (of the 0 bits of a negative number), lowest first.
static val bi_bitset(const Args &a) {
  if (ud_p(a[0])) return ud_unary(a[0], "bitset", a.name());
  MpzTemp x;
  int_arg(a[0], x.z, true, a.name());
  if (mpz_sgn(x.z) < 0) mpz_com(x.z, x.z);
  val out = nullptr;
  for (mp_bitcnt_t i = mpz_scan1(x.z, 0); i != ~mp_bitcnt_t(0); i = mpz_scan1(x.z, i + 1))
    out = cons(mkint(int64_t(i)), out);
  return nreverse(out);
}

// Bits of the two's complement mantissa: 0 for 0 and -1.
static val bi_width(const Args &a) {
  if (ud_p(a[0])) return ud_unary(a[0], "width", a.name());
  MpzTemp x;
  int_arg(a[0], x.z, true, a.name());
  if (mpz_sgn(x.z) < 0) mpz_com(x.z, x.z);
  return mkint(mpz_sgn(x.z) == 0 ? 0 : int64_t(mpz_sizeinbase(x.z, 2)));
}

static val bi_logcount(const Args &a) {
  if (ud_p(a[0])) return ud_unary(a[0], "logcount", a.name());
  MpzTemp x;
  int_arg(a[0], x.z, true, a.name());
  if (mpz_sgn(x.z) < 0) mpz_com(x.z, x.z);
  return mkint(int64_t(mpz_popcount(x.z)));
}

static const BuiltinDef bitops_builtins[] = {
    {"logand", 0, 0, true, bi_logand},
    {"logior", 0, 0, true, bi_logior},
    {"logxor", 2, 0, false, bi_logxor},
    {"logtest", 2, 0, false, bi_logtest},
    {"lognot", 1, 1, false, bi_lognot},
    {"logtrunc", 2, 0, false, bi_logtrunc},
    {"sign-extend", 2, 0, false, bi_sign_extend},
    {"ash", 2, 0, false, bi_ash},
    {"bit", 2, 0, false, bi_bit},
    {"mask", 0, 0, true, bi_mask},
    {"bitset", 1, 0, false, bi_bitset},
    {"width", 1, 0, false, bi_width},
    {"logcount", 1, 0, false, bi_logcount},
};

void init_bitops() { register_builtins(bitops_builtins); }

}  // namespace tine
