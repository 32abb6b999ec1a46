// The compiler: macro-expands each form once and turns it into a node tree
// whose lexical variables are resolved to frame slots.
#include "nodes.hpp"
#include "text.hpp"

namespace tine {

static val s_setq, s_if, s_cond, s_and, s_or, s_let_star, s_flet, s_labels, s_macrolet, s_symacrolet, s_return,
    s_return_from, s_for, s_for_star, s_unwind_protect, s_catch, s_handle, s_defun, s_defmacro, s_defvar, s_defparm,
    s_defvarl, s_defparml, s_defsymacro, s_tree_bind, s_tree_case, s_if_match, s_tagbody, s_go, s_when, s_unless,
    s_while, s_until, s_prog1, s_macro_bind, s_inc, s_dec, s_push, s_pop, s_pushnew, s_del, s_zap, s_swap, s_flip,
    s_block_star, s_regex_lit, s_dwim_set, s_each, s_each_star, s_collect_each, s_collect_each_star, s_lisp1_value;
static val special_forms;  // eq hash: symbol -> t

// ---- scopes and bindings --------------------------------------------------------

Scope *Compiler::new_scope(Scope *parent, ScopeKind kind) {
  Scope *s = gc_new<Scope>(parent, kind);
  if (kind != ScopeKind::Macro) {
    s->info = gc_new<ScopeInfo>();
    scopes.push_back(s);
  }
  return s;
}

Binding *Compiler::bind(Scope *s, val sy, bool fun_ns) {
  if (!is(sy, T::Sym) || sym(sy)->constant || sy == s_t) fail(sy, "~s is not a bindable symbol", sy);
  Binding *b = gc_new<Binding>();
  b->sym = sy;
  b->scope = s;
  b->special = !fun_ns && sym(sy)->special;
  (fun_ns ? s->funs : s->vars).push_back(b);
  bindings.push_back(b);
  return b;
}

void Compiler::add_fix(SlotRef *ref, Binding *b, Scope *from) { fixes.push_back(Fix{ref, b, from}); }

static Scope *frame_scope(Scope *s) {
  while (s && !(s->info && s->info->own_frame)) s = s->parent;
  return s;
}

void Compiler::finalize() {
  for (Scope *s : scopes) {
    if (s->kind == ScopeKind::Lambda) {
      s->info->own_frame = true;
      continue;
    }
    bool captured = s->hidden && s->hidden->captured;
    for (Binding *b : s->vars) captured |= b->captured && !b->special;
    for (Binding *b : s->funs) captured |= b->captured;
    s->info->own_frame = captured;
  }
  for (Binding *b : bindings) {
    if (b->special) continue;
    Scope *fs = frame_scope(b->scope);
    b->index = fs->info->nslots++;
  }
  for (Scope *s : scopes)
    if (s->lambda) {
      s->lambda->nslots = s->info->nslots;
      s->lambda->heap = s->has_closure;
    }
  for (Fix &fx : fixes) {
    Scope *to = frame_scope(fx.b->scope);
    int depth = 0;
    for (Scope *p = frame_scope(fx.from); p != to; p = frame_scope(p->parent)) ++depth;
    fx.ref->depth = depth;
    fx.ref->idx = fx.b->index;
  }
  fixes.clear();
  for (Scope *s : scopes)
    if (Lambda *L = s->lambda) {
      L->direct = !L->heap && !L->has_specials && !L->nopt && !L->rest;
      for (int i = 0; i < L->nreq; ++i) L->direct &= L->param_ref[i].idx == i && L->param_ref[i].depth == 0;
    }
  // An implicit block that nothing returns from costs a frame layer: drop it.
  for (Lambda *L : block_lambdas) {
    auto *blk = static_cast<BlockNode *>(L->body);
    if (!blk->binding->referenced) L->body = blk->body;
  }
  block_lambdas.clear();
}

void Compiler::fail(val form, const char *fmt, val a) {
  std::u32string m;
  if (file) print_to(file, m, false);
  if (cur_line) m += U":" + utf8_decode(std::to_string(cur_line));
  if (!m.empty()) m += U": ";
  val msg = a ? format_str(mkstr_utf8(fmt), Args{&a, 1}, 0, "compile") : mkstr_utf8(fmt);
  m += sv(msg);
  (void)form;
  throw_error(s_eval_error, mkstr(m));
}

int Compiler::line_of(val form) {
  if (!lines || !consp(form)) return 0;
  val l = gethash(lines, form);
  return l ? int(fixval(l)) : 0;
}

void Compiler::note_closure(Scope *s) {
  for (Scope *p = s; p; p = p->parent)
    if (p->kind == ScopeKind::Lambda) {
      p->has_closure = true;
      return;
    }
}

Binding *Compiler::lookup_var(val sy, Scope *s, Scope **found_in, bool *crossed) {
  *crossed = false;
  for (Scope *p = s; p; p = p->parent) {
    for (auto it = p->vars.rbegin(); it != p->vars.rend(); ++it)
      if ((*it)->sym == sy) {
        if (found_in) *found_in = p;
        return *it;
      }
    for (val l = p->symacros; l; l = cdr(l))
      if (car(car(l)) == sy) return nullptr;
    if (p->kind == ScopeKind::Lambda) *crossed = true;
  }
  return nullptr;
}

bool Compiler::lookup_symacro(val sy, Scope *s, val *expansion) {
  for (Scope *p = s; p; p = p->parent) {
    for (Binding *b : p->vars)
      if (b->sym == sy) return false;
    for (val l = p->symacros; l; l = cdr(l))
      if (car(car(l)) == sy) {
        *expansion = cdr(car(l));
        return true;
      }
  }
  if (is(sy, T::Sym) && sym(sy)->symacro) {
    *expansion = static_cast<Box *>(sym(sy)->symacro)->v;
    return true;
  }
  return false;
}

Binding *Compiler::lookup_fun(val sy, Scope *s, bool *crossed) {
  *crossed = false;
  for (Scope *p = s; p; p = p->parent) {
    for (auto it = p->funs.rbegin(); it != p->funs.rend(); ++it)
      if ((*it)->sym == sy) return *it;
    for (val l = p->macros; l; l = cdr(l))
      if (car(car(l)) == sy) return nullptr;
    if (p->kind == ScopeKind::Lambda) *crossed = true;
  }
  return nullptr;
}

val Compiler::lookup_macro(val sy, Scope *s) {
  for (Scope *p = s; p; p = p->parent) {
    for (Binding *b : p->funs)
      if (b->sym == sy) return nullptr;
    for (val l = p->macros; l; l = cdr(l))
      if (car(car(l)) == sy) return cdr(car(l));
  }
  return is(sy, T::Sym) ? sym(sy)->macro : nullptr;
}

Node *Compiler::ref_binding(Binding *b, Scope *from, bool crossed) {
  b->referenced = true;
  if (crossed) b->captured = true;
  if (b->special) return gc_new<GlobalRef>(b->sym);
  LocalRef *r = gc_new<LocalRef>();
  add_fix(&r->ref, b, from);
  return r;
}

// ---- helpers ------------------------------------------------------------------------

static Node *konst(val v) { return gc_new<ConstNode>(v); }

static val last_cons(val l) {
  while (consp(l) && consp(cdr(l))) l = cdr(l);
  return l;
}

static int list_len(val l) {
  int n = 0;
  for (; consp(l); l = cdr(l)) ++n;
  return n;
}

static Node **node_array(int n) { return static_cast<Node **>(gc_scanned(sizeof(Node *) * size_t(n ? n : 1))); }

Node *Compiler::compile_body(val forms, Scope *s) {
  int n = list_len(forms);
  if (n == 0) return konst(nullptr);
  if (n == 1) return compile(car(forms), s);
  PrognNode *p = gc_new<PrognNode>();
  p->n = n;
  p->items = node_array(n);
  for (int i = 0; i < n; ++i, forms = cdr(forms)) p->items[i] = compile(car(forms), s);
  return p;
}

static val second(val f) { return car(cdr(f)); }
static val third(val f) { return car(cdr(cdr(f))); }

// ---- symbols ----------------------------------------------------------------------------

Node *Compiler::compile_symbol(val sy, Scope *s) {
  if (!sy || sy == s_t || keywordp(sy)) return konst(sy);
  val exp;
  if (lookup_symacro(sy, s, &exp)) return compile(exp, s);
  bool crossed;
  if (Binding *b = lookup_var(sy, s, nullptr, &crossed)) return ref_binding(b, s, crossed);
  return gc_new<GlobalRef>(sy);
}

Node *Compiler::compile_setq(val sy, val value_form, Scope *s) {
  if (!is(sy, T::Sym)) fail(sy, "set: ~s is not a variable", sy);
  val exp;
  if (lookup_symacro(sy, s, &exp)) return compile(list({intern("set"), exp, value_form}), s);
  Node *v = compile(value_form, s);
  bool crossed;
  if (Binding *b = lookup_var(sy, s, nullptr, &crossed)) {
    b->referenced = true;
    if (crossed) b->captured = true;
    if (b->special) return gc_new<GlobalSet>(sy, v);
    LocalSet *n = gc_new<LocalSet>();
    n->value = v;
    add_fix(&n->ref, b, s);
    return n;
  }
  if (sym(sy)->constant || sy == s_t) fail(sy, "set: cannot assign constant ~s", sy);
  return gc_new<GlobalSet>(sy, v);
}

// ---- calls ---------------------------------------------------------------------------------

static struct {
  const char *name;
  BinOpNode::Op op;
  val sym;
} binops[] = {{"+", BinOpNode::Add, nullptr},   {"-", BinOpNode::Sub, nullptr}, {"<", BinOpNode::Lt, nullptr},
              {">", BinOpNode::Gt, nullptr},    {"<=", BinOpNode::Le, nullptr}, {">=", BinOpNode::Ge, nullptr},
              {"=", BinOpNode::NumEq, nullptr}, {"eq", BinOpNode::Eq, nullptr}, {"cons", BinOpNode::Cons, nullptr}};

Node *Compiler::compile_call(val form, Scope *s) {
  val head = car(form), args = cdr(form);
  int n = list_len(args);
  if (consp(args) ? cdr(last_cons(args)) != nullptr : args != nullptr) fail(form, "dotted argument list in ~s", form);
  Node **argv = node_array(n);
  int i = 0;
  for (val a = args; a; a = cdr(a)) argv[i++] = compile(car(a), s);
  if (consp(head)) {
    if (car(head) != s_lambda) fail(form, "~s is not a valid function form", head);
    CallValue *c = gc_new<CallValue>();
    c->fn = compile(head, s);
    c->args = argv;
    c->n = n;
    c->line = cur_line;
    return c;
  }
  bool crossed;
  if (Binding *b = lookup_fun(head, s, &crossed)) {
    CallValue *c = gc_new<CallValue>();
    c->fn = ref_binding(b, s, crossed);
    c->args = argv;
    c->n = n;
    c->line = cur_line;
    return c;
  }
  if (n == 3 && head == s_dwim_set) {
    DwimSetNode *d = gc_new<DwimSetNode>();
    d->s = sym(head);
    d->obj = argv[0];
    d->idx = argv[1];
    d->value = argv[2];
    d->line = cur_line;
    d->file = file;
    return d;
  }
  if (n == 2) {
    for (auto &bo : binops) {
      if (head == bo.sym) {
        BinOpNode *b = make_binop(bo.op);
        b->s = sym(head);
        b->orig = sym(head)->fun;
        b->a = argv[0];
        b->b = argv[1];
        b->line = cur_line;
        b->file = file;
        return b;
      }
    }
  }
  CallGlobal *c = gc_new<CallGlobal>();
  c->s = sym(head);
  c->args = argv;
  c->n = n;
  c->line = cur_line;
  c->file = file;
  return c;
}

// [f args...]: a symbol in function position is a variable if bound as one,
// otherwise the function of that name.
Node *Compiler::compile_dwim(val form, Scope *s) {
  val args = cdr(form);
  if (!consp(args)) fail(form, "dwim: missing function or object in ~s", form);
  Node *obj = compile_lisp1(car(args), s);
  int n = list_len(cdr(args));
  DwimNode *d = gc_new<DwimNode>();
  d->obj = obj;
  d->n = n;
  d->args = node_array(n);
  int i = 0;
  for (val a = cdr(args); a; a = cdr(a)) d->args[i++] = compile(car(a), s);
  d->line = cur_line;
  return d;
}

// Lisp-1 evaluation of an operator position: a symbol names a variable if
// bound as one, otherwise a function.
Node *Compiler::compile_lisp1(val head, Scope *s) {
  if (!is(head, T::Sym) || head == s_t || keywordp(head)) return compile(head, s);
  bool crossed;
  val exp;
  if (Binding *b = lookup_var(head, s, nullptr, &crossed)) return ref_binding(b, s, crossed);
  if (lookup_symacro(head, s, &exp)) return compile(exp, s);
  if (Binding *fb = lookup_fun(head, s, &crossed)) return ref_binding(fb, s, crossed);
  if (sym(head)->value != UNBOUND || sym(head)->special) return gc_new<GlobalRef>(head);
  return compile_fun(list({s_fun, head}), s);
}

// (each ((var seq)...) body...): a block nil; fresh bindings each pass.
Node *Compiler::compile_each(val form, Scope *s, bool collect) {
  val specs = second(form);
  Scope *bs = new_scope(s, ScopeKind::Block);
  bs->hidden = bind(bs, make_sym(mkstr(U"block")));
  BlockNode *blk = gc_new<BlockNode>();
  blk->info = bs->info;
  blk->binding = bs->hidden;
  add_fix(&blk->token, bs->hidden, bs);
  EachNode *e = gc_new<EachNode>();
  e->collect = collect;
  e->n = list_len(specs);
  e->seqs = node_array(e->n);
  e->targets = static_cast<SlotRef *>(gc_scanned(sizeof(SlotRef) * size_t(e->n + 1)));
  int i = 0;
  for (val l = specs; l; l = cdr(l), ++i) {
    if (!consp(car(l)) || !consp(cdr(car(l)))) fail(form, "each: bad binding ~s", car(l));
    e->seqs[i] = compile(second(car(l)), bs);
  }
  Scope *ls = new_scope(bs, ScopeKind::Let);
  e->info = ls->info;
  i = 0;
  for (val l = specs; l; l = cdr(l), ++i) {
    Binding *b = bind(ls, car(car(l)));
    b->special = false;
    add_fix(&e->targets[i], b, ls);
  }
  e->body = compile_body(cdr(cdr(form)), ls);
  blk->body = e;
  return blk;
}

struct FunGlobalNode : Node {
  Sym *s;
  val eval(Frame *) override {
    if (!s->fun) errorf(s_eval_error, "fun: no function named ~s", static_cast<val>(s));
    return s->fun;
  }
};

Node *Compiler::compile_fun(val form, Scope *s) {
  val name = second(form);
  if (consp(name) && car(name) == s_lambda) return compile(name, s);
  if (!is(name, T::Sym)) fail(form, "fun: ~s is not a function name", name);
  bool crossed;
  if (Binding *b = lookup_fun(name, s, &crossed)) return ref_binding(b, s, crossed);
  FunGlobalNode *n = gc_new<FunGlobalNode>();
  n->s = sym(name);
  return n;
}

// ---- lambda -------------------------------------------------------------------------------------

Lambda *Compiler::build_lambda(val params, val body, Scope *s, val name, bool implicit_block, Scope **out) {
  Scope *ls = new_scope(s, ScopeKind::Lambda);
  Lambda *L = gc_new<Lambda>();
  ls->lambda = L;
  L->name = name;
  L->params = params;
  int count = 0;
  for (val p = params; consp(p); p = cdr(p)) ++count;
  count += 2;
  L->param_ref = static_cast<SlotRef *>(gc_scanned(sizeof(SlotRef) * size_t(count)));
  L->param_special = static_cast<val *>(gc_scanned(sizeof(val) * size_t(count)));
  L->opt_default = node_array(count);
  L->opt_present = static_cast<SlotRef *>(gc_scanned(sizeof(SlotRef) * size_t(count)));
  L->has_present = static_cast<bool *>(gc_scanned(sizeof(bool) * size_t(count)));
  bool optional = false;
  int i = 0;
  auto add_param = [&](val sy) {
    Binding *b = bind(ls, sy);
    if (b->special) {
      L->param_special[i] = sy;
      L->has_specials = true;
    } else {
      add_fix(&L->param_ref[i], b, ls);
    }
    ++i;
  };
  val p = params;
  for (; consp(p); p = cdr(p)) {
    val item = car(p);
    if (item == s_colon) {
      if (optional) fail(params, "lambda: duplicate : in ~s", params);
      optional = true;
      continue;
    }
    if (!optional) {
      if (consp(item)) fail(params, "lambda: bad required parameter ~s", item);
      add_param(item);
      ++L->nreq;
      continue;
    }
    int k = L->nopt++;
    if (consp(item)) {
      val dflt = second(item);
      if (cdr(item)) L->opt_default[k] = compile(dflt, ls);
      add_param(car(item));
      if (consp(cdr(cdr(item)))) {
        Binding *pb = bind(ls, third(item));
        pb->special = false;
        L->has_present[k] = true;
        add_fix(&L->opt_present[k], pb, ls);
      }
    } else {
      add_param(item);
    }
  }
  if (p) {
    L->rest = true;
    add_param(p);
  }
  L->body = implicit_block ? compile_block(name, body, ls) : compile_body(body, ls);
  if (implicit_block) block_lambdas.push_back(L);
  if (out) *out = ls;
  return L;
}

Node *Compiler::compile_lambda(val params, val body, Scope *s, val name, bool implicit_block) {
  note_closure(s);
  LambdaNode *n = gc_new<LambdaNode>();
  n->code = build_lambda(params, body, s, name, implicit_block, nullptr);
  return n;
}

// ---- let ----------------------------------------------------------------------------------------

Node *Compiler::compile_let(val form, Scope *s, bool sequential) {
  val specs = second(form), body = cdr(cdr(form));
  if (sequential && consp(specs) && consp(cdr(specs))) {
    // let* nests one binding per level.
    val inner = cons(s_let_star, cons(cdr(specs), body));
    return compile_let(list({s_let, list({car(specs)}), inner}), s, false);
  }
  Scope *ls = new_scope(s, ScopeKind::Let);
  int n = list_len(specs);
  LetNode *node = gc_new<LetNode>();
  node->info = ls->info;
  node->n = n;
  node->inits = node_array(n);
  node->targets = static_cast<SlotRef *>(gc_scanned(sizeof(SlotRef) * size_t(n ? n : 1)));
  node->specials = static_cast<val *>(gc_scanned(sizeof(val) * size_t(n ? n : 1)));
  gcvec<val> names;
  int i = 0;
  for (val l = specs; l; l = cdr(l), ++i) {
    val spec = car(l);
    val name = consp(spec) ? car(spec) : spec;
    node->inits[i] = consp(spec) && consp(cdr(spec)) ? compile(second(spec), s) : konst(nullptr);
    names.push_back(name);
  }
  for (i = 0; i < n; ++i) {
    Binding *b = bind(ls, names[size_t(i)]);
    if (b->special) {
      node->specials[i] = b->sym;
      node->any_special = true;
    } else {
      add_fix(&node->targets[i], b, ls);
    }
  }
  node->body = compile_body(body, ls);
  return node;
}

// ---- flet/labels ------------------------------------------------------------------------------

Node *Compiler::compile_flet(val form, Scope *s, bool recursive) {
  val specs = second(form), body = cdr(cdr(form));
  Scope *fs = new_scope(s, ScopeKind::Let);
  int n = list_len(specs);
  LetNode *node = gc_new<LetNode>();
  node->info = fs->info;
  node->inits_inside = recursive;
  node->n = n;
  node->inits = node_array(n);
  node->targets = static_cast<SlotRef *>(gc_scanned(sizeof(SlotRef) * size_t(n ? n : 1)));
  node->specials = static_cast<val *>(gc_scanned(sizeof(val) * size_t(n ? n : 1)));
  gcvec<Binding *> bs;
  if (recursive)
    for (val l = specs; l; l = cdr(l)) bs.push_back(bind(fs, car(car(l)), true));
  int i = 0;
  for (val l = specs; l; l = cdr(l), ++i) {
    val spec = car(l);
    node->inits[i] = compile_lambda(second(spec), cdr(cdr(spec)), recursive ? fs : s, car(spec), true);
  }
  if (!recursive)
    for (val l = specs; l; l = cdr(l)) bs.push_back(bind(fs, car(car(l)), true));
  for (i = 0; i < n; ++i) add_fix(&node->targets[i], bs[size_t(i)], fs);
  node->body = compile_body(body, fs);
  return node;
}

// ---- blocks --------------------------------------------------------------------------------------

Node *Compiler::compile_block(val name, val body, Scope *s) {
  Scope *bs = new_scope(s, ScopeKind::Block);
  bs->block_name = name;
  bs->hidden = bind(bs, make_sym(mkstr(U"block")));
  BlockNode *n = gc_new<BlockNode>();
  n->info = bs->info;
  n->binding = bs->hidden;
  add_fix(&n->token, bs->hidden, bs);
  n->body = compile_body(body, bs);
  return n;
}

Node *Compiler::compile_return_from(val name, val value, Scope *s, val form) {
  bool crossed = false;
  for (Scope *p = s; p; p = p->parent) {
    if (p->kind == ScopeKind::Block && p->block_name == name) {
      ReturnFromNode *r = gc_new<ReturnFromNode>();
      r->name = name;
      r->value = compile(value, s);
      p->hidden->referenced = true;
      if (crossed) p->hidden->captured = true;
      add_fix(&r->token, p->hidden, s);
      return r;
    }
    if (p->kind == ScopeKind::Lambda) crossed = true;
  }
  fail(form, "return-from: no block named ~s is visible", name);
}

// ---- catch / handle ------------------------------------------------------------------------------

Node *Compiler::compile_catch(val form, Scope *s) {
  CatchNode *c = gc_new<CatchNode>();
  c->body = compile(second(form), s);
  val clauses = cdr(cdr(form));
  c->n = list_len(clauses);
  c->clauses = node_array(c->n);
  val types = nullptr;
  int i = 0;
  for (val l = clauses; l; l = cdr(l), ++i) {
    val cl = car(l);
    if (!consp(cl) || !consp(cdr(cl))) fail(form, "catch: bad clause ~s", cl);
    types = cons(car(cl), types);
    c->clauses[i] = compile_lambda(second(cl), cdr(cdr(cl)), s, nullptr, false);
  }
  c->types = nreverse(types);
  return c;
}

Node *Compiler::compile_handle(val form, Scope *s) {
  HandleNode *h = gc_new<HandleNode>();
  h->body = compile(second(form), s);
  val clauses = cdr(cdr(form));
  h->n = list_len(clauses);
  h->handlers = node_array(h->n);
  val types = nullptr;
  int i = 0;
  for (val l = clauses; l; l = cdr(l), ++i) {
    val cl = car(l);
    if (!consp(cl) || !consp(cdr(cl))) fail(form, "handle: bad clause ~s", cl);
    types = cons(car(cl), types);
    h->handlers[i] = compile_lambda(second(cl), cdr(cdr(cl)), s, nullptr, false);
  }
  h->types = nreverse(types);
  return h;
}

// ---- destructuring --------------------------------------------------------------------------------

// (tree-bind params expr body...) and (sys:macro-bind params form env body...)
Node *Compiler::compile_tree_bind(val form, Scope *s) {
  bool macro = car(form) == s_macro_bind;
  val params = second(form);
  DestructureNode *d = gc_new<DestructureNode>();
  d->value = compile(third(form), s);
  val rest = cdr(cdr(cdr(form)));
  Node *whole = nullptr, *env = nullptr;
  if (macro) {
    whole = compile(car(rest), s);
    env = compile(second(rest), s);
    d->name = third(rest);
    rest = cdr(cdr(cdr(rest)));
  } else {
    d->name = s_tree_bind;
  }
  Scope *ds = new_scope(s, ScopeKind::Let);
  d->info = ds->info;
  d->pat = compile_dpat(*this, params, ds, macro);
  d->whole = whole;
  d->env = env;
  d->body = compile_body(rest, ds);
  return d;
}

Node *Compiler::compile_tree_case(val form, Scope *s) {
  TreeCaseNode *t = gc_new<TreeCaseNode>();
  t->value = compile(second(form), s);
  val cases = cdr(cdr(form));
  t->n = list_len(cases);
  t->infos = static_cast<ScopeInfo **>(gc_scanned(sizeof(void *) * size_t(t->n + 1)));
  t->pats = static_cast<DPat **>(gc_scanned(sizeof(void *) * size_t(t->n + 1)));
  t->bodies = node_array(t->n);
  int i = 0;
  for (val l = cases; l; l = cdr(l), ++i) {
    Scope *cs = new_scope(s, ScopeKind::Let);
    t->infos[i] = cs->info;
    t->pats[i] = compile_dpat(*this, car(car(l)), cs, false);
    t->bodies[i] = compile_body(cdr(car(l)), cs);
  }
  return t;
}

Node *Compiler::compile_if_match(val form, Scope *s) {
  MatchNode *m = gc_new<MatchNode>();
  m->value = compile(third(form), s);
  Scope *ms = new_scope(s, ScopeKind::Let);
  m->info = ms->info;
  m->pat = compile_pattern(*this, second(form), ms);
  val rest = cdr(cdr(cdr(form)));
  m->then = compile(car(rest), ms);
  m->otherwise = compile(second(rest), s);
  return m;
}

// ---- loops and tagbody -------------------------------------------------------------------------------

// (for ({sym | (sym init)}*) ([test result*]) (step*) body*) in a block nil.
Node *Compiler::compile_for(val form, Scope *s, bool sequential) {
  val specs = second(form), test_res = third(form), steps = car(cdr(cdr(cdr(form))));
  val body = cdr(cdr(cdr(cdr(form))));
  val loop = list({intern_sys("for-loop"), test_res, steps, cons(s_progn, body)});
  val let = list({sequential ? s_let_star : s_let, specs, loop});
  return compile_block(nullptr, list({let}), s);
}

Node *compile_for_loop(Compiler &c, val form, Scope *s) {
  val test_res = car(cdr(form)), steps = car(cdr(cdr(form))), body = car(cdr(cdr(cdr(form))));
  ForNode *f = gc_new<ForNode>();
  f->test = consp(test_res) ? c.compile(car(test_res), s) : nullptr;
  f->result = c.compile_body(cdr(test_res), s);
  f->step = c.compile_body(steps, s);
  f->body = c.compile(body, s);
  f->recognise_counted();
  return f;
}

Node *Compiler::compile_tagbody(val form, Scope *s) {
  Scope *ts = new_scope(s, ScopeKind::Tagbody);
  ts->hidden = bind(ts, make_sym(mkstr(U"tagbody")));
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
  add_fix(&t->token, ts->hidden, ts);
  t->n = nstmt;
  t->stmts = node_array(nstmt);
  int ntags = list_len(ts->tags);
  t->label_at = static_cast<int *>(gc_atomic(sizeof(int) * size_t(ntags + 1)));
  int i = 0, k = 0;
  for (val l = cdr(form); l; l = cdr(l)) {
    if (consp(car(l)))
      t->stmts[i++] = compile(car(l), ts);
    else
      t->label_at[k++] = i;
  }
  return t;
}

Node *Compiler::compile_go(val form, Scope *s) {
  val tag = second(form);
  bool crossed = false;
  for (Scope *p = s; p; p = p->parent) {
    if (p->kind == ScopeKind::Tagbody) {
      int idx = 0;
      for (val l = p->tags; l; l = cdr(l), ++idx)
        if (eql(car(l), tag)) {
          GoNode *g = gc_new<GoNode>();
          g->index = idx;
          if (crossed) p->hidden->captured = true;
          add_fix(&g->token, p->hidden, s);
          return g;
        }
    }
    if (p->kind == ScopeKind::Lambda) crossed = true;
  }
  fail(form, "go: no tag ~s is visible", tag);
}

// ---- quasi-strings ----------------------------------------------------------------------------------

Node *Compiler::compile_quasi(val form, Scope *s) {
  QuasiNode *q = gc_new<QuasiNode>();
  q->n = list_len(cdr(form));
  q->parts = node_array(q->n);
  q->literal = static_cast<bool *>(gc_atomic(sizeof(bool) * size_t(q->n + 1)));
  int i = 0;
  for (val l = cdr(form); l; l = cdr(l), ++i) {
    val p = car(l);
    q->literal[i] = stringp(p);
    if (stringp(p))
      q->parts[i] = konst(p);
    else if (consp(p) && car(p) == s_var && consp(cdr(cdr(p))))  // @{x modifier...}
      q->parts[i] = compile(quasi_field_form(p), s);
    else if (consp(p) && (car(p) == s_var || car(p) == s_expr))
      q->parts[i] = compile(second(p), s);
    else
      q->parts[i] = compile(p, s);
  }
  return q;
}

// ---- macrolet / symacrolet ----------------------------------------------------------------------

Node *Compiler::compile_macrolet(val form, Scope *s) {
  Scope *ms = new_scope(s, ScopeKind::Macro);
  for (val l = second(form); l; l = cdr(l)) {
    val spec = car(l);
    val name = car(spec);
    val fn = eval_toplevel(
        list({s_lambda, list({intern_sys("form"), intern_sys("env")}),
              list({s_macro_bind, second(spec), list({intern("cdr"), intern_sys("form")}), intern_sys("form"),
                    intern_sys("env"), list({s_quote, name}), cons(s_block, cons(name, cdr(cdr(spec))))})}));
    ms->macros = cons(cons(name, fn), ms->macros);
  }
  return compile_body(cdr(cdr(form)), ms);
}

Node *Compiler::compile_symacrolet(val form, Scope *s) {
  Scope *ms = new_scope(s, ScopeKind::Macro);
  for (val l = second(form); l; l = cdr(l)) ms->symacros = cons(cons(car(car(l)), second(car(l))), ms->symacros);
  return compile_body(cdr(cdr(form)), ms);
}

// ---- definitions -------------------------------------------------------------------------------------

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

Node *Compiler::compile_defvar(val form, Scope *s, bool only_if_unbound, bool special) {
  val name = second(form);
  if (!is(name, T::Sym) || sym(name)->constant) fail(form, "~s is not a bindable symbol", name);
  if (special) sym(name)->special = 1;
  DefvarNode *d = gc_new<DefvarNode>();
  d->s = sym(name);
  d->only_if_unbound = only_if_unbound;
  d->value = consp(cdr(cdr(form))) ? compile(third(form), s) : nullptr;
  if (!d->value && sym(name)->value == UNBOUND) d->value = konst(nullptr);
  return d;
}

static Node *compile_defun(Compiler &c, val form, Scope *s, bool macro) {
  val name = second(form);
  if (!is(name, T::Sym)) c.fail(form, "defun: ~s is not a function name", name);
  SetFunNode *n = gc_new<SetFunNode>();
  n->s = sym(name);
  n->macro = macro;
  if (!macro) {
    n->fn = c.compile_lambda(third(form), cdr(cdr(cdr(form))), s, name, true);
  } else {
    val fs = intern_sys("form"), es = intern_sys("env");
    val body = list({s_macro_bind, third(form), list({intern("cdr"), fs}), fs, es, list({s_quote, name}),
                     cons(s_block, cons(name, cdr(cdr(cdr(form)))))});
    n->fn = c.compile_lambda(list({fs, es}), list({body}), s, name, false);
  }
  return n;
}

// ---- the dispatcher ------------------------------------------------------------------------------------

Node *Compiler::compile_special(val head, val form, Scope *s, bool *handled) {
  *handled = true;
  if (head == s_quote) return konst(second(form));
  if (head == s_qquote) return compile(expand_qquote(second(form)), s);
  if (head == s_progn) return compile_body(cdr(form), s);
  if (head == s_if)
    return gc_new<IfNode>(compile(second(form), s), compile(third(form), s), compile_body(cdr(cdr(cdr(form))), s));
  if (head == s_when || head == s_unless) {
    Node *body = compile_body(cdr(cdr(form)), s);
    Node *c = compile(second(form), s);
    return head == s_when ? gc_new<IfNode>(c, body, konst(nullptr)) : gc_new<IfNode>(c, konst(nullptr), body);
  }
  if (head == s_cond) {
    // Built from the last clause backwards.
    gcvec<val> clauses;
    for (val l = cdr(form); l; l = cdr(l)) clauses.push_back(car(l));
    Node *acc = konst(nullptr);
    for (auto it = clauses.rbegin(); it != clauses.rend(); ++it) {
      val cl = *it;
      if (!consp(cl)) fail(form, "cond: bad clause ~s", cl);
      if (!cdr(cl)) {
        OrNode *o = gc_new<OrNode>();
        o->n = 2;
        o->items = node_array(2);
        o->items[0] = compile(car(cl), s);
        o->items[1] = acc;
        acc = o;
      } else {
        acc = gc_new<IfNode>(compile(car(cl), s), compile_body(cdr(cl), s), acc);
      }
    }
    return acc;
  }
  if (head == s_and || head == s_or) {
    int n = list_len(cdr(form));
    if (n == 0) return konst(head == s_and ? s_t : nullptr);
    if (n == 1) return compile(second(form), s);
    Node **items = node_array(n);
    int i = 0;
    for (val l = cdr(form); l; l = cdr(l)) items[i++] = compile(car(l), s);
    if (head == s_and) {
      AndNode *a = gc_new<AndNode>();
      a->items = items;
      a->n = n;
      return a;
    }
    OrNode *o = gc_new<OrNode>();
    o->items = items;
    o->n = n;
    return o;
  }
  if (head == s_prog1) {
    Prog1Node *p = gc_new<Prog1Node>();
    p->first = compile(second(form), s);
    p->rest = compile_body(cdr(cdr(form)), s);
    return p;
  }
  if (head == s_let) return compile_let(form, s, false);
  if (head == s_let_star) return compile_let(form, s, true);
  if (head == s_lambda) return compile_lambda(second(form), cdr(cdr(form)), s, nullptr, false);
  if (head == s_flet) return compile_flet(form, s, false);
  if (head == s_labels) return compile_flet(form, s, true);
  if (head == s_macrolet) return compile_macrolet(form, s);
  if (head == s_symacrolet) return compile_symacrolet(form, s);
  if (head == s_block) return compile_block(second(form), cdr(cdr(form)), s);
  if (head == s_block_star) return compile_block(second(form), cdr(cdr(form)), s);
  if (head == s_return) return compile_return_from(nullptr, second(form), s, form);
  if (head == s_return_from) return compile_return_from(second(form), third(form), s, form);
  if (head == s_for) return compile_for(form, s, false);
  if (head == s_for_star) return compile_for(form, s, true);
  if (head == intern_sys("for-loop")) return compile_for_loop(*this, form, s);
  if (head == s_while || head == s_until) {
    val test = head == s_while ? second(form) : list({intern("not"), second(form)});
    return compile(cons(s_for, cons(nullptr, cons(list({test}), cons(nullptr, cdr(cdr(form)))))), s);
  }
  if (head == s_unwind_protect) {
    UnwindNode *u = gc_new<UnwindNode>();
    u->body = compile(second(form), s);
    u->cleanup = compile_body(cdr(cdr(form)), s);
    return u;
  }
  if (head == s_catch) return compile_catch(form, s);
  if (head == s_handle) return compile_handle(form, s);
  if (head == s_setq) return compile_setq(second(form), third(form), s);
  if (head == s_defun) return compile_defun(*this, form, s, false);
  if (head == s_defmacro) return compile_defun(*this, form, s, true);
  if (head == s_defvar) return compile_defvar(form, s, true, true);
  if (head == s_defparm) return compile_defvar(form, s, false, true);
  if (head == s_defvarl) return compile_defvar(form, s, true, false);
  if (head == s_defparml) return compile_defvar(form, s, false, false);
  if (head == s_defsymacro) {
    Box *b = gc_obj<Box>(T::Box);
    b->v = third(form);
    sym(second(form))->symacro = b;
    return konst(second(form));
  }
  if (head == s_tree_bind || head == s_macro_bind) return compile_tree_bind(form, s);
  if (head == s_tree_case) return compile_tree_case(form, s);
  if (head == s_if_match) return compile_if_match(form, s);
  if (head == s_dwim) return compile_dwim(form, s);
  if (head == s_each || head == s_each_star) return compile_each(form, s, false);
  if (head == s_collect_each || head == s_collect_each_star) return compile_each(form, s, true);
  if (head == s_lisp1_value) return compile_lisp1(second(form), s);
  if (head == s_fun) return compile_fun(form, s);
  if (head == s_quasi) return compile_quasi(form, s);
  if (head == s_tagbody) return compile_tagbody(form, s);
  if (head == s_go) return compile_go(form, s);
  if (head == s_set || head == s_inc || head == s_dec || head == s_push || head == s_pop || head == s_pushnew ||
      head == s_del || head == s_zap || head == s_swap || head == s_flip)
    return compile_place_op(head, form, s);
  *handled = false;
  return nullptr;
}

Node *Compiler::compile(val form, Scope *s) {
  if (!consp(form)) {
    if (is(form, T::Sym) || !form) return compile_symbol(form, s);
    return konst(form);
  }
  int saved_line = cur_line;
  if (int l = line_of(form)) cur_line = l;
  struct Restore {
    int &r;
    int v;
    ~Restore() { r = v; }
  } restore{cur_line, saved_line};
  val head = car(form);
  if (is(head, T::Sym)) {
    bool crossed;
    bool local_fun = lookup_fun(head, s, &crossed) != nullptr;
    if (!local_fun && gethash(special_forms, head)) {
      bool handled;
      Node *n = compile_special(head, form, s, &handled);
      if (handled) {
        if (!n->line) n->line = cur_line;
        return n;
      }
    }
    if (!local_fun) {
      if (val m = lookup_macro(head, s)) {
        val env = make_macro_env(s);
        val args[2] = {form, env};
        val expansion = funcall(m, args, 2);
        if (consp(expansion) && !line_of(expansion) && lines) sethash(lines, expansion, mkfix(cur_line));
        return compile(expansion, s);
      }
    }
    return compile_call(form, s);
  }
  if (consp(head) && car(head) == s_lambda) return compile_call(form, s);
  fail(form, "~s is not a valid form", form);
}

// ---- quasiquote -------------------------------------------------------------------------------------------

static val qq(val x, int depth);

static bool is_op(val x, val op) { return consp(x) && car(x) == op && consp(cdr(x)) && !cdr(cdr(x)); }

static val qq_list(val x, int depth) {
  // Segments to append: each either (list elem) or a spliced expression.
  val segs = nullptr;
  val tail = nullptr;
  for (; x; x = cdr(x)) {
    if (!consp(x)) {
      tail = list({s_quote, x});
      break;
    }
    if (car(x) == s_unquote && consp(cdr(x)) && !cdr(cdr(x))) {
      // (a . ,b) reads as (a sys:unquote b)
      tail = depth == 1 ? second(x) : qq(x, depth);
      break;
    }
    if (car(x) == s_qquote && consp(cdr(x)) && !cdr(cdr(x))) {
      tail = qq(x, depth);
      break;
    }
    val item = car(x);
    if (is_op(item, s_splice) && depth == 1)
      segs = cons(list({intern_sys("copy-list-seq"), second(item)}), segs);
    else
      segs = cons(list({intern("list"), qq(item, depth)}), segs);
  }
  segs = nreverse(segs);
  if (tail) segs = append2(segs, list({tail}));
  if (!segs) return nullptr;
  if (!cdr(segs)) return car(segs);
  return cons(intern("append"), segs);
}

static val qq(val x, int depth) {
  if (!consp(x)) {
    if (is(x, T::Vec)) return list({intern("vec-list"), qq_list(seq_list(x, "qquote"), depth)});
    if (is(x, T::Sym) && x != s_t && !keywordp(x)) return list({s_quote, x});
    return x;
  }
  if (is_op(x, s_unquote)) {
    if (depth == 1) return second(x);
    return list({intern("list"), list({s_quote, s_unquote}), qq(second(x), depth - 1)});
  }
  if (is_op(x, s_splice) && depth > 1)
    return list({intern("list"), list({s_quote, s_splice}), qq(second(x), depth - 1)});
  if (is_op(x, s_qquote)) return list({intern("list"), list({s_quote, s_qquote}), qq(second(x), depth + 1)});
  return qq_list(x, depth);
}

val expand_qquote(val x) { return qq(x, 1); }

// ---- macro environments ------------------------------------------------------------------------------------

val make_macro_env(Scope *s) {
  MacroEnv *e = gc_obj<MacroEnv>(T::Env);
  e->scope = s;
  return e;
}

void init_compiler() {
  special_forms = make_hash(HashKind::Eq);
  auto sf = [](const char *name, val *out, val pkg = nullptr) {
    val sy = intern(name, pkg);
    if (out) *out = sy;
    sethash(special_forms, sy, s_t);
    return sy;
  };
  sf("quote", nullptr);
  sf("qquote", nullptr, pkg_sys);
  sf("progn", nullptr);
  sf("if", &s_if);
  sf("when", &s_when);
  sf("unless", &s_unless);
  sf("cond", &s_cond);
  sf("and", &s_and);
  sf("or", &s_or);
  sf("prog1", &s_prog1);
  sf("let", nullptr);
  sf("let*", &s_let_star);
  sf("lambda", nullptr);
  sf("flet", &s_flet);
  sf("labels", &s_labels);
  sf("macrolet", &s_macrolet);
  sf("symacrolet", &s_symacrolet);
  sf("block", nullptr);
  sf("block*", &s_block_star);
  sf("return", &s_return);
  sf("return-from", &s_return_from);
  sf("for", &s_for);
  sf("for*", &s_for_star);
  sf("for-loop", nullptr, pkg_sys);
  sf("while", &s_while);
  sf("until", &s_until);
  sf("unwind-protect", &s_unwind_protect);
  sf("catch", &s_catch);
  sf("handle", &s_handle);
  sf("setq", &s_setq, pkg_sys);
  sf("defun", &s_defun);
  sf("defmacro", &s_defmacro);
  sf("defvar", &s_defvar);
  sf("defparm", &s_defparm);
  sf("defvarl", &s_defvarl);
  sf("defparml", &s_defparml);
  sf("defsymacro", &s_defsymacro);
  sf("tree-bind", &s_tree_bind);
  sf("macro-bind", &s_macro_bind, pkg_sys);
  sf("tree-case", &s_tree_case);
  sf("if-match", &s_if_match);
  sf("dwim", nullptr);
  sf("each", &s_each);
  sf("each*", &s_each_star);
  sf("collect-each", &s_collect_each);
  sf("collect-each*", &s_collect_each_star);
  sf("lisp1-value", &s_lisp1_value, pkg_sys);
  sf("fun", nullptr);
  sf("quasi", nullptr, pkg_sys);
  sf("tagbody", &s_tagbody);
  sf("go", &s_go);
  sf("set", nullptr);
  sf("inc", &s_inc);
  sf("dec", &s_dec);
  sf("push", &s_push);
  sf("pop", &s_pop);
  sf("pushnew", &s_pushnew);
  sf("del", &s_del);
  sf("zap", &s_zap);
  sf("swap", &s_swap);
  sf("flip", &s_flip);
  s_regex_lit = intern_sys("regex-lit");
  s_dwim_set = intern_sys("dwim-set");
  for (auto &bo : binops) bo.sym = intern(bo.name);
}

bool is_special_form(val sy) { return gethash(special_forms, sy) != nullptr; }

}  // namespace tine
