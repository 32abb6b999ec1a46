// Generic sequences: lists, vectors, strings, bufs, ranges, hashes and
// (through SeqOps) foreign types such as carrays.
#include <algorithm>
#include <vector>

#include <cstring>

#include "eval.hpp"
#include "lisp.hpp"
#include "seq.hpp"
#include "struct.hpp"

namespace tine {

SeqOps *seq_ops[64];
IterHooks *iter_hooks[64];
DwimHook dwim_hooks[64];

enum Kind { K_LIST, K_VEC, K_STR, K_BUF, K_RANGE, K_HASH, K_OPS, K_ITER, K_STRUCT_ITER, K_STRUCT_LIST, K_STRUCT_VEC };

static SeqOps *ops_of(val s) { return is_ptr(s) ? seq_ops[int(s->type)] : nullptr; }

SeqIter::SeqIter(val s, const char *self_) : seq(s), i(0), n(0), cur(s), self(self_), cycle(s) {
  if (!s || consp(s)) {
    kind = K_LIST;
  } else if (is(s, T::Vec)) {
    kind = K_VEC;
    n = intptr_t(vec_of(s)->len);
  } else if (stringp(s)) {
    kind = K_STR;
    n = intptr_t(str_of(s)->len);
  } else if (is(s, T::Buf)) {
    kind = K_BUF;
    n = intptr_t(buf_of(s)->len);
  } else if (is(s, T::Range)) {
    kind = K_RANGE;
    cur = static_cast<Range *>(s)->from;
    if (!integerp(cur) && !is_chr(cur)) type_err(self, s, "an iterable range");
  } else if (hashp(s)) {
    kind = K_HASH;
  } else if (SeqOps *o = ops_of(s)) {
    kind = K_OPS;
    n = o->length(s);
  } else if (is_ptr(s) && iter_hooks[int(s->type)]) {
    kind = K_ITER;
    cur = iter_hooks[int(s->type)]->begin(s);
  } else if (val f = struct_special(s, SM::IterBegin)) {
    // Structs iterate by their iter-begin protocol, as a list through car
    // and cdr, or as a vector through length and lambda.
    kind = K_STRUCT_ITER;
    cur = funcall1(f, s);
    i = struct_special(cur, SM::IterMore) != nullptr;  // the canonical protocol
  } else if (struct_special(s, SM::Car)) {
    kind = K_STRUCT_LIST;
  } else if (val len = struct_special(s, SM::Length)) {
    kind = K_STRUCT_VEC;
    n = c_fixnum(funcall1(len, s), self);
  } else {
    type_err(self, s, "a sequence");
  }
}

bool SeqIter::next(val *out) {
  switch (kind) {
    case K_LIST:
      if (!pop_item(cur, *out)) {
        if (cur) car_slow(cur);  // an improper list ends in TXR's error, "car: 3 is not a cons"
        return false;
      }
      cycle.step(cur, self);
      return true;
    case K_VEC:
      if (i >= n || size_t(i) >= vec_of(seq)->len) return false;
      *out = vec_of(seq)->data[i++];
      return true;
    case K_STR:
      if (i >= n) return false;
      *out = mkchr(str_of(seq)->data[i++]);
      return true;
    case K_BUF:
      if (i >= n) return false;
      *out = mkfix(buf_of(seq)->data[i++]);
      return true;
    case K_RANGE: {
      val to = static_cast<Range *>(seq)->to;
      if (to && num_cmp(cur, to, "range") >= 0) return false;
      *out = cur;
      cur = num_add(cur, mkfix(1));
      return true;
    }
    case K_HASH: {
      size_t c = size_t(i);
      val k, v;
      if (!hash_next(seq, &c, &k, &v)) return false;
      i = intptr_t(c);
      *out = cons(k, v);
      return true;
    }
    case K_OPS:
      if (i >= n) return false;
      *out = ops_of(seq)->ref(seq, i++);
      return true;
    case K_ITER: return iter_hooks[int(seq->type)]->next(cur, out);
    case K_STRUCT_ITER:
      if (!cur) return false;
      if (i && !funcall1(struct_special(cur, SM::IterMore), cur)) return false;
      *out = funcall1(struct_special(cur, SM::IterItem), cur);
      cur = funcall1(struct_special(cur, SM::IterStep), cur);
      return true;
    case K_STRUCT_LIST:
      if (val nf = struct_special(cur, SM::Nullify)) cur = funcall1(nf, cur);
      if (!cur || (!consp(cur) && !is(cur, T::Struct))) return false;
      *out = car_checked(cur, "iter");
      cur = cdr_checked(cur, "iter");
      return true;
    case K_STRUCT_VEC: {
      if (i >= n) return false;
      val idx = mkfix(i++);
      *out = struct_call(seq, &idx, 1);
      return true;
    }
  }
  return false;
}

intptr_t seq_length(val s, const char *self) {
  if (!s || consp(s)) return fixval(list_length(s, self));
  if (is(s, T::Vec)) return intptr_t(vec_of(s)->len);
  if (stringp(s)) return intptr_t(str_of(s)->len);
  if (is(s, T::Buf)) return intptr_t(buf_of(s)->len);
  if (hashp(s)) return intptr_t(hash_count(s));
  if (is(s, T::Range)) {
    Range *r = static_cast<Range *>(s);
    return fixval(num_sub(r->to, r->from));
  }
  if (SeqOps *o = ops_of(s)) return o->length(s);
  if (is_ptr(s) && iter_hooks[int(s->type)]) {
    if (auto len = iter_hooks[int(s->type)]->length) return len(s);
    intptr_t n = 0;
    SeqIter it(s, self);
    for (val x; it.next(&x);) ++n;
    return n;
  }
  if (is(s, T::Struct)) {
    if (val f = struct_special(s, SM::Length)) return c_fixnum(funcall1(f, s), self);
    if (!struct_special(s, SM::Car)) errorf(s_type_error, "~a: ~s has no length or car method", self, s);
    intptr_t n = 0;
    SeqIter it(s, self);
    for (val x; it.next(&x);) ++n;
    return n;
  }
  type_err(self, s, "a sequence");
}

val seq_list(val s, const char *self) {
  if (!s || consp(s)) return s;
  val out = nullptr;
  SeqIter it(s, self);
  for (val x; it.next(&x);) out = cons(x, out);
  return nreverse(out);
}

intptr_t norm_index(intptr_t i, intptr_t len, const char *self, val seq) {
  intptr_t k = i < 0 ? i + len : i;
  if (k < 0 || k >= len) errorf(s_range_error, "~a: index ~s is out of range for ~s", self, mkfix(i), seq);
  return k;
}

static intptr_t norm_index(val idx, intptr_t len, const char *self, val seq) {
  return norm_index(c_fixnum(idx, self), len, self, seq);
}

val seq_ref(val s, val idx, const char *self) {
  if (!s || consp(s)) {
    intptr_t i = c_fixnum(idx, self);
    if (i < 0) {
      intptr_t len = fixval(list_length(s, self));
      i += len;
      if (i < 0) return nullptr;
    }
    for (; i > 0 && consp(s); --i) s = cdr(s);
    return car(s);
  }
  if (is(s, T::Vec)) return vec_of(s)->data[norm_index(idx, intptr_t(vec_of(s)->len), self, s)];
  if (stringp(s)) return mkchr(str_of(s)->data[norm_index(idx, intptr_t(str_of(s)->len), self, s)]);
  if (is(s, T::Buf)) return mkfix(buf_of(s)->data[norm_index(idx, intptr_t(buf_of(s)->len), self, s)]);
  if (SeqOps *o = ops_of(s)) return o->ref(s, norm_index(idx, o->length(s), self, s));
  if (is(s, T::Struct)) return struct_call(s, &idx, 1);
  type_err(self, s, "an indexable sequence");
}

val seq_set(val s, val idx, val v, const char *self) {
  if (consp(s)) {
    intptr_t i = norm_index(idx, fixval(list_length(s, self)), self, s);
    for (; i > 0; --i) s = cdr(s);
    rplaca(s, v);
    return v;
  }
  if (is(s, T::Vec)) {
    vec_of(s)->data[norm_index(idx, intptr_t(vec_of(s)->len), self, s)] = v;
    return v;
  }
  if (stringp(s)) {
    if (!is_chr(v)) type_err(self, v, "a character");
    str_of(s)->data[norm_index(idx, intptr_t(str_of(s)->len), self, s)] = chrval(v);
    return v;
  }
  if (is(s, T::Buf)) {
    intptr_t b = c_fixnum(v, self);
    if (b < 0 || b > 255) range_err(self, "byte value out of range:", v);
    buf_of(s)->data[norm_index(idx, intptr_t(buf_of(s)->len), self, s)] = uint8_t(b);
    return v;
  }
  if (SeqOps *o = ops_of(s)) {
    o->set(s, norm_index(idx, o->length(s), self, s), v);
    return v;
  }
  if (is(s, T::Struct)) {
    val args[2] = {idx, v};
    return struct_lambda_set(s, args, 2);
  }
  type_err(self, s, "a mutable indexable sequence");
}

// Clamp a slice bound; nil or missing "to" means the end, t too.
intptr_t slice_bound(val v, intptr_t len, intptr_t dflt, const char *self) {
  if (missing(v) || (v == s_t)) return dflt;
  if (!v) return dflt;
  intptr_t i = c_fixnum(v, self);
  if (i < 0) i += len;
  return std::clamp<intptr_t>(i, 0, len);
}

val seq_sub(val s, val from, val to, const char *self) {
  intptr_t len = seq_length(s, self);
  intptr_t a = slice_bound(from, len, 0, self), b = slice_bound(to, len, len, self);
  if (b < a) b = a;
  if (!s || consp(s)) {
    val out = nullptr;
    intptr_t i = 0;
    for (val l = s; consp(l) && i < b; l = cdr(l), ++i)
      if (i >= a) out = cons(car(l), out);
    return nreverse(out);
  }
  if (is(s, T::Vec)) {
    val v = make_vec(size_t(b - a), nullptr);
    for (intptr_t i = a; i < b; ++i) vec_of(v)->data[i - a] = vec_of(s)->data[i];
    return v;
  }
  if (stringp(s)) return mkstr(sv(s).substr(size_t(a), size_t(b - a)));
  if (is(s, T::Buf)) return buf_from(buf_of(s)->data + a, size_t(b - a));
  if (SeqOps *o = ops_of(s)) {
    if (o->sub) return o->sub(s, a, b);
  }
  type_err(self, s, "a sliceable sequence");
}

// Build a result of the same kind as the model sequence, from a list.
val make_like(val items, val model) {
  if (is(model, T::Vec)) return vec_from_list(items);
  if (stringp(model)) {
    std::u32string out;
    for (val l = items; l; l = cdr(l)) {
      if (!is_chr(car(l))) return items;
      out.push_back(chrval(car(l)));
    }
    return mkstr(out);
  }
  if (is(model, T::Buf)) {
    // Bytes back into a buf; anything else stays a list.
    std::string bytes;
    for (val l = items; l; l = cdr(l)) {
      val b = car(l);
      if (!is_fixnum(b) || fixval(b) < 0 || fixval(b) > 255) return items;
      bytes.push_back(char(fixval(b)));
    }
    return buf_from(bytes.data(), bytes.size());
  }
  if (val f = struct_special(model, SM::FromList)) return funcall1(f, items);
  return items;
}

// ---- builtins -----------------------------------------------------------------

static val bi_length(const Args &a) { return mkfix(seq_length(a[0], "length")); }

static val bi_reverse(const Args &a) {
  val out = nullptr;
  SeqIter it(a[0], a.name());
  for (val x; it.next(&x);) out = cons(x, out);
  return make_like(out, a[0]);
}

static val bi_nreverse(const Args &a) {
  if (!a[0] || consp(a[0])) return nreverse(a[0]);
  if (is(a[0], T::Vec)) {
    std::reverse(vec_of(a[0])->data, vec_of(a[0])->data + vec_of(a[0])->len);
    return a[0];
  }
  if (stringp(a[0])) {
    std::reverse(str_of(a[0])->data, str_of(a[0])->data + str_of(a[0])->len);
    return a[0];
  }
  return bi_reverse(a);
}

// Apply f across sequences in step until the shortest ends.
template <class Fn>
static void map_each(const Args &a, int first, const char *self, Fn &&fn) {
  int nseq = a.n - first;
  std::vector<SeqIter, gc_allocator<SeqIter>> its;
  its.reserve(size_t(nseq));
  for (int i = first; i < a.n; ++i) its.emplace_back(a[i], self);
  std::vector<val, gc_allocator_val> args;
  args.resize(size_t(nseq));
  for (;;) {
    for (int i = 0; i < nseq; ++i)
      if (!its[size_t(i)].next(&args[size_t(i)])) return;
    fn(args.data(), nseq);
  }
}

static val bi_mapcar(const Args &a) {
  val f = fun_checked(a[0], a.name());
  val out = nullptr;
  map_each(a, 1, a.name(), [&](val *args, int n) { out = cons(funcall(f, args, n), out); });
  return make_like(nreverse(out), a[1]);
}

static val bi_mappend(const Args &a) {
  val f = fun_checked(a[0], a.name());
  val parts = nullptr;
  map_each(a, 1, a.name(), [&](val *args, int n) { parts = cons(funcall(f, args, n), parts); });
  val out = nullptr;
  for (val p = parts; p; p = cdr(p)) out = append2(seq_list(car(p), a.name()), out);
  return out;
}

static val bi_mapdo(const Args &a) {
  val f = fun_checked(a[0], a.name());
  map_each(a, 1, a.name(), [&](val *args, int n) { funcall(f, args, n); });
  return nullptr;
}

static val key_of(val key, val x) { return missing(key) || !key ? x : funcall1(key, x); }

static val bi_find_if(const Args &a) {
  val pred = fun_checked(a[0], a.name());
  SeqIter it(a[1], a.name());
  for (val x; it.next(&x);)
    if (funcall1(pred, key_of(a[2], x))) return x;
  return nullptr;
}

static bool test_match(val test, val item, val x) {
  if (missing(test) || !test) return equal(item, x);
  return funcall2(test, item, x) != nullptr;
}

static val bi_find(const Args &a) {
  SeqIter it(a[1], a.name());
  for (val x; it.next(&x);)
    if (test_match(a[2], a[0], key_of(a[3], x))) return x;
  return nullptr;
}

static val bi_pos_if(const Args &a) {
  val pred = fun_checked(a[0], a.name());
  SeqIter it(a[1], a.name());
  intptr_t i = 0;
  for (val x; it.next(&x); ++i)
    if (funcall1(pred, key_of(a[2], x))) return mkfix(i);
  return nullptr;
}

static val bi_pos(const Args &a) {
  if (SeqOps *o = ops_of(a[1]); o && o->pos && (missing(a[2]) || !a[2]) && (missing(a[3]) || !a[3]))
    return o->pos(a[1], a[0]);
  SeqIter it(a[1], a.name());
  intptr_t i = 0;
  for (val x; it.next(&x); ++i)
    if (test_match(a[2], a[0], key_of(a[3], x))) return mkfix(i);
  return nullptr;
}

static val filter(const Args &a, bool keep, const char *self) {
  val pred = fun_checked(a[0], self);
  val out = nullptr;
  SeqIter it(a[1], self);
  for (val x; it.next(&x);)
    if ((funcall1(pred, key_of(a[2], x)) != nullptr) == keep) out = cons(x, out);
  return make_like(nreverse(out), a[1]);
}

static val bi_remove_if(const Args &a) { return filter(a, false, a.name()); }
static val bi_keep_if(const Args &a) { return filter(a, true, a.name()); }

static val remove_same(const Args &a, bool (*same)(val, val), const char *self) {
  val out = nullptr;
  SeqIter it(a[1], self);
  for (val x; it.next(&x);)
    if (!same(a[0], x)) out = cons(x, out);
  return make_like(nreverse(out), a[1]);
}

static bool same_eq(val x, val y) { return x == y; }
static val bi_remq(const Args &a) { return remove_same(a, same_eq, a.name()); }
static val bi_remql(const Args &a) { return remove_same(a, eql, a.name()); }
static val bi_remqual(const Args &a) { return remove_same(a, equal, a.name()); }

static val bi_count_if(const Args &a) {
  val pred = fun_checked(a[0], a.name());
  intptr_t n = 0;
  SeqIter it(a[1], a.name());
  for (val x; it.next(&x);)
    if (funcall1(pred, key_of(a[2], x))) ++n;
  return mkfix(n);
}

static val bi_count(const Args &a) {
  intptr_t n = 0;
  SeqIter it(a[1], a.name());
  for (val x; it.next(&x);)
    if (test_match(a[2], a[0], key_of(a[3], x))) ++n;
  return mkfix(n);
}

static val pred_or_identity(val p) { return missing(p) || !p ? nullptr : p; }

static val bi_some(const Args &a) {
  val pred = pred_or_identity(a[1]);
  SeqIter it(a[0], a.name());
  for (val x; it.next(&x);) {
    val k = key_of(a[2], x);
    val r = pred ? funcall1(pred, k) : k;
    if (r) return r;
  }
  return nullptr;
}

static val bi_all(const Args &a) {
  val pred = pred_or_identity(a[1]);
  val r = s_t;
  SeqIter it(a[0], a.name());
  for (val x; it.next(&x);) {
    val k = key_of(a[2], x);
    r = pred ? funcall1(pred, k) : k;
    if (!r) return nullptr;
  }
  return r;
}

static val bi_none(const Args &a) { return boolv(!bi_some(a)); }

static val bi_reduce_left(const Args &a) {
  val f = fun_checked(a[0], a.name());
  SeqIter it(a[1], a.name());
  val acc;
  if (missing(a[2])) {
    val x;
    if (!it.next(&x)) return funcall(f, nullptr, 0);
    acc = key_of(a[3], x);
  } else {
    acc = a[2];
  }
  for (val x; it.next(&x);) acc = funcall2(f, acc, key_of(a[3], x));
  return acc;
}

static val bi_reduce_right(const Args &a) {
  val f = fun_checked(a[0], a.name());
  // A reversed copy: the caller's list is not touched.
  val items = nullptr;
  SeqIter it(a[1], a.name());
  for (val x; it.next(&x);) items = cons(x, items);
  val acc;
  if (missing(a[2])) {
    if (!items) return funcall(f, nullptr, 0);
    acc = key_of(a[3], car(items));
    items = cdr(items);
  } else {
    acc = a[2];
  }
  for (; items; items = cdr(items)) acc = funcall2(f, key_of(a[3], car(items)), acc);
  return acc;
}

static val bi_sum(const Args &a) {
  val acc = mkfix(0);
  SeqIter it(a[0], a.name());
  for (val x; it.next(&x);) acc = num_add(acc, key_of(a[1], x));
  return acc;
}

static val bi_prod(const Args &a) {
  val acc = mkfix(1);
  SeqIter it(a[0], a.name());
  for (val x; it.next(&x);) acc = num_mul(acc, key_of(a[1], x));
  return acc;
}

static val bi_tuples(const Args &a) {
  intptr_t n = c_fixnum(a[0], a.name());
  if (n <= 0) range_err(a.name(), "tuple size must be positive:", a[0]);
  val out = nullptr, cur = nullptr;
  intptr_t k = 0;
  SeqIter it(a[1], a.name());
  for (val x; it.next(&x);) {
    cur = cons(x, cur);
    if (++k == n) {
      out = cons(make_like(nreverse(cur), a[1]), out);
      cur = nullptr;
      k = 0;
    }
  }
  if (k > 0) {
    if (!missing(a[2]))
      for (; k < n; ++k) cur = cons(a[2], cur);
    out = cons(make_like(nreverse(cur), a[1]), out);
  }
  return nreverse(out);
}

static val bi_zip(const Args &a) {
  val out = nullptr;
  if (a.n == 0) return nullptr;
  map_each(a, 0, a.name(), [&](val *args, int n) {
    val t = nullptr;
    for (int i = n - 1; i >= 0; --i) t = cons(args[i], t);
    out = cons(make_like(t, a[0]), out);
  });
  return nreverse(out);
}

// (range from [to [step]]) inclusive; (range* from [to [step]]) exclusive.
static val make_range_list(const Args &a, bool inclusive, const char *self) {
  val from = missing(a[0]) ? mkfix(0) : a[0];
  val to = missing(a[1]) ? nullptr : a[1];
  val step = missing(a[2]) ? mkfix(1) : a[2];
  if (!to) errorf(s_error, "~a: infinite ranges are not supported", self);
  int dir = num_cmp(step, mkfix(0), self);
  if (dir == 0) range_err(self, "step must be nonzero:", step);
  val out = nullptr;
  for (val x = from;; x = num_add(x, step)) {
    int c = num_cmp(x, to, self);
    if (dir > 0 ? (inclusive ? c > 0 : c >= 0) : (inclusive ? c < 0 : c <= 0)) break;
    out = cons(x, out);
  }
  return nreverse(out);
}

static val bi_range(const Args &a) { return make_range_list(a, true, a.name()); }
static val bi_range_star(const Args &a) { return make_range_list(a, false, a.name()); }

static val bi_rcons(const Args &a) {
  Range *r = gc_obj<Range>(T::Range);
  r->from = a[0];
  r->to = a[1];
  return r;
}

static val range_checked(val r, const char *self) {
  if (!is(r, T::Range)) type_err(self, r, "a range");
  return r;
}
static val bi_from(const Args &a) { return static_cast<Range *>(range_checked(a[0], a.name()))->from; }
static val bi_to(const Args &a) { return static_cast<Range *>(range_checked(a[0], a.name()))->to; }
static val bi_rangep(const Args &a) { return boolv(is(a[0], T::Range)); }

// less's precedence between arguments of different kinds; -1: not comparable.
static int less_rank(val v) {
  if (numberp(v) || is_chr(v)) return 0;
  if (is(v, T::Range)) return 1;
  if (stringp(v)) return 2;
  if (symbolp(v)) return 3;
  if (consp(v)) return 4;
  if (is(v, T::Vec)) return 5;
  if (is(v, T::Buf)) return 6;
  return -1;
}

static int sign_of(int c) { return c < 0 ? -1 : c > 0; }

// Same-named symbols: uninterned ones by address, an uninterned one first,
// otherwise by their packages' names.
static int symbol_order(val x, val y) {
  val nx = x ? sym(x)->name : nullptr, ny = y ? sym(y)->name : nullptr;
  std::u32string_view a = nx ? sv(nx) : U"nil", b = ny ? sv(ny) : U"nil";
  if (int c = a.compare(b)) return sign_of(c);
  val px = x ? sym(x)->package : pkg_usr, py = y ? sym(y)->package : pkg_usr;
  if (!px && !py) return uintptr_t(x) < uintptr_t(y) ? -1 : 1;
  if (!px) return -1;
  if (!py) return 1;
  return sign_of(sv(static_cast<Pkg *>(px)->name).compare(sv(static_cast<Pkg *>(py)->name)));
}

// less as a three-way order: negative when x is less than y, zero when
// they are equal, positive otherwise.  TXR's less tests (less car) and
// then (equal car) at each level; one order call per level gives the same
// answer in linear time (two calls per level would be exponential in the
// nesting depth).  Deep nesting is bounded by the stack check, cdr chains
// by the cycle check.
static int less_order(val x, val y) {
  CycleCheck cycle(x);
  for (;;) {
    if (x == y) return 0;
    if (is(x, T::Struct) || is(y, T::Struct)) {
      // A struct with an equal method compares as what that returns.
      val sx = struct_equal_subst(x), sy = struct_equal_subst(y);
      if (sx != x || sy != y) {
        check_stack_depth();
        x = sx;
        y = sy;
        continue;
      }
    }
    int rx = less_rank(x), ry = less_rank(y);
    if (rx < 0 || ry < 0) errorf(s_type_error, "less: cannot compare ~s and ~s", x, y);
    if (rx != ry) return rx < ry ? -1 : 1;
    switch (rx) {
      case 0:
        if (num_cmp(x, y, "less") < 0) return -1;
        return eql(x, y) ? 0 : 1;
      case 1: {
        check_stack_depth();
        Range *a = static_cast<Range *>(x), *b = static_cast<Range *>(y);
        if (int c = less_order(a->from, b->from)) return c;
        x = a->to;
        y = b->to;
        continue;
      }
      case 2: return sign_of(sv(x).compare(sv(y)));
      case 3: return symbol_order(x, y);
      case 4: {
        check_stack_depth();
        if (int c = less_order(car(x), car(y))) return c;
        x = cdr(x);
        y = cdr(y);
        cycle.step(x, "less");
        continue;
      }
      case 5: {
        check_stack_depth();
        Vec *a = vec_of(x), *b = vec_of(y);
        for (size_t i = 0; i < a->len && i < b->len; ++i)
          if (int c = less_order(a->data[i], b->data[i])) return c;
        return a->len < b->len ? -1 : a->len > b->len;
      }
      default: {
        Buf *a = buf_of(x), *b = buf_of(y);
        size_t n = std::min(a->len, b->len);
        if (int c = n ? memcmp(a->data, b->data, n) : 0) return sign_of(c);
        return a->len < b->len ? -1 : a->len > b->len;
      }
    }
  }
}

bool less_than(val x, val y) { return less_order(x, y) < 0; }

// less, greater, lequal, gequal over each adjacent pair: (greater a b) is
// (less b a); the -equal forms also accept equal neighbours.
template <bool Greater, bool OrEqual>
static val order_chain(const Args &a) {
  for (int i = 0; i + 1 < a.n; ++i) {
    int c = Greater ? less_order(a[i + 1], a[i]) : less_order(a[i], a[i + 1]);
    if (OrEqual ? c > 0 : c >= 0) return nullptr;
  }
  return s_t;
}

// A stable merge sort that stays in bounds whatever the comparison
// answers: a user's function may be inconsistent, or change the sequence
// being sorted (std::stable_sort's unguarded insertion steps assume a
// strict weak order and can then run past the array).
template <class Less>
static void merge_sort(val *items, size_t n, Less &&less) {
  if (n < 2) return;
  val *tmp = static_cast<val *>(gc_scanned(gc_array_bytes(n, sizeof(val))));
  for (size_t width = 1; width < n; width *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * width) {
      size_t mid = std::min(lo + width, n), hi = std::min(lo + 2 * width, n);
      size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) tmp[k++] = less(items[j], items[i]) ? items[j++] : items[i++];
      while (i < mid) tmp[k++] = items[i++];
      while (j < hi) tmp[k++] = items[j++];
    }
    std::copy(tmp, tmp + n, items);
  }
}

