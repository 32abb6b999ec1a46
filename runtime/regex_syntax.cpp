// TXR's regex language: text to syntax tree (regex-parse), syntax tree back
// to text (the printed #/.../ form), and syntax tree to the engine's form.
//
// Syntax trees are TXR's: a character; nil (the empty regex); t (matches
// nothing); wild; :space :digit :word-char and their complements :cspace
// :cdigit :cword-char; (compound R...), (or R1 R2), (and R1 R2), (~ R),
// (0+ R), (1+ R), (? R), (ng0+ R1 R2) for R1%R2; (set item...) and
// (cset item...) for [...] and [^...], whose items are characters,
// (from . to) ranges and the three class keywords.
#include <cstring>

#include "regex.hpp"
#include "stream.hpp"

namespace tine {

static val s_compound, s_or, s_and, s_not, s_zero_plus, s_one_plus, s_opt, s_ng, s_set_k, s_cset, s_wild;
static val k_space, k_cspace, k_digit, k_cdigit, k_word, k_cword;

// ---- text -> tree -------------------------------------------------------------------

namespace {

struct RegexSyntaxError {
  const char *what;
  size_t pos;
};

class RegexParser {
 public:
  explicit RegexParser(std::u32string_view t) : text(t) {}
  val parse() {
    val r = parse_union();
    if (i < text.size()) fail(text[i] == ')' ? "unbalanced )" : "unexpected character");
    return r;
  }

 private:
  std::u32string_view text;
  size_t i = 0;

  [[noreturn]] void fail(const char *what) { throw RegexSyntaxError{what, i}; }
  bool at_end() const { return i >= text.size(); }
  char32_t peek() const { return text[i]; }

  val parse_union() {
    val left = parse_inter();
    while (!at_end() && peek() == '|') {
      ++i;
      left = list({s_or, left, parse_inter()});
    }
    return left;
  }

  val parse_inter() {
    val left = parse_unary();
    while (!at_end() && peek() == '&') {
      ++i;
      left = list({s_and, left, parse_unary()});
    }
    return left;
  }

  // ~R and catenation.  A ~ inside a catenation takes the rest of it:
  // a~bc is a(~(bc)).
  val parse_unary() {
    if (!at_end() && peek() == '~') {
      ++i;
      return list({s_not, parse_unary()});
    }
    return parse_catenation();
  }

  val parse_catenation() {
    val items = nullptr;
    while (!at_end()) {
      char32_t c = peek();
      if (c == '|' || c == '&' || c == ')') break;
      if (c == '~') {
        items = cons(parse_unary(), items);
        break;
      }
      bool took_rest = false;
      items = cons(parse_postfix(&took_rest), items);
      if (took_rest) break;
    }
    items = nreverse(items);
    if (!items) return nullptr;
    if (!cdr(items)) return car(items);
    return cons(s_compound, items);
  }

  // R? R* R+ and R%...: the right operand of % is the rest of the
  // catenation (it binds like a unary operator on that side), or empty.
  val parse_postfix(bool *took_rest) {
    val r = parse_primary();
    while (!at_end()) {
      char32_t c = peek();
      if (c == '*')
        r = list({s_zero_plus, r});
      else if (c == '+')
        r = list({s_one_plus, r});
      else if (c == '?')
        r = list({s_opt, r});
      else if (c == '%') {
        ++i;
        if (at_end() || strchr("|&)%*+?", int(peek()))) {
          r = list({s_ng, r, nullptr});
          continue;
        }
        *took_rest = true;
        return list({s_ng, r, parse_unary()});
      } else
        break;
      ++i;
    }
    return r;
  }

  val parse_primary() {
    char32_t c = peek();
    switch (c) {
      case '(': {
        ++i;
        val r = parse_union();
        if (at_end() || peek() != ')') fail("unterminated subexpression");
        ++i;
        return r;
      }
      case '[': return parse_class();
      case '.': ++i; return s_wild;
      case '\\': return parse_escape(false);
      case '*':
      case '+':
      case '?':
      case '%': fail("operator with no operand");
      default: {
        std::u32string chars;
        if (raw_byte_sequence(&chars)) {
          // TXR lexes the regex's UTF-8 text: bytes that look like one
          // character but do not decode to one stay a unit, as a string.
          if (chars.size() == 1) return mkchr(chars[0]);
          return list({s_compound, mkstr(chars)});
        }
        ++i;
        return mkchr(c);
      }
    }
  }

