// format and fmt, with TXR's directive language:
//   ~[<|^][-][width|*][,[0][+|-| ][precision|*]]letter
// letters a s d x X o b f e p !, and ~~.  Numbers are set into their field
// in two steps, as TXR's manual describes: the printed digits first, then
// padding to an "effective precision" with spaces or zeros, the sign
// (or the 0 / space that the - and space options put in its place), and
// alignment within the field width.
#include <wchar.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <cwctype>

#include "lisp.hpp"
#include "number.hpp"
#include "printer.hpp"
#include "stream.hpp"

namespace tine {

namespace {

enum class Align { Right, Left, Center };

struct Directive {
  Align align = Align::Right;
  long width = 0;
  long precision = 0;
  bool precision_given = false;
  bool zeropad = false;
  char sign = 0;  // '+', '-' or ' ' from the precision part
  char32_t letter = 0;
};

// The arguments after the format string, consumed left to right.
struct ArgCursor {
  const Args &a;
  int i;
  const char *self;
  val next() {
    if (i >= a.n) errorf(s_assert_error, "~a: insufficient arguments", self);
    return a[i++];
  }
};

}  // namespace

// Columns a character takes on a terminal: wide East Asian characters two,
// control characters none.
static int display_width(char32_t c) {
  if (std::iswcntrl(wint_t(c))) return 0;
  int w = wcwidth(wchar_t(c));
  return w == 2 ? 2 : 1;
}

static void align_into(std::u32string &out, std::u32string_view text, size_t text_width, long width, Align al) {
  size_t slack = long(text_width) < width ? size_t(width) - text_width : 0;
  size_t left = al == Align::Right ? slack : al == Align::Center ? slack / 2 : 0;
  out.append(left, U' ');
  out += text;
  out.append(slack - left, U' ');
}

// Non-numbers: the precision truncates to that many columns, unless even
// the truncated text would overflow the field, which is then printed whole.
static void format_text(std::u32string &out, std::u32string_view text, const Directive &d) {
  size_t fit = 0, n = 0;
  bool whole = d.width == 0 && d.precision == 0;
  if (!whole) {
    for (char32_t c : text) {
      size_t cw = size_t(display_width(c));
      if (d.precision && long(fit + cw) > d.precision) break;
      if (d.width && long(fit + cw) > d.width) {
        whole = true;
        break;
      }
      fit += cw;
      ++n;
    }
  }
  if (whole) {
    fit = 0;
    for (char32_t c : text) fit += size_t(display_width(c));
    return align_into(out, text, fit, 0, d.align);
  }
  align_into(out, text.substr(0, n), fit, d.width, d.align);
}

// The second step for numbers: text is the printed number (maybe with a
// leading '-'), eff the effective precision.
static void format_number(std::u32string &out, std::string text, const Directive &d, long eff) {
  bool negative = !text.empty() && text[0] == '-';
  std::string digits = negative ? text.substr(1) : text;
  long pad = eff > long(digits.size()) ? eff - long(digits.size()) : 0;
  char sign = negative ? '-' : d.sign == '+' ? '+' : 0;
  std::string body;
  if (!d.zeropad) body.append(size_t(pad), ' ');
  if (sign) {
    body.push_back(sign);
  } else if ((d.sign == '-' || d.sign == ' ') &&
             long(body.size() + size_t(d.zeropad ? pad : 0) + digits.size()) + 1 <= d.width) {
    body.push_back(d.sign == '-' ? '0' : ' ');  // in the sign's place, when it fits the field
  }
  if (d.zeropad) body.append(size_t(pad), '0');
  body += digits;
  std::u32string u(body.begin(), body.end());
  align_into(out, u, u.size(), d.width, d.align);
}

// Integer effective precision: the precision, limited to one less than a
// nonzero width.
static long int_effective(const Directive &d) {
  if (d.width <= 0) return d.precision;
  return std::min(d.precision, d.width - 1);
}

static long float_effective(const Directive &d, long precision) {
  long w = d.width > 0 ? d.width : 0;
  return std::max(0L, std::min(precision, w - 1));
}

// Drop the exponent's + and leading zeros: 1.5e+07 -> 1.5e7, 1e-05 -> 1e-5.
static std::string tidy_exponent(std::string s, bool keep_zero) {
  size_t e = s.find('e');
  if (e == std::string::npos) return s;
  std::string mant = s.substr(0, e + 1), exp = s.substr(e + 1);
  std::string out_exp;
  size_t i = 0;
  if (i < exp.size() && (exp[i] == '+' || exp[i] == '-')) {
    if (exp[i] == '-') out_exp.push_back('-');
    ++i;
  }
  while (i < exp.size() && exp[i] == '0') ++i;
  out_exp += exp.substr(i);
  if (out_exp.empty() || out_exp == "-") out_exp += keep_zero ? "0" : "";
  return mant + out_exp;
}

static val print_flo_precision, print_flo_digits, print_base;

static long var_long(val var, long dflt) {
  val v = sym(var)->value;
  return is_fixnum(v) ? long(fixval(v)) : dflt;
}

// ~a / ~s of a float: precision significant figures (at least one).
static std::string float_sig_text(double x, long precision, bool readable, bool precision_given) {
  char buf[600];
  snprintf(buf, sizeof buf, "%.*g", int(precision < 1 ? 1 : precision), x);
  std::string s = tidy_exponent(buf, false);
  if (readable && (!precision_given || precision > 0) && s.find_first_of(".e") == std::string::npos &&
      s.find_first_of("0123456789") != std::string::npos && s.find("inf") == std::string::npos &&
      s.find("nan") == std::string::npos)
    s += ".0";
  return s;
}

static std::string integer_text(val v, int base, bool upper, const char *self) {
  std::string s = utf8(num_to_str(v, base));
  if (upper)
    for (auto &c : s) c = char(toupper(c));
  return s;
}

static double number_as_double(val v, char32_t letter, const char *self) {
  if (!numberp(v)) errorf(s_error, "~a: ~~~a conversion requires numeric arg: ~s given", self, mkchr(letter), v);
  return c_double(v, self);
}

// ~x ~X ~o ~b: integers, characters (their code) and, for hex, bufs.
static std::string radix_text(val v, char32_t letter, const char *self) {
  int base = letter == 'o' ? 8 : letter == 'b' ? 2 : 16;
  bool upper = letter == 'X';
  if (is_chr(v)) v = mkfix(intptr_t(chrval(v)));
  if (is(v, T::Buf) && base == 16) {
    static const char lower_digits[] = "0123456789abcdef", upper_digits[] = "0123456789ABCDEF";
    const char *dg = upper ? upper_digits : lower_digits;
    Buf *b = buf_of(v);
    std::string s;
    for (size_t i = 0; i < b->len; ++i) {
      s.push_back(dg[b->data[i] >> 4]);
      s.push_back(dg[b->data[i] & 15]);
    }
    return s;
  }
  if (!integerp(v)) type_err(self, v, "an integer");
  return integer_text(v, base, upper, self);
}

static void format_aesthetic(std::u32string &out, val v, const Directive &d, const char *self) {
  bool readable = d.letter == 's';
  if (integerp(v)) {
    long base = var_long(print_base, 10);
    if (base != 2 && base != 8 && base != 16) base = 10;
    return format_number(out, integer_text(v, int(base), false, self), d, int_effective(d));
  }
  if (floatp(v)) {
    long prec = d.precision_given ? d.precision : var_long(print_flo_precision, 15);
    std::string s = float_sig_text(c_double(v, self), prec, readable, d.precision_given);
    if (s.find_first_of("0123456789") == std::string::npos) {
      std::u32string t(s.begin(), s.end());
      return format_text(out, t, Directive{d.align, d.width});
    }
    return format_number(out, s, d, float_effective(d, prec));
  }
  std::u32string text;
  print_to(v, text, readable);
  format_text(out, text, d);
}

static void format_fixed(std::u32string &out, val v, const Directive &d, const char *self) {
  double x = number_as_double(v, d.letter, self);
  long prec = d.precision_given ? d.precision : var_long(print_flo_digits, 3);
  if (prec > 500) errorf(s_error, "~a: excessive precision in format: ~s", self, mkint(prec));
  std::string s;
  if (d.letter == 'e') {
    char buf[700];
    snprintf(buf, sizeof buf, "%.*e", int(prec), x);
    s = tidy_exponent(buf, true);
  } else {
    int n = snprintf(nullptr, 0, "%.*f", int(prec), x);
    s.resize(size_t(n) + 1);
    snprintf(s.data(), s.size(), "%.*f", int(prec), x);
    s.resize(size_t(n));
  }
  format_number(out, s, d, d.width > 0 ? d.width - 1 : 0);
}

// Reads the width or precision digits, or * taking the next argument.
static bool read_count(std::u32string_view f, size_t &i, ArgCursor &args, long *out) {
  if (i < f.size() && f[i] == '*') {
    ++i;
    *out = long(c_int(args.next(), args.self));
    return true;
  }
  size_t start = i;
  long n = 0;
  while (i < f.size() && f[i] >= '0' && f[i] <= '9') {
    n = n * 10 + long(f[i++] - '0');
    if (n > 999999) errorf(s_assert_error, "~a: ridiculous precision or field", args.self);  // TXR's type and text
  }
  *out = n;
  return i > start;
}

static bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }

