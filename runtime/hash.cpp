// Hash tables: open addressing with linear probing; eq, eql and equal based;
// optionally weak in keys and/or values; traversed in insertion order, by
// iterators that survive resizing.
//
// Keys and values live in two parallel arrays, so a lookup touches one key
// slot per probe and nothing else.  Weak tables keep an array unscanned
// (atomic) and register a disappearing link per heap object in it; the
// collector clears the slot when the object dies, and the table drops such
// entries the next time it is used after a collection.
#include "hash.hpp"

#include <sys/time.h>
#include <vector>
#include <unistd.h>

#include "number.hpp"

namespace tine {

static val EMPTY, TOMB;  // slot markers
static val WNIL;         // nil stored in a weak array (a cleared link is also null)

static Hash *hash_of(val h) { return static_cast<Hash *>(h); }
bool hashp(val v) { return is(v, T::Hash); }

static inline uint64_t eq_mix(val k) {
  uint64_t x = uint64_t(uintptr_t(k));
  return (x ^ (x >> 17)) * 0x9E3779B97F4A7C15ull;
}

static inline uint64_t hash_key(Hash *h, val k) {
  if (!is_ptr(k)) return eq_mix(k);  // fixnums, characters, nil: same under every kind
  switch (h->kind) {
    case HashKind::Eq: return eq_mix(k);
    case HashKind::Eql: return eql_hash(k);
    case HashKind::Equal: return equal_hash(k, 0, h->seed);
  }
  return 0;
}

static inline bool same_key(Hash *h, val a, val b) {
  if (a == b) return true;
  switch (h->kind) {
    case HashKind::Eq: return false;
    case HashKind::Eql: return eql(a, b);
    case HashKind::Equal: return equal(a, b);
  }
  return false;
}

// ---- weak slots ----------------------------------------------------------------

static bool weak_keys(Hash *h) { return h->weak & WEAK_KEYS; }
static bool weak_vals(Hash *h) { return h->weak & WEAK_VALS; }

// A heap object the collector owns (the only kind a link can watch).
static bool collectable(val v) { return is_ptr(v) && GC_base(v) == static_cast<void *>(v); }

static void link_slot(val *slot) {
  if (collectable(*slot)) GC_general_register_disappearing_link(reinterpret_cast<void **>(slot), *slot);
}

static void unlink_slot(val *slot) {
  if (collectable(*slot)) GC_unregister_disappearing_link(reinterpret_cast<void **>(slot));
}

static val wrap_nil(val v) { return v ? v : WNIL; }
static val unwrap_nil(val v) { return v == WNIL ? nullptr : v; }

static val *alloc_array(size_t cap, bool weak) {
  size_t bytes = cap * sizeof(val);
  return static_cast<val *>(weak ? gc_atomic(bytes) : gc_scanned(bytes));
}

static HashOrder *new_order(uint32_t cap) {
  auto *o = static_cast<HashOrder *>(gc_atomic(sizeof(HashOrder) + sizeof(int32_t) * cap));
  o->len = 0;
  o->cap = cap;
  return o;
}

static void alloc_slots(Hash *h, size_t cap) {
  h->cap = cap;
  h->keys = alloc_array(cap, weak_keys(h));
  h->vals = alloc_array(cap, weak_vals(h));
  h->pos = static_cast<int32_t *>(gc_atomic(cap * sizeof(int32_t)));
  h->order = new_order(uint32_t(cap));
  for (size_t i = 0; i < cap; ++i) {
    h->keys[i] = EMPTY;
    h->vals[i] = nullptr;
  }
}

// A fresh order array without the deleted entries (iterators keep the old).
static void compact_order(Hash *h) {
  HashOrder *old = h->order, *o = new_order(old->cap);
  for (uint32_t k = 0; k < old->len; ++k)
    if (int32_t s = old->slot[k]; s >= 0) {
      h->pos[s] = int32_t(o->len);
      o->slot[o->len++] = s;
    }
  h->order = o;
}

static void append_order(Hash *h, size_t i) {
  if (h->order->len == h->order->cap) compact_order(h);
  h->pos[i] = int32_t(h->order->len);
  h->order->slot[h->order->len++] = int32_t(i);
}

static void drop_slot(Hash *h, size_t i) {
  h->order->slot[h->pos[i]] = -1;
  if (weak_keys(h)) unlink_slot(&h->keys[i]);
  if (weak_vals(h)) unlink_slot(&h->vals[i]);
  h->keys[i] = TOMB;
  h->vals[i] = nullptr;
  --h->count;
}

// Entries whose key or value the collector cleared become tombstones.
static void purge_slow(Hash *h) {
  h->gc_no = GC_get_gc_no();
  for (size_t i = 0; i < h->cap; ++i) {
    val k = h->keys[i];
    if (k == EMPTY || k == TOMB) continue;
    if ((weak_keys(h) && !k) || (weak_vals(h) && !h->vals[i])) drop_slot(h, i);
  }
}

static inline void purge(Hash *h) {
  if (__builtin_expect(h->weak & (WEAK_KEYS | WEAK_VALS), 0) && GC_get_gc_no() != h->gc_no) purge_slow(h);
}

// ---- the table ----------------------------------------------------------------------

static void init_markers() {
  if (EMPTY) return;
  EMPTY = gc_obj<Box>(T::Box);
  TOMB = gc_obj<Box>(T::Box);
  WNIL = gc_obj<Box>(T::Box);
}

val make_hash(HashKind kind, uint8_t weak, val userdata, uint64_t seed) {
  init_markers();
  Hash *h = gc_obj<Hash>(T::Hash);
  h->kind = kind;
  h->weak = weak;
  h->userdata = userdata;
  h->seed = seed;
  h->gc_no = GC_get_gc_no();
  alloc_slots(h, 8);
  return h;
}

val make_hash(HashKind kind) { return make_hash(kind, 0, nullptr, 0); }

// Index of key's slot, or of the empty slot where it would go.
static size_t probe(Hash *h, val key, bool *found) {
  size_t mask = h->cap - 1;
  size_t i = size_t(hash_key(h, key)) & mask;
  size_t tomb = SIZE_MAX;
  for (;;) {
    val k = h->keys[i];
    if (k == EMPTY) {
      *found = false;
      return tomb != SIZE_MAX ? tomb : i;
    }
    if (k == TOMB) {
      if (tomb == SIZE_MAX) tomb = i;
    } else if (same_key(h, k, key)) {
      *found = true;
      return i;
    }
    i = (i + 1) & mask;
  }
}

// New arrays of cap slots, entries inserted in their old order.
static void rehash(Hash *h, size_t cap) {
  val *keys = h->keys, *vals = h->vals;
  HashOrder *order = h->order;
  alloc_slots(h, cap);  // may collect: purge after it, so no cleared slot is copied
  h->count = 0;
  for (uint32_t k = 0; k < order->len; ++k) {
    int32_t i = order->slot[k];
    if (i < 0) continue;
    val key = keys[i];
    if (key == EMPTY || key == TOMB) continue;
    if ((weak_keys(h) && !key) || (weak_vals(h) && !vals[i])) {
      if (weak_keys(h)) unlink_slot(&keys[i]);
      if (weak_vals(h)) unlink_slot(&vals[i]);
      continue;
    }
    bool found;
    size_t j = probe(h, key, &found);
    h->keys[j] = key;
    h->vals[j] = vals[i];
    append_order(h, j);
    if (weak_keys(h) && collectable(key))
      GC_move_disappearing_link(reinterpret_cast<void **>(&keys[i]), reinterpret_cast<void **>(&h->keys[j]));
    if (weak_vals(h) && collectable(vals[i]))
      GC_move_disappearing_link(reinterpret_cast<void **>(&vals[i]), reinterpret_cast<void **>(&h->vals[j]));
    ++h->count;
  }
  h->used = h->count;
  h->gc_no = GC_get_gc_no();
}

val gethash(val hv, val key, bool *found) {
  Hash *h = hash_of(hv);
  if (__builtin_expect(h->weak != 0, 0)) {
    purge(h);
    if (weak_keys(h)) key = wrap_nil(key);
  }
  bool f;
  size_t i = probe(h, key, &f);
  if (found) *found = f;
  if (!f) return nullptr;
  val v = h->vals[i];
  return __builtin_expect(weak_vals(h), 0) ? unwrap_nil(v) : v;
}

void sethash(val hv, val key, val value) {
  Hash *h = hash_of(hv);
  if (__builtin_expect(h->weak != 0, 0)) {
    purge(h);
    if (weak_keys(h)) key = wrap_nil(key);
    if (weak_vals(h)) value = wrap_nil(value);
  }
  if ((h->used + 1) * 4 > h->cap * 3) rehash(h, h->count * 2 + 1 > h->cap / 2 ? h->cap * 2 : h->cap);
  bool f;
  size_t i = probe(h, key, &f);
  if (!f) {
    if (h->keys[i] == EMPTY) ++h->used;
    ++h->count;
    h->keys[i] = key;
    append_order(h, i);
    if (weak_keys(h)) link_slot(&h->keys[i]);
  } else if (weak_vals(h)) {
    unlink_slot(&h->vals[i]);
  }
  h->vals[i] = value;
  if (weak_vals(h)) link_slot(&h->vals[i]);
}

bool remhash(val hv, val key, val *old) {
  Hash *h = hash_of(hv);
  if (__builtin_expect(h->weak != 0, 0)) {
    purge(h);
    if (weak_keys(h)) key = wrap_nil(key);
  }
  bool f;
  size_t i = probe(h, key, &f);
  if (!f) return false;
  if (old) *old = weak_vals(h) ? unwrap_nil(h->vals[i]) : h->vals[i];
  drop_slot(h, i);
  return true;
}

size_t hash_count(val hv) {
  Hash *h = hash_of(hv);
  purge(h);
  return h->count;
}

void hash_clear(val hv) {
  Hash *h = hash_of(hv);
  if (h->weak)
    for (size_t i = 0; i < h->cap; ++i)
      if (h->keys[i] != EMPTY && h->keys[i] != TOMB) drop_slot(h, i);
  alloc_slots(h, 8);
  h->count = h->used = 0;
}

// The entry in slot i, if live: key and value with nil restored.
static bool slot_entry(Hash *h, size_t i, val *key, val *value) {
  val k = h->keys[i];
  if (k == EMPTY || k == TOMB) return false;
  val v = h->vals[i];
  if (__builtin_expect(h->weak != 0, 0)) {
    if ((weak_keys(h) && !k) || (weak_vals(h) && !v)) return false;  // cleared, not yet purged
    k = weak_keys(h) ? unwrap_nil(k) : k;
    v = weak_vals(h) ? unwrap_nil(v) : v;
  }
  *key = k;
  *value = v;
  return true;
}

// The cursor is an index in the insertion order.
bool hash_next(val hv, size_t *cursor, val *key, val *value) {
  Hash *h = hash_of(hv);
  HashOrder *o = h->order;
  for (size_t k = *cursor; k < o->len; ++k) {
    int32_t i = o->slot[k];
    if (i < 0 || !slot_entry(h, size_t(i), key, value)) continue;
    *cursor = k + 1;
    return true;
  }
  *cursor = o->len;
  return false;
}

HashKind hash_kind(val h) { return hash_of(h)->kind; }

// ---- iterators ----------------------------------------------------------------------
//
// An iterator walks the insertion order the table had when it started.  If
// the table has since rebuilt its arrays (growth, clearhash), each key
// found there is looked up again, so entries deleted since are skipped and
// none is visited twice.  A weak table's old key array is not kept up to
// date by the collector, so after a rebuild its iterators start over on
// the new arrays (and may visit entries again).

val hash_iter_begin(val h) {
  HashIter *it = gc_obj<HashIter>(T::HashIter);
  hash_iter_reset(it, h);
  return it;
}

void hash_iter_reset(val iv, val h) {
  HashIter *it = static_cast<HashIter *>(iv);
  it->hash = h;
  it->pos = 0;
  if (h) {
    purge(hash_of(h));
    it->keys = hash_of(h)->keys;
    it->order = hash_of(h)->order;
  } else {
    it->keys = nullptr;
    it->order = nullptr;
  }
}

static bool iter_step(HashIter *it, val *key, val *value, bool advance) {
  Hash *h = hash_of(it->hash);
  if (!h) return false;
  purge(h);
  if (it->keys != h->keys && h->weak) {
    it->keys = h->keys;
    it->order = h->order;
    it->pos = 0;
  }
  HashOrder *o = it->order;
  for (size_t k = it->pos; k < o->len; ++k) {
    int32_t i = o->slot[k];
    if (i < 0) continue;
    bool ok;
    if (o == h->order) {
      ok = slot_entry(h, size_t(i), key, value);
    } else {
      val kk = it->keys[i];
      ok = kk != EMPTY && kk != TOMB && kk;
      if (ok) {
        if (weak_keys(h)) kk = unwrap_nil(kk);
        *value = gethash(h, kk, &ok);
        *key = kk;
      }
    }
    if (ok) {
      it->pos = advance ? k + 1 : k;
      return true;
    }
  }
  it->pos = o->len;
  return false;
}

bool hash_iter_next(val iv, val *key, val *value) { return iter_step(static_cast<HashIter *>(iv), key, value, true); }

bool hash_iter_peek(val iv, val *key, val *value) { return iter_step(static_cast<HashIter *>(iv), key, value, false); }

val hash_iter_copy(val iv) {
  HashIter *src = static_cast<HashIter *>(iv);
  HashIter *it = gc_obj<HashIter>(T::HashIter);
  it->hash = src->hash;
  it->keys = src->keys;
  it->order = src->order;
  it->pos = src->pos;
  return it;
}

// ---- equality and hashing of whole tables ------------------------------------------

bool hash_equal(val a, val b) {
  Hash *x = hash_of(a), *y = hash_of(b);
  if (x->kind != y->kind || !equal(x->userdata, y->userdata)) return false;
  if (hash_count(a) != hash_count(b)) return false;
  val k, v;
  for (size_t c = 0; hash_next(a, &c, &k, &v);) {
    bool found;
    val w = gethash(b, k, &found);
    if (!found || !equal(v, w)) return false;
  }
  return true;
}

uint64_t hash_equal_hash(val hv, int depth) {
  // Order-independent: a sum over the entries.
  uint64_t sum = uint64_t(hash_kind(hv)) * 0x51ED27u + hash_count(hv);
  val k, v;
  for (size_t c = 0; hash_next(hv, &c, &k, &v);) sum += equal_hash(k, depth + 1) * 31 + equal_hash(v, depth + 1);
  return sum;
}

// ---- construction from the keywords of hash and #H -----------------------------------

val hash_seed_sym;

uint64_t hash_seed_value(val seed, const char *self) {
  if (is_fixnum(seed) && fixval(seed) >= 0) return uint64_t(fixval(seed));
  if (is(seed, T::Big) && mpz_sgn(big(seed)->z) >= 0 && mpz_sizeinbase(big(seed)->z, 2) <= 64) {
    MpzTemp lo;
    mpz_tdiv_r_2exp(lo.z, big(seed)->z, 64);
    return uint64_t(mpz_get_ui(lo.z));
  }
  if (!integerp(seed)) type_err(self, seed, "an integer");
  errorf(s_error, "~a: ~s is out of allowed range [0, 18446744073709551615]", self, seed);
}

static uint64_t current_seed(const char *self) {
  val s = symbol_value(hash_seed_sym, self);
  return s ? hash_seed_value(s, self) : 0;
}

// Apply make-hash's rules to the chosen properties.
static val build_hash(const char *self, bool wkeys, bool wvals, int weak_sem, int equality, val userdata,
                      uint64_t seed) {
  // weak_sem: 0 none, 1 :weak-or, 2 :weak-and.  equality: -1 unspecified.
  if (weak_sem) wkeys = wvals = true;
  if (equality < 0) equality = wkeys && !weak_sem ? int(HashKind::Eql) : int(HashKind::Equal);
  if (wkeys && equality == int(HashKind::Equal))
    errorf(s_error, "~a: bad combination :weak-keys with :equal-based", self);
  uint8_t weak = 0;
  if (weak_sem == 2)
    weak = WEAK_AND;  // kept strong: see doc/ref/hash.txt
  else
    weak = uint8_t((wkeys ? WEAK_KEYS : 0) | (wvals ? WEAK_VALS : 0));
  return make_hash(HashKind(equality), weak, userdata, seed);
}

val hash_from_options(const val *opts, int n, const char *self) {
  bool wkeys = false, wvals = false;
  int weak_sem = 0, equality = -1;
  val userdata = nullptr;
  auto set_equality = [&](HashKind k, const char *name) {
    static const char *names[] = {":eq-based", ":eql-based", ":equal-based"};
    if (equality >= 0 && equality != int(k))
      errorf(s_error, "~a: mutually exclusive ~a and ~a", self, names[equality], name);
    equality = int(k);
  };
  for (int i = 0; i < n; ++i) {
    val o = opts[i];
    if (o == keyword("equal-based")) {
      if (wkeys) errorf(s_error, "~a: mutually exclusive :equal-based and :weak-keys", self);
      set_equality(HashKind::Equal, ":equal-based");
    } else if (o == keyword("eql-based")) {
      set_equality(HashKind::Eql, ":eql-based");
    } else if (o == keyword("eq-based")) {
      set_equality(HashKind::Eq, ":eq-based");
    } else if (o == keyword("weak-keys")) {
      if (equality == int(HashKind::Equal)) errorf(s_error, "~a: mutually exclusive :equal-based and :weak-keys", self);
      wkeys = true;
    } else if (o == keyword("weak-vals")) {
      wvals = true;
    } else if (o == keyword("weak-or") || o == keyword("weak-and")) {
      int sem = o == keyword("weak-or") ? 1 : 2;
      if (weak_sem && weak_sem != sem) errorf(s_error, "~a: both :weak-and and :weak-or specified", self);
      weak_sem = sem;
    } else if (o == keyword("userdata")) {
      if (i + 1 < n) userdata = opts[++i];
    }
    // Other arguments are ignored, as TXR does.
  }
  return build_hash(self, wkeys, wvals, weak_sem, equality, userdata, current_seed(self));
}

val hash_from_option_list(val opts, const char *self) {
  std::vector<val, gc_allocator_val> v;
  CycleCheck cycle(opts);
  for (val l = opts; consp(l); cycle.step(l = cdr(l), self)) v.push_back(car(l));
  return hash_from_options(v.data(), int(v.size()), self);
}

val make_similar_hash(val hv) {
  Hash *h = hash_of(hv);
  return make_hash(h->kind, h->weak, h->userdata, h->seed);
}

val hash_copy(val hv) {
  val out = make_similar_hash(hv);
  val k, v;
  for (size_t c = 0; hash_next(hv, &c, &k, &v);) sethash(out, k, v);
  return out;
}

// The option list printed after #H: (:eql-based :weak-keys :userdata x).
val hash_print_options(val hv) {
  Hash *h = hash_of(hv);
  val out = nullptr;
  if (h->kind == HashKind::Eql) out = cons(keyword("eql-based"), out);
  if (h->kind == HashKind::Eq) out = cons(keyword("eq-based"), out);
  if (h->weak & WEAK_AND) {
    out = cons(keyword("weak-and"), out);
  } else {
    if (weak_keys(h)) out = cons(keyword("weak-keys"), out);
    if (weak_vals(h)) out = cons(keyword("weak-vals"), out);
  }
  if (h->userdata) out = cons(h->userdata, cons(keyword("userdata"), out));
  return nreverse(out);
}

val hash_userdata(val h) { return hash_of(h)->userdata; }
void set_hash_userdata(val h, val v) { hash_of(h)->userdata = v; }

val gen_hash_seed() {
  struct timeval tv;
  gettimeofday(&tv, nullptr);
  uint64_t x = uint64_t(tv.tv_sec) * 1000003u ^ uint64_t(tv.tv_usec) << 24 ^ uint64_t(getpid()) << 40;
  x ^= x >> 29;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 32;
  return mkuint(x);
}

}  // namespace tine
