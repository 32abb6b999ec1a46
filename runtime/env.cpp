// Macro-time environments made by programs: make-env and its accessors.
// An environment is a compiler scope (see compiler.hpp): a variable bound
// to sys:special is a lexical variable, any other value a symbol macro; a
// function bound to sys:special is a lexical function, any other value a
// macro expander.  Pattern macros (defmatch) receive such an environment.
#include "compiler.hpp"

namespace tine {

static val s_special;

static Scope *env_scope_of(val env, const char *self) {
  if (!env) return nullptr;
  if (!is(env, T::Env)) type_err(self, env, "an environment");
  return static_cast<MacroEnv *>(env)->scope;
}

static void bind_in(Scope *s, val name, val value, bool fun_ns, const char *self) {
  if (!is(name, T::Sym) || !name) type_err(self, name, "a symbol");
  if (value == s_special) {
    Binding *b = gc_new<Binding>();
    b->sym = name;
    b->scope = s;
    (fun_ns ? s->funs : s->vars).push_back(b);
  } else {
    val &alist = fun_ns ? s->macros : s->symacros;
    alist = cons(cons(name, value), alist);
  }
}

// Every binding of name in the namespace is dropped, so a new one replaces it.
static void unbind_in(Scope *s, val name, bool fun_ns) {
  gcvec<Binding *> &bs = fun_ns ? s->funs : s->vars;
  for (size_t i = bs.size(); i-- > 0;)
    if (bs[i]->sym == name) bs.erase(bs.begin() + intptr_t(i));
  val &alist = fun_ns ? s->macros : s->symacros;
  val kept = nullptr;
  for (val l = alist; l; l = cdr(l))
    if (car(car(l)) != name) kept = cons(car(l), kept);
  alist = nreverse(kept);
}

static void bind_alist(Scope *s, val alist, bool fun_ns, const char *self) {
  if (alist && !consp(alist)) type_err(self, alist, "an association list");
  val items = nullptr;
  CycleCheck cycle(alist);
  for (val l = alist; consp(l); cycle.step(l = cdr(l), self)) items = cons(car(l), items);
  for (; items; items = cdr(items)) {  // last first, so the first ends up in front
    val pair = car(items);
    if (!consp(pair)) type_err(self, pair, "a (symbol . value) pair");
    bind_in(s, car(pair), cdr(pair), fun_ns, self);
  }
}

// (make-env [var-bindings [fun-bindings [next-env]]])
static val bi_make_env(const Args &a) {
  val vb = missing(a[0]) ? nullptr : a[0], fb = missing(a[1]) ? nullptr : a[1];
  Scope *next = env_scope_of(missing(a[2]) ? nullptr : a[2], a.name());
  Scope *s = gc_new<Scope>(next, ScopeKind::Macro);
  bind_alist(s, vb, false, a.name());
  bind_alist(s, fb, true, a.name());
  return make_macro_env(s);
}

static val bindings_of(Scope *s, bool fun_ns) {
  if (!s) return nullptr;
  val out = nullptr;
  const gcvec<Binding *> &bs = fun_ns ? s->funs : s->vars;
  for (Binding *b : bs) out = cons(cons(b->sym, s_special), out);
  out = nreverse(out);
  return append2(fun_ns ? s->macros : s->symacros, out);
}

static val bi_env_vbindings(const Args &a) { return bindings_of(env_scope_of(a[0], a.name()), false); }
static val bi_env_fbindings(const Args &a) { return bindings_of(env_scope_of(a[0], a.name()), true); }

static val bi_env_next(const Args &a) {
  Scope *s = env_scope_of(a[0], a.name());
  return s && s->parent ? make_macro_env(s->parent) : nullptr;
}

// (env-vbind env sym value), (env-fbind env sym value); a nil env is the
// global environment.
static val env_bind(const Args &a, bool fun_ns) {
  val name = a[1], value = a[2];
  if (!is(name, T::Sym) || !name) type_err(a.name(), name, "a symbol");
  if (!a[0]) {
    if (fun_ns)
      sym(name)->fun = value;
    else
      sym(name)->value = value;
    return value;
  }
  Scope *s = env_scope_of(a[0], a.name());
  unbind_in(s, name, fun_ns);
  bind_in(s, name, value, fun_ns, a.name());
  return value;
}

static val bi_env_vbind(const Args &a) { return env_bind(a, false); }
static val bi_env_fbind(const Args &a) { return env_bind(a, true); }

static const BuiltinDef env_builtins[] = {
    {"make-env", 0, 3, false, bi_make_env},           {"env-vbindings", 1, 0, false, bi_env_vbindings},
    {"env-fbindings", 1, 0, false, bi_env_fbindings}, {"env-next", 1, 0, false, bi_env_next},
    {"env-vbind", 3, 0, false, bi_env_vbind},         {"env-fbind", 3, 0, false, bi_env_fbind},
};

void init_env() {
  register_builtins(env_builtins);
  s_special = intern_sys("special");
}

}  // namespace tine
