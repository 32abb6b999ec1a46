// Lazy conses and the lazy list library built on them (lazy.cpp).
#pragma once
#include "lisp.hpp"

namespace tine {

// A lazy cons whose update function fun(lcons) fills in car and cdr on
// first access.  car and cdr start as given.
val make_lazy_cons(val fun, val car = nullptr, val cdr = nullptr);
inline bool lconsp(val v) { return is(v, T::LCons); }
// Run a lazy cons's update function if it still has one.
void lcons_force(val c);

// The fields of a lazy cons without forcing it: C++ update functions keep
// their per-cell state there until they overwrite it (one function object
// serves a whole lazy list).
inline val lcons_car_raw(val c) { return static_cast<Cons *>(c)->car; }
inline val lcons_cdr_raw(val c) { return static_cast<Cons *>(c)->cdr; }

// The lazy list of the items of any sequence or iterable (a list as is).
val lazy_seq_list(val seq, const char *self);

void init_lazy();

}  // namespace tine
