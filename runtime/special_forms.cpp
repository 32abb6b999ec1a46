// The special forms: one table row each, with the function that compiles
// the form and the one that walks it for expand.  Everything that is a
// plain rewrite into these is a macro in stdlib/*.tl.
#include <cstring>

#include "expand.hpp"
#include "nodes.hpp"
#include "params.hpp"
#include "text.hpp"

namespace tine {

static Node *konst(val v) { return gc_new<ConstNode>(v); }
static val second(val f) { return car(cdr(f)); }
static val third(val f) { return car(cdr(cdr(f))); }

static int list_len(val l) {
  int n = 0;
  for (; consp(l); l = cdr(l)) ++n;
  return n;
}

static bool dotted(val l) {
  while (consp(l)) l = cdr(l);
  return l != nullptr;
}

static Node **node_array(int n) { return static_cast<Node **>(gc_scanned(sizeof(Node *) * size_t(n ? n : 1))); }
template <class X>
static X *gc_array(int n) {
  return static_cast<X *>(gc_scanned(sizeof(X) * size_t(n + 1)));
}

// ---- sequencing and selection ------------------------------------------------------------

static Node *sf_quote(Compiler &c, val form, Scope *s) {
  check_quote_form(form);
  return konst(second(form));
}
static Node *sf_qquote(Compiler &c, val form, Scope *s) { return c.compile(expand_qquote(second(form)), s); }
static Node *sf_progn(Compiler &c, val form, Scope *s) { return c.compile_body(cdr(form), s); }

static Node *sf_if(Compiler &c, val form, Scope *s) {
  return gc_new<IfNode>(c.compile(second(form), s), c.compile(third(form), s), c.compile_body(cdr(cdr(cdr(form))), s));
}

template <class N>
static Node *junction(Compiler &c, val form, Scope *s, val empty) {
  int n = list_len(cdr(form));
  if (n == 0) return konst(empty);
  if (n == 1) return c.compile(second(form), s);
  N *node = gc_new<N>();
  node->n = n;
  node->items = node_array(n);
  int i = 0;
  for (val l = cdr(form); l; l = cdr(l)) node->items[i++] = c.compile(car(l), s);
  return node;
}

static Node *sf_and(Compiler &c, val form, Scope *s) { return junction<AndNode>(c, form, s, s_t); }
static Node *sf_or(Compiler &c, val form, Scope *s) { return junction<OrNode>(c, form, s, nullptr); }

static Node *sf_prog1(Compiler &c, val form, Scope *s) {
  Prog1Node *p = gc_new<Prog1Node>();
  p->first = c.compile(second(form), s);
  p->rest = c.compile_body(cdr(cdr(form)), s);
  return p;
}

static Node *sf_unwind_protect(Compiler &c, val form, Scope *s) {
  UnwindNode *u = gc_new<UnwindNode>();
  u->body = c.compile(second(form), s);
  u->cleanup = c.compile_body(cdr(cdr(form)), s);
  return u;
}

// ---- binding ----------------------------------------------------------------------------------

static Node *compile_let(Compiler &c, val form, Scope *s, bool sequential) {
  val specs = second(form), body = cdr(cdr(form));
  if (sequential && consp(specs) && consp(cdr(specs))) {
    // let* nests one binding per level.
    val inner = cons(car(form), cons(cdr(specs), body));
    return compile_let(c, list({s_let, list({car(specs)}), inner}), s, false);
  }
  Scope *ls = c.new_scope(s, ScopeKind::Let);
  int n = list_len(specs);
  LetNode *node = gc_new<LetNode>();
  node->info = ls->info;
  node->n = n;
  node->inits = node_array(n);
  node->targets = gc_array<SlotRef>(n);
  node->specials = gc_array<val>(n);
  gcvec<val> names;
  int i = 0;
  for (val l = specs; l; l = cdr(l), ++i) {
    val spec = car(l);
    val name = consp(spec) ? car(spec) : spec;
    node->inits[i] = consp(spec) && consp(cdr(spec)) ? c.compile(second(spec), s) : konst(nullptr);
    names.push_back(name);
  }
  for (i = 0; i < n; ++i) {
    Binding *b = c.bind(ls, names[size_t(i)]);
    if (b->special) {
      node->specials[i] = b->sym;
      node->any_special = true;
    } else {
      c.add_fix(&node->targets[i], b, ls);
    }
  }
  node->body = c.compile_body(body, ls);
  return node;
}

static Node *sf_let(Compiler &c, val form, Scope *s) { return compile_let(c, form, s, false); }
static Node *sf_let_star(Compiler &c, val form, Scope *s) { return compile_let(c, form, s, true); }

static Node *sf_lambda(Compiler &c, val form, Scope *s) {
  return c.compile_lambda(second(form), cdr(cdr(form)), s, nullptr, false);
}

static Node *compile_flet(Compiler &c, val form, Scope *s, bool recursive) {
  val specs = second(form), body = cdr(cdr(form));
  Scope *fs = c.new_scope(s, ScopeKind::Let);
  int n = list_len(specs);
  LetNode *node = gc_new<LetNode>();
  node->info = fs->info;
  node->inits_inside = recursive;
  node->n = n;
  node->inits = node_array(n);
  node->targets = gc_array<SlotRef>(n);
  node->specials = gc_array<val>(n);
  gcvec<Binding *> bs;
  if (recursive)
    for (val l = specs; l; l = cdr(l)) bs.push_back(c.bind(fs, car(car(l)), true));
  int i = 0;
  for (val l = specs; l; l = cdr(l), ++i) {
    val spec = car(l);
    if (!consp(spec) || !consp(cdr(spec))) c.fail(form, "~s: bad function definition ~s", car(form), spec);
    node->inits[i] = c.compile_lambda(second(spec), cdr(cdr(spec)), recursive ? fs : s, car(spec), true);
  }
  if (!recursive)
    for (val l = specs; l; l = cdr(l)) bs.push_back(c.bind(fs, car(car(l)), true));
  for (i = 0; i < n; ++i) c.add_fix(&node->targets[i], bs[size_t(i)], fs);
  node->body = c.compile_body(body, fs);
  return node;
}

static Node *sf_flet(Compiler &c, val form, Scope *s) { return compile_flet(c, form, s, false); }
static Node *sf_labels(Compiler &c, val form, Scope *s) { return compile_flet(c, form, s, true); }

static Node *sf_macrolet(Compiler &c, val form, Scope *s) {
  return c.compile_body(cdr(cdr(form)), macrolet_scope(c, second(form), s));
}

static Node *sf_symacrolet(Compiler &c, val form, Scope *s) {
  return c.compile_body(cdr(cdr(form)), symacrolet_scope(c, second(form), s));
}

// ---- blocks and exits ----------------------------------------------------------------------

static Node *sf_block(Compiler &c, val form, Scope *s) { return c.compile_block(second(form), cdr(cdr(form)), s); }

// (block* name-form body...): the name is computed, so only dynamic
// return-from can reach it.
static Node *sf_block_star(Compiler &c, val form, Scope *s) {
  BlockNode *b = static_cast<BlockNode *>(c.compile_block(nullptr, cdr(cdr(form)), s));
  b->name_form = c.compile(second(form), s);
  return b;
}

static Node *sf_return_from(Compiler &c, val form, Scope *s) {
  if (!consp(cdr(form))) c.fail(form, "return-from: missing block name in ~s", form);
  return c.compile_return_from(second(form), third(form), s);
}

// (sys:for-loop (test result...) (step...) body): the loop of for and for*.
static Node *sf_for_loop(Compiler &c, val form, Scope *s) {
  val test_res = car(cdr(form)), steps = car(cdr(cdr(form))), body = car(cdr(cdr(cdr(form))));
  ForNode *f = gc_new<ForNode>();
  f->test = consp(test_res) ? c.compile(car(test_res), s) : nullptr;
  f->result = c.compile_body(cdr(test_res), s);
  f->step = c.compile_body(steps, s);
  f->body = c.compile(body, s);
  f->recognise_counted();
  return f;
}

// (sys:each-loop kind ((var seq-form)...) body...) with kind :do, :collect
// or :append: the variables are fresh in each pass.
static Node *sf_each_loop(Compiler &c, val form, Scope *s) {
  val kind = second(form), specs = third(form);
  EachNode *e = gc_new<EachNode>();
  if (kind == keyword("collect"))
    e->mode = EachNode::Collect;
  else if (kind == keyword("append"))
    e->mode = EachNode::Append;
  else if (kind != keyword("do"))
    c.fail(form, "sys:each-loop: bad kind ~s", kind);
  e->n = list_len(specs);
  e->seqs = node_array(e->n);
  e->targets = gc_array<SlotRef>(e->n);
  int i = 0;
  for (val l = specs; l; l = cdr(l), ++i) {
    if (!consp(car(l)) || !consp(cdr(car(l)))) c.fail(form, "each: bad binding ~s", car(l));
    e->seqs[i] = c.compile(second(car(l)), s);
  }
  Scope *ls = c.new_scope(s, ScopeKind::Let);
  e->info = ls->info;
  i = 0;
  for (val l = specs; l; l = cdr(l), ++i) {
    Binding *b = c.bind(ls, car(car(l)));
    b->special = false;
    c.add_fix(&e->targets[i], b, ls);
  }
  e->body = c.compile_body(cdr(cdr(cdr(form))), ls);
  return e;
}

static Node *sf_tagbody(Compiler &c, val form, Scope *s) {
  Scope *ts = c.new_scope(s, ScopeKind::Tagbody);
  ts->hidden = c.bind(ts, make_sym(mkstr(U"tagbody")));
  val tags = nullptr;
  int nstmt = 0;
  for (val l = cdr(form); l; l = cdr(l)) {
    if (consp(car(l)))
      ++nstmt;
    else
      tags = cons(car(l), tags);
  }
  ts->tags = nreverse(tags);
  TagbodyNode *t = gc_new<TagbodyNode>();
  t->info = ts->info;
  c.add_fix(&t->token, ts->hidden, ts);
  t->n = nstmt;
  t->stmts = node_array(nstmt);
  int ntags = list_len(ts->tags);
  t->label_at = static_cast<int *>(gc_atomic(sizeof(int) * size_t(ntags + 1)));
  int i = 0, k = 0;
  for (val l = cdr(form); l; l = cdr(l)) {
    if (consp(car(l)))
      t->stmts[i++] = c.compile(car(l), ts);
    else
      t->label_at[k++] = i;
  }
  return t;
}

static Node *sf_go(Compiler &c, val form, Scope *s) {
  val tag = second(form);
  bool crossed = false;
  for (Scope *p = s; p; p = p->parent) {
    if (p->kind == ScopeKind::Tagbody) {
      int idx = 0;
      for (val l = p->tags; l; l = cdr(l), ++idx)
        if (eql(car(l), tag)) {
          GoNode *g = gc_new<GoNode>();
          g->index = idx;
          g->tag = tag;
          if (crossed) p->hidden->captured = true;
          c.add_fix(&g->token, p->hidden, s);
          return g;
        }
    }
    if (p->kind == ScopeKind::Lambda) crossed = true;
  }
  c.fail(form, "go: no tag ~s is visible", tag);
}

// ---- exceptions ----------------------------------------------------------------------------

// (catch form (type params body...)...) and (handle form ...): one function
// per clause, applied to the exception's arguments.
static Node **clause_functions(Compiler &c, val form, Scope *s, int *n, val *types) {
  val clauses = cdr(cdr(form));
  *n = list_len(clauses);
  Node **fns = node_array(*n);
  val ts = nullptr;
  int i = 0;
  for (val l = clauses; l; l = cdr(l), ++i) {
    val cl = car(l);
    if (!consp(cl) || !consp(cdr(cl))) c.fail(form, "~s: bad clause ~s", car(form), cl);
    ts = cons(car(cl), ts);
    fns[i] = c.compile_lambda(second(cl), cdr(cdr(cl)), s, nullptr, false);
  }
  *types = nreverse(ts);
  return fns;
}

static Node *sf_catch(Compiler &c, val form, Scope *s) {
  CatchNode *n = gc_new<CatchNode>();
  n->body = c.compile(second(form), s);
  n->clauses = clause_functions(c, form, s, &n->n, &n->types);
  return n;
}

// (sys:catch* descs-form try clause...)
static Node *sf_catch_star(Compiler &c, val form, Scope *s) {
  CatchNode *n = gc_new<CatchNode>();
  n->descs = c.compile(second(form), s);
  n->pass_type = true;
  val rest = cdr(form);  // (try clause...) as catch sees (catch try clause...)
  n->body = c.compile(second(rest), s);
  n->clauses = clause_functions(c, rest, s, &n->n, &n->types);
  return n;
}

// (handler-bind fun-form (type...) body...)
static Node *sf_handler_bind(Compiler &c, val form, Scope *s) {
  HandleNode *h = gc_new<HandleNode>();
  h->fun = c.compile(second(form), s);
  h->types = third(form);
  for (val l = h->types; l; l = cdr(l))
    if (!consp(l) || !is(car(l), T::Sym)) c.fail(form, "handler-bind: bad type list ~s", third(form));
  h->body = c.compile_body(cdr(cdr(cdr(form))), s);
  return h;
}

// ---- assignment and definitions ------------------------------------------------------------

static Node *sf_setq(Compiler &c, val form, Scope *s) {
  if (list_len(cdr(form)) != 2) c.fail(form, "sys:setq: expects a variable and a value: ~s", form);
  return c.compile_setq(second(form), third(form), s);
}

struct SetFunNode : Node {
  Sym *s;
  Node *fn;
  bool macro;
  val eval(Frame *f) override {
    val v = fn->eval(f);
    if (macro)
      s->macro = v;
    else {
      s->fun = v;
      s->macro = nullptr;
    }
    return static_cast<val>(s);
  }
};

// The scope of a defun or defmacro: %fun% names the function there (in
// default forms too).
Scope *function_name_scope(Compiler &c, val name, Scope *s) {
  Scope *fs = c.new_scope(s, ScopeKind::Macro);
  fs->symacros = cons(cons(intern("%fun%"), list({s_quote, name})), nullptr);
  return fs;
}

static Node *compile_defun(Compiler &c, val form, Scope *s, bool macro) {
  val name = second(form);
  if (!is(name, T::Sym) || !name) c.fail(form, "~s: ~s is not a function name", car(form), name);
  if (!consp(cdr(cdr(form)))) c.fail(form, "~s: missing parameter list in ~s", car(form), form);
  s = function_name_scope(c, name, s);
  SetFunNode *n = gc_new<SetFunNode>();
  n->s = sym(name);
  n->macro = macro;
  n->fn = macro ? compile_macro_function(c, name, third(form), cdr(cdr(cdr(form))), s)
                : c.compile_lambda(third(form), cdr(cdr(cdr(form))), s, name, true);
  return n;
}

static Node *sf_defun(Compiler &c, val form, Scope *s) { return compile_defun(c, form, s, false); }
static Node *sf_defmacro(Compiler &c, val form, Scope *s) { return compile_defun(c, form, s, true); }

static Node *compile_defvar(Compiler &c, val form, Scope *s, bool only_if_unbound, bool special) {
  val name = second(form);
  if (!is(name, T::Sym) || !name || sym(name)->constant)
    c.fail(form, "~s: ~s is not a bindable symbol", car(form), name);
  if (special) sym(name)->special = 1;
  DefvarNode *d = gc_new<DefvarNode>();
  d->s = sym(name);
  d->only_if_unbound = only_if_unbound;
  d->value = consp(cdr(cdr(form))) ? c.compile(third(form), s) : nullptr;
  if (!d->value && sym(name)->value == UNBOUND) d->value = konst(nullptr);
  return d;
}

static Node *sf_defvar(Compiler &c, val form, Scope *s) { return compile_defvar(c, form, s, true, true); }
static Node *sf_defparm(Compiler &c, val form, Scope *s) { return compile_defvar(c, form, s, false, true); }
static Node *sf_defvarl(Compiler &c, val form, Scope *s) { return compile_defvar(c, form, s, true, false); }
static Node *sf_defparml(Compiler &c, val form, Scope *s) { return compile_defvar(c, form, s, false, false); }

static Node *sf_defsymacro(Compiler &c, val form, Scope *s) {
  val name = second(form);
  if (!is(name, T::Sym) || !name || sym(name)->constant) c.fail(form, "defsymacro: ~s is not a bindable symbol", name);
  Box *b = gc_obj<Box>(T::Box);
  b->v = third(form);
  sym(name)->symacro = b;
  sym(name)->value = UNBOUND;  // a global symbol macro replaces a global variable
  sym(name)->special = 0;
  return konst(name);
}

// ---- destructuring --------------------------------------------------------------------------

// (tree-bind params expr body...) and (sys:macro-bind params form whole env
// name body...)
static Node *compile_destructure(Compiler &c, val form, Scope *s, bool macro) {
  val params = second(form);
  DestructureNode *d = gc_new<DestructureNode>();
  d->value = c.compile(third(form), s);
  val rest = cdr(cdr(cdr(form)));
  if (macro) {
    d->whole = c.compile(car(rest), s);
    d->env = c.compile(second(rest), s);
    d->name = third(rest);
    rest = cdr(cdr(cdr(rest)));
  } else {
    d->name = car(form);
    if (has_param_macros(params, true)) params = expand_param_macros(params, &rest, make_macro_env(s), form, true);
  }
  Scope *ds = c.new_scope(s, ScopeKind::Let);
  d->info = ds->info;
  d->pat = compile_dpat(c, params, ds, macro);
  d->body = c.compile_body(rest, ds);
  return d;
}

static Node *sf_tree_bind(Compiler &c, val form, Scope *s) { return compile_destructure(c, form, s, false); }
static Node *sf_macro_bind(Compiler &c, val form, Scope *s) { return compile_destructure(c, form, s, true); }

static Node *sf_tree_case(Compiler &c, val form, Scope *s) {
  TreeCaseNode *t = gc_new<TreeCaseNode>();
  t->value = c.compile(second(form), s);
  val cases = cdr(cdr(form));
  t->n = list_len(cases);
  t->infos = gc_array<ScopeInfo *>(t->n);
  t->pats = gc_array<DPat *>(t->n);
  t->bodies = node_array(t->n);
  int i = 0;
  for (val l = cases; l; l = cdr(l), ++i) {
    if (!consp(car(l))) c.fail(form, "tree-case: bad case ~s", car(l));
    val params = car(car(l)), body = cdr(car(l));
    if (has_param_macros(params, true)) params = expand_param_macros(params, &body, make_macro_env(s), form, true);
    Scope *cs = c.new_scope(s, ScopeKind::Let);
    t->infos[i] = cs->info;
    t->pats[i] = compile_dpat(c, params, cs, false);
    t->bodies[i] = c.compile_body(body, cs);
  }
  return t;
}

// ---- function positions and quasi-strings ----------------------------------------------------

// [apply f args... rest] with apply not lexically bound: see applyrest.cpp.
static Node *dwim_apply_rest(Compiler &c, val args, Scope *s) {
  static val s_apply = intern("apply");
  val head = car(args);
  bool crossed;
  val exp;
  if (head != s_apply || list_len(args) < 3 || sym(head)->special) return nullptr;
  if (c.lookup_var(head, s, nullptr, &crossed) || c.lookup_symacro(head, s, &exp) || c.lookup_fun(head, s, &crossed))
    return nullptr;
  val fixed = nullptr, l = cdr(cdr(args));
  for (; consp(cdr(l)); l = cdr(l)) fixed = cons(car(l), fixed);
  return c.compile_apply_rest(second(args), nreverse(fixed), car(l), s, true);
}

static Node *sf_dwim(Compiler &c, val form, Scope *s) {
  val args = cdr(form);
  if (!consp(args)) c.fail(form, "dwim: missing function or object in ~s", form);
  if (dotted(args)) {  // [f a . rest] is (apply f a rest), each evaluated Lisp-1 style
    val spread = nullptr, l = args;
    for (; consp(l); l = cdr(l)) spread = cons(list({intern_sys("lisp1-value"), car(l)}), spread);
    spread = nreverse(cons(list({intern_sys("lisp1-value"), l}), spread));
    return c.compile(cons(intern("apply"), spread), s);
  }
  if (Node *a = dwim_apply_rest(c, args, s)) return a;
  DwimNode *d = gc_new<DwimNode>();
  d->obj = c.compile_lisp1(car(args), s);
  d->n = list_len(cdr(args));
  d->args = node_array(d->n);
  int i = 0;
  // Every argument is evaluated Lisp-1 style: [mapcar car list].
  for (val a = cdr(args); a; a = cdr(a)) d->args[i++] = c.compile_lisp1(car(a), s);
  d->line = c.cur_line;
  d->file = c.file;
  return d;
}

static Node *sf_lisp1_value(Compiler &c, val form, Scope *s) { return c.compile_lisp1(second(form), s); }
static Node *sf_fun(Compiler &c, val form, Scope *s) { return c.compile_fun(form, s); }

static Node *sf_quasi(Compiler &c, val form, Scope *s) {
  QuasiNode *q = gc_new<QuasiNode>();
  q->n = list_len(cdr(form));
  q->parts = node_array(q->n);
  q->literal = static_cast<bool *>(gc_atomic(sizeof(bool) * size_t(q->n + 1)));
  int i = 0;
  for (val l = cdr(form); l; l = cdr(l), ++i) {
    val p = car(l);
    if (consp(p) && car(p) == s_var) p = quasi_var_macro(c, p, s);
    q->literal[i] = stringp(p);
    if (stringp(p))
      q->parts[i] = konst(p);
    else if (consp(p) && car(p) == s_var && consp(cdr(cdr(p))))  // @{x modifier...}
      q->parts[i] = c.compile(quasi_field_form(p), s);
    else if (consp(p) && (car(p) == s_var || car(p) == s_expr))
      q->parts[i] = c.compile(second(p), s);
    else
      q->parts[i] = c.compile(p, s);
  }
  return q;
}

static Node *sf_load_time(Compiler &c, val form, Scope *s) {
  if (!consp(cdr(form)) || cdr(cdr(form))) c.fail(form, "load-time: expects one form: ~s", form);
  Compiler inner;
  inner.file = c.file;
  inner.cur_line = c.cur_line;
  Scope *top = inner.new_scope(nullptr, ScopeKind::Lambda);
  LoadTimeNode *n = gc_new<LoadTimeNode>();
  n->form = inner.compile(second(form), top);
  inner.finalize();
  n->nslots = top->info->nslots;
  if (c.hoist_load_time) c.load_times.push_back(n);
  return n;
}

// ---- the table ------------------------------------------------------------------------------------

static const SpecialFormDef special_form_table[] = {
    {"quote", sf_quote, walk_quote},
    {"sys:qquote", sf_qquote, walk_qquote},
    {"progn", sf_progn, nullptr},
    {"if", sf_if, nullptr},
    {"and", sf_and, nullptr},
    {"or", sf_or, nullptr},
    {"prog1", sf_prog1, nullptr},
    {"unwind-protect", sf_unwind_protect, nullptr},
    {"let", sf_let, walk_let},
    {"let*", sf_let_star, walk_let},
    {"lambda", sf_lambda, walk_lambda},
    {"flet", sf_flet, walk_flet},
    {"labels", sf_labels, walk_flet},
    {"macrolet", sf_macrolet, walk_macrolet},
    {"symacrolet", sf_symacrolet, walk_symacrolet},
    {"block", sf_block, walk_block},
    {"block*", sf_block_star, nullptr},
    {"return-from", sf_return_from, walk_return_from},
    {"sys:for-loop", sf_for_loop, walk_for_loop},
    {"sys:each-loop", sf_each_loop, walk_each_loop},
    {"tagbody", sf_tagbody, walk_tagbody},
    {"go", sf_go, walk_verbatim},
    {"catch", sf_catch, walk_clauses},
    {"sys:catch*", sf_catch_star, walk_catch_star},
    {"handler-bind", sf_handler_bind, walk_handler_bind},
    {"sys:setq", sf_setq, walk_setq},
    {"defun", sf_defun, walk_defun},
    {"defmacro", sf_defmacro, walk_defun},
    {"defvar", sf_defvar, walk_defvar},
    {"defparm", sf_defparm, walk_defvar},
    {"defvarl", sf_defvarl, walk_defvar},
    {"defparml", sf_defparml, walk_defvar},
    {"defsymacro", sf_defsymacro, walk_verbatim},
    {"tree-bind", sf_tree_bind, walk_tree_bind},
    {"sys:macro-bind", sf_macro_bind, walk_tree_bind},
    {"tree-case", sf_tree_case, walk_tree_case},
    {"dwim", sf_dwim, walk_dwim},
    {"sys:lisp1-value", sf_lisp1_value, walk_verbatim},
    {"fun", sf_fun, walk_fun},
    {"sys:quasi", sf_quasi, walk_quasi},
    {"load-time", sf_load_time, walk_load_time},
};

static val special_forms;  // eq hash: symbol -> index in the table

const SpecialFormDef *find_special_form(val sy) {
  if (!is(sy, T::Sym)) return nullptr;
  val i = gethash(special_forms, sy);
  return i ? &special_form_table[fixval(i)] : nullptr;
}

bool is_special_form(val sy) { return find_special_form(sy) != nullptr; }

void init_special_forms() {
  // Outside named functions, %fun% is nil.
  Box *none = gc_obj<Box>(T::Box);
  none->v = nullptr;
  sym(intern("%fun%"))->symacro = none;
  special_forms = make_hash(HashKind::Eq);
  for (size_t i = 0; i < sizeof special_form_table / sizeof *special_form_table; ++i) {
    const char *name = special_form_table[i].name;
    val sy = strncmp(name, "sys:", 4) == 0 ? intern_sys(name + 4) : intern(name);
    sethash(special_forms, sy, mkfix(intptr_t(i)));
    sym(sy)->provided = 1;
  }
}

}  // namespace tine