// Parses after the ~; i ends on the directive letter.
static Directive parse_directive(std::u32string_view f, size_t &i, ArgCursor &args) {
  Directive d;
  bool negative = false;
  for (; i < f.size(); ++i) {
    if (f[i] == '<')
      d.align = Align::Left;
    else if (f[i] == '^')
      d.align = Align::Center;
    else if (f[i] == '-')
      negative = true;
    else
      break;
  }
  long w;
  if (read_count(f, i, args, &w)) {
    if (w < 0) {
      w = -w;
      negative = true;
    }
    d.width = w;
  }
  if (negative) d.align = Align::Left;
  if (i < f.size() && f[i] == ',') {
    ++i;
    for (; i < f.size(); ++i) {
      char32_t c = f[i];
      if (c == '+' || c == '-' || c == ' ')
        d.sign = char(c);
      else if (c == '0' && i + 1 < f.size() &&
               (is_digit(f[i + 1]) || (f[i + 1] < 128 && strchr("*+- ", int(f[i + 1])))))
        d.zeropad = true;  // a 0 that is not the whole precision
      else
        break;
    }
    long p;
    if (read_count(f, i, args, &p)) {
      d.precision = p < 0 ? 0 : p;
      d.precision_given = true;
    }
  }
  if (i >= f.size()) errorf(s_error, "~a: missing format directive character", args.self);
  d.letter = f[i];
  return d;
}

