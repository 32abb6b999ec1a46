// Mapping and folding over sequences: mapcar/map, mappend, mapdo, maprod,
// maprend, maprodo, window-map and friends, zip, transpose, interpose,
// reduce-left/-right, some/all/none, sum, prod.
#include <vector>

#include "iter.hpp"
#include "lazy.hpp"
#include "seq.hpp"

namespace tine {

using ValVec = std::vector<val, gc_allocator_val>;

// Iterators over a[first..]: on the C++ stack for a few, else collected heap.
struct IterSet {
  static constexpr int kInline = 6;
  SeqIter inline_its[kInline];
  std::vector<SeqIter, gc_allocator<SeqIter>> heap;
  SeqIter *its;
  int n;
  IterSet(const Args &a, int first, const char *self) : n(a.n - first) {
    if (n > kInline) {
      heap.resize(size_t(n));
      its = heap.data();
    } else {
      its = inline_its;
    }
    for (int i = 0; i < n; ++i) its[i] = SeqIter(a[first + i], self);
  }
  // One item from each; false when any has ended.
  bool next(val *out) {
    for (int i = 0; i < n; ++i)
      if (!its[i].next(&out[i])) return false;
    return true;
  }
};

// Calls fn(args, n) on parallel tuples until the shortest sequence ends.
template <class Fn>
static void map_parallel(const Args &a, int first, const char *self, Fn &&fn) {
  if (a.n - first == 1) {  // the common case: no argument array to fill
    SeqIter it(a[first], self);
    for (val x; it.next(&x);) fn(&x, 1);
    return;
  }
  IterSet set(a, first, self);
  val *args = static_cast<val *>(alloca(sizeof(val) * size_t(set.n)));
  while (set.next(args)) fn(args, set.n);
}

// Appends the items of a piece of mappend's output; a piece that is an
// atom or improper tail ends the list (append's rules).
static void append_piece(ListBuilder &b, val piece, val *tail, const char *self) {
  if (*tail) errorf(s_error, "~a: cannot append to the atom ~s", self, *tail);
  if (!piece) return;
  if (consp(piece)) {
    *tail = b.add_list(piece);
    return;
  }
  if (!seqp(piece)) {
    *tail = piece;
    return;
  }
  SeqIter it(piece, self);
  for (val x; it.next(&x);) b.add(x);
}

static val finish_append(ListBuilder &b, val tail, val model) {
  b.set_tail(tail);
  return tail ? b.head : make_like(b.head, model);
}

static val bi_mapcar(const Args &a) {
  if (a.n < 2) return nullptr;
  val f = fun_checked(a[0], a.name());
  ListBuilder b;
  map_parallel(a, 1, a.name(), [&](val *args, int n) { b.add(funcall(f, args, n)); });
  return make_like(b.head, a[1]);
}

static val bi_mappend(const Args &a) {
  if (a.n < 2) return nullptr;
  val f = fun_checked(a[0], a.name());
  ListBuilder b;
  val tail = nullptr;
  map_parallel(a, 1, a.name(), [&](val *args, int n) { append_piece(b, funcall(f, args, n), &tail, a.name()); });
  return finish_append(b, tail, a[1]);
}

static val bi_mapdo(const Args &a) {
  if (a.n < 2) return nullptr;
  val f = fun_checked(a[0], a.name());
  map_parallel(a, 1, a.name(), [&](val *args, int n) { funcall(f, args, n); });
  return nullptr;
}

// ---- Cartesian products --------------------------------------------------------------------

// Calls fn on every combination, the rightmost sequence varying fastest.
template <class Fn>
static void map_product(const Args &a, int first, const char *self, Fn &&fn) {
  int n = a.n - first;
  std::vector<ValVec, gc_allocator<ValVec>> items(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    SeqIter it(a[first + i], self);
    for (val x; it.next(&x);) items[size_t(i)].push_back(x);
    if (items[size_t(i)].empty()) return;
  }
  std::vector<size_t> idx(static_cast<size_t>(n), 0);
  ValVec args(static_cast<size_t>(n));
  for (;;) {
    for (int i = 0; i < n; ++i) args[size_t(i)] = items[size_t(i)][idx[size_t(i)]];
    fn(args.data(), n);
    int k = n - 1;
    for (; k >= 0; --k) {
      if (++idx[size_t(k)] < items[size_t(k)].size()) break;
      idx[size_t(k)] = 0;
    }
    if (k < 0) return;
  }
}

static val bi_maprod(const Args &a) {
  if (a.n < 3) return bi_mapcar(a);
  val f = fun_checked(a[0], a.name());
  ListBuilder b;
  map_product(a, 1, a.name(), [&](val *args, int n) { b.add(funcall(f, args, n)); });
  return make_like(b.head, a[1]);
}

static val bi_maprend(const Args &a) {
  if (a.n < 3) return bi_mappend(a);
  val f = fun_checked(a[0], a.name());
  ListBuilder b;
  val tail = nullptr;
  map_product(a, 1, a.name(), [&](val *args, int n) { append_piece(b, funcall(f, args, n), &tail, a.name()); });
  return finish_append(b, tail, a[1]);
}

static val bi_maprodo(const Args &a) {
  if (a.n < 3) return bi_mapdo(a);
  val f = fun_checked(a[0], a.name());
  map_product(a, 1, a.name(), [&](val *args, int n) { funcall(f, args, n); });
  return nullptr;
}

// ---- sliding windows -----------------------------------------------------------------------

// The items of seq flanked on each side by range items from boundary.
static ValVec window_items(val range, val boundary, val seq, intptr_t *r, const char *self) {
  *r = c_fixnum(range, self);
  if (*r <= 0 || *r > 512) range_err(self, "range must be a positive integer up to 512, not", range);
  ValVec items;
  SeqIter it(seq, self);
  for (val x; it.next(&x);) items.push_back(x);
  size_t n = items.size(), k = size_t(*r);
  ValVec out(n + 2 * k);
  for (size_t i = 0; i < n; ++i) out[k + i] = items[i];
  if (n == 0) return out;
  if (boundary == keyword("wrap")) {
    for (size_t j = 1; j <= k; ++j) {
      out[k - j] = items[n - 1 - (j - 1) % n];
      out[k + n + j - 1] = items[(j - 1) % n];
    }
  } else if (boundary == keyword("reflect")) {
    for (size_t j = 1; j <= k; ++j) {
      out[k - j] = items[(j - 1) % n];
      out[k + n + j - 1] = items[n - 1 - (j - 1) % n];
    }
  } else {
    ValVec flank;
    SeqIter bt(boundary, self);
    for (val x; flank.size() < 2 * k && bt.next(&x);) flank.push_back(x);
    if (flank.size() < 2 * k && boundary && !consp(boundary))
      errorf(s_error, "~a: boundary ~s has fewer than ~s items", self, boundary, mkfix(intptr_t(2 * k)));
    flank.resize(2 * k, nullptr);
    for (size_t j = 0; j < k; ++j) {
      out[j] = flank[j];
      out[k + n + j] = flank[k + j];
    }
  }
  return out;
}

template <class Fn>
static val window_each(const Args &a, Fn &&fn) {
  intptr_t r;
  ValVec w = window_items(a[0], a[1], a[3], &r, a.name());
  val f = fun_checked(a[2], a.name());
  size_t size = size_t(2 * r + 1);
  for (size_t i = 0; i + size <= w.size(); ++i) fn(funcall(f, w.data() + i, int(size)));
  return nullptr;
}

static val bi_window_map(const Args &a) {
  ListBuilder b;
  window_each(a, [&](val v) { b.add(v); });
  return make_like(b.head, a[3]);
}

static val bi_window_mappend(const Args &a) {
  ListBuilder b;
  val tail = nullptr;
  window_each(a, [&](val v) { append_piece(b, v, &tail, a.name()); });
  return finish_append(b, tail, a[3]);
}

static val bi_window_mapdo(const Args &a) {
  return window_each(a, [](val) {});
}

// ---- zip, transpose, interpose -------------------------------------------------------------

// The rows of the columns (iterables); rows are like the first column,
// and when that is a string, string items join the row as text.
static val transpose_cols(val cols, val outer_model, const char *self) {
  ValVec colv;
  SeqIter ci(cols, self);
  for (val x; ci.next(&x);) colv.push_back(x);
  if (colv.empty()) return make_like(nullptr, outer_model);
  val model = colv[0];
  bool strings = stringp(model);
  std::vector<SeqIter, gc_allocator<SeqIter>> its;
  for (val c : colv) its.emplace_back(c, self);
  ListBuilder rows;
  for (;;) {
    ListBuilder row;
    val text = strings ? mkstr(U"") : nullptr;
    bool text_ok = strings;
    for (auto &it : its) {
      val x;
      if (!it.next(&x)) return make_like(rows.head, outer_model);
      row.add(x);
      if (text_ok) {
        if (is_chr(x))
          str_push(text, chrval(x));
        else if (stringp(x))
          str_append(text, sv(x));
        else
          text_ok = false;
      }
    }
    rows.add(text_ok ? text : make_like(row.head, model));
  }
}

static val bi_transpose(const Args &a) { return transpose_cols(a[0], a[0], a.name()); }

static val bi_zip(const Args &a) {
  ListBuilder cols;
  for (int i = 0; i < a.n; ++i) cols.add(a[i]);
  return transpose_cols(cols.head, a.n ? a[0] : nullptr, a.name());
}

static val bi_interpose(const Args &a) {
  val seq = a[1];
  if (consp(seq)) return lazy_interpose(a[0], seq);
  ListBuilder b;
  SeqIter it(seq, a.name());
  bool first = true;
  for (val x; it.next(&x); first = false) {
    if (!first) b.add(a[0]);
    b.add(x);
  }
  return make_like(b.head, seq);
}

// ---- folds ---------------------------------------------------------------------------------

static val bi_reduce_left(const Args &a) {
  val f = fun_checked(a[0], a.name());
  val keyf = opt_fun(a[3], a.name());
  SeqIter it(a[1], a.name());
  val acc;
  if (missing(a[2])) {
    val x;
    if (!it.next(&x)) return funcall(f, nullptr, 0);
    acc = apply_key(keyf, x);
  } else {
    acc = a[2];
  }
  for (val x; it.next(&x);) acc = funcall2(f, acc, apply_key(keyf, x));
  return acc;
}

static val bi_reduce_right(const Args &a) {
  val f = fun_checked(a[0], a.name());
  val keyf = opt_fun(a[3], a.name());
  ValVec items;
  SeqIter it(a[1], a.name());
  for (val x; it.next(&x);) items.push_back(x);
  size_t n = items.size();
  val acc;
  if (missing(a[2])) {
    if (!n) return funcall(f, nullptr, 0);
    acc = apply_key(keyf, items[--n]);
  } else {
    acc = a[2];
  }
  while (n > 0) acc = funcall2(f, apply_key(keyf, items[--n]), acc);
  return acc;
}

static val bi_some(const Args &a) {
  val pred = opt_fun(a[1], a.name()), keyf = opt_fun(a[2], a.name());
  SeqIter it(a[0], a.name());
  for (val x; it.next(&x);) {
    val k = apply_key(keyf, x);
    if (val r = pred ? funcall1(pred, k) : k) return r;
  }
  return nullptr;
}

static val bi_all(const Args &a) {
  val pred = opt_fun(a[1], a.name()), keyf = opt_fun(a[2], a.name());
  val r = s_t;
  SeqIter it(a[0], a.name());
  for (val x; it.next(&x);) {
    val k = apply_key(keyf, x);
    if (!(r = pred ? funcall1(pred, k) : k)) return nullptr;
  }
  return r;
}

static val bi_none(const Args &a) { return boolv(!bi_some(a)); }

static val fold_numbers(const Args &a, val init, val (*op)(val, val)) {
  val keyf = opt_fun(a[1], a.name());
  SeqIter it(a[0], a.name());
  val acc, x;
  if (!it.next(&x)) return init;
  acc = apply_key(keyf, x);
  while (it.next(&x)) acc = op(acc, apply_key(keyf, x));
  return acc;
}

static val bi_sum(const Args &a) { return fold_numbers(a, mkfix(0), num_add); }
static val bi_prod(const Args &a) { return fold_numbers(a, mkfix(1), num_mul); }

static const BuiltinDef seqmap_builtins[] = {
    {"mapcar", 1, 0, true, bi_mapcar},
    {"map", 1, 0, true, bi_mapcar},
    {"mappend", 1, 0, true, bi_mappend},
    {"mapdo", 1, 0, true, bi_mapdo},
    {"maprod", 1, 0, true, bi_maprod},
    {"maprend", 1, 0, true, bi_maprend},
    {"maprodo", 1, 0, true, bi_maprodo},
    {"window-map", 4, 0, false, bi_window_map},
    {"window-mappend", 4, 0, false, bi_window_mappend},
    {"window-mapdo", 4, 0, false, bi_window_mapdo},
    {"transpose", 1, 0, false, bi_transpose},
    {"zip", 0, 0, true, bi_zip},
    {"interpose", 2, 0, false, bi_interpose},
    {"reduce-left", 2, 2, false, bi_reduce_left},
    {"reduce-right", 2, 2, false, bi_reduce_right},
    {"some", 1, 2, false, bi_some},
    {"all", 1, 2, false, bi_all},
    {"none", 1, 2, false, bi_none},
    {"sum", 1, 1, false, bi_sum},
    {"prod", 1, 1, false, bi_prod},
};

void init_seqmap() { register_builtins(seqmap_builtins); }

}  // namespace tine
