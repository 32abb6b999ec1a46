// Regular expressions: the Lisp object, TXR's regex syntax and the matching
// entry points other modules use (split-str, tok-str, awk ...).
#pragma once
#include <string>
#include <string_view>

#include "lisp.hpp"
#include "regex_engine.hpp"

namespace tine {

struct RegexObj : Obj {
  val source;           // the syntax tree (as regex-parse returns it)
  RegexEngine *engine;  // owned; freed by the object's finalizer
  val fun;              // the object as a callable function, made on demand
};

inline bool regexp(val v) { return is(v, T::Regex); }
inline RegexEngine &regex_engine(val re) { return *static_cast<RegexObj *>(re)->engine; }
val regex_checked(val v, const char *self);

// A regex from a syntax tree or from TXR regex text.
val regex_compile(val source, const char *self);
// TXR regex text -> syntax tree; throws syntax-error naming self and the
// position of the fault.
val regex_parse(std::u32string_view text, const char *self);
// The same without throwing: false with a description and the position.
bool regex_try_parse(std::u32string_view text, val *tree, const char **what, size_t *pos);
// An equivalent, simpler syntax tree (regex-optimize).
val regex_optimize(val tree);
// Syntax tree -> TXR regex text (the body of #/.../ when printed).
void regex_unparse(val tree, std::u32string &out);
// Syntax tree -> engine form; errors name self.
RxPtr regex_ir(val tree, const char *self);

// The regex as a function object: [re str], [re start str] ...
val regex_function(val re);

// Searching for a separator that is a regex, a string or a character.
// Returns false when none is found at or after from.
bool find_separator(val sep, std::u32string_view s, size_t from, size_t *start, size_t *len, const char *self);

// Reads from st up to the first non-empty match, which it consumes (the
// longest); skipped gets the text before it.  False at the end of the
// stream without a match.
struct Stream;
bool regex_stream_scan(RegexEngine &e, Stream *st, std::u32string &skipped, std::u32string &matched);

void init_regex();
void init_regex_syntax();

}  // namespace tine
