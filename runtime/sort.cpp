// Ordering and sorting: the generic comparison behind less/greater (one
// three-way comparison per level, so nested data compares in linear time),
// sort/nsort/ssort/snsort and their caching c- forms, grade, merge,
// multi-sort, sort-group, uniq, unique, shuffle and rot.
#include <algorithm>
#include <cstring>
#include <vector>

#include "eval.hpp"
#include "iter.hpp"
#include "seq.hpp"
#include "struct.hpp"

namespace tine {

using ValVec = std::vector<val, gc_allocator_val>;

// ---- comparison ----------------------------------------------------------------------------

// less orders kinds of objects: numbers and characters, ranges, strings,
// symbols, conses, vectors, buffers.
static int kind_rank(val v) {
  if (numberp(v) || is_chr(v)) return 0;
  if (is(v, T::Range)) return 1;
  if (stringp(v)) return 2;
  if (symbolp(v)) return 3;
  if (consp(v)) return 4;
  if (is(v, T::Vec)) return 5;
  if (is(v, T::Buf)) return 6;
  return -1;
}

static int sign(int c) { return (c > 0) - (c < 0); }

static int compare_symbols(val x, val y) {
  auto name = [](val s) { return s ? sym(s)->name : mkstr(U"nil"); };
  if (int c = sv(name(x)).compare(sv(name(y)))) return sign(c);
  val px = x ? sym(x)->package : pkg_usr, py = y ? sym(y)->package : pkg_usr;
  if (!px && !py) return uintptr_t(x) < uintptr_t(y) ? -1 : 1;
  if (!px) return -1;
  if (!py) return 1;
  return sign(sv(static_cast<Pkg *>(px)->name).compare(sv(static_cast<Pkg *>(py)->name)));
}

// -1, 0 or 1 as x is less than, equal to or greater than y; 2 when neither
// is less and yet they are not equal (1 and 1.0).  x and y are not eq.
int compare(val x, val y) {
  CycleCheck cycle(x);  // a circular list is an error, not an endless comparison
  for (;;) {
    if (x == y) return 0;
    if (is(x, T::Struct) || is(y, T::Struct)) {
      val sx = struct_equal_subst(x), sy = struct_equal_subst(y);
      if (sx == x && sy == y) errorf(s_type_error, "less: cannot compare ~s and ~s", x, y);
      x = sx;
      y = sy;
      continue;
    }
    int rx = kind_rank(x), ry = kind_rank(y);
    if (rx < 0 || ry < 0) errorf(s_type_error, "less: cannot compare ~s and ~s", x, y);
    if (rx != ry) return rx < ry ? -1 : 1;
    switch (rx) {
      case 0: {
        int c = num_cmp(x, y, "less");
        return c ? c : equal(x, y) ? 0 : 2;
      }
      case 1: {
        Range *a = static_cast<Range *>(x), *b = static_cast<Range *>(y);
        if (int c = compare(a->from, b->from)) return c;
        x = a->to;
        y = b->to;
        continue;
      }
      case 2: return sign(sv(x).compare(sv(y)));
      case 3: return compare_symbols(x, y);
      case 4: {
        check_stack_depth();
        if (int c = compare(car(x), car(y))) return c;
        x = cdr(x);
        y = cdr(y);
        cycle.step(x, "less");
        continue;
      }
      case 5: {
        check_stack_depth();
        Vec *a = vec_of(x), *b = vec_of(y);
        for (size_t i = 0; i < a->len && i < b->len; ++i)
          if (int c = compare(a->data[i], b->data[i])) return c;
        return a->len < b->len ? -1 : a->len > b->len ? 1 : 0;
      }
      default: {
        Buf *a = buf_of(x), *b = buf_of(y);
        size_t n = std::min(a->len, b->len);
        if (int c = n ? memcmp(a->data, b->data, n) : 0) return sign(c);
        return a->len < b->len ? -1 : a->len > b->len ? 1 : 0;
      }
    }
  }
}

bool less_than(val x, val y) { return x != y && compare(x, y) == -1; }

static val bi_less(const Args &a) {
  for (int i = 0; i + 1 < a.n; ++i)
    if (!less_than(a[i], a[i + 1])) return nullptr;
  return s_t;
}

static val bi_greater(const Args &a) {
  for (int i = 0; i + 1 < a.n; ++i)
    if (!less_than(a[i + 1], a[i])) return nullptr;
  return s_t;
}

static val bi_lequal(const Args &a) {
  for (int i = 0; i + 1 < a.n; ++i)
    if (a[i] != a[i + 1] && !equal(a[i], a[i + 1]) && !less_than(a[i], a[i + 1])) return nullptr;
  return s_t;
}

static val bi_gequal(const Args &a) {
  for (int i = 0; i + 1 < a.n; ++i)
    if (a[i] != a[i + 1] && !equal(a[i], a[i + 1]) && !less_than(a[i + 1], a[i])) return nullptr;
  return s_t;
}

// ---- the sort engine -------------------------------------------------------------------------

// The ordering a sort uses: lessfun (default less) on keys (default the items).
struct Order {
  val lessf, keyf;
  Order(val l, val k, const char *self)
      : lessf(missing(l) || !l ? nullptr : fun_checked(l, self)),
        keyf(missing(k) || !k ? nullptr : fun_checked(k, self)) {}
  val key(val x) const { return keyf ? funcall1(keyf, x) : x; }
  bool keys_less(val kx, val ky) const { return lessf ? funcall2(lessf, kx, ky) != nullptr : less_than(kx, ky); }
  bool less(val x, val y) const { return keys_less(key(x), key(y)); }
};

// A stable merge sort that stays within its arrays whatever the
// comparison answers (a user's lessfun may be inconsistent).
template <class Less>
static void merge_sort(val *v, val *tmp, size_t n, const Less &less) {
  if (n < 2) return;
  if (n <= 8) {
    for (size_t i = 1; i < n; ++i) {
      val x = v[i];
      size_t j = i;
      while (j > 0 && less(x, v[j - 1])) {
        v[j] = v[j - 1];
        --j;
      }
      v[j] = x;
    }
    return;
  }
  size_t h = n / 2;
  merge_sort(v, tmp, h, less);
  merge_sort(v + h, tmp, n - h, less);
  size_t i = 0, j = h, k = 0;
  while (i < h && j < n) tmp[k++] = less(v[j], v[i]) ? v[j++] : v[i++];
  while (i < h) tmp[k++] = v[i++];
  while (j < n) tmp[k++] = v[j++];
  std::copy(tmp, tmp + n, v);
}

// Sorts items; with cache, each key is computed once (the c- forms).
static void sort_items(ValVec &items, const Order &o, bool cache) {
  ValVec tmp(items.size());
  if (!cache || !o.keyf) {
    merge_sort(items.data(), tmp.data(), items.size(), [&](val x, val y) { return o.less(x, y); });
    return;
  }
  // Sort (key . item) pairs, then take the items.
  ValVec pairs(items.size());
  for (size_t i = 0; i < items.size(); ++i) pairs[i] = cons(o.key(items[i]), items[i]);
  merge_sort(pairs.data(), tmp.data(), pairs.size(), [&](val x, val y) { return o.keys_less(car(x), car(y)); });
  for (size_t i = 0; i < items.size(); ++i) items[i] = cdr(pairs[i]);
}

static void collect(val seq, ValVec &out, const char *self) {
  if (consp(seq)) {  // an improper list is reported as TXR does: "cdr: 1 is not a cons"
    val l = seq;
    for (CycleCheck cycle(l); consp(l); cycle.step(l = cdr(l), self)) out.push_back(car(l));
    if (l) type_err("cdr", l, "a cons");
    return;
  }
  SeqIter it(seq, self);
  for (val x; it.next(&x);) out.push_back(x);
}

// Writes items back into a mutable sequence (a hash: keys 0..n-1).
static void store_items(val seq, const ValVec &items, const char *self) {
  if (consp(seq)) {
    val l = seq;
    for (size_t i = 0; i < items.size() && consp(l); ++i, l = cdr(l)) rplaca(l, items[i]);
    return;
  }
  if (is(seq, T::Vec)) {
    std::copy(items.begin(), items.end(), vec_of(seq)->data);
    return;
  }
  if (hashp(seq)) {
    for (size_t i = 0; i < items.size(); ++i) sethash(seq, mkfix(intptr_t(i)), items[i]);
    return;
  }
  for (size_t i = 0; i < items.size(); ++i) seq_set(seq, mkfix(intptr_t(i)), items[i], self);
}

// The items of a hash treated as a vector: values of keys 0..n-1.
static void collect_hash_values(val h, ValVec &out) {
  size_t n = hash_count(h);
  for (size_t i = 0; i < n; ++i) out.push_back(gethash(h, mkfix(intptr_t(i))));
}

static val list_of(const ValVec &items) {
  ListBuilder b;
  for (val x : items) b.add(x);
  return b.head;
}

static val nsort_seq(val seq, const Order &o, bool cache, const char *self) {
  if (!seq) return nullptr;
  ValVec items;
  if (hashp(seq))
    collect_hash_values(seq, items);
  else
    collect(seq, items, self);
  sort_items(items, o, cache);
  if (consp(seq) || hashp(seq) || is(seq, T::Vec) || stringp(seq) || is(seq, T::Buf) || seq_ops[int(seq->type)] ||
      is(seq, T::Struct)) {
    store_items(seq, items, self);
    return seq;
  }
  type_err(self, seq, "a mutable sequence");
}

static val sort_seq(val seq, const Order &o, bool cache, const char *self) {
  if (!seq) return nullptr;
  if (consp(seq)) {  // a fresh list, leaving the original alone
    ValVec items;
    collect(seq, items, self);
    sort_items(items, o, cache);
    return list_of(items);
  }
  return nsort_seq(seq_copy(seq, self), o, cache, self);
}

static val bi_sort(const Args &a) { return sort_seq(a[0], Order(a[1], a[2], a.name()), false, a.name()); }
static val bi_nsort(const Args &a) { return nsort_seq(a[0], Order(a[1], a[2], a.name()), false, a.name()); }
static val bi_csort(const Args &a) { return sort_seq(a[0], Order(a[1], a[2], a.name()), true, a.name()); }
static val bi_cnsort(const Args &a) { return nsort_seq(a[0], Order(a[1], a[2], a.name()), true, a.name()); }

static val bi_grade(const Args &a) {
  Order o(a[1], a[2], a.name());
  ValVec items, idx;
  collect(a[0], items, a.name());
  for (size_t i = 0; i < items.size(); ++i) idx.push_back(mkfix(intptr_t(i)));
  ValVec tmp(idx.size());
  merge_sort(idx.data(), tmp.data(), idx.size(),
             [&](val i, val j) { return o.less(items[size_t(fixval(i))], items[size_t(fixval(j))]); });
  return list_of(idx);
}

// (merge seq1 seq2 [lessfun [keyfun]]): like seq1; on ties seq1 goes first.
static val bi_merge(const Args &a) {
  Order o(a[2], a[3], a.name());
  ValVec x, y;
  collect(a[0], x, a.name());
  collect(a[1], y, a.name());
  ListBuilder b;
  size_t i = 0, j = 0;
  while (i < x.size() && j < y.size()) b.add(o.less(y[j], x[i]) ? y[j++] : x[i++]);
  while (i < x.size()) b.add(x[i++]);
  while (j < y.size()) b.add(y[j++]);
  return make_like(b.head, a[0] ? a[0] : a[1]);
}

// (multi-sort columns less-funcs [key-funcs]): sorts the rows made of the
// columns' items, by the first lessfun/keyfun, ties broken by the next.
static val bi_multi_sort(const Args &a) {
  const char *self = a.name();
  val cols = seq_list(a[0], self);
  val lessfs = functionp(a[1]) ? list({a[1]}) : seq_list(a[1], self);
  val keyfs = missing(a[2]) || !a[2] ? nullptr : functionp(a[2]) ? list({a[2]}) : seq_list(a[2], self);
  size_t ncol = size_t(fixval(list_length(cols, self)));
  if (!ncol) return nullptr;
  std::vector<ValVec, gc_allocator<ValVec>> data(ncol);
  size_t nrow = SIZE_MAX, c = 0;
  for (val l = cols; l; l = cdr(l), ++c) {
    collect(car(l), data[c], self);
    nrow = std::min(nrow, data[c].size());
  }
  ValVec rows, tmp(nrow);
  for (size_t r = 0; r < nrow; ++r) rows.push_back(mkfix(intptr_t(r)));
  auto row_less = [&](val p, val q) {
    val ls = lessfs, ks = keyfs;
    for (size_t col = 0; ls && col < ncol; ls = cdr(ls), ks = cdr(ks), ++col) {
      val f = car(ls), k = car(ks);
      val x = data[col][size_t(fixval(p))], y = data[col][size_t(fixval(q))];
      if (k) {
        x = funcall1(k, x);
        y = funcall1(k, y);
      }
      if (funcall2(f, x, y)) return true;
      if (funcall2(f, y, x)) return false;
    }
    return false;
  };
  merge_sort(rows.data(), tmp.data(), rows.size(), row_less);
  ListBuilder out;
  c = 0;
  for (val l = cols; l; l = cdr(l), ++c) {
    ListBuilder col;
    for (val r : rows) col.add(data[c][size_t(fixval(r))]);
    out.add(make_like(col.head, car(l)));
  }
  return out.head;
}

// (sort-group seq [keyfun [lessfun]]): sorted, then runs of equal keys.
static val sort_group(const Args &a, bool cache) {
  Order o(a[2], a[1], a.name());
  ValVec items;
  collect(a[0], items, a.name());
  sort_items(items, o, cache);
  ListBuilder groups, run;
  val run_key = nullptr;
  for (size_t i = 0; i < items.size(); ++i) {
    val k = o.key(items[i]);
    if (i && !equal(k, run_key)) {
      groups.add(make_like(run.head, a[0]));
      run = ListBuilder();
    }
    run.add(items[i]);
    run_key = k;
  }
  if (run.head) groups.add(make_like(run.head, a[0]));
  return groups.head;
}

static val bi_sort_group(const Args &a) { return sort_group(a, false); }
static val bi_csort_group(const Args &a) { return sort_group(a, true); }

// ---- duplicates --------------------------------------------------------------------------------

// (unique seq [keyfun hash-arg*]): the first item of each distinct key.
static val bi_unique(const Args &a) {
  val keyf = a.n > 1 && !missing(a[1]) && a[1] ? fun_checked(a[1], a.name()) : nullptr;
  val seen;
  if (a.n > 2) {
    val hash_fun = global_fun(intern("hash"));
    seen = funcall(hash_fun, a.v + 2, a.n - 2);
  } else {
    seen = make_hash(HashKind::Equal);
  }
  ListBuilder out;
  SeqIter it(a[0], a.name());
  for (val x; it.next(&x);) {
    val k = keyf ? funcall1(keyf, x) : x;
    bool found = false;
    gethash(seen, k, &found);
    if (!found) {
      sethash(seen, k, s_t);
      out.add(x);
    }
  }
  return make_like(out.head, a[0]);
}

static val bi_uniq(const Args &a) {
  val seen = make_hash(HashKind::Equal);
  ListBuilder out;
  SeqIter it(a[0], a.name());
  for (val x; it.next(&x);) {
    bool found = false;
    gethash(seen, x, &found);
    if (!found) {
      sethash(seen, x, s_t);
      out.add(x);
    }
  }
  return make_like(out.head, a[0]);
}

// ---- shuffling and rotation --------------------------------------------------------------------

static intptr_t random_below(intptr_t n, val state) {
  val args[2] = {mkfix(n), state};
  return fixval(funcall(global_fun(intern("rand")), args, missing(state) ? 1 : 2));
}

// Fisher-Yates from the end; the cyclic form (Sattolo) never leaves an
// item in place.
static val nshuffle_seq(val seq, val state, bool cyclic, const char *self) {
  if (!seq) return nullptr;
  ValVec items;
  if (hashp(seq))
    collect_hash_values(seq, items);
  else
    collect(seq, items, self);
  for (size_t i = items.size(); i-- > 1;) {
    size_t j = size_t(random_below(intptr_t(cyclic ? i : i + 1), state));
    std::swap(items[i], items[j]);
  }
  store_items(seq, items, self);
  return seq;
}

static val bi_nshuffle(const Args &a) { return nshuffle_seq(a[0], a[1], false, a.name()); }
static val bi_cnshuffle(const Args &a) { return nshuffle_seq(a[0], a[1], true, a.name()); }
static val bi_shuffle(const Args &a) { return nshuffle_seq(seq_copy(a[0], a.name()), a[1], false, a.name()); }
static val bi_cshuffle(const Args &a) { return nshuffle_seq(seq_copy(a[0], a.name()), a[1], true, a.name()); }

// The displacement reduced to [0, n).
static size_t rot_amount(val d, size_t n, const char *self) {
  intptr_t k = missing(d) ? 1 : c_fixnum(d, self);
  intptr_t r = k % intptr_t(n);
  return size_t(r < 0 ? r + intptr_t(n) : r);
}

static val bi_nrot(const Args &a) {
  val seq = a[0];
  if (!seq) return nullptr;
  ValVec items;
  collect(seq, items, a.name());
  if (items.size() < 2) return seq;
  size_t k = rot_amount(a[1], items.size(), a.name());
  if (!k) return seq;
  std::rotate(items.begin(), items.begin() + ptrdiff_t(k), items.end());
  if (consp(seq) || is(seq, T::Vec) || stringp(seq) || is(seq, T::Buf) || hashp(seq) || seq_ops[int(seq->type)]) {
    store_items(seq, items, a.name());
    return seq;
  }
  return list_of(items);
}

static val bi_rot(const Args &a) {
  val seq = a[0];
  if (!seq) return nullptr;
  ValVec items;
  collect(seq, items, a.name());
  size_t k = items.size() < 2 ? 0 : rot_amount(a[1], items.size(), a.name());
  std::rotate(items.begin(), items.begin() + ptrdiff_t(k), items.end());
  return make_like(list_of(items), seq);
}

static const BuiltinDef sort_builtins[] = {
    {"less", 1, 0, true, bi_less},
    {"greater", 1, 0, true, bi_greater},
    {"lequal", 1, 0, true, bi_lequal},
    {"gequal", 1, 0, true, bi_gequal},
    {"sort", 1, 2, false, bi_sort},
    {"nsort", 1, 2, false, bi_nsort},
    {"ssort", 1, 2, false, bi_sort},
    {"snsort", 1, 2, false, bi_nsort},
    {"csort", 1, 2, false, bi_csort},
    {"cnsort", 1, 2, false, bi_cnsort},
    {"cssort", 1, 2, false, bi_csort},
    {"csnsort", 1, 2, false, bi_cnsort},
    {"grade", 1, 2, false, bi_grade},
    {"merge", 2, 2, false, bi_merge},
    {"multi-sort", 2, 1, false, bi_multi_sort},
    {"sort-group", 1, 2, false, bi_sort_group},
    {"csort-group", 1, 2, false, bi_csort_group},
    {"uniq", 1, 0, false, bi_uniq},
    {"unique", 1, 1, true, bi_unique},
    {"shuffle", 1, 1, false, bi_shuffle},
    {"nshuffle", 1, 1, false, bi_nshuffle},
    {"cshuffle", 1, 1, false, bi_cshuffle},
    {"cnshuffle", 1, 1, false, bi_cnshuffle},
    {"rot", 1, 1, false, bi_rot},
    {"nrot", 1, 1, false, bi_nrot},
};

void init_sort() { register_builtins(sort_builtins); }

}  // namespace tine
