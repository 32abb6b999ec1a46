// Text files compiled into the binary (stdlib sources, doc entries).
#pragma once

namespace tine {

struct EmbeddedFile {
  const char *name;
  const char *text;
};

// A name defined at top level by the stdlib module stdlib_sources[module].
struct AutoloadEntry {
  const char *name;  // "sys:x" for the system package
  int module;
  bool variable;  // defvar, defparm, defsymacro ...: the compiler must know it
  bool type;      // defstruct: a name in the struct namespace
};

extern const EmbeddedFile stdlib_sources[];  // null-terminated
extern const EmbeddedFile doc_sources[];     // null-terminated
extern const AutoloadEntry stdlib_index[];   // null-terminated

}  // namespace tine
