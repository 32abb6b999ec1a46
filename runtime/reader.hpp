// The reader's state: a character source with line tracking.
#pragma once
#include <string>

#include "lisp.hpp"

namespace tine {

struct Stream;

struct Reader {
  Stream *in = nullptr;
  val name;  // file name for messages
  int line = 1;
  int qq_depth = 0;      // inside a quasiquote template: #S(...) stays a form
  val labels = nullptr;  // #n= labels of the current top-level datum (eql hash)
  // iread: a top-level datum ends without looking for .b or ..b after it.
  bool interactive = false;
  int nest = 0;  // open lists around the datum being read
  // Reading from a whole text instead of a stream: no call per character.
  val text = nullptr;
  const char32_t *buf = nullptr;
  size_t pos = 0, len = 0;

  Reader(val stream, val name);
  static Reader over_text(val str, val name);
  ReadResult read_toplevel();
  bool only_blank_left();  // nothing but whitespace and ; comments remain
  [[noreturn]] void fail(const char *msg, val obj = nullptr);
  friend struct JsonParser;  // json.cpp reads JSON from the same source
  friend val read_json_literal(Reader &r);
  friend val read_json_label(Reader &r, int32_t first, val (*value)(void *), void *ctx);

 private:
  int32_t get();
  void unget(int32_t c);
  int32_t peek();
  int32_t skip_ws();
  val note(val form, int at);
  val read_datum();
  val read_primary();
  val read_list(char32_t close, int at);
  val read_string();
  val read_quasi();
  val read_quasi_body(int32_t close, bool words);
  val read_quasi_brace();
  val read_quasi_meta();  // after the second @ of @@ in a quasi-string
  val read_word_list();
  void read_escape(std::u32string &out, int32_t quote, size_t *kept = nullptr);
  val read_char_literal();
  val read_buf_literal();
  val read_radix_number(int base);
  val read_hash_dispatch();
  val read_regex();
  template <class Datum>
  val read_label(int32_t first, Datum datum);
  val hash_literal(val l);
  val read_token(int32_t first);
  bool skip_digit_separators(const std::u32string &tok, int base);
  val interpret_token(std::u32string_view tok);
};

// #J<json> and #J^<json> (json.cpp), after the #J.
val read_json_literal(Reader &r);
// #n= and #n# inside JSON, after the #: value reads the labelled JSON value.
val read_json_label(Reader &r, int32_t first, val (*value)(void *), void *ctx);

// Evaluates the rest of r's forms at top level; the last value (first_result
// when there are none).
val load_forms_from(Reader &r, val name, val first_result);

}  // namespace tine