static val bi_sort(const Args &a) {
  val seq = a[0];
  val lessf = missing(a[1]) || !a[1] ? nullptr : fun_checked(a[1], a.name());
  val key = a[2];
  std::vector<val, gc_allocator_val> items, conses;
  if (consp(seq)) {
    CycleCheck cycle(seq);
    val l = seq;
    for (; consp(l); cycle.step(l = cdr(l), a.name())) conses.push_back(l);
    if (l) cdr_slow(l);  // an improper list, reported as TXR does ("cdr: 1 is not a cons")
    for (val c : conses) items.push_back(car(c));
  } else {
    SeqIter it(seq, a.name());
    for (val x; it.next(&x);) items.push_back(x);
  }
  merge_sort(items.data(), items.size(), [&](val x, val y) {
    val kx = key_of(key, x), ky = key_of(key, y);
    return lessf ? funcall2(lessf, kx, ky) != nullptr : less_than(kx, ky);
  });
  if (consp(seq)) {
    // The list's own conses, relinked in order: the result is the whole
    // sorted list even when the comparison cut or spliced it meanwhile.
    for (size_t i = 0; i < conses.size(); ++i) {
      rplaca(conses[i], items[i]);
      rplacd(conses[i], i + 1 < conses.size() ? conses[i + 1] : nullptr);
    }
    return seq;
  }
  if (is(seq, T::Vec)) {
    // The comparison may have resized the vector.
    for (size_t i = 0; i < items.size() && i < vec_of(seq)->len; ++i) vec_of(seq)->data[i] = items[i];
    return seq;
  }
  val out = nullptr;
  for (auto p = items.rbegin(); p != items.rend(); ++p) out = cons(*p, out);
  return make_like(out, seq);
}

