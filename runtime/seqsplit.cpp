// Filtering and dividing sequences: remove-if/keep-if (with a map
// function), separate, keep-keys-if, separate-keys, remq/keepq families and
// their lazy remq* forms, subst and subq/subql/subqual, tuples and tuples*
// (lazy on lists and other walked sequences), partition-by, partition-if,
// split, split*, partition, partition*.
#include <vector>

#include "iter.hpp"
#include "lazy.hpp"
#include "seq.hpp"

namespace tine {

using ValVec = std::vector<val, gc_allocator_val>;

static bool same_eq(val a, val b) { return a == b; }
static bool test2(val test, val x, val y) { return test ? funcall2(test, x, y) != nullptr : equal(x, y); }

static void collect(val seq, ValVec &out, const char *self) {
  SeqIter it(seq, self);
  for (val x; it.next(&x);) out.push_back(x);
}

static val list_of(const ValVec &v, size_t from, size_t to) {
  ListBuilder b;
  for (size_t i = from; i < to; ++i) b.add(v[i]);
  return b.head;
}

// ---- filters ------------------------------------------------------------------------------

// keep-if/remove-if with keyfun and mapfun; for separate, both halves.
static void filter_into(const Args &a, ListBuilder *kept, ListBuilder *dropped, bool map_key_default) {
  val pred = fun_checked(a[0], a.name()), keyf = opt_fun(a[2], a.name());
  val mapf = a.n > 3 ? opt_fun(a[3], a.name()) : nullptr;
  if (!mapf && map_key_default) mapf = keyf;
  SeqIter it(a[1], a.name());
  for (val x; it.next(&x);) {
    val k = apply_key(keyf, x);
    bool hit = funcall1(pred, k) != nullptr;
    ListBuilder *into = hit ? kept : dropped;
    if (into) into->add(mapf ? (mapf == keyf ? k : funcall1(mapf, x)) : x);
  }
}

static val bi_keep_if(const Args &a) {
  ListBuilder kept;
  filter_into(a, &kept, nullptr, false);
  return make_like(kept.head, a[1]);
}

static val bi_remove_if(const Args &a) {
  ListBuilder kept;
  filter_into(a, nullptr, &kept, false);
  return make_like(kept.head, a[1]);
}

static val separate(const Args &a, bool keys) {
  ListBuilder kept, dropped;
  filter_into(a, &kept, &dropped, keys);
  return list({make_like(kept.head, a[1]), make_like(dropped.head, a[1])});
}

static val bi_separate(const Args &a) { return separate(a, false); }
static val bi_separate_keys(const Args &a) { return separate(a, true); }

static val bi_keep_keys_if(const Args &a) {
  ListBuilder kept;
  filter_into(a, &kept, nullptr, true);
  return make_like(kept.head, a[1]);
}

// remq/keepq families: (remq obj seq [keyfun]).
template <bool (*Same)(val, val), bool Keep>
static val remq_like(const Args &a) {
  val keyf = a.n > 2 ? opt_fun(a[2], a.name()) : nullptr;
  ListBuilder b;
  SeqIter it(a[1], a.name());
  for (val x; it.next(&x);)
    if (Same(a[0], apply_key(keyf, x)) == Keep) b.add(x);
  return make_like(b.head, a[1]);
}

// remq* and friends: lazy; state #(iter obj).
template <bool (*Same)(val, val)>
static bool remq_next(val st, val *out) {
  val x;
  while (seq_iter_next(static_cast<SeqIterObj *>(field(st, 0)), &x))
    if (!Same(field(st, 1), x)) {
      *out = x;
      return true;
    }
  return false;
}

template <bool (*Same)(val, val)>
static val remq_star(const Args &a) {
  return lazy_gen<remq_next<Same>>(a.name(), lazy_state({make_seq_iter(a[1], a.name()), a[0]}));
}

// ---- substitution -------------------------------------------------------------------------

// (subst old new seq [testfun [keyfun]]): items whose key matches old under
// testfun (called (testfun old key)) become new.
static val bi_subst(const Args &a) {
  val test = opt_fun(a[3], a.name()), keyf = opt_fun(a[4], a.name());
  ListBuilder b;
  SeqIter it(a[2], a.name());
  for (val x; it.next(&x);) b.add(test2(test, a[0], apply_key(keyf, x)) ? a[1] : x);
  return make_like(b.head, a[2]);
}

template <bool (*Same)(val, val)>
static val subq_like(const Args &a) {
  ListBuilder b;
  SeqIter it(a[2], a.name());
  for (val x; it.next(&x);) b.add(Same(a[0], x) ? a[1] : x);
  return make_like(b.head, a[2]);
}

// ---- tuples ---------------------------------------------------------------------------------

static intptr_t tuple_size(val n, const char *self) {
  if (!is_fixnum(n) || fixval(n) <= 0) type_err(self, n, "a positive integer");
  return fixval(n);
}

// tuples: state #(iter n fill has-fill model).
static bool tuples_next(val st, val *out) {
  intptr_t n = fixval(field(st, 1));
  ListBuilder b;
  intptr_t k = 0;
  val x;
  while (k < n && seq_iter_next(static_cast<SeqIterObj *>(field(st, 0)), &x)) b.add(x), ++k;
  if (k == 0) return false;
  if (field(st, 3))
    for (; k < n; ++k) b.add(field(st, 2));
  *out = make_like(b.head, field(st, 4));
  return true;
}

static val bi_tuples(const Args &a) {
  intptr_t n = tuple_size(a[0], a.name());
  val st = lazy_state({make_seq_iter(a[1], a.name()), mkfix(n), dflt(a[2], nullptr), boolv(!missing(a[2])),
                       consp(a[1]) ? nullptr : a[1]});
  return lazy_gen<tuples_next>("tuples", st);
}

// tuples*: windows sliding by one; state #(iter window model): the window
// is the current tuple as a list, shifted as items arrive.
static bool tuples_star_next(val st, val *out) {
  val win = field(st, 1), x;
  if (!seq_iter_next(static_cast<SeqIterObj *>(field(st, 0)), &x)) return false;
  ListBuilder b;
  for (val l = cdr(win); consp(l); l = cdr(l)) b.add(car(l));
  b.add(x);
  field(st, 1) = b.head;
  *out = make_like(b.head, field(st, 2));
  return true;
}

static val bi_tuples_star(const Args &a) {
  intptr_t n = tuple_size(a[0], a.name());
  val model = consp(a[1]) ? nullptr : a[1];
  val it = make_seq_iter(a[1], a.name());
  ListBuilder first;
  intptr_t k = 0;
  val x;
  while (k < n && seq_iter_next(static_cast<SeqIterObj *>(it), &x)) first.add(x), ++k;
  if (k < n) {
    if (missing(a[2]) || k == 0) {
      if (k == 0 && !missing(a[2])) {
        for (; k < n; ++k) first.add(a[2]);
        return list({make_like(first.head, model)});
      }
      return nullptr;
    }
    for (; k < n; ++k) first.add(a[2]);
    return list({make_like(first.head, model)});
  }
  // The first window is made now; the rest lazily.
  val st = lazy_state({it, first.head, model});
  val rest = lazy_gen<tuples_star_next>("tuples*", st);
  val out = cons(make_like(first.head, model), rest);
  return out;
}

// ---- partition-by and partition-if ---------------------------------------------------------

// partition-by: state #(iter fun pending pending-key model).
static bool partition_by_next(val st, val *out) {
  if (field(st, 2) == s_colon) return false;  // the end was reached
  SeqIterObj *it = static_cast<SeqIterObj *>(field(st, 0));
  ListBuilder b;
  b.add(field(st, 2));
  val key = field(st, 3), x;
  for (;;) {
    if (!seq_iter_next(it, &x)) {
      field(st, 2) = s_colon;
      break;
    }
    val k = funcall1(field(st, 1), x);
    if (!equal(k, key)) {
      field(st, 2) = x;
      field(st, 3) = k;
      break;
    }
    b.add(x);
  }
  *out = make_like(b.head, field(st, 4));
  return true;
}

static val bi_partition_by(const Args &a) {
  val f = fun_checked(a[0], a.name());
  val it = make_seq_iter(a[1], a.name()), x;
  if (!seq_iter_next(static_cast<SeqIterObj *>(it), &x)) return nullptr;
  val st = lazy_state({it, f, x, funcall1(f, x), consp(a[1]) ? nullptr : a[1]});
  val out = lazy_gen<partition_by_next>("partition-by", st);
  return out;
}

// partition-if: state #(iter fun pending count model); count nil: no limit.
static bool partition_if_next(val st, val *out) {
  if (field(st, 2) == s_colon) return false;
  SeqIterObj *it = static_cast<SeqIterObj *>(field(st, 0));
  ListBuilder b;
  val prev = field(st, 2), x;
  b.add(prev);
  for (;;) {
    if (!seq_iter_next(it, &x)) {
      field(st, 2) = s_colon;
      break;
    }
    val cnt = field(st, 3);
    if (cnt && fixval(cnt) == 0) {
      b.add(x);
      prev = x;
      continue;
    }
    if (funcall2(field(st, 1), prev, x)) {
      if (cnt) field(st, 3) = mkfix(fixval(cnt) - 1);
      field(st, 2) = x;
      break;
    }
    b.add(x);
    prev = x;
  }
  *out = make_like(b.head, field(st, 4));
  return true;
}

static val bi_partition_if(const Args &a) {
  val f = fun_checked(a[0], a.name());
  val cnt = missing(a[2]) ? nullptr : a[2];
  if (cnt && (!is_fixnum(cnt) || fixval(cnt) < 0)) type_err(a.name(), cnt, "a nonnegative integer");
  val it = make_seq_iter(a[1], a.name()), x;
  if (!seq_iter_next(static_cast<SeqIterObj *>(it), &x)) return nullptr;
  val st = lazy_state({it, f, x, cnt, consp(a[1]) ? nullptr : a[1]});
  val out = lazy_gen<partition_if_next>("partition-if", st);
  return out;
}

// ---- split and partition ----------------------------------------------------------------

// The cut positions of split & co., made nonnegative (negative ones count
// from the end; ones still negative are dropped), stopping past the end.
static std::vector<intptr_t> cut_points(val seq, val arg, intptr_t len, const char *self) {
  if (functionp(arg)) arg = funcall1(arg, seq);
  std::vector<intptr_t> cuts;
  auto take = [&](val v) {
    intptr_t i = c_fixnum(v, self);
    if (i < 0) i += len;
    if (i < 0) return true;
    if (i > len) return false;
    cuts.push_back(i);
    return true;
  };
  if (integerp(arg)) {
    take(arg);
    return cuts;
  }
  SeqIter it(arg, self);
  for (val v; it.next(&v);)
    if (!take(v)) break;
  return cuts;
}

// split (keep == true keeps the items at the cuts) and split*; with
// nonempty, empty pieces are dropped (partition, partition*).
static val divide(const Args &a, bool star, bool nonempty) {
  ValVec items;
  collect(a[0], items, a.name());
  if (items.empty()) return nullptr;
  intptr_t len = intptr_t(items.size());
  std::vector<intptr_t> cuts = cut_points(a[0], a[1], len, a.name());
  val model = consp(a[0]) ? nullptr : a[0];
  ListBuilder out;
  auto piece = [&](intptr_t from, intptr_t to) {
    if (nonempty && from >= to) return;
    out.add(make_like(list_of(items, size_t(from), size_t(std::max(from, to))), model));
  };
  intptr_t start = 0;
  for (intptr_t i : cuts) {
    if (!star) {
      piece(start, i);
      start = i;
    } else if (i < len) {
      piece(start, i);
      start = i + 1;
    } else if (start < len) {  // a cut at the end removes nothing
      piece(start, len);
      start = len;
    }
  }
  piece(std::min(start, len), len);
  return out.head;
}

static val bi_split(const Args &a) { return divide(a, false, false); }
static val bi_split_star(const Args &a) { return divide(a, true, false); }
static val bi_partition(const Args &a) { return divide(a, false, true); }
static val bi_partition_star(const Args &a) { return divide(a, true, true); }

static const BuiltinDef seqsplit_builtins[] = {
    {"keep-if", 2, 2, false, bi_keep_if},
    {"remove-if", 2, 2, false, bi_remove_if},
    {"separate", 2, 2, false, bi_separate},
    {"keep-keys-if", 2, 2, false, bi_keep_keys_if},
    {"separate-keys", 2, 1, false, bi_separate_keys},
    {"remq", 2, 1, false, remq_like<same_eq, false>},
    {"remql", 2, 1, false, remq_like<eql, false>},
    {"remqual", 2, 1, false, remq_like<equal, false>},
    {"keepq", 2, 1, false, remq_like<same_eq, true>},
    {"keepql", 2, 1, false, remq_like<eql, true>},
    {"keepqual", 2, 1, false, remq_like<equal, true>},
    {"remq*", 2, 0, false, remq_star<same_eq>},
    {"remql*", 2, 0, false, remq_star<eql>},
    {"remqual*", 2, 0, false, remq_star<equal>},
    {"subst", 3, 2, false, bi_subst},
    {"subq", 3, 0, false, subq_like<same_eq>},
    {"subql", 3, 0, false, subq_like<eql>},
    {"subqual", 3, 0, false, subq_like<equal>},
    {"tuples", 2, 1, false, bi_tuples},
    {"tuples*", 2, 1, false, bi_tuples_star},
    {"partition-by", 2, 0, false, bi_partition_by},
    {"partition-if", 2, 1, false, bi_partition_if},
    {"split", 2, 0, false, bi_split},
    {"split*", 2, 0, false, bi_split_star},
    {"partition", 2, 0, false, bi_partition},
    {"partition*", 2, 0, false, bi_partition_star},
};

void init_seqsplit() { register_builtins(seqsplit_builtins); }

}  // namespace tine
