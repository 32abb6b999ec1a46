// Combinators: functions that make functions from functions.
#include "lisp.hpp"

namespace tine {

static val chain_call(const Args &a) {
  val fns = a.self->data;
  val v = funcall(car(fns), a.v, a.n);
  for (val l = cdr(fns); l; l = cdr(l)) v = funcall1(car(l), v);
  return v;
}

static val bi_chain(const Args &a) {
  val fns = nullptr;
  for (int i = a.n - 1; i >= 0; --i) fns = cons(fun_checked(a[i], a.name()), fns);
  if (!fns) return make_builtin(mkstr_utf8("identity"), 1, 0, false, [](const Args &x) { return x[0]; });
  return make_builtin(mkstr_utf8(a.name()), 0, 0, true, chain_call, fns);
}

static const BuiltinDef combinator_builtins[] = {
    {"chain", 0, 0, true, bi_chain},
};

void init_combinators() { register_builtins(combinator_builtins); }

}  // namespace tine