static val bi_uniq(const Args &a) {
  val seen = make_hash(HashKind::Equal);
  val out = nullptr;
  SeqIter it(a[0], a.name());
  for (val x; it.next(&x);) {
    bool found = false;
    gethash(seen, x, &found);
    if (!found) {
      sethash(seen, x, s_t);
      out = cons(x, out);
    }
  }
  return make_like(nreverse(out), a[0]);
}

static val bi_ref(const Args &a) { return seq_ref(a[0], a[1], a.name()); }
static val bi_refset(const Args &a) { return seq_set(a[0], a[1], a[2], a.name()); }
static val bi_sub(const Args &a) { return seq_sub(a[0], a[1], a[2], a.name()); }

static val bi_empty(const Args &a) {
  if (!a[0]) return s_t;
  if (consp(a[0])) return nullptr;
  if (val f = struct_special(a[0], SM::Nullify)) return boolv(!funcall1(f, a[0]));
  return boolv(seq_length(a[0], a.name()) == 0);
}

static val bi_take(const Args &a) {
  return seq_sub(a[1], mkfix(0), mkfix(std::max<intptr_t>(0, c_fixnum(a[0], a.name()))), a.name());
}
static val bi_drop(const Args &a) {
  intptr_t n = std::max<intptr_t>(0, c_fixnum(a[0], a.name()));
  intptr_t len = seq_length(a[1], a.name());
  return seq_sub(a[1], mkfix(std::min(n, len)), nullptr, a.name());
}

