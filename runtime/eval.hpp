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
  bool direct = false;  // stack frame, required parameters only, in slots 0..nreq-1
  int nslots = 0;
  SlotRef *param_ref = nullptr;    // nreq + nopt + rest entries (depth 0)
  val *param_special = nullptr;    // the symbol when a parameter is special, else nil
  Node **opt_default = nullptr;    // nopt entries (null: nil)
  SlotRef *opt_present = nullptr;  // nopt entries
  bool *has_present = nullptr;     // nopt entries
  Node *body = nullptr;
  val name = nullptr;
  val params = nullptr;  // source parameter list, for printing
};

val call_closure(Fun *fn, val *args, int n);
val make_closure(Lambda *code, Frame *env, val name);

struct ReturnFrom {
  val token;
  val value;
};

struct GoTo {
  val token;
  int index;
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
[[noreturn]] void stack_overflow();
inline void check_stack_depth() {
  poll_interrupt();
  char here;
  if (&here < stack_floor) stack_overflow();
}

// Dynamic binding of a special variable for the lifetime of a C++ scope.
struct SpecialBind {
  Sym *s;
  val saved;
  SpecialBind(val sym_, val v) : s(static_cast<Sym *>(sym_)), saved(s->value) { s->value = v; }
  ~SpecialBind() { s->value = saved; }
  SpecialBind(const SpecialBind &) = delete;
  SpecialBind &operator=(const SpecialBind &) = delete;
};

// Source locations for error reports.
extern val current_load_file;

}  // namespace tine
