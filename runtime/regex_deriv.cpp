// Brzozowski derivatives for TXR regexes (complement, intersection, the
// non-greedy operator, and character-at-a-time matching on streams).
//
// The derivative of a regex R by a character c is a regex matching exactly
// the strings w such that cw is matched by R.  Matching a string is taking
// derivatives character by character; R accepts where the current term
// matches the empty string.  Terms are kept in a canonical form (union and
// intersection flattened, sorted and deduplicated; catenation
// right-associated; identities such as ~~R = R applied), which keeps the
// number of distinct terms, i.e. DFA states, finite.
#include "regex_deriv.hpp"

#include <algorithm>

namespace tine {

bool DerivDfa::nullable(const Node *n) { return n->nullable; }

DerivDfa::Node *DerivDfa::intern(Kind k, int set, std::vector<Node *> kids) {
  std::string key(1, char(k));
  key.append(reinterpret_cast<const char *>(&set), sizeof set);
  for (Node *n : kids) key.append(reinterpret_cast<const char *>(&n->id), sizeof n->id);
  auto it = table_.find(key);
  if (it != table_.end()) return it->second;
  Node &n = nodes_.emplace_back();
  n.kind = k;
  n.id = uint32_t(nodes_.size() - 1);
  n.set = set;
  n.kids = std::move(kids);
  switch (k) {
    case Null:
    case Set: n.nullable = false; break;
    case Eps:
    case Star: n.nullable = true; break;
    case Cat:
    case And: n.nullable = std::all_of(n.kids.begin(), n.kids.end(), [](Node *x) { return x->nullable; }); break;
    case Or: n.nullable = std::any_of(n.kids.begin(), n.kids.end(), [](Node *x) { return x->nullable; }); break;
    case Not: n.nullable = !n.kids[0]->nullable; break;
  }
  table_.emplace(std::move(key), &n);
  return &n;
}

DerivDfa::Node *DerivDfa::mk_set(const CharSet &cs) {
  if (cs.empty()) return null_;
  auto it = set_index_.find(cs.ranges);
  int idx;
  if (it != set_index_.end()) {
    idx = it->second;
  } else {
    idx = int(sets_.size());
    sets_.push_back(cs);
    set_index_.emplace(cs.ranges, idx);
  }
  return intern(Set, idx, {});
}

DerivDfa::Node *DerivDfa::mk_cat(Node *a, Node *b) {
  if (a == null_ || b == null_) return null_;
  if (a == eps_) return b;
  if (b == eps_) return a;
  if (a->kind == Cat) return mk_cat(a->kids[0], mk_cat(a->kids[1], b));
  return intern(Cat, -1, {a, b});
}

static void sort_unique(std::vector<DerivDfa::Node *> &v) {
  std::sort(v.begin(), v.end(), [](auto *x, auto *y) { return x->id < y->id; });
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

DerivDfa::Node *DerivDfa::mk_or(std::vector<Node *> kids) {
  std::vector<Node *> flat;
  for (Node *k : kids) {
    if (k == null_) continue;
    if (k == any_star_) return any_star_;  // .* absorbs every alternative
    if (k->kind == Or)
      flat.insert(flat.end(), k->kids.begin(), k->kids.end());
    else
      flat.push_back(k);
  }
  sort_unique(flat);
  if (flat.empty()) return null_;
  if (flat.size() == 1) return flat[0];
  return intern(Or, -1, std::move(flat));
}

DerivDfa::Node *DerivDfa::mk_and(std::vector<Node *> kids) {
  std::vector<Node *> flat;
  for (Node *k : kids) {
    if (k == null_) return null_;
    if (k == any_star_) continue;  // .* is the identity of intersection
    if (k->kind == And)
      flat.insert(flat.end(), k->kids.begin(), k->kids.end());
    else
      flat.push_back(k);
  }
  sort_unique(flat);
  if (flat.empty()) return any_star_;
  if (flat.size() == 1) return flat[0];
  // R & ~R accepts nothing.
  for (Node *k : flat)
    if (k->kind == Not &&
        std::binary_search(flat.begin(), flat.end(), k->kids[0], [](auto *x, auto *y) { return x->id < y->id; }))
      return null_;
  return intern(And, -1, std::move(flat));
}

DerivDfa::Node *DerivDfa::mk_not(Node *a) {
  if (a->kind == Not) return a->kids[0];
  if (a == null_) return any_star_;
  if (a == any_star_) return null_;
  return intern(Not, -1, {a});
}

DerivDfa::Node *DerivDfa::mk_star(Node *a) {
  if (a == null_ || a == eps_) return eps_;
  if (a->kind == Star) return a;
  return intern(Star, -1, {a});
}

DerivDfa::Node *DerivDfa::from_ir(const RxIR &ir) {
  switch (ir.kind) {
    case RxIR::Nomatch: return null_;
    case RxIR::Empty: return eps_;
    case RxIR::Set: return mk_set(ir.set);
    case RxIR::Cat: {
      Node *r = eps_;
      for (size_t i = ir.kids.size(); i-- > 0;) r = mk_cat(from_ir(*ir.kids[i]), r);
      return r;
    }
    case RxIR::Or:
    case RxIR::And: {
      std::vector<Node *> k;
      for (auto &x : ir.kids) k.push_back(from_ir(*x));
      return ir.kind == RxIR::Or ? mk_or(std::move(k)) : mk_and(std::move(k));
    }
    case RxIR::Not: return mk_not(from_ir(*ir.kids[0]));
    case RxIR::Star: return mk_star(from_ir(*ir.kids[0]));
    case RxIR::Plus: {
      Node *a = from_ir(*ir.kids[0]);
      return mk_cat(a, mk_star(a));
    }
    case RxIR::Opt: return mk_or({eps_, from_ir(*ir.kids[0])});
    case RxIR::NgStar: {
      // The manual defines R1%R2 as ((R1*)&(~.*(R2&.+).*))R2: the longest
      // run of R1 that contains no non-empty match of R2, then R2.  With
      // an empty R2 it is R1*.
      Node *r1 = from_ir(*ir.kids[0]);
      Node *r2 = from_ir(*ir.kids[1]);
      if (r2 == eps_) return mk_star(r1);
      Node *nonempty_r2 = mk_and({r2, mk_cat(any_, any_star_)});
      Node *contains = mk_cat(any_star_, mk_cat(nonempty_r2, any_star_));
      return mk_cat(mk_and({mk_star(r1), mk_not(contains)}), r2);
    }
  }
  return null_;
}

DerivDfa::DerivDfa(const RxIR &ir) {
  null_ = intern(Null, -1, {});
  eps_ = intern(Eps, -1, {});
  any_ = mk_set(CharSet::any());
  any_star_ = intern(Star, -1, {any_});
  root_ = from_ir(ir);
}

DerivDfa::Node *DerivDfa::derive(Node *n, char32_t c) {
  switch (n->kind) {
    case Null:
    case Eps: return null_;
    case Set: return sets_[size_t(n->set)].contains(c) ? eps_ : null_;
    case Cat: {
      Node *left = mk_cat(step(n->kids[0], c), n->kids[1]);
      return n->kids[0]->nullable ? mk_or({left, step(n->kids[1], c)}) : left;
    }
    case Or:
    case And: {
      std::vector<Node *> k;
      k.reserve(n->kids.size());
      for (Node *x : n->kids) k.push_back(step(x, c));
      return n->kind == Or ? mk_or(std::move(k)) : mk_and(std::move(k));
    }
    case Not: return mk_not(step(n->kids[0], c));
    case Star: return mk_cat(step(n->kids[0], c), n);
  }
  return null_;
}

DerivDfa::Node *DerivDfa::step(Node *n, char32_t c) {
  if (c < 128) {
    if (!n->ascii[c]) n->ascii[c] = derive(n, c);
    return n->ascii[c];
  }
  auto it = n->other.find(c);
  if (it != n->other.end()) return it->second;
  Node *d = derive(n, c);
  n->other.emplace(c, d);
  return d;
}

long DerivDfa::longest(std::u32string_view s, size_t pos) {
  Node *st = root_;
  long best = st->nullable ? 0 : -1;
  for (size_t i = pos; i < s.size(); ++i) {
    st = step(st, s[i]);
    if (st == null_) break;
    if (st->nullable) best = long(i + 1 - pos);
  }
  return best;
}

// Every character set inside n splits the code points at its range ends;
// characters between two consecutive split points behave alike in every
// derivative of n.
void DerivDfa::boundaries(Node *n, std::vector<char32_t> &out, std::vector<char> &seen) {
  if (seen[n->id]) return;
  seen[n->id] = 1;
  if (n->kind == Set)
    for (auto &r : sets_[size_t(n->set)].ranges) {
      out.push_back(r.first);
      if (r.second < 0x10FFFF) out.push_back(r.second + 1);
    }
  for (Node *k : n->kids) boundaries(k, out, seen);
}

bool DerivDfa::dead(Node *n) {
  if (n->empty >= 0) return n->empty;
  if (n == null_) return true;
  std::vector<char32_t> reps{0};
  std::vector<char> seen(nodes_.size() + 1);
  boundaries(n, reps, seen);
  std::sort(reps.begin(), reps.end());
  reps.erase(std::unique(reps.begin(), reps.end()), reps.end());
  // Breadth-first over the states reachable from n.  Derivatives only ever
  // contain pieces of n, so the representatives of n serve them too.
  std::vector<Node *> queue{n};
  std::unordered_map<Node *, bool> visited{{n, true}};
  bool found = false;
  for (size_t qi = 0; qi < queue.size() && !found; ++qi) {
    Node *q = queue[qi];
    if (q->nullable || q->empty == 0) {
      found = true;
      break;
    }
    if (q->empty == 1) continue;
    if (queue.size() > 20000) {
      found = true;  // too large to settle: assume something is accepted
      break;
    }
    for (char32_t c : reps) {
      Node *d = step(q, c);
      if (d != null_ && visited.emplace(d, true).second) queue.push_back(d);
    }
  }
  if (!found)
    for (Node *q : queue) q->empty = 1;  // everything reachable is dead too
  n->empty = found ? 0 : 1;
  return n->empty;
}

}  // namespace tine
