// Evaluator nodes: each compiled form is a tree of these.
#pragma once
#include "compiler.hpp"
#include "dynamic.hpp"

namespace tine {

val dwim_apply(val obj, val *args, int n);
val call_global_undefined(Sym *s);

struct ConstNode : Node {
  val v;
  explicit ConstNode(val x) : v(x) { kind = NodeKind::Const; }
  val eval(Frame *) override { return v; }
};

struct LocalRef : Node {
  SlotRef ref;
  LocalRef() { kind = NodeKind::Local; }
  val eval(Frame *f) override { return *ref.resolve(f); }
};

inline val ev(Node *n, Frame *f) {
  if (n->kind == NodeKind::Local) return *static_cast<LocalRef *>(n)->ref.resolve(f);
  if (n->kind == NodeKind::Const) return static_cast<ConstNode *>(n)->v;
  return n->eval(f);
}

struct LocalSet : Node {
  SlotRef ref;
  Node *value;
  val eval(Frame *f) override {
    val v = ev(value, f);
    *ref.resolve(f) = v;
    return v;
  }
};

struct GlobalRef : Node {
  Sym *s;
  explicit GlobalRef(val sy) : s(sym(sy)) {}
  val eval(Frame *) override {
    val v = s->value;
    if (v == UNBOUND && (v = global_value(s)) == UNBOUND)
      errorf(s_eval_error, "unbound variable ~s", static_cast<val>(s));
    return v;
  }
};

struct Lisp1GlobalNode : Node {
  Sym *s;
  val eval(Frame *f) override;
};

struct GlobalSet : Node {
  Sym *s;
  Node *value;
  GlobalSet(val sy, Node *v) : s(sym(sy)), value(v) {}
  val eval(Frame *f) override {
    val v = value->eval(f);
    if (s->constant) errorf(s_eval_error, "set: cannot assign constant ~s", static_cast<val>(s));
    s->value = v;
    return v;
  }
};

struct IfNode : Node {
  Node *c, *t, *e;
  IfNode(Node *c_, Node *t_, Node *e_) : c(c_), t(t_), e(e_) {}
  val eval(Frame *f) override { return ev(c, f) ? ev(t, f) : ev(e, f); }
};

struct PrognNode : Node {
  Node **items;
  int n;
  val eval(Frame *f) override {
    for (int i = 0; i < n - 1; ++i) items[i]->eval(f);
    return items[n - 1]->eval(f);
  }
};

struct Prog1Node : Node {
  Node *first, *rest;
  val eval(Frame *f) override {
    val v = first->eval(f);
    rest->eval(f);
    return v;
  }
};

struct AndNode : Node {
  Node **items;
  int n;
  val eval(Frame *f) override {
    val v = s_t;
    for (int i = 0; i < n; ++i)
      if (!(v = items[i]->eval(f))) return nullptr;
    return v;
  }
};

struct OrNode : Node {
  Node **items;
  int n;
  val eval(Frame *f) override {
    for (int i = 0; i < n; ++i)
      if (val v = items[i]->eval(f)) return v;
    return nullptr;
  }
};

// Evaluate argument nodes into a stack array, then call.
// Argument blocks and stack frames are cleared before they are filled:
// the collector scans the stack, and a word left there by an earlier call
// at the same depth (the list a previous iteration built and dropped)
// would stay reachable while the arguments are evaluated.
inline void clear_args(val *argv, int n) {
  // A plain loop: blocks are a few words, shorter than a call to memset.
  for (int i = 0; i < n; ++i) {
    argv[i] = nullptr;
    asm("" : "+r"(i));
  }
}
inline void clear_slots(Frame *fr, int n) { clear_args(fr->slots, n); }

bool callable_object(val v);  // called as [obj args...] (a sequence, hash, ...)

#define TINE_EVAL_ARGS(argv, nodes, n, f)                                \
  val *argv = static_cast<val *>(alloca(sizeof(val) * size_t((n) + 1))); \
  clear_args(argv, n);                                                   \
  for (int i_ = 0; i_ < (n); ++i_) argv[i_] = ev((nodes)[i_], f)

struct CallGlobal : Node {
  Sym *s;
  Node **args;
  int n;
  val file;
  val eval(Frame *f) override;
  val call_current(val *argv);
  val call_builtin(Fun *fn, Frame *f);
};

struct CallValue : Node {
  Node *fn;
  Node **args;
  int n;
  val file;
  val eval(Frame *f) override;
};

struct DwimNode : Node {
  Node *obj;
  Node **args;
  int n;
  val file;
  val eval(Frame *f) override;
};

// Two-argument arithmetic/comparison with a fixnum fast path, valid while
// the global function is still the original builtin.  Each operator is its
// own node class (BinOp<Op>) so that the fast path has no dispatch on the
// operator; everything else goes through slow().
struct BinOpNode : Node {
  enum Op { Add, Sub, Lt, Gt, Le, Ge, NumEq, Eq, Cons };
  Op op;
  Sym *s;
  val orig;
  Node *a, *b;
  val file;
  bool original() const { return s->fun == orig; }
  val slow(val x, val y);  // the call through the global function
};

template <BinOpNode::Op O>
struct BinOp final : BinOpNode {
  val eval(Frame *f) override {
    val x = ev(a, f), y = ev(b, f);
    if (original()) {
      // Fixnums are n << 2 | 1: sums and comparisons work on the tagged words.
      intptr_t tx = intptr_t(x), ty = intptr_t(y), r;
      bool fix = is_fixnum(x) && is_fixnum(y);
      if constexpr (O == Add) {
        if (fix && !__builtin_add_overflow(tx - 1, ty, &r)) return val(r);
      } else if constexpr (O == Sub) {
        if (fix && !__builtin_sub_overflow(tx, ty - 1, &r)) return val(r);
      } else if constexpr (O == Lt) {
        if (fix) return boolv(tx < ty);
      } else if constexpr (O == Gt) {
        if (fix) return boolv(tx > ty);
      } else if constexpr (O == Le) {
        if (fix) return boolv(tx <= ty);
      } else if constexpr (O == Ge) {
        if (fix) return boolv(tx >= ty);
      } else if constexpr (O == NumEq) {
        if (fix) return boolv(tx == ty);
      } else if constexpr (O == Eq) {
        return boolv(x == y);
      } else {
        return cons(x, y);
      }
    }
    return slow(x, y);
  }
};

BinOpNode *make_binop(BinOpNode::Op op);

// (sys:dwim-set obj index value), the store of (set [obj index] value):
// carray elements are stored without a function call.  When obj is a
// variable, a store that replaces the sequence (list surgery) is kept in
// the variable.
struct DwimSetNode : Node {
  Sym *s;  // sys:dwim-set, while it is the original builtin
  val orig;
  Node *obj, *idx, *value;
  SlotRef *local = nullptr;  // the variable to store back into, lexical
  Sym *global = nullptr;     // or global
  val file;
  val eval(Frame *f) override;
};

struct LambdaNode : Node {
  Lambda *code;
  val eval(Frame *f) override { return make_closure(code, code->needs_env ? f : nullptr, code->name); }
};

struct LetNode : Node {
  ScopeInfo *info;
  int n;
  Node **inits;
  SlotRef *targets;  // slot of each binding, relative to the new frame
  val *specials;     // symbol for dynamically bound entries, else nil
  bool any_special;
  bool inits_inside = false;  // labels: inits are evaluated in the new frame
  Node *body;
  val eval(Frame *f) override;
};

struct BlockNode : Node {
  ScopeInfo *info;
  SlotRef token;  // relative to the block's frame
  Binding *binding;
  val name;
  Node *name_form = nullptr;  // block*: the name is computed
  Node *body;
  val eval(Frame *f) override;
};

// (return-from name value): through the token of a block visible in the
// source, otherwise by DynReturn to the innermost active block or function
// of that name.
struct ReturnFromNode : Node {
  SlotRef token;
  bool lexical = false;
  Node *value;
  val name;
  val eval(Frame *f) override;
};

struct ForNode : Node {
  Node *test;  // null: loop forever
  Node *result;
  Node *step;
  Node *body;
  // A counted loop: test (< i n) (or >, <=, >=) with n a variable or a
  // constant, and step (set i (+ i k)) (or -) with k a small constant.  While
  // i and n are fixnums and the operators the original builtins, the test and
  // step run inline; otherwise through the nodes as usual.
  BinOpNode *cmp = nullptr;
  LocalSet *inc = nullptr;
  intptr_t inc_word = 0;  // the tagged difference that adds k to a fixnum
  val eval(Frame *f) override;
  val counted(Frame *f, val *i);
  void recognise_counted();
};

struct UnwindNode : Node {
  Node *body, *cleanup;
  val eval(Frame *f) override {
    val v;
    try {
      v = body->eval(f);
    } catch (Abscond &) {
      throw;  // no cleanup: the frames live on in a continuation
    } catch (...) {
      cleanup->eval(f);
      throw;
    }
    cleanup->eval(f);
    return v;
  }
};

// (catch try clause...) and (sys:catch* descs try clause...): a clause's
// function receives the exception's arguments, preceded by its type for
// sys:catch*, whose descriptions are kept in the frame (get-frames).
struct CatchNode : Node {
  val types;       // list of exception symbols, parallel to clauses
  Node **clauses;  // lambda nodes applied to the exception's arguments
  int n;
  Node *body;
  Node *descs = nullptr;
  bool pass_type = false;
  val eval(Frame *f) override;
};

// (handler-bind fun (type...) body...)
struct HandleNode : Node {
  val types;
  Node *fun;
  Node *body;
  val eval(Frame *f) override;
};

struct QuasiNode : Node {
  Node **parts;
  bool *literal;
  int n;
  val eval(Frame *f) override;
};

struct DestructureNode : Node {
  ScopeInfo *info;
  DPat *pat;
  Node *value;
  Node *whole = nullptr;  // macro-bind: the whole form, for :form
  Node *env = nullptr;    // macro-bind: the macro environment, for :env
  Node *body;
  val name;
  val eval(Frame *f) override;
};

struct TreeCaseNode : Node {
  Node *value;
  int n;
  ScopeInfo **infos;
  DPat **pats;
  Node **bodies;
  val eval(Frame *f) override;
};

struct TagbodyNode : Node {
  ScopeInfo *info;
  SlotRef token;
  int n;
  Node **stmts;
  int *label_at;  // tag index -> statement index
  val eval(Frame *f) override;
};

struct GoNode : Node {
  SlotRef token;
  int index;
  val tag;
  val eval(Frame *f) override;
};

struct EachNode : Node {
  enum Mode { Do, Collect, Append } mode = Do;
  ScopeInfo *info;
  int n;
  Node **seqs;
  SlotRef *targets;  // relative to the per-iteration frame
  Node *body;
  val eval(Frame *f) override;
};

// (load-time form): form is evaluated once, in the top-level environment;
// its value is kept.  Compiled code (compile-toplevel, compile-file)
// evaluates it before the rest of its top-level form, interpreted code the
// first time it is reached.
struct LoadTimeNode : Node {
  Node *form;
  int nslots;
  bool done = false;
  val value = nullptr;
  val eval(Frame *) override {
    if (!done) {
      value = form->eval(alloc_heap_frame(nslots, nullptr));
      done = true;
    }
    return value;
  }
};

struct DefvarNode : Node {
  Sym *s;
  Node *value;  // null: no value
  bool only_if_unbound;
  val eval(Frame *f) override {
    if (value && (!only_if_unbound || s->value == UNBOUND)) s->value = value->eval(f);
    return static_cast<val>(s);
  }
};

}  // namespace tine
