// Iteration over every iterable object: the C++ SeqIter (declared in
// lisp.hpp) and the Lisp iterator API built on it (iter.cpp).
#pragma once
#include "lisp.hpp"

namespace tine {

// The kinds of SeqIter; K_LIST is tested inline by SeqIter::next.
enum SeqIterKind : int {
  K_LIST,
  K_LIST_LAZY,  // a list read on demand (lazy results): no cycle check
  K_VEC,
  K_STR,
  K_BUF,
  K_HASH,
  K_OPS,          // foreign indexed types (seq_ops): carrays
  K_ITER,         // foreign traversed types (iter_hooks): trees
  K_FIX_UP,       // fixnum range i..n ascending
  K_FIX_DOWN,     // fixnum range: items n..i-1 descending
  K_NUM_UP,       // numbers or characters ascending from cur, below to (or unbounded)
  K_NUM_DOWN,     // numbers or characters: predecessors of cur while above to
  K_STR_RANGE,    // the strings of a string range; cur is its state vector
  K_SEQ_ITER,     // a seq-iter object (cur: a private copy of it)
  K_CAT,          // iter-cat: cur is the seq-iter of the current part, seq the rest
  K_STRUCT_ITER,  // structs by the iter-begin protocol
  K_STRUCT_LIST,  // structs by car/cdr/nullify
  K_STRUCT_VEC,   // structs by length and lambda
};

// An iterator object of type seq-iter: a SeqIter with one item of
// lookahead, so that iter-more and iter-item do not consume.
struct SeqIterObj : Obj {
  bool peeked;  // item holds the next element; have says whether there is one
  bool have;
  SeqIter it;
  val item;
};
val make_seq_iter(val seq, const char *self);
bool seq_iter_peek(SeqIterObj *o, val *out);
bool seq_iter_next(SeqIterObj *o, val *out);

// Is obj iterable by SeqIter (numbers, ranges and iterator objects too)?
bool iterable(val obj);
// Is obj a sequence in the manual's sense (seqp)?
bool seqp(val obj);
// The successor and predecessor of a number or character.
val succ_of(val v, const char *self);
val pred_of(val v, const char *self);
// The number of elements of a string range.
intptr_t str_range_length(val range, const char *self);
// The item of a numeric or character range at index i (negative: from the
// end of a bounded range); a range error when out of it.
val range_ref(val range, val idx, const char *self);

void init_iter();

}  // namespace tine
