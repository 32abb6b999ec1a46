// Lazy conses: the out-of-line half of the car/cdr accessor layer, and the
// lazy cons primitives (make-lazy-cons, lcons-fun, lcons-force ...).
#include "lazy.hpp"

#include "eval.hpp"

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
