// Numbers: fixnums that overflow into GMP bignums, and floats.
// Representation, conversion, the arithmetic core and printing/parsing.
#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "lisp.hpp"
#include "number.hpp"
#include "udarith.hpp"

namespace tine {

Big *new_big() {
  Big *b = gc_obj<Big>(T::Big);
  mpz_init(b->z);
  return b;
}

val big_normalize(Big *b) {
  if (mpz_fits_slong_p(b->z)) {
    long n = mpz_get_si(b->z);
    if (fits_fixnum(n)) return mkfix(n);
  }
  return b;
}

val mkint(int64_t n) {
  if (fits_fixnum(n)) return mkfix(n);
  Big *b = new_big();
  mpz_set_si(b->z, n);
  return b;
}

val mkuint(uint64_t n) {
  if (n <= uint64_t(FIXNUM_MAX)) return mkfix(intptr_t(n));
  Big *b = new_big();
  mpz_set_ui(b->z, n);
  return b;
}

val mkfloat(double d) {
  Flo *f = static_cast<Flo *>(gc_atomic(sizeof(Flo)));
  f->type = T::Flo;
  f->d = d;
  return f;
}

bool integerp(val v) { return is_fixnum(v) || is(v, T::Big); }
bool floatp(val v) { return is(v, T::Flo); }
bool numberp(val v) { return integerp(v) || floatp(v); }

void to_mpz(val v, mpz_t out, const char *self) {
  if (is_fixnum(v))
    mpz_set_si(out, fixval(v));
  else if (is(v, T::Big))
    mpz_set(out, big(v)->z);
  else
    type_err(self, v, "an integer");
}

double c_double(val v, const char *self) {
  if (is_fixnum(v)) return double(fixval(v));
  if (is(v, T::Flo)) return flo(v);
  if (is(v, T::Big)) return mpz_get_d(big(v)->z);
  type_err(self, v, "a number");
}

int64_t c_int64(val v, const char *self) {
  if (is_fixnum(v)) return fixval(v);
  if (is(v, T::Big)) {
    if (mpz_fits_slong_p(big(v)->z)) return mpz_get_si(big(v)->z);
    range_err(self, "value out of range:", v);
  }
  type_err(self, v, "an integer");
}

uint64_t c_uint64(val v, const char *self) {
  if (is_fixnum(v)) {
    if (fixval(v) < 0) range_err(self, "negative value", v);
    return uint64_t(fixval(v));
  }
  if (is(v, T::Big)) {
    if (mpz_sgn(big(v)->z) >= 0 && mpz_fits_ulong_p(big(v)->z)) return mpz_get_ui(big(v)->z);
    range_err(self, "value out of range:", v);
  }
  type_err(self, v, "an integer");
}

intptr_t c_fixnum(val v, const char *self) {
  if (is_fixnum(v)) return fixval(v);
  if (is(v, T::Big)) range_err(self, "value out of range:", v);
  type_err(self, v, "an integer");
}

int c_int(val v, const char *self) {
  int64_t n = c_int64(v, self);
  if (n < INT32_MIN || n > INT32_MAX) range_err(self, "value out of range:", v);
  return int(n);
}

// Apply a GMP binary operation to two integers.
val big_op(val a, val b, void (*op)(mpz_ptr, mpz_srcptr, mpz_srcptr), const char *self) {
  MpzTemp x, y;
  to_mpz(a, x.z, self);
  to_mpz(b, y.z, self);
  Big *r = new_big();
  op(r->z, x.z, y.z);
  return big_normalize(r);
}

[[noreturn]] static void not_number(val v, const char *self) { type_err(self, v, "a number"); }

[[noreturn]] static void bad_operands(val a, val b, const char *self) {
  errorf(s_type_error, "~a: invalid operands ~s ~s", self, a, b);
}

// Characters take part only as TXR allows: char + int, int + char,
// char - int, char - char.
val num_add(val a, val b) {
  if (is_fixnum(a) && is_fixnum(b)) return mkint(int64_t(fixval(a)) + fixval(b));
  if (is_chr(a) && is_fixnum(b)) return mkchr(char32_t(intptr_t(chrval(a)) + fixval(b)));
  if (is_fixnum(a) && is_chr(b)) return mkchr(char32_t(intptr_t(chrval(b)) + fixval(a)));
  if (ud_p(a) || ud_p(b)) return ud_binary(a, b, "+", "+", "+");
  if (!numberp(a) || !numberp(b)) bad_operands(a, b, "+");
  if (floatp(a) || floatp(b)) return flo_result(c_double(a, "+") + c_double(b, "+"), "+");
  return big_op(a, b, mpz_add, "+");
}

val num_sub(val a, val b) {
  if (is_fixnum(a) && is_fixnum(b)) return mkint(int64_t(fixval(a)) - fixval(b));
  if (is_chr(a) && is_chr(b)) return mkfix(intptr_t(chrval(a)) - intptr_t(chrval(b)));
  if (is_chr(a) && is_fixnum(b)) return mkchr(char32_t(intptr_t(chrval(a)) - fixval(b)));
  if (ud_p(a) || ud_p(b)) return ud_binary(a, b, "-", "--", "-");
  if (!numberp(a) || !numberp(b)) bad_operands(a, b, "-");
  if (floatp(a) || floatp(b)) return flo_result(c_double(a, "-") - c_double(b, "-"), "-");
  return big_op(a, b, mpz_sub, "-");
}

val num_mul(val a, val b) {
  if (is_fixnum(a) && is_fixnum(b)) {
    int64_t r;
    if (!__builtin_mul_overflow(int64_t(fixval(a)), int64_t(fixval(b)), &r)) return mkint(r);
  }
  if (ud_p(a) || ud_p(b)) return ud_binary(a, b, "*", "*", "*");
  if (!numberp(a) || !numberp(b)) bad_operands(a, b, "*");
  if (floatp(a) || floatp(b)) return flo_result(c_double(a, "*") * c_double(b, "*"), "*");
  return big_op(a, b, mpz_mul, "*");
}

val num_neg(val a) {
  if (is_fixnum(a)) return mkint(-int64_t(fixval(a)));
  if (floatp(a)) return mkfloat(-flo(a));
  if (is(a, T::Big)) {
    Big *r = new_big();
    mpz_neg(r->z, big(a)->z);
    return big_normalize(r);
  }
  if (ud_p(a)) return ud_unary(a, "neg", "-");
  not_number(a, "-");
}

int num_cmp(val a, val b, const char *self) {
  if (is_fixnum(a) && is_fixnum(b)) return (fixval(a) > fixval(b)) - (fixval(a) < fixval(b));
  if (is_chr(a) && is_chr(b)) return (chrval(a) > chrval(b)) - (chrval(a) < chrval(b));
  if (!numberp(a)) {
    if (is_chr(a))
      a = mkfix(chrval(a));
    else
      not_number(a, self);
  }
  if (!numberp(b)) {
    if (is_chr(b))
      b = mkfix(chrval(b));
    else
      not_number(b, self);
  }
  if (floatp(a) || floatp(b)) {
    double x = c_double(a, self), y = c_double(b, self);
    return (x > y) - (x < y);
  }
  if (is_fixnum(a) && is_fixnum(b)) return (fixval(a) > fixval(b)) - (fixval(a) < fixval(b));
  MpzTemp x, y;
  to_mpz(a, x.z, self);
  to_mpz(b, y.z, self);
  int c = mpz_cmp(x.z, y.z);
  return (c > 0) - (c < 0);
}

bool num_zerop(val a) {
  if (is_fixnum(a)) return fixval(a) == 0;
  if (floatp(a)) return flo(a) == 0.0;
  if (is(a, T::Big)) return false;
  not_number(a, "zerop");
}

uint64_t num_hash(val n) {
  if (is_fixnum(n)) return uint64_t(fixval(n)) * 0x9E3779B97F4A7C15ull;
  if (floatp(n)) {
    double d = flo(n);
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    return bits * 0x9E3779B97F4A7C15ull;
  }
  uint64_t h = 1469598103934665603ull;
  size_t nlimbs = mpz_size(big(n)->z);
  for (size_t i = 0; i < nlimbs; ++i) h = (h ^ mpz_getlimbn(big(n)->z, i)) * 1099511628211ull;
  return h ^ uint64_t(mpz_sgn(big(n)->z));
}

// Drop the '+' and leading zeros of a printf exponent: 1e+05 -> 1e5.
static std::string tidy_exponent(std::string s) {
  size_t e = s.find('e');
  if (e == std::string::npos) return s;
  std::string mant = s.substr(0, e), ex = s.substr(e + 1);
  bool neg = !ex.empty() && ex[0] == '-';
  size_t i = (!ex.empty() && (ex[0] == '+' || ex[0] == '-')) ? 1 : 0;
  while (i + 1 < ex.size() && ex[i] == '0') ++i;
  return mant + "e" + (neg ? "-" : "") + ex.substr(i);
}

std::string flo_text(double d, int precision, bool readable) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  char buf[512];
  snprintf(buf, sizeof buf, "%.*g", precision < 1 ? 1 : precision > 300 ? 300 : precision, d);
  std::string s = tidy_exponent(buf);
  if (readable && s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::string flo_fixed_text(double d, int digits, bool exponent) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  char buf[512];
  snprintf(buf, sizeof buf, exponent ? "%.*e" : "%.*f", digits < 0 ? 0 : digits > 300 ? 300 : digits, d);
  return exponent ? tidy_exponent(buf) : std::string(buf);
}

static val print_flo_precision_sym;

void init_flo_print_vars() { print_flo_precision_sym = intern("*print-flo-precision*"); }

int flo_print_precision() {
  val p = print_flo_precision_sym ? sym(print_flo_precision_sym)->value : nullptr;
  return is_fixnum(p) ? int(fixval(p)) : DBL_DIG;
}

val flo_result(double d, const char *self) {
  if (!std::isfinite(d)) errorf(s_numeric_error, "~a: out-of-range floating-point result", self);
  return mkfloat(d);
}

std::string num_repr(val n) {
  if (is_fixnum(n)) return std::to_string(fixval(n));
  if (floatp(n)) return flo_text(flo(n), flo_print_precision(), true);
  char *s = mpz_get_str(nullptr, 10, big(n)->z);
  std::string r = s;
  return r;
}

val num_to_str(val n, int base) {
  if (floatp(n)) return mkstr_utf8(flo_text(flo(n), flo_print_precision(), false));
  MpzTemp x;
  to_mpz(n, x.z, "num-str");
  char *s = mpz_get_str(nullptr, base, x.z);
  return mkstr_utf8(s);
}

static int digit_value(char32_t c) {
  if (c >= '0' && c <= '9') return int(c - '0');
  if (c >= 'a' && c <= 'z') return int(c - 'a' + 10);
  if (c >= 'A' && c <= 'Z') return int(c - 'A' + 10);
  return 99;
}

static val parse_integer(std::u32string_view s, int base) {
  bool neg = false;
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  if (i == s.size()) return nullptr;
  std::string digits;
  for (; i < s.size(); ++i) {
    if (digit_value(s[i]) >= base) return nullptr;
    digits.push_back(char(s[i]));
  }
  if (digits.size() <= 15 && base <= 10) {
    int64_t v = strtoll(digits.c_str(), nullptr, base);
    return mkint(neg ? -v : v);
  }
  Big *b = new_big();
  mpz_set_str(b->z, digits.c_str(), base);
  if (neg) mpz_neg(b->z, b->z);
  return big_normalize(b);
}

static val parse_float(std::u32string_view s, bool *syntax_ok = nullptr) {
  // digits with one of: a '.' followed by digits, or an exponent.
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++int_digits;
  bool dot = false, expo = false;
  if (i < s.size() && s[i] == '.') {
    dot = true;
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return nullptr;
  if (dot && frac_digits == 0 && int_digits == 0) return nullptr;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    expo = true;
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t ed = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++ed;
    if (ed == 0) return nullptr;
  }
  if (i != s.size() || (!dot && !expo)) return nullptr;
  if (syntax_ok) *syntax_ok = true;
  std::string text = utf8_encode(s);
  double d = strtod(text.c_str(), nullptr);
  if (std::isinf(d)) return nullptr;  // out of range: not a number at all
  return mkfloat(d);
}

bool float_out_of_range(std::u32string_view s) {
  bool syntax_ok = false;
  return !parse_float(s, &syntax_ok) && syntax_ok;
}

val str_to_num(std::u32string_view s, int base) {
  if (s.empty()) return nullptr;
  if (base == 10) {
    if (val n = parse_integer(s, 10)) return n;
    return parse_float(s);
  }
  return parse_integer(s, base);
}

}  // namespace tine
