// Character sets, the PCRE2 back end and the choice between back ends.
#define PCRE2_CODE_UNIT_WIDTH 32
#include "regex_engine.hpp"

#include <pcre2.h>

#include <algorithm>

#include "regex_bytes.hpp"
#include "regex_deriv.hpp"

namespace tine {

// ---- character sets -----------------------------------------------------------------

void CharSet::add(char32_t lo, char32_t hi) {
  if (lo <= hi) ranges.emplace_back(lo, hi);
}

void CharSet::add(const CharSet &other) { ranges.insert(ranges.end(), other.ranges.begin(), other.ranges.end()); }

void CharSet::normalize() {
  std::sort(ranges.begin(), ranges.end());
  std::vector<std::pair<char32_t, char32_t>> out;
  for (auto &r : ranges) {
    if (!out.empty() && r.first <= out.back().second + 1)
      out.back().second = std::max(out.back().second, r.second);
    else
      out.push_back(r);
  }
  ranges.swap(out);
}

static constexpr char32_t kMaxChar = 0x10FFFF;

CharSet CharSet::complement() const {
  CharSet c;
  char32_t next = 0;
  for (auto &r : ranges) {
    if (r.first > next) c.add(next, r.first - 1);
    next = r.second + 1;
  }
  if (next <= kMaxChar) c.add(next, kMaxChar);
  return c;
}

bool CharSet::contains(char32_t ch) const {
  auto it = std::upper_bound(ranges.begin(), ranges.end(), ch, [](char32_t c, auto &r) { return c < r.first; });
  return it != ranges.begin() && ch <= std::prev(it)->second;
}

bool CharSet::full() const { return ranges.size() == 1 && ranges[0].first == 0 && ranges[0].second >= kMaxChar; }

bool CharSet::intersects(const CharSet &o) const {
  size_t i = 0, j = 0;
  while (i < ranges.size() && j < o.ranges.size()) {
    if (ranges[i].second < o.ranges[j].first)
      ++i;
    else if (o.ranges[j].second < ranges[i].first)
      ++j;
    else
      return true;
  }
  return false;
}

// TXR's \s: the ASCII blanks and the Unicode spaces.
CharSet CharSet::space() {
  CharSet c;
  c.add(9, 13);
  c.add(32, 32);
  c.add(0xA0, 0xA0);
  c.add(0x1680, 0x1680);
  c.add(0x180E, 0x180E);
  c.add(0x2000, 0x200A);
  c.add(0x2028, 0x2029);
  c.add(0x205F, 0x205F);
  c.add(0x3000, 0x3000);
  return c;
}

CharSet CharSet::digit() {
  CharSet c;
  c.add('0', '9');
  return c;
}

CharSet CharSet::word() {
  CharSet c;
  c.add('A', 'Z');
  c.add('_', '_');
  c.add('a', 'z');
  return c;
}

CharSet CharSet::any() {
  CharSet c;
  c.add(0, kMaxChar);
  return c;
}

bool rx_pcre_expressible(const RxIR &ir) {
  if (ir.kind == RxIR::And || ir.kind == RxIR::Not) return false;
  if (ir.kind == RxIR::NgStar && ir.kids[1]->kind != RxIR::Empty) return false;
  for (auto &k : ir.kids)
    if (!rx_pcre_expressible(*k)) return false;
  return true;
}

// ---- PCRE2 ----------------------------------------------------------------------------

// Pattern text for PCRE2: every character outside [0-9A-Za-z] is written as
// \x{...}, so no TXR character can be taken for PCRE2 syntax.
static void put_char(std::u32string &p, char32_t c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
    p.push_back(c);
    return;
  }
  char buf[16];
  snprintf(buf, sizeof buf, "\\x{%x}", unsigned(c));
  for (char *q = buf; *q; ++q) p.push_back(char32_t(*q));
}

static void put_ascii(std::u32string &p, const char *s) {
  for (; *s; ++s) p.push_back(char32_t(*s));
}

