// The compiler: macro-expands each form once and turns it into a node tree
// whose lexical variables are resolved to frame slots.
#include "expand.hpp"
#include "nodes.hpp"
#include "params.hpp"

namespace tine {

static val s_dwim_set, s_capture_cont, s_abscond_star, s_apply;

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
  if (sym(sy)->autoload_var) autoload(sy);  // a stdlib variable may be special
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
    for (Scope *p = frame_scope(fx.from); p != to; p = frame_scope(p->parent)) {
      if (p->lambda) p->lambda->needs_env = true;
      ++depth;
    }
    fx.ref->depth = depth;
    fx.ref->idx = fx.b->index;
  }
  fixes.clear();
  // A rest parameter that is never read needs no list; one read only by
  // apply calls in the body of a lambda whose frame is on the stack needs
  // none either (a heap frame could outlive the arguments' copy).
  for (Binding *b : rest_params) {
    Lambda *L = b->rest_of;
    if (b->special || L->has_specials) continue;
    L->rest_unused = b->uses == 0 && b->forward_uses == 0;
    L->rest_forward = b->uses == 0 && b->forward_uses > 0 && !L->heap;
  }
  rest_params.clear();
  for (Scope *s : scopes)
    if (Lambda *L = s->lambda) {
      L->direct = !L->heap && !L->has_specials && !L->nopt && !L->rest;
      for (int i = 0; i < L->nreq; ++i) L->direct &= L->param_ref[i].idx == i && L->param_ref[i].depth == 0;
    }
  // An implicit block that nothing returns from lexically costs a frame
  // layer: drop it.  The call itself still catches a dynamic return-from.
  for (Lambda *L : block_lambdas) {
    auto *blk = static_cast<BlockNode *>(L->body);
    L->block_name = blk->name;
    L->has_block = true;
    if (!blk->binding->referenced) L->body = blk->body;
  }
  block_lambdas.clear();
}

void Compiler::fail_with(val form, val message) {
  std::u32string m;
  if (file) print_to(file, m, false);
  if (cur_line) m += U":" + utf8_decode(std::to_string(cur_line));
  if (!m.empty()) m += U": ";
  m += sv(message);
  throw_error(s_eval_error, mkstr(m));
}

int Compiler::line_of(val form) { return consp(form) ? line_of_cons(form) : 0; }

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
  if (is(sy, T::Sym) && sy && sym(sy)->autoload_var) autoload(sy);
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
  return is(sy, T::Sym) && sy ? global_macro(sy) : nullptr;
}

