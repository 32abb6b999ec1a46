// Number predicates, successors, gcd/lcm, and conversions between integers,
// floats and text.
#include <gmp.h>

#include <cmath>
#include <cstdlib>

#include "lisp.hpp"
#include "number.hpp"
#include "udarith.hpp"

namespace tine {

[[noreturn]] static void not_number(val v, const char *self) {
  errorf(s_type_error, "~a: ~s is not a number", self, v);
}
[[noreturn]] static void not_integer(val v, const char *self) {
  errorf(s_type_error, "~a: ~s is not an integer", self, v);
}

// ---- predicates ---------------------------------------------------------------------

static bool zerop(val x, const char *self) {
  if (is_chr(x)) return chrval(x) == 0;
  if (is(x, T::Range)) return zerop(static_cast<Range *>(x)->from, self) && zerop(static_cast<Range *>(x)->to, self);
  if (ud_p(x)) return ud_unary(x, "zerop", self) != nullptr;
  if (!numberp(x)) not_number(x, self);
  return num_zerop(x);
}

static val bi_zerop(const Args &a) {
  if (ud_p(a[0])) return ud_unary(a[0], "zerop", a.name());
  return boolv(zerop(a[0], a.name()));
}
static val bi_nzerop(const Args &a) { return boolv(!zerop(a[0], a.name())); }

static int sign_of(val x, const char *method, const char *self) {
  if (is_chr(x)) return chrval(x) != 0;
  if (!numberp(x)) not_number(x, self);
  return num_cmp(x, mkfix(0), self);
}

static val bi_plusp(const Args &a) {
  if (ud_p(a[0])) return ud_unary(a[0], "plusp", a.name());
  return boolv(sign_of(a[0], "plusp", a.name()) > 0);
}

static val bi_minusp(const Args &a) {
  if (ud_p(a[0])) return ud_unary(a[0], "minusp", a.name());
  return boolv(sign_of(a[0], "minusp", a.name()) < 0);
}

static bool int_odd(val v, const char *self) {
  if (is_fixnum(v)) return fixval(v) & 1;
  if (is(v, T::Big)) return mpz_odd_p(big(v)->z);
  not_integer(v, self);
}

static val bi_oddp(const Args &a) {
  if (ud_p(a[0])) return ud_unary(a[0], "oddp", a.name());
  return boolv(int_odd(a[0], a.name()));
}

static val bi_evenp(const Args &a) {
  if (ud_p(a[0])) return ud_unary(a[0], "evenp", a.name());
  return boolv(!int_odd(a[0], a.name()));
}

static val bi_numberp(const Args &a) { return boolv(numberp(a[0])); }
static val bi_integerp(const Args &a) { return boolv(integerp(a[0])); }
static val bi_fixnump(const Args &a) { return boolv(is_fixnum(a[0])); }
static val bi_bignump(const Args &a) { return boolv(is(a[0], T::Big)); }
static val bi_floatp(const Args &a) { return boolv(floatp(a[0])); }

static val bi_arithp(const Args &a) {
  val x = a[0];
  return boolv(numberp(x) || is_chr(x) || is(x, T::Range) || ud_arithp(x));
}

static val bi_succ(const Args &a) { return num_add(a[0], mkfix(1)); }
static val bi_ssucc(const Args &a) { return num_add(a[0], mkfix(2)); }
static val bi_sssucc(const Args &a) { return num_add(a[0], mkfix(3)); }
static val bi_pred(const Args &a) { return num_sub(a[0], mkfix(1)); }
static val bi_ppred(const Args &a) { return num_sub(a[0], mkfix(2)); }
static val bi_pppred(const Args &a) { return num_sub(a[0], mkfix(3)); }

// ---- gcd, lcm, divides -----------------------------------------------------------------

static void integer_operand(val v, const Args &a) {
  if (!integerp(v)) {
    std::u32string text;
    errorf(s_error, "~a: non-integral operand ~s", a.name(), v);
  }
}

// Magnitudes, so that (gcd -12 -9) is 3 and (lcm -3 -4) is 12, as the
// manual has it.
static val bi_gcd(const Args &a) {
  MpzTemp acc, x;
  for (int i = 0; i < a.n; ++i) {
    integer_operand(a[i], a);
    to_mpz(a[i], x.z, a.name());
    mpz_gcd(acc.z, acc.z, x.z);
  }
  Big *r = new_big();
  mpz_set(r->z, acc.z);
  return big_normalize(r);
}

static val bi_lcm(const Args &a) {
  MpzTemp acc, x;
  mpz_set_ui(acc.z, 1);
  for (int i = 0; i < a.n; ++i) {
    integer_operand(a[i], a);
    to_mpz(a[i], x.z, a.name());
    mpz_lcm(acc.z, acc.z, x.z);
  }
  Big *r = new_big();
  mpz_set(r->z, acc.z);
  return big_normalize(r);
}

static val bi_divides(const Args &a) {
  integer_operand(a[0], a);
  integer_operand(a[1], a);
  if (num_zerop(a[0])) return nullptr;
  MpzTemp d, n;
  to_mpz(a[0], d.z, a.name());
  to_mpz(a[1], n.z, a.name());
  return boolv(mpz_divisible_p(n.z, d.z));
}

// ---- conversions ------------------------------------------------------------------------

val float_to_int(double d, const char *self);

static val int_from_float(val f, const char *self) { return float_to_int(std::trunc(flo(f)), self); }

static val float_from_int(val n, const char *self) {
  if (is_fixnum(n)) return mkfloat(double(fixval(n)));
  return flo_result(mpz_get_d(big(n)->z), self);
}

static val bi_int_flo(const Args &a) {
  if (!floatp(a[0])) errorf(s_type_error, "~a: ~s is not a float", a.name(), a[0]);
  return int_from_float(a[0], a.name());
}

static val bi_flo_int(const Args &a) {
  if (!integerp(a[0])) not_integer(a[0], a.name());
  return float_from_int(a[0], a.name());
}

static int radix_arg(val r, const char *self) {
  if (missing(r) || !r) return 10;
  if (r == mkchr('c')) return 0;  // C notation: 0x.. hex, 0.. octal
  int b = c_int(r, self);
  if (b < 2 || b > 36) range_err(self, "radix out of range:", r);
  return b;
}

static int digit_value(char32_t c) {
  if (c >= '0' && c <= '9') return int(c - '0');
  if (c >= 'a' && c <= 'z') return int(c - 'a' + 10);
  if (c >= 'A' && c <= 'Z') return int(c - 'A' + 10);
  return 99;
}

static size_t skip_space(std::u32string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' || s[i] == '\v'))
    ++i;
  return i;
}

// The leading integer of s in a radix (0: C notation), or nil.
static val leading_integer(std::u32string_view s, int base) {
  size_t i = skip_space(s);
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  if (base == 0) {
    base = 10;
    if (i < s.size() && s[i] == '0') {
      if (i + 1 < s.size() && (s[i + 1] == 'x' || s[i + 1] == 'X'))
        base = 16, i += 2;
      else
        base = 8;
    }
  }
  size_t j = i;
  while (j < s.size() && digit_value(s[j]) < base) ++j;
  if (j == i) return nullptr;
  std::u32string digits(s.substr(i, j - i));
  val n = str_to_num(digits, base);
  return neg ? num_neg(n) : n;
}

// The longest leading float notation of s (space, sign, digits with at
// most one point, optional exponent), or nil; out of range is nil.
static val leading_float(std::u32string_view s, bool *is_float) {
  size_t i = skip_space(s), start = i;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = 0;
  bool point = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9')
      ++digits;
    else if (s[i] == '.' && !point)
      point = true;
    else
      break;
  }
  if (digits == 0) return nullptr;
  bool exponent = false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t k = i + 1;
    if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
    size_t d = k;
    while (k < s.size() && s[k] >= '0' && s[k] <= '9') ++k;
    if (k > d) i = k, exponent = true;
  }
  if (is_float) *is_float = point || exponent;
  std::string text = utf8_encode(s.substr(start, i - start));
  double d = strtod(text.c_str(), nullptr);
  if (std::isinf(d)) return nullptr;
  return mkfloat(d);
}

