// File descriptors: pipe, dupfd, close, poll, isatty, fcntl with the
// flock structure, and the o-*, f-*, seek-* and poll-* constants.
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <vector>

#include "stream.hpp"
#include "syserr.hpp"

namespace tine {

static val sym_flock, slot_type, slot_whence, slot_start, slot_len, slot_pid;

static int fd_arg(val v, const char *self) { return int(c_int_range(v, INT_MIN, INT_MAX, self)); }

// pipe: (read-fd . write-fd), both close-on-exec.
static val bi_pipe(const Args &a) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) < 0 && (!retry_for_descriptors(errno) || pipe2(fds, O_CLOEXEC) < 0))
    errno_err(s_file_error, a.name(), "pipe failed", errno);
  return cons(mkfix(fds[0]), mkfix(fds[1]));
}

// (dupfd old [new]): dup or dup2; -1 (errno set) on failure.
static val bi_dupfd(const Args &a) {
  int old = fd_arg(a[0], a.name());
  int r = absent(a[1]) ? dup(old) : dup2(old, fd_arg(a[1], a.name()));
  return mkfix(r);
}

// (close fd [throw-on-error-p]): t, or nil on failure (an error with
// throw-on-error-p: TXR's behaviour; its manual words it the other way).
static val bi_close(const Args &a) {
  if (close(fd_arg(a[0], a.name())) == 0) return s_t;
  if (!absent(a[1])) file_err(a.name(), "cannot close descriptor", a[0], errno);
  return nullptr;
}

// A descriptor from an integer or a stream that has one.
static int fd_of(val v, const char *self) {
  if (is(v, T::Stream)) {
    int fd = stream_checked(v, self)->fd();
    if (fd < 0) errorf(s_file_error, "~a: ~s has no file descriptor", self, v);
    return fd;
  }
  return fd_arg(v, self);
}

static val bi_isatty(const Args &a) {
  if (is(a[0], T::Stream)) {
    int fd = stream_checked(a[0], a.name())->fd();
    return boolv(fd >= 0 && isatty(fd));
  }
  return boolv(isatty(fd_arg(a[0], a.name())) == 1);
}

// (poll ((fd-or-stream . events) ...) [timeout-ms]): the entries that
// polled positive, each with the events that occurred.
static val bi_poll(const Args &a) {
  std::vector<struct pollfd> fds;
  std::vector<val, gc_allocator<val>> keys;
  SeqIter it(a[0], a.name());
  for (val e; it.next(&e);) {
    if (!consp(e)) type_err(a.name(), e, "a (descriptor . events) pair");
    fds.push_back({fd_of(car(e), a.name()), short(c_int_range(cdr(e), 0, SHRT_MAX, a.name())), 0});
    keys.push_back(car(e));
  }
  int timeout = absent(a[1]) ? -1 : int(c_int_range(a[1], -1, INT_MAX, a.name()));
  int rc;
  while ((rc = poll(fds.data(), fds.size(), timeout)) < 0 && errno == EINTR) sig_poll();
  if (rc < 0) errno_err(s_file_error, a.name(), "poll failed", errno);
  val out = nullptr;
  for (size_t i = fds.size(); i > 0; --i)
    if (fds[i - 1].revents) out = cons(cons(keys[i - 1], mkfix(fds[i - 1].revents)), out);
  return out;
}

