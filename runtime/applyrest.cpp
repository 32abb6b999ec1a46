// (apply f args... rest) where rest is the enclosing lambda's rest
// parameter: the shape op gives (op * 2) -- (lambda rest [apply * 2 rest]).
// When nothing else reads the parameter and the lambda's frame is on the
// stack, the call passes the lambda's own arguments on without making the
// rest list that apply would take apart again (see Lambda::rest_forward).
#include "compiler.hpp"
#include "nodes.hpp"

namespace tine {

static val s_apply, s_lisp1_value;

struct ApplyRestNode : Node {
  Node *fn;
  Node **args;  // the arguments before rest
  int n;
  SlotRef rest;
  Lambda *L;   // whose rest parameter it is
  Sym *apply;  // apply is called only while it is still the builtin
  val orig;    // apply's function when compiled
  bool lisp1;  // [apply ...]: apply would be a global variable's value first
  val file;
  val eval(Frame *f) override;
  val general(val fv, val *fixed, val rest_list);
};

// The arguments of a forwarding rest parameter as the list it stands for.
static val rest_list(RestArgs *ra) {
  val l = ra->tail;
  for (int i = ra->n - 1; i >= 0; --i) l = cons(ra->vals[i], l);
  return l;
}

// apply as it is now (perhaps redefined), called the ordinary way.
val ApplyRestNode::general(val fv, val *fixed, val rest_list) {
  val sy = static_cast<val>(apply);
  val af = lisp1 && apply->value != UNBOUND ? apply->value : global_fun(sy);
  if (!af) call_global_undefined(apply);
  val *argv = static_cast<val *>(alloca(sizeof(val) * size_t(n + 2)));
  argv[0] = fv;
  for (int i = 0; i < n; ++i) argv[i + 1] = fixed[i];
  argv[n + 1] = rest_list;
  return funcall(af, argv, n + 2);
}

val ApplyRestNode::eval(Frame *f) {
  try {
    val fv = ev(fn, f);
    TINE_EVAL_ARGS(fixed, args, n, f);
    val rv = *rest.resolve(f);
    if (!L->rest_forward) return general(fv, fixed, rv);
    auto *ra = reinterpret_cast<RestArgs *>(rv);
    if (apply->fun != orig || (lisp1 && apply->value != UNBOUND)) return general(fv, fixed, rest_list(ra));
    int total = n + ra->n;
    val *argv = static_cast<val *>(alloca(sizeof(val) * size_t(total + 1)));
    for (int i = 0; i < n; ++i) argv[i] = fixed[i];
    for (int i = 0; i < ra->n; ++i) argv[n + i] = ra->vals[i];
    if (!is(fv, T::Fun) && !is(fv, T::Struct) && !callable_object(fv)) fv = fun_checked(fv, "apply");
    return funcall_dotted(fv, argv, total, ra->tail);
  } catch (LispThrow &e) {
    if (!e.line && line) {
      e.line = line;
      e.file = file;
    }
    throw;
  }
}

Node *Compiler::compile_apply_rest(val fn_form, val fixed, val rest, Scope *s, bool lisp1) {
  if (!s_apply) {
    s_apply = intern("apply");
    s_lisp1_value = intern_sys("lisp1-value");
  }
  // [f a . rest] arrives as (apply (sys:lisp1-value f) ... (sys:lisp1-value rest)).
  if (consp(rest) && car(rest) == s_lisp1_value && consp(cdr(rest)) && !cdr(cdr(rest))) rest = car(cdr(rest));
  if (!is(rest, T::Sym) || !rest || keywordp(rest)) return nullptr;
  val apply_fn = global_fun(s_apply);
  if (!apply_fn || (lisp1 && sym(s_apply)->value != UNBOUND)) return nullptr;
  bool crossed;
  Binding *b = lookup_var(rest, s, nullptr, &crossed);
  if (!b || !b->rest_of || b->special || crossed) return nullptr;
  ApplyRestNode *a = gc_new<ApplyRestNode>();
  a->fn = lisp1 ? compile_lisp1(fn_form, s) : compile(fn_form, s);
  a->n = 0;
  for (val l = fixed; consp(l); l = cdr(l)) ++a->n;
  a->args = static_cast<Node **>(gc_scanned(sizeof(Node *) * size_t(a->n ? a->n : 1)));
  int i = 0;
  for (val l = fixed; consp(l); l = cdr(l)) a->args[i++] = lisp1 ? compile_lisp1(car(l), s) : compile(car(l), s);
  b->referenced = true;
  ++b->forward_uses;
  add_fix(&a->rest, b, s);
  a->L = b->rest_of;
  a->apply = sym(s_apply);
  a->orig = apply_fn;
  a->lisp1 = lisp1;
  a->line = cur_line;
  a->file = file;
  return a;
}

}  // namespace tine
