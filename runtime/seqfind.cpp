// Searching sequences: find/rfind and their -if forms, find-true, pos/rpos
// and their q/ql/qual forms, pos-max/min, find-max/min and their -es and
// -key forms, count and friends, search/rsearch/search-all/contains,
// mismatch/rmismatch, starts-with/ends-with, where and its combinators,
// select, reject, relate, in.
#include <vector>

#include "iter.hpp"
#include "lazy.hpp"
#include "seq.hpp"

namespace tine {

using ValVec = std::vector<val, gc_allocator_val>;

static bool same_eq(val a, val b) { return a == b; }
static bool test2(val test, val x, val y) { return test ? funcall2(test, x, y) != nullptr : equal(x, y); }
static SeqOps *ops_of(val s) { return is_ptr(s) ? seq_ops[int(s->type)] : nullptr; }

static void collect(val seq, ValVec &out, const char *self) {
  SeqIter it(seq, self);
  for (val x; it.next(&x);) out.push_back(x);
}

// ---- find and pos -----------------------------------------------------------------------------

// Calls found(item, index, result-of-match) for the first (or, with
// rightmost, the last) item whose key matches; returns whether one did.
template <class Match, class Found>
static bool scan(val seq, bool rightmost, const char *self, Match &&match, Found &&found) {
  SeqIter it(seq, self);
  intptr_t i = 0;
  bool any = false;
  val best = nullptr, best_r = nullptr;
  intptr_t best_i = -1;
  for (val x; it.next(&x); ++i) {
    if (val r = match(x)) {
      if (!rightmost) {
        found(x, i, r);
        return true;
      }
      any = true;
      best = x;
      best_i = i;
      best_r = r;
    }
  }
  if (any) found(best, best_i, best_r);
  return any;
}

static val find_key(const Args &a, bool rightmost) {
  val test = opt_fun(a[2], a.name()), keyf = opt_fun(a[3], a.name()), out = nullptr;
  scan(
      a[1], rightmost, a.name(), [&](val x) { return boolv(test2(test, a[0], apply_key(keyf, x))); },
      [&](val x, intptr_t, val) { out = x; });
  return out;
}

// find-if and friends; what: 0 the item, 1 the predicate's value, 2 the index.
static val find_pred(const Args &a, bool rightmost, int what) {
  val pred = fun_checked(a[0], a.name()), keyf = opt_fun(a[2], a.name()), out = nullptr;
  scan(
      a[1], rightmost, a.name(), [&](val x) { return funcall1(pred, apply_key(keyf, x)); },
      [&](val x, intptr_t i, val r) { out = what == 0   ? x
                                            : what == 1 ? r
                                                        : mkfix(i); });
  return out;
}

static val bi_find(const Args &a) { return find_key(a, false); }
static val bi_rfind(const Args &a) { return find_key(a, true); }
static val bi_find_if(const Args &a) { return find_pred(a, false, 0); }
static val bi_rfind_if(const Args &a) { return find_pred(a, true, 0); }
static val bi_find_true(const Args &a) { return find_pred(a, false, 1); }
static val bi_pos_if(const Args &a) { return find_pred(a, false, 2); }
static val bi_rpos_if(const Args &a) { return find_pred(a, true, 2); }

static val pos_key(const Args &a, bool rightmost) {
  bool plain = (missing(a[2]) || !a[2]) && (missing(a[3]) || !a[3]);
  if (SeqOps *o = ops_of(a[1]); o && o->pos && plain && !rightmost) return o->pos(a[1], a[0]);  // carrays: memchr
  val test = opt_fun(a[2], a.name()), keyf = opt_fun(a[3], a.name()), out = nullptr;
  scan(
      a[1], rightmost, a.name(), [&](val x) { return boolv(test2(test, a[0], apply_key(keyf, x))); },
      [&](val, intptr_t i, val) { out = mkfix(i); });
  return out;
}

static val bi_pos(const Args &a) { return pos_key(a, false); }
static val bi_rpos(const Args &a) { return pos_key(a, true); }

template <bool (*Same)(val, val), bool Rightmost>
static val posq_like(const Args &a) {
  val out = nullptr;
  scan(
      a[1], Rightmost, a.name(), [&](val x) { return boolv(Same(a[0], x)); },
      [&](val, intptr_t i, val) { out = mkfix(i); });
  return out;
}

// ---- extremes -----------------------------------------------------------------------------------

// The item that wins under testfun (greater for the max forms, less for the
// min forms) on keys: an item replaces the best so far when (testfun key
// best-key) is true, so ties keep the first.
struct Extreme {
  val best = nullptr, best_key = nullptr;
  intptr_t best_i = -1;
};

static Extreme find_extreme(val seq, val testf, val keyf, bool maxp, const char *self) {
  Extreme e;
  SeqIter it(seq, self);
  intptr_t i = 0;
  for (val x; it.next(&x); ++i) {
    val k = apply_key(keyf, x);
    bool better = e.best_i < 0 || (testf ? funcall2(testf, k, e.best_key) != nullptr
                                         : (maxp ? less_than(e.best_key, k) : less_than(k, e.best_key)));
    if (better) {
      e.best = x;
      e.best_key = k;
      e.best_i = i;
    }
  }
  return e;
}

// what: 0 the item, 1 its key, 2 its index.
template <bool Maxp, int What>
static val extreme(const Args &a) {
  Extreme e = find_extreme(a[0], opt_fun(a[1], a.name()), opt_fun(a[2], a.name()), Maxp, a.name());
  if (e.best_i < 0) return nullptr;
  return What == 0 ? e.best : What == 1 ? e.best_key : mkfix(e.best_i);
}

// find-maxes / find-mins: every item whose key is not beaten, in order.
template <bool Maxp>
static val extremes(const Args &a) {
  val testf = opt_fun(a[1], a.name()), keyf = opt_fun(a[2], a.name());
  auto beats = [&](val x, val y) {
    return testf ? funcall2(testf, x, y) != nullptr : (Maxp ? less_than(y, x) : less_than(x, y));
  };
  ListBuilder out;
  val best_key = nullptr;
  bool any = false;
  SeqIter it(a[0], a.name());
  for (val x; it.next(&x);) {
    val k = apply_key(keyf, x);
    if (!any || beats(k, best_key)) {
      out = ListBuilder();
      out.add(x);
      best_key = k;
      any = true;
    } else if (!beats(best_key, k)) {
      out.add(x);
    }
  }
  return make_like(out.head, a[0]);
}

// ---- counting -----------------------------------------------------------------------------------

static val bi_count(const Args &a) {
  val test = opt_fun(a[2], a.name()), keyf = opt_fun(a[3], a.name());
  intptr_t n = 0;
  SeqIter it(a[1], a.name());
  for (val x; it.next(&x);)
    if (test2(test, a[0], apply_key(keyf, x))) ++n;
  return mkfix(n);
}

static val bi_count_if(const Args &a) {
  val pred = fun_checked(a[0], a.name()), keyf = opt_fun(a[2], a.name());
  intptr_t n = 0;
  SeqIter it(a[1], a.name());
  for (val x; it.next(&x);)
    if (funcall1(pred, apply_key(keyf, x))) ++n;
  return mkfix(n);
}

template <bool (*Same)(val, val)>
static val countq_like(const Args &a) {
  intptr_t n = 0;
  SeqIter it(a[1], a.name());
  for (val x; it.next(&x);)
    if (Same(a[0], x)) ++n;
  return mkfix(n);
}

// ---- searching for subsequences -------------------------------------------------------------

// Every position where needle occurs in haystack (overlapping), calling
// on(pos) until it returns false.
template <class On>
static void search_each(val hay, val needle, val test, val keyf, const char *self, On &&on) {
  if (hashp(hay) || hashp(needle)) errorf(s_type_error, "~a: hashes are not searched", self);
  ValVec h, n;
  collect(hay, h, self);
  collect(needle, n, self);
  if (keyf) {
    for (val &x : h) x = funcall1(keyf, x);
    for (val &x : n) x = funcall1(keyf, x);
  }
  for (size_t i = 0; i + n.size() <= h.size(); ++i) {
    size_t j = 0;
    while (j < n.size() && test2(test, h[i + j], n[j])) ++j;
    if (j == n.size() && !on(intptr_t(i))) return;
  }
}

static val bi_search(const Args &a) {
  if (SeqOps *o = ops_of(a[0]); o && o->search && (missing(a[2]) || !a[2]) && (missing(a[3]) || !a[3]))
    return o->search(a[0], a[1]);  // carrays: memmem
  if (stringp(a[0]) && stringp(a[1]) && (missing(a[2]) || !a[2]) && (missing(a[3]) || !a[3])) {
    size_t p = sv(a[0]).find(sv(a[1]));
    return p == std::u32string_view::npos ? nullptr : mkfix(intptr_t(p));
  }
  val out = nullptr;
  search_each(a[0], a[1], opt_fun(a[2], a.name()), opt_fun(a[3], a.name()), a.name(), [&](intptr_t i) {
    out = mkfix(i);
    return false;
  });
  return out;
}

static val bi_contains(const Args &a) {
  val args[4] = {a[1], a[0], a[2], a[3]};
  Args b{args, 4, a.self};
  return bi_search(b);
}

static val bi_rsearch(const Args &a) {
  val out = nullptr;
  search_each(a[0], a[1], opt_fun(a[2], a.name()), opt_fun(a[3], a.name()), a.name(), [&](intptr_t i) {
    out = mkfix(i);
    return true;
  });
  return out;
}

static val bi_search_all(const Args &a) {
  ListBuilder out;
  search_each(a[0], a[1], opt_fun(a[2], a.name()), opt_fun(a[3], a.name()), a.name(), [&](intptr_t i) {
    out.add(mkfix(i));
    return true;
  });
  return out.head;
}

// mismatch: the first index where the sequences differ (or the shorter
// one's length), nil when they are equal.
static val bi_mismatch(const Args &a) {
  val test = opt_fun(a[2], a.name()), keyf = opt_fun(a[3], a.name());
  SeqIter l(a[0], a.name()), r(a[1], a.name());
  for (intptr_t i = 0;; ++i) {
    val x, y;
    bool hx = l.next(&x), hy = r.next(&y);
    if (!hx && !hy) return nullptr;
    if (!hx || !hy || !test2(test, apply_key(keyf, x), apply_key(keyf, y))) return mkfix(i);
  }
}

// rmismatch: the same from the right, as a negative index.
static val bi_rmismatch(const Args &a) {
  val test = opt_fun(a[2], a.name()), keyf = opt_fun(a[3], a.name());
  ValVec l, r;
  collect(a[0], l, a.name());
  collect(a[1], r, a.name());
  size_t k = 0;
  while (k < l.size() && k < r.size() &&
         test2(test, apply_key(keyf, l[l.size() - 1 - k]), apply_key(keyf, r[r.size() - 1 - k])))
    ++k;
  if (k == l.size() && k == r.size()) return nullptr;
  return mkfix(-intptr_t(k) - 1);
}

static val bi_starts_with(const Args &a) {
  val test = opt_fun(a[2], a.name()), keyf = opt_fun(a[3], a.name());
  SeqIter s(a[0], a.name()), l(a[1], a.name());
  for (val x, y; s.next(&x);)
    if (!l.next(&y) || !test2(test, apply_key(keyf, x), apply_key(keyf, y))) return nullptr;
  return s_t;
}

static val bi_ends_with(const Args &a) {
  val test = opt_fun(a[2], a.name()), keyf = opt_fun(a[3], a.name());
  ValVec s, l;
  collect(a[0], s, a.name());
  collect(a[1], l, a.name());
  if (s.size() > l.size()) return nullptr;
  size_t off = l.size() - s.size();
  for (size_t i = 0; i < s.size(); ++i)
    if (!test2(test, apply_key(keyf, s[i]), apply_key(keyf, l[off + i]))) return nullptr;
  return s_t;
}

// ---- where and its combinators ----------------------------------------------------------------

// The indices of the items satisfying fun (a hash: the keys whose values
// do), lazily: state #(iter fun index hashp).
static bool where_next(val st, val *out) {
  val x;
  while (seq_iter_next(static_cast<SeqIterObj *>(field(st, 0)), &x)) {
    intptr_t i = fixval(field(st, 2));
    field(st, 2) = mkfix(i + 1);
    if (field(st, 3)) {
      if (funcall1(field(st, 1), cdr(x))) {
        *out = car(x);
        return true;
      }
    } else if (funcall1(field(st, 1), x)) {
      *out = mkfix(i);
      return true;
    }
  }
  return false;
}

static val where(val fun, val seq, const char *self) {
  return lazy_gen<where_next>("where", lazy_state({make_seq_iter(seq, self), fun, mkfix(0), boolv(hashp(seq))}));
}

static val bi_where(const Args &a) { return where(fun_checked(a[0], a.name()), a[1], a.name()); }

static val wheref_call(const Args &a) { return where(a.self->data, a[0], "wheref"); }
static val bi_wheref(const Args &a) {
  return make_builtin(intern("wheref"), 1, 0, false, wheref_call, fun_checked(a[0], a.name()));
}

// whereq & co.: a function of a sequence giving where its items match obj.
template <bool (*Same)(val, val)>
static val whereq_test(const Args &a) {
  return boolv(Same(a.self->data, a[0]));
}

template <bool (*Same)(val, val)>
static val whereq_call(const Args &a) {
  return where(make_builtin(intern("whereq"), 1, 0, false, whereq_test<Same>, a.self->data), a[0], "whereq");
}

template <bool (*Same)(val, val)>
static val whereq_like(const Args &a) {
  return make_builtin(intern(a.name()), 1, 0, false, whereq_call<Same>, a[0]);
}

// ---- select, reject, relate, in -----------------------------------------------------------------

// The index sequence of select/reject: given, or computed by a function.
static val index_arg(val seq, val arg, const char *self) {
  if (functionp(arg)) return funcall1(arg, seq);
  return arg;
}

static val bi_select(const Args &a) {
  val seq = a[0], idx = index_arg(seq, a[1], a.name());
  if (hashp(seq)) {
    val out = funcall1(global_fun(intern("copy-hash")), seq);
    funcall1(global_fun(intern("clearhash")), out);
    SeqIter it(idx, a.name());
    for (val k; it.next(&k);) {
      bool found;
      val v = gethash(seq, k, &found);
      if (found) sethash(out, k, v);
    }
    return out;
  }
  ListBuilder b;
  if (!seq || consp(seq)) {  // one pass: the indices must increase
    intptr_t len = -1, pos = 0;
    val l = seq;
    SeqIter it(idx, a.name());
    for (val x; it.next(&x);) {
      intptr_t i = c_fixnum(x, a.name());
      if (i < 0) {
        if (len < 0) len = fixval(list_length(seq, a.name()));
        i += len;
        if (i < 0) continue;
      }
      while (pos < i && consp(l)) l = cdr(l), ++pos;
      if (!consp(l)) break;
      b.add(car(l));
    }
    return b.head;
  }
  intptr_t len = seq_length(seq, a.name());
  SeqIter it(idx, a.name());
  for (val x; it.next(&x);) {
    intptr_t i = c_fixnum(x, a.name());
    if (i < 0) i += len;
    if (i >= len) break;
    if (i >= 0) b.add(seq_ref(seq, mkfix(i), a.name()));
  }
  if (is(seq, T::CArray)) {
    val args[3] = {b.head, funcall1(global_fun(intern("carray-type")), seq), nullptr};
    return funcall(global_fun(intern("carray-list")), args, 3);
  }
  return make_like(b.head, seq);
}

static val bi_reject(const Args &a) {
  val seq = a[0], idx = index_arg(seq, a[1], a.name());
  if (hashp(seq)) {
    val out = funcall1(global_fun(intern("copy-hash")), seq);
    SeqIter it(idx, a.name());
    for (val k; it.next(&k);) remhash(out, k);
    return out;
  }
  intptr_t len = seq_length(seq, a.name());
  std::vector<bool> drop(size_t(len), false);
  if (integerp(idx)) idx = cons(idx, nullptr);
  SeqIter it(idx, a.name());
  for (val x; it.next(&x);) {
    intptr_t i = c_fixnum(x, a.name());
    if (i < 0) i += len;
    if (i >= 0 && i < len) drop[size_t(i)] = true;
  }
  ListBuilder b;
  SeqIter st(seq, a.name());
  intptr_t i = 0;
  for (val x; st.next(&x); ++i)
    if (!drop[size_t(i)]) b.add(x);
  return make_like(b.head, seq);
}

// relate: state #(domain range default has-default).
static val relate_call(const Args &a) {
  val st = a.self->data, x = a[0];
  val d = field(st, 0);
  intptr_t i = 0;
  SeqIter it(d, "relate");
  for (val y; it.next(&y); ++i)
    if (equal(x, y)) return seq_ref(field(st, 1), mkfix(i), "relate");
  return field(st, 3) ? field(st, 2) : x;
}

static val bi_relate(const Args &a) {
  val st = lazy_state({a[0], a[1], dflt(a[2], nullptr), boolv(!missing(a[2]))});
  return make_builtin(intern("relate"), 1, 0, false, relate_call, st);
}

// (in seq key [testfun [keyfun]]): a hash without test or key is looked up.
static val bi_in(const Args &a) {
  val test = opt_fun(a[2], a.name()), keyf = opt_fun(a[3], a.name());
  if (hashp(a[0]) && !test && !keyf) {
    bool found;
    gethash(a[0], a[1], &found);
    return boolv(found);
  }
  if (!seqp(a[0])) type_err(a.name(), a[0], "a sequence");
  SeqIter it(a[0], a.name());
  for (val x; it.next(&x);)
    if (test2(test, a[1], apply_key(keyf, x))) return s_t;
  return nullptr;
}

static const BuiltinDef seqfind_builtins[] = {
    {"find", 2, 2, false, bi_find},
    {"rfind", 2, 2, false, bi_rfind},
    {"find-if", 2, 1, false, bi_find_if},
    {"rfind-if", 2, 1, false, bi_rfind_if},
    {"find-true", 2, 1, false, bi_find_true},
    {"pos", 2, 2, false, bi_pos},
    {"rpos", 2, 2, false, bi_rpos},
    {"pos-if", 2, 1, false, bi_pos_if},
    {"rpos-if", 2, 1, false, bi_rpos_if},
    {"posq", 2, 0, false, posq_like<same_eq, false>},
    {"posql", 2, 0, false, posq_like<eql, false>},
    {"posqual", 2, 0, false, posq_like<equal, false>},
    {"rposq", 2, 0, false, posq_like<same_eq, true>},
    {"rposql", 2, 0, false, posq_like<eql, true>},
    {"rposqual", 2, 0, false, posq_like<equal, true>},
    {"find-max", 1, 2, false, extreme<true, 0>},
    {"find-min", 1, 2, false, extreme<false, 0>},
    {"find-max-key", 1, 2, false, extreme<true, 1>},
    {"find-min-key", 1, 2, false, extreme<false, 1>},
    {"pos-max", 1, 2, false, extreme<true, 2>},
    {"pos-min", 1, 2, false, extreme<false, 2>},
    {"find-maxes", 1, 2, false, extremes<true>},
    {"find-mins", 1, 2, false, extremes<false>},
    {"count", 2, 2, false, bi_count},
    {"count-if", 2, 1, false, bi_count_if},
    {"countq", 2, 0, false, countq_like<same_eq>},
    {"countql", 2, 0, false, countq_like<eql>},
    {"countqual", 2, 0, false, countq_like<equal>},
    {"search", 2, 2, false, bi_search},
    {"contains", 2, 2, false, bi_contains},
    {"rsearch", 2, 2, false, bi_rsearch},
    {"search-all", 2, 2, false, bi_search_all},
    {"mismatch", 2, 2, false, bi_mismatch},
    {"rmismatch", 2, 2, false, bi_rmismatch},
    {"starts-with", 2, 2, false, bi_starts_with},
    {"ends-with", 2, 2, false, bi_ends_with},
    {"where", 2, 0, false, bi_where},
    {"wheref", 1, 0, false, bi_wheref},
    {"whereq", 1, 0, false, whereq_like<same_eq>},
    {"whereql", 1, 0, false, whereq_like<eql>},
    {"wherequal", 1, 0, false, whereq_like<equal>},
    {"select", 2, 0, false, bi_select},
    {"reject", 2, 0, false, bi_reject},
    {"relate", 2, 1, false, bi_relate},
    {"in", 2, 2, false, bi_in},
};

void init_seqfind() { register_builtins(seqfind_builtins); }

}  // namespace tine
