// Joining and splitting strings: cat-str, join, join-with, split-str, spl,
// spln, split-str-set, sspl, tok-str, tok, tokn, tok-where, list-str.
// Separators and tokens may be strings, characters or regexes.
#include "eval.hpp"
#include "regex.hpp"
#include "text.hpp"

namespace tine {

// ---- joining ------------------------------------------------------------------------------

// The items of cat-str and join-with: characters and strings, found by a
// left-to-right walk through nested sequences; nil contributes nothing.
struct Joiner {
  std::u32string out, sep;
  bool seen = false;
  const char *self;
  explicit Joiner(const char *s) : self(s) {}

  void piece(std::u32string_view p) {
    if (seen) out += sep;
    seen = true;
    out += p;
  }
  void add(val item) {
    if (!item) return;
    if (stringp(item)) return piece(sv(item));
    if (is_chr(item)) {
      char32_t c = chrval(item);
      return piece(std::u32string_view(&c, 1));
    }
    if (consp(item) || is(item, T::Vec)) {
      check_stack_depth();  // nested sequences recurse here
      for (SeqIter it(item, self);;) {
        val x;
        if (!it.next(&x)) break;
        add(x);
      }
      return;
    }
    errorf(s_error, "~a: ~s neither character, string nor sequence", self, item);
  }
};

static void set_separator(Joiner &j, val sep) {
  if (missing(sep) || !sep) return;
  if (is_chr(sep))
    j.sep.push_back(chrval(sep));
  else
    j.sep = sv(str_checked(sep, j.self));
}

static val bi_cat_str(const Args &a) {
  Joiner j(a.name());
  set_separator(j, a[1]);
  j.add(a[0]);
  return mkstr(j.out);
}

static val bi_join_with(const Args &a) {
  Joiner j(a.name());
  set_separator(j, a[0]);
  for (int i = 1; i < a.n; ++i) j.add(a[i]);
  return mkstr(j.out);
}

static val bi_join(const Args &a) {
  Joiner j(a.name());
  for (int i = 0; i < a.n; ++i) j.add(a[i]);
  return mkstr(j.out);
}

// ---- splitting ----------------------------------------------------------------------------

struct Collector {
  val head = nullptr, tail = nullptr;
  void add(val v) {
    val c = cons(v, nullptr);
    if (tail)
      rplacd(tail, c);
    else
      head = c;
    tail = c;
  }
  void add(std::u32string_view s) { add(mkstr(s)); }
};

// A count argument: -1 when absent; an error when negative.
static intptr_t count_arg(val v, const char *self) {
  if (missing(v) || !v) return -1;
  intptr_t n = c_fixnum(v, self);
  if (n < 0) errorf(s_error, "~a: count must be nonnegative", self);
  return n;
}

static bool flag(val v) { return !missing(v) && v; }

// Splitting on a regex.  An empty match cuts after the character it stands
// before (so "abc" splits into characters), except at the end of the string.
static val split_regex(val str, RegexEngine &e, bool keep, intptr_t count) {
  std::u32string_view s = sv(str);
  Collector out;
  size_t pos = 0;
  for (;;) {
    size_t st, len;
    if (!e.search(s, pos, &st, &len)) {
      out.add(s.substr(pos));
      break;
    }
    if (len == 0 && st != s.size()) ++st;
    out.add(s.substr(pos, st - pos));
    pos = st;
    if (pos == s.size()) break;
    pos += len;
    if (keep) out.add(s.substr(st, len));
    if (count > 0 && --count == 0) {
      out.add(s.substr(pos));
      break;
    }
  }
  return out.head;
}

static val split_text(val str, std::u32string_view sep, bool keep, intptr_t count) {
  std::u32string_view s = sv(str);
  Collector out;
  if (sep.empty()) {
    // Between every two characters; a string of one or no characters stays whole.
    if (s.empty()) return cons(str, nullptr);
    for (size_t i = 0; i < s.size(); ++i) {
      out.add(s.substr(i, 1));
      if (i + 1 == s.size()) break;
      if (keep) out.add(U"");
      if (count > 0 && --count == 0) {
        out.add(s.substr(i + 1));
        break;
      }
    }
    return out.head;
  }
  size_t pos = 0;
  for (;;) {
    size_t p = s.find(sep, pos);
    out.add(s.substr(pos, p == std::u32string_view::npos ? std::u32string_view::npos : p - pos));
    if (p == std::u32string_view::npos) break;
    pos = p + sep.size();
    if (keep) out.add(sep);
    if (count > 0 && --count == 0) {
      out.add(s.substr(pos));
      break;
    }
  }
  return out.head;
}

val split_str(val str, val sep, val keep, val count, const char *self) {
  str = str_checked(str, self);
  intptr_t n = count_arg(count, self);
  if (n == 0) return cons(str, nullptr);
  if (regexp(sep)) return split_regex(str, regex_engine(sep), flag(keep), n);
  char32_t c;
  std::u32string_view key;
  if (is_chr(sep)) {
    c = chrval(sep);
    key = std::u32string_view(&c, 1);
  } else {
    if (!stringp(sep)) type_err(self, sep, "a string, character or regex");
    key = sv(sep);
  }
  return split_text(str, key, flag(keep), n);
}

static val bi_split_str(const Args &a) { return split_str(a[0], a[1], a[2], a[3], a.name()); }

// (spl sep [keep-between] string): the string is always last.
static val bi_spl(const Args &a) {
  if (missing(a[2])) return split_str(a[1], a[0], s_colon, s_colon, a.name());
  return split_str(a[2], a[0], a[1], s_colon, a.name());
}

static val bi_spln(const Args &a) {
  if (missing(a[0]) || !a[0]) errorf(s_error, "~a: count ~s isn't an integer", a.name(), a[0]);
  if (missing(a[3])) return split_str(a[2], a[1], s_colon, a[0], a.name());
  return split_str(a[3], a[1], a[2], a[0], a.name());
}

static val split_set(val str, val set, const char *self) {
  std::u32string_view s = sv(str_checked(str, self)), cs = sv(str_checked(set, self));
  Collector out;
  size_t pos = 0;
  for (;;) {
    size_t p = s.find_first_of(cs, pos);
    if (p == std::u32string_view::npos) {
      out.add(s.substr(pos));
      break;
    }
    out.add(s.substr(pos, p - pos));
    pos = p + 1;
  }
  return out.head;
}

static val bi_split_str_set(const Args &a) { return split_set(a[0], a[1], a.name()); }
static val bi_sspl(const Args &a) { return split_set(a[1], a[0], a.name()); }

// ---- tokens -------------------------------------------------------------------------------

// Tokens are the leftmost-longest matches, taken without overlap.  An empty
// match right after a non-empty token is no token; after an empty match
// the search moves on by one character.
val tok_str(val str, val re, val keep_v, val count_v, const char *self) {
  str = str_checked(str, self);
  std::u32string_view s = sv(str);
  RegexEngine &e = regex_engine(regex_checked(re, self));
  bool keep = flag(keep_v);
  intptr_t count = count_arg(count_v, self);
  if (count == 0) return keep || !s.empty() ? cons(str, nullptr) : nullptr;
  Collector out;
  size_t pos = 0, last_end = 0;
  bool prev_empty = true;
  for (;;) {
    size_t st, len;
    bool found = pos <= s.size() && e.search(s, pos, &st, &len);
    if (!found || (st == s.size() && !prev_empty)) {
      if (keep) out.add(s.substr(last_end));
      break;
    }
    if (len || prev_empty) {
      if (keep) out.add(s.substr(last_end, st - last_end));
      last_end = st + len;
      out.add(s.substr(st, len));
      prev_empty = len == 0;
    } else {
      prev_empty = true;
    }
    pos = st + len + (len == 0);
    if (count > 0 && --count == 0) {
      if (pos != s.size() || keep) out.add(pos <= s.size() ? s.substr(pos) : std::u32string_view());
      break;
    }
  }
  return out.head;
}

static val bi_tok_str(const Args &a) { return tok_str(a[0], a[1], a[2], a[3], a.name()); }

static val bi_tok(const Args &a) {
  if (missing(a[2])) return tok_str(a[1], a[0], s_colon, s_colon, a.name());
  return tok_str(a[2], a[0], a[1], s_colon, a.name());
}

static val bi_tokn(const Args &a) {
  if (missing(a[0]) || !a[0]) errorf(s_error, "~a: count ~s isn't an integer", a.name(), a[0]);
  if (missing(a[3])) return tok_str(a[2], a[1], s_colon, a[0], a.name());
  return tok_str(a[3], a[1], a[2], a[0], a.name());
}

static val bi_tok_where(const Args &a) {
  std::u32string_view s = sv(str_checked(a[0], a.name()));
  RegexEngine &e = regex_engine(regex_checked(a[1], a.name()));
  Collector out;
  bool prev_empty = true;
  for (size_t pos = 0, st, len; pos <= s.size() && e.search(s, pos, &st, &len);) {
    if (len || prev_empty) {
      Range *r = gc_obj<Range>(T::Range);
      r->from = mkfix(intptr_t(st));
      r->to = mkfix(intptr_t(st + len));
      out.add(r);
      prev_empty = len == 0;
    } else {
      prev_empty = true;
    }
    pos = st + len + (len == 0);
  }
  return out.head;
}

static val bi_list_str(const Args &a) {
  Collector out;
  for (char32_t c : sv(str_checked(a[0], a.name()))) out.add(mkchr(c));
  return out.head;
}

static const BuiltinDef strsplit_builtins[] = {
    {"cat-str", 1, 1, false, bi_cat_str},
    {"join", 0, 0, true, bi_join},
    {"join-with", 1, 0, true, bi_join_with},
    {"split-str", 2, 2, false, bi_split_str},
    {"spl", 2, 1, false, bi_spl},
    {"spln", 3, 1, false, bi_spln},
    {"split-str-set", 2, 0, false, bi_split_str_set},
    {"sspl", 2, 0, false, bi_sspl},
    {"tok-str", 2, 2, false, bi_tok_str},
    {"tok", 2, 1, false, bi_tok},
    {"tokn", 3, 1, false, bi_tokn},
    {"tok-where", 2, 0, false, bi_tok_where},
    {"list-str", 1, 0, false, bi_list_str},
};

void init_strsplit() { register_builtins(strsplit_builtins); }

}  // namespace tine
