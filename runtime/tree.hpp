// Search trees: what the reader needs to build #T and #N literals.
#pragma once
#include "lisp.hpp"

namespace tine {

val tree_literal(val form, const char *self);   // #T((funs...) elems...)
val tnode_literal(val form, const char *self);  // #N(key left right)
void init_trees();

}  // namespace tine
