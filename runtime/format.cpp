// format: ~a ~s ~d ~x ~X ~o ~b ~f ~e ~c ~p ~% ~~ with field width,
// precision and alignment (< left, > right, ^ centre).
#include <cmath>
#include <cstdio>

#include "lisp.hpp"
#include "number.hpp"
#include "printer.hpp"
#include "stream.hpp"

namespace tine {

struct Directive {
  char align = 0;  // 0: default for the directive
  int width = -1, precision = -1;
  char kind = 0;
};

static void pad(std::u32string &out, std::u32string_view text, const Directive &d, char dflt_align) {
  size_t w = d.width < 0 ? 0 : size_t(d.width);
  if (text.size() >= w) {
    out += text;
    return;
  }
  size_t fill = w - text.size();
  char align = d.align ? d.align : dflt_align;
  size_t left = align == '>' ? fill : align == '^' ? fill / 2 : 0;
  out.append(left, U' ');
  out += text;
  out.append(fill - left, U' ');
}

static std::u32string int_text(val v, int base, bool upper, const char *self) {
  if (!integerp(v)) {
    std::u32string s;
    print_to(v, s, false);
    return s;
  }
  std::u32string s(sv(num_to_str(v, base)));
  if (upper)
    for (auto &c : s) c = (c >= 'a' && c <= 'z') ? c - 32 : c;
  return s;
}

static std::u32string float_text(val v, char kind, int prec, const char *self) {
  if (!numberp(v)) type_err(self, v, "a number");
  char buf[512];
  snprintf(buf, sizeof buf, kind == 'e' ? "%.*e" : "%.*f", prec < 0 ? 3 : prec, c_double(v, self));
  return utf8_decode(buf);
}

static int parse_num_or_star(const std::u32string_view f, size_t &i, const Args &a, int &argi, const char *self) {
  if (i < f.size() && f[i] == '*') {
    ++i;
    if (argi >= a.n) errorf(s_error, "~a: not enough arguments for format", self);
    return c_int(a[argi++], self);
  }
  int n = -1;
  while (i < f.size() && f[i] >= '0' && f[i] <= '9') n = (n < 0 ? 0 : n * 10) + int(f[i++] - '0');
  return n;
}

val format_str(val fmtv, const Args &a, int argi, const char *self) {
  std::u32string_view f = sv(str_checked(fmtv, self));
  std::u32string out;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '~') {
      out.push_back(f[i]);
      continue;
    }
    Directive d;
    ++i;
    if (i < f.size() && (f[i] == '<' || f[i] == '>' || f[i] == '^')) d.align = char(f[i++]);
    d.width = parse_num_or_star(f, i, a, argi, self);
    if (i < f.size() && f[i] == ',') ++i;  // tolerate ~5,2f
    if (i < f.size() && f[i] == '.') {
      ++i;
      d.precision = parse_num_or_star(f, i, a, argi, self);
      if (d.precision < 0) d.precision = 0;
    }
    if (i >= f.size()) errorf(s_error, "~a: incomplete directive in ~s", self, fmtv);
    d.kind = char(f[i]);
    if (d.kind == '%') {
      out.append(d.width > 0 ? size_t(d.width) : 1, U'\n');
      continue;
    }
    if (d.kind == '~') {
      out.push_back('~');
      continue;
    }
    if (argi >= a.n) errorf(s_error, "~a: not enough arguments for format string ~s", self, fmtv);
    val arg = a[argi++];
    std::u32string text;
    switch (d.kind) {
      case 'a':
      case 's':
        print_to(arg, text, d.kind == 's');
        if (d.precision >= 0 && text.size() > size_t(d.precision)) text.resize(size_t(d.precision));
        pad(out, text, d, '<');
        break;
      case 'd': pad(out, int_text(arg, 10, false, self), d, '>'); break;
      case 'x': pad(out, int_text(arg, 16, false, self), d, '>'); break;
      case 'X': pad(out, int_text(arg, 16, true, self), d, '>'); break;
      case 'o': pad(out, int_text(arg, 8, false, self), d, '>'); break;
      case 'b': pad(out, int_text(arg, 2, false, self), d, '>'); break;
      case 'f':
      case 'e': pad(out, float_text(arg, d.kind, d.precision, self), d, '>'); break;
      case 'c':
        if (!is_chr(arg)) type_err(self, arg, "a character");
        pad(out, std::u32string(1, chrval(arg)), d, '<');
        break;
      case 'p': {
        char buf[32];
        snprintf(buf, sizeof buf, "%p", static_cast<void *>(arg));
        pad(out, utf8_decode(buf), d, '>');
        break;
      }
      default: errorf(s_error, "~a: unknown directive ~~~a in ~s", self, mkchr(char32_t(d.kind)), fmtv);
    }
  }
  if (argi < a.n) {
    // Extra arguments are tolerated, as in TXR.
  }
  return mkstr(out);
}

// (format destination fmt arg*): nil returns a string, t writes to *stdout*.
static val bi_format(const Args &a) {
  val text = format_str(a[1], a, 2, a.name());
  if (!a[0]) return text;
  Stream *s = stream_arg(a[0] == s_t ? current_output() : a[0], current_output(), a.name());
  s->put_string(sv(text));
  return nullptr;
}

static val bi_fmt(const Args &a) { return format_str(a[0], a, 1, a.name()); }

static const BuiltinDef format_builtins[] = {
    {"format", 2, 0, true, bi_format},
    {"fmt", 1, 0, true, bi_fmt},
};

void init_format() { register_builtins(format_builtins); }

}  // namespace tine