static val bi_copy(const Args &a) {
  val s = a[0];
  if (!s || consp(s)) return append2(s, nullptr);
  if (stringp(s)) return mkstr(sv(s));
  if (is(s, T::Vec) || is(s, T::Buf)) return seq_sub(s, mkfix(0), nullptr, a.name());
  if (is(s, T::Struct)) {
    if (val f = struct_special(s, SM::Copy)) return funcall1(f, s);
    return copy_struct(s);
  }
  return s;
}

// (search haystack needle): index of the first occurrence of needle.
static val bi_search(const Args &a) {
  if (SeqOps *o = ops_of(a[0]); o && o->search) return o->search(a[0], a[1]);
  if (stringp(a[0]) && stringp(a[1])) {
    size_t p = sv(a[0]).find(sv(a[1]));
    return p == std::u32string_view::npos ? nullptr : mkfix(intptr_t(p));
  }
  std::vector<val, gc_allocator_val> hay, needle;
  SeqIter h(a[0], a.name()), n(a[1], a.name());
  for (val x; h.next(&x);) hay.push_back(x);
  for (val x; n.next(&x);) needle.push_back(x);
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                        [&](val x, val y) { return test_match(a[2], x, y); });
  return it == hay.end() && !needle.empty() ? nullptr : mkfix(intptr_t(it - hay.begin()));
}