static void put_set(std::u32string &p, const CharSet &cs) {
  if (cs.empty()) return put_ascii(p, "(*FAIL)");
  if (cs.full()) return p.push_back('.');  // compiled with DOTALL
  if (cs.ranges.size() == 1 && cs.ranges[0].first == cs.ranges[0].second) return put_char(p, cs.ranges[0].first);
  p.push_back('[');
  for (auto &r : cs.ranges) {
    put_char(p, r.first);
    if (r.second != r.first) {
      p.push_back('-');
      put_char(p, r.second);
    }
  }
  p.push_back(']');
}

static void put_ir(std::u32string &p, const RxIR &ir);

static void put_group(std::u32string &p, const RxIR &ir) {
  put_ascii(p, "(?:");
  put_ir(p, ir);
  p.push_back(')');
}

static void put_ir(std::u32string &p, const RxIR &ir) {
  switch (ir.kind) {
    case RxIR::Nomatch: put_ascii(p, "(*FAIL)"); return;
    case RxIR::Empty: return;
    case RxIR::Set: put_set(p, ir.set); return;
    case RxIR::Cat:
      for (auto &k : ir.kids) put_group(p, *k);
      return;
    case RxIR::Or:
      for (size_t i = 0; i < ir.kids.size(); ++i) {
        if (i) p.push_back('|');
        put_group(p, *ir.kids[i]);
      }
      return;
    case RxIR::Star:
    case RxIR::NgStar:  // only with an empty right side, where R% is R*
    case RxIR::Plus:
    case RxIR::Opt:
      put_group(p, *ir.kids[0]);
      p.push_back(ir.kind == RxIR::Plus ? '+' : ir.kind == RxIR::Opt ? '?' : '*');
      return;
    case RxIR::And:
    case RxIR::Not: return;  // not reached: see rx_pcre_expressible
  }
}

// True when a backtracking match is always the longest one at its start:
// a catenation of single-character items in which every repeated item's
// characters cannot begin what follows it.  A repeated item then has to
// take all it can in every match, so there is one match length per start.
bool rx_greedy_is_longest(const RxIR &ir) {
  std::vector<const RxIR *> items;
  if (ir.kind == RxIR::Cat)
    for (auto &k : ir.kids) items.push_back(k.get());
  else
    items.push_back(&ir);
  struct Item {
    const CharSet *set;
    bool optional, repeated;
  };
  std::vector<Item> v;
  for (const RxIR *x : items) {
    if (x->kind == RxIR::Set) {
      v.push_back({&x->set, false, false});
      continue;
    }
    bool q = x->kind == RxIR::Star || x->kind == RxIR::Plus || x->kind == RxIR::Opt ||
             (x->kind == RxIR::NgStar && x->kids[1]->kind == RxIR::Empty);
    if (!q || x->kids[0]->kind != RxIR::Set) return false;
    v.push_back({&x->kids[0]->set, x->kind != RxIR::Plus, true});
  }
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].repeated) continue;
    for (size_t j = i + 1; j < v.size(); ++j) {
      if (v[i].set->intersects(*v[j].set)) return false;
      if (!v[j].optional) break;
    }
  }
  return true;
}

class PcreProgram {
 public:
  static std::unique_ptr<PcreProgram> compile(const RxIR &ir);
  ~PcreProgram() {
    if (code_) pcre2_code_free(code_);
  }
  // 1 found, 0 not found, -1 PCRE2 gave up (a resource limit).
  int match_at(std::u32string_view s, size_t pos, long *len);
  int search(std::u32string_view s, size_t from, size_t *start, size_t *len);

 private:
  pcre2_code *code_ = nullptr;
  bool greedy_longest_ = false;
};

// Shared scratch: the runtime runs Lisp on one thread.
static pcre2_match_data *match_data() {
  static pcre2_match_data *md = pcre2_match_data_create(1, nullptr);
  return md;
}

static pcre2_match_context *match_context() {
  static pcre2_match_context *mc = [] {
    pcre2_match_context *c = pcre2_match_context_create(nullptr);
    pcre2_jit_stack *js = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, nullptr);
    pcre2_jit_stack_assign(c, nullptr, js);
    return c;
  }();
  return mc;
}

