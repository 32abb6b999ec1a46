// The rest of the manual's string library: character classes, spans,
// prefix/suffix matching against strings and trees of strings,
// replace-str, string-extend, coded-length, string codes, cmp-str and the
// length-str comparisons.
#include "hash.hpp"
#include "text.hpp"

namespace tine {

static char32_t chr_arg(val v, const char *self) {
  if (!is_chr(v)) type_err(self, v, "a character");
  return chrval(v);
}

static std::u32string_view text_arg(val v, const char *self) { return sv(str_checked(v, self)); }

// ---- character classes (ASCII, as TXR's are) ------------------------------------------

static bool is_unicode_space(char32_t c) {
  return (c >= 9 && c <= 13) || c == ' ' || c == 0xA0 || c == 0x1680 || c == 0x180E || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x205F || c == 0x3000;
}

static int xdigit_value(char32_t c) {
  if (c >= '0' && c <= '9') return int(c - '0');
  if (c >= 'a' && c <= 'f') return int(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return int(c - 'A' + 10);
  return -1;
}

#define CHR_PRED(fn, expr)                \
  static val fn(const Args &a) {          \
    char32_t c = chr_arg(a[0], a.name()); \
    return boolv(expr);                   \
  }
CHR_PRED(bi_chr_isascii, c < 128)
CHR_PRED(bi_chr_iscntrl, c < 32 || c == 127 || (c >= 0x80 && c < 0xA0))
CHR_PRED(bi_chr_isgraph, c > 32 && c < 127)
CHR_PRED(bi_chr_isprint, c >= 32 && c < 127)
CHR_PRED(bi_chr_ispunct, c > 32 && c < 127 && !isalnum(int(c)))
CHR_PRED(bi_chr_isblank, c == ' ' || c == '\t')
CHR_PRED(bi_chr_isunisp, is_unicode_space(c))
CHR_PRED(bi_chr_isxdigit, xdigit_value(c) >= 0)
#undef CHR_PRED

static val bi_chr_digit(const Args &a) {
  char32_t c = chr_arg(a[0], a.name());
  return c >= '0' && c <= '9' ? mkfix(intptr_t(c - '0')) : nullptr;
}

static val bi_chr_xdigit(const Args &a) {
  int v = xdigit_value(chr_arg(a[0], a.name()));
  return v >= 0 ? mkfix(v) : nullptr;
}

// ---- spans ---------------------------------------------------------------------------------

static val bi_span_str(const Args &a) {
  std::u32string_view s = text_arg(a[0], a.name()), set = text_arg(a[1], a.name());
  size_t n = s.find_first_not_of(set);
  return mkfix(intptr_t(n == std::u32string_view::npos ? s.size() : n));
}

static val bi_compl_span_str(const Args &a) {
  std::u32string_view s = text_arg(a[0], a.name()), set = text_arg(a[1], a.name());
  size_t n = s.find_first_of(set);
  return mkfix(intptr_t(n == std::u32string_view::npos ? s.size() : n));
}

static val bi_break_str(const Args &a) {
  std::u32string_view s = text_arg(a[0], a.name()), set = text_arg(a[1], a.name());
  size_t n = s.find_first_of(set);
  return n == std::u32string_view::npos ? nullptr : mkfix(intptr_t(n));
}

// ---- matching prefixes and suffixes ---------------------------------------------------

// Where little matches big at start: one past the match for a prefix
// match (start >= 0), the match's first position for a suffix match ending
// just before len+start+1 (start < 0); -1 if no match.
static long match_at(std::u32string_view big, std::u32string_view little, intptr_t start) {
  if (start >= 0) {
    if (size_t(start) > big.size() || big.size() - size_t(start) < little.size()) return -1;
    return big.substr(size_t(start), little.size()) == little ? long(size_t(start) + little.size()) : -1;
  }
  intptr_t end = intptr_t(big.size()) + start + 1;
  if (end < 0 || size_t(end) < little.size()) return -1;
  size_t from = size_t(end) - little.size();
  return big.substr(from, little.size()) == little ? long(from) : -1;
}

static val bi_match_str(const Args &a) {
  intptr_t start = missing(a[2]) || !a[2] ? 0 : c_fixnum(a[2], a.name());
  long r = match_at(text_arg(a[0], a.name()), text_arg(a[1], a.name()), start);
  return r < 0 ? nullptr : mkfix(r);
}

// Calls fn on every string leaf of tree.
template <class F>
static void each_leaf(val tree, F fn, const char *self) {
  if (!tree) return;
  if (stringp(tree)) return fn(sv(tree));
  if (!consp(tree)) type_err(self, tree, "a tree of strings");
  for (val l = tree; l; l = cdr(l)) {
    if (!consp(l)) return each_leaf(l, fn, self);
    each_leaf(car(l), fn, self);
  }
}

static val bi_match_str_tree(const Args &a) {
  std::u32string_view big = text_arg(a[0], a.name());
  intptr_t start = missing(a[2]) || !a[2] ? 0 : c_fixnum(a[2], a.name());
  long best = -1;
  size_t best_len = 0;
  each_leaf(
      a[1],
      [&](std::u32string_view little) {
        long r = match_at(big, little, start);
        if (r >= 0 && (best < 0 || little.size() > best_len)) {
          best = r;
          best_len = little.size();
        }
      },
      a.name());
  return best < 0 ? nullptr : mkfix(best);
}

// The earliest (or, from the end, the rightmost) occurrence of any leaf:
// (position . length), the longest leaf at that position.
static val bi_search_str_tree(const Args &a) {
  std::u32string_view hay = text_arg(a[0], a.name());
  intptr_t start = missing(a[2]) || !a[2] ? 0 : c_fixnum(a[2], a.name());
  if (start < 0) start += intptr_t(hay.size());
  if (start < 0 || size_t(start) > hay.size()) return nullptr;
  bool from_end = !missing(a[3]) && a[3];
  long pos = -1;
  size_t len = 0;
  each_leaf(
      a[1],
      [&](std::u32string_view needle) {
        size_t p = from_end ? hay.rfind(needle) : hay.find(needle, size_t(start));
        if (p == std::u32string_view::npos || p < size_t(start)) return;
        bool better = pos < 0 || (from_end ? long(p) > pos : long(p) < pos) || (long(p) == pos && needle.size() > len);
        if (better) {
          pos = long(p);
          len = needle.size();
        }
      },
      a.name());
  return pos < 0 ? nullptr : cons(mkfix(pos), mkfix(intptr_t(len)));
}

// ---- modifying strings ------------------------------------------------------------------

// Replaces the whole contents of s (a string object keeps its identity).
static void str_assign(val s, std::u32string_view v) {
  std::u32string copy(v);  // v may view s itself
  str_of(s)->len = 0;
  str_append(s, copy);
}

static intptr_t index_arg(val v, intptr_t len, intptr_t dflt, const char *self) {
  if (missing(v)) return dflt;
  if (!v) return len;
  intptr_t i = c_fixnum(v, self);
  if (i < 0) i += len;
  return std::max<intptr_t>(0, std::min(i, len));
}

static val bi_replace_str(const Args &a) {
  val s = str_checked(a[0], a.name());
  std::u32string cur(sv(s));
  intptr_t len = intptr_t(cur.size());
  intptr_t from = index_arg(a[2], len, 0, a.name());
  intptr_t to = index_arg(a[3], len, len, a.name());
  if (to < from) to = from;
  std::u32string items;
  if (stringp(a[1])) {
    items = sv(a[1]);
  } else {
    for (SeqIter it(a[1], a.name());;) {
      val x;
      if (!it.next(&x)) break;
      items.push_back(chr_arg(x, a.name()));
    }
  }
  cur.replace(size_t(from), size_t(to - from), items);
  str_assign(s, cur);
  return s;
}

static val string_codes;  // weak eq hash: string -> its code

static val bi_string_extend(const Args &a) {
  val s = str_checked(a[0], a.name());
  if (is_chr(a[1])) {
    str_push(s, chrval(a[1]));
  } else if (stringp(a[1])) {
    str_append(s, std::u32string(sv(a[1])));
  } else {
    intptr_t n = c_fixnum(a[1], a.name());
    if (n < 0) range_err(a.name(), "negative length", a[1]);
    str_append(s, std::u32string(size_t(n), U' '));
  }
  if (!missing(a[2]) && a[2]) remhash(string_codes, s);
  return s;
}

static val bi_string_finish(const Args &a) {
  val s = str_checked(a[0], a.name());
  remhash(string_codes, s);
  return s;
}

static val bi_string_set_code(const Args &a) {
  val s = str_checked(a[0], a.name());
  val code = is_chr(a[1]) ? mkfix(intptr_t(chrval(a[1]))) : a[1];
  if (!integerp(code)) type_err(a.name(), a[1], "an integer or character");
  sethash(string_codes, s, code);
  return s;
}

static val bi_string_get_code(const Args &a) { return gethash(string_codes, str_checked(a[0], a.name())); }

static val bi_coded_length(const Args &a) {
  size_t n = 0;
  for (char32_t c : text_arg(a[0], a.name()))
    n += c < 0x80 || (c >= 0xDC80 && c <= 0xDCFF) ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  return mkfix(intptr_t(n));
}

static val bi_chr_str_set(const Args &a) {
  val s = str_checked(a[0], a.name());
  char32_t c = chr_arg(a[2], a.name());
  intptr_t n = intptr_t(sv(s).size());
  intptr_t i = c_fixnum(a[1], a.name());
  if (i < 0) i += n;
  if (i < 0 || i >= n) errorf(s_error, "~a: ~s is out of range for string ~s", a.name(), a[1], s);
  std::u32string cur(sv(s));
  cur[size_t(i)] = c;
  str_assign(s, cur);
  return a[2];
}

// ---- comparison -----------------------------------------------------------------------------

static val bi_cmp_str(const Args &a) {
  int c = text_arg(a[0], a.name()).compare(text_arg(a[1], a.name()));
  return mkfix(c < 0 ? -1 : c > 0 ? 1 : 0);
}

static val bi_string_lt(const Args &a) { return boolv(text_arg(a[0], a.name()) < text_arg(a[1], a.name())); }

template <int Op>
static val length_cmp(const Args &a) {
  intptr_t n = c_fixnum(a[1], a.name());
  // A lazy string is forced only through position n (enough to compare).
  val s = is(a[0], T::LazyStr) ? lazy_str_prefix_upto(a[0], n) : a[0];
  intptr_t len = intptr_t(text_arg(s, a.name()).size());
  switch (Op) {
    case 0: return boolv(len > n);
    case 1: return boolv(len >= n);
    case 2: return boolv(len < n);
    default: return boolv(len <= n);
  }
}

static const BuiltinDef strlib_builtins[] = {
    {"chr-isascii", 1, 0, false, bi_chr_isascii},
    {"chr-iscntrl", 1, 0, false, bi_chr_iscntrl},
    {"chr-isgraph", 1, 0, false, bi_chr_isgraph},
    {"chr-isprint", 1, 0, false, bi_chr_isprint},
    {"chr-ispunct", 1, 0, false, bi_chr_ispunct},
    {"chr-isblank", 1, 0, false, bi_chr_isblank},
    {"chr-isunisp", 1, 0, false, bi_chr_isunisp},
    {"chr-isxdigit", 1, 0, false, bi_chr_isxdigit},
    {"chr-digit", 1, 0, false, bi_chr_digit},
    {"chr-xdigit", 1, 0, false, bi_chr_xdigit},
    {"chr-str-set", 3, 0, false, bi_chr_str_set},
    {"span-str", 2, 0, false, bi_span_str},
    {"compl-span-str", 2, 0, false, bi_compl_span_str},
    {"break-str", 2, 0, false, bi_break_str},
    {"match-str", 2, 1, false, bi_match_str},
    {"match-str-tree", 2, 1, false, bi_match_str_tree},
    {"search-str-tree", 2, 2, false, bi_search_str_tree},
    {"replace-str", 2, 2, false, bi_replace_str},
    {"string-extend", 2, 1, false, bi_string_extend},
    {"string-finish", 1, 0, false, bi_string_finish},
    {"string-set-code", 2, 0, false, bi_string_set_code},
    {"string-get-code", 1, 0, false, bi_string_get_code},
    {"coded-length", 1, 0, false, bi_coded_length},
    {"cmp-str", 2, 0, false, bi_cmp_str},
    {"string-lt", 2, 0, false, bi_string_lt},
    {"length-str->", 2, 0, false, length_cmp<0>},
    {"length-str->=", 2, 0, false, length_cmp<1>},
    {"length-str-<", 2, 0, false, length_cmp<2>},
    {"length-str-<=", 2, 0, false, length_cmp<3>},
};

void init_strlib() {
  string_codes = make_hash(HashKind::Eq, WEAK_KEYS, nullptr, 0);
  register_builtins(strlib_builtins);
}

}  // namespace tine
