// Strings (UTF-32 inside, UTF-8 at every boundary) and characters.
#include <cstring>
#include <cwctype>

#include "lisp.hpp"

namespace tine {

// A short string's characters live in the same (scanned) allocation as
// the object: one trip to the allocator's fast path instead of two.  A
// string that grows later gets a separate character buffer (str_append).
static val new_str(size_t len, size_t cap) {
  size_t bytes = gc_array_bytes(cap + 1, sizeof(char32_t));
  Str *s;
  if (sizeof(Str) + bytes <= 256) {
    s = static_cast<Str *>(gc_scanned(sizeof(Str) + bytes));
    s->type = T::Str;
    s->data = reinterpret_cast<char32_t *>(s + 1);
  } else {
    s = gc_obj<Str>(T::Str);
    s->data = static_cast<char32_t *>(gc_atomic(bytes));
  }
  s->len = len;
  s->cap = cap;
  s->data[len] = 0;
  return s;
}

val mkstr(std::u32string_view v) {
  val s = new_str(v.size(), v.size());
  if (!v.empty()) memcpy(str_of(s)->data, v.data(), v.size() * sizeof(char32_t));
  return s;
}

val mkstr_n(size_t n, char32_t fill) {
  val s = new_str(n, n);
  for (size_t i = 0; i < n; ++i) str_of(s)->data[i] = fill;
  return s;
}

std::u32string utf8_decode(std::string_view in) {
  std::u32string out;
  out.reserve(in.size());
  const unsigned char *p = reinterpret_cast<const unsigned char *>(in.data());
  const unsigned char *e = p + in.size();
  while (p < e) {
    unsigned c = *p;
    if (c < 0x80) {
      out.push_back(c);
      ++p;
      continue;
    }
    int extra = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 0;
    char32_t cp = extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
    bool ok = extra > 0 && e - p > extra;
    for (int i = 1; ok && i <= extra; ++i) {
      if ((p[i] & 0xC0) != 0x80)
        ok = false;
      else
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid too.
    static const char32_t least[4] = {0, 0x80, 0x800, 0x10000};
    if (ok && (cp < least[extra] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)) ok = false;
    if (!ok) {
      // Invalid byte: kept as U+DCxx so that it survives a round trip.
      out.push_back(0xDC00 + c);
      ++p;
      continue;
    }
    out.push_back(cp);
    p += extra + 1;
  }
  return out;
}

std::string utf8_encode(std::u32string_view in) {
  std::string out;
  out.reserve(in.size());
  for (char32_t c : in) {
    if (c < 0x80) {
      out.push_back(char(c));
    } else if (c >= 0xDC80 && c <= 0xDCFF) {
      out.push_back(char(c - 0xDC00));
    } else if (c < 0x800) {
      out.push_back(char(0xC0 | (c >> 6)));
      out.push_back(char(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(char(0xE0 | (c >> 12)));
      out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(char(0x80 | (c & 0x3F)));
    } else {
      out.push_back(char(0xF0 | (c >> 18)));
      out.push_back(char(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(char(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

val mkstr_utf8(std::string_view s) {
  // ASCII text (every name the runtime registers) needs no decoding.
  size_t n = s.size();
  size_t i = 0;
  while (i < n && uint8_t(s[i]) < 0x80) ++i;
  if (i < n) return mkstr(utf8_decode(s));
  val r = new_str(n, n);
  char32_t *d = str_of(r)->data;
  for (i = 0; i < n; ++i) d[i] = char32_t(uint8_t(s[i]));
  return r;
}
std::string utf8(val s) { return utf8_encode(sv(s)); }
std::u32string u32(val s) { return std::u32string(sv(s)); }

void str_push(val s, char32_t c) { str_append(s, std::u32string_view(&c, 1)); }

void str_append(val s, std::u32string_view more) {
  Str *p = str_of(s);
  if (p->len + more.size() > p->cap) {
    size_t cap = (p->len + more.size()) * 2 + 8;
    char32_t *d = static_cast<char32_t *>(gc_atomic(gc_array_bytes(cap + 1, sizeof(char32_t))));
    memcpy(d, p->data, p->len * sizeof(char32_t));
    p->data = d;
    p->cap = cap;
  }
  memcpy(p->data + p->len, more.data(), more.size() * sizeof(char32_t));
  p->len += more.size();
  p->data[p->len] = 0;
}

val str_checked(val v, const char *self) {
  if (stringp(v)) return v;
  if (is(v, T::LazyStr)) return lazy_str_force(v);  // string functions see its whole text
  type_err(self, v, "a string");
}

// ---- builtins --------------------------------------------------------------------

static val bi_stringp(const Args &a) { return boolv(stringp(a[0]) || is(a[0], T::LazyStr)); }
static val bi_chrp(const Args &a) { return boolv(is_chr(a[0])); }

static char32_t chr_checked(val v, const char *self) {
  if (!is_chr(v)) type_err(self, v, "a character");
  return chrval(v);
}

static val bi_mkstring(const Args &a) {
  intptr_t n = c_fixnum(a[0], a.name());
  if (n < 0) range_err(a.name(), "negative length", a[0]);
  return mkstr_n(size_t(n), missing(a[1]) ? U' ' : chr_checked(a[1], a.name()));
}

// (str [length [init]]): a fresh string; init is a character or a string
// repeated to fill.
static val bi_str(const Args &a) {
  if (missing(a[0])) return mkstr(U"");
  intptr_t n = c_fixnum(a[0], a.name());
  if (n < 0) range_err(a.name(), "negative length", a[0]);
  if (missing(a[1])) return mkstr_n(size_t(n), U' ');
  if (is_chr(a[1])) return mkstr_n(size_t(n), chrval(a[1]));
  std::u32string_view init = sv(str_checked(a[1], a.name()));
  val s = mkstr_n(size_t(n), U' ');
  for (intptr_t i = 0; i < n && !init.empty(); ++i) str_of(s)->data[i] = init[size_t(i) % init.size()];
  return s;
}

static val bi_copy_str(const Args &a) { return mkstr(sv(str_checked(a[0], a.name()))); }
static val bi_length_str(const Args &a) { return mkfix(intptr_t(str_of(str_checked(a[0], a.name()))->len)); }

static void append_piece(std::u32string &out, val v, const char *self) {
  if (stringp(v))
    out += sv(v);
  else if (is_chr(v))
    out.push_back(chrval(v));
  else if (!v)
    ;
  else
    type_err(self, v, "a string or character");
}

// Resolve a possibly negative or missing index against a length.
static intptr_t str_index(val v, intptr_t len, intptr_t dflt, const char *self) {
  if (missing(v)) return dflt;
  if (!v) return len;  // nil "to" means the end
  intptr_t i = c_fixnum(v, self);
  if (i < 0) i += len;
  if (i < 0) i = 0;
  if (i > len) i = len;
  return i;
}

static val bi_sub_str(const Args &a) {
  std::u32string_view s = sv(str_checked(a[0], a.name()));
  intptr_t len = intptr_t(s.size());
  intptr_t from = str_index(a[1], len, 0, a.name());
  intptr_t to = str_index(a[2], len, len, a.name());
  if (!a[1] && !missing(a[1])) from = 0;
  if (to < from) to = from;
  return mkstr(s.substr(size_t(from), size_t(to - from)));
}

static val map_chars(val s, char32_t (*fn)(char32_t), const char *self) {
  std::u32string out(sv(str_checked(s, self)));
  for (auto &c : out) c = fn(c);
  return mkstr(out);
}

// Case mapping and character classes are ASCII only, as TXR's are.
static char32_t up(char32_t c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }
static char32_t down(char32_t c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static val bi_upcase_str(const Args &a) { return map_chars(a[0], up, a.name()); }
static val bi_downcase_str(const Args &a) { return map_chars(a[0], down, a.name()); }

static val bi_chr_int(const Args &a) { return mkfix(intptr_t(chr_checked(a[0], a.name()))); }

static val bi_int_chr(const Args &a) {
  intptr_t n = c_fixnum(a[0], a.name());
  if (n < 0 || n > 0x10FFFF) range_err(a.name(), "value out of character range:", a[0]);
  return mkchr(char32_t(n));
}

static val bi_chr_toupper(const Args &a) { return mkchr(up(chr_checked(a[0], a.name()))); }
static val bi_chr_tolower(const Args &a) { return mkchr(down(chr_checked(a[0], a.name()))); }

#define CHR_PRED(name, lispname, expr)        \
  static val name(const Args &a) {            \
    char32_t c = chr_checked(a[0], lispname); \
    return boolv(expr);                       \
  }
CHR_PRED(bi_chr_isdigit, "chr-isdigit", c >= '0' && c <= '9')
CHR_PRED(bi_chr_isspace, "chr-isspace", c == ' ' || (c >= 9 && c <= 13))
CHR_PRED(bi_chr_isalpha, "chr-isalpha", (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
CHR_PRED(bi_chr_isalnum, "chr-isalnum", (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
CHR_PRED(bi_chr_isupper, "chr-isupper", c >= 'A' && c <= 'Z')
CHR_PRED(bi_chr_islower, "chr-islower", c >= 'a' && c <= 'z')
#undef CHR_PRED

// trim-str removes spaces, tabs and newlines only, as TXR's does.
static bool is_blank(char32_t c) { return c == ' ' || c == '\t' || c == '\n'; }

static val bi_trim_str(const Args &a) {
  std::u32string_view s = sv(str_checked(a[0], a.name()));
  size_t b = 0, e = s.size();
  while (b < e && is_blank(s[b])) ++b;
  while (e > b && is_blank(s[e - 1])) --e;
  return mkstr(s.substr(b, e - b));
}

static std::u32string_view piece_view(val v, std::u32string &tmp, const char *self) {
  tmp.clear();
  append_piece(tmp, v, self);
  return tmp;
}

static val bi_starts_with(const Args &a) {
  std::u32string t1, t2;
  std::u32string_view pre = piece_view(a[0], t1, a.name());
  std::u32string_view s = piece_view(a[1], t2, a.name());
  return boolv(s.substr(0, pre.size()) == pre);
}

static val bi_ends_with(const Args &a) {
  std::u32string t1, t2;
  std::u32string_view suf = piece_view(a[0], t1, a.name());
  std::u32string_view s = piece_view(a[1], t2, a.name());
  return boolv(s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf);
}

static val bi_search_str(const Args &a) {
  std::u32string_view s = sv(str_checked(a[0], a.name()));
  std::u32string t;
  std::u32string_view key = piece_view(a[1], t, a.name());
  intptr_t start = missing(a[2]) || !a[2] ? 0 : c_fixnum(a[2], a.name());
  if (start < 0) start += intptr_t(s.size());
  if (start < 0 || size_t(start) > s.size()) return nullptr;
  bool from_end = !missing(a[3]) && a[3];
  size_t p = from_end ? s.rfind(key) : s.find(key, size_t(start));
  return p == std::u32string_view::npos ? nullptr : mkfix(intptr_t(p));
}

static int str_compare(val x, val y, const char *self) {
  std::u32string_view p = sv(str_checked(x, self)), q = sv(str_checked(y, self));
  int c = p.compare(q);
  return (c > 0) - (c < 0);
}

static val bi_str_eq(const Args &a) { return boolv(str_compare(a[0], a[1], a.name()) == 0); }
static val bi_str_lt(const Args &a) { return boolv(str_compare(a[0], a[1], a.name()) < 0); }
static val bi_str_gt(const Args &a) { return boolv(str_compare(a[0], a[1], a.name()) > 0); }
static val bi_str_le(const Args &a) { return boolv(str_compare(a[0], a[1], a.name()) <= 0); }
static val bi_str_ge(const Args &a) { return boolv(str_compare(a[0], a[1], a.name()) >= 0); }

static val bi_chr_str(const Args &a) {
  std::u32string_view s = sv(str_checked(a[0], a.name()));
  intptr_t i = c_fixnum(a[1], a.name());
  if (i < 0) i += intptr_t(s.size());
  if (i < 0 || size_t(i) >= s.size()) range_err(a.name(), "index out of range:", a[1]);
  return mkchr(s[size_t(i)]);
}

static val bi_str_esc(const Args &a) {
  // Escape the characters of a[1] that appear in the set a[0] with backslash.
  std::u32string t;
  std::u32string_view set = piece_view(a[0], t, a.name());
  std::u32string_view s = sv(str_checked(a[2], a.name()));
  std::u32string esc;
  append_piece(esc, a[1], a.name());
  std::u32string out;
  for (char32_t c : s) {
    if (set.find(c) != std::u32string_view::npos) out += esc;
    out.push_back(c);
  }
  return mkstr(out);
}

static const BuiltinDef string_builtins[] = {
    {"stringp", 1, 0, false, bi_stringp},
    {"chrp", 1, 0, false, bi_chrp},
    {"mkstring", 1, 1, false, bi_mkstring},
    {"str", 0, 2, false, bi_str},
    {"copy-str", 1, 0, false, bi_copy_str},
    {"length-str", 1, 0, false, bi_length_str},
    {"sub-str", 1, 2, false, bi_sub_str},
    {"upcase-str", 1, 0, false, bi_upcase_str},
    {"downcase-str", 1, 0, false, bi_downcase_str},
    {"chr-int", 1, 0, false, bi_chr_int},
    {"int-chr", 1, 0, false, bi_int_chr},
    {"chr-toupper", 1, 0, false, bi_chr_toupper},
    {"chr-tolower", 1, 0, false, bi_chr_tolower},
    {"chr-isdigit", 1, 0, false, bi_chr_isdigit},
    {"chr-isspace", 1, 0, false, bi_chr_isspace},
    {"chr-isalpha", 1, 0, false, bi_chr_isalpha},
    {"chr-isalnum", 1, 0, false, bi_chr_isalnum},
    {"chr-isupper", 1, 0, false, bi_chr_isupper},
    {"chr-islower", 1, 0, false, bi_chr_islower},
    {"trim-str", 1, 0, false, bi_trim_str},
    {"starts-with", 2, 0, false, bi_starts_with},
    {"ends-with", 2, 0, false, bi_ends_with},
    {"search-str", 2, 2, false, bi_search_str},
    {"str=", 2, 0, false, bi_str_eq},
    {"str<", 2, 0, false, bi_str_lt},
    {"str>", 2, 0, false, bi_str_gt},
    {"str<=", 2, 0, false, bi_str_le},
    {"str>=", 2, 0, false, bi_str_ge},
    {"chr-str", 2, 0, false, bi_chr_str},
    {"str-esc", 3, 0, false, bi_str_esc},
};

void init_strings() { register_builtins(string_builtins); }

}  // namespace tine
