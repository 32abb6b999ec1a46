// The derivative engine (see regex_engine.hpp): regex terms are hash-consed,
// so a term is a DFA state and equal terms are one state; a state's
// derivative by a character is computed once and cached.
#pragma once
#include <deque>
#include <map>
#include <string>
#include <unordered_map>

#include "regex_engine.hpp"

namespace tine {

class DerivDfa {
 public:
  enum Kind : uint8_t { Null, Eps, Set, Cat, Or, And, Not, Star };
  struct Node {
    Kind kind;
    bool nullable;
    int8_t empty = -1;  // dead(): -1 unknown, 0 accepts something, 1 accepts nothing
    uint32_t id;
    int set = -1;  // Set: index into sets_
    std::vector<Node *> kids;
    Node *ascii[128] = {};  // cached derivatives by ASCII characters
    std::unordered_map<char32_t, Node *> other;
  };
  explicit DerivDfa(const RxIR &ir);

  Node *root() const { return root_; }
  Node *step(Node *n, char32_t c);
  static bool nullable(const Node *n);
  bool is_null(const Node *n) const { return n == null_; }
  // Whether no string at all is accepted from n (explores the states
  // reachable from n, one representative character per class of equivalent
  // characters; the answer is cached).
  bool dead(Node *n);
  // Length of the longest match of s[pos..]; -1 if none.
  long longest(std::u32string_view s, size_t pos);

 private:
  Node *intern(Kind k, int set, std::vector<Node *> kids);
  Node *mk_set(const CharSet &cs);
  Node *mk_cat(Node *a, Node *b);
  Node *mk_or(std::vector<Node *> kids);
  Node *mk_and(std::vector<Node *> kids);
  Node *mk_not(Node *a);
  Node *mk_star(Node *a);
  Node *from_ir(const RxIR &ir);
  Node *derive(Node *n, char32_t c);
  void boundaries(Node *n, std::vector<char32_t> &out, std::vector<char> &seen);

  std::deque<Node> nodes_;
  std::unordered_map<std::string, Node *> table_;
  std::vector<CharSet> sets_;
  std::map<std::vector<std::pair<char32_t, char32_t>>, int> set_index_;
  Node *null_, *eps_, *any_, *any_star_, *root_;
};

}  // namespace tine
