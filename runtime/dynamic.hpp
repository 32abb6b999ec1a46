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
  val handlers;           // Handler frames: functions, parallel to types
  bool disabled = false;  // a handler frame while one of its functions runs
};
extern DynFrame *dyn_top;

// Pushes a frame for the lifetime of a C++ scope.
struct DynPush {
  DynFrame frame;
  DynFrame *saved;
  DynPush(DynFrame::Kind k, val types, val handlers) : saved(dyn_top) {
    frame = DynFrame{dyn_top, k, types, handlers};
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
