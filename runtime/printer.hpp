// Printer hooks for foreign object types.
#pragma once
#include <string>

#include "lisp.hpp"

namespace tine {

using PrintFn = void (*)(val obj, std::u32string &out, bool escape);
extern PrintFn print_ops[64];  // indexed by T

// The current values of *stdout* and *stdin* (dynamically rebindable).
val current_output();
val current_input();

}  // namespace tine
