// The hashing library: constructors, accessors, bulk views, set operations,
// grouping and iterators over the tables of hash.cpp.
#include <algorithm>
#include <vector>

#include "hash.hpp"
#include "number.hpp"
#include "printer.hpp"

namespace tine {

using ValVec = std::vector<val, gc_allocator_val>;

static val hash_checked(val h, const char *self) {
  if (!hashp(h)) type_err(self, h, "a hash table");
  return h;
}

static val iter_checked(val it, const char *self) {
  if (!is(it, T::HashIter)) type_err(self, it, "a hash iterator");
  return it;
}

// The trailing hash-construction keywords of a builtin, from argument first on.
static val hash_from_rest(const Args &a, int first) {
  return hash_from_options(a.v + first, a.n > first ? a.n - first : 0, a.name());
}

// ---- construction ----------------------------------------------------------------

static val bi_hash(const Args &a) { return hash_from_rest(a, 0); }

// (make-hash weak-keys weak-vals equal-based [seed])
static val bi_make_hash(const Args &a) {
  val opts[4];
  int n = 0;
  if (a[0] == keyword("weak-and") || a[0] == keyword("weak-or"))
    opts[n++] = a[0];
  else {
    if (a[0]) opts[n++] = keyword("weak-keys");
    if (a[1]) opts[n++] = keyword("weak-vals");
  }
  opts[n++] = a[2] ? keyword("equal-based") : keyword("eql-based");
  val h = hash_from_options(opts, n, a.name());
  if (!missing(a[3])) static_cast<Hash *>(h)->seed = hash_seed_value(a[3], a.name());
  return h;
}

// A pair (key value) from a sequence of pairs: a list or vector of two.
static void pair_parts(val pair, val *k, val *v, const char *self) {
  if (consp(pair)) {
    *k = car(pair);
    *v = car_checked(cdr(pair), self);
  } else {
    *k = seq_ref(pair, mkfix(0), self);
    *v = seq_ref(pair, mkfix(1), self);
  }
}

static val fill_from_pairs(val h, val pairs, const char *self) {
  SeqIter it(pairs, self);
  for (val p; it.next(&p);) {
    val k, v;
    pair_parts(p, &k, &v, self);
    sethash(h, k, v);
  }
  return h;
}

static val bi_hash_construct(const Args &a) {
  return fill_from_pairs(hash_from_option_list(a[0], a.name()), a[1], a.name());
}

static val bi_hash_from_pairs(const Args &a) { return fill_from_pairs(hash_from_rest(a, 1), a[0], a.name()); }

static val bi_hash_from_alist(const Args &a) {
  val h = hash_from_rest(a, 1);
  SeqIter it(a[0], a.name());
  for (val c; it.next(&c);) {
    if (!consp(c)) type_err(a.name(), c, "a cons");
    sethash(h, car(c), cdr(c));
  }
  return h;
}

static val bi_hash_list(const Args &a) {
  val h = hash_from_rest(a, 1);
  SeqIter it(a[0], a.name());
  for (val x; it.next(&x);) sethash(h, x, x);
  return h;
}

static val bi_hash_zip(const Args &a) {
  val h = hash_from_rest(a, 2);
  SeqIter ks(a[0], a.name()), vs(a[1], a.name());
  for (val k, v; ks.next(&k) && vs.next(&v);) sethash(h, k, v);
  return h;
}

static val bi_hash_props(const Args &a) {
  if (a.n % 2) errorf(s_error, "~a: unpaired ~s argument", a.name(), a[a.n - 1]);
  val h = make_hash(HashKind::Equal);
  for (int i = 0; i < a.n; i += 2) sethash(h, a[i], a[i + 1]);
  return h;
}

static val bi_hash_map(const Args &a) {
  val f = fun_checked(a[0], a.name());
  val h = hash_from_rest(a, 2);
  SeqIter it(a[1], a.name());
  for (val x; it.next(&x);) sethash(h, x, funcall1(f, x));
  return h;
}

static val bi_make_similar_hash(const Args &a) { return make_similar_hash(hash_checked(a[0], a.name())); }
static val bi_copy_hash(const Args &a) { return hash_copy(hash_checked(a[0], a.name())); }

// ---- access -----------------------------------------------------------------------

static val bi_gethash(const Args &a) {
  bool found;
  val v = gethash(hash_checked(a[0], a.name()), a[1], &found);
  return found ? v : (missing(a[2]) ? nullptr : a[2]);
}

// (inhash hash key [init]): the entry as a (key . value) pair, or nil; with
// init, a missing key is first added with that value.
static val bi_inhash(const Args &a) {
  bool found;
  val h = hash_checked(a[0], a.name());
  val v = gethash(h, a[1], &found);
  if (!found) {
    if (missing(a[2])) return nullptr;
    v = a[2];
    sethash(h, a[1], v);
  }
  return cons(a[1], v);
}

static val bi_sethash(const Args &a) {
  sethash(hash_checked(a[0], a.name()), a[1], a[2]);
  return a[2];
}

static val bi_pushhash(const Args &a) {
  bool found;
  val h = hash_checked(a[0], a.name());
  val old = gethash(h, a[1], &found);
  sethash(h, a[1], cons(a[2], old));
  return boolv(!found);
}

static val bi_remhash(const Args &a) {
  val old = nullptr;
  remhash(hash_checked(a[0], a.name()), a[1], &old);
  return old;
}

static val bi_clearhash(const Args &a) {
  val h = hash_checked(a[0], a.name());
  size_t n = hash_count(h);
  hash_clear(h);
  return n ? mkfix(intptr_t(n)) : nullptr;
}

static val bi_hash_count(const Args &a) { return mkfix(intptr_t(hash_count(hash_checked(a[0], a.name())))); }
static val bi_hashp(const Args &a) { return boolv(hashp(a[0])); }
static val bi_hash_userdata(const Args &a) { return hash_userdata(hash_checked(a[0], a.name())); }

static val bi_set_hash_userdata(const Args &a) {
  set_hash_userdata(hash_checked(a[0], a.name()), a[1]);
  return a[1];
}

static val bi_hash_update(const Args &a) {
  val h = hash_checked(a[0], a.name());
  val f = fun_checked(a[1], a.name());
  ValVec keys;
  val k, v;
  for (size_t c = 0; hash_next(h, &c, &k, &v);) keys.push_back(k);
  for (val key : keys) sethash(h, key, funcall1(f, gethash(h, key)));
  return h;
}

static val bi_hash_update_1(const Args &a) {
  bool found;
  val h = hash_checked(a[0], a.name());
  val v = gethash(h, a[1], &found);
  if (!found) {
    if (missing(a[3])) return nullptr;
    v = a[3];
  }
  v = funcall1(a[2], v);
  sethash(h, a[1], v);
  return v;
}

// ---- bulk views -------------------------------------------------------------------

static val hash_collect(val h, const char *self, val (*pick)(val, val)) {
  hash_checked(h, self);
  val out = nullptr, k, v;
  for (size_t c = 0; hash_next(h, &c, &k, &v);) out = cons(pick(k, v), out);
  return nreverse(out);
}

static val bi_hash_keys(const Args &a) {
  return hash_collect(a[0], a.name(), [](val k, val) { return k; });
}
static val bi_hash_values(const Args &a) {
  return hash_collect(a[0], a.name(), [](val, val v) { return v; });
}
static val bi_hash_pairs(const Args &a) {
  return hash_collect(a[0], a.name(), [](val k, val v) { return list({k, v}); });
}
static val bi_hash_alist(const Args &a) {
  return hash_collect(a[0], a.name(), [](val k, val v) { return cons(k, v); });
}

static val bi_maphash(const Args &a) {
  val f = fun_checked(a[0], a.name());
  val h = hash_checked(a[1], a.name());
  val it = hash_iter_begin(h);
  for (val k, v; hash_iter_next(it, &k, &v);) funcall2(f, k, v);
  return nullptr;
}

// Keys whose values match: (hash-revget/hash-keys-of hash value [test [keyfun]]).
static val revget(const Args &a, bool all) {
  val h = hash_checked(a[0], a.name());
  val test = missing(a[2]) || !a[2] ? nullptr : fun_checked(a[2], a.name());
  val keyfun = missing(a[3]) || !a[3] ? nullptr : fun_checked(a[3], a.name());
  val out = nullptr, k, v;
  for (size_t c = 0; hash_next(h, &c, &k, &v);) {
    val x = keyfun ? funcall1(keyfun, v) : v;
    if (test ? funcall2(test, a[1], x) != nullptr : equal(a[1], x)) {
      if (!all) return k;
      out = cons(k, out);
    }
  }
  return nreverse(out);
}

static val bi_hash_revget(const Args &a) { return revget(a, false); }
static val bi_hash_keys_of(const Args &a) { return revget(a, true); }

// (hash-invert hash [joinfun [unitfun hash-arg*]])
static val bi_hash_invert(const Args &a) {
  val h = hash_checked(a[0], a.name());
  val join = a.n > 1 && !missing(a[1]) ? fun_checked(a[1], a.name()) : nullptr;
  val unit = a.n > 2 && !missing(a[2]) ? fun_checked(a[2], a.name()) : nullptr;
  val out = hash_from_rest(a, 3);
  val k, v;
  for (size_t c = 0; hash_next(h, &c, &k, &v);) {
    val u = unit ? funcall1(unit, k) : k;
    bool found;
    val old = gethash(out, v, &found);
    if (found) {
      if (join) sethash(out, v, funcall2(join, old, u));
    } else {
      sethash(out, v, u);
    }
  }
  return out;
}

static val bi_hash_eql(const Args &a) { return mkfix(intptr_t(eql_hash(a[0]) >> 3)); }

static val bi_hash_equal(const Args &a) {
  uint64_t seed = missing(a[1]) ? 0 : hash_seed_value(a[1], a.name());
  return mkfix(intptr_t(equal_hash(a[0], 0, seed) >> 3));
}

// ---- set operations ---------------------------------------------------------------

static void check_compatible(val h1, val h2, const char *self) {
  hash_checked(h1, self);
  hash_checked(h2, self);
  if (hash_kind(h1) != hash_kind(h2)) errorf(s_error, "~a: ~s and ~s are incompatible hashes", self, h1, h2);
}

static val opt_fun(const Args &a, int i) {
  return a.n > i && !missing(a[i]) && a[i] ? fun_checked(a[i], a.name()) : nullptr;
}

static val map_through(val f, val v) { return f ? funcall1(f, v) : v; }

static val bi_hash_uni(const Args &a) {
  check_compatible(a[0], a[1], a.name());
  val join = opt_fun(a, 2), map1 = opt_fun(a, 3), map2 = opt_fun(a, 4);
  val out = make_similar_hash(a[0]);
  val k, v;
  for (size_t c = 0; hash_next(a[1], &c, &k, &v);) sethash(out, k, map_through(map2, v));
  for (size_t c = 0; hash_next(a[0], &c, &k, &v);) {
    bool found;
    val w = gethash(out, k, &found);
    v = map_through(map1, v);
    sethash(out, k, found && join ? funcall2(join, v, w) : v);
  }
  return out;
}

static val bi_hash_join(const Args &a) {
  check_compatible(a[0], a[1], a.name());
  val join = fun_checked(a[2], a.name());
  val d1 = missing(a[3]) ? nullptr : a[3], d2 = missing(a[4]) ? nullptr : a[4];
  val out = make_similar_hash(a[0]);
  val k, v;
  for (size_t c = 0; hash_next(a[0], &c, &k, &v);) {
    bool found;
    val w = gethash(a[1], k, &found);
    sethash(out, k, funcall2(join, v, found ? w : d2));
  }
  for (size_t c = 0; hash_next(a[1], &c, &k, &v);) {
    bool found;
    gethash(a[0], k, &found);
    if (!found) sethash(out, k, funcall2(join, d1, v));
  }
  return out;
}

static val bi_hash_diff(const Args &a) {
  check_compatible(a[0], a[1], a.name());
  val out = hash_copy(a[0]);
  val k, v;
  for (size_t c = 0; hash_next(a[1], &c, &k, &v);) remhash(out, k);
  return out;
}

static val bi_hash_symdiff(const Args &a) {
  check_compatible(a[0], a[1], a.name());
  val out = make_similar_hash(a[0]);
  val k, v;
  for (int side = 0; side < 2; ++side) {
    val from = a[side], other = a[1 - side];
    for (size_t c = 0; hash_next(from, &c, &k, &v);) {
      bool found;
      gethash(other, k, &found);
      if (!found) sethash(out, k, v);
    }
  }
  return out;
}

static val bi_hash_isec(const Args &a) {
  check_compatible(a[0], a[1], a.name());
  val join = opt_fun(a, 2);
  val out = make_similar_hash(a[0]);
  val k, v;
  for (size_t c = 0; hash_next(a[0], &c, &k, &v);) {
    bool found;
    val w = gethash(a[1], k, &found);
    if (found) sethash(out, k, join ? funcall2(join, v, w) : v);
  }
  return out;
}

static bool subset(val h1, val h2) {
  val k, v;
  for (size_t c = 0; hash_next(h1, &c, &k, &v);) {
    bool found;
    gethash(h2, k, &found);
    if (!found) return false;
  }
  return true;
}

static val bi_hash_subset(const Args &a) {
  return boolv(subset(hash_checked(a[0], a.name()), hash_checked(a[1], a.name())));
}

static val bi_hash_proper_subset(const Args &a) {
  hash_checked(a[0], a.name());
  hash_checked(a[1], a.name());
  return boolv(subset(a[0], a[1]) && hash_count(a[0]) != hash_count(a[1]));
}

// ---- grouping -----------------------------------------------------------------------

// Lists of the elements of seq under the keys by-fun gives them, in order.
static val group(val byfun, val seq, val h, const char *self) {
  val f = fun_checked(byfun, self);
  SeqIter it(seq, self);
  for (val x; it.next(&x);) {
    val k = funcall1(f, x);
    sethash(h, k, cons(x, gethash(h, k)));
  }
  val k, v;
  for (size_t c = 0; hash_next(h, &c, &k, &v);) sethash(h, k, nreverse(v));
  return h;
}

static val bi_group_by(const Args &a) { return group(a[0], a[1], hash_from_rest(a, 2), a.name()); }

static val bi_group_map(const Args &a) {
  val h = group(a[0], a[2], hash_from_rest(a, 3), a.name());
  val filter = fun_checked(a[1], a.name());
  val k, v;
  for (size_t c = 0; hash_next(h, &c, &k, &v);) sethash(h, k, funcall1(filter, v));
  return h;
}

// (group-reduce hash classify-fun binary-fun seq [init [filter-fun]])
static val bi_group_reduce(const Args &a) {
  val h = hash_checked(a[0], a.name());
  val classify = fun_checked(a[1], a.name()), binary = fun_checked(a[2], a.name());
  val init = missing(a[4]) ? nullptr : a[4];
  SeqIter it(a[3], a.name());
  for (val x; it.next(&x);) {
    val k = funcall1(classify, x);
    bool found;
    val acc = gethash(h, k, &found);
    sethash(h, k, funcall2(binary, found ? acc : init, x));
  }
  if (!missing(a[5])) {
    val filter = fun_checked(a[5], a.name());
    val k, v;
    for (size_t c = 0; hash_next(h, &c, &k, &v);) sethash(h, k, funcall1(filter, v));
  }
  return h;
}

// A histogram as an alist, most frequent first; ties keep first appearance.
static val histogram(val byfun, val seq, val h, const char *self) {
  val f = byfun ? fun_checked(byfun, self) : nullptr;
  ValVec order;
  SeqIter it(seq, self);
  for (val x; it.next(&x);) {
    val k = f ? funcall1(f, x) : x;
    bool found;
    val n = gethash(h, k, &found);
    if (!found) order.push_back(k);
    sethash(h, k, found ? num_add(n, mkfix(1)) : mkfix(1));
  }
  std::vector<std::pair<intptr_t, size_t>> counts;
  for (size_t i = 0; i < order.size(); ++i) counts.push_back({fixval(gethash(h, order[i])), i});
  std::stable_sort(counts.begin(), counts.end(), [](auto &x, auto &y) { return x.first > y.first; });
  val out = nullptr;
  for (size_t i = counts.size(); i > 0; --i)
    out = cons(cons(order[counts[i - 1].second], mkfix(counts[i - 1].first)), out);
  return out;
}

static val bi_hist_sort(const Args &a) { return histogram(nullptr, a[0], hash_from_rest(a, 1), a.name()); }
static val bi_hist_sort_by(const Args &a) { return histogram(a[0], a[1], hash_from_rest(a, 2), a.name()); }

// ---- iterators ----------------------------------------------------------------------

static val bi_hash_begin(const Args &a) { return hash_iter_begin(hash_checked(a[0], a.name())); }

static val bi_hash_reset(const Args &a) {
  iter_checked(a[0], a.name());
  if (a[1]) hash_checked(a[1], a.name());
  hash_iter_reset(a[0], a[1]);
  return a[0];
}

static val bi_hash_next(const Args &a) {
  val k, v;
  return hash_iter_next(iter_checked(a[0], a.name()), &k, &v) ? cons(k, v) : nullptr;
}

static val bi_hash_peek(const Args &a) {
  val k, v;
  return hash_iter_peek(iter_checked(a[0], a.name()), &k, &v) ? cons(k, v) : nullptr;
}

static val bi_copy_hash_iter(const Args &a) { return hash_iter_copy(iter_checked(a[0], a.name())); }
static val bi_gen_hash_seed(const Args &) { return gen_hash_seed(); }

// ---- printing -----------------------------------------------------------------------

static void print_hash_iter(val, std::u32string &out, bool) {
  for (const char *s = "#<hash-iter>"; *s; ++s) out.push_back(char32_t(*s));
}

// The setter of (gethash h k) places: returns the value stored.
static val bi_sethash_v(const Args &a) {
  sethash(a[0], a[1], a[2]);
  return a[2];
}

static const BuiltinDef hash_builtins[] = {
    {"sys:sethash-v", 3, 0, false, bi_sethash_v},
    {"hash", 0, 0, true, bi_hash},
    {"make-hash", 3, 1, false, bi_make_hash},
    {"hash-construct", 2, 0, false, bi_hash_construct},
    {"hash-from-pairs", 1, 0, true, bi_hash_from_pairs},
    {"hash-from-alist", 1, 0, true, bi_hash_from_alist},
    {"hash-list", 1, 0, true, bi_hash_list},
    {"hash-zip", 2, 0, true, bi_hash_zip},
    {"hash-props", 0, 0, true, bi_hash_props},
    {"hash-map", 2, 0, true, bi_hash_map},
    {"make-similar-hash", 1, 0, false, bi_make_similar_hash},
    {"copy-hash", 1, 0, false, bi_copy_hash},
    {"gethash", 2, 1, false, bi_gethash},
    {"inhash", 2, 1, false, bi_inhash},
    {"sethash", 3, 0, false, bi_sethash},
    {"pushhash", 3, 0, false, bi_pushhash},
    {"remhash", 2, 0, false, bi_remhash},
    {"clearhash", 1, 0, false, bi_clearhash},
    {"hash-count", 1, 0, false, bi_hash_count},
    {"hashp", 1, 0, false, bi_hashp},
    {"hash-userdata", 1, 0, false, bi_hash_userdata},
    {"get-hash-userdata", 1, 0, false, bi_hash_userdata},
    {"set-hash-userdata", 2, 0, false, bi_set_hash_userdata},
    {"hash-update", 2, 0, false, bi_hash_update},
    {"hash-update-1", 3, 1, false, bi_hash_update_1},
    {"hash-keys", 1, 0, false, bi_hash_keys},
    {"hash-values", 1, 0, false, bi_hash_values},
    {"hash-pairs", 1, 0, false, bi_hash_pairs},
    {"hash-alist", 1, 0, false, bi_hash_alist},
    {"maphash", 2, 0, false, bi_maphash},
    {"hash-revget", 2, 2, false, bi_hash_revget},
    {"hash-keys-of", 2, 2, false, bi_hash_keys_of},
    {"hash-invert", 1, 2, true, bi_hash_invert},
    {"hash-eql", 1, 0, false, bi_hash_eql},
    {"hash-equal", 1, 1, false, bi_hash_equal},
    {"hash-uni", 2, 3, false, bi_hash_uni},
    {"hash-join", 3, 2, false, bi_hash_join},
    {"hash-diff", 2, 0, false, bi_hash_diff},
    {"hash-symdiff", 2, 0, false, bi_hash_symdiff},
    {"hash-isec", 2, 1, false, bi_hash_isec},
    {"hash-subset", 2, 0, false, bi_hash_subset},
    {"hash-proper-subset", 2, 0, false, bi_hash_proper_subset},
    {"group-by", 2, 0, true, bi_group_by},
    {"group-map", 3, 0, true, bi_group_map},
    {"group-reduce", 4, 2, false, bi_group_reduce},
    {"hist-sort", 1, 0, true, bi_hist_sort},
    {"hist-sort-by", 2, 0, true, bi_hist_sort_by},
    {"hash-begin", 1, 0, false, bi_hash_begin},
    {"hash-reset", 2, 0, false, bi_hash_reset},
    {"hash-next", 1, 0, false, bi_hash_next},
    {"hash-peek", 1, 0, false, bi_hash_peek},
    {"copy-hash-iter", 1, 0, false, bi_copy_hash_iter},
    {"gen-hash-seed", 0, 0, false, bi_gen_hash_seed},
};

void init_hashes() {
  register_builtins(hash_builtins);
  defvar_builtin("*hash-seed*", mkfix(0));
  hash_seed_sym = intern("*hash-seed*");
  print_ops[int(T::HashIter)] = print_hash_iter;
}

}  // namespace tine
