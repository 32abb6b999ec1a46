// Delimited continuations (cont.cpp): sys:capture-cont and its helpers.
#pragma once
#include <exception>

#include "lisp.hpp"

namespace tine {

struct ResumeRec;
// A resumed copy of a block has finished: back to the resuming call.
[[noreturn]] void finish_resumed(ResumeRec *rec, val value, std::exception_ptr exc);
val call_continuation(const Args &a);  // the continuation function's body
void init_cont();

}  // namespace tine
