// Destructuring lambda lists (tree-bind, macros) and structural patterns
// (if-match and the match-case family).
#include "nodes.hpp"

namespace tine {

// ---- destructuring ---------------------------------------------------------------

struct DTarget {
  bool is_var = false;
  SlotRef ref;
  DPat *sub = nullptr;
};

struct DOpt {
  DTarget t;
  Node *dflt = nullptr;
  bool has_present = false;
  SlotRef present;
};

struct DPat {
  gcvec<DTarget *> req;  // pointers: fix-ups refer to their SlotRefs
  gcvec<DOpt *> opt;
  bool has_rest = false;
  DTarget rest;
  bool has_whole = false, has_env = false;
  SlotRef whole, env;
  val source = nullptr;
};

static void bind_target(Compiler &c, DTarget &t, val item, Scope *s, bool macro_style);

static void bind_var(Compiler &c, SlotRef &ref, val sy, Scope *s) {
  Binding *b = c.bind(s, sy);
  b->special = false;
  c.add_fix(&ref, b, s);
}

DPat *compile_dpat(Compiler &c, val params, Scope *s, bool macro_style) {
  DPat *p = gc_new<DPat>();
  p->source = params;
  bool optional = false;
  val l = params;
  for (; consp(l); l = cdr(l)) {
    val item = car(l);
    if (item == s_colon) {
      optional = true;
      continue;
    }
    if ((item == s_form_k || item == s_env_k) && consp(cdr(l))) {
      SlotRef &r = item == s_form_k ? p->whole : p->env;
      (item == s_form_k ? p->has_whole : p->has_env) = true;
      l = cdr(l);
      bind_var(c, r, car(l), s);
      continue;
    }
    if (!optional) {
      p->req.push_back(gc_new<DTarget>());
      bind_target(c, *p->req.back(), item, s, macro_style);
      continue;
    }
    DOpt &o = *gc_new<DOpt>();
    if (consp(item)) {
      if (consp(cdr(item))) o.dflt = c.compile(car(cdr(item)), s);
      bind_target(c, o.t, car(item), s, macro_style);
      if (consp(cdr(cdr(item)))) {
        o.has_present = true;
        bind_var(c, o.present, car(cdr(cdr(item))), s);
      }
    } else {
      bind_target(c, o.t, item, s, macro_style);
    }
    p->opt.push_back(&o);
  }
  if (l) {
    p->has_rest = true;
    bind_target(c, p->rest, l, s, macro_style);
  }
  return p;
}

static void bind_target(Compiler &c, DTarget &t, val item, Scope *s, bool macro_style) {
  if (consp(item)) {
    t.sub = compile_dpat(c, item, s, macro_style);
    return;
  }
  t.is_var = true;
  bind_var(c, t.ref, item, s);
}

[[noreturn]] static void dpat_mismatch(DPat *p, val obj, val name) {
  errorf(s_eval_error, "~a: ~s does not match the parameter list ~s", name, obj, p->source);
}

static bool assign(DTarget &t, val v, Frame *f, bool strict, val name) {
  if (t.is_var) {
    *t.ref.resolve(f) = v;
    return true;
  }
  return run_dpat(t.sub, v, f, strict, name, v, nullptr);
}

bool run_dpat(DPat *p, val obj, Frame *f, bool strict, val name, val whole, val env) {
  if (p->has_whole) *p->whole.resolve(f) = whole;
  if (p->has_env) *p->env.resolve(f) = env;
  val l = obj;
  for (DTarget *t : p->req) {
    if (!consp(l)) {
      if (strict) dpat_mismatch(p, obj, name);
      return false;
    }
    if (!assign(*t, car(l), f, strict, name)) return false;
    l = cdr(l);
  }
  for (DOpt *op : p->opt) {
    DOpt &o = *op;
    bool present = consp(l) && car(l) != s_colon;
    val v = present ? car(l) : (o.dflt ? o.dflt->eval(f) : nullptr);
    if (consp(l))
      l = cdr(l);
    else if (l) {
      if (strict) dpat_mismatch(p, obj, name);
      return false;
    }
    if (!assign(o.t, v, f, strict, name)) return false;
    if (o.has_present) *o.present.resolve(f) = boolv(present);
  }
  if (p->has_rest) return assign(p->rest, l, f, strict, name);
  if (l) {
    if (strict) dpat_mismatch(p, obj, name);
    return false;
  }
  return true;
}

// ---- structural patterns -----------------------------------------------------------

struct Pat {
  enum Kind { Any, Var, Check, Lit, Cons, Vec, As, Or, And, Not, Require } kind;
  SlotRef ref;
  val lit = nullptr;
  Pat *a = nullptr, *b = nullptr;
  gcvec<Pat *> items;
  Node *cond = nullptr;
  gcvec<SlotRef *> all_vars;  // root only: every variable, reset before matching
};

struct PatCompiler {
  Compiler &c;
  Scope *s;
  gcvec<val> bound;
  gcvec<SlotRef *> all;

