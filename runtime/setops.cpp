// Sequences treated as sets (uni, isec, isecp, diff, symdiff) and delcons.
#include <vector>

#include "lisp.hpp"
#include "seq.hpp"

namespace tine {

using ValVec = std::vector<val, gc_allocator_val>;

// How elements are compared: through keyfun, by testfun (default equal).
struct SetTest {
  val test, key;
  HashKind kind;  // the hash kind matching test, when test is eq, eql or equal
  bool hashable;

  SetTest(const Args &a, int ti, const char *self) {
    test = a.n > ti && !missing(a[ti]) && a[ti] ? fun_checked(a[ti], self) : nullptr;
    key = a.n > ti + 1 && !missing(a[ti + 1]) && a[ti + 1] ? fun_checked(a[ti + 1], self) : nullptr;
    hashable = true;
    kind = HashKind::Equal;
    if (test == sym(intern("eq"))->fun)
      kind = HashKind::Eq;
    else if (test == sym(intern("eql"))->fun)
      kind = HashKind::Eql;
    else if (test && test != sym(intern("equal"))->fun)
      hashable = false;
  }

  val keyof(val x) const { return key ? funcall1(key, x) : x; }
  bool same(val a, val b) const { return test ? funcall2(test, a, b) != nullptr : equal(a, b); }
};

// Membership of keys in a collection: a hash table when the test allows,
// else a linear search.
struct KeySet {
  const SetTest &t;
  val table = nullptr;
  ValVec keys;

  KeySet(const SetTest &test) : t(test) {
    if (t.hashable) table = make_hash(t.kind);
  }
  void add(val k) {
    if (table)
      sethash(table, k, s_t);
    else
      keys.push_back(k);
  }
  bool has(val k) const {
    if (table) {
      bool found;
      gethash(table, k, &found);
      return found;
    }
    for (val x : keys)
      if (t.same(k, x)) return true;
    return false;
  }
};

static ValVec elements(val seq, const char *self) {
  ValVec out;
  SeqIter it(seq, self);
  for (val x; it.next(&x);) out.push_back(x);
  return out;
}

// A result like seq1: a vector or string for those, else a list.
static val result_like(const ValVec &items, val model) {
  val l = nullptr;
  for (size_t i = items.size(); i > 0; --i) l = cons(items[i - 1], l);
  return hashp(model) ? l : make_like(l, model);
}

static KeySet key_set(const ValVec &items, const SetTest &t) {
  KeySet s(t);
  for (val x : items) s.add(t.keyof(x));
  return s;
}

static val bi_uni(const Args &a) {
  SetTest t(a, 2, a.name());
  ValVec one = elements(a[0], a.name()), two = elements(a[1], a.name()), out;
  KeySet seen(t);
  for (const ValVec *v : {&one, &two})
    for (val x : *v) {
      val k = t.keyof(x);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push_back(x);
    }
  return result_like(out, a[0]);
}

// Elements of seq1 that are (or are not) in seq2.
static ValVec filter_by(const Args &a, bool keep_members) {
  SetTest t(a, 2, a.name());
  ValVec one = elements(a[0], a.name()), out;
  KeySet two = key_set(elements(a[1], a.name()), t);
  for (val x : one)
    if (two.has(t.keyof(x)) == keep_members) out.push_back(x);
  return out;
}

static val bi_isec(const Args &a) { return result_like(filter_by(a, true), a[0]); }
static val bi_isecp(const Args &a) { return boolv(!filter_by(a, true).empty()); }
static val bi_diff(const Args &a) { return result_like(filter_by(a, false), a[0]); }

static val bi_symdiff(const Args &a) {
  SetTest t(a, 2, a.name());
  ValVec one = elements(a[0], a.name()), two = elements(a[1], a.name()), out;
  KeySet in_one = key_set(one, t), in_two = key_set(two, t);
  for (val x : one)
    if (!in_two.has(t.keyof(x))) out.push_back(x);
  for (val x : two)
    if (!in_one.has(t.keyof(x))) out.push_back(x);
  return result_like(out, a[0]);
}

// (delcons cell list): list without that very cons (destructively).
static val bi_delcons(const Args &a) {
  val cell = a[0], l = a[1];
  if (!consp(l)) return l;
  if (l == cell) return cdr(l);
  CycleCheck cycle(l);
  for (val prev = l; consp(cdr(prev)); cycle.step(prev = cdr(prev), a.name()))
    if (cdr(prev) == cell) {
      rplacd(prev, cdr(cell));
      break;
    }
  return l;
}

static const BuiltinDef setops_builtins[] = {
    {"uni", 2, 2, false, bi_uni},         {"isec", 2, 2, false, bi_isec},       {"isecp", 2, 2, false, bi_isecp},
    {"diff", 2, 2, false, bi_diff},       {"symdiff", 2, 2, false, bi_symdiff}, {"set-diff", 2, 2, false, bi_diff},
    {"delcons", 2, 0, false, bi_delcons},
};

void init_setops() { register_builtins(setops_builtins); }

}  // namespace tine
