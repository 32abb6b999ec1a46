// The list library of the manual's List Manipulation and Association Lists
// sections: append and nconc by their catenation rules, revappend, sub-list,
// replace-list, tailp, the c[ad]r family to five levels, cyr/cxr, flatten
// and flatcar, tree-find/cons-find/cons-count, the member/rmember families,
// alists and pairlis.
#include <cstring>
#include <vector>

#include "eval.hpp"
#include "iter.hpp"
#include "lazy.hpp"
#include "seq.hpp"

namespace tine {

static bool same_eq(val a, val b) { return a == b; }

// ---- append and nconc ------------------------------------------------------------------------

// Catenates a non-list sequence with obj (a sequence of compatible items,
// or one item) into the same kind of sequence.
static val append_to_seq(val seq, val obj, const char *self) {
  if (!seqp(seq)) errorf(s_type_error, "~a: cannot append to ~s", self, seq);
  ListBuilder b;
  SeqIter it(seq, self);
  for (val x; it.next(&x);) b.add(x);
  if (seqp(obj)) {
    SeqIter jt(obj, self);
    for (val x; jt.next(&x);) b.add(x);
  } else {
    b.add(obj);
  }
  // Items that cannot be elements of seq's kind give a list, as in TXR
  // (its manual calls (append "ab" '(3)) an error; TXR returns a list).
  return make_like(b.head, seq);
}

// (append a b): lists are copied and end in b; the atom ending an
// improper list, or a non-list a, catenates with b.
static val append_two(val a, val b, const char *self) {
  if (!a) return b;
  if (consp(a)) {
    ListBuilder out;
    val tail = out.add_list(a, self);
    out.set_tail(tail ? append_to_seq(tail, b, self) : b);
    return out.head;
  }
  if (!b) {
    if (!seqp(a)) errorf(s_type_error, "~a: cannot append to ~s", self, a);
    return a;
  }
  return append_to_seq(a, b, self);
}

static val bi_append(const Args &a) {
  if (a.n == 0) return nullptr;
  val out = a[0];
  for (int i = 1; i < a.n; ++i) out = append_two(out, a[i], a.name());
  return out;
}

// nconc: like append, reusing the conses of the lists.
static val bi_nconc(const Args &a) {
  if (a.n == 0) return nullptr;
  val out = a[0];
  for (int i = 1; i < a.n; ++i) {
    val b = a[i];
    if (!out) {
      out = b;
      continue;
    }
    if (!consp(out)) {
      out = append_two(out, b, a.name());
      continue;
    }
    val last = out;
    for (CycleCheck cycle(last); consp(cdr(last)); cycle.step(last, a.name())) last = cdr(last);
    val tail = cdr(last);
    rplacd(last, tail ? append_to_seq(tail, b, a.name()) : b);
  }
  return out;
}

static val bi_revappend(const Args &a) {
  val out = a[1];
  SeqIter it(a[0], a.name());
  for (val x; it.next(&x);) out = cons(x, out);
  return out;
}

static val bi_nreconc(const Args &a) {
  if (!consp(a[0])) return bi_revappend(a);
  val l = a[0], out = a[1];
  while (consp(l)) {
    val next = cdr(l);
    rplacd(l, out);
    out = l;
    l = next;
  }
  return out;
}

// ---- sub-lists ---------------------------------------------------------------------------------

static intptr_t list_len_of(val l) {
  intptr_t n = 0;
  while (pop_cell(l)) ++n;
  return n;
}

static val bi_sub_list(const Args &a) {
  val l = a[0];
  intptr_t len = list_len_of(l);
  intptr_t from = slice_bound(a[1], len, 0, a.name()), to = slice_bound(a[2], len, len, a.name());
  ListBuilder b;
  intptr_t i = 0;
  for (val x; i < to && pop_item(l, x); ++i)
    if (i >= from) b.add(x);
  return b.head;
}

// (replace-list list items [from [to]]): list[from..to) replaced by items,
// in place where the lengths allow; returns the list.
static val bi_replace_list(const Args &a) {
  val l = a[0];
  intptr_t len = list_len_of(l);
  val items = seq_list(a[1], a.name());
  intptr_t from, to;
  if (is(a[2], T::Range)) {
    from = slice_bound(static_cast<Range *>(a[2])->from, len, 0, a.name());
    to = slice_bound(static_cast<Range *>(a[2])->to, len, len, a.name());
  } else {
    from = slice_bound(a[2], len, 0, a.name());
    to = slice_bound(a[3], len, len, a.name());
  }
  if (to < from) to = from;
  ListBuilder b;
  val p = l;
  for (intptr_t i = 0; i < from && consp(p); ++i, p = cdr(p)) b.add(car(p));
  b.add_list(items);
  for (intptr_t i = from; i < to && consp(p); ++i) p = cdr(p);
  b.set_tail(p);
  return b.head;
}

static val bi_proper_list_p(const Args &a) {
  val l = a[0];
  while (pop_cell(l)) {
  }
  return boolv(!l);
}

static val bi_endp(const Args &a) {
  if (!a[0]) return s_t;
  if (consp(a[0])) return nullptr;
  errorf(s_type_error, "~a: list improperly terminated by ~s", a.name(), a[0]);
}

static val bi_length_list(const Args &a) { return mkfix(list_len_of(a[0])); }

static val bi_length_list_lt(const Args &a) {
  intptr_t n = c_fixnum(a[1], a.name());
  val l = a[0];
  for (intptr_t i = 0; i < n; ++i)
    if (!pop_cell(l)) return s_t;
  return nullptr;
}

static val bi_copy_cons(const Args &a) {
  val c = a[0];
  if (lconsp(c)) return make_lazy_cons(static_cast<LCons *>(c)->func, lcons_car_raw(c), lcons_cdr_raw(c));
  if (!consp(c)) type_err(a.name(), c, "a cons");
  return cons(car(c), cdr(c));
}

// copy-tree: cars recursively, the spine iteratively; lazy conses are
// copied unforced, with their update function.
static val copy_tree(val t) {
  if (!consp(t)) return t;
  check_stack_depth();
  ListBuilder b;
  while (consp(t)) {
    if (lconsp(t)) {
      val c = make_lazy_cons(static_cast<LCons *>(t)->func, copy_tree(lcons_car_raw(t)), nullptr);
      b.set_tail(c);
      b.tail = c;
      if (!b.head) b.head = c;
      t = lcons_cdr_raw(t);
      continue;
    }
    b.add(copy_tree(car(t)));
    t = cdr(t);
  }
  b.set_tail(t);
  return b.head;
}

static val bi_copy_tree(const Args &a) { return copy_tree(a[0]); }

static val bi_butlastn(const Args &a) {
  intptr_t n = c_fixnum(a[0], a.name());
  val l = a[1];
  if (n <= 0) return l;
  intptr_t len = list_len_of(l);
  ListBuilder b;
  for (intptr_t i = 0; i < len - n; ++i) b.add(car(l)), l = cdr(l);
  return b.head;
}

static val bi_tailp(const Args &a) {
  val obj = a[0], l = a[1];
  for (;;) {
    if (obj == l) return s_t;
    if (!consp(l)) return nullptr;
    l = cdr(l);
  }
}

// ---- c[ad]r to five levels, cyr, cxr ----------------------------------------------------------

// Every c[ad]{2..5}r builtin is this function: its name spells the path,
// applied right to left.
static val cxr_by_name(const Args &a) {
  const char *name = a.name();
  size_t n = strlen(name);
  val v = a[0];
  for (size_t i = n - 1; i-- > 1;) v = name[i] == 'a' ? car_checked(v, "car") : cdr_checked(v, "cdr");
  return v;
}

// The address's bits after its leading 1 say car (1) or cdr (0).
static val cyr_cxr(val addr, val obj, bool msb_first, const char *self) {
  if (!is_fixnum(addr) || fixval(addr) < 1) type_err(self, addr, "a positive integer");
  uintptr_t bits = uintptr_t(fixval(addr));
  int top = 63 - __builtin_clzll(bits);
  for (int k = 0; k < top; ++k) {
    int bit = msb_first ? top - 1 - k : k;
    obj = (bits >> bit) & 1 ? car_checked(obj, "car") : cdr_checked(obj, "cdr");
  }
  return obj;
}

static val bi_cyr(const Args &a) { return cyr_cxr(a[0], a[1], true, a.name()); }
static val bi_cxr(const Args &a) { return cyr_cxr(a[0], a[1], false, a.name()); }

// ---- flattening ---------------------------------------------------------------------------------

static void flatten_into(ListBuilder &b, val l, const char *self) {
  check_stack_depth();
  CycleCheck cycle(l);
  for (val x; pop_item(l, x); cycle.step(l, self)) {
    if (consp(x))
      flatten_into(b, x, self);
    else if (x)
      b.add(x);
  }
  if (l) type_err("car", l, "a cons");  // as TXR reports an improper list
}

static val bi_flatten(const Args &a) {
  if (!consp(a[0])) return a[0] ? cons(a[0], nullptr) : nullptr;
  ListBuilder b;
  flatten_into(b, a[0], a.name());
  return b.head;
}

static void flatcar_into(ListBuilder &b, val t) {
  check_stack_depth();
  while (consp(t)) {
    val x = car(t);
    if (consp(x))
      flatcar_into(b, x);
    else
      b.add(x);
    t = cdr(t);
  }
  if (t) b.add(t);
}

static val bi_flatcar(const Args &a) {
  if (!consp(a[0])) return cons(a[0], nullptr);
  ListBuilder b;
  flatcar_into(b, a[0]);
  return b.head;
}

// ---- searching trees ------------------------------------------------------------------------------

static bool test2(val test, val x, val y) { return test ? funcall2(test, x, y) != nullptr : equal(x, y); }

static bool tree_find(val obj, val tree, val test) {
  if (test2(test, obj, tree)) return true;
  if (!consp(tree)) return false;
  check_stack_depth();
  for (val x; pop_item(tree, x);)
    if (tree_find(obj, x, test)) return true;
  return false;
}

static bool cons_find(val obj, val tree, val test) {
  for (;;) {
    if (test2(test, obj, tree)) return true;
    if (!consp(tree)) return false;
    check_stack_depth();
    if (cons_find(obj, car(tree), test)) return true;
    tree = cdr(tree);
  }
}

static intptr_t cons_count(val obj, val tree, val test) {
  intptr_t n = 0;
  for (;;) {
    if (test2(test, obj, tree)) return n + 1;
    if (!consp(tree)) return n;
    check_stack_depth();
    n += cons_count(obj, car(tree), test);
    tree = cdr(tree);
  }
}

static val bi_tree_find(const Args &a) { return boolv(tree_find(a[0], a[1], opt_fun(a[2], a.name()))); }
static val bi_cons_find(const Args &a) { return boolv(cons_find(a[0], a[1], opt_fun(a[2], a.name()))); }
static val bi_cons_count(const Args &a) { return mkfix(cons_count(a[0], a[1], opt_fun(a[2], a.name()))); }

// ---- member and friends -----------------------------------------------------------------------

// The suffix of seq from its first (or last) item matching, or nil: for a
// list its tail, for other sequences the rest of the sequence.
template <class Match>
static val member_by(val seq, bool rightmost, const char *self, Match &&match) {
  if (!seq || consp(seq) || !seqp(seq)) {
    val found = nullptr, l = seq;
    for (CycleCheck cycle(l); consp(l); cycle.step(l = cdr(l), self)) {
      if (match(car(l))) {
        if (!rightmost) return l;
        found = l;
      }
    }
    if (l) type_err("car", l, "a cons");  // an improper list's terminator, as TXR reports it
    return found;
  }
  intptr_t i = 0, at = -1;
  SeqIter it(seq, self);
  for (val x; it.next(&x); ++i)
    if (match(x)) {
      at = i;
      if (!rightmost) break;
    }
  if (at < 0) return nullptr;
  val rest = seq_sub(seq, mkfix(at), nullptr, self);
  return rest;
}

static val memq_like(const Args &a, bool (*same)(val, val), bool rightmost) {
  return member_by(a[1], rightmost, a.name(), [&](val x) { return same(a[0], x); });
}

static val bi_memq(const Args &a) { return memq_like(a, same_eq, false); }
static val bi_memql(const Args &a) { return memq_like(a, eql, false); }
static val bi_memqual(const Args &a) { return memq_like(a, equal, false); }
static val bi_rmemq(const Args &a) { return memq_like(a, same_eq, true); }
static val bi_rmemql(const Args &a) { return memq_like(a, eql, true); }
static val bi_rmemqual(const Args &a) { return memq_like(a, equal, true); }

static val member_fn(const Args &a, bool rightmost) {
  val test = opt_fun(a[2], a.name()), keyf = opt_fun(a[3], a.name());
  return member_by(a[1], rightmost, a.name(), [&](val x) { return test2(test, a[0], apply_key(keyf, x)); });
}

static val member_if_fn(const Args &a, bool rightmost) {
  val pred = fun_checked(a[0], a.name()), keyf = opt_fun(a[2], a.name());
  return member_by(a[1], rightmost, a.name(), [&](val x) { return funcall1(pred, apply_key(keyf, x)) != nullptr; });
}

static val bi_member(const Args &a) { return member_fn(a, false); }
static val bi_rmember(const Args &a) { return member_fn(a, true); }
static val bi_member_if(const Args &a) { return member_if_fn(a, false); }
static val bi_rmember_if(const Args &a) { return member_if_fn(a, true); }

static val bi_conses(const Args &a) {
  ListBuilder b;
  for (val l = a[0]; consp(l); l = cdr(l)) b.add(l);
  return b.head;
}

// ---- association lists ------------------------------------------------------------------------

static val assoc_by(val key, val alist, bool (*same)(val, val), bool by_value, const char *self) {
  CycleCheck cycle(alist);
  for (val pair; pop_item(alist, pair); cycle.step(alist, self))
    if (consp(pair) && same(key, by_value ? cdr(pair) : car(pair))) return pair;
  return nullptr;
}

static val bi_assoc(const Args &a) { return assoc_by(a[0], a[1], equal, false, a.name()); }
static val bi_assq(const Args &a) { return assoc_by(a[0], a[1], same_eq, false, a.name()); }
static val bi_assql(const Args &a) { return assoc_by(a[0], a[1], eql, false, a.name()); }
static val bi_rassoc(const Args &a) { return assoc_by(a[0], a[1], equal, true, a.name()); }
static val bi_rassq(const Args &a) { return assoc_by(a[0], a[1], same_eq, true, a.name()); }
static val bi_rassql(const Args &a) { return assoc_by(a[0], a[1], eql, true, a.name()); }
static val bi_acons(const Args &a) { return cons(cons(a[0], a[1]), a[2]); }

static val acons_new(const Args &a, bool (*same)(val, val)) {
  if (val pair = assoc_by(a[0], a[2], same, false, a.name())) {
    rplacd(pair, a[1]);
    return a[2];
  }
  return cons(cons(a[0], a[1]), a[2]);
}

static val bi_acons_new(const Args &a) { return acons_new(a, equal); }
static val bi_aconsql_new(const Args &a) { return acons_new(a, eql); }

static bool key_listed(const Args &a, val pair) {
  if (!consp(pair)) return false;
  for (int i = 1; i < a.n; ++i)
    if (equal(car(pair), a[i])) return true;
  return false;
}

static val bi_alist_remove(const Args &a) {
  ListBuilder b;
  for (val l = a[0], pair; pop_item(l, pair);)
    if (!key_listed(a, pair)) b.add(pair);
  return b.head;
}

static val bi_alist_nremove(const Args &a) {
  val head = a[0], prev = nullptr;
  for (val l = head; consp(l); l = cdr(l)) {
    if (key_listed(a, car(l))) {
      if (prev)
        rplacd(prev, cdr(l));
      else
        head = cdr(l);
    } else {
      prev = l;
    }
  }
  return head;
}

static val bi_copy_alist(const Args &a) {
  ListBuilder b;
  for (val l = a[0], pair; pop_item(l, pair);) b.add(consp(pair) ? cons(car(pair), cdr(pair)) : pair);
  return b.head;
}

static val bi_pairlis(const Args &a) {
  ListBuilder b;
  SeqIter ks(a[0], a.name()), vs(a[1], a.name());
  for (val k, v; ks.next(&k) && vs.next(&v);) b.add(cons(k, v));
  b.set_tail(missing(a[2]) ? nullptr : a[2]);
  return b.head;
}

// ---- ldiff ------------------------------------------------------------------------------------

static bool vector_like(val s) { return is(s, T::Vec) || stringp(s) || is(s, T::Buf) || is(s, T::CArray); }

// (ldiff seq tail): the items of seq before its suffix tail (a cons of
// seq, the atom ending it, or for vector-like sequences an equal suffix).
static val bi_ldiff(const Args &a) {
  val seq = a[0], tail = a[1];
  if (!tail) return seq;
  if (consp(seq)) {
    ListBuilder b;
    val l = seq;
    CycleCheck cycle(l);
    for (; consp(l); cycle.step(l = cdr(l), a.name())) {
      if (l == tail) return b.head;
      b.add(car(l));
    }
    if (!consp(tail) && equal(l, tail)) return b.head;
    return seq;
  }
  if (vector_like(seq) && vector_like(tail)) {
    intptr_t n = seq_length(seq, a.name()), k = seq_length(tail, a.name());
    if (k == 0) return seq;
    if (k <= n && equal(seq_sub(seq, mkfix(n - k), nullptr, a.name()), tail))
      return seq_sub(seq, mkfix(0), mkfix(n - k), a.name());
    return seq;
  }
  return equal(seq, tail) ? nullptr : seq;
}

// ---- positional accessors ----------------------------------------------------------------------

template <int N>
static val nth_item(const Args &a) {
  return seq_ref(a[0], mkfix(N), a.name());
}

static const BuiltinDef listlib_builtins[] = {
    {"append", 0, 0, true, bi_append},
    {"nconc", 0, 0, true, bi_nconc},
    {"revappend", 2, 0, false, bi_revappend},
    {"nreconc", 2, 0, false, bi_nreconc},
    {"sub-list", 1, 2, false, bi_sub_list},
    {"replace-list", 2, 2, false, bi_replace_list},
    {"proper-list-p", 1, 0, false, bi_proper_list_p},
    {"proper-listp", 1, 0, false, bi_proper_list_p},
    {"endp", 1, 0, false, bi_endp},
    {"length-list", 1, 0, false, bi_length_list},
    {"length-list-<", 2, 0, false, bi_length_list_lt},
    {"copy-cons", 1, 0, false, bi_copy_cons},
    {"copy-tree", 1, 0, false, bi_copy_tree},
    {"butlastn", 2, 0, false, bi_butlastn},
    {"tailp", 2, 0, false, bi_tailp},
    {"cyr", 2, 0, false, bi_cyr},
    {"cxr", 2, 0, false, bi_cxr},
    {"flatten", 1, 0, false, bi_flatten},
    {"flatcar", 1, 0, false, bi_flatcar},
    {"tree-find", 2, 1, false, bi_tree_find},
    {"cons-find", 2, 1, false, bi_cons_find},
    {"cons-count", 2, 1, false, bi_cons_count},
    {"memq", 2, 0, false, bi_memq},
    {"memql", 2, 0, false, bi_memql},
    {"memqual", 2, 0, false, bi_memqual},
    {"rmemq", 2, 0, false, bi_rmemq},
    {"rmemql", 2, 0, false, bi_rmemql},
    {"rmemqual", 2, 0, false, bi_rmemqual},
    {"member", 2, 2, false, bi_member},
    {"rmember", 2, 2, false, bi_rmember},
    {"member-if", 2, 1, false, bi_member_if},
    {"rmember-if", 2, 1, false, bi_rmember_if},
    {"conses", 1, 0, false, bi_conses},
    {"assoc", 2, 0, false, bi_assoc},
    {"assq", 2, 0, false, bi_assq},
    {"assql", 2, 0, false, bi_assql},
    {"rassoc", 2, 0, false, bi_rassoc},
    {"rassq", 2, 0, false, bi_rassq},
    {"rassql", 2, 0, false, bi_rassql},
    {"acons", 3, 0, false, bi_acons},
    {"acons-new", 3, 0, false, bi_acons_new},
    {"aconsql-new", 3, 0, false, bi_aconsql_new},
    {"alist-remove", 1, 0, true, bi_alist_remove},
    {"alist-nremove", 1, 0, true, bi_alist_nremove},
    {"copy-alist", 1, 0, false, bi_copy_alist},
    {"pairlis", 2, 1, false, bi_pairlis},
    {"ldiff", 2, 0, false, bi_ldiff},
    {"first", 1, 0, false, nth_item<0>},
    {"second", 1, 0, false, nth_item<1>},
    {"third", 1, 0, false, nth_item<2>},
    {"fourth", 1, 0, false, nth_item<3>},
    {"fifth", 1, 0, false, nth_item<4>},
    {"sixth", 1, 0, false, nth_item<5>},
    {"seventh", 1, 0, false, nth_item<6>},
    {"eighth", 1, 0, false, nth_item<7>},
    {"ninth", 1, 0, false, nth_item<8>},
    {"tenth", 1, 0, false, nth_item<9>},
};

// The names caar ... cdddddr, made once: every string of 2 to 5 letters a
// or d between c and r.
static void register_cxr_family() {
  static char names[60][8];
  static BuiltinDef defs[60];
  int k = 0;
  for (int len = 2; len <= 5; ++len)
    for (int bits = 0; bits < (1 << len); ++bits) {
      char *p = names[k];
      *p++ = 'c';
      for (int i = len - 1; i >= 0; --i) *p++ = (bits >> i) & 1 ? 'd' : 'a';
      *p++ = 'r';
      *p = 0;
      defs[k] = BuiltinDef{names[k], 1, 0, false, cxr_by_name};
      ++k;
    }
  register_builtins(defs, size_t(k));
}

void init_listlib() {
  register_builtins(listlib_builtins);
  register_cxr_family();
}

}  // namespace tine
