// Run-time support for the pattern matcher of stdlib/match.tl: walking a
// sequence element by element without allocating (for @(all), @(coll),
// @(some) and the each-match family), and the text steps of quasiliteral
// patterns.
//
// A sequence is walked with a cursor that only means something together
// with the sequence: the current cons of a list, the index into an
// indexable sequence (vector, string, buf ...), the current number of a
// number or range (counting up, as TXR's iterators do).
#include "seq.hpp"

namespace tine {

static bool list_like(val v) { return !v || consp(v); }

static bool indexable(val v) { return stringp(v) || is(v, T::Vec) || (is_ptr(v) && seq_ops[int(v->type)] != nullptr); }

static bool counting(val v) { return numberp(v) || is_chr(v); }

// (sys:pm-seq-start obj): the first cursor of a sequence, or t when obj is
// none (lists, vectors, strings and other indexable objects).
static val bi_pm_seq_start(const Args &a) {
  val obj = a[0];
  if (list_like(obj)) return obj;
  return indexable(obj) ? mkfix(0) : s_t;
}

// (sys:pm-iter-start obj): the same for anything each-match iterates,
// numbers and ranges included; an error for other objects.
static val bi_pm_iter_start(const Args &a) {
  val obj = a[0];
  if (list_like(obj)) return obj;
  if (indexable(obj)) return mkfix(0);
  if (counting(obj)) return obj;
  if (is(obj, T::Range)) return static_cast<Range *>(obj)->from;
  type_err("each-match", obj, "an iterable object");
}

static val bi_pm_seq_more(const Args &a) {
  val obj = a[0], cur = a[1];
  if (list_like(obj)) {
    if (consp(cur)) return s_t;
    if (cur) type_err(a.name(), cur, "a cons (the list is improper)");
    return nullptr;
  }
  if (counting(obj)) return s_t;
  if (is(obj, T::Range)) {
    val to = static_cast<Range *>(obj)->to;
    return boolv(!to || to == s_t || less_than(cur, to));
  }
  return boolv(fixval(cur) < seq_length(obj, a.name()));
}

static val bi_pm_seq_item(const Args &a) {
  val obj = a[0], cur = a[1];
  if (list_like(obj)) return car(cur);
  if (counting(obj) || is(obj, T::Range)) return cur;
  return seq_ref(obj, cur, a.name());
}

static val s_succ;

static val bi_pm_seq_step(const Args &a) {
  val obj = a[0], cur = a[1];
  if (list_like(obj)) return cdr(cur);
  if (is_fixnum(cur) && fixval(cur) < FIXNUM_MAX) return mkfix(fixval(cur) + 1);
  return funcall1(global_fun(s_succ), cur);
}

// (sys:qm-text str pos text): the position after text when str continues
// with it at pos, else nil.
static val bi_qm_text(const Args &a) {
  if (!stringp(a[0])) type_err(a.name(), a[0], "a string");
  if (!stringp(a[2])) type_err(a.name(), a[2], "a string");
  std::u32string_view s = sv(a[0]), t = sv(a[2]);
  intptr_t pos = fixval(a[1]);
  if (pos < 0 || size_t(pos) > s.size() || s.size() - size_t(pos) < t.size()) return nullptr;
  return s.compare(size_t(pos), t.size(), t) == 0 ? mkfix(pos + intptr_t(t.size())) : nullptr;
}

static const BuiltinDef match_builtins[] = {
    {"sys:pm-seq-start", 1, 0, false, bi_pm_seq_start}, {"sys:pm-iter-start", 1, 0, false, bi_pm_iter_start},
    {"sys:pm-seq-more", 2, 0, false, bi_pm_seq_more},   {"sys:pm-seq-item", 2, 0, false, bi_pm_seq_item},
    {"sys:pm-seq-step", 2, 0, false, bi_pm_seq_step},   {"sys:qm-text", 3, 0, false, bi_qm_text},
};

void init_match() {
  register_builtins(match_builtins);
  s_succ = intern("succ");
}

}  // namespace tine