Node *Compiler::ref_binding(Binding *b, Scope *from, bool crossed) {
  b->referenced = true;
  ++b->uses;
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
  if (lookup_symacro(sy, s, &exp) && exp != sy) return compile(exp, s);
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
    ++b->uses;
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
  bool crossed_apply;
  int n = list_len(args);
  // (f a . rest) is (apply f a rest).
  if (consp(args) ? cdr(last_cons(args)) != nullptr : args != nullptr) {
    val fn = consp(head) ? head : list({s_fun, head});
    val spread = nullptr;
    for (val l = args; consp(l); l = cdr(l)) spread = cons(car(l), spread);
    spread = nreverse(cons(consp(args) ? cdr(last_cons(args)) : args, spread));
    return compile(cons(intern("apply"), cons(fn, spread)), s);
  }
  if (n >= 2 && head == s_apply && !lookup_fun(head, s, &crossed_apply)) {
    val before = nullptr;  // the arguments between the function and the last
    for (val l = cdr(args); consp(cdr(l)); l = cdr(l)) before = cons(car(l), before);
    if (Node *a = compile_apply_rest(car(args), nreverse(before), car(last_cons(args)), s, false)) return a;
  }
  Node **argv = node_array(n);
  int i = 0;
  for (val a = args; a; a = cdr(a)) argv[i++] = compile(car(a), s);
  // A block a continuation is captured up to (or absconded from) must stay a
  // block, even an implicit one that no return-from names.
  if ((head == s_capture_cont || head == s_abscond_star) && consp(args) && consp(car(args)) &&
      car(car(args)) == s_quote) {
    val name = car(cdr(car(args)));
    for (Scope *p = s; p; p = p->parent)
      if (p->kind == ScopeKind::Block && p->block_name == name) {
        p->hidden->referenced = true;
        break;
      }
  }
  auto call_value = [&](Node *fn) {
    CallValue *c = gc_new<CallValue>();
    c->fn = fn;
    c->args = argv;
    c->n = n;
    c->line = cur_line;
    c->file = file;
    return c;
  };
  if (consp(head)) {
    if (car(head) != s_lambda) fail(form, "~s is not a valid function form", head);
    return call_value(compile(head, s));
  }
  bool crossed;
  if (Binding *b = lookup_fun(head, s, &crossed)) {
    return call_value(ref_binding(b, s, crossed));
  }
  if (n == 3 && head == s_dwim_set) {
    DwimSetNode *d = gc_new<DwimSetNode>();
    d->s = sym(head);
    d->orig = sym(head)->fun;
    val target = car(args);
    val exp;
    if (is(target, T::Sym) && target && !keywordp(target) && !lookup_symacro(target, s, &exp)) {
      Binding *b = lookup_var(target, s, nullptr, &crossed);
      if (b && !b->special) {
        b->captured |= crossed;
        ++b->uses;
        d->local = gc_new<SlotRef>();
        add_fix(d->local, b, s);
      } else if (!sym(target)->constant && target != s_t) {
        d->global = sym(target);
      }
    }
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

// Lisp-1 evaluation of an operator position: a symbol names a variable if
// bound as one, otherwise a function.
Node *Compiler::compile_lisp1(val head, Scope *s) {
  if (!is(head, T::Sym) || head == s_t || keywordp(head)) return compile(head, s);
  bool crossed;
  val exp;
  if (Binding *b = lookup_var(head, s, nullptr, &crossed)) return ref_binding(b, s, crossed);
  if (lookup_symacro(head, s, &exp)) return compile(exp, s);
  if (Binding *fb = lookup_fun(head, s, &crossed)) return ref_binding(fb, s, crossed);
  if (sym(head)->special) return gc_new<GlobalRef>(head);
  Lisp1GlobalNode *n = gc_new<Lisp1GlobalNode>();
  n->s = sym(head);
  return n;
}

// A symbol in a Lisp-1 position with no lexical binding: its global value
// if it has one when evaluated, else its global function.
val Lisp1GlobalNode::eval(Frame *) {
  val v = s->value;
  if (v != UNBOUND) return v;
  if (val f = global_fun(static_cast<val>(s))) return f;
  if ((v = global_value(static_cast<val>(s))) != UNBOUND) return v;
  errorf(s_eval_error, "unbound variable ~s", static_cast<val>(s));
}

struct FunGlobalNode : Node {
  Sym *s;
  val eval(Frame *) override {
    if (!global_fun(s)) errorf(s_eval_error, "fun: no function named ~s", static_cast<val>(s));
    return s->fun;
  }
};

// A function name (meth type slot) denotes the function in a static slot:
// the form that fetches it, or nil for any other name.
static val meth_function_form(val name) {
  static val s_meth = intern("meth");
  if (!consp(name) || car(name) != s_meth || !consp(cdr(name)) || !consp(cdr(cdr(name)))) return nullptr;
  return list({intern("static-slot"), list({s_quote, second(name)}), list({s_quote, third(name)})});
}

Node *Compiler::compile_fun(val form, Scope *s) {
  val name = second(form);
  if (consp(name) && car(name) == s_lambda) return compile(name, s);
  if (val f = meth_function_form(name)) return compile(f, s);
  if (!is(name, T::Sym)) fail(form, "fun: ~s is not a function name", name);
  bool crossed;
  if (Binding *b = lookup_fun(name, s, &crossed)) return ref_binding(b, s, crossed);
  FunGlobalNode *n = gc_new<FunGlobalNode>();
  n->s = sym(name);
  return n;
}

// ---- lambda -------------------------------------------------------------------------------------

Lambda *Compiler::build_lambda(val params, val body, Scope *s, val name, bool implicit_block, Scope **out) {
  if (has_param_macros(params, false))
    params = expand_param_macros(params, &body, make_macro_env(s), cons(s_lambda, cons(params, body)), false);
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
    Binding *rb = ls->vars.back();
    rb->rest_of = L;
    rest_params.push_back(rb);
  }
  L->body = implicit_block ? compile_block(name, body, ls) : compile_body(body, ls);
  if (implicit_block) block_lambdas.push_back(L);
  if (out) *out = ls;
  return L;
}

bool Compiler::lazy_lambdas;

// No lexical binding, block or tag is visible from s.
static bool empty_toplevel(Scope *s) {
  for (Scope *p = s; p; p = p->parent)
    if (!p->vars.empty() || !p->funs.empty() || p->macros || p->symacros || p->kind == ScopeKind::Block ||
        p->kind == ScopeKind::Tagbody)
      return false;
  return true;
}

// A function whose lambda is compiled the first time it is called.
struct LazyLambdaNode : Node {
  val params, body, name, file;
  bool implicit_block;
  val eval(Frame *) override;
};

static val lazy_trampoline(const Args &a) {
  Fun *self = a.self;
  if (!self->data) {
    auto *n = static_cast<LazyLambdaNode *>(self->ctx);
    bool saved = Compiler::lazy_lambdas;
    Compiler::lazy_lambdas = false;
    struct Restore {
      bool v;
      ~Restore() { Compiler::lazy_lambdas = v; }
    } restore{saved};
    Compiler c;
    c.file = n->file;
    Scope *top = c.new_scope(nullptr, ScopeKind::Lambda);
    Node *ln;
    {
      GensymCounterKeep keep;
      ln = c.compile_lambda(n->params, n->body, top, n->name, n->implicit_block);
    }
    c.finalize();
    self->data = ln->eval(alloc_heap_frame(top->info->nslots, nullptr));
    if (is(n->name, T::Sym) && n->name) {
      // A defun or defmacro now calls the compiled function directly.
      if (sym(n->name)->fun == self) sym(n->name)->fun = self->data;
      if (sym(n->name)->macro == self) sym(n->name)->macro = self->data;
    }
  }
  return funcall(self->data, a.v, a.n);
}

val LazyLambdaNode::eval(Frame *) {
  int req = 0, opt = 0;
  bool optional = false;
  val p = params;
  for (; consp(p); p = cdr(p)) {
    if (car(p) == s_colon)
      optional = true;
    else
      ++(optional ? opt : req);
  }
  val f = make_builtin(name, req, opt, p != nullptr, lazy_trampoline);
  fun_of(f)->ctx = this;
  return f;
}

Node *Compiler::compile_lambda(val params, val body, Scope *s, val name, bool implicit_block) {
  if (lazy_lambdas && empty_toplevel(s)) {
    LazyLambdaNode *n = gc_new<LazyLambdaNode>();
    n->params = params;
    n->body = body;
    n->name = name;
    n->file = file;
    n->implicit_block = implicit_block;
    return n;
  }
  note_closure(s);
  LambdaNode *n = gc_new<LambdaNode>();
  n->code = build_lambda(params, body, s, name, implicit_block, nullptr);
  return n;
}

// ---- blocks --------------------------------------------------------------------------------------

// Blocks have dynamic scope: a function may return from a block of its
// caller (see ReturnFromNode).
Node *Compiler::compile_block(val name, val body, Scope *s) {
  Scope *bs = new_scope(s, ScopeKind::Block);
  bs->block_name = name;
  bs->hidden = bind(bs, make_sym(mkstr(U"block")));
  BlockNode *n = gc_new<BlockNode>();
  n->name = name;
  n->info = bs->info;
  n->binding = bs->hidden;
  add_fix(&n->token, bs->hidden, bs);
  n->body = compile_body(body, bs);
  return n;
}

// A block visible here is left through its token; any other name is looked
// up among the blocks active when the return-from runs.
Node *Compiler::compile_return_from(val name, val value, Scope *s) {
  ReturnFromNode *r = gc_new<ReturnFromNode>();
  r->name = name;
  r->value = compile(value, s);
  bool crossed = false;
  for (Scope *p = s; p; p = p->parent) {
    if (p->kind == ScopeKind::Block && p->block_name == name) {
      p->hidden->referenced = true;
      if (crossed) p->hidden->captured = true;
      r->lexical = true;
      add_fix(&r->token, p->hidden, s);
      return r;
    }
    if (p->kind == ScopeKind::Lambda) crossed = true;
  }
  return r;
}

Node *Compiler::compile(val form, Scope *s) {
  StackDepthGuard guard;
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
    if (const SpecialFormDef *sf = local_fun ? nullptr : find_special_form(head)) {
      Node *n = sf->compile(*this, form, s);
      if (!n->line) n->line = cur_line;
      return n;
    }
    if (!local_fun) {
      if (val m = lookup_macro(head, s)) {
        val env = make_macro_env(s);
        val args[2] = {form, env};
        val expansion = funcall(m, args, 2);
        if (expansion == form) {
          bool accepted;
          expansion = expand_declined(m, form, s, &accepted);
          if (!accepted) return compile_call(expansion, s);
        }
        if (consp(expansion) && !line_of(expansion)) static_cast<Cons *>(expansion)->line = uint32_t(cur_line);
        return compile(expansion, s);
      }
    }
    return compile_call(form, s);
  }
  if (consp(head) && car(head) == s_lambda) return compile_call(form, s);
  if (val f = meth_function_form(head)) return compile(cons(intern("call"), cons(f, cdr(form))), s);
  fail(form, "~s is not a valid form", form);
}

