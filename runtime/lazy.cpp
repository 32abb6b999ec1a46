// Lazy conses: the out-of-line half of the car/cdr accessor layer, and the
// lazy cons primitives (make-lazy-cons, lcons-fun, lcons-force ...).
#include "lazy.hpp"

#include "eval.hpp"
#include "iter.hpp"

namespace tine {

val make_lazy_cons(val fun, val a, val d) {
  LCons *c = gc_obj<LCons>(T::LCons);
  c->car = a;
  c->cdr = d;
  c->func = fun;
  return c;
}

// The update function runs while still installed (it may re-install itself
// in a new lazy cons through lcons-fun, and an access from inside it runs it
// again); it is removed once it returns.
void lcons_force(val c) {
  LCons *lc = static_cast<LCons *>(c);
  if (val f = lc->func) {
    check_stack_depth();  // an update function may read its own cell again
    funcall1(f, c);
    lc->func = nullptr;
  }
}

val car_slow(val c) {
  if (is(c, T::LCons)) {
    lcons_force(c);
    return static_cast<Cons *>(c)->car;
  }
  type_err("car", c, "a cons");
}

val cdr_slow(val c) {
  if (is(c, T::LCons)) {
    lcons_force(c);
    return static_cast<Cons *>(c)->cdr;
  }
  type_err("cdr", c, "a cons");
}

// ---- lazy lists from C++ ------------------------------------------------------------

// A function object shared by every cell of one lazy list; data is the
// list's state.
val lazy_fun(const char *name, BuiltinFn fn, val data) { return make_builtin(intern(name), 1, 0, false, fn, data); }

val lazy_state(std::initializer_list<val> fields) {
  val v = make_vec(fields.size(), nullptr);
  size_t i = 0;
  for (val f : fields) vec_of(v)->data[i++] = f;
  return v;
}

// list-seq: each cell is made holding its item; forcing it fetches the next
// item from the shared seq-iter and makes the next cell, or ends the list.
static val seq_list_step(const Args &a) {
  val c = a[0], x;
  rplacd(c, seq_iter_next(static_cast<SeqIterObj *>(a.self->data), &x) ? make_lazy_cons(a.self, x) : nullptr);
  return nullptr;
}

val lazy_seq_list(val seq, const char *self) {
  val it = make_seq_iter(seq, self);
  val x;
  if (!seq_iter_next(static_cast<SeqIterObj *>(it), &x)) return nullptr;
  return make_lazy_cons(lazy_fun("list-seq", seq_list_step, it), x);
}

// interpose over a list: the cell of an item is made holding it; forcing
// it makes (sep next-item ...) behind it when there is a next item.
static val interpose_step(const Args &a) {
  val c = a[0];
  val rest = lcons_cdr_raw(c);  // the items after this one (still unforced)
  if (consp(rest)) {
    val next = make_lazy_cons(a.self, car(rest), cdr(rest));
    rplacd(c, cons(a.self->data, next));
  } else {
    rplacd(c, nullptr);
  }
  return nullptr;
}

val lazy_interpose(val sep, val list) {
  if (!consp(list)) return list;
  return make_lazy_cons(lazy_fun("interpose", interpose_step, sep), car(list), cdr(list));
}

// ---- builtins -------------------------------------------------------------------------

static val lcons_checked(val v, const char *self) {
  if (!lconsp(v)) type_err(self, v, "a lazy cons");
  return v;
}

static val bi_make_lazy_cons(const Args &a) {
  return make_lazy_cons(fun_checked(a[0], a.name()), dflt(a[1], nullptr), dflt(a[2], nullptr));
}

static val bi_lconsp(const Args &a) { return boolv(lconsp(a[0])); }
static val bi_lcons_fun(const Args &a) { return static_cast<LCons *>(lcons_checked(a[0], a.name()))->func; }
static val bi_lcons_car(const Args &a) { return lcons_car_raw(lcons_checked(a[0], a.name())); }
static val bi_lcons_cdr(const Args &a) { return lcons_cdr_raw(lcons_checked(a[0], a.name())); }

// Forces every lazy cons reachable through lazy conses: along the cdr
// iteratively (lazy lists may be long), into the car recursively.
static void force_deep(val v) {
  while (lconsp(v)) {
    lcons_force(v);
    force_deep(lcons_car_raw(v));
    v = lcons_cdr_raw(v);
  }
}

static val bi_lcons_force(const Args &a) {
  force_deep(a[0]);
  return a[0];
}

static const BuiltinDef lazy_builtins[] = {
    {"make-lazy-cons", 1, 2, false, bi_make_lazy_cons}, {"lconsp", 1, 0, false, bi_lconsp},
    {"lcons-fun", 1, 0, false, bi_lcons_fun},           {"lcons-car", 1, 0, false, bi_lcons_car},
    {"lcons-cdr", 1, 0, false, bi_lcons_cdr},           {"lcons-force", 1, 0, false, bi_lcons_force},
};

void init_lazy() { register_builtins(lazy_builtins); }

}  // namespace tine
