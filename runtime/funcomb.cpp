// Function combinators: andf, orf, nandf, norf, notf, iff, iffi, tf, nilf
// (and its synonym ignore).  Each returns
// a function that passes all of its arguments on to the functions given.
#include "lisp.hpp"

namespace tine {

static val call_all(val f, const Args &a) { return funcall(f, a.v, a.n); }

static val andf_call(const Args &a) {
  val r = s_t;
  for (val l = a.self->data; l; l = cdr(l))
    if (!(r = call_all(car(l), a))) return nullptr;
  return r;
}

static val orf_call(const Args &a) {
  for (val l = a.self->data; l; l = cdr(l))
    if (val r = call_all(car(l), a)) return r;
  return nullptr;
}

static val notf_call(const Args &a) { return boolv(!call_all(a.self->data, a)); }

static val fun_list(const Args &a, int from) {
  val out = nullptr;
  for (int i = a.n - 1; i >= from; --i) out = cons(fun_checked(a[i], a.name()), out);
  return out;
}

static val bi_andf(const Args &a) { return make_builtin(intern(a.name()), 0, 0, true, andf_call, fun_list(a, 0)); }
static val bi_orf(const Args &a) { return make_builtin(intern(a.name()), 0, 0, true, orf_call, fun_list(a, 0)); }

// nandf and norf: andf and orf, negated.  data: the andf/orf function.
static val bi_nandf(const Args &a) {
  val f = make_builtin(intern("andf"), 0, 0, true, andf_call, fun_list(a, 0));
  return make_builtin(intern(a.name()), 0, 0, true, notf_call, f);
}
static val bi_norf(const Args &a) {
  val f = make_builtin(intern("orf"), 0, 0, true, orf_call, fun_list(a, 0));
  return make_builtin(intern(a.name()), 0, 0, true, notf_call, f);
}

static val bi_notf(const Args &a) {
  return make_builtin(intern(a.name()), 0, 0, true, notf_call, fun_checked(a[0], a.name()));
}

// data: (cond then . else); then/else nil mean identity/nil as decided when made.
static val iff_call(const Args &a) {
  val d = a.self->data;
  val fn = call_all(car(d), a) ? car(cdr(d)) : cdr(cdr(d));
  if (fn == s_t) return a.n ? a[0] : nullptr;  // identity
  return fn ? call_all(fn, a) : nullptr;
}

static val make_iff(const Args &a, bool else_identity) {
  val cond = fun_checked(a[0], a.name());
  val then = missing(a[1]) || !a[1] ? s_t : fun_checked(a[1], a.name());
  val other = missing(a[2]) || !a[2] ? (else_identity ? s_t : nullptr) : fun_checked(a[2], a.name());
  return make_builtin(intern(a.name()), 0, 0, true, iff_call, cons(cond, cons(then, other)));
}

static val bi_iff(const Args &a) { return make_iff(a, false); }
static val bi_iffi(const Args &a) { return make_iff(a, true); }
static val bi_tf(const Args &) { return s_t; }
static val bi_nilf(const Args &) { return nullptr; }

static const BuiltinDef funcomb_builtins[] = {
    {"andf", 0, 0, true, bi_andf}, {"orf", 0, 0, true, bi_orf},     {"notf", 1, 0, false, bi_notf},
    {"iff", 1, 2, false, bi_iff},  {"iffi", 2, 1, false, bi_iffi},  {"tf", 0, 0, true, bi_tf},
    {"nilf", 0, 0, true, bi_nilf}, {"ignore", 0, 0, true, bi_nilf}, {"nandf", 0, 0, true, bi_nandf},
    {"norf", 0, 0, true, bi_norf},
};

void init_funcomb() { register_builtins(funcomb_builtins); }

}  // namespace tine