  // Characters U+DC80..U+DCFF stand for raw bytes of invalid UTF-8.  When
  // they form the shape of a multi-byte sequence (a lead byte and its
  // continuation bytes), take them together and decode them: *chars gets
  // one character when they make a valid one, else the raw characters.
  bool raw_byte_sequence(std::u32string *chars) {
    auto byte_at = [&](size_t k) -> int {
      if (k >= text.size() || text[k] < 0xDC80 || text[k] > 0xDCFF) return -1;
      return int(text[k] - 0xDC00);
    };
    int lead = byte_at(i);
    size_t n = lead >= 0xC2 && lead <= 0xDF   ? 2
               : lead >= 0xE0 && lead <= 0xEF ? 3
               : lead >= 0xF0 && lead <= 0xF4 ? 4
                                              : 0;
    if (!n) return false;
    std::string bytes(1, char(lead));
    for (size_t k = 1; k < n; ++k) {
      int b = byte_at(i + k);
      if (b < 0x80 || b > 0xBF) return false;
      bytes.push_back(char(b));
    }
    *chars = utf8_decode(bytes);
    i += n;
    return true;
  }

  // A numeric escape's digits; a ; right after them is consumed.
  char32_t parse_number(int base) {
    size_t start = i;
    uint64_t v = 0;
    while (!at_end()) {
      char32_t d = peek();
      int dv = (d >= '0' && d <= '9')   ? int(d - '0')
               : (d >= 'a' && d <= 'f') ? int(d - 'a' + 10)
               : (d >= 'A' && d <= 'F') ? int(d - 'A' + 10)
                                        : 99;
      if (dv >= base) break;
      v = v * uint64_t(base) + uint64_t(dv);
      if (v > 0x10FFFF) fail("numeric character escape out of range");
      ++i;
    }
    if (i == start) fail("\\x escape without digits");
    if (!at_end() && peek() == ';') ++i;
    return char32_t(v);
  }

  // After a backslash.  Returns a character or a class keyword.
  val parse_escape(bool in_class) {
    ++i;
    if (at_end()) fail("dangling backslash");
    char32_t c = text[i++];
    switch (c) {
      case 's': return k_space;
      case 'S': return k_cspace;
      case 'd': return k_digit;
      case 'D': return k_cdigit;
      case 'w': return k_word;
      case 'W': return k_cword;
      case 'a': return mkchr(7);
      case 'b': return mkchr(8);
      case 't': return mkchr(9);
      case 'n': return mkchr(10);
      case 'v': return mkchr(11);
      case 'f': return mkchr(12);
      case 'r': return mkchr(13);
      case 'e': return mkchr(27);
      case 'x':
      case 'X': return mkchr(parse_number(16));
      default:
        if (c >= '0' && c <= '7') {
          --i;
          return mkchr(parse_number(8));
        }
        if (strchr(".*+?%~&|()[]\\/- ", int(c)) && c != 0) return mkchr(c);
        --i;
        fail("unrecognized escape");
    }
  }

  val parse_class() {
    ++i;  // [
    bool negated = !at_end() && peek() == '^';
    if (negated) ++i;
    val items = nullptr;
    for (;;) {
      if (at_end()) fail("unterminated character class");
      char32_t c = peek();
      if (c == ']') {
        ++i;
        break;
      }
      val lo = class_atom();
      if (!at_end() && peek() == '-') {
        if (!is_chr(lo)) fail("misplaced - in character class");
        ++i;
        if (at_end()) fail("unterminated character class");
        if (peek() == ']') fail("misplaced - in character class");
        val hi = class_atom();
        if (!is_chr(hi)) fail("class token as the end of a range");
        items = cons(cons(lo, hi), items);
      } else {
        items = cons(lo, items);
      }
    }
    items = nreverse(items);
    if (negated && !items) return s_wild;  // [^] is .
    return cons(negated ? s_cset : s_set_k, items);
  }

  val class_atom() {
    char32_t c = peek();
    if (c == '\\') return parse_escape(true);
    if (c == '[' || c == '-') fail(c == '[' ? "misplaced [ in character class" : "misplaced - in character class");
    std::u32string chars;
    size_t start = i;
    if (raw_byte_sequence(&chars)) {
      if (chars.size() != 1) {
        i = start;
        fail("invalid UTF-8 in character class");
      }
      return mkchr(chars[0]);
    }
    ++i;
    return mkchr(c);
  }
};

}  // namespace

bool regex_try_parse(std::u32string_view text, val *tree, const char **what, size_t *pos) {
  try {
    *tree = RegexParser(text).parse();
    return true;
  } catch (RegexSyntaxError &e) {
    *what = e.what;
    *pos = e.pos;
    return false;
  }
}

val regex_parse(std::u32string_view text, const char *self) {
  val tree;
  const char *what;
  size_t pos;
  if (!regex_try_parse(text, &tree, &what, &pos))
    errorf(s_syntax_error, "~a: ~a at position ~a of regex ~s", self, what, long(pos), mkstr(text));
  return tree;
}

// ---- tree -> text -----------------------------------------------------------------------

// Binding strength of the printed forms, weakest first.
enum Level { kUnion, kInter, kUnary, kCat, kPostfix, kPrimary };

static bool escape_in_text(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c < 0xA0) || (c >= 0xD800 && c < 0xE000) || (c & 0xFFFE) == 0xFFFE;
}