static val bi_in(const Args &a) {
  SeqIter it(a[1], a.name());
  for (val x; it.next(&x);)
    if (test_match(a[2], a[0], x)) return s_t;
  return nullptr;
}

// Replace obj[from..to) with the items of v.  Vectors and strings change
// in place; a list gets a new list, returned.
static val replace_slice(val obj, val range, val v) {
  Range *r = static_cast<Range *>(range);
  intptr_t len = seq_length(obj, "set");
  intptr_t from = slice_bound(r->from, len, 0, "set"), to = slice_bound(r->to, len, len, "set");
  if (to < from) to = from;
  if (SeqOps *ops = is_ptr(obj) ? seq_ops[int(obj->type)] : nullptr)
    if (ops->replace) {
      ops->replace(obj, v, from, to);
      return obj;
    }
  val items = seq_list(v, "set");
  intptr_t n = fixval(list_length(items, "set"));
  if (!obj || consp(obj))
    return append2(seq_sub(obj, mkfix(0), mkfix(from), "set"), append2(items, seq_sub(obj, mkfix(to), nullptr, "set")));
  if (n == to - from) {
    for (intptr_t i = from; i < to; ++i, items = cdr(items)) seq_set(obj, mkfix(i), car(items), "set");
    return obj;
  }
  if (is(obj, T::Vec)) {
    val all = seq_list(obj, "set");
    val out =
        append2(seq_sub(all, mkfix(0), mkfix(from), "set"), append2(items, seq_sub(all, mkfix(to), nullptr, "set")));
    val nv = vec_from_list(out);
    *vec_of(obj) = *vec_of(nv);
    return obj;
  }
  if (stringp(obj)) {
    std::u32string s(sv(obj));
    std::u32string mid;
    for (val l = items; l; l = cdr(l)) {
      if (!is_chr(car(l))) type_err("set", car(l), "a character");
      mid.push_back(chrval(car(l)));
    }
    s.replace(size_t(from), size_t(to - from), mid);
    val ns = mkstr(s);
    *str_of(obj) = *str_of(ns);
    return obj;
  }
  errorf(s_error, "set: cannot resize a slice of ~s", obj);
}

