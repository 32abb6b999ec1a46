// Macro expansion without compilation (see expand.hpp).  The walker keeps
// the compiler's scopes, so local functions shadow macros, local variables
// shadow symbol macros and macrolet/symacrolet apply where they should.
#include "expand.hpp"

#include "nodes.hpp"
#include "params.hpp"

namespace tine {

static val second(val f) { return car(cdr(f)); }
static val third(val f) { return car(cdr(cdr(f))); }

static val body_form(val forms) { return consp(forms) && !cdr(forms) ? car(forms) : cons(s_progn, forms); }

// A dotted tail (an apply-style call) is a form too, and so is a tail
// (... . @x) or (... . @(f)), read as (... sys:var x) or (... sys:expr (f)).
val Expander::walk_forms(val forms, Scope *s) {
  val out = nullptr, l = forms;
  for (; consp(l); l = cdr(l)) {
    val x = car(l);
    if ((x == s_var || x == s_expr) && consp(cdr(l)) && !cdr(cdr(l))) break;
    out = cons(walk(x, s), out);
  }
  val tail = l ? walk(l, s) : nullptr;
  val r = nreverse(out);
  return tail ? append2(r, tail) : r;
}

val Expander::walk_call(val form, Scope *s) { return cons(car(form), walk_forms(cdr(form), s)); }

val Expander::walk(val form, Scope *s) {
  StackDepthGuard guard;  // deep code, or a macro or symbol macro that expands forever
  if (is(form, T::Sym) && form) {
    val exp;
    // A symbol macro that expands to its own symbol stands for itself, as in TXR.
    return c.lookup_symacro(form, s, &exp) && exp != form ? walk(exp, s) : form;
  }
  if (!consp(form)) return form;
  val head = car(form);
  if (consp(head) && car(head) == s_lambda) return cons(walk(head, s), walk_forms(cdr(form), s));
  if (!is(head, T::Sym)) return form;
  bool crossed;
  if (c.lookup_fun(head, s, &crossed)) return walk_call(form, s);
  if (const SpecialFormDef *sf = find_special_form(head))
    return sf->walk ? sf->walk(*this, form, s) : walk_call(form, s);
  if (val m = c.lookup_macro(head, s)) {
    val args[2] = {form, make_macro_env(s)};
    val exp = funcall(m, args, 2);
    if (exp != form) return walk(exp, s);
    bool accepted;
    exp = expand_declined(m, form, s, &accepted);
    return accepted ? walk(exp, s) : exp;
  }
  return walk_call(form, s);
}

val expand_declined(val m, val form, Scope *s, bool *accepted) {
  Expander e;
  val args = e.walk_forms(cdr(form), s);
  bool changed = false;
  for (val a = args, b = cdr(form); consp(a) && consp(b); a = cdr(a), b = cdr(b)) changed |= car(a) != car(b);
  *accepted = false;
  if (!changed) return form;
  val retry = cons(car(form), args);
  val argv[2] = {retry, make_macro_env(s)};
  val exp = funcall(m, argv, 2);
  *accepted = exp != retry;
  return exp;
}

// Required, optional (sym default [present-p]) and rest parameters; each
// default sees the parameters before it.
val Expander::walk_params(val params, Scope *ls) {
  val out = nullptr;
  val p = params;
  for (; consp(p); p = cdr(p)) {
    val item = car(p);
    if (consp(item)) {
      val d = consp(cdr(item)) ? list({walk(second(item), ls)}) : nullptr;
      c.bind(ls, car(item));
      if (consp(cdr(item)) && consp(cdr(cdr(item)))) c.bind(ls, third(item));
      out = cons(cons(car(item), append2(d, consp(cdr(item)) ? cdr(cdr(item)) : nullptr)), out);
    } else {
      if (item != s_colon && is(item, T::Sym) && item) c.bind(ls, item);
      out = cons(item, out);
    }
  }
  if (p && is(p, T::Sym)) c.bind(ls, p);
  val r = nreverse(out);
  if (p) r = append2(r, p);
  return r;
}

val Expander::walk_lambda_tail(val tail, Scope *s, ScopeKind kind) {
  val params = car(tail), body = cdr(tail);
  if (has_param_macros(params, false))
    params = expand_param_macros(params, &body, make_macro_env(s), cons(s_lambda, tail), false);
  Scope *ls = c.new_scope(s, kind);
  params = walk_params(params, ls);
  return cons(params, walk_forms(body, ls));
}

// Every symbol of a destructuring pattern becomes a variable.
static void bind_pattern(Compiler &c, val pat, Scope *s) {
  if (consp(pat)) {
    bind_pattern(c, car(pat), s);
    bind_pattern(c, cdr(pat), s);
  } else if (is(pat, T::Sym) && pat && pat != s_colon && !keywordp(pat) && pat != s_t) {
    c.bind(s, pat);
  }
}

// ---- walkers of special forms ----------------------------------------------------------

// (quote x): exactly one argument, as TXR checks when expanding.
void check_quote_form(val form) {
  val args = cdr(form);
  if (!consp(args)) errorf(s_eval_error, "quote: missing argument in ~s", form);
  if (cdr(args)) errorf(s_eval_error, "quote: excess arguments in ~s", form);
}

val walk_quote(Expander &, val form, Scope *) {
  check_quote_form(form);
  return form;
}
// Forms whose arguments are data, not forms (go, defsymacro ...).
val walk_verbatim(Expander &, val form, Scope *) { return form; }
val walk_qquote(Expander &e, val form, Scope *s) { return e.walk(expand_qquote(second(form)), s); }

val walk_let(Expander &e, val form, Scope *s) {
  bool sequential = car(form) != s_let;
  Scope *ls = e.c.new_scope(s, ScopeKind::Let);
  val specs = nullptr;
  for (val l = second(form); consp(l); l = cdr(l)) {
    val spec = car(l);
    if (consp(spec)) {
      val init = consp(cdr(spec)) ? list({e.walk(second(spec), sequential ? ls : s)}) : nullptr;
      spec = cons(car(spec), init);
    }
    if (sequential) e.c.bind(ls, consp(spec) ? car(spec) : spec);
    specs = cons(spec, specs);
  }
  specs = nreverse(specs);
  if (!sequential)
    for (val l = specs; l; l = cdr(l)) e.c.bind(ls, consp(car(l)) ? car(car(l)) : car(l));
  return cons(car(form), cons(specs, e.walk_forms(cdr(cdr(form)), ls)));
}

val walk_lambda(Expander &e, val form, Scope *s) { return cons(car(form), e.walk_lambda_tail(cdr(form), s)); }

val walk_flet(Expander &e, val form, Scope *s) {
  bool recursive = car(form) != intern("flet");
  Scope *fs = e.c.new_scope(s, ScopeKind::Let);
  if (recursive)
    for (val l = second(form); consp(l); l = cdr(l)) e.c.bind(fs, car(car(l)), true);
  val specs = nullptr;
  for (val l = second(form); consp(l); l = cdr(l)) {
    val spec = car(l);
    specs = cons(consp(spec) ? cons(car(spec), e.walk_lambda_tail(cdr(spec), recursive ? fs : s)) : spec, specs);
  }
  if (!recursive)
    for (val l = second(form); consp(l); l = cdr(l)) e.c.bind(fs, car(car(l)), true);
  return cons(car(form), cons(nreverse(specs), e.walk_forms(cdr(cdr(form)), fs)));
}

val walk_macrolet(Expander &e, val form, Scope *s) {
  return e.walk(body_form(cdr(cdr(form))), macrolet_scope(e.c, second(form), s));
}

val walk_symacrolet(Expander &e, val form, Scope *s) {
  return e.walk(body_form(cdr(cdr(form))), symacrolet_scope(e.c, second(form), s));
}

val walk_block(Expander &e, val form, Scope *s) {
  return cons(car(form), cons(second(form), e.walk_forms(cdr(cdr(form)), s)));
}

val walk_return_from(Expander &e, val form, Scope *s) {
  return cons(car(form), cons(second(form), e.walk_forms(cdr(cdr(form)), s)));
}

// (sys:for-loop (test result...) (step...) body)
val walk_for_loop(Expander &e, val form, Scope *s) {
  val rest = cdr(form);
  return list({car(form), e.walk_forms(car(rest), s), e.walk_forms(second(rest), s), e.walk(third(rest), s)});
}

// (sys:each-loop kind ((var seq)...) body...)
val walk_each_loop(Expander &e, val form, Scope *s) {
  Scope *ls = e.c.new_scope(s, ScopeKind::Let);
  val specs = nullptr;
  for (val l = third(form); consp(l); l = cdr(l)) {
    val spec = car(l);
    specs = cons(list({car(spec), e.walk(second(spec), s)}), specs);
  }
  for (val l = third(form); consp(l); l = cdr(l)) e.c.bind(ls, car(car(l)));
  return cons(car(form), cons(second(form), cons(nreverse(specs), e.walk_forms(cdr(cdr(cdr(form))), ls))));
}

val walk_tagbody(Expander &e, val form, Scope *s) {
  val out = nullptr;
  for (val l = cdr(form); consp(l); l = cdr(l)) out = cons(consp(car(l)) ? e.walk(car(l), s) : car(l), out);
  return cons(car(form), nreverse(out));
}

// (catch form (type params body...)...), and handle.
val walk_clauses(Expander &e, val form, Scope *s) {
  val clauses = nullptr;
  for (val l = cdr(cdr(form)); consp(l); l = cdr(l)) {
    val cl = car(l);
    clauses = cons(consp(cl) ? cons(car(cl), e.walk_lambda_tail(cdr(cl), s)) : cl, clauses);
  }
  return cons(car(form), cons(e.walk(second(form), s), nreverse(clauses)));
}

val walk_catch_star(Expander &e, val form, Scope *s) {
  return cons(car(form), cons(e.walk(second(form), s), cdr(walk_clauses(e, cdr(form), s))));
}

val walk_handler_bind(Expander &e, val form, Scope *s) {
  return cons(car(form), cons(e.walk(second(form), s), cons(third(form), e.walk_forms(cdr(cdr(cdr(form))), s))));
}

// A symbol macro assigned is a place: (set expansion value).
val walk_setq(Expander &e, val form, Scope *s) {
  val exp;
  if (is(second(form), T::Sym) && e.c.lookup_symacro(second(form), s, &exp))
    return e.walk(list({s_set, exp, third(form)}), s);
  return list({car(form), second(form), e.walk(third(form), s)});
}

val walk_defun(Expander &e, val form, Scope *s) {
  if (is(second(form), T::Sym)) s = function_name_scope(e.c, second(form), s);
  if (car(form) == intern("defmacro")) {
    val params = third(form), body = cdr(cdr(cdr(form)));
    if (has_param_macros(params, true)) params = expand_param_macros(params, &body, make_macro_env(s), form, true);
    Scope *ls = e.c.new_scope(s, ScopeKind::Lambda);
    bind_pattern(e.c, params, ls);
    return cons(car(form), cons(second(form), cons(params, e.walk_forms(body, ls))));
  }
  return cons(car(form), cons(second(form), e.walk_lambda_tail(cdr(cdr(form)), s)));
}

val walk_defvar(Expander &e, val form, Scope *s) {
  return cons(car(form), cons(second(form), e.walk_forms(cdr(cdr(form)), s)));
}

// (tree-bind params expr body...), and sys:macro-bind with its extra forms.
val walk_tree_bind(Expander &e, val form, Scope *s) {
  val params = second(form), rest = cdr(cdr(cdr(form)));
  if (car(form) == intern("tree-bind") && has_param_macros(params, true))
    params = expand_param_macros(params, &rest, make_macro_env(s), form, true);
  Scope *ls = e.c.new_scope(s, ScopeKind::Let);
  bind_pattern(e.c, params, ls);
  return cons(car(form), cons(params, cons(e.walk(third(form), s), e.walk_forms(rest, ls))));
}

val walk_tree_case(Expander &e, val form, Scope *s) {
  val cases = nullptr;
  for (val l = cdr(cdr(form)); consp(l); l = cdr(l)) {
    val params = car(car(l)), body = cdr(car(l));
    if (has_param_macros(params, true)) params = expand_param_macros(params, &body, make_macro_env(s), form, true);
    Scope *ls = e.c.new_scope(s, ScopeKind::Let);
    bind_pattern(e.c, params, ls);
    cases = cons(cons(params, e.walk_forms(body, ls)), cases);
  }
  return cons(car(form), cons(e.walk(second(form), s), nreverse(cases)));
}

// [f args...]: a symbol in the first position is left for the compiler's
// Lisp-1 lookup, unless it is a symbol macro.
val walk_dwim(Expander &e, val form, Scope *s) {
  val args = cdr(form);
  if (!consp(args)) return form;
  val head = car(args);
  val exp;
  bool crossed;
  if (!is(head, T::Sym) || (e.c.lookup_symacro(head, s, &exp) && !e.c.lookup_fun(head, s, &crossed)))
    head = e.walk(head, s);
  return cons(car(form), cons(head, e.walk_forms(cdr(args), s)));
}

val walk_fun(Expander &e, val form, Scope *s) {
  val name = second(form);
  if (consp(name) && car(name) == s_lambda) return list({car(form), e.walk(name, s)});
  return form;
}

// @x in a quasi-string under a local macro named sys:var (as op defines):
// the macro's expansion R takes the field's place, as @R or @(R).
val quasi_var_macro(Compiler &c, val part, Scope *s) {
  val m = c.lookup_macro(s_var, s);
  if (!m) return part;
  val args[2] = {part, make_macro_env(s)};
  val exp = funcall(m, args, 2);
  if (exp == part) return part;
  return list({is(exp, T::Sym) && exp ? s_var : s_expr, exp});
}

static val walk_quasi_var(Expander &e, val part, Scope *s) {
  val p = quasi_var_macro(e.c, part, s);
  return p == part ? p : list({car(p), e.walk(second(p), s)});
}

val walk_quasi(Expander &e, val form, Scope *s) {
  val out = nullptr;
  for (val l = cdr(form); consp(l); l = cdr(l)) {
    val p = car(l);
    if (consp(p) && car(p) == s_expr)
      p = list({s_expr, e.walk(second(p), s)});
    else if (consp(p) && car(p) == s_var)
      p = walk_quasi_var(e, p, s);
    else if (consp(p))
      p = e.walk(p, s);
    out = cons(p, out);
  }
  return cons(car(form), nreverse(out));
}

// (load-time form): form is expanded at top level, not in s.
val walk_load_time(Expander &e, val form, Scope *s) {
  Expander top;
  return list({car(form), top.walk(second(form), nullptr)});
}

// ---- the builtins ------------------------------------------------------------------------

static Scope *env_scope(val menv, const char *self) {
  if (!menv) return nullptr;
  if (!is(menv, T::Env)) type_err(self, menv, "a macro environment");
  return static_cast<MacroEnv *>(menv)->scope;
}

val expand_form(val form, val menv) {
  Expander e;
  return e.walk(form, env_scope(menv, "expand"));
}

val macroexpand_1(val form, val menv, bool *expanded) {
  *expanded = false;
  Scope *s = env_scope(menv, "macroexpand");
  Compiler c;
  if (is(form, T::Sym) && form) {
    val exp;
    if (c.lookup_symacro(form, s, &exp)) {
      *expanded = true;
      return exp;
    }
    return form;
  }
  if (!consp(form) || !is(car(form), T::Sym)) return form;
  bool crossed;
  if (c.lookup_fun(car(form), s, &crossed) || is_special_form(car(form))) return form;
  val m = c.lookup_macro(car(form), s);
  if (!m) return form;
  val args[2] = {form, menv};
  val exp = funcall(m, args, 2);
  *expanded = exp != form;
  return exp;
}

val macroexpand(val form, val menv) {
  bool expanded = true;
  while (expanded) form = macroexpand_1(form, menv, &expanded);
  return form;
}

static val opt_env(val v) { return missing(v) ? nullptr : v; }

// Functions whose calls with constant arguments are constant: pure, and
// returning numbers, characters or booleans (never fresh mutable objects).
static const char *const foldable_names[] = {
    "+",       "-",        "*",           "/",           "abs",         "ash",        "logand",       "logior",
    "logxor",  "lognot",   "mod",         "rem",         "trunc",       "floor",      "ceil",         "round",
    "expt",    "sqrt",     "isqrt",       "exp",         "log",         "log10",      "log2",         "sin",
    "cos",     "tan",      "asin",        "acos",        "atan",        "atan2",      "sinh",         "cosh",
    "tanh",    "max",      "min",         "succ",        "pred",        "signum",     "gcd",          "lcm",
    "square",  "=",        "<",           ">",           "<=",          ">=",         "/=",           "zerop",
    "plusp",   "minusp",   "evenp",       "oddp",        "integerp",    "floatp",     "numberp",      "null",
    "not",     "eq",       "eql",         "equal",       "consp",       "atom",       "symbolp",      "stringp",
    "chr-int", "int-chr",  "chr-isdigit", "chr-isalpha", "chr-isspace", "chr-upcase", "chr-downcase", "int-flo",
    "flo-int", "identity", "neql",        "nequal",      "neq"};
static val foldable;  // eq hash of their symbols

static bool constant_form(val x) {
  if (consp(x)) {
    val head = car(x);
    if (head == s_quote) return true;
    if (head == s_dwim && consp(cdr(x))) return constant_form(cdr(x));  // [f a b] as (f a b)
    if (!is(head, T::Sym) || !gethash(foldable, head)) return false;
    for (val l = cdr(x); l; l = cdr(l))
      if (!consp(l) || !constant_form(car(l))) return false;
    return true;
  }
  if (is(x, T::Sym)) return !x || x == s_t || keywordp(x);
  return true;
}

// (constantp form [env]): after full expansion in env, a quote form, a
// self-evaluating atom, or a call of a foldable function on constants.
static val bi_constantp(const Args &a) { return boolv(constant_form(expand_form(a[0], opt_env(a[1])))); }

static val bi_expand(const Args &a) { return expand_form(a[0], opt_env(a[1])); }
static val bi_macroexpand(const Args &a) { return macroexpand(a[0], opt_env(a[1])); }
static val bi_macroexpand_1(const Args &a) {
  bool e;
  return macroexpand_1(a[0], opt_env(a[1]), &e);
}

// The innermost lexical binding of sym in the variable (or function)
// namespace of env: :var, :symacro, :fun or :macro; nil when none.
static val lexical_kind(val menv, val sy, bool fun_ns, const char *self) {
  Scope *s = env_scope(menv, self);
  if (!is(sy, T::Sym) || !sy) return nullptr;
  for (Scope *p = s; p; p = p->parent) {
    if (fun_ns) {
      for (Binding *b : p->funs)
        if (b->sym == sy) return keyword("fun");
      for (val l = p->macros; l; l = cdr(l))
        if (car(car(l)) == sy) return keyword("macro");
    } else {
      for (auto it = p->vars.rbegin(); it != p->vars.rend(); ++it)
        if ((*it)->sym == sy) return (*it)->special ? nullptr : keyword("var");
      for (val l = p->symacros; l; l = cdr(l))
        if (car(car(l)) == sy) return keyword("symacro");
    }
  }
  return nullptr;
}

static val bi_lexical_var_p(const Args &a) {
  return boolv(lexical_kind(a[0], a[1], false, a.name()) == keyword("var"));
}
static val bi_lexical_symacro_p(const Args &a) {
  return boolv(lexical_kind(a[0], a[1], false, a.name()) == keyword("symacro"));
}
static val bi_lexical_fun_p(const Args &a) { return boolv(lexical_kind(a[0], a[1], true, a.name()) == keyword("fun")); }
static val bi_lexical_macro_p(const Args &a) {
  return boolv(lexical_kind(a[0], a[1], true, a.name()) == keyword("macro"));
}

// Lisp-1 view: whichever of a variable, symbol macro or function binding is
// innermost.
static val bi_lexical_lisp1_binding(const Args &a) {
  Scope *s = env_scope(a[0], a.name());
  val sy = a[1];
  if (!is(sy, T::Sym) || !sy) return nullptr;
  for (Scope *p = s; p; p = p->parent) {
    for (auto it = p->vars.rbegin(); it != p->vars.rend(); ++it)
      if ((*it)->sym == sy && !(*it)->special) return keyword("var");
    for (val l = p->symacros; l; l = cdr(l))
      if (car(car(l)) == sy) return keyword("symacro");
    for (Binding *b : p->funs)
      if (b->sym == sy) return keyword("fun");
  }
  return nullptr;
}

// (macro-form-p obj [env]): a symbol macro, or a compound form whose head
// names a macro (global, autoloaded or local to env) and not a local
// function.
static val bi_macro_form_p(const Args &a) {
  Scope *s = env_scope(opt_env(a[1]), a.name());
  val form = a[0];
  Compiler c;
  val exp;
  if (is(form, T::Sym) && form) return boolv(c.lookup_symacro(form, s, &exp));
  if (!consp(form) || !is(car(form), T::Sym) || !car(form)) return nullptr;
  bool crossed;
  if (c.lookup_fun(car(form), s, &crossed) || is_special_form(car(form))) return nullptr;
  return boolv(c.lookup_macro(car(form), s));
}

static const BuiltinDef expand_builtins[] = {
    {"macro-form-p", 1, 1, false, bi_macro_form_p},
    {"constantp", 1, 1, false, bi_constantp},
    {"lexical-var-p", 2, 0, false, bi_lexical_var_p},
    {"lexical-fun-p", 2, 0, false, bi_lexical_fun_p},
    {"lexical-symacro-p", 2, 0, false, bi_lexical_symacro_p},
    {"lexical-macro-p", 2, 0, false, bi_lexical_macro_p},
    {"lexical-lisp1-binding", 2, 0, false, bi_lexical_lisp1_binding},
    {"expand", 1, 1, false, bi_expand},
    {"macroexpand", 1, 1, false, bi_macroexpand},
    {"macroexpand-1", 1, 1, false, bi_macroexpand_1},
};

void init_expand() {
  register_builtins(expand_builtins);
  foldable = make_hash(HashKind::Eq);
  for (const char *n : foldable_names) sethash(foldable, intern(n), s_t);
}

}  // namespace tine
