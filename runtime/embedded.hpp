// Text files compiled into the binary (stdlib sources, doc entries).
#pragma once

namespace tine {

struct EmbeddedFile {
  const char *name;
  const char *text;
};

extern const EmbeddedFile stdlib_sources[];  // null-terminated
extern const EmbeddedFile doc_sources[];     // null-terminated

}  // namespace tine
