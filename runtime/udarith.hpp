// User-defined arithmetic: struct objects standing in for numbers, by way
// of methods named after the arithmetic functions (TXR's conventions).
#pragma once
#include "lisp.hpp"

namespace tine {

inline bool ud_p(val v) { return is(v, T::Struct); }

// obj.(method args...), or an error naming self when obj has no such method.
val ud_call(val obj, const char *method, const val *args, int n, const char *self);
val ud_unary(val obj, const char *method, const char *self);

// A binary operation with a struct among its operands: the left operand's
// method when it is a struct, else the right operand's rmethod (nullptr:
// the operation takes no struct on the right).
val ud_binary(val a, val b, const char *method, const char *rmethod, const char *self);

// True when obj is a struct whose type has a + method.
bool ud_arithp(val obj);

}  // namespace tine
