// Printer hooks for foreign object types.
#pragma once
#include <string>

#include "lisp.hpp"

namespace tine {

using PrintFn = void (*)(val obj, std::u32string &out, bool escape);
extern PrintFn print_ops[64];  // indexed by T

// Under *print-circle*: obj's #n# when it was printed before (true), or its
// #n= when it is shared and printed now (false); false for others.
bool print_circle_ref(val obj, std::u32string &out);
bool print_circle_printed(val obj);  // would print as #n#

// (json quote obj) as #J<json> (json.cpp); false when obj has no JSON form.
bool print_json_form(val form, std::u32string &out);

}  // namespace tine
