// Path names as strings: base-name, dir-name, suffixes, path-cat, rel-path,
// path-equal, the absolute/relative tests.  Pure calculations: nothing here
// touches the file system.
#include <string>
#include <vector>

#include "syserr.hpp"

namespace tine {

using Text = std::u32string;
using u32v = std::u32string_view;

static bool is_sep(char32_t c) { return c == '/'; }
static bool is_any_sep(char32_t c) { return c == '/' || c == '\\'; }

static u32v text_arg(val v, const char *self) { return sv(str_checked(v, self)); }

// The path without superfluous trailing separators ("a//" -> "a", "//" -> "/").
// (TXR 30x's dir-name strips only one, contrary to its manual; we follow the manual.)
static u32v effective_path(u32v p) {
  size_t n = p.size();
  while (n > 1 && is_sep(p[n - 1])) --n;
  return p.substr(0, n);
}

static val bi_dir_name(const Args &a) {
  u32v p = effective_path(text_arg(a[0], a.name()));
  size_t s = p.find_last_of(U'/');
  if (p.empty() || s == u32v::npos) return mkstr(U".");
  u32v prefix = p.substr(0, s + 1);
  if (prefix.size() == 1) return mkstr(prefix);
  return mkstr(prefix.substr(0, prefix.size() - 1));
}

static u32v base_of(u32v p) {
  p = effective_path(p);
  if (p.size() == 1 && is_sep(p[0])) return p;
  size_t s = p.find_last_of(U'/');
  return s == u32v::npos ? p : p.substr(s + 1);
}

static val bi_base_name(const Args &a) {
  u32v b = base_of(text_arg(a[0], a.name()));
  if (!absent(a[1])) {
    u32v suf = text_arg(a[1], a.name());
    if (suf.size() < b.size() && b.substr(b.size() - suf.size()) == suf) b = b.substr(0, b.size() - suf.size());
  }
  return mkstr(b);
}

// ---- suffixes ----------------------------------------------------------------------------

// Where the suffix of P starts and ends (end excludes trailing separators);
// false when P has none.  LONG picks the leftmost delimiting period.
static bool find_suffix(u32v p, bool long_suffix, size_t *start, size_t *end) {
  size_t n = p.size();
  while (n > 0 && is_sep(p[n - 1])) --n;
  size_t comp = n;
  while (comp > 0 && !is_sep(p[comp - 1])) --comp;
  size_t dot = u32v::npos;
  for (size_t i = comp + 1; i < n; ++i)
    if (p[i] == '.') {
      dot = i;
      if (long_suffix) break;
    }
  if (dot == u32v::npos) return false;
  *start = dot;
  *end = n;
  return true;
}

static val suffix_of(const Args &a, bool long_suffix) {
  u32v p = text_arg(a[0], a.name());
  size_t s, e;
  if (!find_suffix(p, long_suffix, &s, &e)) return missing(a[1]) ? nullptr : a[1];
  return mkstr(p.substr(s, e - s));
}

static val bi_long_suffix(const Args &a) { return suffix_of(a, true); }
static val bi_short_suffix(const Args &a) { return suffix_of(a, false); }

static val trim_suffix(const Args &a, bool long_suffix) {
  u32v p = text_arg(a[0], a.name());
  size_t s, e;
  if (!find_suffix(p, long_suffix, &s, &e)) return a[0];
  Text out(p.substr(0, s));
  out += p.substr(e);
  return mkstr(out);
}

static val bi_trim_long_suffix(const Args &a) { return trim_suffix(a, true); }
static val bi_trim_short_suffix(const Args &a) { return trim_suffix(a, false); }

static bool alnum_word_colon(u32v p, size_t *after);

// The suffix goes before trailing separators; the separator of a root ("/",
// "c:/") is not a trailing one.
static val bi_add_suffix(const Args &a) {
  u32v p = text_arg(a[0], a.name()), suf = text_arg(a[1], a.name());
  size_t root = 0, after;
  if (!p.empty() && is_sep(p[0]))
    root = 1;
  else if (alnum_word_colon(p, &after) && after < p.size() && is_sep(p[after]))
    root = after + 1;
  size_t n = p.size();
  while (n > root && is_sep(p[n - 1])) --n;
  Text out(p.substr(0, n));
  out += suf;
  out += p.substr(n);
  return mkstr(out);
}

// ---- joining ----------------------------------------------------------------------------------

static Text path_cat2(u32v dir, u32v rel) {
  if (dir.empty()) return Text(rel);
  if (rel.empty() || rel == U".") return Text(dir);
  bool rel_rooted = is_sep(rel.front());
  if (dir == U"./" || (dir == U"." && !rel_rooted)) return Text(rel);
  bool dsep = is_sep(dir.back()), rsep = rel_rooted;
  Text out(dir);
  if (dsep && rsep)
    out += rel.substr(1);
  else if (!dsep && !rsep)
    out.push_back('/'), out += rel;
  else
    out += rel;
  return out;
}

static val bi_path_cat(const Args &a) {
  if (a.n == 0) return mkstr(U".");
  Text out(text_arg(a[0], a.name()));
  for (int i = 1; i < a.n; ++i) out = path_cat2(out, text_arg(a[i], a.name()));
  return a.n == 1 ? a[0] : mkstr(out);
}

// Both separators count; a volume prefix ("c:/") and the root keep theirs.
static val bi_trim_path_seps(const Args &a) {
  u32v p = text_arg(a[0], a.name());
  size_t keep = 0;
  if (!p.empty() && is_any_sep(p[0])) {
    keep = 1;
  } else if (p.size() >= 3 && p[1] == ':' && is_any_sep(p[2]) &&
             ((p[0] >= 'a' && p[0] <= 'z') || (p[0] >= 'A' && p[0] <= 'Z'))) {
    keep = 3;
  }
  size_t n = p.size();
  while (n > keep && is_any_sep(p[n - 1])) --n;
  if (n == p.size()) return a[0];
  return mkstr(p.substr(0, n));
}

// ---- absolute and relative ----------------------------------------------------------------------

static bool alnum_word_colon(u32v p, size_t *after) {
  size_t i = 0;
  while (i < p.size() && ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= '0' && p[i] <= '9')))
    ++i;
  if (i == 0 || i >= p.size() || p[i] != ':') return false;
  *after = i + 1;
  return true;
}