static void put_ascii(std::u32string &out, const char *s) {
  while (*s) out.push_back(char32_t(*s++));
}

// A character inside or outside a class; next is the character printed
// after it (a hex escape followed by a hex digit needs the ; terminator).
static void put_regex_char(std::u32string &out, char32_t c, bool in_class, bool first_in_class, val next) {
  static const char *names[] = {nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                                "\\a",   "\\b",   "\\t",   "\\n",   "\\v",   "\\f",   "\\r"};
  if (c < 14 && names[c]) return put_ascii(out, names[c]);
  if (c == 27) return put_ascii(out, "\\e");
  if (escape_in_text(c)) {
    char buf[16];
    snprintf(buf, sizeof buf, "\\x%02X", unsigned(c));
    put_ascii(out, buf);
    if (is_chr(next) && isxdigit(int(chrval(next) < 128 ? chrval(next) : 0))) out.push_back(';');
    return;
  }
  const char *special = in_class ? "[]\\-" : "*[].\\/()|%~&?+";
  if ((c < 128 && strchr(special, int(c)) && c) || (in_class && first_in_class && c == '^')) out.push_back('\\');
  out.push_back(c);
}

static const char *class_keyword_text(val k) {
  if (k == k_space) return "\\s";
  if (k == k_cspace) return "\\S";
  if (k == k_digit) return "\\d";
  if (k == k_cdigit) return "\\D";
  if (k == k_word) return "\\w";
  if (k == k_cword) return "\\W";
  return nullptr;
}

static void unparse(val t, std::u32string &out, Level ctx, bool last_in_cat);

static void unparse_class(val t, std::u32string &out) {
  out.push_back('[');
  if (car(t) == s_cset) out.push_back('^');
  bool first = car(t) != s_cset;
  for (val l = cdr(t); consp(l); l = cdr(l)) {
    val item = car(l), next = consp(cdr(l)) ? car(cdr(l)) : nullptr;
    if (is_chr(item)) {
      put_regex_char(out, chrval(item), true, first, next);
    } else if (consp(item) && is_chr(car(item)) && is_chr(cdr(item))) {
      put_regex_char(out, chrval(car(item)), true, first, nullptr);
      out.push_back('-');
      put_regex_char(out, chrval(cdr(item)), true, false, next);
    } else if (const char *k = class_keyword_text(item)) {
      put_ascii(out, k);
    }
    first = false;
  }
  out.push_back(']');
}

static Level level_of(val t) {
  if (!consp(t)) return kPrimary;
  val op = car(t);
  if (op == s_or) return kUnion;
  if (op == s_and) return kInter;
  if (op == s_not || op == s_ng) return kUnary;
  if (op == s_compound) return kCat;
  if (op == s_zero_plus || op == s_one_plus || op == s_opt) return kPostfix;
  return kPrimary;
}

