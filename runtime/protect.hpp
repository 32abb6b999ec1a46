// The one boundary between Lisp evaluation and C++ callers (the CLI, the
// REPL, the embedding API): whatever unwinds out of evaluation leaves it as
// a LispThrow, never as one of the evaluator's internal exceptions.
#pragma once
#include "dynamic.hpp"
#include "eval.hpp"

namespace tine {

// Call only inside a catch (...) handler: rethrows the exception being
// handled as a LispThrow (an unwind whose target is gone becomes an
// eval-error naming it).
[[noreturn]] void rethrow_as_lisp_throw();

template <class F>
auto run_protected(F &&f) -> decltype(f()) {
  DynFrame *saved_dyn = dyn_top;
  ExitPoint *saved_exit = exit_top;
  try {
    return f();
  } catch (...) {
    dyn_top = saved_dyn;
    exit_top = saved_exit;
    rethrow_as_lisp_throw();
  }
}

}  // namespace tine
