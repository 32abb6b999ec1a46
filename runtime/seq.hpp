// Hooks that let a foreign object type act as an indexable sequence.
#pragma once
#include "lisp.hpp"

namespace tine {

// ref and set take an index that may be negative or out of range, and
// check it themselves.
struct SeqOps {
  intptr_t (*length)(val s);
  val (*ref)(val s, intptr_t i);
  void (*set)(val s, intptr_t i, val v);
  val (*sub)(val s, intptr_t from, intptr_t to);  // may be null
  val (*search)(val s, val needle);               // may be null: generic search
  val (*pos)(val s, val item);                    // may be null: generic pos
  // Replaces elements from..to (normalized) with items, keeping the length
  // (carrays); may be null: a slice of another length is then an error.
  void (*replace)(val s, val items, intptr_t from, intptr_t to);
};
extern SeqOps *seq_ops[64];  // indexed by T

// Hooks for types that are traversed rather than indexed (search trees and
// their iterators): begin makes a cursor, next yields the following element.
struct IterHooks {
  val (*begin)(val s);
  bool (*next)(val cursor, val *out);
  intptr_t (*length)(val s);  // may be null: counted by traversal
};
extern IterHooks *iter_hooks[64];  // indexed by T

// [obj args...] for types with their own meaning of indexing (trees).
using DwimHook = val (*)(val obj, val *args, int n);
extern DwimHook dwim_hooks[64];  // indexed by T

// Index i (negative: from the end) checked against len: the position, or a
// range error naming self and seq.
intptr_t norm_index(intptr_t i, intptr_t len, const char *self, val seq);
// A slice bound (missing, nil or t: dflt; negative: from the end), clamped
// to [0, len].
intptr_t slice_bound(val v, intptr_t len, intptr_t dflt, const char *self);
// obj[idx] = v for any sequence or hash, idx an index or a range; returns
// the sequence afterwards (a list may be replaced by a new one).
val dwim_store(val obj, val idx, val v);

val make_like(val items, val model);
// The length of a range object (a number: may be negative or fractional).
val range_length(val range, const char *self);
// A copy of a sequence (a range: a vector of its items), as copy does.
val seq_copy(val seq, const char *self);

// Generic ordering (sort.cpp): -1, 0, 1, or 2 for "neither less nor equal".
int compare(val x, val y);
bool less_than(val x, val y);
void init_sort();
void init_seqmap();
void init_listlib();
void init_lazylib();  // lazylib.cpp
void init_seqfind();
void init_seqsplit();

// Builds a list front to back through a tail pointer.
struct ListBuilder {
  val head = nullptr, tail = nullptr;
  void add(val x) {
    val c = cons(x, nullptr);
    if (tail)
      static_cast<Cons *>(tail)->cdr = c;
    else
      head = c;
    tail = c;
  }
  // Appends the items of a list, copied; returns the atom ending it.  A
  // circular list is an error naming self.
  val add_list(val l, const char *self = "append") {
    CycleCheck cycle(l);
    for (val x; pop_item(l, x); cycle.step(l, self)) add(x);
    return l;
  }
  // Ends the list with obj (shared, not copied).
  void set_tail(val obj) {
    if (tail)
      static_cast<Cons *>(tail)->cdr = obj;
    else
      head = obj;
  }
};

// Optional function arguments: nullptr when missing or nil.
inline val opt_fun(val f, const char *self) { return missing(f) || !f ? nullptr : fun_checked(f, self); }
inline val apply_key(val keyf, val x) { return keyf ? funcall1(keyf, x) : x; }

}  // namespace tine
