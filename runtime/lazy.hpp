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

// The update function of a C++ lazy list: a builtin closure over data
// (a.self->data inside fn), called with the cell to fill.
val lazy_fun(const char *name, BuiltinFn fn, val data);

// Lazy lists from generators.  Next(state, &item) produces the next item
// or returns false at the end; state is any collected object (often a
// vector of fields) that Next updates.  Each cell is made holding its item
// (so Next runs one item ahead of what has been read) and forcing it asks
// for the following item.  Tail(state), when given, ends the list instead
// of nil.
using LazyNext = bool (*)(val state, val *out);
using LazyTail = val (*)(val state);

inline val end_of(LazyTail tail, val state) { return tail ? tail(state) : nullptr; }

template <LazyNext Next, LazyTail Tail = nullptr>
val lazy_gen_step(const Args &a) {
  val c = a[0], x;
  val st = a.self->data;
  if (Next(st, &x))
    rplacd(c, make_lazy_cons(a.self, x));
  else
    rplacd(c, end_of(Tail, st));
  return nullptr;
}

template <LazyNext Next, LazyTail Tail = nullptr>
val lazy_gen(const char *name, val state) {
  val x;
  if (!Next(state, &x)) return end_of(Tail, state);
  return make_lazy_cons(lazy_fun(name, lazy_gen_step<Next, Tail>, state), x);
}

// A record of n fields for generator state.
val lazy_state(std::initializer_list<val> fields);
inline val &field(val state, int i) { return vec_of(state)->data[i]; }

// The lazy list of the items of any sequence or iterable (a list as is).
val lazy_seq_list(val seq, const char *self);

// (interpose sep list) for a list: lazy, so a lazy suffix stays lazy.
val lazy_interpose(val sep, val list);

// take, take-while and take-until as lazy lists (for lists and other
// traversed sequences).
val lazy_take(intptr_t n, val seq, const char *self);
val lazy_take_while(val pred, val seq, val keyf, bool until, const char *self);

void init_lazy();

}  // namespace tine
