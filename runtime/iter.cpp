// Iteration: SeqIter over every iterable object (lists, vectors, strings,
// bufs, hashes, carrays, trees, numeric, character and string ranges,
// numbers, iterator objects, structs), and the Lisp iterator API on it:
// iter-begin/-more/-item/-step/-reset, copy-iter, iter-cat, seq-begin/-next/
// -reset, list-seq/vec-seq/str-seq, iterable, seqp.
#include "iter.hpp"

#include "lazy.hpp"
#include "number.hpp"
#include "printer.hpp"
#include "seq.hpp"
#include "struct.hpp"

namespace tine {

static SeqOps *ops_of(val s) { return is_ptr(s) ? seq_ops[int(s->type)] : nullptr; }
static Range *range_of(val r) { return static_cast<Range *>(r); }
static SeqIterObj *siter_of(val v) { return static_cast<SeqIterObj *>(v); }
static bool is_unbounded(val to) { return to == s_t || to == s_colon; }
static bool num_or_chr(val v) { return numberp(v) || is_chr(v); }

val succ_of(val v, const char *self) {
  if (is_chr(v)) return mkchr(chrval(v) + 1);
  return num_add(v, mkfix(1));
}

val pred_of(val v, const char *self) {
  if (is_chr(v)) return mkchr(chrval(v) - 1);
  return num_sub(v, mkfix(1));
}

// ---- string ranges -----------------------------------------------------------------------
// "AA".."CC": every position steps independently from its from-character
// toward its to-character, the rightmost fastest.  The state is a vector
// #(from to current) with current a private string.

static void check_str_range(val from, val to, const char *self) {
  if (str_of(from)->len != str_of(to)->len)
    errorf(s_error, "~a: string range ~s..~s has strings of different lengths", self, from, to);
}

static val str_range_state(val from, val to, const char *self) {
  check_str_range(from, to, self);
  val st = make_vec(3, nullptr);
  vec_of(st)->data[0] = from;
  vec_of(st)->data[1] = to;
  vec_of(st)->data[2] = mkstr(sv(from));
  return st;
}

// Steps the current string; false when every position has wrapped.
static bool str_range_step(val st) {
  Str *from = str_of(vec_of(st)->data[0]), *to = str_of(vec_of(st)->data[1]), *cur = str_of(vec_of(st)->data[2]);
  for (size_t k = cur->len; k-- > 0;) {
    if (cur->data[k] != to->data[k]) {
      cur->data[k] += to->data[k] > from->data[k] ? 1 : -1;
      return true;
    }
    cur->data[k] = from->data[k];
  }
  return false;
}

intptr_t str_range_length(val range, const char *self) {
  val from = range_of(range)->from, to = range_of(range)->to;
  check_str_range(from, to, self);
  intptr_t n = 1;
  for (size_t k = 0; k < str_of(from)->len; ++k) {
    intptr_t d = intptr_t(str_of(to)->data[k]) - intptr_t(str_of(from)->data[k]);
    n *= (d < 0 ? -d : d) + 1;
  }
  return n;
}

// ---- SeqIter -------------------------------------------------------------------------------

static void init_range(SeqIter &it, val r, const char *self) {
  val from = range_of(r)->from, to = range_of(r)->to;
  if (stringp(from) && stringp(to)) {
    it.kind = K_STR_RANGE;
    it.cur = str_range_state(from, to, self);
    return;
  }
  if (!num_or_chr(from)) type_err(self, r, "an iterable range");
  if (is_unbounded(to)) {
    it.kind = K_NUM_UP;
    it.cur = from;
    it.seq = nullptr;  // no bound
    return;
  }
  if (!num_or_chr(to)) errorf(s_type_error, "~a: range ~s has a bound that is not a number or character", self, r);
  if (is_fixnum(from) && is_fixnum(to)) {
    it.kind = fixval(from) <= fixval(to) ? K_FIX_UP : K_FIX_DOWN;
    it.i = fixval(from);
    it.n = fixval(to);
    return;
  }
  it.kind = num_cmp(from, to, self) <= 0 ? K_NUM_UP : K_NUM_DOWN;
  it.cur = from;
  it.seq = to;
}

SeqIter::SeqIter(val s, const char *self_) : seq(s), i(0), n(0), kind(K_LIST), cur(s), self(self_), cycle(s) {
  if (!s || consp(s)) return;
  if (is(s, T::Vec)) {
    kind = K_VEC;
    n = intptr_t(vec_of(s)->len);
  } else if (stringp(s)) {
    kind = K_STR;
    n = intptr_t(str_of(s)->len);
  } else if (is(s, T::Buf)) {
    kind = K_BUF;
    n = intptr_t(buf_of(s)->len);
  } else if (is(s, T::Range)) {
    init_range(*this, s, self);
  } else if (numberp(s) || is_chr(s)) {
    kind = K_NUM_UP;
    seq = nullptr;
  } else if (hashp(s)) {
    kind = K_HASH;
  } else if (SeqOps *o = ops_of(s)) {
    kind = K_OPS;
    n = o->length(s);
  } else if (is_ptr(s) && iter_hooks[int(s->type)]) {
    kind = K_ITER;
    cur = iter_hooks[int(s->type)]->begin(s);
  } else if (is(s, T::SeqIter)) {
    kind = K_SEQ_ITER;
    cur = gc_obj<SeqIterObj>(T::SeqIter);
    *siter_of(cur) = *siter_of(s);
    siter_of(cur)->it.detach();
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
    type_err(self, s, "an iterable object");
  }
}

void SeqIter::detach() {
  switch (kind) {
    case K_ITER:
      if (is_ptr(cur) && iter_hooks[int(cur->type)]) cur = iter_hooks[int(cur->type)]->begin(cur);
      break;
    case K_STR_RANGE: {
      Vec *st = vec_of(cur);
      val copy = make_vec(3, nullptr);
      for (int k = 0; k < 3; ++k) vec_of(copy)->data[k] = st->data[k];
      vec_of(copy)->data[2] = mkstr(sv(st->data[2]));
      cur = copy;
      break;
    }
    case K_SEQ_ITER: {
      SeqIterObj *o = gc_obj<SeqIterObj>(T::SeqIter);
      *o = *siter_of(cur);
      o->it.detach();
      cur = o;
      break;
    }
    case K_CAT: {
      if (cur) {
        SeqIterObj *o = gc_obj<SeqIterObj>(T::SeqIter);
        *o = *siter_of(cur);
        o->it.detach();
        cur = o;
      }
      break;
    }
    case K_STRUCT_ITER:
      if (val f = struct_special(cur, SM::Copy)) cur = funcall1(f, cur);
      break;
    default: break;
  }
}

void SeqIter::improper_tail(val atom) { type_err("car", atom, "a cons"); }

bool SeqIter::next_other(val *out) {
  switch (kind) {
    case K_LIST: return next(out);
    case K_LIST_LAZY:
      if (pop_item(cur, *out)) return true;
      if (cur) improper_tail(cur);
      return false;
    case K_VEC:
      if (i >= n || size_t(i) >= vec_of(seq)->len) return false;
      *out = vec_of(seq)->data[i++];
      return true;
    case K_STR:
      if (i >= n || size_t(i) >= str_of(seq)->len) return false;
      *out = mkchr(str_of(seq)->data[i++]);
      return true;
    case K_BUF:
      if (i >= n || size_t(i) >= buf_of(seq)->len) return false;
      *out = mkfix(buf_of(seq)->data[i++]);
      return true;
    case K_FIX_UP:
      if (i >= n) return false;
      *out = mkfix(i++);
      return true;
    case K_FIX_DOWN:
      if (i <= n) return false;
      *out = mkfix(--i);
      return true;
    case K_NUM_UP:
      if (seq ? num_cmp(cur, seq, "iter") >= 0 : (is_chr(cur) && chrval(cur) > 0x10FFFF)) return false;
      *out = cur;
      cur = succ_of(cur, "iter");
      return true;
    case K_NUM_DOWN:
      if (num_cmp(cur, seq, "iter") <= 0) return false;
      cur = pred_of(cur, "iter");
      *out = cur;
      return true;
    case K_STR_RANGE:
      if (i) return false;
      *out = mkstr(sv(vec_of(cur)->data[2]));
      if (!str_range_step(cur)) i = 1;
      return true;
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
    case K_SEQ_ITER: return seq_iter_next(siter_of(cur), out);
    case K_CAT:
      // cur: the iterator of the current part (nil before the first);
      // seq: the parts still to come.
      for (;;) {
        if (cur && seq_iter_next(siter_of(cur), out)) return true;
        if (!seq) return false;
        cur = make_seq_iter(car(seq), "iter-cat");
        seq = cdr(seq);
      }
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

// ---- seq-iter objects ----------------------------------------------------------------------

// A seq-iter object is read one item at a time (lazy lists are made from
// them), so a circular list is an endless source, not an error.
val make_seq_iter(val seq, const char *self) {
  SeqIterObj *o = gc_obj<SeqIterObj>(T::SeqIter);
  o->it = SeqIter(seq, self);
  if (o->it.kind == K_LIST) o->it.kind = K_LIST_LAZY;
  o->peeked = o->have = false;
  o->item = nullptr;
  return o;
}

bool seq_iter_peek(SeqIterObj *o, val *out) {
  if (!o->peeked) {
    o->have = o->it.next(&o->item);
    o->peeked = true;
  }
  *out = o->item;
  return o->have;
}

bool seq_iter_next(SeqIterObj *o, val *out) {
  if (o->peeked) {
    o->peeked = false;
    *out = o->item;
    o->item = nullptr;
    return o->have;
  }
  return o->it.next(out);
}

static val copy_seq_iter(val v) {
  SeqIterObj *o = gc_obj<SeqIterObj>(T::SeqIter);
  *o = *siter_of(v);
  o->it.detach();
  return o;
}

static void print_seq_iter(val obj, std::u32string &out, bool) {
  char buf[48];
  snprintf(buf, sizeof buf, "#<seq-iter: %lx>", (unsigned long)uintptr_t(obj));
  for (const char *p = buf; *p; ++p) out.push_back(char32_t(*p));
}

// ---- predicates ----------------------------------------------------------------------------

bool seqp(val obj) {
  // Ranges count, as in TXR (which treats them as vector-like).
  if (!obj || consp(obj) || stringp(obj) || is(obj, T::Vec) || is(obj, T::Buf) || hashp(obj) || ops_of(obj) ||
      is(obj, T::Range))
    return true;
  return struct_special(obj, SM::Length) || struct_special(obj, SM::Car);
}

bool iterable(val obj) {
  if (seqp(obj) || numberp(obj) || is_chr(obj) || is(obj, T::SeqIter)) return true;
  if (is_ptr(obj) && iter_hooks[int(obj->type)]) return true;
  return struct_special(obj, SM::IterBegin) != nullptr;
}

// ---- ranges as indexed sequences -----------------------------------------------------------

val range_ref(val range, val idx, const char *self) {
  val from = range_of(range)->from, to = range_of(range)->to;
  if (!num_or_chr(from)) errorf(s_type_error, "~a: ~s is not an indexable range", self, range);
  if (!is_fixnum(idx) && !is(idx, T::Big)) type_err(self, idx, "an integer");
  bool up = is_unbounded(to) || num_cmp(from, to, self) <= 0;
  if (!up) errorf(s_type_error, "~a: descending range ~s cannot be indexed", self, range);
  val base = from;
  if (num_cmp(idx, mkfix(0), self) < 0) {
    if (is_unbounded(to)) errorf(s_range_error, "~a: negative index ~s into unbounded range ~s", self, idx, range);
    base = to;
  }
  val x = is_chr(base) ? mkchr(char32_t(chrval(base) + c_int64(idx, self))) : num_add(base, idx);
  if (num_cmp(x, from, self) < 0 || (!is_unbounded(to) && num_cmp(x, to, self) >= 0))
    errorf(s_range_error, "~a: index ~s is out of range for ~s", self, idx, range);
  return x;
}

// ---- builtins ------------------------------------------------------------------------------

// (iter-begin seq): lists and numbers are their own iterators.
static val iter_begin(val s, const char *self) {
  if (!s || consp(s) || numberp(s) || is_chr(s)) return s;
  if (is(s, T::SeqIter)) return copy_seq_iter(s);
  if (val f = struct_special(s, SM::IterBegin)) return funcall1(f, s);
  return make_seq_iter(s, self);
}

static val bi_iter_begin(const Args &a) { return iter_begin(a[0], a.name()); }

static val bi_iter_more(const Args &a) {
  val it = a[0];
  if (!it) return nullptr;
  if (is(it, T::SeqIter)) {
    val x;
    return boolv(seq_iter_peek(siter_of(it), &x));
  }
  if (is_chr(it)) return boolv(chrval(it) < 0x10FFFF);
  if (is(it, T::Struct)) {
    if (val f = struct_special(it, SM::IterMore)) return funcall1(f, it);
  }
  return s_t;
}

static val bi_iter_item(const Args &a) {
  val it = a[0];
  if (!it) return nullptr;
  if (consp(it)) return car(it);
  if (numberp(it) || is_chr(it)) return it;
  if (is(it, T::SeqIter)) {
    val x;
    return seq_iter_peek(siter_of(it), &x) ? x : nullptr;
  }
  if (val f = struct_special(it, SM::IterItem)) return funcall1(f, it);
  if (struct_special(it, SM::Car)) return car_checked(it, a.name());
  type_err(a.name(), it, "an iterator");
}

static val bi_iter_step(const Args &a) {
  val it = a[0];
  if (!it) return nullptr;
  if (consp(it)) {
    val d = cdr(it);
    if (d && !consp(d)) type_err(a.name(), d, "a cons");
    return d;
  }
  if (numberp(it) || is_chr(it)) return succ_of(it, a.name());
  if (is(it, T::SeqIter)) {
    val x;
    seq_iter_next(siter_of(it), &x);
    return it;
  }
  if (val f = struct_special(it, SM::IterStep)) return funcall1(f, it);
  if (struct_special(it, SM::Cdr)) {
    val d = cdr_checked(it, a.name());
    if (val nf = struct_special(d, SM::Nullify)) d = funcall1(nf, d);
    return d;
  }
  type_err(a.name(), it, "an iterator");
}

static val bi_iter_reset(const Args &a) {
  val it = a[0], s = a[1];
  if (val f = struct_special(s, SM::IterReset)) return funcall2(f, s, it);
  if (is(it, T::SeqIter) && s && !consp(s) && !numberp(s) && !is_chr(s) && !is(s, T::SeqIter) && !is(s, T::Struct)) {
    SeqIterObj *o = siter_of(it);
    o->it = SeqIter(s, a.name());
    o->peeked = o->have = false;
    o->item = nullptr;
    return it;
  }
  return iter_begin(s, a.name());
}

static val bi_copy_iter(const Args &a) {
  val it = a[0];
  if (is(it, T::SeqIter)) return copy_seq_iter(it);
  if (is(it, T::Struct)) {
    if (val f = struct_special(it, SM::Copy)) return funcall1(f, it);
    if (struct_special(it, SM::Car)) return it;
    errorf(s_type_error, "~a: ~s has neither a copy nor a car method", a.name(), it);
  }
  return it;
}

static val bi_iter_cat(const Args &a) {
  if (a.n == 0) return nullptr;
  SeqIterObj *o = gc_obj<SeqIterObj>(T::SeqIter);
  o->it = SeqIter();
  o->it.kind = K_CAT;
  val parts = nullptr;
  for (int k = a.n - 1; k >= 0; --k) {
    if (!iterable(a[k])) type_err(a.name(), a[k], "an iterable object");
    parts = cons(a[k], parts);
  }
  o->it.seq = parts;
  o->it.cur = nullptr;
  return o;
}

static val bi_seq_begin(const Args &a) { return make_seq_iter(a[0], a.name()); }

static SeqIterObj *seq_iter_checked(val v, const char *self) {
  if (!is(v, T::SeqIter)) type_err(self, v, "a seq-iter");
  return siter_of(v);
}

static val bi_seq_next(const Args &a) {
  val x;
  return seq_iter_next(seq_iter_checked(a[0], a.name()), &x) ? x : a[1];
}

static val bi_seq_reset(const Args &a) {
  SeqIterObj *o = seq_iter_checked(a[0], a.name());
  o->it = SeqIter(a[1], a.name());
  o->peeked = o->have = false;
  o->item = nullptr;
  return a[0];
}

static val bi_list_seq(const Args &a) { return lazy_seq_list(a[0], a.name()); }

static val bi_vec_seq(const Args &a) {
  val v = make_vec(0, nullptr);
  SeqIter it(a[0], a.name());
  for (val x; it.next(&x);) vec_push(v, x);
  return v;
}

static val bi_str_seq(const Args &a) {
  val s = mkstr(U"");
  SeqIter it(a[0], a.name());
  for (val x; it.next(&x);) {
    if (is_chr(x))
      str_push(s, chrval(x));
    else if (stringp(x))
      str_append(s, sv(x));
    else
      type_err(a.name(), x, "a character or string");
  }
  return s;
}

static val bi_iterable(const Args &a) { return boolv(iterable(a[0])); }
static val bi_seqp(const Args &a) { return boolv(seqp(a[0])); }

static const BuiltinDef iter_builtins[] = {
    {"iter-begin", 1, 0, false, bi_iter_begin},
    {"iter-more", 1, 0, false, bi_iter_more},
    {"iter-item", 1, 0, false, bi_iter_item},
    {"iter-step", 1, 0, false, bi_iter_step},
    {"iter-reset", 2, 0, false, bi_iter_reset},
    {"copy-iter", 1, 0, false, bi_copy_iter},
    {"iter-cat", 0, 0, true, bi_iter_cat},
    {"seq-begin", 1, 0, false, bi_seq_begin},
    {"seq-next", 2, 0, false, bi_seq_next},
    {"seq-reset", 2, 0, false, bi_seq_reset},
    {"list-seq", 1, 0, false, bi_list_seq},
    {"vec-seq", 1, 0, false, bi_vec_seq},
    {"str-seq", 1, 0, false, bi_str_seq},
    {"iterable", 1, 0, false, bi_iterable},
    {"seqp", 1, 0, false, bi_seqp},
};

void init_iter() {
  register_builtins(iter_builtins);
  print_ops[int(T::SeqIter)] = print_seq_iter;
}

}  // namespace tine
