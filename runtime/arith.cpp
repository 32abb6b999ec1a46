// Arithmetic builtins: + - * /, comparisons, min/max, integer division with
// the four roundings, mod, expt and roots.  Struct operands dispatch to
// methods (udarith.hpp); float results that overflow are numeric-errors.
#include <gmp.h>

#include <cmath>

#include "eval.hpp"
#include "lisp.hpp"
#include "number.hpp"
#include "seq.hpp"
#include "udarith.hpp"

namespace tine {

[[noreturn]] static void div_zero(const char *self) { errorf(s_numeric_error, "~a: division by zero", self); }
[[noreturn]] static void not_number(val v, const char *self) {
  errorf(s_type_error, "~a: ~s is not a number", self, v);
}

// ---- + - * / ------------------------------------------------------------------------

static val bi_add(const Args &a) {
  if (a.n == 0) return mkfix(0);
  val acc = a[0];
  if (a.n == 1) {
    if (!numberp(acc) && !is_chr(acc) && !ud_p(acc)) not_number(acc, a.name());
    return acc;
  }
  for (int i = 1; i < a.n; ++i) acc = num_add(acc, a[i]);
  return acc;
}

static val bi_sub(const Args &a) {
  if (a.n == 1) return num_neg(a[0]);
  val acc = a[0];
  for (int i = 1; i < a.n; ++i) acc = num_sub(acc, a[i]);
  return acc;
}

static val bi_mul(const Args &a) {
  if (a.n == 0) return mkfix(1);
  val acc = a[0];
  if (a.n == 1) {
    if (!numberp(acc) && !ud_p(acc)) not_number(acc, a.name());
    return acc;
  }
  for (int i = 1; i < a.n; ++i) acc = num_mul(acc, a[i]);
  return acc;
}

val num_div(val x, val y) {
  if (ud_p(x) || ud_p(y)) return ud_binary(x, y, "/", "//", "/");
  if (!numberp(x)) not_number(x, "/");
  if (!numberp(y)) not_number(y, "/");
  double d = c_double(y, "/");
  if (d == 0.0) div_zero("/");
  return flo_result(c_double(x, "/") / d, "/");
}

static val bi_div(const Args &a) {
  if (a.n == 1) return ud_p(a[0]) ? ud_unary(a[0], "recip", "/") : num_div(mkfloat(1.0), a[0]);
  val acc = a[0];
  for (int i = 1; i < a.n; ++i) acc = num_div(acc, a[i]);
  return acc;
}

// ---- comparison ---------------------------------------------------------------------
//
// Numbers and characters compare numerically; ranges field by field;
// sequences of any kinds element by element.

static bool comparable_number(val v) { return numberp(v) || is_chr(v); }
static bool comparable_seq(val v) { return !v || consp(v) || stringp(v) || is(v, T::Vec); }

[[noreturn]] static void cannot_compare(val a, val b, const char *self) {
  for (val v : {a, b})
    if (!comparable_number(v) && !comparable_seq(v) && !is(v, T::Range))
      errorf(s_type_error, "~a: unsupported object ~s", self, v);
  errorf(s_error, "~a: invalid operands ~s ~s", self, a, b);
}

enum class Rel { Lt, Le, Eq };

// How a pair stands under < and =: the manual defines < on sequences as
// "< on a pair, then = on the same pair", which compares nested sequences
// once per level of nesting twice over (exponential in the depth); one
// walk that answers both questions gives the same results in linear time.
enum class Ord { Lt, Eq, Other };

static Ord order(val a, val b, const char *self) {
  check_stack_depth();  // nested sequences recurse here
  if (comparable_number(a) && comparable_number(b)) {
    int c = num_cmp(a, b, self);
    return c < 0 ? Ord::Lt : c == 0 ? Ord::Eq : Ord::Other;
  }
  if (is(a, T::Range) && is(b, T::Range)) {
    Range *x = static_cast<Range *>(a), *y = static_cast<Range *>(b);
    Ord from = order(x->from, y->from, self);
    return from == Ord::Eq ? order(x->to, y->to, self) : from;
  }
  if (comparable_seq(a) && comparable_seq(b)) {
    SeqIter i(a, self), j(b, self);
    for (val x, y;;) {
      bool more_a = i.next(&x), more_b = j.next(&y);
      if (!more_a || !more_b) return more_b ? Ord::Lt : more_a ? Ord::Other : Ord::Eq;
      Ord o = order(x, y, self);
      if (o != Ord::Eq) return o;
    }
  }
  cannot_compare(a, b, self);
}

// <= on sequences is pairwise (not lexicographic), as the manual says.
static bool less_or_equal(val a, val b, const char *self) {
  check_stack_depth();
  if (comparable_number(a) && comparable_number(b)) return num_cmp(a, b, self) <= 0;
  if (is(a, T::Range) && is(b, T::Range)) {
    Range *x = static_cast<Range *>(a), *y = static_cast<Range *>(b);
    Ord from = order(x->from, y->from, self);
    return from == Ord::Lt || (from == Ord::Eq && less_or_equal(x->to, y->to, self));
  }
  if (comparable_seq(a) && comparable_seq(b)) {
    SeqIter i(a, self), j(b, self);
    for (val x, y;;) {
      bool more_a = i.next(&x), more_b = j.next(&y);
      if (!more_a || !more_b) return !more_a;
      if (!less_or_equal(x, y, self)) return false;
    }
  }
  cannot_compare(a, b, self);
}

static bool relate(val a, val b, Rel rel, const char *self) {
  switch (rel) {
    case Rel::Lt: return order(a, b, self) == Ord::Lt;
    case Rel::Eq: return order(a, b, self) == Ord::Eq;
    case Rel::Le: break;
  }
  return less_or_equal(a, b, self);
}

// The binary relations, with struct operands asking their methods (whose
// values are the results): a struct on the right answers the mirrored
// question.
static val num_lt(val a, val b, const char *self) {
  if (ud_p(a)) return ud_call(a, "<", &b, 1, self);
  if (ud_p(b)) return ud_call(b, ">", &a, 1, self);
  return boolv(relate(a, b, Rel::Lt, self));
}
static val num_gt(val a, val b, const char *self) {
  if (ud_p(a)) return ud_call(a, ">", &b, 1, self);
  if (ud_p(b)) return ud_call(b, "<", &a, 1, self);
  return boolv(relate(b, a, Rel::Lt, self));
}
static val num_le(val a, val b, const char *self) {
  if (ud_p(a)) return ud_call(a, "<=", &b, 1, self);
  if (ud_p(b)) return ud_call(b, ">=", &a, 1, self);
  return boolv(relate(a, b, Rel::Le, self));
}
static val num_ge(val a, val b, const char *self) {
  if (ud_p(a)) return ud_call(a, ">=", &b, 1, self);
  if (ud_p(b)) return ud_call(b, "<=", &a, 1, self);
  return boolv(relate(b, a, Rel::Le, self));
}
static val num_equal(val a, val b, const char *self) {
  if (ud_p(a)) return ud_call(a, "=", &b, 1, self);
  if (ud_p(b)) return ud_call(b, "=", &a, 1, self);
  return boolv(relate(a, b, Rel::Eq, self));
}

using RelFn = val (*)(val, val, const char *);

// Pairwise; two arguments give the relation's own value.
static val compare_chain(const Args &a, RelFn rel) {
  if (a.n == 1) {
    if (!comparable_number(a[0]) && !comparable_seq(a[0]) && !is(a[0], T::Range) && !ud_p(a[0]))
      errorf(s_type_error, "~a: unsupported object ~s", a.name(), a[0]);
    return s_t;
  }
  if (a.n == 2) return rel(a[0], a[1], a.name());
  for (int i = 0; i + 1 < a.n; ++i)
    if (!rel(a[i], a[i + 1], a.name())) return nullptr;
  return s_t;
}

static val bi_numeq(const Args &a) { return compare_chain(a, num_equal); }
static val bi_lt(const Args &a) { return compare_chain(a, num_lt); }
static val bi_gt(const Args &a) { return compare_chain(a, num_gt); }
static val bi_le(const Args &a) { return compare_chain(a, num_le); }
static val bi_ge(const Args &a) { return compare_chain(a, num_ge); }

static val bi_numne(const Args &a) {
  for (int i = 0; i < a.n; ++i)
    for (int j = i + 1; j < a.n; ++j)
      if (num_equal(a[i], a[j], a.name())) return nullptr;
  return s_t;
}

// sys:b< and friends: the two-argument forms.
static val bi_b_lt(const Args &a) { return num_lt(a[0], a[1], "<"); }
static val bi_b_gt(const Args &a) { return num_gt(a[0], a[1], ">"); }
static val bi_b_le(const Args &a) { return num_le(a[0], a[1], "<="); }
static val bi_b_eq(const Args &a) { return num_equal(a[0], a[1], "="); }
static val bi_b_add(const Args &a) { return num_add(a[0], a[1]); }
static val bi_b_sub(const Args &a) { return num_sub(a[0], a[1]); }
static val bi_b_mul(const Args &a) { return num_mul(a[0], a[1]); }
static val bi_b_div(const Args &a) { return num_div(a[0], a[1]); }

// max and min order their arguments as less does, returning them unconverted.
static val bi_min(const Args &a) {
  val m = a[0];
  for (int i = 1; i < a.n; ++i)
    if (less_than(a[i], m)) m = a[i];
  return m;
}

static val bi_max(const Args &a) {
  val m = a[0];
  for (int i = 1; i < a.n; ++i)
    if (less_than(m, a[i])) m = a[i];
  return m;
}

static val bi_abs(const Args &a) {
  val x = a[0];
  if (ud_p(x)) return ud_unary(x, "abs", a.name());
  if (!numberp(x)) not_number(x, a.name());
  if (floatp(x)) return mkfloat(std::fabs(flo(x)));
  return num_cmp(x, mkfix(0), a.name()) < 0 ? num_neg(x) : x;
}

static val bi_signum(const Args &a) {
  val x = a[0];
  if (ud_p(x)) return ud_unary(x, "signum", a.name());
  if (!numberp(x)) not_number(x, a.name());
  int c = num_cmp(x, mkfix(0), a.name());
  return floatp(x) ? mkfloat(double(c)) : mkfix(c);
}

// ---- integer division ----------------------------------------------------------------

enum class Rounding { Trunc, Floor, Ceil, Round };

static const char *const rounding_names[] = {"trunc", "floor", "ceil", "round"};

static double round_double(double x, Rounding r) {
  switch (r) {
    case Rounding::Trunc: return std::trunc(x);
    case Rounding::Floor: return std::floor(x);
    case Rounding::Ceil: return std::ceil(x);
    case Rounding::Round: return std::round(x);  // halves away from zero
  }
  return x;
}

val float_to_int(double d, const char *self) {
  if (!std::isfinite(d)) errorf(s_numeric_error, "~a: ~s cannot be converted to an integer", self, mkfloat(d));
  if (d >= -4.0e18 && d <= 4.0e18) return mkint(int64_t(d));
  Big *b = new_big();
  mpz_set_d(b->z, d);
  return big_normalize(b);
}

// Integer quotient of x/y under a rounding rule.
static val int_quotient(val x, val y, Rounding r, const char *self) {
  if (is_fixnum(y) && fixval(y) == 0) div_zero(self);
  if (is_fixnum(x) && is_fixnum(y) && r != Rounding::Round) {
    intptr_t p = fixval(x), q = fixval(y), t = p / q, m = p % q;
    if (m != 0 && r == Rounding::Floor && ((m < 0) != (q < 0))) --t;
    if (m != 0 && r == Rounding::Ceil && ((m < 0) == (q < 0))) ++t;
    return mkint(t);
  }
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
      MpzTemp rem, twice, babs;
      mpz_tdiv_qr(q->z, rem.z, a.z, b.z);
      mpz_mul_2exp(twice.z, rem.z, 1);
      mpz_abs(twice.z, twice.z);
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

static val quotient(val x, val y, Rounding r, const char *self);

// A range dividend: each end divided alike.
static val range_quotient(val x, val y, Rounding r, const char *self) {
  Range *in = static_cast<Range *>(x);
  Range *out = gc_obj<Range>(T::Range);
  out->from = quotient(in->from, y, r, self);
  out->to = quotient(in->to, y, r, self);
  return out;
}

static val quotient(val x, val y, Rounding r, const char *self) {
  if (ud_p(x) || ud_p(y)) {
    std::string rname = std::string("r-") + self;
    return ud_binary(x, y, self, rname.c_str(), self);
  }
  if (is(x, T::Range)) return range_quotient(x, y, r, self);
  if (!numberp(x)) not_number(x, self);
  if (!numberp(y)) not_number(y, self);
  if (integerp(x) && integerp(y)) return int_quotient(x, y, r, self);
  double d = c_double(y, self);
  if (d == 0.0) div_zero(self);
  return flo_result(round_double(c_double(x, self) / d, r), self);
}

static val rounding_op(const Args &a, Rounding r) {
  const char *self = rounding_names[int(r)];
  if (missing(a[1])) {
    if (ud_p(a[0])) {
      std::string name = std::string(self) + "1";
      return ud_unary(a[0], name.c_str(), self);
    }
    if (is(a[0], T::Range)) return range_quotient(a[0], mkfix(1), r, self);
    return quotient(a[0], mkfix(1), r, self);
  }
  return quotient(a[0], a[1], r, self);
}

static val bi_trunc(const Args &a) { return rounding_op(a, Rounding::Trunc); }
static val bi_floor(const Args &a) { return rounding_op(a, Rounding::Floor); }
static val bi_ceil(const Args &a) { return rounding_op(a, Rounding::Ceil); }
static val bi_round(const Args &a) { return rounding_op(a, Rounding::Round); }

// (X-rem dividend [divisor]): (quotient remainder).
static val rem_op(const Args &a, Rounding r) {
  val x = a[0], y = missing(a[1]) ? mkfix(1) : a[1];
  val q = rounding_op(a, r);
  return list({q, num_sub(x, num_mul(y, q))});
}

static val bi_trunc_rem(const Args &a) { return rem_op(a, Rounding::Trunc); }
static val bi_floor_rem(const Args &a) { return rem_op(a, Rounding::Floor); }
static val bi_ceil_rem(const Args &a) { return rem_op(a, Rounding::Ceil); }
static val bi_round_rem(const Args &a) { return rem_op(a, Rounding::Round); }

static val remainder_op(val x, val y, bool floored, const char *self) {
  if (floored && (ud_p(x) || ud_p(y))) return ud_binary(x, y, "mod", "r-mod", self);
  if (is_fixnum(x) && is_fixnum(y)) {
    intptr_t b = fixval(y);
    if (b == 0) div_zero(self);
    intptr_t m = fixval(x) % b;
    if (floored && m != 0 && ((m < 0) != (b < 0))) m += b;
    return mkfix(m);
  }
  if (!numberp(x)) not_number(x, self);
  if (!numberp(y)) not_number(y, self);
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
  return flo_result(m, self);
}

val num_mod(val a, val b) { return remainder_op(a, b, true, "mod"); }
static val bi_mod(const Args &a) { return remainder_op(a[0], a[1], true, a.name()); }
static val bi_rem(const Args &a) { return remainder_op(a[0], a[1], false, a.name()); }

// ---- powers and roots ------------------------------------------------------------------

static val expt2(val base, val ex) {
  const char *self = "expt";
  if (ud_p(base) || ud_p(ex)) return ud_binary(base, ex, "expt", "r-expt", self);
  if (!numberp(base)) not_number(base, self);
  if (!numberp(ex)) not_number(ex, self);
  if (integerp(base) && integerp(ex)) {
    if (num_cmp(ex, mkfix(0), self) >= 0) {
      if (base == mkfix(1) || base == mkfix(0)) return ex == mkfix(0) ? mkfix(1) : base;
      uint64_t e = c_uint64(ex, self);
      MpzTemp b;
      to_mpz(base, b.z, self);
      long exp2;  // |base| = m * 2^exp2: the result has about e * log2 |base| bits
      double m = mpz_get_d_2exp(&exp2, b.z);
      double bits = double(e) * (double(exp2) + std::log2(std::fabs(m)));
      check_result_bits(bits >= 1.8e19 ? UINT64_MAX : uint64_t(bits), self);
      Big *r = new_big();
      mpz_pow_ui(r->z, b.z, e);
      return big_normalize(r);
    }
    if (num_zerop(base)) div_zero(self);
  }
  return flo_result(std::pow(c_double(base, self), c_double(ex, self)), self);
}

// Right-associative: (expt x y z) is (expt x (expt y z)).
static val bi_expt(const Args &a) {
  if (a.n == 0) return mkfix(1);
  val acc = a[a.n - 1];
  if (a.n == 1 && !numberp(acc) && !ud_p(acc)) not_number(acc, a.name());
  for (int i = a.n - 2; i >= 0; --i) acc = expt2(a[i], acc);
  return acc;
}

static val bi_exptmod(const Args &a) {
  if (ud_p(a[0])) {
    val args[2] = {a[1], a[2]};
    return ud_call(a[0], "exptmod", args, 2, a.name());
  }
  MpzTemp b, e, m;
  to_mpz(a[0], b.z, a.name());
  to_mpz(a[1], e.z, a.name());
  to_mpz(a[2], m.z, a.name());
  if (mpz_sgn(e.z) < 0 || mpz_sgn(m.z) <= 0) errorf(s_numeric_error, "~a: argument out of range", a.name());
  Big *r = new_big();
  mpz_powm(r->z, b.z, e.z, m.z);
  return big_normalize(r);
}

static val bi_sqrt(const Args &a) {
  if (ud_p(a[0])) return ud_unary(a[0], "sqrt", a.name());
  if (!numberp(a[0])) not_number(a[0], a.name());
  return flo_result(std::sqrt(c_double(a[0], a.name())), a.name());
}

static val bi_isqrt(const Args &a) {
  if (ud_p(a[0])) return ud_unary(a[0], "isqrt", a.name());
  MpzTemp x;
  to_mpz(a[0], x.z, a.name());
  if (mpz_sgn(x.z) < 0) errorf(s_error, "~a: negative operand", a.name());
  Big *r = new_big();
  mpz_sqrt(r->z, x.z);
  return big_normalize(r);
}

static val bi_square(const Args &a) {
  if (ud_p(a[0])) return ud_unary(a[0], "square", a.name());
  return num_mul(a[0], a[0]);
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
    {"sys:b+", 2, 0, false, bi_b_add},
    {"sys:b-", 2, 0, false, bi_b_sub},
    {"sys:b*", 2, 0, false, bi_b_mul},
    {"sys:b/", 2, 0, false, bi_b_div},
    {"sys:b<", 2, 0, false, bi_b_lt},
    {"sys:b>", 2, 0, false, bi_b_gt},
    {"sys:b<=", 2, 0, false, bi_b_le},
    {"sys:b=", 2, 0, false, bi_b_eq},
    {"abs", 1, 0, false, bi_abs},
    {"signum", 1, 0, false, bi_signum},
    {"min", 1, 0, true, bi_min},
    {"max", 1, 0, true, bi_max},
    {"trunc", 1, 1, false, bi_trunc},
    {"floor", 1, 1, false, bi_floor},
    {"ceil", 1, 1, false, bi_ceil},
    {"round", 1, 1, false, bi_round},
    {"trunc-rem", 1, 1, false, bi_trunc_rem},
    {"floor-rem", 1, 1, false, bi_floor_rem},
    {"ceil-rem", 1, 1, false, bi_ceil_rem},
    {"round-rem", 1, 1, false, bi_round_rem},
    {"mod", 2, 0, false, bi_mod},
    {"rem", 2, 0, false, bi_rem},
    {"expt", 0, 0, true, bi_expt},
    {"exptmod", 3, 0, false, bi_exptmod},
    {"sqrt", 1, 0, false, bi_sqrt},
    {"isqrt", 1, 0, false, bi_isqrt},
    {"square", 1, 0, false, bi_square},
};

void init_numbers() {
  register_builtins(arith_builtins);
  init_numconv();
  init_mathlib();
  init_bitops();
}

}  // namespace tine
