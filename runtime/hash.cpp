// Hash tables: open addressing with linear probing; eq, eql and equal based.
#include "lisp.hpp"

namespace tine {

struct Hash : Obj {
  HashKind kind;
  size_t count, used, cap;  // used counts live entries plus tombstones
  val *keys;
  val *vals;
};

static val EMPTY, TOMB;  // slot markers

static Hash *hash_of(val h) { return static_cast<Hash *>(h); }
bool hashp(val v) { return is(v, T::Hash); }

static uint64_t hash_key(Hash *h, val k) {
  switch (h->kind) {
    case HashKind::Eq: {
      uint64_t x = uint64_t(uintptr_t(k));
      return (x ^ (x >> 17)) * 0x9E3779B97F4A7C15ull;
    }
    case HashKind::Eql: return eql_hash(k);
    case HashKind::Equal: return equal_hash(k);
  }
  return 0;
}

static bool same_key(Hash *h, val a, val b) {
  switch (h->kind) {
    case HashKind::Eq: return a == b;
    case HashKind::Eql: return eql(a, b);
    case HashKind::Equal: return equal(a, b);
  }
  return false;
}

static void alloc_slots(Hash *h, size_t cap) {
  h->cap = cap;
  h->keys = static_cast<val *>(gc_scanned(cap * sizeof(val)));
  h->vals = static_cast<val *>(gc_scanned(cap * sizeof(val)));
  for (size_t i = 0; i < cap; ++i) h->keys[i] = EMPTY;
}

val make_hash(HashKind kind) {
  if (!EMPTY) {
    EMPTY = gc_obj<Box>(T::Box);
    TOMB = gc_obj<Box>(T::Box);
  }
  Hash *h = gc_obj<Hash>(T::Hash);
  h->kind = kind;
  alloc_slots(h, 8);
  return h;
}

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

static void rehash(Hash *h, size_t cap) {
  val *keys = h->keys, *vals = h->vals;
  size_t old = h->cap;
  alloc_slots(h, cap);
  h->used = h->count;
  for (size_t i = 0; i < old; ++i) {
    if (keys[i] == EMPTY || keys[i] == TOMB) continue;
    bool found;
    size_t j = probe(h, keys[i], &found);
    h->keys[j] = keys[i];
    h->vals[j] = vals[i];
  }
}

val gethash(val hv, val key, bool *found) {
  Hash *h = hash_of(hv);
  bool f;
  size_t i = probe(h, key, &f);
  if (found) *found = f;
  return f ? h->vals[i] : nullptr;
}

void sethash(val hv, val key, val value) {
  Hash *h = hash_of(hv);
  if ((h->used + 1) * 4 > h->cap * 3) rehash(h, h->count * 2 + 1 > h->cap / 2 ? h->cap * 2 : h->cap);
  bool f;
  size_t i = probe(h, key, &f);
  if (!f) {
    if (h->keys[i] == EMPTY) ++h->used;
    ++h->count;
    h->keys[i] = key;
  }
  h->vals[i] = value;
}

bool remhash(val hv, val key) {
  Hash *h = hash_of(hv);
  bool f;
  size_t i = probe(h, key, &f);
  if (!f) return false;
  h->keys[i] = TOMB;
  h->vals[i] = nullptr;
  --h->count;
  return true;
}

size_t hash_count(val h) { return hash_of(h)->count; }

bool hash_next(val hv, size_t *cursor, val *key, val *value) {
  Hash *h = hash_of(hv);
  for (size_t i = *cursor; i < h->cap; ++i) {
    if (h->keys[i] == EMPTY || h->keys[i] == TOMB) continue;
    *key = h->keys[i];
    *value = h->vals[i];
    *cursor = i + 1;
    return true;
  }
  *cursor = h->cap;
  return false;
}

HashKind hash_kind(val h) { return hash_of(h)->kind; }

// ---- builtins --------------------------------------------------------------------

static val hash_checked(val h, const char *self) {
  if (!hashp(h)) type_err(self, h, "a hash table");
  return h;
}

static val bi_hash(const Args &a) {
  HashKind kind = HashKind::Eql;
  for (int i = 0; i < a.n; ++i) {
    if (a[i] == keyword("equal-based"))
      kind = HashKind::Equal;
    else if (a[i] == keyword("eq-based"))
      kind = HashKind::Eq;
    else if (a[i] == keyword("eql-based"))
      kind = HashKind::Eql;
    else if (a[i] == keyword("weak-keys") || a[i] == keyword("weak-vals")) {
    } else
      errorf(s_error, "hash: unrecognized argument ~s", a[i]);
  }
  return make_hash(kind);
}

static val bi_make_hash(const Args &a) { return make_hash(!missing(a[2]) && a[2] ? HashKind::Equal : HashKind::Eql); }

static val bi_gethash(const Args &a) {
  bool found;
  val v = gethash(hash_checked(a[0], a.name()), a[1], &found);
  return found ? v : (missing(a[2]) ? nullptr : a[2]);
}

static val bi_inhash(const Args &a) {
  bool found;
  gethash(hash_checked(a[0], a.name()), a[1], &found);
  return found ? s_t : nullptr;
}

static val bi_sethash(const Args &a) {
  sethash(hash_checked(a[0], a.name()), a[1], a[2]);
  return a[2];
}

static val bi_remhash(const Args &a) { return boolv(remhash(hash_checked(a[0], a.name()), a[1])); }
static val bi_hash_count(const Args &a) { return mkfix(intptr_t(hash_count(hash_checked(a[0], a.name())))); }
static val bi_hashp(const Args &a) { return boolv(hashp(a[0])); }

static val hash_collect(val h, const char *self, val (*pick)(val, val)) {
  hash_checked(h, self);
  val out = nullptr, k, v;
  for (size_t c = 0; hash_next(h, &c, &k, &v);) out = cons(pick(k, v), out);
  return nreverse(out);
}

static val bi_hash_keys(const Args &a) {
  return hash_collect(a[0], a.name(), [](val k, val) { return k; });
}
static val bi_hash_values(const Args &a) {
  return hash_collect(a[0], a.name(), [](val, val v) { return v; });
}
static val bi_hash_pairs(const Args &a) {
  return hash_collect(a[0], a.name(), [](val k, val v) { return list({k, v}); });
}
static val bi_hash_alist(const Args &a) {
  return hash_collect(a[0], a.name(), [](val k, val v) { return cons(k, v); });
}

static val bi_clrhash(const Args &a) {
  Hash *h = hash_of(hash_checked(a[0], a.name()));
  alloc_slots(h, 8);
  h->count = h->used = 0;
  return a[0];
}

static val bi_copy_hash(const Args &a) {
  val src = hash_checked(a[0], a.name());
  val out = make_hash(hash_kind(src));
  val k, v;
  for (size_t c = 0; hash_next(src, &c, &k, &v);) sethash(out, k, v);
  return out;
}

// (hash-list seq [hash-args...]) keys from a sequence, each mapped to itself.
static val bi_hash_list(const Args &a) {
  Args rest{a.v + 1, a.n - 1};
  val h = bi_hash(rest);
  SeqIter it(a[0], a.name());
  for (val x; it.next(&x);) sethash(h, x, x);
  return h;
}

static val bi_hash_from_pairs(const Args &a) {
  Args rest{a.v + 1, a.n - 1};
  val h = bi_hash(rest);
  SeqIter it(a[0], a.name());
  for (val x; it.next(&x);) sethash(h, car(x), car(cdr(x)));
  return h;
}

static val bi_hash_update_1(const Args &a) {
  bool found;
  val h = hash_checked(a[0], a.name());
  val v = gethash(h, a[1], &found);
  if (!found) {
    if (missing(a[3])) return nullptr;
    v = a[3];
  }
  v = funcall1(a[2], v);
  sethash(h, a[1], v);
  return v;
}

static const BuiltinDef hash_builtins[] = {
    {"hash", 0, 0, true, bi_hash},
    {"make-hash", 2, 1, false, bi_make_hash},
    {"gethash", 2, 1, false, bi_gethash},
    {"inhash", 2, 1, false, bi_inhash},
    {"sethash", 3, 0, false, bi_sethash},
    {"remhash", 2, 0, false, bi_remhash},
    {"hash-count", 1, 0, false, bi_hash_count},
    {"hashp", 1, 0, false, bi_hashp},
    {"hash-keys", 1, 0, false, bi_hash_keys},
    {"hash-values", 1, 0, false, bi_hash_values},
    {"hash-pairs", 1, 0, false, bi_hash_pairs},
    {"hash-alist", 1, 0, false, bi_hash_alist},
    {"clrhash", 1, 0, false, bi_clrhash},
    {"copy-hash", 1, 0, false, bi_copy_hash},
    {"hash-list", 1, 0, true, bi_hash_list},
    {"hash-from-pairs", 1, 0, true, bi_hash_from_pairs},
    {"hash-update-1", 3, 1, false, bi_hash_update_1},
};

void init_hashes() { register_builtins(hash_builtins); }

}  // namespace tine