// Hanging indentation (~!): newlines produced after it are followed by
// this many spaces.  The column is counted from the start of this format
// call's output.
static size_t current_column(const std::u32string &out) {
  size_t nl = out.rfind(U'\n');
  return nl == std::u32string::npos ? out.size() : out.size() - nl - 1;
}

static void indent_newlines(std::u32string &out, size_t from, long indent) {
  if (indent <= 0) return;
  std::u32string pad(size_t(indent), U' ');
  for (size_t p = out.find(U'\n', from); p != std::u32string::npos; p = out.find(U'\n', p + 1)) {
    out.insert(p + 1, pad);
    p += pad.size();
  }
}

val format_str(val fmtv, const Args &a, int argi, const char *self) {
  std::u32string_view f = sv(str_checked(fmtv, self));
  std::u32string out;
  ArgCursor args{a, argi, self};
  long indent = -1;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '~') {
      out.push_back(f[i]);
      if (f[i] == '\n' && indent > 0) out.append(size_t(indent), U' ');
      continue;
    }
    ++i;
    if (i < f.size() && f[i] == '~') {
      out.push_back('~');
      continue;
    }
    Directive d = parse_directive(f, i, args);
    size_t mark = out.size();
    switch (d.letter) {
      case 'a':
      case 's': format_aesthetic(out, args.next(), d, self); break;
      case 'd': {
        val v = args.next();
        if (is_chr(v)) v = mkfix(intptr_t(chrval(v)));
        if (integerp(v)) {
          format_number(out, integer_text(v, 10, false, self), d, int_effective(d));
        } else {
          d.letter = 's';  // as TXR does for other objects
          format_aesthetic(out, v, d, self);
        }
        break;
      }
      case 'x':
      case 'X':
      case 'o':
      case 'b': format_number(out, radix_text(args.next(), d.letter, self), d, int_effective(d)); break;
      case 'f':
      case 'e': format_fixed(out, args.next(), d, self); break;
      case 'p': {
        char buf[32];
        snprintf(buf, sizeof buf, "%lx", static_cast<unsigned long>(reinterpret_cast<uintptr_t>(args.next())));
        format_number(out, buf, d, int_effective(d));
        break;
      }
      case '!': {
        long col = long(current_column(out));
        indent = d.align == Align::Left ? d.width : col + d.width;
        break;
      }
      default: errorf(s_error, "~a: unknown format directive character ~s", self, mkchr(d.letter));
    }
    if (indent > 0) indent_newlines(out, mark, indent);
  }
  if (args.i < a.n) errorf(s_assert_error, "~a: excess arguments", self);
  return mkstr(out);
}

// (format destination fmt arg*): nil returns a string, t writes to *stdout*.
static val bi_format(const Args &a) {
  val text = format_str(a[1], a, 2, a.name());
  if (!a[0]) return text;
  Stream *s = stream_arg(a[0] == s_t ? current_output() : a[0], current_output(), a.name());
  s->put_string(sv(text));
  return s_t;
}

static val bi_fmt(const Args &a) { return format_str(a[0], a, 1, a.name()); }

static const BuiltinDef format_builtins[] = {
    {"format", 2, 0, true, bi_format},
    {"fmt", 1, 0, true, bi_fmt},
};

static val defvar_default(const char *name, val value) {
  val s = intern(name);
  if (sym(s)->value == UNBOUND) defvar_builtin(name, value);
  sym(s)->special = 1;
  return s;
}

void init_format() {
  register_builtins(format_builtins);
  print_flo_precision = defvar_default("*print-flo-precision*", mkfix(15));
  print_flo_digits = defvar_default("*print-flo-digits*", mkfix(3));
  print_base = defvar_default("*print-base*", mkfix(10));
}

}  // namespace tine
