// Lazy strings: text drawn a string at a time from a (possibly lazy) list,
// each piece followed by a terminator, up to an optional count of pieces.
// The string functions take a lazy string by forcing all of it
// (str_checked); lazy-str-force-upto, the length-str comparisons and
// indexing force only as much as they need.
#include "printer.hpp"
#include "seq.hpp"
#include "text.hpp"

namespace tine {

struct LazyStr : Obj {
  val prefix;      // the text so far (a string object, extended in place)
  val list;        // the pieces not yet taken
  val term;        // the terminator string
  intptr_t limit;  // pieces that may still be taken; -1: no limit
};

static LazyStr *ls_of(val v) { return static_cast<LazyStr *>(v); }

static LazyStr *ls_checked(val v, const char *self) {
  if (!is(v, T::LazyStr)) type_err(self, v, "a lazy string");
  return ls_of(v);
}

// Takes pieces until the text holds more than index characters (index < 0:
// all of them); true when it does.
static bool force_upto(LazyStr *ls, intptr_t index) {
  while ((index < 0 || intptr_t(sv(ls->prefix).size()) <= index) && consp(ls->list) && ls->limit != 0) {
    val piece = car(ls->list);
    ls->list = cdr(ls->list);
    if (ls->limit > 0) --ls->limit;
    str_append(ls->prefix, std::u32string(sv(str_checked(piece, "lazy-str"))));
    str_append(ls->prefix, std::u32string(sv(ls->term)));
  }
  return index >= 0 && intptr_t(sv(ls->prefix).size()) > index;
}

val lazy_str_force(val v) {
  LazyStr *ls = ls_of(v);
  force_upto(ls, -1);
  return ls->prefix;
}

val lazy_str_prefix_upto(val v, intptr_t n) {
  force_upto(ls_of(v), n);
  return ls_of(v)->prefix;
}

static val bi_lazy_str(const Args &a) {
  LazyStr *ls = gc_obj<LazyStr>(T::LazyStr);
  ls->prefix = mkstr(U"");
  ls->list = a[0];
  ls->term = missing(a[1]) ? mkstr(U"\n") : a[1] ? str_checked(a[1], a.name()) : mkstr(U"");
  ls->limit = -1;
  if (!missing(a[2]) && a[2]) {
    ls->limit = c_fixnum(a[2], a.name());
    if (ls->limit <= 0) ls->limit = -1;  // as in TXR, no limit
  }
  return ls;
}

static val bi_lazy_stringp(const Args &a) { return boolv(is(a[0], T::LazyStr)); }

static val bi_lazy_str_force_upto(const Args &a) {
  LazyStr *ls = ls_checked(a[0], a.name());
  return boolv(force_upto(ls, c_fixnum(a[1], a.name())));
}

static val bi_lazy_str_force(const Args &a) { return lazy_str_force(ls_checked(a[0], a.name())); }

// The text from index on (forced through index first), split at the
// terminators (a last empty piece dropped), followed by the pieces not
// taken: what remains of the list, as TXR 274 and later return it.
static val bi_lazy_str_get_trailing_list(const Args &a) {
  LazyStr *ls = ls_checked(a[0], a.name());
  intptr_t index = c_fixnum(a[1], a.name());
  force_upto(ls, std::max(index, intptr_t(0)));
  std::u32string_view text = sv(ls->prefix);
  // A negative index counts from the end of the forced text, as sub does.
  intptr_t from = index < 0 ? std::max(intptr_t(text.size()) + index, intptr_t(0)) : index;
  val rest = mkstr(text.substr(std::min(size_t(from), text.size())));
  val pieces = split_str(rest, ls->term, nullptr, nullptr, a.name());
  val out = nullptr;
  for (val l = pieces; l; l = cdr(l))
    if (cdr(l) || !sv(car(l)).empty()) out = cons(car(l), out);
  out = nreverse(out);
  return append2(out, ls->list);
}

// ---- as a sequence and as printed ---------------------------------------------------------

static intptr_t ls_length(val s) { return intptr_t(sv(lazy_str_force(s)).size()); }

static val ls_ref(val s, intptr_t i) {
  if (i >= 0) force_upto(ls_of(s), i);
  return seq_ref(i >= 0 ? ls_of(s)->prefix : lazy_str_force(s), mkfix(i), "ref");
}

static void ls_set(val s, intptr_t i, val v) {
  if (i >= 0) force_upto(ls_of(s), i);
  seq_set(i >= 0 ? ls_of(s)->prefix : lazy_str_force(s), mkfix(i), v, "refset");
}

static val ls_sub(val s, intptr_t from, intptr_t to) {
  return seq_sub(lazy_str_force(s), mkfix(from), mkfix(to), "sub");
}

static SeqOps lazy_str_ops = {ls_length, ls_ref, ls_set, ls_sub, nullptr, nullptr, nullptr};

static void print_lazy_str(val obj, std::u32string &out, bool escape) { print_to(lazy_str_force(obj), out, escape); }

static const BuiltinDef lazystr_builtins[] = {
    {"lazy-str", 1, 2, false, bi_lazy_str},
    {"lazy-stringp", 1, 0, false, bi_lazy_stringp},
    {"lazy-str-force-upto", 2, 0, false, bi_lazy_str_force_upto},
    {"lazy-str-force", 1, 0, false, bi_lazy_str_force},
    {"lazy-str-get-trailing-list", 2, 0, false, bi_lazy_str_get_trailing_list},
};

void init_lazystr() {
  seq_ops[int(T::LazyStr)] = &lazy_str_ops;
  print_ops[int(T::LazyStr)] = print_lazy_str;
  register_builtins(lazystr_builtins);
}

}  // namespace tine
