// The lazy list library: mapcar*, mappend*, append*, conses*, take and
// friends on lists, keep-if*/remove-if*, flatten*/flatcar*, generate,
// giterate, ginterate, expand-right/-left, repeat, pad, weave, range,
// range*, rlist, rlist*, lazy-stream-cons/get-lines, delay/force.
#include "eval.hpp"
#include "iter.hpp"
#include "lazy.hpp"
#include "seq.hpp"

namespace tine {

static SeqIterObj *siter(val v) { return static_cast<SeqIterObj *>(v); }
static bool iter_next(val it, val *out) { return seq_iter_next(siter(it), out); }

// ---- mapcar* and mappend* ------------------------------------------------------------------

// Each source as a list (lazy for non-lists), in a vector.
static val source_lists(const Args &a, int first, const char *self) {
  val v = make_vec(size_t(a.n - first), nullptr);
  for (int i = first; i < a.n; ++i)
    vec_of(v)->data[i - first] = !a[i] || consp(a[i]) ? a[i] : lazy_seq_list(a[i], self);
  return v;
}

static bool all_consp(val srcs) {
  for (size_t i = 0; i < vec_of(srcs)->len; ++i)
    if (!consp(vec_of(srcs)->data[i])) return false;
  return true;
}

// mapcar*: a cell holds its sources (cdr) until forced; forcing calls the
// function on their cars and makes the next cell from their cdrs.
static val mapcar_step(const Args &a) {
  val c = a[0], srcs = lcons_cdr_raw(c);
  size_t n = vec_of(srcs)->len;
  val *args = static_cast<val *>(alloca(sizeof(val) * n));
  val next = make_vec(n, nullptr);
  for (size_t i = 0; i < n; ++i) {
    args[i] = car(vec_of(srcs)->data[i]);
    vec_of(next)->data[i] = cdr(vec_of(srcs)->data[i]);
  }
  rplaca(c, funcall(a.self->data, args, int(n)));
  rplacd(c, all_consp(next) ? make_lazy_cons(a.self, nullptr, next) : nullptr);
  return nullptr;
}

static val bi_mapcar_star(const Args &a) {
  if (a.n < 2) return nullptr;
  val f = fun_checked(a[0], a.name());
  val srcs = source_lists(a, 1, a.name());
  if (!all_consp(srcs)) return nullptr;
  return make_lazy_cons(lazy_fun("mapcar*", mapcar_step, f), nullptr, srcs);
}

// mappend*: state #(fun sources piece): items come from the current piece;
// an exhausted piece is replaced by the function's next result.
static bool mappend_next(val st, val *out) {
  for (;;) {
    val &piece = field(st, 2);
    if (pop_item(piece, *out)) return true;
    val srcs = field(st, 1);
    if (!all_consp(srcs)) return false;
    size_t n = vec_of(srcs)->len;
    val *args = static_cast<val *>(alloca(sizeof(val) * n));
    val next = make_vec(n, nullptr);
    for (size_t i = 0; i < n; ++i) {
      args[i] = car(vec_of(srcs)->data[i]);
      vec_of(next)->data[i] = cdr(vec_of(srcs)->data[i]);
    }
    field(st, 1) = next;
    val r = funcall(field(st, 0), args, int(n));
    piece = !r || consp(r) ? r : seq_list(r, "mappend*");
  }
}

static val bi_mappend_star(const Args &a) {
  if (a.n < 2) return nullptr;
  val f = fun_checked(a[0], a.name());
  return lazy_gen<mappend_next>("mappend*", lazy_state({f, source_lists(a, 1, a.name()), nullptr}));
}

// ---- catenation and conses -------------------------------------------------------------------

// append*: state #(lists-to-walk current last): items of each list but the
// last argument, which ends the list.
static bool append_star_next(val st, val *out) {
  for (;;) {
    if (pop_item(field(st, 1), *out)) return true;
    if (!field(st, 0)) return false;
    field(st, 1) = car(field(st, 0));
    field(st, 0) = cdr(field(st, 0));
  }
}

static val append_star_tail(val st) { return field(st, 2); }

static val bi_append_star(const Args &a) {
  if (a.n == 0) return nullptr;
  if (a.n == 1) return a[0];
  ListBuilder heads;
  for (int i = 0; i < a.n - 1; ++i) heads.add(a[i]);
  return lazy_gen<append_star_next, append_star_tail>("append*", lazy_state({heads.head, nullptr, a[a.n - 1]}));
}

static bool conses_next(val st, val *out) {
  val &l = field(st, 0);
  if (!consp(l)) return false;
  *out = l;
  l = cdr(l);
  return true;
}

static val bi_conses_star(const Args &a) { return lazy_gen<conses_next>("conses*", lazy_state({a[0]})); }

// ---- prefixes of lists ---------------------------------------------------------------------

// take on a list: state #(iter remaining).
static bool take_next(val st, val *out) {
  intptr_t n = fixval(field(st, 1));
  if (n <= 0 || !iter_next(field(st, 0), out)) return false;
  field(st, 1) = mkfix(n - 1);
  return true;
}

val lazy_take(intptr_t n, val seq, const char *self) {
  if (n <= 0) return nullptr;
  return lazy_gen<take_next>("take", lazy_state({make_seq_iter(seq, self), mkfix(n)}));
}

// take-while / take-until: state #(iter pred key until done).
static bool take_while_next(val st, val *out) {
  if (field(st, 4)) return false;
  val x;
  if (!iter_next(field(st, 0), &x)) return false;
  bool hit = funcall1(field(st, 1), apply_key(field(st, 2), x)) != nullptr;
  if (field(st, 3)) {  // until: the satisfying item is the last one
    if (hit) field(st, 4) = s_t;
  } else if (!hit) {
    return false;
  }
  *out = x;
  return true;
}

val lazy_take_while(val pred, val seq, val keyf, bool until, const char *self) {
  return lazy_gen<take_while_next>(until ? "take-until" : "take-while",
                                   lazy_state({make_seq_iter(seq, self), pred, keyf, boolv(until), nullptr}));
}

// keep-if* / remove-if*: state #(iter pred key keep).
static bool keep_next(val st, val *out) {
  bool keep = field(st, 3) != nullptr;
  for (val x; iter_next(field(st, 0), &x);)
    if ((funcall1(field(st, 1), apply_key(field(st, 2), x)) != nullptr) == keep) {
      *out = x;
      return true;
    }
  return false;
}

static val keep_star(const Args &a, bool keep) {
  val pred = fun_checked(a[0], a.name()), keyf = opt_fun(a[2], a.name());
  return lazy_gen<keep_next>(a.name(), lazy_state({make_seq_iter(a[1], a.name()), pred, keyf, boolv(keep)}));
}

static val bi_keep_if_star(const Args &a) { return keep_star(a, true); }
static val bi_remove_if_star(const Args &a) { return keep_star(a, false); }

// ---- flattening -----------------------------------------------------------------------------

// flatten*: state #(stack) of the lists still being walked.
static bool flatten_next(val st, val *out) {
  val &stack = field(st, 0);
  while (stack) {
    val &top = static_cast<Cons *>(stack)->car;
    if (!top) {
      stack = cdr(stack);
      continue;
    }
    if (!consp(top)) errorf(s_type_error, "flatten*: ~s terminates a list", top);
    val x = car(top);
    top = cdr(top);
    if (consp(x))
      stack = cons(x, stack);
    else if (x) {
      *out = x;
      return true;
    }
  }
  return false;
}

static val bi_flatten_star(const Args &a) {
  if (!consp(a[0])) return a[0] ? cons(a[0], nullptr) : nullptr;
  return lazy_gen<flatten_next>("flatten*", lazy_state({cons(a[0], nullptr)}));
}

// flatcar*: state #(stack) of subtrees still to visit, leftmost first.
static bool flatcar_next(val st, val *out) {
  val &stack = field(st, 0);
  while (stack) {
    val t = car(stack);
    stack = cdr(stack);
    if (!consp(t)) {
      *out = t;
      return true;
    }
    val d = cdr(t);
    if (d) stack = cons(d, stack);
    stack = cons(car(t), stack);
  }
  return false;
}

static val bi_flatcar_star(const Args &a) {
  if (!consp(a[0])) return cons(a[0], nullptr);
  return lazy_gen<flatcar_next>("flatcar*", lazy_state({cons(a[0], nullptr)}));
}

// ---- generators -------------------------------------------------------------------------------

// generate: state #(while gen).
static bool generate_next(val st, val *out) {
  if (!funcall0(field(st, 0))) return false;
  *out = funcall0(field(st, 1));
  return true;
}

static val bi_generate(const Args &a) {
  return lazy_gen<generate_next>("generate", lazy_state({fun_checked(a[0], a.name()), fun_checked(a[1], a.name())}));
}

// giterate: state #(while gen value); ginterate adds #(... done) and keeps
// the value that fails the test.
static bool giterate_next(val st, val *out) {
  val v = field(st, 2);
  if (!funcall1(field(st, 0), v)) return false;
  *out = v;
  field(st, 2) = funcall1(field(st, 1), v);
  return true;
}

static bool ginterate_next(val st, val *out) {
  if (field(st, 3)) return false;
  val v = field(st, 2);
  *out = v;
  if (!funcall1(field(st, 0), v))
    field(st, 3) = s_t;
  else
    field(st, 2) = funcall1(field(st, 1), v);
  return true;
}

static val bi_giterate(const Args &a) {
  val st = lazy_state({fun_checked(a[0], a.name()), fun_checked(a[1], a.name()), dflt(a[2], nullptr)});
  return lazy_gen<giterate_next>("giterate", st);
}

static val bi_ginterate(const Args &a) {
  val st = lazy_state({fun_checked(a[0], a.name()), fun_checked(a[1], a.name()), dflt(a[2], nullptr), nullptr});
  return lazy_gen<ginterate_next>("ginterate", st);
}

// expand-right: state #(fun value).
static bool expand_right_next(val st, val *out) {
  val r = funcall1(field(st, 0), field(st, 1));
  if (!r) return false;
  *out = car(r);
  field(st, 1) = cdr(r);
  return true;
}

static val bi_expand_right(const Args &a) {
  return lazy_gen<expand_right_next>("expand-right", lazy_state({fun_checked(a[0], a.name()), a[1]}));
}

static val bi_expand_left(const Args &a) {
  val f = fun_checked(a[0], a.name()), v = a[1], out = nullptr;
  while (val r = funcall1(f, v)) {
    out = cons(car(r), out);
    v = cdr(r);
  }
  return out;
}

static val bi_nexpand_left(const Args &a) {
  val f = fun_checked(a[0], a.name()), v = a[1], out = nullptr;
  while (val r = funcall1(f, v)) {
    v = cdr(r);
    if (!consp(r)) type_err(a.name(), r, "a cons");
    rplacd(r, out);
    out = r;
  }
  return out;
}

// repeat: state #(list current remaining-or-nil).
static bool repeat_next(val st, val *out) {
  for (;;) {
    if (pop_item(field(st, 1), *out)) return true;
    val &n = field(st, 2);
    if (n) {
      if (fixval(n) <= 1) return false;
      n = mkfix(fixval(n) - 1);
    }
    field(st, 1) = field(st, 0);
  }
}

static val bi_repeat(const Args &a) {
  val l = seq_list(a[0], a.name());
  if (!l) return nullptr;
  val n = missing(a[1]) ? nullptr : a[1];
  if (n && c_fixnum(n, a.name()) <= 0) return nullptr;
  return lazy_gen<repeat_next>("repeat", lazy_state({l, l, n}));
}

// pad: state #(iter object remaining-or-nil).
static bool pad_next(val st, val *out) {
  if (field(st, 0)) {
    if (iter_next(field(st, 0), out)) return true;
    field(st, 0) = nullptr;
  }
  val &n = field(st, 2);
  if (n) {
    if (fixval(n) <= 0) return false;
    n = mkfix(fixval(n) - 1);
  }
  *out = field(st, 1);
  return true;
}

static val bi_pad(const Args &a) {
  val n = missing(a[2]) || !a[2] ? nullptr : mkfix(c_fixnum(a[2], a.name()));
  return lazy_gen<pad_next>("pad", lazy_state({make_seq_iter(a[0], a.name()), dflt(a[1], nullptr), n}));
}

// weave: state #(iters pending): round robin over the iterators; pending
// holds those still to visit in this round.
static bool weave_next(val st, val *out) {
  for (;;) {
    if (!field(st, 1)) {
      if (!field(st, 0)) return false;
      field(st, 1) = field(st, 0);
    }
    val it = car(field(st, 1));
    field(st, 1) = cdr(field(st, 1));
    if (iter_next(it, out)) return true;
    // Drop the exhausted iterator from the ring.
    ListBuilder keep;
    for (val l = field(st, 0); l; l = cdr(l))
      if (car(l) != it) keep.add(car(l));
    field(st, 0) = keep.head;
  }
}

static val bi_weave(const Args &a) {
  ListBuilder its;
  for (int i = 0; i < a.n; ++i) its.add(make_seq_iter(a[i], a.name()));
  return lazy_gen<weave_next>("weave", lazy_state({its.head, nullptr}));
}

// ---- ranges -------------------------------------------------------------------------------------

// The item after x: x plus the step (characters step by code), or the
// step function applied to x.
static val range_step(val x, val step) {
  if (functionp(step)) return funcall1(step, x);
  if (is_chr(x)) return mkchr(char32_t(intptr_t(chrval(x)) + c_fixnum(step, "range")));
  return num_add(x, step);
}

// Arithmetic or character range: state #(next to step inclusive done);
// ends at to, or where a step passes over it.
static bool range_next(val st, val *out) {
  if (field(st, 4)) return false;
  val x = field(st, 0), to = field(st, 1), step = field(st, 2);
  bool inclusive = field(st, 3) != nullptr;
  if (to) {
    bool down = !functionp(step) && num_cmp(step, mkfix(0), "range") < 0;
    int c = num_cmp(x, to, "range");
    if (down ? c < 0 : c > 0) return false;
    if (c == 0) {
      field(st, 4) = s_t;
      if (!inclusive) return false;
    }
  }
  *out = x;
  field(st, 0) = range_step(x, step);
  return true;
}

// Other objects with a function step: the list stops when it reaches to.
static bool range_fun_next(val st, val *out) {
  if (field(st, 4)) return false;
  val x = field(st, 0), to = field(st, 1);
  bool inclusive = field(st, 3) != nullptr;
  if (field(st, 5) && equal(x, to)) {
    field(st, 4) = s_t;
    if (!inclusive) return false;
  }
  *out = x;
  field(st, 0) = funcall1(field(st, 2), x);
  return true;
}

// Other objects (string ranges) through an iterator over from..to: state
// #(iter skip inclusive); range* leaves out the iterator's last item.
static bool range_iter_next(val st, val *out) {
  val it = field(st, 0);
  bool inclusive = field(st, 2) != nullptr;
  val peek;
  if (!iter_next(it, out)) return false;
  if (!inclusive && !seq_iter_peek(siter(it), &peek)) return false;
  for (intptr_t k = fixval(field(st, 1)); k > 1; --k) {
    val skip;
    if (!iter_next(it, &skip) || (!inclusive && !seq_iter_peek(siter(it), &peek))) {
      field(st, 0) = make_seq_iter(nullptr, "range");
      break;
    }
  }
  return true;
}

static val make_range(val from, val to, val step, bool inclusive, const char *self) {
  if (missing(from)) from = mkfix(0);
  // A function step over non-numbers stops at to, even nil; only a
  // missing to makes it endless.
  bool endless = missing(to) || to == s_t;
  if (endless) to = nullptr;
  if (missing(step)) step = nullptr;
  if (step && !numberp(step)) step = fun_checked(step, self);
  if (numberp(from) || (is_chr(from) && (!step || !functionp(step)))) {
    if (!step) step = to && num_cmp(to, from, self) < 0 ? mkfix(-1) : mkfix(1);
    return lazy_gen<range_next>(self, lazy_state({from, to, step, boolv(inclusive), nullptr}));
  }
  if (step && functionp(step))
    return lazy_gen<range_fun_next>(self, lazy_state({from, to, step, boolv(inclusive), nullptr, boolv(!endless)}));
  intptr_t k = step ? c_fixnum(step, self) : 1;
  if (k <= 0) range_err(self, "step must be a positive integer or a function, not", step);
  Range *r = gc_obj<Range>(T::Range);
  r->from = from;
  r->to = to ? to : s_t;
  return lazy_gen<range_iter_next>(self, lazy_state({make_seq_iter(r, self), mkfix(k), boolv(inclusive)}));
}

static val bi_range(const Args &a) { return make_range(a[0], a[1], a[2], true, a.name()); }
static val bi_range_star(const Args &a) { return make_range(a[0], a[1], a[2], false, a.name()); }

// rlist: state #(items current inclusive): each item is itself, or the
// range it denotes (from..to, or from..to..step).
static val rlist_part(val item, bool inclusive) {
  if (!is(item, T::Range)) return cons(item, nullptr);
  Range *r = static_cast<Range *>(item);
  val to = r->to, step = s_colon;
  if (is(to, T::Range)) {
    step = static_cast<Range *>(to)->to;
    to = static_cast<Range *>(to)->from;
  }
  return make_range(r->from, to, step, inclusive, inclusive ? "rlist" : "rlist*");
}

static bool rlist_next(val st, val *out) {
  for (;;) {
    if (pop_item(field(st, 1), *out)) return true;
    val item;
    if (!pop_item(field(st, 0), item)) return false;
    field(st, 1) = rlist_part(item, field(st, 2) != nullptr);
  }
}

static val rlist(const Args &a, bool inclusive) {
  ListBuilder items;
  for (int i = 0; i < a.n; ++i) items.add(a[i]);
  return lazy_gen<rlist_next>(a.name(), lazy_state({items.head, nullptr, boolv(inclusive)}));
}

static val bi_rlist(const Args &a) { return rlist(a, true); }
static val bi_rlist_star(const Args &a) { return rlist(a, false); }

// ---- lazy streams -------------------------------------------------------------------------------

static val s_lazy_streams;  // sys:*lazy-streams*: a box (list) while close-lazy-streams runs

static val call_global(const char *name, std::initializer_list<val> args) {
  val v[4];
  int n = 0;
  for (val x : args) v[n++] = x;
  return funcall(global_fun(intern(name)), v, n);
}

// lazy-stream-cons: state #(stream no-throw).
static bool stream_next(val st, val *out) {
  val s = field(st, 0);
  if (!s) return false;
  if (val line = call_global("get-line", {s})) {
    *out = line;
    return true;
  }
  call_global("close-stream", {s, boolv(!field(st, 1))});
  field(st, 0) = nullptr;
  return false;
}

static val lazy_stream_cons(val stream, val no_throw) {
  val box = sym(s_lazy_streams)->value;
  if (consp(box)) rplaca(box, cons(stream, car(box)));
  return lazy_gen<stream_next>("lazy-stream-cons", lazy_state({stream, no_throw}));
}

static val bi_lazy_stream_cons(const Args &a) { return lazy_stream_cons(a[0], dflt(a[1], nullptr)); }

static val bi_get_lines(const Args &a) {
  val s = missing(a[0]) || !a[0] ? symbol_value(intern("*stdin*"), a.name()) : a[0];
  return lazy_stream_cons(s, dflt(a[1], nullptr));
}

// ---- promises -------------------------------------------------------------------------------------

// A promise is a cons (sys:promise . fun) until forced, then
// (sys:promise-forced . value); (sys:promise-forcing . fun) while its
// expression runs, so that a promise that needs itself is an error.
static val s_promise, s_promise_forced, s_promise_forcing;

static val bi_make_promise(const Args &a) { return cons(s_promise, fun_checked(a[0], a.name())); }

static val bi_promisep(const Args &a) {
  val tag = consp(a[0]) ? car(a[0]) : nullptr;
  return boolv(tag && (tag == s_promise || tag == s_promise_forced || tag == s_promise_forcing));
}

static val bi_force(const Args &a) {
  val p = a[0];
  if (!consp(p)) type_err(a.name(), p, "a promise");
  if (car(p) == s_promise_forced) return cdr(p);
  if (car(p) == s_promise_forcing) errorf(s_error, "~a: promise ~s depends on its own value", a.name(), p);
  if (car(p) != s_promise) type_err(a.name(), p, "a promise");
  rplaca(p, s_promise_forcing);
  val v;
  try {
    v = funcall0(cdr(p));
  } catch (...) {
    if (car(p) == s_promise_forcing) rplaca(p, s_promise);
    throw;
  }
  if (car(p) == s_promise_forcing) {
    rplaca(p, s_promise_forced);
    rplacd(p, v);
  }
  return cdr(p);
}

static val bi_set_force(const Args &a) {
  if (!consp(a[0])) type_err(a.name(), a[0], "a promise");
  rplaca(a[0], s_promise_forced);
  rplacd(a[0], a[1]);
  return a[1];
}

static const BuiltinDef lazylib_builtins[] = {
    {"mapcar*", 1, 0, true, bi_mapcar_star},
    {"mappend*", 1, 0, true, bi_mappend_star},
    {"append*", 0, 0, true, bi_append_star},
    {"conses*", 1, 0, false, bi_conses_star},
    {"keep-if*", 2, 1, false, bi_keep_if_star},
    {"remove-if*", 2, 1, false, bi_remove_if_star},
    {"flatten*", 1, 0, false, bi_flatten_star},
    {"flatcar*", 1, 0, false, bi_flatcar_star},
    {"generate", 2, 0, false, bi_generate},
    {"giterate", 2, 1, false, bi_giterate},
    {"ginterate", 2, 1, false, bi_ginterate},
    {"expand-right", 2, 0, false, bi_expand_right},
    {"expand-left", 2, 0, false, bi_expand_left},
    {"nexpand-left", 2, 0, false, bi_nexpand_left},
    {"repeat", 1, 1, false, bi_repeat},
    {"pad", 1, 2, false, bi_pad},
    {"weave", 0, 0, true, bi_weave},
    {"range", 0, 3, false, bi_range},
    {"range*", 0, 3, false, bi_range_star},
    {"rlist", 0, 0, true, bi_rlist},
    {"rlist*", 0, 0, true, bi_rlist_star},
    {"lazy-stream-cons", 1, 1, false, bi_lazy_stream_cons},
    {"get-lines", 0, 2, false, bi_get_lines},
    {"sys:make-promise", 1, 0, false, bi_make_promise},
    {"promisep", 1, 0, false, bi_promisep},
    {"force", 1, 0, false, bi_force},
    {"sys:set-force", 2, 0, false, bi_set_force},
};

void init_lazylib() {
  register_builtins(lazylib_builtins);
  s_promise = intern_sys("promise");
  s_promise_forced = intern_sys("promise-forced");
  s_promise_forcing = intern_sys("promise-forcing");
  s_lazy_streams = intern_sys("*lazy-streams*");
  sym(s_lazy_streams)->value = nullptr;
  sym(s_lazy_streams)->special = 1;
}

}  // namespace tine
