// Hash tables: the representation shared by hash.cpp (the table) and
// hashlib.cpp (the library built on it).
#pragma once
#include "lisp.hpp"

namespace tine {

enum : uint8_t { WEAK_KEYS = 1, WEAK_VALS = 2, WEAK_AND = 4 };

// The slots in the order their keys were inserted (-1: deleted since), for
// iteration; lookups never touch it.
struct HashOrder {
  uint32_t len, cap;
  int32_t slot[1];  // [cap]
};

struct Hash : Obj {
  HashKind kind;
  uint8_t weak;             // WEAK_* bits
  size_t count, used, cap;  // used counts live entries plus tombstones
  val *keys;
  val *vals;
  int32_t *pos;      // [cap] each live slot's index in order
  HashOrder *order;  // unscanned; replaced (never reused) when rebuilt
  val userdata;
  uint64_t seed;  // perturbs equal hashing of strings and bufs
  size_t gc_no;   // weak tables: the collection count at the last purge
};

struct HashIter : Obj {
  val hash;          // nil once dissociated by hash-reset
  val *keys;         // the key array the order refers to (the table's, or an older one)
  HashOrder *order;  // the insertion order being walked
  size_t pos;        // next index in order
};

val make_hash(HashKind kind, uint8_t weak, val userdata, uint64_t seed);
// A table made as (hash opts...) makes it; self names the caller in errors.
val hash_from_options(const val *opts, int n, const char *self);
val hash_from_option_list(val opts, const char *self);
val make_similar_hash(val h);
val hash_copy(val h);
void hash_clear(val h);
val hash_userdata(val h);
void set_hash_userdata(val h, val v);
val hash_print_options(val h);
uint64_t hash_seed_value(val seed, const char *self);
val gen_hash_seed();
extern val hash_seed_sym;

val hash_iter_begin(val h);
void hash_iter_reset(val it, val h);
bool hash_iter_next(val it, val *key, val *value);
bool hash_iter_peek(val it, val *key, val *value);
val hash_iter_copy(val it);

}  // namespace tine
