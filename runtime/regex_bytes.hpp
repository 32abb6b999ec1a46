// PCRE2's 8-bit library over UTF-8 bytes, for regexes searched through
// bufs, carrays and mappings (see RegexEngine::search_bytes).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>

#include "regex_engine.hpp"

namespace tine {

class BytesProgram {
 public:
  // Null when PCRE2 cannot take the regex in UTF-8 mode.
  static std::unique_ptr<BytesProgram> compile(const RxIR &ir);
  ~BytesProgram();
  // 1 found, 0 not found, -1 PCRE2 gave up.
  int search(const uint8_t *p, size_t len, size_t from, size_t *start, size_t *mlen);
  int match_at(const uint8_t *p, size_t len, size_t pos, long *mlen);

 private:
  void *code_ = nullptr;  // pcre2_code_8
  bool greedy_longest_ = false;
};

}  // namespace tine