static val bi_int_str(const Args &a) {
  return leading_integer(sv(str_checked(a[0], a.name())), radix_arg(a[1], a.name()));
}

static val bi_flo_str(const Args &a) { return leading_float(sv(str_checked(a[0], a.name())), nullptr); }

// Float if the digits run into a point or an exponent, else integer.
static val num_from_str(std::u32string_view s) {
  size_t i = skip_space(s);
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i < s.size() && (s[i] == '.' || s[i] == 'e' || s[i] == 'E')) return leading_float(s, nullptr);
  return leading_integer(s, 10);
}

static val bi_num_str(const Args &a) { return num_from_str(sv(str_checked(a[0], a.name()))); }

static val to_float(val v, bool zero_default, const char *self) {
  if (floatp(v)) return v;
  if (integerp(v)) return float_from_int(v, self);
  if (ud_p(v)) {
    val r = ud_unary(v, "tofloat", self);
    return !r && zero_default ? mkfloat(0.0) : r;
  }
  if (is_chr(v)) v = mkstr(std::u32string(1, chrval(v)));
  if (stringp(v)) {
    val r = leading_float(sv(v), nullptr);
    return !r && zero_default ? mkfloat(0.0) : r;
  }
  if (!v && zero_default) return mkfloat(0.0);
  errorf(s_type_error, "~a: cannot convert ~s to float", self, v);
}

