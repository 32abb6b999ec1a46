// Generic sequences: lists, vectors, strings, bufs, ranges, hashes and
// (through SeqOps) foreign types such as carrays.
#include <algorithm>
#include <vector>

#include <cstring>

#include "eval.hpp"
#include "lisp.hpp"
#include "lazy.hpp"
#include "iter.hpp"
#include "nodes.hpp"
#include "seq.hpp"
#include "struct.hpp"
#include "types.hpp"

namespace tine {

SeqOps *seq_ops[64];
IterHooks *iter_hooks[64];
DwimHook dwim_hooks[64];

static SeqOps *ops_of(val s) { return is_ptr(s) ? seq_ops[int(s->type)] : nullptr; }

intptr_t seq_length(val s, const char *self) {
  if (!s || consp(s)) return fixval(list_length(s, self));
  if (is(s, T::Vec)) return intptr_t(vec_of(s)->len);
  if (stringp(s)) return intptr_t(str_of(s)->len);
  if (is(s, T::Buf)) return intptr_t(buf_of(s)->len);
  if (hashp(s)) return intptr_t(hash_count(s));
  if (is(s, T::Range)) return c_fixnum(range_length(s, self), self);
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

// The length of a range: to - from for numbers (TXR's arithmetic, so a
// descending or float range has a negative or fractional length); the
// number of strings of a string range.
val range_length(val r, const char *self) {
  val from = static_cast<Range *>(r)->from, to = static_cast<Range *>(r)->to;
  if (stringp(from) && stringp(to)) return mkfix(str_range_length(r, self));
  if (to == s_t || to == s_colon) errorf(s_type_error, "~a: range ~s is unbounded", self, r);
  if (is_chr(from) && is_chr(to)) return mkfix(intptr_t(chrval(to)) - intptr_t(chrval(from)));
  if (!numberp(from) || !numberp(to)) errorf(s_type_error, "~a: ~s is not a numeric or string range", self, r);
  return num_sub(to, from);
}

// Sequences whose items are reached by walking (lists, ranges, numbers,
// list-like structs) rather than by index.
static bool walked(val s) {
  return !s || consp(s) || is(s, T::Range) || numberp(s) || is_chr(s) || is(s, T::SeqIter) ||
         (is(s, T::Struct) && !struct_special(s, SM::Length) && struct_special(s, SM::Car));
}

// A walked sequence as a list: lists as they are, others lazily.
static val walk_list(val s, const char *self) { return !s || consp(s) ? s : lazy_seq_list(s, self); }

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
  if (is(s, T::Range)) return range_ref(s, idx, self);
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

// A bound of a list slice is negative (counts from the end) or t/nil/:.
static bool from_end(val v) { return is_fixnum(v) && fixval(v) < 0; }

val seq_sub(val s, val from, val to, const char *self) {
  if (walked(s)) {
    // Lists are sliced by walking; the length is needed only for bounds
    // counted from the end, so lazy and infinite lists work.
    val l = walk_list(s, self);
    intptr_t len = from_end(from) || from_end(to) ? fixval(list_length(l, self)) : INTPTR_MAX;
    intptr_t a = slice_bound(from, len, 0, self), b = slice_bound(to, len, len, self);
    ListBuilder out;
    intptr_t i = 0;
    for (val x; i < b && pop_item(l, x); ++i)
      if (i >= a) out.add(x);
    return out.head;
  }
  intptr_t len = seq_length(s, self);
  intptr_t a = slice_bound(from, len, 0, self), b = slice_bound(to, len, len, self);
  if (b < a) b = a;
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
  if (is(s, T::Struct)) {  // vector-like structs: by index, then from-list
    ListBuilder out;
    for (intptr_t i = a; i < b; ++i) out.add(seq_ref(s, mkfix(i), self));
    return make_like(out.head, s);
  }
  type_err(self, s, "a sliceable sequence");
}

// Build a result of the same kind as the model sequence, from a list: a
// vector, a string or buf when every item fits, a struct through its
// from-list; else the list itself.  (Only make-like itself makes carrays:
// mapcar and friends give lists for them, as TXR's do.)
val make_like(val items, val model) {
  if (is(model, T::SeqIter)) model = static_cast<SeqIterObj *>(model)->it.seq;
  if (is(model, T::Vec)) return vec_from_list(items);
  if (stringp(model)) {
    std::u32string out;
    for (val l = items; consp(l); l = cdr(l)) {
      if (!is_chr(car(l))) return items;
      out.push_back(chrval(car(l)));
    }
    return mkstr(out);
  }
  if (is(model, T::Buf)) {
    std::string out;
    for (val l = items; consp(l); l = cdr(l)) {
      val x = car(l);
      if (!integerp(x)) return items;
      if (!is_fixnum(x) || fixval(x) < 0 || fixval(x) > 255) range_err("make-like", "byte value out of range:", x);
      out.push_back(char(fixval(x)));
    }
    return buf_from(out.data(), out.size());
  }
  if (val f = struct_special(model, SM::FromList)) return funcall1(f, items);
  return items;
}

// ---- builtins -----------------------------------------------------------------

static val bi_length(const Args &a) {
  if (is(a[0], T::Range)) return range_length(a[0], a.name());
  return mkfix(seq_length(a[0], a.name()));
}

// (length-< seq n): without walking a list further than n.
static val bi_length_lt(const Args &a) {
  val s = a[0];
  if (!s || consp(s)) {
    intptr_t n = c_fixnum(a[1], a.name());
    for (intptr_t i = 0; i < n; ++i)
      if (!pop_cell(s)) return s_t;
    return nullptr;
  }
  if (is(s, T::Struct)) {
    if (val f = struct_special(s, SM::LengthLt)) return funcall2(f, s, a[1]);
  }
  val len = is(s, T::Range) ? range_length(s, a.name()) : mkfix(seq_length(s, a.name()));
  return boolv(num_cmp(len, a[1], a.name()) < 0);
}

static val bi_make_like(const Args &a) {
  val items = a[0] && !consp(a[0]) ? seq_list(a[0], a.name()) : a[0];
  if (is(a[1], T::CArray)) {
    val args[3] = {items, funcall1(global_fun(intern("carray-type")), a[1]), nullptr};
    return funcall(global_fun(intern("carray-list")), args, 3);
  }
  return make_like(items, a[1]);
}

static val bi_seq_like(const Args &a) {
  ListBuilder b;
  for (int i = 1; i < a.n; ++i) b.add(a[i]);
  return make_like(b.head, a[0]);
}

// (rangeref range idx-or-seq)
static val bi_rangeref(const Args &a) {
  if (!is(a[0], T::Range)) type_err(a.name(), a[0], "a range");
  if (integerp(a[1])) return range_ref(a[0], a[1], a.name());
  Range *r = static_cast<Range *>(a[0]);
  return seq_sub(a[1], r->from, r->to, a.name());
}

static val in_range(const Args &a, bool inclusive) {
  if (!is(a[0], T::Range)) type_err(a.name(), a[0], "a range");
  Range *r = static_cast<Range *>(a[0]);
  val x = a[1];
  if (!(r->from == x || equal(r->from, x) || less_than(r->from, x))) return nullptr;
  if (inclusive) return boolv(x == r->to || equal(x, r->to) || less_than(x, r->to));
  return boolv(less_than(x, r->to));
}

static val bi_in_range(const Args &a) { return in_range(a, true); }
static val bi_in_range_star(const Args &a) { return in_range(a, false); }

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

static val bi_ref(const Args &a) {
  if (is(a[0], T::Range) && !integerp(a[1])) return bi_rangeref(a);
  return seq_ref(a[0], a[1], a.name());
}
static val bi_refset(const Args &a) { return seq_set(a[0], a[1], a[2], a.name()); }
static val bi_sub(const Args &a) { return seq_sub(a[0], a[1], a[2], a.name()); }

static bool seq_empty(val s, const char *self) {
  if (!s) return true;
  if (consp(s)) return false;
  if (is(s, T::Struct)) {
    if (val f = struct_special(s, SM::Nullify)) return !funcall1(f, s);
  }
  if (is(s, T::Range)) {
    Range *r = static_cast<Range *>(s);
    if (r->to == s_t || r->to == s_colon) return false;
    return equal(r->from, r->to);
  }
  if (hashp(s)) return hash_count(s) == 0;
  return seq_length(s, self) == 0;
}

static val bi_empty(const Args &a) { return boolv(seq_empty(a[0], a.name())); }

// (nullify seq): nil for an empty sequence, else the sequence.
static val bi_nullify(const Args &a) {
  if (is(a[0], T::Struct)) {
    if (val f = struct_special(a[0], SM::Nullify)) return funcall1(f, a[0]);
  }
  if (!seqp(a[0]) && !is(a[0], T::Range)) return a[0];
  return seq_empty(a[0], a.name()) ? nullptr : a[0];
}

static void check_takeable(val s, const char *self) {
  if (hashp(s)) errorf(s_type_error, "~a: hashes not supported", self);
  if (numberp(s) || is_chr(s)) type_err(self, s, "a sequence");
}

// (take n seq): lists (and ranges) give a lazy list, other sequences a slice.
static val bi_take(const Args &a) {
  intptr_t n = std::max<intptr_t>(0, c_fixnum(a[0], a.name()));
  val s = a[1];
  check_takeable(s, a.name());
  if (walked(s)) return lazy_take(n, s, a.name());
  return seq_sub(s, mkfix(0), mkfix(std::min(n, seq_length(s, a.name()))), a.name());
}

// (drop n seq): a list's own tail; slices of other sequences.
static val bi_drop(const Args &a) {
  intptr_t n = std::max<intptr_t>(0, c_fixnum(a[0], a.name()));
  val s = a[1];
  check_takeable(s, a.name());
  if (walked(s)) {
    val l = walk_list(s, a.name());
    for (; n > 0 && pop_cell(l); --n) {
    }
    return l;
  }
  intptr_t len = seq_length(s, a.name());
  return seq_sub(s, mkfix(std::min(n, len)), nullptr, a.name());
}

// The index of the first item satisfying (or, with until, the item after
// it, which ends the prefix) for take-while/-until and drop-while/-until on
// indexed sequences; len when none.
static intptr_t prefix_end(val pred, val s, val keyf, bool until, const char *self) {
  intptr_t i = 0;
  SeqIter it(s, self);
  for (val x; it.next(&x); ++i) {
    bool hit = funcall1(pred, apply_key(keyf, x)) != nullptr;
    if (until ? hit : !hit) return until ? i + 1 : i;
  }
  return i;
}

static val take_while(const Args &a, bool until) {
  val pred = fun_checked(a[0], a.name()), keyf = opt_fun(a[2], a.name());
  check_takeable(a[1], a.name());
  if (walked(a[1])) return lazy_take_while(pred, a[1], keyf, until, a.name());
  return seq_sub(a[1], mkfix(0), mkfix(prefix_end(pred, a[1], keyf, until, a.name())), a.name());
}

static val drop_while(const Args &a, bool until) {
  val pred = fun_checked(a[0], a.name()), keyf = opt_fun(a[2], a.name());
  val s = a[1];
  check_takeable(s, a.name());
  if (walked(s)) {
    val l = walk_list(s, a.name());
    for (val p = l; consp(p); p = cdr(p)) {
      bool hit = funcall1(pred, apply_key(keyf, car(p))) != nullptr;
      if (until && hit) return cdr(p);
      if (!until && !hit) return p;
    }
    return nullptr;
  }
  intptr_t len = seq_length(s, a.name());
  intptr_t k = prefix_end(pred, s, keyf, until, a.name());
  if (until && k == len) k = len;  // no item satisfied: everything goes
  return seq_sub(s, mkfix(k), nullptr, a.name());
}

static val bi_take_while(const Args &a) { return take_while(a, false); }
static val bi_take_until(const Args &a) { return take_while(a, true); }
static val bi_drop_while(const Args &a) { return drop_while(a, false); }
static val bi_drop_until(const Args &a) { return drop_while(a, true); }

val seq_copy(val s, const char *self) {
  if (!s) return nullptr;
  if (consp(s)) return append2(s, nullptr);
  if (stringp(s)) return mkstr(sv(s));
  if (is(s, T::Vec) || is(s, T::Buf)) return seq_sub(s, mkfix(0), nullptr, self);
  if (is(s, T::Range)) return vec_from_list(seq_list(s, self));
  if (is(s, T::Struct)) {
    if (val f = struct_special(s, SM::Copy)) return funcall1(f, s);
    return copy_struct(s);
  }
  const char *fn = hashp(s)              ? "copy-hash"
                   : is(s, T::Tree)      ? "copy-search-tree"
                   : is(s, T::CArray)    ? "copy-carray"
                   : is(s, T::SeqIter)   ? "copy-iter"
                   : is(s, T::RandState) ? "make-random-state"
                                         : nullptr;
  if (!fn) errorf(s_type_error, "~a: cannot copy object of type ~s", self, type_of(s));
  return funcall1(global_fun(intern(fn)), s);
}

static val bi_copy(const Args &a) { return seq_copy(a[0], a.name()); }

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
  // The new items; a list may end in another sequence whose items follow
  // (car and cdr go on into it), as in (push x [vec 1..2]).
  ListBuilder ib;
  val rest = v;
  if (!rest || consp(rest)) rest = ib.add_list(rest, "set");
  if (rest) {
    SeqIter it(rest, "set");
    for (val x; it.next(&x);) ib.add(x);
  }
  val items = ib.head;
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

// (sys:dwim-store obj index value): the sequence after the store, which
// for a slice of a list is a new list (the mref place stores it back).
static val bi_dwim_store(const Args &a) { return dwim_store(a[0], a[1], a[2]); }

// (replace seq items [from [to]]) or (replace seq items index-seq).
static val bi_replace(const Args &a) {
  val seq = a[0], items = a[1];
  if (!missing(a[2]) && a[2] && seqp(a[2]) && !is(a[2], T::Range)) {
    // Index form: overwrite the indicated items; indices beyond the
    // replacement's items are deleted.
    intptr_t len = seq_length(seq, a.name());
    ListBuilder keep;
    std::vector<intptr_t> idx;
    SeqIter it(a[2], a.name());
    for (val x; it.next(&x);) {
      intptr_t i = c_fixnum(x, a.name());
      if (i < 0) i += len;
      if (i < 0 || i >= len) break;
      idx.push_back(i);
    }
    std::vector<val, gc_allocator_val> cur;
    SeqIter st(seq, a.name());
    for (val x; st.next(&x);) cur.push_back(x);
    std::vector<bool> del(cur.size(), false);
    SeqIter rt(items, a.name());
    for (intptr_t i : idx) {
      val x;
      if (rt.next(&x))
        cur[size_t(i)] = x;
      else
        del[size_t(i)] = true;
    }
    bool any_del = false;
    for (bool d : del) any_del |= d;
    if (!any_del && (consp(seq) || is(seq, T::Vec) || stringp(seq) || is(seq, T::Buf))) {
      for (intptr_t i : idx) seq_set(seq, mkfix(i), cur[size_t(i)], a.name());
      return seq;
    }
    for (size_t i = 0; i < cur.size(); ++i)
      if (!del[i]) keep.add(cur[i]);
    Range r;
    r.type = T::Range;
    r.from = mkfix(0);
    r.to = s_t;
    return replace_slice(seq, &r, keep.head);
  }
  Range r;
  r.type = T::Range;
  if (is(a[2], T::Range)) {
    r.from = static_cast<Range *>(a[2])->from;
    r.to = static_cast<Range *>(a[2])->to;
  } else {
    r.from = missing(a[2]) || !a[2] ? mkfix(0) : a[2];
    r.to = missing(a[3]) ? s_t : a[3];
  }
  return replace_slice(seq, &r, items);
}

// (update seq fun): every item (a hash's values) replaced by (fun item).
static val bi_update(const Args &a) {
  val seq = a[0], f = fun_checked(a[1], a.name());
  if (hashp(seq)) {
    size_t c = 0;
    val k, v;
    while (hash_next(seq, &c, &k, &v)) sethash(seq, k, funcall1(f, v));
    return seq;
  }
  if (consp(seq)) {
    for (val l = seq; consp(l); l = cdr(l)) rplaca(l, funcall1(f, car(l)));
    return seq;
  }
  intptr_t n = seq_length(seq, a.name());
  for (intptr_t i = 0; i < n; ++i) seq_set(seq, mkfix(i), funcall1(f, seq_ref(seq, mkfix(i), a.name())), a.name());
  return seq;
}

// (mref obj index*): each index applied to what the previous one gave, as
// a call of a callable object ([[obj i] j] ...).
static val bi_mref(const Args &a) {
  val acc = a[0];
  for (int i = 1; i < a.n; ++i) acc = dwim_apply(acc, const_cast<val *>(&a.v[i]), 1);
  return acc;
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
    {"sys:dwim-store", 3, 0, false, bi_dwim_store},
    {"replace", 2, 2, false, bi_replace},
    {"update", 2, 0, false, bi_update},
    {"mref", 1, 0, true, bi_mref},
    {"length", 1, 0, false, bi_length},
    {"len", 1, 0, false, bi_length},
    {"reverse", 1, 0, false, bi_reverse},
    {"nreverse", 1, 0, false, bi_nreverse},
    {"rcons", 2, 0, false, bi_rcons},
    {"from", 1, 0, false, bi_from},
    {"to", 1, 0, false, bi_to},
    {"rangep", 1, 0, false, bi_rangep},
    {"ref", 2, 0, false, bi_ref},
    {"refset", 3, 0, false, bi_refset},
    {"sub", 1, 2, false, bi_sub},
    {"empty", 1, 0, false, bi_empty},
    {"nullify", 1, 0, false, bi_nullify},
    {"length-<", 2, 0, false, bi_length_lt},
    {"make-like", 2, 0, false, bi_make_like},
    {"seq-like", 1, 0, true, bi_seq_like},
    {"rangeref", 2, 0, false, bi_rangeref},
    {"in-range", 2, 0, false, bi_in_range},
    {"in-range*", 2, 0, false, bi_in_range_star},
    {"take-while", 2, 1, false, bi_take_while},
    {"take-until", 2, 1, false, bi_take_until},
    {"drop-while", 2, 1, false, bi_drop_while},
    {"drop-until", 2, 1, false, bi_drop_until},
    {"take", 2, 0, false, bi_take},
    {"drop", 2, 0, false, bi_drop},
    {"copy", 1, 0, false, bi_copy},
};

void init_seqs() { register_builtins(seq_builtins); }

}  // namespace tine
