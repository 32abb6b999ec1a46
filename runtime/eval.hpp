// The evaluator's run-time structures: frames, nodes, lambdas, and the
// C++ exceptions that implement block/return-from and tagbody/go.
#pragma once
#include "lisp.hpp"

namespace tine {

struct Frame {
  Frame *up;
  val slots[1];  // really nslots long
};

inline Frame *alloc_heap_frame(int nslots, Frame *up) {
  size_t bytes = sizeof(Frame) + (nslots > 1 ? size_t(nslots - 1) : 0) * sizeof(val);
  Frame *f = static_cast<Frame *>(gc_scanned(bytes));
  f->up = up;
  return f;
}

// A frame slot named by (frames up, index), fixed after compilation.
struct SlotRef {
  int depth = 0;
  int idx = 0;
  val *resolve(Frame *f) const {
    for (int d = depth; d > 0; --d) f = f->up;
    return &f->slots[idx];
  }
};

// Variable reads and constants are tagged so that hot nodes can evaluate
// them inline (see ev in nodes.hpp) instead of through a virtual call.
enum class NodeKind : uint8_t { Other, Local, Const };

struct Node {
  int line = 0;
  NodeKind kind = NodeKind::Other;
  virtual val eval(Frame *f) = 0;
};

// A compiled lambda: parameter slots, defaults and body.
struct Lambda {
  int nreq = 0, nopt = 0;
  bool rest = false;
  bool heap = true;  // frame must outlive the call (a closure may capture it)
  bool has_specials = false;
  bool direct = false;     // stack frame, required parameters only, in slots 0..nreq-1
  bool has_block = false;  // an implicit block named block_name (defun, flet ...)
  // Something in the body reaches a frame outside the lambda.  A closure
  // that needs none keeps no environment, so it does not hold on to the
  // variables of the frame it was made in.
  bool needs_env = false;
  // The rest parameter is never read: no list is made for it.
  bool rest_unused = false;
  // The rest parameter is read only as the last argument of apply calls in
  // the lambda's own body (as in op's (lambda rest [apply f x rest])), and
  // the frame is on the stack: its slot points to a RestArgs copy of the
  // arguments instead of a list, and those calls pass them on (ApplyRestNode).
  bool rest_forward = false;
  val block_name = nullptr;
  int nslots = 0;
  SlotRef *param_ref = nullptr;    // nreq + nopt + rest entries (depth 0)
  val *param_special = nullptr;    // the symbol when a parameter is special, else nil
  Node **opt_default = nullptr;    // nopt entries (null: nil)
  SlotRef *opt_present = nullptr;  // nopt entries
  bool *has_present = nullptr;     // nopt entries
  Node *body = nullptr;
  val name = nullptr;
  val params = nullptr;  // the source parameter list (func-get-name and friends)
};

// The arguments a forwarding rest parameter stands for (see rest_forward):
// a copy on the stack of the call, which lasts as long as the frame.
struct RestArgs {
  int n;
  val tail;     // a dotted argument list's atom tail
  val vals[1];  // really n long
};

val call_closure(Fun *fn, val *args, int n, val tail = nullptr);  // tail: a dotted argument list
val make_closure(Lambda *code, Frame *env, val name);

struct ReturnFrom {
  val token;
  val value;
};

// A return-from to a block not visible in the source: every block and
// every function with an implicit block catches the ones of its name, so
// the innermost active one receives it.  The active ones are chained
// (active_top), so that a return-from with no target is an error where it
// happens, and a continuation re-links the ones of the frames it copies.
struct DynReturn {
  val name;
  val value;
};

struct ActiveBlock;
extern ActiveBlock *active_top;
struct ActiveBlock {
  val name;
  ActiveBlock *up;
  explicit ActiveBlock(val name) : name(name), up(active_top) { active_top = this; }
  ~ActiveBlock() { active_top = up; }
  ActiveBlock(const ActiveBlock &) = delete;
  ActiveBlock &operator=(const ActiveBlock &) = delete;
};

// (sys:abscond-from name value): leaves the block like return-from, but
// unwind-protect cleanups do not run on the way (the frames are expected
// to live on in a continuation).
struct Abscond {
  val name;
  val value;
};

struct GoTo {
  val token;
  int index;
};

// The blocks referenced by a return-from in their source, and the
// tagbodies, active now, innermost first: the exits that a lexical
// return-from or go can still reach.  Tagbodies have no name (UNBOUND).
struct ResumeRec;
struct ExitPoint {
  val name;
  val token;
  ExitPoint *up;
  // Blocks (not tagbodies) are prompts for continuations: the last word of
  // the block's C++ frame (its return address: a pointer inside the frame,
  // so that copies of the frame move it), and where a resumed copy learns it must return to
  // the continuation's caller (see cont.cpp).
  char *stack_last = nullptr;
  ResumeRec *volatile *resumed = nullptr;
};
extern ExitPoint *exit_top;

struct EnterExitPoint {
  ExitPoint point;
  EnterExitPoint(val name, val token, char *top = nullptr, ResumeRec *volatile *resumed = nullptr)
      : point{name, token, exit_top, top, resumed} {
    exit_top = &point;
  }
  ~EnterExitPoint() { exit_top = point.up; }
  EnterExitPoint(const EnterExitPoint &) = delete;
  EnterExitPoint &operator=(const EnterExitPoint &) = delete;
};

// Set by the SIGINT handler; polled at calls and loop iterations.
extern volatile int interrupt_pending;
[[noreturn]] void raise_interrupt();
inline void poll_interrupt() {
  if (interrupt_pending) raise_interrupt();
}

// Checks that the C++ stack has room for another level of evaluation
// (stack_floor: the lowest address evaluation may use; null: no limit).
extern char *stack_floor;
void init_stack_guard();  // sets stack_floor from the thread's stack size
[[noreturn]] void stack_overflow();
inline void check_stack_depth() {
  poll_interrupt();
  char here;
  if (&here < stack_floor) stack_overflow();
}

// The stack check for a recursive function whose recursion the compiler
// could turn into a loop (a tail call, as in expanding a macro or symbol
// macro that expands forever): the destructor keeps each frame, so the
// check sees the depth and the recursion ends in stack-overflow.
struct StackDepthGuard {
  StackDepthGuard() { check_stack_depth(); }
  ~StackDepthGuard() { asm volatile(""); }
  StackDepthGuard(const StackDepthGuard &) = delete;
  StackDepthGuard &operator=(const StackDepthGuard &) = delete;
};

// A dynamic binding of a special variable, chained (dynbind_top) so that a
// continuation can re-establish the bindings of the frames it copies.
// Bindings are undone in the reverse order of making them.
struct DynBind {
  Sym *s;
  val saved;
  DynBind *up;
};
extern DynBind *dynbind_top;
inline void dynbind(DynBind &b, val symbol, val v) {
  b.s = sym(symbol);
  b.saved = b.s->value;
  b.up = dynbind_top;
  dynbind_top = &b;
  b.s->value = v;
}
inline void dynunbind(DynBind &b) {
  b.s->value = b.saved;
  dynbind_top = b.up;
}

// Dynamic binding of a special variable for the lifetime of a C++ scope.
struct SpecialBind {
  DynBind b;
  SpecialBind(val sym_, val v) { dynbind(b, sym_, v); }
  ~SpecialBind() { dynunbind(b); }
  SpecialBind(const SpecialBind &) = delete;
  SpecialBind &operator=(const SpecialBind &) = delete;
};

}  // namespace tine
