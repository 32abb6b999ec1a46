// Regular-expression objects and the regex library of TXR's manual:
// regex-compile, search-regex, match-regex, regsub, m^ r^ f^ and friends,
// regexes called as functions, and matching on streams.
#include "regex.hpp"

#include "ffi/carray.hpp"
#include "ffi/fault.hpp"
#include "printer.hpp"
#include "stream.hpp"

namespace tine {

// ---- objects ----------------------------------------------------------------------------

static void finalize_regex(void *obj, void *) {
  RegexObj *r = static_cast<RegexObj *>(obj);
  delete r->engine;
  r->engine = nullptr;
}

static val make_regex(val source, RxPtr ir) {
  RegexObj *r = gc_obj<RegexObj>(T::Regex);
  r->source = source;
  r->fun = nullptr;
  r->engine = new RegexEngine(std::move(ir));
  GC_register_finalizer_no_order(r, finalize_regex, nullptr, nullptr, nullptr);
  return r;
}

val regex_checked(val v, const char *self) {
  if (!regexp(v)) type_err(self, v, "a regex");
  return v;
}

// Compiling the same text again (regex-compile in a loop, a regex built
// from user input once per line) reuses the first result.
static val compile_cache;
static constexpr size_t kCompileCacheMax = 512;

val regex_compile(val source, const char *self) {
  if (regexp(source)) return source;
  if (stringp(source)) {
    if (val hit = gethash(compile_cache, source)) return hit;
    val tree = regex_parse(sv(source), self);
    val re = make_regex(tree, regex_ir(tree, self));
    if (hash_count(compile_cache) >= kCompileCacheMax) compile_cache = make_hash(HashKind::Equal);
    sethash(compile_cache, mkstr(sv(source)), re);
    return re;
  }
  return make_regex(source, regex_ir(source, self));
}

static void print_regex(val obj, std::u32string &out, bool) {
  out += U"#/";
  regex_unparse(static_cast<RegexObj *>(obj)->source, out);
  out += U"/";
}

// ---- argument conventions ------------------------------------------------------------

static std::u32string_view text_of(val s, const char *self) { return sv(str_checked(s, self)); }

// A start position: negative counts from the end and is clamped at zero;
// false when it lies past the end.
static bool start_pos(val v, size_t len, size_t *out, const char *self) {
  if (missing(v) || !v) {
    *out = 0;
    return true;
  }
  intptr_t p = c_fixnum(v, self);
  if (p < 0) p += intptr_t(len);
  if (p < 0) p = 0;
  if (size_t(p) > len) return false;
  *out = size_t(p);
  return true;
}

// A position that must lie within 0..len after adding len to a negative one.
static bool exact_pos(val v, size_t len, size_t dflt, size_t *out, const char *self) {
  if (missing(v) || !v) {
    *out = dflt;
    return true;
  }
  intptr_t p = c_fixnum(v, self);
  if (p < 0) p += intptr_t(len);
  if (p < 0 || size_t(p) > len) return false;
  *out = size_t(p);
  return true;
}

static val substr(std::u32string_view s, size_t from, size_t len) { return mkstr(s.substr(from, len)); }

static val make_range(size_t from, size_t to) {
  Range *r = gc_obj<Range>(T::Range);
  r->from = mkfix(intptr_t(from));
  r->to = mkfix(intptr_t(to));
  return r;
}

// The string is the rightmost argument of m^ r^ rr ...: (f re [a [b]] str).
// Shift the optional arguments so that opt[0], opt[1] are a and b.
static val rightmost_string(const Args &a, int first_opt, int nopt, val *opt) {
  int last = first_opt + nopt;  // index of the last slot
  int n = last;
  while (n > first_opt && missing(a[n])) --n;
  // a[n] is the string; what precedes it are the optional arguments.
  for (int i = 0; i < nopt; ++i) opt[i] = first_opt + i < n ? a[first_opt + i] : s_colon;
  return a[n];
}

// ---- searching and matching ----------------------------------------------------------

static bool search_at(val re, std::u32string_view s, val start, val from_end, size_t *st, size_t *len,
                      const char *self) {
  size_t from;
  if (!start_pos(start, s.size(), &from, self)) return false;
  RegexEngine &e = regex_engine(regex_checked(re, self));
  if (!missing(from_end) && from_end) return e.search_last(s, from, st, len);
  return e.search(s, from, st, len);
}

// ---- byte subjects: bufs and carrays of bytes (mappings included) ----------------------

struct ByteSubject {
  const uint8_t *p;
  size_t len;
  val carray;  // a mapped carray, whose accesses need the fault guard
};

static bool byte_subject(val v, ByteSubject *b, const char *self) {
  if (is(v, T::Buf)) {
    *b = {buf_of(v)->data, buf_of(v)->len, nullptr};
    return true;
  }
  if (is(v, T::CArray) && ffi_is_byte_type(carray_of(v)->eltype)) {
    CArray *c = carray_of(v);
    *b = {carray_base(c, self), c->nelem, carray_is_mapped(c) ? v : nullptr};
    return true;
  }
  return false;
}

// Runs fn over the subject, under the fault guard when it is mapped.
template <class F>
static void with_bytes(const ByteSubject &b, F fn, const char *self) {
  if (!b.carray) return fn();
  struct Job {
    F *fn;
  } job{&fn};
  if (!guarded_bulk(
          b.p, b.len, [](void *j) { (*static_cast<Job *>(j)->fn)(); }, &job))
    mmap_fault_error(b.carray, b.p, 0, self);
}

static bool search_bytes_at(val re, const ByteSubject &b, val start, val from_end, size_t *st, size_t *len,
                            const char *self) {
  size_t from;
  if (!start_pos(start, b.len, &from, self)) return false;
  RegexEngine &e = regex_engine(regex_checked(re, self));
  bool found = false;
  with_bytes(
      b,
      [&] {
        if (missing(from_end) || !from_end) {
          found = e.search_bytes(b.p, b.len, from, st, len);
          return;
        }
        // The rightmost start: hop from match to match.
        size_t s2, l2;
        for (size_t p = from; p <= b.len && e.search_bytes(b.p, b.len, p, &s2, &l2); p = s2 + 1) {
          found = true;
          *st = s2;
          if (s2 == b.len) break;
        }
        if (found) *len = size_t(e.match_bytes_at(b.p, b.len, *st));
      },
      self);
  return found;
}

// The subject of search-regex and its kin: a string, or bytes.
static bool search_any(const Args &a, size_t *st, size_t *len, ByteSubject *b, bool *bytes) {
  *bytes = byte_subject(a[0], b, a.name());
  if (*bytes) return search_bytes_at(a[1], *b, a[2], a[3], st, len, a.name());
  return search_at(a[1], text_of(a[0], a.name()), a[2], a[3], st, len, a.name());
}

static val bi_search_regex(const Args &a) {
  size_t st, len;
  ByteSubject b;
  bool bytes;
  if (!search_any(a, &st, &len, &b, &bytes)) return nullptr;
  return cons(mkfix(intptr_t(st)), mkfix(intptr_t(len)));
}

static val bi_range_regex(const Args &a) {
  size_t st, len;
  ByteSubject b;
  bool bytes;
  if (!search_any(a, &st, &len, &b, &bytes)) return nullptr;
  return make_range(st, st + len);
}

static val bi_search_regst(const Args &a) {
  size_t st, len;
  ByteSubject b;
  bool bytes;
  if (!search_any(a, &st, &len, &b, &bytes)) return nullptr;
  if (bytes) return buf_from(b.p + st, len);
  return substr(text_of(a[0], a.name()), st, len);
}

// Longest match at a position; false if none or the position is out of range.
static bool match_at(val re, std::u32string_view s, val pos, size_t *p, size_t *len, const char *self) {
  RegexEngine &e = regex_engine(regex_checked(re, self));
  if (!exact_pos(pos, s.size(), 0, p, self)) return false;
  long l = e.match_at(s, *p);
  if (l < 0) return false;
  *len = size_t(l);
  return true;
}

static bool match_bytes(const Args &a, ByteSubject &b, size_t *p, size_t *len) {
  RegexEngine &e = regex_engine(regex_checked(a[1], a.name()));
  if (!exact_pos(a[2], b.len, 0, p, a.name())) return false;
  long l = -1;
  with_bytes(
      b, [&] { l = e.match_bytes_at(b.p, b.len, *p); }, a.name());
  if (l < 0) return false;
  *len = size_t(l);
  return true;
}

static val bi_match_regex(const Args &a) {
  size_t p, len;
  ByteSubject b;
  if (byte_subject(a[0], &b, a.name())) return match_bytes(a, b, &p, &len) ? mkfix(intptr_t(len)) : nullptr;
  std::u32string_view s = text_of(a[0], a.name());
  return match_at(a[1], s, a[2], &p, &len, a.name()) ? mkfix(intptr_t(len)) : nullptr;
}

static val bi_match_regst(const Args &a) {
  size_t p, len;
  ByteSubject b;
  if (byte_subject(a[0], &b, a.name())) return match_bytes(a, b, &p, &len) ? buf_from(b.p + p, len) : nullptr;
  std::u32string_view s = text_of(a[0], a.name());
  return match_at(a[1], s, a[2], &p, &len, a.name()) ? substr(s, p, len) : nullptr;
}

// Longest match ending just before end (the string is taken to end there).
static bool match_right(val re, std::u32string_view s, val end, size_t *e, size_t *len, const char *self) {
  RegexEngine &eng = regex_engine(regex_checked(re, self));
  if (!exact_pos(end, s.size(), s.size(), e, self)) return false;
  long l = eng.match_right(s.substr(0, *e));
  if (l < 0) return false;
  *len = size_t(l);
  return true;
}

static val bi_match_regex_right(const Args &a) {
  std::u32string_view s = text_of(a[0], a.name());
  size_t e, len;
  return match_right(a[1], s, a[2], &e, &len, a.name()) ? mkfix(intptr_t(len)) : nullptr;
}

static val bi_match_regst_right(const Args &a) {
  std::u32string_view s = text_of(a[0], a.name());
  size_t e, len;
  return match_right(a[1], s, a[2], &e, &len, a.name()) ? substr(s, e - len, len) : nullptr;
}

static val bi_regex_prefix_match(const Args &a) {
  RegexEngine &e = regex_engine(regex_checked(a[0], a.name()));
  std::u32string_view s = text_of(a[1], a.name());
  size_t p;
  if (!exact_pos(a[2], s.size(), 0, &p, a.name())) return nullptr;
  return boolv(e.prefix_viable(s, p));
}

// ---- m^ r^ and friends --------------------------------------------------------------------

enum class Anchor { Both, Start, End };

// The extent matched by m^$ m^ m$ (and r^$ r^ r$): false when no match.
static bool anchored(Anchor k, val re, val pos, std::u32string_view s, size_t *from, size_t *to, const char *self) {
  RegexEngine &e = regex_engine(regex_checked(re, self));
  size_t p;
  switch (k) {
    case Anchor::Both:
      if (!exact_pos(pos, s.size(), 0, &p, self) || !e.match_full(s, p)) return false;
      *from = p;
      *to = s.size();
      return true;
    case Anchor::Start: {
      if (!exact_pos(pos, s.size(), 0, &p, self)) return false;
      long l = e.match_at(s, p);
      if (l < 0) return false;
      *from = p;
      *to = p + size_t(l);
      return true;
    }
    case Anchor::End: {
      if (!exact_pos(pos, s.size(), s.size(), &p, self)) return false;
      long l = e.match_right(s.substr(0, p));
      if (l < 0) return false;
      *from = p - size_t(l);
      *to = p;
      return true;
    }
  }
  return false;
}

template <Anchor K, bool Range>
static val bi_anchored(const Args &a) {
  val opt[1];
  val str = rightmost_string(a, 1, 1, opt);
  std::u32string_view s = text_of(str, a.name());
  size_t from, to;
  if (!anchored(K, a[0], opt[0], s, &from, &to, a.name())) return nullptr;
  return Range ? make_range(from, to) : substr(s, from, to - from);
}

static val bi_rr(const Args &a) {
  val opt[2];
  val str = rightmost_string(a, 1, 2, opt);
  std::u32string_view s = text_of(str, a.name());
  size_t st, len;
  if (!search_at(a[0], s, opt[0], opt[1], &st, &len, a.name())) return nullptr;
  return make_range(st, st + len);
}

// Every non-overlapping match between start and end, empty ones included.
static val bi_rra(const Args &a) {
  val opt[2];
  val str = rightmost_string(a, 1, 2, opt);
  std::u32string_view s = text_of(str, a.name());
  RegexEngine &e = regex_engine(regex_checked(a[0], a.name()));
  size_t from, to;
  if (!start_pos(opt[0], s.size(), &from, a.name())) return nullptr;
  if (missing(opt[1]) || !opt[1]) {
    to = s.size();
  } else {
    intptr_t t = c_fixnum(opt[1], a.name());
    if (t < 0) t += intptr_t(s.size());
    if (t < 0) return nullptr;
    to = std::min(size_t(t), s.size());
  }
  if (from > to) return nullptr;
  std::u32string_view w = s.substr(0, to);
  val out = nullptr;
  for (size_t p = from; p <= w.size();) {
    size_t st, len;
    if (!e.search(w, p, &st, &len)) break;
    out = cons(make_range(st, st + len), out);
    p = len ? st + len : st + 1;
  }
  return nreverse(out);
}

// (f^ re [pos]) and the others: a function of the string alone.
static val curried_call(const Args &a) {
  val data = a.self->data;  // (builtin re . pos)
  val fn = car(data), re = car(cdr(data)), pos = cdr(cdr(data));
  val args[3] = {re, pos, a[0]};
  return funcall(fn, args, 3);
}

static val curry(const Args &a, const char *target) {
  regex_checked(a[0], a.name());
  val data = cons(sym(intern(target))->fun, cons(a[0], a[1]));
  return make_builtin(intern(a.name()), 1, 0, false, curried_call, data);
}

static val frr_call(const Args &a) {
  val data = a.self->data;  // (re start . from-end)
  val args[4] = {car(data), car(cdr(data)), cdr(cdr(data)), a[0]};
  return funcall(sym(intern("rr"))->fun, args, 4);
}

static val bi_f_both(const Args &a) { return curry(a, "m^$"); }
static val bi_f_start(const Args &a) { return curry(a, "m^"); }
static val bi_f_end(const Args &a) { return curry(a, "m$"); }
static val bi_fr_both(const Args &a) { return curry(a, "r^$"); }
static val bi_fr_start(const Args &a) { return curry(a, "r^"); }
static val bi_fr_end(const Args &a) { return curry(a, "r$"); }

// (frr re [[start] from-end]): with one optional argument it is from-end.
static val bi_frr(const Args &a) {
  regex_checked(a[0], a.name());
  val start = a[1], from_end = a[2];
  if (missing(a[2])) {
    from_end = a[1];
    start = s_colon;
  }
  return make_builtin(intern(a.name()), 1, 0, false, frr_call, cons(a[0], cons(start, from_end)));
}

// ---- regexes as functions -------------------------------------------------------------

static val regex_call(const Args &a) {
  val opt[2];
  val str = rightmost_string(a, 0, 2, opt);
  std::u32string_view s = text_of(str, "regex");
  size_t st, len;
  if (!search_at(a.self->data, s, opt[0], opt[1], &st, &len, "regex")) return nullptr;
  return substr(s, st, len);
}

val regex_function(val re) {
  RegexObj *r = static_cast<RegexObj *>(re);
  if (!r->fun) r->fun = make_builtin(intern_sys("regex"), 1, 2, false, regex_call, re);
  return r->fun;
}

// ---- regsub ---------------------------------------------------------------------------------

static void append_replacement(std::u32string &out, val repl, std::u32string_view matched, const char *self) {
  if (stringp(repl)) {
    out += sv(repl);
  } else if (is_chr(repl)) {
    out.push_back(chrval(repl));
  } else {
    val r = funcall1(repl, mkstr(matched));
    if (stringp(r))
      out += sv(r);
    else if (is_chr(r))
      out.push_back(chrval(r));
    else if (r)
      out += sv(tostringp(r));
  }
}

bool find_separator(val sep, std::u32string_view s, size_t from, size_t *start, size_t *len, const char *self) {
  if (regexp(sep)) return regex_engine(sep).search(s, from, start, len);
  std::u32string tmp;
  std::u32string_view key;
  if (is_chr(sep)) {
    tmp.push_back(chrval(sep));
    key = tmp;
  } else {
    key = text_of(sep, self);
  }
  size_t p = s.find(key, from);
  if (p == std::u32string_view::npos) return false;
  *start = p;
  *len = key.size();
  return true;
}

static val bi_regsub(const Args &a) {
  std::u32string_view s = text_of(a[2], a.name());
  val pat = a[0], repl = a[1];
  std::u32string out;
  if (!regexp(pat) && !stringp(pat)) {
    // A function that names the extent to replace as a range, or nil.
    val r = funcall1(pat, a[2]);
    if (!r) return a[2];
    if (!is(r, T::Range)) type_err(a.name(), r, "a range");
    size_t from, to;
    if (!exact_pos(static_cast<Range *>(r)->from, s.size(), 0, &from, a.name()) ||
        !exact_pos(static_cast<Range *>(r)->to, s.size(), s.size(), &to, a.name()) || to < from)
      range_err(a.name(), "range out of bounds:", r);
    out = s.substr(0, from);
    append_replacement(out, repl, s.substr(from, to - from), a.name());
    out += s.substr(to);
    return mkstr(out);
  }
  size_t p = 0, done = 0;
  // As in TXR, an empty match at the very end is taken only in an empty string.
  for (bool first = true; first || p < s.size(); first = false) {
    size_t st, len;
    if (!find_separator(pat, s, p, &st, &len, a.name())) break;
    out += s.substr(done, st - done);
    append_replacement(out, repl, s.substr(st, len), a.name());
    done = st + len;
    if (len) {
      p = st + len;
    } else {
      // An empty match: keep the character after it and search past it.
      if (st < s.size()) out.push_back(s[st]);
      done = st + 1;
      p = st + 1;
    }
  }
  if (done < s.size()) out += s.substr(done);
  return mkstr(out);
}

// ---- trim-left / trim-right -----------------------------------------------------------------

static val bi_trim_left(const Args &a) {
  std::u32string_view s = text_of(a[1], a.name());
  if (regexp(a[0])) {
    long l = regex_engine(a[0]).match_at(s, 0);
    return l > 0 ? mkstr(s.substr(size_t(l))) : a[1];
  }
  std::u32string_view pre = text_of(a[0], a.name());
  return s.substr(0, pre.size()) == pre ? mkstr(s.substr(pre.size())) : a[1];
}

static val bi_trim_right(const Args &a) {
  std::u32string_view s = text_of(a[1], a.name());
  if (regexp(a[0])) {
    long l = regex_engine(a[0]).match_right(s);
    return l > 0 ? mkstr(s.substr(0, s.size() - size_t(l))) : a[1];
  }
  std::u32string_view suf = text_of(a[0], a.name());
  if (s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf)
    return mkstr(s.substr(0, s.size() - suf.size()));
  return a[1];
}

// ---- streams -----------------------------------------------------------------------------------

// Characters read ahead of the match point, given back to the stream.
static void unread(Stream *st, std::u32string_view chars) {
  for (size_t i = chars.size(); i-- > 0;) st->unget_char(chars[i]);
}

// The longest non-empty match at the start of pending (extended from the
// stream as needed); 0 if none.
static size_t stream_match(RegexEngine &e, Stream *st, std::u32string &pending) {
  RegexEngine::State q = e.initial();
  size_t best = 0;
  for (size_t i = 0;; ++i) {
    if (i == pending.size()) {
      int32_t c = st->read_char();
      if (c < 0) break;
      pending.push_back(char32_t(c));
    }
    q = e.step(q, pending[i]);
    if (e.accepting(q)) best = i + 1;
    if (e.dead(q)) break;
  }
  return best;
}

// Scans for the first non-empty match: skipped receives the text before it,
// matched the match.  False at the end of the stream without a match.
bool regex_stream_scan(RegexEngine &e, Stream *st, std::u32string &skipped, std::u32string &matched) {
  std::u32string pending;
  for (;;) {
    size_t len = stream_match(e, st, pending);
    if (len) {
      matched = pending.substr(0, len);
      unread(st, std::u32string_view(pending).substr(len));
      return true;
    }
    if (pending.empty()) {
      int32_t c = st->read_char();
      if (c < 0) return false;
      pending.push_back(char32_t(c));
      continue;  // try to match at this character first
    }
    skipped.push_back(pending[0]);
    pending.erase(0, 1);
  }
}

static val bi_read_until_match(const Args &a) {
  RegexEngine &e = regex_engine(regex_checked(a[0], a.name()));
  Stream *st = stream_arg(a[1], current_input(), a.name());
  std::u32string skipped, matched;
  bool found = regex_stream_scan(e, st, skipped, matched);
  if (!found && skipped.empty()) return nullptr;
  if (found && !missing(a[2]) && a[2]) skipped += matched;
  return mkstr(skipped);
}

static val bi_scan_until_match(const Args &a) {
  RegexEngine &e = regex_engine(regex_checked(a[0], a.name()));
  Stream *st = stream_arg(a[1], current_input(), a.name());
  std::u32string skipped, matched;
  if (!regex_stream_scan(e, st, skipped, matched)) return nullptr;
  return cons(mkfix(intptr_t(skipped.size())), mkstr(matched));
}

static val bi_count_until_match(const Args &a) {
  RegexEngine &e = regex_engine(regex_checked(a[0], a.name()));
  Stream *st = stream_arg(a[1], current_input(), a.name());
  std::u32string skipped, matched;
  if (!regex_stream_scan(e, st, skipped, matched)) return nullptr;
  return mkfix(intptr_t(skipped.size()));
}

// ---- compile, parse, inspect -----------------------------------------------------------------

static val bi_regex_compile(const Args &a) { return regex_compile(a[0], a.name()); }

static val bi_regex_parse(const Args &a) {
  val text = str_checked(a[0], a.name());
  val tree;
  const char *what;
  size_t pos;
  if (regex_try_parse(sv(text), &tree, &what, &pos)) return tree;
  if (!missing(a[1]) && a[1]) {
    // The diagnostic also goes to the error stream, as the manual says.
    Stream *err = stream_arg(a[1] == s_t ? current_output() : a[1], current_output(), a.name());
    std::string msg = std::string("regex: ") + what + " at position " + std::to_string(pos) + "\n";
    err->put_string(utf8_decode(msg));
  }
  return regex_parse(sv(text), a.name());  // throws the syntax-error
}

static val bi_regex_source(const Args &a) { return static_cast<RegexObj *>(regex_checked(a[0], a.name()))->source; }
static val bi_regexp(const Args &a) { return boolv(regexp(a[0])); }
static val bi_regex_optimize(const Args &a) { return regex_optimize(a[0]); }

static const BuiltinDef regex_builtins[] = {
    {"regex-compile", 1, 1, false, bi_regex_compile},
    {"regex-parse", 1, 1, false, bi_regex_parse},
    {"regex-source", 1, 0, false, bi_regex_source},
    {"regexp", 1, 0, false, bi_regexp},
    {"regex-optimize", 1, 0, false, bi_regex_optimize},
    {"search-regex", 2, 2, false, bi_search_regex},
    {"range-regex", 2, 2, false, bi_range_regex},
    {"search-regst", 2, 2, false, bi_search_regst},
    {"match-regex", 2, 1, false, bi_match_regex},
    {"match-regst", 2, 1, false, bi_match_regst},
    {"match-regex-right", 2, 1, false, bi_match_regex_right},
    {"match-regst-right", 2, 1, false, bi_match_regst_right},
    {"regex-prefix-match", 2, 1, false, bi_regex_prefix_match},
    {"regsub", 3, 0, false, bi_regsub},
    {"trim-left", 2, 0, false, bi_trim_left},
    {"trim-right", 2, 0, false, bi_trim_right},
    {"m^$", 2, 1, false, bi_anchored<Anchor::Both, false>},
    {"m^", 2, 1, false, bi_anchored<Anchor::Start, false>},
    {"m$", 2, 1, false, bi_anchored<Anchor::End, false>},
    {"r^$", 2, 1, false, bi_anchored<Anchor::Both, true>},
    {"r^", 2, 1, false, bi_anchored<Anchor::Start, true>},
    {"r$", 2, 1, false, bi_anchored<Anchor::End, true>},
    {"rr", 2, 2, false, bi_rr},
    {"rra", 2, 2, false, bi_rra},
    {"f^$", 1, 1, false, bi_f_both},
    {"f^", 1, 1, false, bi_f_start},
    {"f$", 1, 1, false, bi_f_end},
    {"fr^$", 1, 1, false, bi_fr_both},
    {"fr^", 1, 1, false, bi_fr_start},
    {"fr$", 1, 1, false, bi_fr_end},
    {"frr", 1, 2, false, bi_frr},
    {"read-until-match", 1, 2, false, bi_read_until_match},
    {"scan-until-match", 1, 1, false, bi_scan_until_match},
    {"count-until-match", 1, 1, false, bi_count_until_match},
};

void init_regex() {
  init_regex_syntax();
  compile_cache = make_hash(HashKind::Equal);
  print_ops[int(T::Regex)] = print_regex;
  register_builtins(regex_builtins);
}

}  // namespace tine