val dwim_store(val obj, val idx, val v) {
  // (set [1 seq] x) and (set [1..2 seq] x) store into seq
  if ((integerp(obj) || is(obj, T::Range)) && !integerp(idx) && !is(idx, T::Range)) {
    dwim_store(idx, obj, v);
    return obj;
  }
  if (is(obj, T::Struct)) {
    val args[2] = {idx, v};
    struct_lambda_set(obj, args, 2);
    return obj;
  }
  if (is_fixnum(idx) && is_ptr(obj))
    if (SeqOps *ops = seq_ops[int(obj->type)]) {
      ops->set(obj, fixval(idx), v);
      return obj;
    }
  if (hashp(obj)) {
    sethash(obj, idx, v);
    return obj;
  }
  if (is(idx, T::Range)) return replace_slice(obj, idx, v);
  seq_set(obj, idx, v, "set");
  return obj;
}

static val bi_dwim_set(const Args &a) {
  dwim_store(a[0], a[1], a[2]);
  return a[2];
}

// (sys:dwim-del obj index): the sequence without the element or range,
// changed in place where it can be; the caller keeps the result.
static val bi_dwim_del(const Args &a) {
  val obj = a[0], idx = a[1];
  if (hashp(obj)) {
    remhash(obj, idx);
    return obj;
  }
  if (is(idx, T::Range)) return replace_slice(obj, idx, nullptr);
  intptr_t len = seq_length(obj, a.name());
  intptr_t i = norm_index(c_fixnum(idx, a.name()), len, a.name(), obj);
  if (consp(obj)) {
    if (i == 0) return cdr(obj);
    val prev = obj;
    for (intptr_t k = 1; k < i; ++k) prev = cdr(prev);
    rplacd(prev, cdr(cdr(prev)));
    return obj;
  }
  Range r;
  r.type = T::Range;
  r.from = mkfix(i);
  r.to = mkfix(i + 1);
  return replace_slice(obj, &r, nullptr);
}

