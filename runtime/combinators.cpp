// Combinators: functions that make functions from functions (chain, chand,
// dup, flipargs, juxt, callf, mapf, retf, apf, ipf), with identity* and
// iapply.
#include "lisp.hpp"

namespace tine {

static val chain_call(const Args &a) {
  val fns = a.self->data;
  val v = funcall(car(fns), a.v, a.n);
  for (val l = cdr(fns); l; l = cdr(l)) v = funcall1(car(l), v);
  return v;
}

// chand: as chain, but a nil from any function ends the chain with nil.
static val chand_call(const Args &a) {
  val fns = a.self->data;
  val v = funcall(car(fns), a.v, a.n);
  for (val l = cdr(fns); l && v; l = cdr(l)) v = funcall1(car(l), v);
  return v;
}

static val ignore_args(const Args &) { return nullptr; }

static val fun_list(const Args &a, int from) {
  val fns = nullptr;
  for (int i = a.n - 1; i >= from; --i) fns = cons(fun_checked(a[i], a.name()), fns);
  return fns;
}

// With no functions, both make a function that ignores its arguments and
// returns nil.
static val bi_chain(const Args &a) {
  val fns = fun_list(a, 0);
  if (!fns) return make_builtin(intern(a.name()), 0, 0, true, ignore_args);
  return make_builtin(intern(a.name()), 0, 0, true, chain_call, fns);
}

static val bi_chand(const Args &a) {
  val fns = fun_list(a, 0);
  if (!fns) return make_builtin(intern(a.name()), 0, 0, true, ignore_args);
  return make_builtin(intern(a.name()), 0, 0, true, chand_call, fns);
}

// [dup f]: (lambda (x) [f x x]).
static val dup_call(const Args &a) {
  val args[2] = {a[0], a[0]};
  return funcall(a.self->data, args, 2);
}
static val bi_dup(const Args &a) {
  return make_builtin(intern(a.name()), 1, 0, false, dup_call, fun_checked(a[0], a.name()));
}

// [flipargs f]: (lambda (x y) [f y x]).
static val flipargs_call(const Args &a) {
  val args[2] = {a[1], a[0]};
  return funcall(a.self->data, args, 2);
}
static val bi_flipargs(const Args &a) {
  return make_builtin(intern(a.name()), 2, 0, false, flipargs_call, fun_checked(a[0], a.name()));
}

// Each function of the list fns applied to the same arguments: the results in a list.
static val results_of(val fns, const Args &a) {
  val out = nullptr;
  for (val l = fns; l; l = cdr(l)) out = cons(funcall(car(l), a.v, a.n), out);
  return nreverse(out);
}

static val juxt_call(const Args &a) { return results_of(a.self->data, a); }
static val bi_juxt(const Args &a) { return make_builtin(intern(a.name()), 0, 0, true, juxt_call, fun_list(a, 0)); }

// data: (main . arg-functions)
static val callf_call(const Args &a) {
  val d = a.self->data;
  return apply_list(car(d), results_of(cdr(d), a));
}
static val bi_callf(const Args &a) {
  return make_builtin(intern(a.name()), 0, 0, true, callf_call, cons(fun_checked(a[0], a.name()), fun_list(a, 1)));
}

// data: (main . arg-functions); argument i goes through function i, as
// far as both last.
static val mapf_call(const Args &a) {
  val d = a.self->data;
  val out = nullptr;
  int i = 0;
  for (val l = cdr(d); l && i < a.n; l = cdr(l), ++i) out = cons(funcall1(car(l), a[i]), out);
  return apply_list(car(d), nreverse(out));
}
static val bi_mapf(const Args &a) {
  return make_builtin(intern(a.name()), 0, 0, true, mapf_call, cons(fun_checked(a[0], a.name()), fun_list(a, 1)));
}

static val retf_call(const Args &a) { return a.self->data; }
static val bi_retf(const Args &a) { return make_builtin(intern(a.name()), 0, 0, true, retf_call, a[0]); }

static val bi_identity_star(const Args &a) { return a.n ? a[0] : nullptr; }

// The arguments of an apply or iapply call (after the function): leading
// arguments, then the trailing sequence's elements.  iapply takes a
// non-nil atom, or the atom ending an improper list, as one argument.
static val spread_args(const val *v, int n, bool improper, const char *self) {
  if (n == 0) return nullptr;
  val tail = v[n - 1];
  if (!improper) {
    tail = seq_list(tail, self);
  } else if (!consp(tail)) {
    tail = tail ? list({tail}) : nullptr;
  } else {
    val out = nullptr;
    val l = tail;
    for (; consp(l); l = cdr(l)) out = cons(car(l), out);
    if (l) out = cons(l, out);
    tail = nreverse(out);
  }
  for (int i = n - 2; i >= 0; --i) tail = cons(v[i], tail);
  return tail;
}

static val bi_iapply(const Args &a) {
  return apply_list(fun_checked(a[0], a.name()), spread_args(a.v + 1, a.n - 1, true, a.name()));
}

// [apf f x ...] called with args applies f to x ... followed by args
// spread as by apply (ipf: as by iapply).  data: (f . stored-args)
static val apf_call_with(const Args &a, bool improper) {
  val d = a.self->data;
  val args = spread_args(a.v, a.n, improper, improper ? "ipf" : "apf");
  return apply_list(car(d), append2(cdr(d), args));
}
static val apf_call(const Args &a) { return apf_call_with(a, false); }
static val ipf_call(const Args &a) { return apf_call_with(a, true); }

static val stored_args(const Args &a) {
  val out = nullptr;
  for (int i = a.n - 1; i >= 1; --i) out = cons(a[i], out);
  return cons(fun_checked(a[0], a.name()), out);
}
static val bi_apf(const Args &a) { return make_builtin(intern(a.name()), 0, 0, true, apf_call, stored_args(a)); }
static val bi_ipf(const Args &a) { return make_builtin(intern(a.name()), 0, 0, true, ipf_call, stored_args(a)); }

// true and false: an argument's truth as t or nil (for mapping and patterns).
static val bi_true(const Args &a) { return boolv(a[0] != nullptr); }
static val bi_false(const Args &a) { return boolv(a[0] == nullptr); }

static const BuiltinDef combinator_builtins[] = {
    {"chain", 0, 0, true, bi_chain},
    {"chand", 0, 0, true, bi_chand},
    {"dup", 1, 0, false, bi_dup},
    {"flipargs", 1, 0, false, bi_flipargs},
    {"juxt", 0, 0, true, bi_juxt},
    {"callf", 1, 0, true, bi_callf},
    {"mapf", 1, 0, true, bi_mapf},
    {"retf", 1, 0, false, bi_retf},
    {"identity*", 0, 0, true, bi_identity_star},
    {"true", 1, 0, false, bi_true},
    {"false", 1, 0, false, bi_false},
    {"iapply", 1, 0, true, bi_iapply},
    {"apf", 1, 0, true, bi_apf},
    {"ipf", 1, 0, true, bi_ipf},
};

void init_combinators() { register_builtins(combinator_builtins); }

}  // namespace tine
