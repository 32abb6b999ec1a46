// load and its file search (load.cpp).
#pragma once
#include <string>

#include "lisp.hpp"

namespace tine {

// The file load would read for target (suffix probing, *load-search-dirs*).
std::string find_load_file(val target, const char *self);
// (load target args...): the value of a (return-from load v) in the file,
// with *returned set, or nil.
val load_file(val target, val args, const char *self, bool *returned);
void set_self_path(const char *path);  // the command line's script or "cmdline-expr"
void init_load();

}  // namespace tine
