// Destructuring lambda lists (tree-bind, tree-case, macros).  Structural
// pattern matching (if-match and friends) is stdlib/match.tl.
#include "nodes.hpp"

namespace tine {

// ---- destructuring ---------------------------------------------------------------

struct DTarget {
  bool is_var = false;
  bool ignored = false;  // t: the value is not bound
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
      if (consp(cdr(cdr(item))) && car(cdr(cdr(item))) != s_t) {
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
  if (item == s_t) {
    t.ignored = true;
    return;
  }
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
  if (t.ignored) return true;
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

}  // namespace tine