static constexpr int kDfaWorkspace = 8192;
static int dfa_workspace[kDfaWorkspace];

static PCRE2_SPTR subject(std::u32string_view s) { return reinterpret_cast<PCRE2_SPTR>(s.data()); }

std::u32string rx_pcre_pattern(const RxIR &ir) {
  std::u32string pat;
  put_ir(pat, ir);
  return pat;
}

std::unique_ptr<PcreProgram> PcreProgram::compile(const RxIR &ir) {
  std::u32string pat = rx_pcre_pattern(ir);
  int err;
  PCRE2_SIZE erroff;
  pcre2_code *code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pat.data()), pat.size(),
                                   PCRE2_DOTALL | PCRE2_NEVER_UTF | PCRE2_NEVER_BACKSLASH_C, &err, &erroff, nullptr);
  if (!code) return nullptr;                    // e.g. too large: the derivative engine takes over
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // without JIT, pcre2_match interprets
  auto p = std::make_unique<PcreProgram>();
  p->code_ = code;
  p->greedy_longest_ = rx_greedy_is_longest(ir);
  return p;
}

int PcreProgram::match_at(std::u32string_view s, size_t pos, long *len) {
  int rc = pcre2_dfa_match(code_, subject(s), s.size(), pos, PCRE2_ANCHORED, match_data(), match_context(),
                           dfa_workspace, kDfaWorkspace);
  if (rc == PCRE2_ERROR_NOMATCH) return 0;
  if (rc < 0) return -1;
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(match_data());  // the longest match comes first
  *len = long(ov[1] - ov[0]);
  return 1;
}

int PcreProgram::search(std::u32string_view s, size_t from, size_t *start, size_t *len) {
  int rc = pcre2_match(code_, subject(s), s.size(), from, 0, match_data(), match_context());
  if (rc == PCRE2_ERROR_NOMATCH) return 0;
  if (rc < 0) return -1;
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(match_data());
  *start = ov[0];
  if (greedy_longest_) {
    *len = ov[1] - ov[0];
    return 1;
  }
  long l;
  int r = match_at(s, *start, &l);
  if (r <= 0) return -1;  // cannot happen unless a resource limit struck
  *len = size_t(l);
  return 1;
}

// ---- the engine ------------------------------------------------------------------------

RegexEngine::RegexEngine(RxPtr ir) : ir_(std::move(ir)) {}
RegexEngine::~RegexEngine() = default;

PcreProgram *RegexEngine::pcre() {
  if (!tried_pcre_) {
    tried_pcre_ = true;
    if (rx_pcre_expressible(*ir_)) pcre_ = PcreProgram::compile(*ir_);
  }
  return pcre_.get();
}

DerivDfa &RegexEngine::dfa() {
  if (!dfa_) dfa_ = std::make_unique<DerivDfa>(*ir_);
  return *dfa_;
}

long RegexEngine::match_at(std::u32string_view s, size_t pos) {
  if (pos > s.size()) return -1;
  if (PcreProgram *p = pcre()) {
    long len;
    int r = p->match_at(s, pos, &len);
    if (r >= 0) return r ? len : -1;
  }
  return dfa().longest(s, pos);
}

// The whole rest is matched exactly when the longest match reaches the end
// (PCRE2's DFA matcher does not honour PCRE2_ENDANCHORED).
bool RegexEngine::match_full(std::u32string_view s, size_t pos) {
  if (pos > s.size()) return false;
  return match_at(s, pos) == long(s.size() - pos);
}

bool RegexEngine::search(std::u32string_view s, size_t from, size_t *start, size_t *len) {
  if (from > s.size()) return false;
  if (PcreProgram *p = pcre()) {
    int r = p->search(s, from, start, len);
    if (r >= 0) return r;
  }
  DerivDfa &d = dfa();
  for (size_t i = from; i <= s.size(); ++i) {
    long l = d.longest(s, i);
    if (l >= 0) {
      *start = i;
      *len = size_t(l);
      return true;
    }
  }
  return false;
}

