// The regex engine: plain C++ (no Lisp values), so that a compiled regex can
// live outside the collected heap and be freed by its owner.
//
// TXR regexes denote sets of strings: no captures, no anchors, and every
// match is the longest one at the leftmost position where one exists.  Two
// back ends share the work:
//  - PCRE2 (32-bit code units, not in UTF mode, so that any code point,
//    including the U+DCxx bytes of invalid UTF-8, is one character) for
//    every regex that uses only union, catenation and repetition.  Its JIT
//    finds where the leftmost match starts; its DFA matcher (which reports
//    the longest match first) finds where the longest one there ends.
//  - Brzozowski derivatives, evaluated lazily into a DFA whose states are
//    hash-consed regex terms, for complement (~), intersection (&) and the
//    non-greedy % operator (defined by the manual through & and ~), which
//    PCRE2 cannot express.  The same engine drives matching on streams,
//    where characters arrive one at a time.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tine {

// A set of code points as sorted, disjoint, non-adjacent closed ranges.
struct CharSet {
  std::vector<std::pair<char32_t, char32_t>> ranges;
  void add(char32_t lo, char32_t hi);
  void add(const CharSet &other);
  void normalize();  // sort and merge after add()s
  CharSet complement() const;
  bool contains(char32_t c) const;
  bool empty() const { return ranges.empty(); }
  bool full() const;
  bool intersects(const CharSet &other) const;
  bool operator==(const CharSet &o) const { return ranges == o.ranges; }
  static CharSet space();  // \s
  static CharSet digit();  // \d
  static CharSet word();   // \w
  static CharSet any();
};

// The intermediate form every regex is compiled through.
struct RxIR {
  enum Kind : uint8_t { Nomatch, Empty, Set, Cat, Or, And, Not, Star, Plus, Opt, NgStar };
  Kind kind;
  CharSet set;                              // Set
  std::vector<std::unique_ptr<RxIR>> kids;  // Cat/Or/And: 2+; Not/Star/Plus/Opt: 1; NgStar: 2
  explicit RxIR(Kind k) : kind(k) {}
};
using RxPtr = std::unique_ptr<RxIR>;

class DerivDfa;
class PcreProgram;
class BytesProgram;

class RegexEngine {
 public:
  explicit RegexEngine(RxPtr ir);
  ~RegexEngine();
  RegexEngine(const RegexEngine &) = delete;
  RegexEngine &operator=(const RegexEngine &) = delete;

  // Length of the longest match starting exactly at pos; -1 if none.
  long match_at(std::u32string_view s, size_t pos);
  // Whether s[pos..] as a whole is matched.
  bool match_full(std::u32string_view s, size_t pos);
  // Leftmost-longest match starting at or after from.
  bool search(std::u32string_view s, size_t from, size_t *start, size_t *len);
  // Longest match starting at the rightmost position >= from where one starts.
  bool search_last(std::u32string_view s, size_t from, size_t *start, size_t *len);
  // Length of the longest match that ends exactly at the end of s; -1 if none.
  long match_right(std::u32string_view s);
  // Whether some string that starts with s[pos..] is matched.
  bool prefix_viable(std::u32string_view s, size_t pos);

  // The same over UTF-8 bytes (bufs, carrays, mappings): positions and
  // lengths count bytes.  regex_bytes.cpp.
  bool search_bytes(const uint8_t *p, size_t len, size_t from, size_t *start, size_t *mlen);
  long match_bytes_at(const uint8_t *p, size_t len, size_t pos);

  // Character-at-a-time matching (streams).  A state is opaque; dead()
  // states can never accept again.
  using State = const void *;
  State initial();
  State step(State st, char32_t c);
  bool accepting(State st);
  bool dead(State st);

 private:
  DerivDfa &dfa();
  RxPtr ir_;
  std::unique_ptr<PcreProgram> pcre_;  // null when the regex needs derivatives
  std::unique_ptr<DerivDfa> dfa_;      // built on first use
  std::unique_ptr<BytesProgram> bytes_;
  std::unique_ptr<RegexEngine> reversed_;  // matches the reversed strings: match_right
  bool tried_pcre_ = false, tried_bytes_ = false;
  PcreProgram *pcre();
  BytesProgram *bytes();
};

// Whether the IR uses only what PCRE2 can express with TXR's answers.
bool rx_pcre_expressible(const RxIR &ir);
// The IR as PCRE2 pattern text (ASCII: other characters are \x{...}).
std::u32string rx_pcre_pattern(const RxIR &ir);
// Whether a backtracking match is always the longest at its start.
bool rx_greedy_is_longest(const RxIR &ir);

}  // namespace tine