static const BuiltinDef seq_builtins[] = {
    {"sys:dwim-set", 3, 0, false, bi_dwim_set},
    {"sys:dwim-del", 2, 0, false, bi_dwim_del},
    {"length", 1, 0, false, bi_length},
    {"len", 1, 0, false, bi_length},
    {"reverse", 1, 0, false, bi_reverse},
    {"nreverse", 1, 0, false, bi_nreverse},
    {"mapcar", 2, 0, true, bi_mapcar},
    {"mappend", 2, 0, true, bi_mappend},
    {"mapdo", 2, 0, true, bi_mapdo},
    {"find", 2, 2, false, bi_find},
    {"find-if", 2, 1, false, bi_find_if},
    {"pos", 2, 2, false, bi_pos},
    {"pos-if", 2, 1, false, bi_pos_if},
    {"remove-if", 2, 1, false, bi_remove_if},
    {"keep-if", 2, 1, false, bi_keep_if},
    {"remq", 2, 0, false, bi_remq},
    {"remql", 2, 0, false, bi_remql},
    {"remqual", 2, 0, false, bi_remqual},
    {"count-if", 2, 1, false, bi_count_if},
    {"count", 2, 2, false, bi_count},
    {"some", 1, 2, false, bi_some},
    {"all", 1, 2, false, bi_all},
    {"none", 1, 2, false, bi_none},
    {"reduce-left", 2, 2, false, bi_reduce_left},
    {"reduce-right", 2, 2, false, bi_reduce_right},
    {"sum", 1, 1, false, bi_sum},
    {"prod", 1, 1, false, bi_prod},
    {"tuples", 2, 1, false, bi_tuples},
    {"zip", 0, 0, true, bi_zip},
    {"range", 0, 3, false, bi_range},
    {"range*", 0, 3, false, bi_range_star},
    {"rcons", 2, 0, false, bi_rcons},
    {"from", 1, 0, false, bi_from},
    {"to", 1, 0, false, bi_to},
    {"rangep", 1, 0, false, bi_rangep},
    {"less", 1, 0, true, order_chain<false, false>},
    {"greater", 1, 0, true, order_chain<true, false>},
    {"lequal", 1, 0, true, order_chain<false, true>},
    {"gequal", 1, 0, true, order_chain<true, true>},
    {"sort", 1, 2, false, bi_sort},
    {"uniq", 1, 0, false, bi_uniq},
    {"ref", 2, 0, false, bi_ref},
    {"refset", 3, 0, false, bi_refset},
    {"sub", 1, 2, false, bi_sub},
    {"empty", 1, 0, false, bi_empty},
    {"take", 2, 0, false, bi_take},
    {"drop", 2, 0, false, bi_drop},
    {"copy", 1, 0, false, bi_copy},
    {"search", 2, 1, false, bi_search},
    {"in", 2, 1, false, bi_in},
};

void init_seqs() { register_builtins(seq_builtins); }

}  // namespace tine