  Binding *find(val sy) {
    for (Binding *b : s->vars)
      if (b->sym == sy) return b;
    return nullptr;
  }

  Pat *var(val sy) {
    Pat *p = gc_new<Pat>();
    if (!sy) {
      p->kind = Pat::Any;
      return p;
    }
    bool seen = false;
    for (val v : bound) seen |= v == sy;
    Binding *b = find(sy);
    if (!b) {
      b = c.bind(s, sy);
      b->special = false;
      SlotRef *r = gc_new<SlotRef>();
      c.add_fix(r, b, s);
      all.push_back(r);
    }
    p->kind = seen ? Pat::Check : Pat::Var;
    if (!seen) bound.push_back(sy);
    c.add_fix(&p->ref, b, s);
    return p;
  }

  Pat *op(val form) {
    val head = car(form), args = cdr(form);
    Pat *p = gc_new<Pat>();
    if (head == intern("as")) {
      p->kind = Pat::As;
      p->a = var(car(args));
      p->b = compile(car(cdr(args)));
      return p;
    }
    if (head == intern("or")) {
      p->kind = Pat::Or;
      gcvec<val> before = bound, all_bound = bound;
      for (val l = args; l; l = cdr(l)) {
        bound = before;
        p->items.push_back(compile(car(l)));
        for (val v : bound) all_bound.push_back(v);
      }
      bound = all_bound;
      return p;
    }
    if (head == intern("and")) {
      p->kind = Pat::And;
      for (val l = args; l; l = cdr(l)) p->items.push_back(compile(car(l)));
      return p;
    }
    if (head == intern("not")) {
      p->kind = Pat::Not;
      gcvec<val> before = bound;
      p->a = compile(car(args));
      bound = before;
      return p;
    }
    if (head == intern("require")) {
      p->kind = Pat::Require;
      p->a = compile(car(args));
      p->cond = c.compile(cons(intern("and"), cdr(args)), s);
      return p;
    }
    c.fail(form, "if-match: unknown pattern operator ~s", head);
  }

  Pat *compile(val pat) {
    if (consp(pat) && car(pat) == s_var && consp(cdr(pat))) return var(car(cdr(pat)));
    if (consp(pat) && car(pat) == s_expr && consp(cdr(pat))) return op(car(cdr(pat)));
    Pat *p = gc_new<Pat>();
    if (consp(pat)) {
      p->kind = Pat::Cons;
      p->a = compile(car(pat));
      p->b = compile(cdr(pat));
      return p;
    }
    if (is(pat, T::Vec)) {
      p->kind = Pat::Vec;
      for (size_t i = 0; i < vec_of(pat)->len; ++i) p->items.push_back(compile(vec_of(pat)->data[i]));
      return p;
    }
    p->kind = Pat::Lit;
    p->lit = pat;
    return p;
  }
};

Pat *compile_pattern(Compiler &c, val pat, Scope *s) {
  PatCompiler pc{c, s, {}, {}};
  Pat *root = pc.compile(pat);
  root->all_vars = pc.all;
  return root;
}

static bool match(Pat *p, val obj, Frame *f) {
  switch (p->kind) {
    case Pat::Any: return true;
    case Pat::Var: *p->ref.resolve(f) = obj; return true;
    case Pat::Check: return equal(*p->ref.resolve(f), obj);
    case Pat::Lit: return equal(p->lit, obj);
    case Pat::Cons: return consp(obj) && match(p->a, car(obj), f) && match(p->b, cdr(obj), f);
    case Pat::Vec: {
      if (!is(obj, T::Vec) || vec_of(obj)->len != p->items.size()) return false;
      for (size_t i = 0; i < p->items.size(); ++i)
        if (!match(p->items[i], vec_of(obj)->data[i], f)) return false;
      return true;
    }
    case Pat::As: return match(p->b, obj, f) && match(p->a, obj, f);
    case Pat::Or:
      for (Pat *q : p->items)
        if (match(q, obj, f)) return true;
      return false;
    case Pat::And:
      for (Pat *q : p->items)
        if (!match(q, obj, f)) return false;
      return true;
    case Pat::Not: return !match(p->a, obj, f);
    case Pat::Require: return match(p->a, obj, f) && p->cond->eval(f);
  }
  return false;
}

bool run_pattern(Pat *p, val obj, Frame *f) {
  for (SlotRef *r : p->all_vars) *r->resolve(f) = nullptr;
  return match(p, obj, f);
}

}  // namespace tine
