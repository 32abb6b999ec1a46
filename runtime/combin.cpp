// Permutations and combinations: perm, rperm, comb, rcomb.  Each returns
// the list of all of them in lexicographic order, each of the same kind as
// the given sequence.  (TXR returns lazy lists; tine's lists are built in
// full until lazy lists exist.)
#include <vector>

#include "hash.hpp"
#include "text.hpp"

namespace tine {

using ValVec = std::vector<val, gc_allocator<val>>;

namespace {

// The elements of a sequence, and how to rebuild one of its kind.
struct Items {
  ValVec v;
  enum { List, Vector, String, Hash } kind = List;
  val hash = nullptr;

  Items(val seq, const char *self) {
    if (hashp(seq)) {
      kind = Hash;
      hash = seq;
      val k, x;
      for (size_t c = 0; hash_next(seq, &c, &k, &x);) v.push_back(cons(k, x));
      return;
    }
    if (stringp(seq))
      kind = String;
    else if (is(seq, T::Vec))
      kind = Vector;
    for (SeqIter it(seq, self);;) {
      val x;
      if (!it.next(&x)) break;
      v.push_back(x);
    }
  }

  val make(const std::vector<size_t> &idx) const {
    switch (kind) {
      case String: {
        std::u32string s;
        for (size_t i : idx) s.push_back(chrval(v[i]));
        return mkstr(s);
      }
      case Vector: {
        val out = make_vec(idx.size(), nullptr);
        for (size_t j = 0; j < idx.size(); ++j) vec_of(out)->data[j] = v[idx[j]];
        return out;
      }
      case Hash: {
        val h = make_similar_hash(hash);
        for (size_t i : idx) sethash(h, car(v[i]), cdr(v[i]));
        return h;
      }
      default: {
        val out = nullptr;
        for (size_t j = idx.size(); j-- > 0;) out = cons(v[idx[j]], out);
        return out;
      }
    }
  }
};

struct Collector {
  val head = nullptr, tail = nullptr;
  void add(val x) {
    val c = cons(x, nullptr);
    if (tail)
      rplacd(tail, c);
    else
      head = c;
    tail = c;
  }
};

}  // namespace

static intptr_t len_arg(val v, const char *self) {
  intptr_t n = c_fixnum(v, self);
  if (n < 0) range_err(self, "negative length", v);
  return n;
}

// Permutations without repetition, in lexicographic order of positions.
static void permute(const Items &it, std::vector<size_t> &cur, std::vector<bool> &used, size_t k, Collector &out) {
  if (cur.size() == k) return out.add(it.make(cur));
  for (size_t i = 0; i < it.v.size(); ++i) {
    if (used[i]) continue;
    used[i] = true;
    cur.push_back(i);
    permute(it, cur, used, k, out);
    cur.pop_back();
    used[i] = false;
  }
}

static val bi_perm(const Args &a) {
  Items it(a[0], a.name());
  size_t k = missing(a[1]) || !a[1] ? it.v.size() : size_t(len_arg(a[1], a.name()));
  Collector out;
  if (k > it.v.size()) return nullptr;
  std::vector<size_t> cur;
  std::vector<bool> used(it.v.size());
  permute(it, cur, used, k, out);
  return out.head;
}

// Odometer over k positions, each running from 0 to n-1; with
// nondecreasing set, each position starts at the one before it.
static val odometer(const Items &it, size_t k, bool nondecreasing) {
  Collector out;
  size_t n = it.v.size();
  if (k > 0 && n == 0) return nullptr;
  std::vector<size_t> idx(k, 0);
  for (;;) {
    out.add(it.make(idx));
    size_t p = k;
    while (p > 0 && idx[p - 1] + 1 == n) --p;
    if (p == 0) break;
    ++idx[p - 1];
    for (size_t q = p; q < k; ++q) idx[q] = nondecreasing ? idx[p - 1] : 0;
  }
  return out.head;
}

static val bi_rperm(const Args &a) {
  Items it(a[0], a.name());
  return odometer(it, size_t(len_arg(a[1], a.name())), false);
}

static val bi_rcomb(const Args &a) {
  Items it(a[0], a.name());
  return odometer(it, size_t(len_arg(a[1], a.name())), true);
}

static val bi_comb(const Args &a) {
  Items it(a[0], a.name());
  size_t k = size_t(len_arg(a[1], a.name())), n = it.v.size();
  if (k > n) return nullptr;
  Collector out;
  std::vector<size_t> idx(k);
  for (size_t i = 0; i < k; ++i) idx[i] = i;
  for (;;) {
    out.add(it.make(idx));
    size_t p = k;
    while (p > 0 && idx[p - 1] == n - k + p - 1) --p;
    if (p == 0) break;
    ++idx[p - 1];
    for (size_t q = p; q < k; ++q) idx[q] = idx[q - 1] + 1;
  }
  return out.head;
}

static const BuiltinDef combin_builtins[] = {
    {"perm", 1, 1, false, bi_perm},
    {"rperm", 2, 0, false, bi_rperm},
    {"comb", 2, 0, false, bi_comb},
    {"rcomb", 2, 0, false, bi_rcomb},
};

void init_combin() { register_builtins(combin_builtins); }

}  // namespace tine
