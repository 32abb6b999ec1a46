// Parameter list macros (*param-macro*): a keyword at the head of a lambda
// list names an expander that rewrites the list and the body (:key, :match
// and those of define-param-expander).  The compiler and the expander run
// every lambda list through expand_param_macros before using it.
#pragma once
#include "lisp.hpp"

namespace tine {

// True when params (or, macro_style, a nested destructuring list in it)
// starts with a parameter macro keyword: the cheap test done first.
bool has_param_macros(val params, bool macro_style);

// Expands every parameter macro of params and returns the new list; *body
// becomes the rewritten body.  env is the macro environment around the
// function, form the defining form (for the expanders' diagnostics).
val expand_param_macros(val params, val *body, val env, val form, bool macro_style);

void init_params();

}  // namespace tine
