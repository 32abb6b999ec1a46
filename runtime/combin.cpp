// Permutations and combinations: perm, rperm, comb, rcomb return lazy
// lists of all of them in lexicographic order (of positions), each of the
// same kind as the given sequence; permi, rpermi, combi and rcombi return
// iterators over the same.  A generator keeps the items in a vector and
// the current choice as a vector of positions, and steps it in place.
#include <vector>

#include "hash.hpp"
#include "iter.hpp"
#include "lazy.hpp"
#include "text.hpp"

namespace tine {

using ValVec = std::vector<val, gc_allocator<val>>;

namespace {

enum ItemKind { kList, kVector, kString, kHash };

// Generator state fields.
enum Field { fItems, fIdx, fKind, fHash, fStarted };

// The items of seq (a hash's as (key . value) pairs) as a vector, its kind
// and, for a hash, the table the results are made like; choices of k items
// (k < 0: of all of them).
val items_state(val seq, intptr_t k, const char *self) {
  ValVec v;
  ItemKind kind = kList;
  val hash = nullptr;
  if (hashp(seq)) {
    kind = kHash;
    hash = seq;
    val key, x;
    for (size_t c = 0; hash_next(seq, &c, &key, &x);) v.push_back(cons(key, x));
  } else {
    if (stringp(seq))
      kind = kString;
    else if (is(seq, T::Vec))
      kind = kVector;
    else if (seq && !consp(seq) && !is(seq, T::LCons))
      type_err(self, seq, "a sequence");
    for (SeqIter it(seq, self);;) {
      val x;
      if (!it.next(&x)) break;
      v.push_back(x);
    }
  }
  val items = make_vec(v.size(), nullptr);
  for (size_t i = 0; i < v.size(); ++i) vec_of(items)->data[i] = v[i];
  size_t len = k < 0 ? v.size() : size_t(k);
  return lazy_state({items, make_vec(len, mkfix(0)), mkfix(kind), hash, nullptr});
}

size_t item_count(val st) { return vec_of(field(st, fItems))->len; }
size_t choice_len(val st) { return vec_of(field(st, fIdx))->len; }
intptr_t pos(val st, size_t j) { return fixval(vec_of(field(st, fIdx))->data[j]); }
void set_pos(val st, size_t j, intptr_t v) { vec_of(field(st, fIdx))->data[j] = mkfix(v); }

// The chosen items as a sequence of the original's kind.
val make_choice(val st) {
  val *items = vec_of(field(st, fItems))->data;
  size_t k = choice_len(st);
  switch (ItemKind(fixval(field(st, fKind)))) {
    case kString: {
      std::u32string s;
      for (size_t j = 0; j < k; ++j) s.push_back(chrval(items[pos(st, j)]));
      return mkstr(s);
    }
    case kVector: {
      val out = make_vec(k, nullptr);
      for (size_t j = 0; j < k; ++j) vec_of(out)->data[j] = items[pos(st, j)];
      return out;
    }
    case kHash: {
      val h = make_similar_hash(field(st, fHash));
      for (size_t j = 0; j < k; ++j) sethash(h, car(items[pos(st, j)]), cdr(items[pos(st, j)]));
      return h;
    }
    default: {
      val out = nullptr;
      for (size_t j = k; j-- > 0;) out = cons(items[pos(st, j)], out);
      return out;
    }
  }
}

// The first choice (false when there is none), or the step to the next.
template <bool (*First)(val), bool (*Step)(val)>
bool choice_next(val st, val *out) {
  if (!field(st, fStarted)) {
    field(st, fStarted) = s_t;
    if (!First(st)) return false;
  } else if (!Step(st)) {
    return false;
  }
  *out = make_choice(st);
  return true;
}

// Permutations without repetition: k distinct positions.
bool perm_first(val st) {
  if (choice_len(st) > item_count(st)) return false;
  for (size_t j = 0; j < choice_len(st); ++j) set_pos(st, j, intptr_t(j));
  return true;
}

bool used_before(val st, size_t p, intptr_t v) {
  for (size_t j = 0; j < p; ++j)
    if (pos(st, j) == v) return true;
  return false;
}

// The rightmost position that can take a larger unused value takes the
// least such; the positions after it take the least unused values.
bool perm_step(val st) {
  intptr_t n = intptr_t(item_count(st));
  for (size_t p = choice_len(st); p-- > 0;) {
    intptr_t v = pos(st, p) + 1;
    while (v < n && used_before(st, p, v)) ++v;
    if (v >= n) continue;
    set_pos(st, p, v);
    intptr_t next = 0;
    for (size_t q = p + 1; q < choice_len(st); ++q) {
      while (used_before(st, q, next)) ++next;
      set_pos(st, q, next++);
    }
    return true;
  }
  return false;
}

// Repeating permutations and combinations: an odometer over k positions,
// each from 0 to n-1; for combinations each position starts at the one
// before it.
bool odometer_first(val st) { return choice_len(st) == 0 || item_count(st) > 0; }

template <bool Nondecreasing>
bool odometer_step(val st) {
  size_t k = choice_len(st);
  intptr_t n = intptr_t(item_count(st));
  size_t p = k;
  while (p > 0 && pos(st, p - 1) + 1 == n) --p;
  if (p == 0) return false;
  set_pos(st, p - 1, pos(st, p - 1) + 1);
  for (size_t q = p; q < k; ++q) set_pos(st, q, Nondecreasing ? pos(st, p - 1) : 0);
  return true;
}

// Combinations: k increasing positions.
bool comb_first(val st) { return perm_first(st); }

bool comb_step(val st) {
  size_t k = choice_len(st), n = item_count(st);
  size_t p = k;
  while (p > 0 && size_t(pos(st, p - 1)) == n - k + p - 1) --p;
  if (p == 0) return false;
  set_pos(st, p - 1, pos(st, p - 1) + 1);
  for (size_t q = p; q < k; ++q) set_pos(st, q, pos(st, q - 1) + 1);
  return true;
}

}  // namespace

static intptr_t len_arg(val v, const char *self) {
  intptr_t n = c_fixnum(v, self);
  if (n < 0) errorf(s_numeric_error, "~a: ~s is not a positive integer", self, v);
  return n;
}

static val perm_list(const Args &a) {
  intptr_t k = missing(a[1]) || !a[1] ? -1 : len_arg(a[1], a.name());
  return lazy_gen<choice_next<perm_first, perm_step>>(a.name(), items_state(a[0], k, a.name()));
}

static val rperm_list(const Args &a) {
  intptr_t k = len_arg(a[1], a.name());
  return lazy_gen<choice_next<odometer_first, odometer_step<false>>>(a.name(), items_state(a[0], k, a.name()));
}

static val rcomb_list(const Args &a) {
  intptr_t k = len_arg(a[1], a.name());
  return lazy_gen<choice_next<odometer_first, odometer_step<true>>>(a.name(), items_state(a[0], k, a.name()));
}

static val comb_list(const Args &a) {
  intptr_t k = len_arg(a[1], a.name());
  return lazy_gen<choice_next<comb_first, comb_step>>(a.name(), items_state(a[0], k, a.name()));
}

static val bi_perm(const Args &a) { return perm_list(a); }
static val bi_rperm(const Args &a) { return rperm_list(a); }
static val bi_comb(const Args &a) { return comb_list(a); }
static val bi_rcomb(const Args &a) { return rcomb_list(a); }
// The iterator forms walk the same lazy lists.
static val bi_permi(const Args &a) { return make_seq_iter(perm_list(a), a.name()); }
static val bi_rpermi(const Args &a) { return make_seq_iter(rperm_list(a), a.name()); }
static val bi_combi(const Args &a) { return make_seq_iter(comb_list(a), a.name()); }
static val bi_rcombi(const Args &a) { return make_seq_iter(rcomb_list(a), a.name()); }

static const BuiltinDef combin_builtins[] = {
    {"perm", 1, 1, false, bi_perm},   {"rperm", 2, 0, false, bi_rperm},   {"comb", 2, 0, false, bi_comb},
    {"rcomb", 2, 0, false, bi_rcomb}, {"permi", 1, 1, false, bi_permi},   {"rpermi", 2, 0, false, bi_rpermi},
    {"combi", 2, 0, false, bi_combi}, {"rcombi", 2, 0, false, bi_rcombi},
};

void init_combin() { register_builtins(combin_builtins); }

}  // namespace tine
