// The floating-point math library (C's libm functions under TXR's names),
// numeric constants and the printing variables for floats, and the
// assorted functions of TXR's math library: clamp, bracket, wrap, digits,
// digpow, poly, rpoly, n-choose-k, the normal distribution, quantile.
#include <gmp.h>

#include <algorithm>
#include <cfenv>
#include <cfloat>
#include <cmath>
#include <cstring>

#include "lisp.hpp"
#include "number.hpp"
#include "seq.hpp"
#include "udarith.hpp"

namespace tine {

[[noreturn]] static void not_number(val v, const char *self) {
  errorf(s_type_error, "~a: ~s is not a number", self, v);
}

static double fl(val v, const char *self) {
  if (!numberp(v)) not_number(v, self);
  return c_double(v, self);
}

// ---- one- and two-argument float functions ------------------------------------------------

struct Fn1 {
  const char *name;
  double (*fn)(double);
};

static double exp10_(double x) { return std::pow(10.0, x); }
static double gamma_(double x) { return std::lgamma(x); }  // C's gamma is lgamma
static double significand_(double x) {
  if (x == 0 || !std::isfinite(x)) return x;
  return std::scalbn(x, -std::ilogb(x));
}

static const Fn1 fn1s[] = {
    {"sin", std::sin},
    {"cos", std::cos},
    {"tan", std::tan},
    {"asin", std::asin},
    {"acos", std::acos},
    {"atan", std::atan},
    {"sinh", std::sinh},
    {"cosh", std::cosh},
    {"tanh", std::tanh},
    {"asinh", std::asinh},
    {"acosh", std::acosh},
    {"atanh", std::atanh},
    {"exp", std::exp},
    {"log", std::log},
    {"log10", std::log10},
    {"log2", std::log2},
    {"cbrt", std::cbrt},
    {"erf", std::erf},
    {"erfc", std::erfc},
    {"exp10", exp10_},
    {"exp2", std::exp2},
    {"expm1", std::expm1},
    {"gamma", gamma_},
    {"j0", ::j0},
    {"j1", ::j1},
    {"lgamma", std::lgamma},
    {"log1p", std::log1p},
    {"logb", std::logb},
    {"nearbyint", std::nearbyint},
    {"rint", std::rint},
    {"significand", significand_},
    {"tgamma", std::tgamma},
    {"y0", ::y0},
    {"y1", ::y1},
};

// A builtin of this family finds its row by its own name.
static val call_fn1(const Args &a) {
  const char *name = a.name();
  if (ud_p(a[0])) return ud_unary(a[0], name, name);
  for (const Fn1 &f : fn1s)
    if (!strcmp(f.name, name)) return flo_result(f.fn(fl(a[0], name)), name);
  errorf(s_internal_error, "~a: not a math function", name);
}

struct Fn2 {
  const char *name;
  double (*fn)(double, double);
};

static double jn_(double n, double x) { return ::jn(int(n), x); }
static double yn_(double n, double x) { return ::yn(int(n), x); }
static double ldexp_(double x, double e) { return std::ldexp(x, int(e)); }
static double scalbln_(double x, double e) { return std::scalbln(x, long(e)); }
static double scalb_(double x, double e) { return std::scalbn(x, int(e)); }
static double drem_(double x, double y) { return std::remainder(x, y); }

static const Fn2 fn2s[] = {
    {"atan2", std::atan2},
    {"copysign", std::copysign},
    {"drem", drem_},
    {"fdim", std::fdim},
    {"fmax", std::fmax},
    {"fmin", std::fmin},
    {"hypot", std::hypot},
    {"jn", jn_},
    {"ldexp", ldexp_},
    {"nextafter", std::nextafter},
    {"remainder", std::remainder},
    {"scalb", scalb_},
    {"scalbln", scalbln_},
    {"yn", yn_},
};

static val call_fn2(const Args &a) {
  const char *name = a.name();
  if (ud_p(a[0]) || ud_p(a[1])) {
    std::string rname = std::string("r-") + name;
    return ud_binary(a[0], a[1], name, rname.c_str(), name);
  }
  for (const Fn2 &f : fn2s)
    if (!strcmp(f.name, name)) return flo_result(f.fn(fl(a[0], name), fl(a[1], name)), name);
  errorf(s_internal_error, "~a: not a math function", name);
}

// ---- the normal distribution ----------------------------------------------------------------

static val bi_cum_norm_dist(const Args &a) {
  return flo_result(0.5 * std::erfc(-fl(a[0], a.name()) / std::sqrt(2.0)), a.name());
}

// Odeh and Evans' rational approximation (1974), limited to [-10, 10].
static val bi_inv_cum_norm(const Args &a) {
  double p = fl(a[0], a.name());
  bool upper = p >= 0.5;
  double r = upper ? 1 - p : p;
  if (r < 1e-20) return mkfloat(upper ? 10.0 : -10.0);
  double y = std::sqrt(-2 * std::log(r));
  double num = (((4.53642210148e-5 * y + 0.0204231210245) * y + 0.342242088547) * y + 1) * y + 0.322232431088;
  double den = (((0.0038560700634 * y + 0.10353775285) * y + 0.531103462366) * y + 0.588581570495) * y + 0.099348462606;
  double z = y - num / den;
  return mkfloat(upper ? z : -z);
}

// ---- integer functions ----------------------------------------------------------------------

static val bi_n_choose_k(const Args &a) {
  MpzTemp n, r;
  to_mpz(a[0], n.z, a.name());
  int64_t k = c_int64(a[1], a.name());
  if (k < 0) return mkfix(0);
  // n choose k has at most k * log2(n) bits
  if (mpz_cmpabs_ui(n.z, uint64_t(k)) > 0 && uint64_t(k) > UINT64_MAX / mpz_bits(n.z))
    check_result_bits(UINT64_MAX, a.name());
  if (mpz_cmpabs_ui(n.z, uint64_t(k)) > 0) check_result_bits(uint64_t(k) * mpz_bits(n.z) / 2, a.name());
  Big *out = new_big();
  mpz_bin_ui(out->z, n.z, static_cast<unsigned long>(k));
  return big_normalize(out);
}

static val bi_n_perm_k(const Args &a) {
  MpzTemp n;
  to_mpz(a[0], n.z, a.name());
  int64_t k = c_int64(a[1], a.name());
  Big *out = new_big();
  mpz_set_ui(out->z, 1);
  MpzTemp f;
  for (int64_t i = 0; i < k; ++i) {
    mpz_sub_ui(f.z, n.z, static_cast<unsigned long>(i));
    mpz_mul(out->z, out->z, f.z);
  }
  return big_normalize(out);
}

static void digit_args(const Args &a, mpz_t n, mpz_t radix) {
  to_mpz(a[0], n, a.name());
  if (mpz_sgn(n) < 0) range_err(a.name(), "negative number", a[0]);
  mpz_set_ui(radix, 10);
  if (!missing(a[1])) to_mpz(a[1], radix, a.name());
  if (mpz_cmp_ui(radix, 2) < 0) range_err(a.name(), "radix must be greater than one:", a[1]);
}

// Digits (or, with weights, the power-series terms) most significant first.
static val digits_of(const Args &a, bool weighted) {
  MpzTemp n, radix, q, r, w;
  digit_args(a, n.z, radix.z);
  mpz_set_ui(w.z, 1);
  val out = nullptr;
  do {
    mpz_fdiv_qr(q.z, r.z, n.z, radix.z);
    Big *d = new_big();
    if (weighted)
      mpz_mul(d->z, r.z, w.z);
    else
      mpz_set(d->z, r.z);
    out = cons(big_normalize(d), out);
    mpz_mul(w.z, w.z, radix.z);
    mpz_set(n.z, q.z);
  } while (mpz_sgn(n.z) != 0);
  return out;
}

static val bi_digits(const Args &a) { return digits_of(a, false); }
static val bi_digpow(const Args &a) { return digits_of(a, true); }

static val bi_bignum_len(const Args &a) {
  if (is(a[0], T::Big)) return mkfix(intptr_t(mpz_size(big(a[0])->z)));
  if (is_fixnum(a[0]) || is_chr(a[0])) return mkfix(0);
  type_err(a.name(), a[0], "an integer or character");
}

// Horner's rule over coefficients of decreasing degree.
static val bi_poly(const Args &a) {
  val acc = mkfix(0);
  SeqIter it(a[1], a.name());
  for (val c; it.next(&c);) acc = num_add(num_mul(acc, a[0]), c);
  return acc;
}

// Coefficients of increasing degree: a list is walked once with a running
// power; other sequences are evaluated by Horner's rule from the end.
static val bi_rpoly(const Args &a) {
  val x = a[0], coeffs = a[1];
  if (!coeffs || consp(coeffs)) {
    val acc = mkfix(0), power = mkfix(1);
    bool first = true;
    CycleCheck cycle(coeffs);
    for (val l = coeffs; consp(l); cycle.step(l = cdr(l), a.name())) {
      if (!first) power = num_mul(power, x);
      first = false;
      acc = num_add(acc, num_mul(power, car(l)));
    }
    return acc;
  }
  intptr_t n = seq_length(coeffs, a.name());
  val acc = mkfix(0);
  for (intptr_t i = n - 1; i >= 0; --i) acc = num_add(num_mul(acc, x), seq_ref(coeffs, mkfix(i), a.name()));
  return acc;
}

// ---- ordering helpers ------------------------------------------------------------------------

static val bi_clamp(const Args &a) {
  val lo = a[0], hi = a[1], v = a[2];
  val m = less_than(v, hi) ? v : hi;  // (min hi v)
  return less_than(lo, m) ? m : lo;   // (max lo ...)
}

static val bi_bracket(const Args &a) {
  for (int i = 1; i < a.n; ++i)
    if (less_than(a[0], a[i])) return mkfix(i - 1);
  return mkfix(a.n - 1);
}

// (+ (mod (- x lo) (- hi lo)) lo)
static val wrap_star(val lo, val hi, val x) { return num_add(num_mod(num_sub(x, lo), num_sub(hi, lo)), lo); }

static val bi_wrap_star(const Args &a) { return wrap_star(a[0], a[1], a[2]); }
static val bi_wrap(const Args &a) { return wrap_star(a[0], num_add(a[1], mkfix(1)), a[2]); }

// ---- floating-point environment --------------------------------------------------------------

static val bi_flo_get_round_mode(const Args &) { return mkfix(fegetround()); }

static val bi_flo_set_round_mode(const Args &a) { return boolv(fesetround(c_int(a[0], a.name())) == 0); }

// ---- quantile (the P-squared algorithm of Jain and Chlamtac, 1985) ---------------------------

struct Quantile {
  double p, rate;
  int64_t group, count;     // group size (0: unlimited); samples in this group
  double first[5];          // the first samples of a group, before the markers start
  double q[5];              // marker heights
  int64_t n[5];             // marker positions
  double want[5], step[5];  // desired positions and their increments
  bool has_prev;
  double prev, blend;
};

// Sort up to five values in place.
static void sort5(double *v, int m) {
  for (int i = 1; i < m; ++i)
    for (int j = i; j > 0 && v[j - 1] > v[j]; --j) std::swap(v[j - 1], v[j]);
}

static double median_of_first(Quantile *s) {
  double v[5];
  int m = int(std::min<int64_t>(s->count, 5));
  memcpy(v, s->first, sizeof v);
  sort5(v, m);
  return m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
}

static double group_estimate(Quantile *s) {
  if (s->count == 0) return 0.0;
  if (s->count <= 5) return median_of_first(s);
  return s->q[2];
}

static double estimate(Quantile *s) {
  double e = group_estimate(s);
  return s->has_prev ? s->blend * s->prev + (1 - s->blend) * e : e;
}

static void start_markers(Quantile *s) {
  memcpy(s->q, s->first, sizeof s->q);
  sort5(s->q, 5);
  double p = s->p;
  for (int i = 0; i < 5; ++i) s->n[i] = i + 1;
  double want[5] = {1, 1 + 2 * p, 1 + 4 * p, 3 + 2 * p, 5};
  double step[5] = {0, p / 2, p, (1 + p) / 2, 1};
  memcpy(s->want, want, sizeof want);
  memcpy(s->step, step, sizeof step);
}

static void adjust_marker(Quantile *s, int i) {
  double d = s->want[i] - double(s->n[i]);
  if (!((d >= 1 && s->n[i + 1] - s->n[i] > 1) || (d <= -1 && s->n[i - 1] - s->n[i] < -1))) return;
  int dd = d > 0 ? 1 : -1;
  double *q = s->q;
  int64_t *n = s->n;
  double qp = q[i] + double(dd) / double(n[i + 1] - n[i - 1]) *
                         (double(n[i] - n[i - 1] + dd) * (q[i + 1] - q[i]) / double(n[i + 1] - n[i]) +
                          double(n[i + 1] - n[i] - dd) * (q[i] - q[i - 1]) / double(n[i] - n[i - 1]));
  if (q[i - 1] < qp && qp < q[i + 1])
    q[i] = qp;
  else
    q[i] = q[i] + double(dd) * (q[i + dd] - q[i]) / double(n[i + dd] - n[i]);
  n[i] += dd;
}

static void add_sample(Quantile *s, double x) {
  if (s->group && s->count >= s->group) {
    s->prev = estimate(s);
    s->has_prev = true;
    s->blend = 1.0;
    s->count = 0;
  }
  if (s->has_prev) s->blend *= s->rate;
  if (s->count < 5) {
    s->first[s->count++] = x;
    if (s->count == 5) start_markers(s);
    return;
  }
  ++s->count;
  double *q = s->q;
  int k;
  if (x < q[0])
    q[0] = x, k = 0;
  else if (x < q[1])
    k = 0;
  else if (x < q[2])
    k = 1;
  else if (x < q[3])
    k = 2;
  else if (x <= q[4])
    k = 3;
  else
    q[4] = x, k = 3;
  for (int i = k + 1; i < 5; ++i) ++s->n[i];
  for (int i = 0; i < 5; ++i) s->want[i] += s->step[i];
  for (int i = 1; i <= 3; ++i) adjust_marker(s, i);
}

static val quantile_call(const Args &a) {
  // The state lives in the payload of a buf: collected with the function.
  Quantile *s = reinterpret_cast<Quantile *>(buf_of(a.self->data)->data);
  for (int i = 0; i < a.n; ++i) {
    if (numberp(a[i])) {
      add_sample(s, c_double(a[i], "quantile"));
      continue;
    }
    SeqIter it(a[i], "quantile");
    for (val x; it.next(&x);) add_sample(s, fl(x, "quantile"));
  }
  return mkfloat(estimate(s));
}

static val bi_quantile(const Args &a) {
  val state = make_buf(sizeof(Quantile), 0);
  Quantile *s = reinterpret_cast<Quantile *>(buf_of(state)->data);
  s->p = fl(a[0], a.name());
  s->group = missing(a[1]) || !a[1] ? 0 : c_int64(a[1], a.name());
  if (s->group < 0) range_err(a.name(), "group size must be positive:", a[1]);
  s->rate = missing(a[2]) || !a[2] ? 0.999 : fl(a[2], a.name());
  return make_builtin(nullptr, 0, 0, true, quantile_call, state);
}

static const BuiltinDef mathlib_builtins[] = {
    {"sin", 1, 0, false, call_fn1},
    {"cos", 1, 0, false, call_fn1},
    {"tan", 1, 0, false, call_fn1},
    {"asin", 1, 0, false, call_fn1},
    {"acos", 1, 0, false, call_fn1},
    {"atan", 1, 0, false, call_fn1},
    {"sinh", 1, 0, false, call_fn1},
    {"cosh", 1, 0, false, call_fn1},
    {"tanh", 1, 0, false, call_fn1},
    {"asinh", 1, 0, false, call_fn1},
    {"acosh", 1, 0, false, call_fn1},
    {"atanh", 1, 0, false, call_fn1},
    {"exp", 1, 0, false, call_fn1},
    {"log", 1, 0, false, call_fn1},
    {"log10", 1, 0, false, call_fn1},
    {"log2", 1, 0, false, call_fn1},
    {"cbrt", 1, 0, false, call_fn1},
    {"erf", 1, 0, false, call_fn1},
    {"erfc", 1, 0, false, call_fn1},
    {"exp10", 1, 0, false, call_fn1},
    {"exp2", 1, 0, false, call_fn1},
    {"expm1", 1, 0, false, call_fn1},
    {"gamma", 1, 0, false, call_fn1},
    {"j0", 1, 0, false, call_fn1},
    {"j1", 1, 0, false, call_fn1},
    {"lgamma", 1, 0, false, call_fn1},
    {"log1p", 1, 0, false, call_fn1},
    {"logb", 1, 0, false, call_fn1},
    {"nearbyint", 1, 0, false, call_fn1},
    {"rint", 1, 0, false, call_fn1},
    {"significand", 1, 0, false, call_fn1},
    {"tgamma", 1, 0, false, call_fn1},
    {"y0", 1, 0, false, call_fn1},
    {"y1", 1, 0, false, call_fn1},
    {"atan2", 2, 0, false, call_fn2},
    {"copysign", 2, 0, false, call_fn2},
    {"drem", 2, 0, false, call_fn2},
    {"fdim", 2, 0, false, call_fn2},
    {"fmax", 2, 0, false, call_fn2},
    {"fmin", 2, 0, false, call_fn2},
    {"hypot", 2, 0, false, call_fn2},
    {"jn", 2, 0, false, call_fn2},
    {"ldexp", 2, 0, false, call_fn2},
    {"nextafter", 2, 0, false, call_fn2},
    {"remainder", 2, 0, false, call_fn2},
    {"scalb", 2, 0, false, call_fn2},
    {"scalbln", 2, 0, false, call_fn2},
    {"yn", 2, 0, false, call_fn2},
    {"cum-norm-dist", 1, 0, false, bi_cum_norm_dist},
    {"inv-cum-norm", 1, 0, false, bi_inv_cum_norm},
    {"n-choose-k", 2, 0, false, bi_n_choose_k},
    {"n-perm-k", 2, 0, false, bi_n_perm_k},
    {"digits", 1, 1, false, bi_digits},
    {"digpow", 1, 1, false, bi_digpow},
    {"bignum-len", 1, 0, false, bi_bignum_len},
    {"poly", 2, 0, false, bi_poly},
    {"rpoly", 2, 0, false, bi_rpoly},
    {"clamp", 3, 0, false, bi_clamp},
    {"bracket", 1, 0, true, bi_bracket},
    {"wrap", 3, 0, false, bi_wrap},
    {"wrap*", 3, 0, false, bi_wrap_star},
    {"flo-get-round-mode", 0, 0, false, bi_flo_get_round_mode},
    {"flo-set-round-mode", 1, 0, false, bi_flo_set_round_mode},
    {"quantile", 1, 2, false, bi_quantile},
};

static void defconst(const char *name, val v) {
  defvar_builtin(name, v, false);
  sym(intern(name))->constant = 1;
}

void init_mathlib() {
  register_builtins(mathlib_builtins);
  defconst("%pi%", mkfloat(M_PI));
  defconst("%e%", mkfloat(M_E));
  defconst("flo-dig", mkfix(DBL_DIG));
  defconst("flo-max-dig", mkfix(17));
  defconst("flo-min", mkfloat(DBL_MIN));
  defconst("flo-max", mkfloat(DBL_MAX));
  defconst("flo-epsilon", mkfloat(DBL_EPSILON));
  defconst("fixnum-min", mkint(FIXNUM_MIN));
  defconst("fixnum-max", mkint(FIXNUM_MAX));
  defconst("flo-near", mkfix(FE_TONEAREST));
  defconst("flo-down", mkfix(FE_DOWNWARD));
  defconst("flo-up", mkfix(FE_UPWARD));
  defconst("flo-zero", mkfix(FE_TOWARDZERO));
  defvar_builtin("*print-flo-precision*", mkfix(DBL_DIG));
  defvar_builtin("*print-flo-digits*", mkfix(3));
  defvar_builtin("*print-flo-format*", mkstr_utf8("~s"));
  defvar_builtin("*pprint-flo-format*", mkstr_utf8("~a"));
  init_flo_print_vars();
}

}  // namespace tine