bool RegexEngine::search_last(std::u32string_view s, size_t from, size_t *start, size_t *len) {
  if (from > s.size()) return false;
  if (pcre()) {
    // Hop from match start to match start with the (fast) search.
    size_t st, l;
    bool found = false;
    for (size_t p = from; p <= s.size() && search(s, p, &st, &l); p = st + 1) {
      found = true;
      *start = st;
      if (st == s.size()) break;
    }
    if (!found) return false;
    *len = size_t(match_at(s, *start));
    return true;
  }
  for (size_t i = s.size() + 1; i-- > from;) {
    long l = dfa().longest(s, i);
    if (l >= 0) {
      *start = i;
      *len = size_t(l);
      return true;
    }
  }
  return false;
}

// The regex matching exactly the reversals of the strings ir matches.
static RxPtr reverse_ir(const RxIR &ir) {
  auto node = [](RxIR::Kind k) { return std::make_unique<RxIR>(k); };
  if (ir.kind == RxIR::NgStar && ir.kids[1]->kind != RxIR::Empty) {
    // R1%R2 is ((R1*)&~(.*(R2&.+).*))R2; reversed: rev(R2)((rev(R1)*)&~(.*(rev(R2)&.+).*)).
    auto any_star = [&] {
      RxPtr st = node(RxIR::Star), any = node(RxIR::Set);
      any->set = CharSet::any();
      st->kids.push_back(std::move(any));
      return st;
    };
    RxPtr plus = node(RxIR::Plus), any = node(RxIR::Set);
    any->set = CharSet::any();
    plus->kids.push_back(std::move(any));
    RxPtr nonempty = node(RxIR::And);
    nonempty->kids.push_back(reverse_ir(*ir.kids[1]));
    nonempty->kids.push_back(std::move(plus));
    RxPtr contains = node(RxIR::Cat);
    contains->kids.push_back(any_star());
    contains->kids.push_back(std::move(nonempty));
    contains->kids.push_back(any_star());
    RxPtr excl = node(RxIR::Not);
    excl->kids.push_back(std::move(contains));
    RxPtr reps = node(RxIR::Star);
    reps->kids.push_back(reverse_ir(*ir.kids[0]));
    RxPtr both = node(RxIR::And);
    both->kids.push_back(std::move(reps));
    both->kids.push_back(std::move(excl));
    RxPtr out = node(RxIR::Cat);
    out->kids.push_back(reverse_ir(*ir.kids[1]));
    out->kids.push_back(std::move(both));
    return out;
  }
  RxPtr out = node(ir.kind == RxIR::NgStar ? RxIR::Star : ir.kind);
  out->set = ir.set;
  size_t n = ir.kind == RxIR::NgStar ? 1 : ir.kids.size();
  for (size_t i = 0; i < n; ++i) out->kids.push_back(reverse_ir(*ir.kids[i]));
  if (ir.kind == RxIR::Cat) std::reverse(out->kids.begin(), out->kids.end());
  return out;
}

// The longest suffix matched is the longest match of the reversed regex at
// the start of the reversed string.
long RegexEngine::match_right(std::u32string_view s) {
  if (!reversed_) reversed_ = std::make_unique<RegexEngine>(reverse_ir(*ir_));
  std::u32string r(s.rbegin(), s.rend());
  return reversed_->match_at(r, 0);
}

bool RegexEngine::prefix_viable(std::u32string_view s, size_t pos) {
  DerivDfa &d = dfa();
  DerivDfa::Node *st = d.root();
  for (size_t i = pos; i < s.size() && !d.is_null(st); ++i) st = d.step(st, s[i]);
  return !d.dead(st);
}

RegexEngine::State RegexEngine::initial() { return dfa().root(); }

RegexEngine::State RegexEngine::step(State st, char32_t c) {
  return dfa().step(static_cast<DerivDfa::Node *>(const_cast<void *>(st)), c);
}

bool RegexEngine::accepting(State st) { return DerivDfa::nullable(static_cast<const DerivDfa::Node *>(st)); }

bool RegexEngine::dead(State st) { return dfa().dead(static_cast<DerivDfa::Node *>(const_cast<void *>(st))); }

}  // namespace tine