static void unparse(val t, std::u32string &out, Level ctx, bool last_in_cat) {
  Level lv = level_of(t);
  // A unary form inside a catenation takes everything after it, so it
  // needs parentheses unless it comes last.
  bool parens = lv < ctx || (lv == kUnary && ctx == kCat && !last_in_cat) || (!t && ctx >= kPostfix);
  if (parens) out.push_back('(');
  if (!t) {
  } else if (t == s_t) {
    put_ascii(out, "[]");
  } else if (is_chr(t)) {
    put_regex_char(out, chrval(t), false, false, nullptr);
  } else if (stringp(t)) {
    for (char32_t c : sv(t)) put_regex_char(out, c, false, false, nullptr);
  } else if (t == s_wild) {
    out.push_back('.');
  } else if (const char *k = class_keyword_text(t)) {
    put_ascii(out, k);
  } else if (consp(t)) {
    val op = car(t), args = cdr(t);
    if (op == s_set_k || op == s_cset) {
      unparse_class(t, out);
    } else if (op == s_compound) {
      for (val l = args; consp(l); l = cdr(l)) {
        val x = car(l);
        bool last = !consp(cdr(l));
        if (consp(x) && car(x) == s_compound)
          unparse(x, out, kCat, last);
        else if (is_chr(x))
          put_regex_char(out, chrval(x), false, false, last ? nullptr : car(cdr(l)));
        else
          unparse(x, out, kCat, last);
      }
    } else if (op == s_or || op == s_and) {
      if (!args) put_ascii(out, op == s_or ? "[]" : ".*");
      for (val l = args; consp(l); l = cdr(l)) {
        if (l != args) out.push_back(op == s_or ? '|' : '&');
        unparse(car(l), out, op == s_or ? kUnion : kInter, true);
      }
    } else if (op == s_not) {
      out.push_back('~');
      unparse(car(args), out, kUnary, true);
    } else if (op == s_ng) {
      unparse(car(args), out, kPrimary, true);
      out.push_back('%');
      if (car(cdr(args))) unparse(car(cdr(args)), out, kUnary, true);
    } else {
      unparse(car(args), out, kPrimary, true);
      out.push_back(op == s_zero_plus ? '*' : op == s_one_plus ? '+' : '?');
    }
  }
  if (parens) out.push_back(')');
}

void regex_unparse(val tree, std::u32string &out) { unparse(tree, out, kUnion, true); }

// ---- tree -> engine form --------------------------------------------------------------

static RxPtr ir_node(RxIR::Kind k) { return std::make_unique<RxIR>(k); }

static RxPtr ir_set(CharSet cs) {
  cs.normalize();
  RxPtr n = ir_node(RxIR::Set);
  n->set = std::move(cs);
  return n;
}

static bool class_keyword(val k, CharSet *cs) {
  if (k == k_space || k == k_cspace)
    *cs = CharSet::space();
  else if (k == k_digit || k == k_cdigit)
    *cs = CharSet::digit();
  else if (k == k_word || k == k_cword)
    *cs = CharSet::word();
  else
    return false;
  if (k == k_cspace || k == k_cdigit || k == k_cword) *cs = cs->complement();
  return true;
}

static RxPtr ir_class(val t, const char *self) {
  CharSet cs;
  for (val l = cdr(t); l; l = cdr(l)) {
    if (!consp(l)) errorf(s_error, "~a: bad character class syntax: ~s", self, t);
    val item = car(l);
    CharSet k;
    if (is_chr(item)) {
      cs.add(chrval(item), chrval(item));
    } else if (consp(item) && is_chr(car(item)) && is_chr(cdr(item))) {
      cs.add(chrval(car(item)), chrval(cdr(item)));
    } else if (class_keyword(item, &k)) {
      cs.add(k);
    } else {
      errorf(s_error, "~a: bad object in character class syntax: ~s", self, item);
    }
  }
  cs.normalize();
  return ir_set(car(t) == s_cset ? cs.complement() : cs);
}

static RxPtr ir_args(RxIR::Kind k, val args, val t, const char *self);

static RxPtr ir_char(char32_t c) {
  CharSet cs;
  cs.add(c, c);
  return ir_set(cs);
}

static RxPtr to_ir(val t, const char *self) {
  if (!t) return ir_node(RxIR::Empty);
  if (t == s_t) return ir_node(RxIR::Nomatch);
  if (is_chr(t)) return ir_char(chrval(t));
  if (t == s_wild) return ir_set(CharSet::any());
  if (stringp(t)) {
    RxPtr n = ir_node(RxIR::Cat);
    for (char32_t c : sv(t)) n->kids.push_back(ir_char(c));
    if (n->kids.empty()) return ir_node(RxIR::Empty);
    return n->kids.size() == 1 ? std::move(n->kids[0]) : std::move(n);
  }
  CharSet cs;
  if (class_keyword(t, &cs)) return ir_set(cs);
  if (!consp(t)) errorf(s_error, "~a: bad object in regex syntax: ~s", self, t);
  val op = car(t), args = cdr(t);
  if (op == s_set_k || op == s_cset) return ir_class(t, self);
  if (op == s_compound) return ir_args(RxIR::Cat, args, t, self);
  if (op == s_or) return ir_args(RxIR::Or, args, t, self);
  if (op == s_and) return ir_args(RxIR::And, args, t, self);
  RxIR::Kind k;
  if (op == s_not)
    k = RxIR::Not;
  else if (op == s_zero_plus)
    k = RxIR::Star;
  else if (op == s_one_plus)
    k = RxIR::Plus;
  else if (op == s_opt)
    k = RxIR::Opt;
  else if (op == s_ng)
    k = RxIR::NgStar;
  else
    errorf(s_error, "~a: bad operator in regex syntax: ~s", self, op);
  if (!consp(args)) errorf(s_error, "~a: missing operand in regex syntax: ~s", self, t);
  RxPtr n = ir_node(k);
  n->kids.push_back(to_ir(car(args), self));
  if (k == RxIR::NgStar) n->kids.push_back(to_ir(consp(cdr(args)) ? car(cdr(args)) : nullptr, self));
  return n;
}

