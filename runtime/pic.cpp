// pic: picture formatting.  The pic macro (stdlib/pic.tl) splits its
// format text at expansion time with sys:pic-split and formats each
// argument with sys:pic-field according to its pattern:
//   <<< >>> |||          the argument's text left, right or centre aligned
//   [+|-|(] [0[,]] #... [(.|!) #...] [!] [)]
//                        a number: sign or parentheses, zero fill, digit
//                        separators, fraction digits; ! fills an
//                        overflowing field with # instead of widening it
//   ~c                   the character c, for c among < > | + - 0 # . ! ~ , ( )
#include <cmath>
#include <cstring>

#include "printer.hpp"
#include "text.hpp"

namespace tine {

static val k_num, k_align;

// ---- splitting ---------------------------------------------------------------------------

static bool at(std::u32string_view s, size_t i, char32_t c) { return i < s.size() && s[i] == c; }

// Hashes with digit separators between them; returns the index after them.
static size_t scan_hashes(std::u32string_view s, size_t j) {
  while (at(s, j, '#') || (at(s, j, ',') && at(s, j + 1, '#'))) ++j;
  return j;
}

// The length of the numeric pattern at i, or 0 if none starts there.
static size_t numeric_pattern(std::u32string_view s, size_t i) {
  size_t j = i;
  bool paren = at(s, j, '(');
  if (paren || at(s, j, '+') || at(s, j, '-')) ++j;
  if (at(s, j, '0') && (at(s, j + 1, '#') || (at(s, j + 1, ',') && at(s, j + 2, '#')))) {
    ++j;
    if (at(s, j, ',')) ++j;
  }
  if (!at(s, j, '#')) return 0;
  j = scan_hashes(s, j);
  if ((at(s, j, '.') || at(s, j, '!')) && at(s, j + 1, '#'))
    j = scan_hashes(s, j + 1);
  else if (at(s, j, '!'))
    ++j;
  if (paren) {
    if (!at(s, j, ')')) return 0;
    ++j;
  }
  return j - i;
}

// (sys:pic-split string): literal strings, and (:num . pattern) or
// (:align . pattern) for each pattern, in order.
static val bi_pic_split(const Args &a) {
  std::u32string_view s = sv(str_checked(a[0], a.name()));
  val out = nullptr;
  std::u32string lit;
  auto flush = [&] {
    if (!lit.empty()) out = cons(mkstr(lit), out);
    lit.clear();
  };
  for (size_t i = 0; i < s.size();) {
    char32_t c = s[i];
    if (c == '~') {
      if (i + 1 >= s.size() || std::u32string_view(U"<>|+-0#.!~,()").find(s[i + 1]) == std::u32string_view::npos)
        errorf(s_error, "pic: bad escape in format ~s", a[0]);
      lit.push_back(s[i + 1]);
      i += 2;
      continue;
    }
    if (c == '<' || c == '>' || c == '|') {
      size_t j = i;
      while (j < s.size() && s[j] == c) ++j;
      flush();
      out = cons(cons(k_align, mkstr(s.substr(i, j - i))), out);
      i = j;
      continue;
    }
    if (size_t n = numeric_pattern(s, i)) {
      flush();
      out = cons(cons(k_num, mkstr(s.substr(i, n))), out);
      i += n;
      continue;
    }
    lit.push_back(c);
    ++i;
  }
  flush();
  return nreverse(out);
}

// ---- formatting ----------------------------------------------------------------------------

namespace {

struct NumPattern {
  char32_t sign = 0;  // '+', '-', '(' or 0
  bool zero = false;
  bool bang = false;                   // overflow fills with #
  std::u32string int_tmpl, frac_tmpl;  // '#', '0' slots and ',' separators
  size_t width = 0;
  std::u32string_view text;
};

}  // namespace

static NumPattern parse_num(std::u32string_view p) {
  NumPattern np;
  np.text = p;
  size_t i = 0, end = p.size();
  if (p[0] == '+' || p[0] == '-' || p[0] == '(') np.sign = p[i++];
  if (np.sign == '(') --end;
  if (p[end - 1] == '!') {
    np.bang = true;
    --end;
  }
  np.width = p.size() - (np.bang && p.back() == '!' ? 1 : 0);
  if (p[i] == '0') np.zero = true;
  size_t point = p.find_first_of(U".!", i);
  if (point != std::u32string_view::npos && point < end) {
    if (p[point] == '!') np.bang = true;
    np.int_tmpl = p.substr(i, point - i);
    np.frac_tmpl = p.substr(point + 1, end - point - 1);
  } else {
    np.int_tmpl = p.substr(i, end - i);
  }
  return np;
}

static size_t slot_count(std::u32string_view t) {
  size_t n = 0;
  for (char32_t c : t) n += c != ',';
  return n;
}

// The integer digits laid into the template from the right.  Separators
// appear only between digits (or zeros, when zero filling); digits that do
// not fit are put in front.
static std::u32string lay_integer(std::u32string_view digits, std::u32string_view tmpl, bool zero_fill) {
  std::u32string out;
  size_t k = digits.size();
  for (size_t t = tmpl.size(); t-- > 0;) {
    if (tmpl[t] == ',') {
      if (k > 0 || zero_fill) out.push_back(',');
      continue;
    }
    if (k > 0)
      out.push_back(digits[--k]);
    else if (zero_fill)
      out.push_back('0');
    else
      break;
  }
  while (k > 0) out.push_back(digits[--k]);
  if (!out.empty() && out.back() == ',') out.pop_back();
  return std::u32string(out.rbegin(), out.rend());
}

// Fraction digits laid in from the left, separators between them.
static std::u32string lay_fraction(std::u32string_view digits, std::u32string_view tmpl) {
  std::u32string out;
  size_t k = 0;
  for (char32_t c : tmpl) {
    if (c == ',')
      out.push_back(',');
    else if (k < digits.size())
      out.push_back(digits[k++]);
  }
  return out;
}

// The digits of |v| rounded to frac places: integer part and fraction part.
static void number_digits(val v, size_t frac, std::string &ip, std::string &fp, bool &negative, const char *self) {
  if (integerp(v)) {
    std::string s = utf8(num_to_str(v, 10));
    negative = s[0] == '-';
    ip = negative ? s.substr(1) : s;
    fp.assign(frac, '0');
    return;
  }
  if (!floatp(v)) type_err(self, v, "a number");
  double x = c_double(v, self);
  char buf[700];
  snprintf(buf, sizeof buf, "%.*f", int(frac), std::fabs(x));
  std::string s = buf;
  size_t dot = s.find('.');
  ip = s.substr(0, dot);
  fp = dot == std::string::npos ? "" : s.substr(dot + 1);
  negative = x < 0 && s.find_first_not_of("0.") != std::string::npos;
}

// The pattern's shape with every digit position shown as #.
static std::u32string hash_fill(const NumPattern &np) {
  std::u32string out;
  for (char32_t c : np.text) {
    if (c == '+' || c == '-' || c == '0')
      out.push_back('#');
    else if (c == '!')
      out.push_back('.');
    else
      out.push_back(c);
  }
  if (np.text.back() == '!') out.pop_back();  // a trailing ! takes no room
  return out;
}

static val pic_number(std::u32string_view pat, val v, const char *self) {
  NumPattern np = parse_num(pat);
  std::string ip, fp;
  bool negative;
  number_digits(v, slot_count(np.frac_tmpl), ip, fp, negative, self);
  std::u32string digits(ip.begin(), ip.end()), fdigits(fp.begin(), fp.end());
  std::u32string body = lay_integer(digits, np.int_tmpl, np.zero);
  if (!np.frac_tmpl.empty()) body += U"." + lay_fraction(fdigits, np.frac_tmpl);
  if (np.sign == '(') {
    size_t inner = np.width - 2;
    if (body.size() < inner) body.insert(0, inner - body.size(), U' ');
    std::u32string out = negative ? U"(" + body + U")" : U" " + body + U" ";
    if (!negative && out.size() > np.width) out.erase(0, 1);
    if (!negative && out.size() > np.width) out.pop_back();
    if (np.bang && out.size() > np.width) return mkstr(hash_fill(np));
    return mkstr(out);
  }
  char32_t sign = negative ? '-' : np.sign == '+' ? '+' : np.sign == '-' ? ' ' : 0;
  if (sign) body.insert(body.begin(), sign);
  if (body.size() > np.width && np.bang) return mkstr(hash_fill(np));
  if (body.size() < np.width) body.insert(0, np.width - body.size(), U' ');
  return mkstr(body);
}

static val pic_align(std::u32string_view pat, val v) {
  std::u32string text;
  print_to(v, text, false);
  size_t w = pat.size();
  if (text.size() >= w) return mkstr(text);
  size_t slack = w - text.size();
  size_t left = pat[0] == '>' ? slack : pat[0] == '|' ? slack / 2 : 0;
  return mkstr(std::u32string(left, U' ') + text + std::u32string(slack - left, U' '));
}

// (sys:pic-field pattern value)
static val bi_pic_field(const Args &a) {
  std::u32string_view pat = sv(str_checked(a[0], a.name()));
  if (pat.empty()) errorf(s_error, "~a: empty pattern", a.name());
  if (pat[0] == '<' || pat[0] == '>' || pat[0] == '|') return pic_align(pat, a[1]);
  if (!numeric_pattern(pat, 0)) errorf(s_error, "~a: bad pattern ~s", a.name(), a[0]);
  return pic_number(pat, a[1], "pic");
}

static const BuiltinDef pic_builtins[] = {
    {"sys:pic-split", 1, 0, false, bi_pic_split},
    {"sys:pic-field", 2, 0, false, bi_pic_field},
};

void init_pic() {
  k_num = keyword("num");
  k_align = keyword("align");
  register_builtins(pic_builtins);
}

}  // namespace tine