static bool portable_abs(u32v p) {
  if (p.empty()) return false;
  if (is_any_sep(p[0])) return true;
  size_t after;
  return alnum_word_colon(p, &after) && after < p.size() && is_any_sep(p[after]);
}

static val bi_abs_path_p(const Args &a) {
  u32v p = text_arg(a[0], a.name());
  return boolv(!p.empty() && is_sep(p[0]));
}

static val bi_portable_abs_path_p(const Args &a) { return boolv(portable_abs(text_arg(a[0], a.name()))); }

static val bi_pure_rel_path_p(const Args &a) {
  u32v p = text_arg(a[0], a.name());
  if (p.empty()) return s_t;
  if (is_any_sep(p[0]) || p == U".") return nullptr;
  if (p[0] == '.' && p.size() > 1 && is_any_sep(p[1])) return nullptr;
  size_t after;
  return boolv(!alnum_word_colon(p, &after));
}

// ---- relative paths ----------------------------------------------------------------------------

// Components without empty and "." ones, each name followed by ".." cancelled.
static std::vector<Text> path_components(u32v p) {
  std::vector<Text> out;
  size_t i = 0;
  while (i <= p.size()) {
    size_t j = i;
    while (j < p.size() && !is_sep(p[j])) ++j;
    u32v c = p.substr(i, j - i);
    if (c == U"..") {
      if (!out.empty() && out.back() != U"..")
        out.pop_back();
      else
        out.emplace_back(c);
    } else if (!c.empty() && c != U".") {
      out.emplace_back(c);
    }
    i = j + 1;
  }
  return out;
}

// The relative path; false (with *why set) when there is none.
static bool rel_path(u32v from, u32v to, Text *out, const char **why) {
  bool fabs = !from.empty() && is_sep(from[0]), tabs = !to.empty() && is_sep(to[0]);
  if (fabs != tabs) {
    *why = "mixture of absolute and relative paths";
    return false;
  }
  std::vector<Text> f = path_components(from), t = path_components(to);
  // ".." at the top of an absolute path stays at the root.
  if (fabs) {
    while (!f.empty() && f.front() == U"..") f.erase(f.begin());
    while (!t.empty() && t.front() == U"..") t.erase(t.begin());
  }
  size_t common = 0;
  while (common < f.size() && common < t.size() && f[common] == t[common]) ++common;
  std::vector<Text> r;
  for (size_t i = common; i < f.size(); ++i) {
    if (f[i] == U"..") {
      *why = "from-path uses .. to escape the common prefix";
      return false;
    }
    r.emplace_back(U"..");
  }
  for (size_t i = common; i < t.size(); ++i) r.push_back(t[i]);
  out->clear();
  for (size_t i = 0; i < r.size(); ++i) {
    if (i) out->push_back('/');
    *out += r[i];
  }
  if (out->empty()) out->push_back(U'.');
  return true;
}

static val bi_rel_path(const Args &a) {
  Text out;
  const char *why = nullptr;
  if (!rel_path(text_arg(a[0], a.name()), text_arg(a[1], a.name()), &out, &why))
    errorf(s_error, "~a: ~a: ~s ~s", a.name(), why, a[0], a[1]);
  return mkstr(out);
}

static val bi_path_equal(const Args &a) {
  u32v l = text_arg(a[0], a.name()), r = text_arg(a[1], a.name());
  if (l == r) return s_t;
  Text out;
  const char *why;
  return boolv(rel_path(l, r, &out, &why) && out == U".");
}

static const BuiltinDef path_builtins[] = {
    {"dir-name", 1, 0, false, bi_dir_name},
    {"base-name", 1, 1, false, bi_base_name},
    {"long-suffix", 1, 1, false, bi_long_suffix},
    {"short-suffix", 1, 1, false, bi_short_suffix},
    {"trim-long-suffix", 1, 0, false, bi_trim_long_suffix},
    {"trim-short-suffix", 1, 0, false, bi_trim_short_suffix},
    {"add-suffix", 2, 0, false, bi_add_suffix},
    {"path-cat", 0, 0, true, bi_path_cat},
    {"trim-path-seps", 1, 0, false, bi_trim_path_seps},
    {"abs-path-p", 1, 0, false, bi_abs_path_p},
    {"portable-abs-path-p", 1, 0, false, bi_portable_abs_path_p},
    {"pure-rel-path-p", 1, 0, false, bi_pure_rel_path_p},
    {"rel-path", 2, 0, false, bi_rel_path},
    {"path-equal", 2, 0, false, bi_path_equal},
};

void init_paths() {
  defvar_builtin("path-sep-chars", mkstr(U"/"), false);
  register_builtins(path_builtins);
}

}  // namespace tine