// ---- macro environments ------------------------------------------------------------------------------------

val make_macro_env(Scope *s) {
  MacroEnv *e = gc_obj<MacroEnv>(T::Env);
  e->scope = s;
  return e;
}

// ---- local macros ------------------------------------------------------------------------------------------

// (sys:macro-bind params (cdr form) form env 'name (block name body...)):
// the body of a macro expander taking the form and the environment.
static val macro_expander_body(val name, val params, val body) {
  val fs = intern_sys("form"), es = intern_sys("env");
  return list({intern_sys("macro-bind"), params, list({intern("cdr"), fs}), fs, es, list({s_quote, name}),
               cons(s_block, cons(name, body))});
}

Node *compile_macro_function(Compiler &c, val name, val params, val body, Scope *s) {
  if (has_param_macros(params, true))
    params = expand_param_macros(params, &body, make_macro_env(s), list({intern("defmacro"), name, params}), true);
  val args = list({intern_sys("form"), intern_sys("env")});
  return c.compile_lambda(args, list({macro_expander_body(name, params, body)}), s, name, false);
}

// Local macro expanders see only global definitions, as in TXR.
Scope *macrolet_scope(Compiler &c, val specs, Scope *s) {
  Scope *ms = c.new_scope(s, ScopeKind::Macro);
  for (val l = specs; l; l = cdr(l)) {
    val spec = car(l);
    if (!consp(spec) || !is(car(spec), T::Sym) || !consp(cdr(spec))) c.fail(spec, "macrolet: bad macro ~s", spec);
    val name = car(spec), params = second(spec), body = cdr(cdr(spec));
    if (has_param_macros(params, true)) params = expand_param_macros(params, &body, make_macro_env(s), spec, true);
    val args = list({intern_sys("form"), intern_sys("env")});
    val fn = eval_toplevel(list({s_lambda, args, macro_expander_body(name, params, body)}));
    ms->macros = cons(cons(name, fn), ms->macros);
  }
  return ms;
}

Scope *symacrolet_scope(Compiler &c, val specs, Scope *s) {
  Scope *ms = c.new_scope(s, ScopeKind::Macro);
  for (val l = specs; l; l = cdr(l)) {
    val spec = car(l);
    if (!consp(spec) || !is(car(spec), T::Sym) || !consp(cdr(spec))) c.fail(spec, "symacrolet: bad binding ~s", spec);
    ms->symacros = cons(cons(car(spec), second(spec)), ms->symacros);
  }
  return ms;
}

void init_compiler() {
  init_special_forms();
  s_dwim_set = intern_sys("dwim-set");
  s_apply = intern("apply");
  s_capture_cont = intern_sys("capture-cont");
  s_abscond_star = intern_sys("abscond*");
  for (auto &bo : binops) bo.sym = intern(bo.name);
}

}  // namespace tine
