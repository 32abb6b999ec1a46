// Arithmetic builtins: + - * /, comparison, division, bit operations,
// expt/sqrt, predicates, conversions and random numbers.
#include <gmp.h>

#include <cmath>

#include "lisp.hpp"
#include "number.hpp"

namespace tine {

static val bi_add(const Args &a) {
  if (a.n == 1 && is_chr(a[0])) return a[0];
  val acc = mkfix(0);
  for (int i = 0; i < a.n; ++i) acc = num_add(acc, a[i]);
  return acc;
}

static val bi_sub(const Args &a) {
  if (a.n == 1) return num_neg(a[0]);
  val acc = a[0];
  for (int i = 1; i < a.n; ++i) acc = num_sub(acc, a[i]);
  return acc;
}

static val bi_mul(const Args &a) {
  val acc = mkfix(1);
  for (int i = 0; i < a.n; ++i) acc = num_mul(acc, a[i]);
  return acc;
}

[[noreturn]] static void div_zero(const char *self) { errorf(s_numeric_error, "~a: division by zero", self); }

static val fdiv(val x, val y) {
  double d = c_double(y, "/");
  if (d == 0.0) div_zero("/");
  return mkfloat(c_double(x, "/") / d);
}

static val bi_div(const Args &a) {
  if (a.n == 1) return fdiv(mkfix(1), a[0]);
  val acc = a[0];
  for (int i = 1; i < a.n; ++i) acc = fdiv(acc, a[i]);
  return acc;
}

static val compare_chain(const Args &a, const char *self, bool (*ok)(int)) {
  for (int i = 0; i + 1 < a.n; ++i)
    if (!ok(num_cmp(a[i], a[i + 1], self))) {
      for (int j = i + 2; j < a.n; ++j) num_cmp(a[j - 1], a[j], self);  // type-check the rest
      return nullptr;
    }
  if (a.n == 1) num_cmp(a[0], a[0], self);
  return s_t;
}

static val bi_numeq(const Args &a) {
  return compare_chain(a, a.name(), [](int c) { return c == 0; });
}
static val bi_lt(const Args &a) {
  return compare_chain(a, a.name(), [](int c) { return c < 0; });
}
static val bi_gt(const Args &a) {
  return compare_chain(a, a.name(), [](int c) { return c > 0; });
}
static val bi_le(const Args &a) {
  return compare_chain(a, a.name(), [](int c) { return c <= 0; });
}
static val bi_ge(const Args &a) {
  return compare_chain(a, a.name(), [](int c) { return c >= 0; });
}

static val bi_numne(const Args &a) {
  for (int i = 0; i < a.n; ++i)
    for (int j = i + 1; j < a.n; ++j)
      if (num_cmp(a[i], a[j], a.name()) == 0) return nullptr;
  return s_t;
}

static val bi_abs(const Args &a) {
  if (num_cmp(a[0], mkfix(0), a.name()) < 0) return num_neg(a[0]);
  return a[0];
}

static val bi_min(const Args &a) {
  val m = a[0];
  for (int i = 1; i < a.n; ++i)
    if (num_cmp(a[i], m, a.name()) < 0) m = a[i];
  return m;
}

static val bi_max(const Args &a) {
  val m = a[0];
  for (int i = 1; i < a.n; ++i)
    if (num_cmp(a[i], m, a.name()) > 0) m = a[i];
  return m;
}

enum class Rounding { Trunc, Floor, Ceil, Round };

static double round_double(double x, Rounding r) {
  switch (r) {
    case Rounding::Trunc: return std::trunc(x);
    case Rounding::Floor: return std::floor(x);
    case Rounding::Ceil: return std::ceil(x);
    case Rounding::Round: return std::round(x);
  }
  return x;
}

static val float_to_int(double d, const char *self) {
  if (!std::isfinite(d)) errorf(s_numeric_error, "~a: ~s cannot be converted to an integer", self, mkfloat(d));
  Big *b = new_big();
  mpz_set_d(b->z, d);
  return big_normalize(b);
}

// Integer quotient of x/y under a rounding rule.
static val int_quotient(val x, val y, Rounding r, const char *self) {
  if (is_fixnum(y) && fixval(y) == 0) div_zero(self);
  MpzTemp a, b;
  to_mpz(x, a.z, self);
  to_mpz(y, b.z, self);
  Big *q = new_big();
  switch (r) {
    case Rounding::Trunc: mpz_tdiv_q(q->z, a.z, b.z); break;
    case Rounding::Floor: mpz_fdiv_q(q->z, a.z, b.z); break;
    case Rounding::Ceil: mpz_cdiv_q(q->z, a.z, b.z); break;
    case Rounding::Round: {
      // Nearest; halfway cases away from zero.
      MpzTemp rem, twice;
      mpz_tdiv_qr(q->z, rem.z, a.z, b.z);
      mpz_mul_2exp(twice.z, rem.z, 1);
      mpz_abs(twice.z, twice.z);
      MpzTemp babs;
      mpz_abs(babs.z, b.z);
      if (mpz_cmp(twice.z, babs.z) >= 0) {
        if ((mpz_sgn(a.z) < 0) != (mpz_sgn(b.z) < 0))
          mpz_sub_ui(q->z, q->z, 1);
        else
          mpz_add_ui(q->z, q->z, 1);
      }
      break;
    }
  }
  return big_normalize(q);
}

static val rounding_op(const Args &a, Rounding r, const char *self) {
  val x = a[0];
  if (missing(a[1])) {
    if (integerp(x)) return x;
    if (floatp(x)) return float_to_int(round_double(flo(x), r), self);
    type_err(self, x, "a number");
  }
  val y = a[1];
  if (integerp(x) && integerp(y)) return int_quotient(x, y, r, self);
  double d = c_double(y, self);
  if (d == 0.0) div_zero(self);
  return float_to_int(round_double(c_double(x, self) / d, r), self);
}

static val bi_trunc(const Args &a) { return rounding_op(a, Rounding::Trunc, a.name()); }
static val bi_floor(const Args &a) { return rounding_op(a, Rounding::Floor, a.name()); }
static val bi_ceil(const Args &a) { return rounding_op(a, Rounding::Ceil, a.name()); }
static val bi_round(const Args &a) { return rounding_op(a, Rounding::Round, a.name()); }

static val remainder_op(val x, val y, bool floored, const char *self) {
  if (is_fixnum(x) && is_fixnum(y)) {
    intptr_t b = fixval(y);
    if (b == 0) div_zero(self);
    intptr_t m = fixval(x) % b;
    if (floored && m != 0 && ((m < 0) != (b < 0))) m += b;
    return mkfix(m);
  }
  if (integerp(x) && integerp(y)) {
    MpzTemp p, q;
    to_mpz(x, p.z, self);
    to_mpz(y, q.z, self);
    if (mpz_sgn(q.z) == 0) div_zero(self);
    Big *r = new_big();
    if (floored)
      mpz_fdiv_r(r->z, p.z, q.z);
    else
      mpz_tdiv_r(r->z, p.z, q.z);
    return big_normalize(r);
  }
  double p = c_double(x, self), q = c_double(y, self);
  if (q == 0.0) div_zero(self);
  double m = std::fmod(p, q);
  if (floored && m != 0 && ((m < 0) != (q < 0))) m += q;
  return mkfloat(m);
}

static val bi_mod(const Args &a) { return remainder_op(a[0], a[1], true, a.name()); }
static val bi_rem(const Args &a) { return remainder_op(a[0], a[1], false, a.name()); }

static val expt2(val base, val ex) {
  const char *self = "expt";
  if (integerp(base) && integerp(ex)) {
    if (num_cmp(ex, mkfix(0), self) >= 0) {
      uint64_t e = c_uint64(ex, self);
      MpzTemp b;
      to_mpz(base, b.z, self);
      Big *r = new_big();
      mpz_pow_ui(r->z, b.z, e);
      return big_normalize(r);
    }
    if (num_zerop(base)) div_zero(self);
  }
  return mkfloat(std::pow(c_double(base, self), c_double(ex, self)));
}

static val bi_expt(const Args &a) {
  if (a.n == 0) return mkfix(1);
  val acc = a[0];
  if (!numberp(acc)) type_err(a.name(), acc, "a number");
  for (int i = 1; i < a.n; ++i) acc = expt2(acc, a[i]);
  return acc;
}

static val bi_sqrt(const Args &a) {
  double d = c_double(a[0], a.name());
  if (d < 0) errorf(s_numeric_error, "sqrt: ~s has no real square root", a[0]);
  return mkfloat(std::sqrt(d));
}

static val bi_isqrt(const Args &a) {
  MpzTemp x;
  to_mpz(a[0], x.z, a.name());
  if (mpz_sgn(x.z) < 0) errorf(s_numeric_error, "isqrt: ~s is negative", a[0]);
  Big *r = new_big();
  mpz_sqrt(r->z, x.z);
  return big_normalize(r);
}

static val math1(const Args &a, double (*fn)(double), const char *self) { return mkfloat(fn(c_double(a[0], self))); }
static val bi_exp(const Args &a) { return math1(a, std::exp, a.name()); }
static val bi_log(const Args &a) { return math1(a, std::log, a.name()); }
static val bi_sin(const Args &a) { return math1(a, std::sin, a.name()); }
static val bi_cos(const Args &a) { return math1(a, std::cos, a.name()); }
static val bi_tan(const Args &a) { return math1(a, std::tan, a.name()); }
static val bi_atan(const Args &a) { return math1(a, std::atan, a.name()); }

static val bi_ash(const Args &a) {
  int64_t sh = c_int64(a[1], a.name());
  if (is_fixnum(a[0]) && sh >= 0 && sh < 62) {
    intptr_t v = fixval(a[0]);
    if (v == 0) return a[0];
    if ((v > 0 ? v : -v) < (intptr_t(1) << (61 - sh))) return mkfix(v << sh);
  }
  MpzTemp x;
  to_mpz(a[0], x.z, a.name());
  Big *r = new_big();
  if (sh >= 0)
    mpz_mul_2exp(r->z, x.z, mp_bitcnt_t(sh));
  else
    mpz_fdiv_q_2exp(r->z, x.z, mp_bitcnt_t(-sh));
  return big_normalize(r);
}

static val bit_fold(const Args &a, intptr_t init, const char *self, void (*op)(mpz_ptr, mpz_srcptr, mpz_srcptr),
                    intptr_t (*fop)(intptr_t, intptr_t)) {
  val acc = mkfix(init);
  for (int i = 0; i < a.n; ++i) {
    if (is_fixnum(acc) && is_fixnum(a[i]))
      acc = mkfix(fop(fixval(acc), fixval(a[i])));
    else {
      MpzTemp x, y;
      to_mpz(acc, x.z, self);
      to_mpz(a[i], y.z, self);
      Big *r = new_big();
      op(r->z, x.z, y.z);
      acc = big_normalize(r);
    }
  }
  return acc;
}

static val bi_logior(const Args &a) {
  return bit_fold(a, 0, a.name(), mpz_ior, [](intptr_t x, intptr_t y) { return x | y; });
}
static val bi_logand(const Args &a) {
  return bit_fold(a, -1, a.name(), mpz_and, [](intptr_t x, intptr_t y) { return x & y; });
}
static val bi_logxor(const Args &a) {
  return bit_fold(a, 0, a.name(), mpz_xor, [](intptr_t x, intptr_t y) { return x ^ y; });
}

static val bi_lognot(const Args &a) {
  if (is_fixnum(a[0])) return mkfix(~fixval(a[0]));
  MpzTemp x;
  to_mpz(a[0], x.z, a.name());
  Big *r = new_big();
  mpz_com(r->z, x.z);
  return big_normalize(r);
}

static val bi_logtest(const Args &a) {
  Args both{a.v, 2};
  return boolv(!num_zerop(bi_logand(both)));
}

static bool int_odd(val v, const char *self) {
  if (is_fixnum(v)) return fixval(v) & 1;
  if (is(v, T::Big)) return mpz_odd_p(big(v)->z);
  type_err(self, v, "an integer");
}

static val bi_oddp(const Args &a) { return boolv(int_odd(a[0], a.name())); }
static val bi_evenp(const Args &a) { return boolv(!int_odd(a[0], a.name())); }
static val bi_zerop(const Args &a) { return boolv(num_zerop(a[0])); }
static val bi_plusp(const Args &a) { return boolv(num_cmp(a[0], mkfix(0), a.name()) > 0); }
static val bi_minusp(const Args &a) { return boolv(num_cmp(a[0], mkfix(0), a.name()) < 0); }
static val bi_succ(const Args &a) { return num_add(a[0], mkfix(1)); }
static val bi_pred(const Args &a) { return num_sub(a[0], mkfix(1)); }
static val bi_numberp(const Args &a) { return boolv(numberp(a[0])); }
static val bi_integerp(const Args &a) { return boolv(integerp(a[0])); }
static val bi_fixnump(const Args &a) { return boolv(is_fixnum(a[0])); }
static val bi_bignump(const Args &a) { return boolv(is(a[0], T::Big)); }
static val bi_floatp(const Args &a) { return boolv(floatp(a[0])); }

static val bi_signum(const Args &a) { return mkfix(num_cmp(a[0], mkfix(0), a.name())); }

static val bi_gcd(const Args &a) {
  val acc = mkfix(0);
  for (int i = 0; i < a.n; ++i) acc = big_op(acc, a[i], mpz_gcd, a.name());
  return acc;
}

// (int-flo float): the integer part of a float; (flo-int integer): the
// nearest float to an integer.  TXR names the result type first.
static val bi_int_flo(const Args &a) {
  if (!floatp(a[0])) type_err(a.name(), a[0], "a float");
  return float_to_int(std::trunc(flo(a[0])), a.name());
}
static val bi_flo_int(const Args &a) {
  if (!integerp(a[0])) type_err(a.name(), a[0], "an integer");
  return mkfloat(c_double(a[0], a.name()));
}

static int radix_arg(val r, const char *self) {
  if (missing(r)) return 10;
  int b = c_int(r, self);
  if (b < 2 || b > 36) range_err(self, "radix out of range:", r);
  return b;
}

// (num-str string): the number the string spells, or nil.
static val bi_num_str(const Args &a) {
  std::u32string s = u32(str_checked(a[0], a.name()));
  size_t b = s.find_first_not_of(U" \t\n"), e = s.find_last_not_of(U" \t\n");
  if (b == std::u32string::npos) return nullptr;
  return str_to_num(std::u32string_view(s).substr(b, e - b + 1), 10);
}

// (int-str string [radix]): leading integer of the string, or nil.
static val bi_int_str(const Args &a) {
  std::u32string s = u32(str_checked(a[0], a.name()));
  int base = radix_arg(a[1], a.name());
  size_t i = s.find_first_not_of(U" \t\n");
  if (i == std::u32string::npos) return nullptr;
  size_t j = i;
  if (s[j] == '+' || s[j] == '-') ++j;
  size_t k = j;
  while (k < s.size() &&
         ((s[k] >= '0' && s[k] <= '9') || (s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z'))) {
    char32_t c = s[k];
    int d = c <= '9' ? int(c - '0') : (c >= 'a' ? int(c - 'a' + 10) : int(c - 'A' + 10));
    if (d >= base) break;
    ++k;
  }
  if (k == j) return nullptr;
  return str_to_num(std::u32string_view(s).substr(i, k - i), base);
}

static val bi_flo_str(const Args &a) {
  val n = bi_num_str(a);
  return n ? mkfloat(c_double(n, a.name())) : nullptr;
}

static const BuiltinDef arith_builtins[] = {
    {"+", 0, 0, true, bi_add},
    {"-", 1, 0, true, bi_sub},
    {"*", 0, 0, true, bi_mul},
    {"/", 1, 0, true, bi_div},
    {"=", 1, 0, true, bi_numeq},
    {"/=", 1, 0, true, bi_numne},
    {"<", 1, 0, true, bi_lt},
    {">", 1, 0, true, bi_gt},
    {"<=", 1, 0, true, bi_le},
    {">=", 1, 0, true, bi_ge},
    {"abs", 1, 0, false, bi_abs},
    {"min", 1, 0, true, bi_min},
    {"max", 1, 0, true, bi_max},
    {"trunc", 1, 1, false, bi_trunc},
    {"floor", 1, 1, false, bi_floor},
    {"ceil", 1, 1, false, bi_ceil},
    {"round", 1, 1, false, bi_round},
    {"mod", 2, 0, false, bi_mod},
    {"rem", 2, 0, false, bi_rem},
    {"expt", 0, 0, true, bi_expt},
    {"sqrt", 1, 0, false, bi_sqrt},
    {"isqrt", 1, 0, false, bi_isqrt},
    {"exp", 1, 0, false, bi_exp},
    {"log", 1, 0, false, bi_log},
    {"sin", 1, 0, false, bi_sin},
    {"cos", 1, 0, false, bi_cos},
    {"tan", 1, 0, false, bi_tan},
    {"atan", 1, 0, false, bi_atan},
    {"ash", 2, 0, false, bi_ash},
    {"logior", 0, 0, true, bi_logior},
    {"logand", 0, 0, true, bi_logand},
    {"logxor", 0, 0, true, bi_logxor},
    {"lognot", 1, 0, false, bi_lognot},
    {"logtest", 2, 0, false, bi_logtest},
    {"oddp", 1, 0, false, bi_oddp},
    {"evenp", 1, 0, false, bi_evenp},
    {"zerop", 1, 0, false, bi_zerop},
    {"plusp", 1, 0, false, bi_plusp},
    {"minusp", 1, 0, false, bi_minusp},
    {"succ", 1, 0, false, bi_succ},
    {"pred", 1, 0, false, bi_pred},
    {"signum", 1, 0, false, bi_signum},
    {"gcd", 0, 0, true, bi_gcd},
    {"numberp", 1, 0, false, bi_numberp},
    {"integerp", 1, 0, false, bi_integerp},
    {"fixnump", 1, 0, false, bi_fixnump},
    {"bignump", 1, 0, false, bi_bignump},
    {"floatp", 1, 0, false, bi_floatp},
    {"int-flo", 1, 0, false, bi_int_flo},
    {"flo-int", 1, 0, false, bi_flo_int},
    {"num-str", 1, 0, false, bi_num_str},
    {"int-str", 1, 1, false, bi_int_str},
    {"flo-str", 1, 0, false, bi_flo_str},
};

void init_numbers() { register_builtins(arith_builtins); }

}  // namespace tine
