// The reader: TXR Lisp syntax to forms, recording each list's source line.
#include <algorithm>
#include <cstring>
#include <vector>

#include "eval.hpp"
#include "hash.hpp"
#include "dynamic.hpp"
#include "lisp.hpp"
#include "package.hpp"
#include "reader.hpp"
#include "struct.hpp"
#include "printer.hpp"
#include "regex.hpp"
#include "stream.hpp"
#include "tree.hpp"

namespace tine {

// #*"..." read as (marker word...), spliced by read_list; the marker is an
// uninterned symbol, so no program can write it.
static val s_word_splice, s_quasilist;

Reader::Reader(val stream, val name_) : in(stream ? stream_checked(stream, "read") : nullptr), name(name_) {}

Reader Reader::over_text(val str, val name) {
  Reader r(nullptr, name);
  r.text = str;
  r.buf = str_of(str)->data;
  r.len = str_of(str)->len;
  return r;
}

int32_t Reader::get() {
  int32_t c;
  if (text)
    c = pos < len ? int32_t(buf[pos++]) : -1;
  else
    c = in->read_char();
  if (c == '\n') ++line;
  return c;
}

void Reader::unget(int32_t c) {
  if (c < 0) return;
  if (c == '\n') --line;
  if (text)
    --pos;  // c is always the character just read
  else
    in->unget_char(char32_t(c));
}

int32_t Reader::peek() {
  int32_t c = get();
  unget(c);
  return c;
}

void Reader::fail(const char *msg, val obj) {
  std::u32string m;
  if (name) print_to(name, m, false);
  m += U":" + utf8_decode(std::to_string(line)) + U": ";
  m += utf8_decode(msg);
  if (obj) {
    m += U" ";
    print_to(obj, m, true);
  }
  throw_error(s_syntax_error, mkstr(m));
}

// The value of an ASCII hex digit, or -1 (isxdigit is for bytes, not for
// full code points: U+01FE would pass as 0xFE).
static int hex_value(int32_t c) {
  if (c >= '0' && c <= '9') return int(c - '0');
  if (c >= 'a' && c <= 'f') return int(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return int(c - 'A' + 10);
  return -1;
}

static bool is_space(int32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

static bool is_token_char(int32_t c) {
  if (c < 0) return false;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c > 127) return true;
  // ^ cannot begin a token (it is quasiquote there) but may continue one: m^$
  return strchr("!$%&*+-<=>?\\_~/.:^", int(c)) != nullptr && c != 0;
}

// Skip whitespace and comments; return the next significant character.
int32_t Reader::skip_ws() {
  for (;;) {
    int32_t c = get();
    if (c < 0) return c;
    if (is_space(c)) continue;
    if (c == ';') {
      while (c >= 0 && c != '\n') c = get();
      continue;
    }
    if (c == '#') {
      int32_t d = get();
      if (d == ';') {
        read_datum();  // datum comment
        continue;
      }
      if (d == '!' && line <= 1) {
        while (d >= 0 && d != '\n') d = get();
        continue;
      }
      unget(d);
    }
    return c;
  }
}

val Reader::note(val form, int at) {
  if (consp(form)) static_cast<Cons *>(form)->line = uint32_t(at);
  return form;
}

ReadResult Reader::read_toplevel() {
  labels = nullptr;
  int32_t c = skip_ws();
  if (c < 0) return {true, nullptr};
  unget(c);
  val form = read_datum();
  if (consp(form) && car(form) == s_word_splice) fail("misplaced #* word list");
  return {false, form};
}

// A datum and its referencing-dot suffixes: a.b, a.(m x), a.[f x], obj.,x
// (in templates), (form).slot, and .? for null-safe access.  Suffixes of a
// dotted expression join one qref (a.b.(m) is (qref a b (m))); a qref
// written out as a list stays an operand.  Nesting (of lists, quotes, #
// syntax) recurses through here: the stack check turns 100,000 open
// parentheses into a stack-overflow error.
val Reader::read_datum() {
  check_stack_depth();
  int32_t first = skip_ws();
  unget(first);
  val d = read_primary();
  if (interactive && nest == 0) return d;
  bool joinable = first != '(' && consp(d) && car(d) == s_qref;
  for (;;) {
    int32_t c = get();
    if (c != '.') {
      unget(c);
      return d;
    }
    int32_t c2 = get();
    if (c2 == '.') {
      // a..b ranges bind looser than a.b qualification
      int at = line;
      val rhs = read_datum();
      return note(list({s_rcons, d, rhs}), at);
    }
    bool safe = c2 == '?';
    if (safe)
      c2 = peek();
    else
      unget(c2);
    val rhs;
    int at = line;
    if (c2 == '(' || c2 == '[' || c2 == ',') {
      rhs = list({read_primary()});
    } else if (is_token_char(c2) && (consp(d) || safe)) {
      val t = read_token(get());
      rhs = consp(t) && car(t) == s_qref ? cdr(t) : list({t});
    } else {
      if (safe) unget('?');
      unget('.');
      return d;
    }
    val parts = joinable ? append2(cdr(d), nullptr) : list({d});
    if (safe) {
      val last_cell = parts;
      while (cdr(last_cell)) last_cell = cdr(last_cell);
      rplaca(last_cell, list({s_t, car(last_cell)}));
    }
    d = note(cons(s_qref, append2(parts, rhs)), at);
    joinable = true;
  }
}

val Reader::read_list(char32_t close, int at) {
  struct Nest {
    int &n;
    explicit Nest(int &c) : n(c) { ++n; }
    ~Nest() { --n; }
  } nested(nest);
  val head = nullptr, tail = nullptr;
  for (;;) {
    int32_t c = skip_ws();
    if (c < 0) fail("unterminated list starting at line", mkfix(at));
    if (c == int32_t(close)) break;
    if (c == ')' || c == ']') fail("mismatched closing", mkchr(char32_t(c)));
    if (c == '.') {
      int32_t d = peek();
      if (d == '(' || d == '[') {
        // .(m x) and .[f x]: the unbound referencing dot (uref)
        val rhs = read_datum();
        val item = consp(rhs) && car(rhs) == s_qref ? cons(s_uref, cdr(rhs)) : list({s_uref, rhs});
        val cell = cons(item, nullptr);
        if (tail)
          static_cast<Cons *>(tail)->cdr = cell;
        else
          head = cell;
        tail = cell;
        continue;
      }
      if (is_space(d) || d == '\'' || d == '"') {
        val rest = read_datum();
        if (!head) {
          // (. x) reads as x: a lambda list that is only a rest parameter.
          if (skip_ws() != int32_t(close)) fail("expected closing after dotted tail");
          return rest;
        }
        static_cast<Cons *>(tail)->cdr = rest;
        int32_t e = skip_ws();
        if (e != int32_t(close)) fail("expected closing after dotted tail");
        break;
      }
    }
    unget(c);
    val item = read_datum();
    // #*"a b" contributes its words as separate elements.
    val items = consp(item) && car(item) == s_word_splice ? cdr(item) : cons(item, nullptr);
    for (val l = items; l; l = cdr(l)) {
      val cell = cons(car(l), nullptr);
      if (tail)
        static_cast<Cons *>(tail)->cdr = cell;
      else
        head = cell;
      tail = cell;
    }
  }
  return note(head, at);
}

// kept: where the text written by escapes ends (an escaped space is kept);
// a line continuation deletes the blanks between it and the backslash.
void Reader::read_escape(std::u32string &out, int32_t quote, size_t *kept) {
  int32_t c = get();
  struct Mark {
    std::u32string &out;
    size_t *kept;
    ~Mark() {
      if (kept) *kept = out.size();
    }
  } mark{out, kept};
  switch (c) {
    case 'n': out.push_back('\n'); return;
    case 't': out.push_back('\t'); return;
    case 'r': out.push_back('\r'); return;
    case 'e': out.push_back(27); return;
    case 'a': out.push_back(7); return;
    case 'b': out.push_back(8); return;
    case 'f': out.push_back(12); return;
    case 'v': out.push_back(11); return;
    case '0': out.push_back(0); return;
    case '\n': {
      // Line continuation: drop the blanks before it and skip the leading
      // blanks of the next line.
      size_t keep = kept ? std::min(*kept, out.size()) : out.size();
      while (out.size() > keep && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
      int32_t d;
      while ((d = get()) == ' ' || d == '\t') {
      }
      unget(d);
      return;
    }
    case 'x':
    case 'X': {
      char32_t v = 0;
      int n = 0;
      int32_t d;
      while ((d = get()) >= 0 && hex_value(d) >= 0) {
        v = v * 16 + char32_t(hex_value(d));
        if (++n > 8 || v > 0x10FFFF) fail("\\x escape out of range");
      }
      if (d != ';') unget(d);
      if (n == 0) fail("bad \\x escape");
      out.push_back(v);
      return;
    }
    case -1: fail("unterminated string"); return;
    default:
      if (c == quote || c == '\\' || c == '"' || c == '`' || c == '@' || c == ' ') {
        out.push_back(char32_t(c));
        return;
      }
      fail("unknown escape in string:", mkchr(char32_t(c)));
  }
}

val Reader::read_string() {
  int at = line;
  std::u32string s;
  size_t kept = 0;
  for (;;) {
    int32_t c = get();
    if (c < 0) fail("unterminated string starting at line", mkfix(at));
    if (c == '"') break;
    if (c == '\\')
      read_escape(s, '"', &kept);
    else
      s.push_back(char32_t(c));
  }
  return mkstr(s);
}

// A bare @name in a quasi-string: letters, digits and underscores only,
// so that `@host:@port` and `@name\n` end the name where TXR does.
static bool quasi_name_char(int32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c > 127;
}

// The text of a quasi-string or quasi word list up to close:
// `text @var @(expr) @[expr] @{var mod...}` -> (sys:quasi "text" (sys:var var) ...).
// In word mode, unescaped blanks separate words, each its own quasi form;
// the forms are returned as a list.
val Reader::read_quasi_body(int32_t close, bool words) {
  int at = line;
  val parts = nullptr, out = nullptr;
  std::u32string text;
  size_t kept = 0;
  auto flush = [&] {
    if (!text.empty()) parts = cons(mkstr(text), parts);
    text.clear();
    kept = 0;
  };
  auto end_word = [&] {
    flush();
    if (parts) out = cons(note(cons(s_quasi, nreverse(parts)), at), out);
    parts = nullptr;
  };
  for (;;) {
    int32_t c = get();
    if (c < 0) fail("unterminated quasi-string starting at line", mkfix(at));
    if (c == close) break;
    if (words && (c == ' ' || c == '\t')) {
      end_word();
      continue;
    }
    if (words && c == '\n') fail("newline in word list literal");
    if (c == '\\') {
      if (words && peek() == '\n') end_word();
      read_escape(text, close, words ? nullptr : &kept);
      continue;
    }
    if (c != '@') {
      text.push_back(char32_t(c));
      continue;
    }
    int32_t d = peek();
    if (d == '@') {  // @@x: the Lisp expression @x, as in `@@1` under op
      flush();
      get();
      parts = cons(read_quasi_meta(), parts);
    } else if (d == '(' || d == '[') {
      flush();
      parts = cons(list({s_expr, read_primary()}), parts);
    } else if (d == '{') {
      flush();
      get();
      parts = cons(read_quasi_brace(), parts);
    } else if (quasi_name_char(d)) {
      flush();
      std::u32string tok;
      while (quasi_name_char(peek())) tok.push_back(char32_t(get()));
      parts = cons(list({s_var, interpret_token(tok)}), parts);
    } else {
      text.push_back('@');
    }
  }
  if (!words) {
    flush();
    return note(cons(s_quasi, nreverse(parts)), at);
  }
  end_word();
  return nreverse(out);
}

// What follows an @ of @@ in a quasi-string: @1 is (sys:var 1), @@1 is
// (sys:expr (sys:var 1)), @(f) is (sys:expr (f)).
val Reader::read_quasi_meta() {
  int32_t d = peek();
  if (d == '@') {
    get();
    return list({s_expr, read_quasi_meta()});
  }
  if (d == '(' || d == '[') return list({s_expr, read_primary()});
  if (!quasi_name_char(d)) fail("bad meta expression after @@ in quasi-string");
  std::u32string tok;
  while (quasi_name_char(peek())) tok.push_back(char32_t(get()));
  return list({s_var, interpret_token(tok)});
}

// After @{: the variable or expression, then modifiers up to the }:
// (sys:var x) or (sys:var x (mod...)).
val Reader::read_quasi_brace() {
  val v = read_datum();
  val mods = nullptr;
  for (int32_t c; (c = skip_ws()) != '}';) {
    if (c < 0) fail("expected } in quasi-string");
    unget(c);
    mods = cons(read_datum(), mods);
  }
  return mods ? list({s_var, v, nreverse(mods)}) : list({s_var, v});
}

val Reader::read_quasi() { return read_quasi_body('`', false); }

// #"word list": unescaped blanks separate the words.
val Reader::read_word_list() {
  int at = line;
  val out = nullptr;
  std::u32string word;
  bool have = false;
  auto end_word = [&] {
    if (have) out = cons(mkstr(word), out);
    word.clear();
    have = false;
  };
  for (;;) {
    int32_t c = get();
    if (c < 0) fail("unterminated word list starting at line", mkfix(at));
    if (c == '"') break;
    if (c == ' ' || c == '\t') {
      end_word();
    } else if (c == '\n') {
      fail("newline in word list literal");
    } else if (c == '\\') {
      if (peek() == '\n') end_word();
      size_t before = word.size();
      read_escape(word, '"');
      if (word.size() > before) have = true;
    } else {
      word.push_back(char32_t(c));
      have = true;
    }
  }
  end_word();
  return nreverse(out);
}

val Reader::read_char_literal() {
  std::u32string tok;
  tok.push_back(char32_t(get()));
  while (is_token_char(peek()) && peek() != '.') tok.push_back(char32_t(get()));
  if (tok.size() == 1) return mkchr(tok[0]);
  static const struct {
    const char32_t *name;
    char32_t c;
  } names[] = {{U"space", ' '},  {U"newline", '\n'}, {U"linefeed", '\n'}, {U"tab", '\t'},    {U"return", '\r'},
               {U"nul", 0},      {U"null", 0},       {U"esc", 27},        {U"backspace", 8}, {U"alarm", 7},
               {U"rubout", 127}, {U"page", 12},      {U"vtab", 11},       {U"pnul", 0xDC00}};
  for (auto &n : names)
    if (tok == n.name) return mkchr(n.c);
  if (tok[0] == 'x' && tok.size() > 1) {
    val n = str_to_num(std::u32string_view(tok).substr(1), 16);
    if (n && is_fixnum(n)) return mkchr(char32_t(fixval(n)));
  }
  if (tok[0] == 'o' && tok.size() > 1) {
    val n = str_to_num(std::u32string_view(tok).substr(1), 8);
    if (n && is_fixnum(n)) return mkchr(char32_t(fixval(n)));
  }
  fail("unknown character name", mkstr(tok));
  return nullptr;
}

val Reader::read_buf_literal() {
  std::string bytes;
  int nib = -1;
  for (;;) {
    int32_t c = get();
    if (c < 0) fail("unterminated buf literal");
    if (c == '\'') break;
    if (is_space(c)) continue;
    int v = hex_value(c);
    if (v < 0) fail("bad character in buf literal:", mkchr(char32_t(c)));
    if (nib < 0)
      nib = v;
    else {
      bytes.push_back(char(nib * 16 + v));
      nib = -1;
    }
  }
  if (nib >= 0) fail("odd number of digits in buf literal");
  return buf_from(bytes.data(), bytes.size());
}

val Reader::read_radix_number(int base) {
  std::u32string tok;
  for (;;) {
    int32_t c = get();
    if (c == ',' && !tok.empty() && skip_digit_separators(tok, base)) continue;
    if (!is_token_char(c)) {
      unget(c);
      break;
    }
    tok.push_back(char32_t(c));
  }
  val n = str_to_num(tok, base);
  if (!n) fail("bad number syntax", mkstr(tok));
  return n;
}

// Replace the placeholder standing for a label's object by the object,
// wherever the object's structure refers to it.
static void patch_label(val root, val placeholder) {
  val seen = make_hash(HashKind::Eq);
  std::vector<val, gc_allocator_val> todo{root};
  auto fix = [&](val &slot) {
    if (slot == placeholder)
      slot = root;
    else
      todo.push_back(slot);
  };
  while (!todo.empty()) {
    val v = todo.back();
    todo.pop_back();
    if (!is_ptr(v) || gethash(seen, v)) continue;
    sethash(seen, v, s_t);
    if (is(v, T::Cons)) {
      fix(static_cast<Cons *>(v)->car);
      fix(static_cast<Cons *>(v)->cdr);
    } else if (is(v, T::Vec)) {
      for (size_t i = 0; i < vec_of(v)->len; ++i) fix(vec_of(v)->data[i]);
    } else if (is(v, T::Range)) {
      fix(static_cast<Range *>(v)->from);
      fix(static_cast<Range *>(v)->to);
    } else if (hashp(v)) {
      val k, x, pairs = nullptr;
      for (size_t c = 0; hash_next(v, &c, &k, &x);) pairs = cons(cons(k, x), pairs);
      for (val p = pairs; p; p = cdr(p)) {
        val k0 = car(car(p));
        val pk = k0 == placeholder ? root : k0, px = cdr(car(p)) == placeholder ? root : cdr(car(p));
        if (pk != k0) remhash(v, k0);
        if (pk != k0 || px != cdr(car(p))) sethash(v, pk, px);
        todo.push_back(pk);
        todo.push_back(px);
      }
    }
  }
}

// #n=datum defines label n for the datum (which may refer to itself as
// #n#); #n# refers to it.  datum reads what follows the =.
template <class Datum>
val Reader::read_label(int32_t first, Datum datum) {
  intptr_t n = first - '0';
  int32_t c;
  while ((c = get()) >= '0' && c <= '9') {
    n = n * 10 + (c - '0');
    if (n > 999999999) fail("label number too large");
  }
  if (!labels) labels = make_hash(HashKind::Eql);
  bool found;
  val obj = gethash(labels, mkfix(n), &found);
  if (c == '#') {
    if (!found) fail("undefined label", mkfix(n));
    return obj;
  }
  if (c != '=') fail("expected = or # after label", mkfix(n));
  if (found) fail("label defined twice:", mkfix(n));
  val placeholder = gc_obj<Box>(T::Box);
  sethash(labels, mkfix(n), placeholder);
  val v = datum();
  if (v == placeholder) fail("label refers only to itself:", mkfix(n));
  sethash(labels, mkfix(n), v);
  patch_label(v, placeholder);
  return v;
}

val read_json_label(Reader &r, int32_t first, val (*value)(void *), void *ctx) {
  return r.read_label(first, [&] { return value(ctx); });
}

val Reader::read_hash_dispatch() {
  int at = line;
  int32_t c = get();
  if (c >= '0' && c <= '9') return read_label(c, [this] { return read_datum(); });
  switch (c) {
    case '\\': return read_char_literal();
    case '"': return read_word_list();
    case '`': return cons(s_quasilist, read_quasi_body('`', true));
    case '*': {
      // #*"..." and #*`...`: words spliced into the enclosing list.
      int32_t q = get();
      if (q == '"') return cons(s_word_splice, read_word_list());
      if (q == '`') return cons(s_word_splice, read_quasi_body('`', true));
      fail("expected \" or ` after #*");
    }
    case '(': return vec_from_list(read_list(')', at));
    case 'H': {
      if (get() != '(') fail("expected ( after #H");
      val l = read_list(')', at);
      // Inside a quasiquote template, (sys:hash-lit options (key value)...)
      // is expanded into code; hash patterns read it the same way.
      if (qq_depth > 0) return cons(intern_sys("hash-lit"), l);
      return hash_literal(l);
    }
    case 'J': return read_json_literal(*this);
    case 'T': {
      if (get() != '(') fail("expected ( after #T");
      return tree_literal(read_list(')', at), "read");
    }
    case 'N': {
      if (get() != '(') fail("expected ( after #N");
      return tnode_literal(read_list(')', at), "read");
    }
    case 'S': {
      // A struct is made when it is read, except inside a quasiquote
      // template, where (sys:struct-lit type slot value ...) is expanded.
      if (get() != '(') fail("expected ( after #S");
      val l = read_list(')', at);
      if (qq_depth > 0) return cons(s_struct_lit, l);
      if (!consp(l)) fail("#S needs a struct type name");
      return make_struct_lit(car(l), cdr(l));
    }
    case 'R': {
      if (get() != '(') fail("expected ( after #R");
      val l = read_list(')', at);
      if (!consp(l) || !consp(cdr(l)) || cdr(cdr(l))) fail("#R needs two elements");
      Range *r = gc_obj<Range>(T::Range);
      r->from = car(l);
      r->to = car(cdr(l));
      return r;
    }
    case 'b':
      if (peek() == '\'') {
        get();
        return read_buf_literal();
      }
      return read_radix_number(2);
    case 'x': return read_radix_number(16);
    case 'o': return read_radix_number(8);
    case ':': {
      std::u32string tok;
      while (is_token_char(peek())) tok.push_back(char32_t(get()));
      return make_sym(mkstr(tok));
    }
    case '/': return read_regex();
    default: fail("unknown # syntax:", c < 0 ? nullptr : mkchr(char32_t(c)));
  }
  return nullptr;
}

// #/.../: the text up to the closing slash, which is not one inside a
// character class or escaped by a backslash, is TXR regex syntax; the
// literal is compiled once, here.
val Reader::read_regex() {
  int at = line;
  std::u32string re;
  bool in_class = false;
  for (;;) {
    int32_t d = get();
    if (d < 0 || d == '\n') fail("unterminated regex literal starting at line", mkfix(at));
    if (d == '/' && !in_class) break;
    re.push_back(char32_t(d));
    if (d == '\\') {
      int32_t e = get();
      if (e < 0) fail("unterminated regex literal starting at line", mkfix(at));
      re.push_back(char32_t(e));
    } else if (d == '[' && !in_class) {
      in_class = true;
      // A ] right after [ or [^ closes the class: [] and [^] are complete.
      if (peek() == '^') re.push_back(char32_t(get()));
      if (peek() == ']') {
        re.push_back(char32_t(get()));
        in_class = false;
      }
    } else if (d == ']') {
      in_class = false;
    }
  }
  val tree;
  const char *what;
  size_t pos;
  if (!regex_try_parse(re, &tree, &what, &pos)) {
    std::string msg = std::string("bad regex: ") + what + " at position " + std::to_string(pos) + " of";
    fail(msg.c_str(), mkstr(re));
  }
  return regex_compile(tree, "read");
}

// #H((options...) (key value)...) builds the table at read time; the
// options are the keywords of the hash function.
val Reader::hash_literal(val l) {
  if (!consp(l) || (car(l) && !consp(car(l)))) fail("#H needs an option list");
  val h = hash_from_option_list(car(l), "read");
  for (val p = cdr(l); consp(p); p = cdr(p)) {
    val pair = car(p);
    if (!consp(pair)) fail("bad #H entry", pair);
    sethash(h, car(pair), car(cdr(pair)));  // (key) alone has the value nil
  }
  return h;
}

static val symbol_from(std::u32string_view tok, Reader *r) {
  if (tok.empty()) r->fail("empty symbol name");
  if (tok[0] == ':') return intern(tok.substr(1), pkg_keyword);
  size_t colon = tok.find(':');
  if (colon != std::u32string_view::npos) {
    val pkg = find_package(mkstr(tok.substr(0, colon)));
    if (!pkg) r->fail("unknown package in", mkstr(tok));
    return intern(tok.substr(colon + 1), pkg);
  }
  return intern_fallback(tok);
}

static bool has_digit(std::u32string_view tok) {
  for (char32_t c : tok)
    if (c >= '0' && c <= '9') return true;
  return false;
}

val Reader::interpret_token(std::u32string_view tok) {
  if (has_digit(tok)) {  // every number has a digit; most tokens are symbols
    if (val n = str_to_num(tok, 10)) return n;
    if (float_out_of_range(tok)) fail("floating-point number out of range:", mkstr(tok));
  }
  // a..b inside one token
  size_t dd = tok.find(U"..");
  if (dd != std::u32string_view::npos && dd > 0 && dd + 2 < tok.size())
    return list({s_rcons, interpret_token(tok.substr(0, dd)), interpret_token(tok.substr(dd + 2))});
  // a.b.c qualified slot access; .a unqualified
  if (tok.size() > 1 && tok.find('.') != std::u32string_view::npos && tok.find(U"..") == std::u32string_view::npos &&
      tok.back() != '.') {
    // .? is null-safe access: a.?b is (qref (t a) b), .?a is (uref t a).
    val parts = nullptr;
    size_t start = 0;
    bool leading = tok[0] == '.';
    if (leading) start = 1;
    bool leading_safe = leading && tok.size() > 2 && tok[1] == '?';
    if (leading_safe) start = 2;
    for (;;) {
      size_t p = tok.find('.', start);
      std::u32string_view part = tok.substr(start, p == std::u32string_view::npos ? p : p - start);
      if (parts && part.size() > 1 && part[0] == '?') {
        rplaca(parts, list({s_t, car(parts)}));
        part.remove_prefix(1);
      }
      parts = cons(interpret_token(part), parts);
      if (p == std::u32string_view::npos) break;
      start = p + 1;
    }
    parts = nreverse(parts);
    if (leading_safe) parts = cons(s_t, parts);
    return cons(leading ? s_uref : s_qref, parts);
  }
  return symbol_from(tok, this);
}

static bool digit_of(int32_t c, int base) {
  if (c >= '0' && c <= '9') return c - '0' < base;
  if (base == 16) return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  return false;
}

// After a digit of a number, commas followed by a digit separate digit
// groups (1,234,567 and #xff,ff) and are dropped; otherwise they are left
// in the input (1,a is 1 and ,a).  c, a comma, has just been read.
bool Reader::skip_digit_separators(const std::u32string &tok, int base) {
  size_t start = tok[0] == '+' || tok[0] == '-' ? 1 : 0;
  if (tok.size() <= start || !digit_of(int32_t(tok[start]), base) || !digit_of(int32_t(tok.back()), base)) return false;
  int commas = 1;
  int32_t d;
  while ((d = get()) == ',') ++commas;
  unget(d);
  if (digit_of(d, base)) return true;
  for (; commas > 1; --commas) unget(',');
  return false;
}

// Digits with an optional sign: a dot after them belongs to a number.
static bool number_prefix(const std::u32string &tok) {
  size_t k = tok[0] == '+' || tok[0] == '-' ? 1 : 0;
  if (k == tok.size()) return false;
  for (; k < tok.size(); ++k)
    if (tok[k] < '0' || tok[k] > '9') return false;
  return true;
}

bool Reader::only_blank_left() {
  for (;;) {
    int32_t c = get();
    if (c < 0) return true;
    if (c == ';') {
      while (c >= 0 && c != '\n') c = get();
      continue;
    }
    if (!is_space(c)) {
      unget(c);
      return false;
    }
  }
}

val Reader::read_token(int32_t first) {
  std::u32string tok;
  tok.push_back(char32_t(first));
  for (;;) {
    int32_t c = get();
    if (c == ',') {
      if (skip_digit_separators(tok, 10)) continue;
      unget(c);
      break;
    }
    if (c == '.' && interactive && nest == 0 && !number_prefix(tok)) {
      unget(c);  // iread: a.b at top level is just a
      break;
    }
    if (c == '.') {
      int32_t d = peek();
      // ".." ends the token unless the token so far is a prefix of a number range.
      if (d == '.') {
        unget(c);
        break;
      }
      if (d == ',' && digit_of(int32_t(tok.back()), 10) && (digit_of(int32_t(tok[0]), 10) || tok.size() > 1)) {
        tok.push_back('.');  // 1., is the float 1.0 followed by a comma
        break;
      }
      if (d == '(' || d == '[' || d == ',') {
        unget(c);
        break;
      }
      if (d == '?') {
        get();
        int32_t e = peek();
        unget('?');
        if (e == '(' || e == '[') {
          unget(c);
          break;
        }
      }
      tok.push_back('.');
      continue;
    }
    if (!is_token_char(c)) {
      unget(c);
      break;
    }
    tok.push_back(char32_t(c));
  }
  return interpret_token(tok);
}

// Adjusts the quasiquote depth for the extent of one datum.
struct DepthGuard {
  int &d;
  int delta;
  DepthGuard(int &depth, int by) : d(depth), delta(by) { d += delta; }
  ~DepthGuard() { d -= delta; }
};

val Reader::read_primary() {
  int32_t c = skip_ws();
  int at = line;
  switch (c) {
    case -1: fail("unexpected end of input");
    case '(': return read_list(')', at);
    case '[': return note(cons(s_dwim, read_list(']', at)), at);
    case ')':
    case ']': fail("unexpected closing", mkchr(char32_t(c)));
    case '\'': return note(list({s_quote, read_datum()}), at);
    case '^': {
      DepthGuard g(qq_depth, 1);
      return note(list({s_qquote, read_datum()}), at);
    }
    case ',': {
      DepthGuard g(qq_depth, -1);
      if (peek() == '*') {
        get();
        return note(list({s_splice, read_datum()}), at);
      }
      return note(list({s_unquote, read_datum()}), at);
    }
    case '@': {
      int32_t d = peek();
      // @(...), @[...] and @@x are expressions: @@1 is (sys:expr (sys:var 1)).
      if (d == '(' || d == '[' || d == '@') return note(list({s_expr, read_primary()}), at);
      return note(list({s_var, read_primary()}), at);
    }
    case '"': return read_string();
    case '`': return read_quasi();
    case '#': return read_hash_dispatch();
    default:
      if (!is_token_char(c)) fail("unexpected character", mkchr(char32_t(c)));
      return read_token(c);
  }
}

// ---- builtins ---------------------------------------------------------------

// (read [source [err-stream [err-retval [name [lineno]]]]]): source is a
// string or stream.  read takes all of a string: material after the object
// is an error; iread stops at the end of the object.
static val read_common(const Args &a, bool interactive) {
  val src = missing(a[0]) || !a[0] ? current_input() : a[0];
  bool whole_text = stringp(src) && !interactive;
  if (stringp(src)) src = make_string_input(src);
  val name = missing(a[3]) ? mkstr_utf8("string") : a[3];
  Reader r(src, name);
  r.interactive = interactive;
  if (!missing(a[4])) r.line = c_int(a[4], a.name());
  auto read_one = [&] {
    ReadResult res = r.read_toplevel();
    // No object at all is a syntax error too (err-retval, when given, is
    // returned for it below).
    if (res.eof) r.fail("end of input reached without seeing object");
    if (whole_text && !r.only_blank_left()) r.fail("unexpected material after the object");
    return res.form;
  };
  if (missing(a[2])) return read_one();
  // With err-retval, a syntax error returns it: claim errors here, ahead of
  // any catch frame of the caller.
  DynPush push(DynFrame::Catch, list({s_error}), nullptr);
  try {
    return read_one();
  } catch (CatchUnwind &u) {
    if (u.target != &push.frame) throw;
    dyn_top = push.saved;
    return a[2];
  } catch (LispThrow &) {
    return a[2];
  }
}

static val bi_read(const Args &a) { return read_common(a, false); }
static val bi_iread(const Args &a) { return read_common(a, true); }

static val bi_read_objects(const Args &a) {
  val src = missing(a[0]) || !a[0] ? current_input() : a[0];
  if (stringp(src)) src = make_string_input(src);
  Reader r(src, missing(a[1]) ? mkstr_utf8("string") : a[1]);
  val out = nullptr;
  for (;;) {
    ReadResult res = r.read_toplevel();
    if (res.eof) break;
    out = cons(res.form, out);
  }
  return nreverse(out);
}

static const BuiltinDef reader_builtins[] = {
    {"read", 0, 5, false, bi_read},
    {"iread", 0, 5, false, bi_iread},
    {"read-objects", 0, 2, false, bi_read_objects},
};

void init_reader() {
  s_quasilist = intern_sys("quasilist");
  s_word_splice = make_sym(mkstr(U"word-splice"));
  register_builtins(reader_builtins);
}

}  // namespace tine