// (fcntl fd command [arg]): the C function's result; failure is -1 with
// errno set, not an exception.
static val bi_fcntl(const Args &a) {
  int fd = fd_arg(a[0], a.name());
  int cmd = fd_arg(a[1], a.name());
  switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
    case F_SETFD:
    case F_SETFL: {
      long arg = absent(a[2]) ? 0 : long(c_int64(a[2], a.name()));
      return mkint(fcntl(fd, cmd, arg));
    }
    case F_GETFD:
    case F_GETFL: return mkint(fcntl(fd, cmd));
    case F_GETLK:
    case F_SETLK:
    case F_SETLKW: {
      struct flock fl = {};
      auto num = [&](val slot) -> int64_t {
        val v = sys_struct_slot(a[2], slot, a.name());
        return v ? c_int64(v, a.name()) : 0;
      };
      fl.l_type = short(num(slot_type));
      fl.l_whence = short(num(slot_whence));
      fl.l_start = off_t(num(slot_start));
      fl.l_len = off_t(num(slot_len));
      int r;
      while ((r = fcntl(fd, cmd, &fl)) < 0 && errno == EINTR && cmd == F_SETLKW) sig_poll();
      if (r == 0 && cmd == F_GETLK) {
        sys_struct_set_slot(a[2], slot_type, mkfix(fl.l_type), a.name());
        sys_struct_set_slot(a[2], slot_whence, mkfix(fl.l_whence), a.name());
        sys_struct_set_slot(a[2], slot_start, mkint(fl.l_start), a.name());
        sys_struct_set_slot(a[2], slot_len, mkint(fl.l_len), a.name());
        sys_struct_set_slot(a[2], slot_pid, mkint(fl.l_pid), a.name());
      }
      return mkint(r);
    }
    default: errno = EINVAL; return mkfix(-1);
  }
}

static const BuiltinDef fdio_builtins[] = {
    {"pipe", 0, 0, false, bi_pipe},     {"dupfd", 1, 1, false, bi_dupfd}, {"close", 1, 1, false, bi_close},
    {"isatty", 1, 0, false, bi_isatty}, {"poll", 1, 1, false, bi_poll},   {"fcntl", 2, 1, false, bi_fcntl},
};

void init_fdio() {
  sym_flock = intern("flock");
  slot_type = intern("type");
  slot_whence = intern("whence");
  slot_start = intern("start");
  slot_len = intern("len");
  slot_pid = intern("pid");
  static const struct {
    const char *name;
    int value;
  } consts[] = {
      {"o-accmode", O_ACCMODE},    {"o-rdonly", O_RDONLY},
      {"o-wronly", O_WRONLY},      {"o-rdwr", O_RDWR},
      {"o-creat", O_CREAT},        {"o-noctty", O_NOCTTY},
      {"o-trunc", O_TRUNC},        {"o-append", O_APPEND},
      {"o-nonblock", O_NONBLOCK},  {"o-sync", O_SYNC},
      {"o-async", O_ASYNC},        {"o-directory", O_DIRECTORY},
      {"o-nofollow", O_NOFOLLOW},  {"o-cloexec", O_CLOEXEC},
      {"o-direct", O_DIRECT},      {"o-noatime", O_NOATIME},
      {"o-path", O_PATH},          {"seek-set", SEEK_SET},
      {"seek-cur", SEEK_CUR},      {"seek-end", SEEK_END},
      {"f-dupfd", F_DUPFD},        {"f-dupfd-cloexec", F_DUPFD_CLOEXEC},
      {"f-getfd", F_GETFD},        {"f-setfd", F_SETFD},
      {"f-getfl", F_GETFL},        {"f-setfl", F_SETFL},
      {"f-getlk", F_GETLK},        {"f-setlk", F_SETLK},
      {"f-setlkw", F_SETLKW},      {"fd-cloexec", FD_CLOEXEC},
      {"f-rdlck", F_RDLCK},        {"f-wrlck", F_WRLCK},
      {"f-unlck", F_UNLCK},        {"poll-in", POLLIN},
      {"poll-pri", POLLPRI},       {"poll-out", POLLOUT},
      {"poll-err", POLLERR},       {"poll-nval", POLLNVAL},
      {"poll-rdband", POLLRDBAND}, {"poll-wrband", POLLWRBAND},
      {"poll-rdhup", POLLRDHUP},
  };
  for (auto &c : consts) defvar_builtin(c.name, mkfix(c.value), false);
  register_builtins(fdio_builtins);
}

}  // namespace tine
