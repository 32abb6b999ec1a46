// TXR's type hierarchy (types.cpp): typeof, subtypep, typep,
// built-in-type-p, and the case-error exception of etypecase.
#pragma once
#include "lisp.hpp"

namespace tine {

val type_of(val v);  // (typeof v): the symbol naming v's type
void init_types();

}  // namespace tine
