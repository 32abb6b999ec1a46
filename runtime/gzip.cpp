// gzip streams (open-file's "z" mode, from zlib) and buf-compress /
// buf-decompress.
#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "stream.hpp"
#include "syserr.hpp"

namespace tine {

val open_gzip_fd(int fd, const OpenMode &m, val name, const char *self) {
  errorf(s_error, "~a: gzip streams are not available yet", self);
}

}  // namespace tine