// (compound ...), (or ...), (and ...) of any number of operands.
static RxPtr ir_args(RxIR::Kind k, val args, val t, const char *self) {
  RxPtr n = ir_node(k);
  for (val l = args; l; l = cdr(l)) {
    if (!consp(l)) errorf(s_error, "~a: bad regex syntax: ~s", self, t);
    n->kids.push_back(to_ir(car(l), self));
  }
  if (n->kids.empty()) {
    if (k == RxIR::Cat) return ir_node(RxIR::Empty);
    if (k == RxIR::Or) return ir_node(RxIR::Nomatch);
    RxPtr all = ir_node(RxIR::Star);  // the intersection of no sets: every string
    all->kids.push_back(ir_set(CharSet::any()));
    return all;
  }
  if (n->kids.size() == 1) return std::move(n->kids[0]);
  return n;
}

RxPtr regex_ir(val tree, const char *self) { return to_ir(tree, self); }

// ---- regex-optimize ---------------------------------------------------------------------

static bool op_is(val t, val op) { return consp(t) && car(t) == op; }

// Items a character or a (set ...) contributes to a merged set; false for
// anything else.
static bool set_items(val t, val *items) {
  if (is_chr(t)) {
    *items = cons(t, nullptr);
    return true;
  }
  if (op_is(t, s_set_k)) {
    *items = cdr(t);
    return true;
  }
  return false;
}

// Simplifications that keep the meaning: a union of characters and sets is
// one set, an alternative with the empty regex is ?, nested repetitions
// collapse, a one-character set is the character, ~~R is R.
val regex_optimize(val t) {
  if (!consp(t)) return t;
  val op = car(t);
  if (op == s_set_k) return consp(cdr(t)) && !cdr(cdr(t)) && is_chr(car(cdr(t))) ? car(cdr(t)) : t;
  if (op == s_or && consp(cdr(t)) && consp(cdr(cdr(t)))) {
    val a = regex_optimize(car(cdr(t))), b = regex_optimize(car(cdr(cdr(t))));
    val ia, ib;
    if (set_items(a, &ia) && set_items(b, &ib)) return cons(s_set_k, append2(ia, ib));
    if (!a && b) return list({s_opt, b});
    if (!b && a) return list({s_opt, a});
    return list({s_or, a, b});
  }
  if (op == s_not && consp(cdr(t))) {
    val a = regex_optimize(car(cdr(t)));
    return op_is(a, s_not) ? car(cdr(a)) : list({s_not, a});
  }
  if ((op == s_zero_plus || op == s_one_plus || op == s_opt) && consp(cdr(t))) {
    val a = regex_optimize(car(cdr(t)));
    if (op_is(a, s_zero_plus)) return a;  // (R*)* (R*)+ (R*)? are R*
    if (op == s_zero_plus && (op_is(a, s_one_plus) || op_is(a, s_opt))) return list({s_zero_plus, car(cdr(a))});
    return list({op, a});
  }
  if (op == s_compound) {
    val items = nullptr;
    for (val l = cdr(t); consp(l); l = cdr(l)) {
      val x = regex_optimize(car(l));
      if (x) items = cons(x, items);
    }
    items = nreverse(items);
    if (!items) return nullptr;
    if (!cdr(items)) return car(items);
    return cons(s_compound, items);
  }
  return t;
}

void init_regex_syntax() {
  s_compound = intern("compound");
  s_or = intern("or");
  s_and = intern("and");
  s_not = intern("~");
  s_zero_plus = intern("0+");
  s_one_plus = intern("1+");
  s_opt = intern("?");
  s_ng = intern("ng0+");
  s_set_k = intern("set");
  s_cset = intern("cset");
  s_wild = intern("wild");
  k_space = keyword("space");
  k_cspace = keyword("cspace");
  k_digit = keyword("digit");
  k_cdigit = keyword("cdigit");
  k_word = keyword("word-char");
  k_cword = keyword("cword-char");
}

}  // namespace tine
