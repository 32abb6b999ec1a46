// The dynamic-extent stack of catch and handler frames, and the C++
// exceptions used to unwind to them.
#pragma once
#include "lisp.hpp"

namespace tine {

struct DynFrame {
  enum Kind : uint8_t { Catch, Handler };
  DynFrame *up;
  Kind kind;
  val types;              // list of exception symbols
  val handler;            // Handler frames: the function, called with (type . args)
  bool disabled = false;  // a handler frame while its function runs
  val desc = nullptr;     // Catch frames of catch**: the clauses' descriptions
};
extern DynFrame *dyn_top;

// Pushes a frame for the lifetime of a C++ scope.
struct DynPush {
  DynFrame frame;
  DynFrame *saved;
  DynPush(DynFrame::Kind k, val types, val handler, val desc = nullptr) : saved(dyn_top) {
    frame = DynFrame{dyn_top, k, types, handler, false, desc};
    dyn_top = &frame;
  }
  ~DynPush() { dyn_top = saved; }
  DynPush(const DynPush &) = delete;
  DynPush &operator=(const DynPush &) = delete;
};

// Thrown to transfer control to the catch frame that claimed an exception.
struct CatchUnwind {
  DynFrame *target;
  val sym;
  val args;
};

}  // namespace tine
