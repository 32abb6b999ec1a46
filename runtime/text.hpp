// The text library beyond the core string functions: splitting and joining
// (strsplit.cpp) and quasi-string fields (quasi.cpp).
#pragma once
#include <string>

#include "lisp.hpp"

namespace tine {

// A quasi-string part (sys:var x (modifier...)) as the form that computes
// its text: (sys:quasi-field x width separator index filter).
val quasi_field_form(val part);

// The text of a value in a quasi-string: strings as they are, bufs in hex,
// sequences element by element with sep (nil: a space) between them.
void quasi_text(val v, val sep, std::u32string &out);

// split-str and tok-str (keep and count may be : or nil for absent).
val split_str(val str, val sep, val keep, val count, const char *self);
val tok_str(val str, val re, val keep, val count, const char *self);

// A lazy string's text, forced through index n (all of it for n < 0).
val lazy_str_prefix_upto(val ls, intptr_t n);

void init_strsplit();
void init_awk();
void init_lazystr();
void init_quasi();
void init_pic();
void init_trie();
void init_textstream();
void init_strlib();
void init_webcode();
void init_combin();

}  // namespace tine
