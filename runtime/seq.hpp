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
bool less_than(val x, val y);

}  // namespace tine
