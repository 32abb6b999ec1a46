// Shared sections: anonymous (memfd) and named (POSIX shm) shared memory
// that mmap can map, and ftruncate to size them.
#include "config.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ffi/mmap.hpp"
#include "runtime/stream.hpp"

namespace tine {

// (memfd-create name): a descriptor for anonymous shared memory; forked
// children inherit it (it is not close-on-exec).
static val bi_memfd_create(const Args &a) {
  std::string name = utf8(str_checked(a[0], a.name()));
#ifdef HAVE_MEMFD_CREATE
  int fd = memfd_create(name.c_str(), 0);
  if (fd < 0) sys_err(a.name(), "memfd_create", errno, a[0]);
  return mkfix(fd);
#else
  errorf(s_system_error, "memfd-create: not available on this platform");
#endif
}

static val bi_ftruncate(const Args &a) {
  int fd = fd_of(a[0], a.name());
  int64_t len = c_int64(a[1], a.name());
  if (len < 0) range_err(a.name(), "negative length", a[1]);
  if (is(a[0], T::Stream)) stream_checked(a[0], a.name())->flush();
  if (::ftruncate(fd, off_t(len)) < 0) sys_err(a.name(), a.name(), errno, a[0]);
  return s_t;
}

static std::string shm_name(val v, const char *self) {
  std::string n = utf8(str_checked(v, self));
  if (n.empty() || n[0] != '/') n.insert(n.begin(), '/');
  return n;
}

// (shm-open name flags [mode]): mode defaults to #o600.
static val bi_shm_open(const Args &a) {
  std::string n = shm_name(a[0], a.name());
  int flags = c_int(a[1], a.name());
  mode_t mode = missing(a[2]) ? 0600 : mode_t(c_int(a[2], a.name()));
  int fd = shm_open(n.c_str(), flags, mode);
  if (fd < 0) sys_err(a.name(), "shm_open", errno, a[0]);
  return mkfix(fd);
}

static val bi_shm_unlink(const Args &a) {
  std::string n = shm_name(a[0], a.name());
  if (shm_unlink(n.c_str()) < 0) sys_err(a.name(), "shm_unlink", errno, a[0]);
  return s_t;
}

static const BuiltinDef shm_builtins[] = {
    {"memfd-create", 1, 0, false, bi_memfd_create},
    {"ftruncate", 2, 0, false, bi_ftruncate},
    {"shm-open", 2, 1, false, bi_shm_open},
    {"shm-unlink", 1, 0, false, bi_shm_unlink},
};

void init_shm() {
  register_builtins(shm_builtins);
  defvar_builtin("o-rdonly", mkfix(O_RDONLY), false);
  defvar_builtin("o-rdwr", mkfix(O_RDWR), false);
  defvar_builtin("o-creat", mkfix(O_CREAT), false);
  defvar_builtin("o-excl", mkfix(O_EXCL), false);
  defvar_builtin("o-trunc", mkfix(O_TRUNC), false);
}

}  // namespace tine
