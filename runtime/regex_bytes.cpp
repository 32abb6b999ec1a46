// Regexes over UTF-8 bytes: PCRE2's 8-bit library in UTF mode, accepting
// invalid UTF-8 in the subject (no character matches an invalid byte
// there).  Regexes it cannot take (~ & %, or the U+DCxx stand-ins for
// invalid bytes) are matched by decoding the bytes and using the
// character engine.
#define PCRE2_CODE_UNIT_WIDTH 8
#include "regex_bytes.hpp"

#include <pcre2.h>

#include <string>

#include "lisp.hpp"

namespace tine {

static pcre2_match_data *match_data8() {
  static pcre2_match_data *md = pcre2_match_data_create(1, nullptr);
  return md;
}

static pcre2_match_context *match_context8() {
  static pcre2_match_context *mc = [] {
    pcre2_match_context *c = pcre2_match_context_create(nullptr);
    pcre2_jit_stack_assign(c, nullptr, pcre2_jit_stack_create(32 * 1024, 1024 * 1024, nullptr));
    return c;
  }();
  return mc;
}

static constexpr int kWorkspace = 8192;
static int workspace8[kWorkspace];

static pcre2_code *code_of(void *p) { return static_cast<pcre2_code *>(p); }

std::unique_ptr<BytesProgram> BytesProgram::compile(const RxIR &ir) {
  if (!rx_pcre_expressible(ir)) return nullptr;
  std::u32string pat32 = rx_pcre_pattern(ir);
  std::string pat(pat32.begin(), pat32.end());  // the pattern text is ASCII
  int err;
  PCRE2_SIZE off;
  pcre2_code *code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pat.data()), pat.size(),
                                   PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DOTALL, &err, &off, nullptr);
  if (!code) return nullptr;
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
  auto b = std::make_unique<BytesProgram>();
  b->code_ = code;
  b->greedy_longest_ = rx_greedy_is_longest(ir);
  return b;
}

BytesProgram::~BytesProgram() {
  if (code_) pcre2_code_free(code_of(code_));
}

int BytesProgram::match_at(const uint8_t *p, size_t len, size_t pos, long *mlen) {
  int rc = pcre2_dfa_match(code_of(code_), p, len, pos, PCRE2_ANCHORED, match_data8(), match_context8(), workspace8,
                           kWorkspace);
  if (rc == PCRE2_ERROR_NOMATCH) return 0;
  if (rc < 0) return -1;
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(match_data8());
  *mlen = long(ov[1] - ov[0]);
  return 1;
}

int BytesProgram::search(const uint8_t *p, size_t len, size_t from, size_t *start, size_t *mlen) {
  int rc = pcre2_match(code_of(code_), p, len, from, 0, match_data8(), match_context8());
  if (rc == PCRE2_ERROR_NOMATCH) return 0;
  if (rc < 0) return -1;
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(match_data8());
  *start = ov[0];
  if (greedy_longest_) {
    *mlen = ov[1] - ov[0];
    return 1;
  }
  long l;
  if (match_at(p, len, *start, &l) <= 0) return -1;
  *mlen = size_t(l);
  return 1;
}

// ---- the engine's byte entry points ------------------------------------------------------

BytesProgram *RegexEngine::bytes() {
  if (!tried_bytes_) {
    tried_bytes_ = true;
    bytes_ = BytesProgram::compile(*ir_);
  }
  return bytes_.get();
}

// Byte offsets of the characters of p decoded as UTF-8: offs[i] is where
// character i starts; offs[n] is len.
static void char_offsets(const uint8_t *p, size_t len, std::u32string &text, std::vector<size_t> &offs) {
  text = utf8_decode(std::string_view(reinterpret_cast<const char *>(p), len));
  offs.clear();
  size_t b = 0;
  for (char32_t c : text) {
    offs.push_back(b);
    b += c < 0x80 || (c >= 0xDC80 && c <= 0xDCFF) ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  offs.push_back(len);
}

static size_t char_index(const std::vector<size_t> &offs, size_t byte) {
  return size_t(std::lower_bound(offs.begin(), offs.end(), byte) - offs.begin());
}

bool RegexEngine::search_bytes(const uint8_t *p, size_t len, size_t from, size_t *start, size_t *mlen) {
  if (from > len) return false;
  if (BytesProgram *b = bytes()) {
    int r = b->search(p, len, from, start, mlen);
    if (r >= 0) return r;
  }
  std::u32string text;
  std::vector<size_t> offs;
  char_offsets(p, len, text, offs);
  size_t st, l;
  if (!search(text, char_index(offs, from), &st, &l)) return false;
  *start = offs[st];
  *mlen = offs[st + l] - offs[st];
  return true;
}

long RegexEngine::match_bytes_at(const uint8_t *p, size_t len, size_t pos) {
  if (pos > len) return -1;
  if (BytesProgram *b = bytes()) {
    long l;
    int r = b->match_at(p, len, pos, &l);
    if (r >= 0) return r ? l : -1;
  }
  std::u32string text;
  std::vector<size_t> offs;
  char_offsets(p, len, text, offs);
  size_t ci = char_index(offs, pos);
  long l = match_at(text, ci);
  return l < 0 ? -1 : long(offs[ci + size_t(l)] - offs[ci]);
}

}  // namespace tine