static val to_int(val v, val radix, bool zero_default, const char *self) {
  if (integerp(v)) return v;
  if (floatp(v)) return int_from_float(v, self);
  if (ud_p(v)) {
    val r = ud_unary(v, "toint", self);
    return !r && zero_default ? mkfix(0) : r;
  }
  if (is_chr(v)) v = mkstr(std::u32string(1, chrval(v)));
  if (stringp(v)) {
    val r = leading_integer(sv(v), radix_arg(radix, self));
    return !r && zero_default ? mkfix(0) : r;
  }
  if (!v && zero_default) return mkfix(0);
  errorf(s_type_error, "~a: cannot convert ~s to integer", self, v);
}

static val bi_tofloat(const Args &a) { return to_float(a[0], false, a.name()); }
static val bi_tofloatz(const Args &a) { return to_float(a[0], true, a.name()); }
static val bi_toint(const Args &a) { return to_int(a[0], a[1], false, a.name()); }
static val bi_tointz(const Args &a) { return to_int(a[0], a[1], true, a.name()); }

static const BuiltinDef numconv_builtins[] = {
    {"zerop", 1, 0, false, bi_zerop},     {"nzerop", 1, 0, false, bi_nzerop},
    {"plusp", 1, 0, false, bi_plusp},     {"minusp", 1, 0, false, bi_minusp},
    {"oddp", 1, 0, false, bi_oddp},       {"evenp", 1, 0, false, bi_evenp},
    {"numberp", 1, 0, false, bi_numberp}, {"integerp", 1, 0, false, bi_integerp},
    {"fixnump", 1, 0, false, bi_fixnump}, {"bignump", 1, 0, false, bi_bignump},
    {"floatp", 1, 0, false, bi_floatp},   {"arithp", 1, 0, false, bi_arithp},
    {"succ", 1, 0, false, bi_succ},       {"ssucc", 1, 0, false, bi_ssucc},
    {"sssucc", 1, 0, false, bi_sssucc},   {"pred", 1, 0, false, bi_pred},
    {"ppred", 1, 0, false, bi_ppred},     {"pppred", 1, 0, false, bi_pppred},
    {"gcd", 0, 0, true, bi_gcd},          {"lcm", 0, 0, true, bi_lcm},
    {"divides", 2, 0, false, bi_divides}, {"int-flo", 1, 0, false, bi_int_flo},
    {"flo-int", 1, 0, false, bi_flo_int}, {"int-str", 1, 1, false, bi_int_str},
    {"flo-str", 1, 0, false, bi_flo_str}, {"num-str", 1, 0, false, bi_num_str},
    {"tofloat", 1, 0, false, bi_tofloat}, {"tofloatz", 1, 0, false, bi_tofloatz},
    {"toint", 1, 1, false, bi_toint},     {"tointz", 1, 1, false, bi_tointz},
};

void init_numconv() { register_builtins(numconv_builtins); }

}  // namespace tine
