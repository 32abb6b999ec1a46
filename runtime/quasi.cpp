// Quasi-string fields with modifiers, @{x 10} @{x -10} @{list ","} @{x [1..3]}
// @{x :filter :upcase}: select (index), separate (sequences), then pad.
#include <cwctype>

#include "printer.hpp"
#include "text.hpp"

namespace tine {

static val s_quasi_field, k_filter, k_upcase, k_downcase;

val quasi_field_form(val part) {
  val expr = car(cdr(part));
  val width = nullptr, sep = nullptr, index = nullptr, filter = nullptr;
  for (val m = car(cdr(cdr(part))); consp(m); m = cdr(m)) {
    val x = car(m);
    if (integerp(x))
      width = x;
    else if (stringp(x))
      sep = x;
    else if (consp(x) && car(x) == s_dwim)
      index = car(cdr(x));
    else if (x == k_filter && consp(cdr(m)))
      filter = car(m = cdr(m));
    else
      errorf(s_error, "quasi-string: bad field modifier ~s", x);
  }
  return list({s_quasi_field, expr, width, sep, index, list({s_quote, filter})});
}

static void hex_pairs(val buf, std::u32string_view sep, std::u32string &out) {
  static const char digits[] = "0123456789abcdef";
  Buf *b = buf_of(buf);
  for (size_t i = 0; i < b->len; ++i) {
    if (i && !sep.empty()) out += sep;
    out.push_back(char32_t(digits[b->data[i] >> 4]));
    out.push_back(char32_t(digits[b->data[i] & 15]));
  }
}

// The text of a value: strings as they are (their characters separated
// when a separator is given), bufs in hex, other sequences element by
// element with the separator (a space by default).
void quasi_text(val v, val sep, std::u32string &out) {
  if (stringp(v)) {
    if (!sep) {
      out += sv(v);
      return;
    }
    std::u32string_view s = sv(v);
    for (size_t i = 0; i < s.size(); ++i) {
      if (i) out += sv(sep);
      out.push_back(s[i]);
    }
    return;
  }
  if (is(v, T::Buf)) return hex_pairs(v, sep ? sv(sep) : std::u32string_view(), out);
  if (consp(v) || is(v, T::Vec)) {
    bool first = true;
    for (SeqIter it(v, "quasi-string");;) {
      val x;
      if (!it.next(&x)) break;
      if (!first) out += sep ? sv(sep) : std::u32string_view(U" ");
      first = false;
      print_to(x, out, false);
    }
    return;
  }
  if (v) print_to(v, out, false);
}

static val select(val v, val index, const char *self) {
  if (!index) return v;
  // Other objects than lists, vectors and strings are indexed as the text
  // they print as: @{num [1..:]} drops a digit.
  if (v && !consp(v) && !stringp(v) && !is(v, T::Vec)) {
    std::u32string text;
    print_to(v, text, false);
    v = mkstr(text);
  }
  if (is(index, T::Range)) {
    Range *r = static_cast<Range *>(index);
    return seq_sub(v, missing(r->from) ? mkfix(0) : r->from, missing(r->to) ? nullptr : r->to, self);
  }
  intptr_t i = c_fixnum(index, self);
  intptr_t n = seq_length(v, self);
  if (i < 0) i += n;
  if (i < 0 || i >= n) return nullptr;
  return seq_ref(v, mkfix(i), self);
}

// (sys:quasi-field value width separator index filter)
static val bi_quasi_field(const Args &a) {
  val sep = a[2];
  if (sep && !stringp(sep)) type_err(a.name(), sep, "a string");
  std::u32string text;
  quasi_text(select(a[0], a[3], a.name()), sep, text);
  if (a[4] == k_upcase)
    for (auto &c : text) c = char32_t(std::towupper(wint_t(c)));
  else if (a[4] == k_downcase)
    for (auto &c : text) c = char32_t(std::towlower(wint_t(c)));
  else if (a[4])
    errorf(s_error, "~a: unknown filter ~s", a.name(), a[4]);
  if (a[1]) {
    // A positive width pads on the right (left-adjusts), a negative one on the left.
    intptr_t w = c_fixnum(a[1], a.name());
    size_t width = size_t(w < 0 ? -w : w);
    if (text.size() < width) {
      std::u32string fill(width - text.size(), U' ');
      text = w < 0 ? fill + text : text + fill;
    }
  }
  return mkstr(text);
}

static const BuiltinDef quasi_builtins[] = {
    {"sys:quasi-field", 5, 0, false, bi_quasi_field},
};

void init_quasi() {
  s_quasi_field = intern_sys("quasi-field");
  k_filter = keyword("filter");
  k_upcase = keyword("upcase");
  k_downcase = keyword("downcase");
  register_builtins(quasi_builtins);
}

}  // namespace tine
