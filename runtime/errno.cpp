// errno: the POSIX error constants as variables, errno and strerror, and the
// exceptions raised by failed system calls.
#include <cerrno>
#include <climits>
#include <cstring>

#include "syserr.hpp"

namespace tine {

val s_socket_error;

val file_error_type(int eno) {
  switch (eno) {
    case ENOENT: return s_path_not_found;
    case EEXIST: return s_path_exists;
    case EPERM:
    case EACCES: return s_path_permission;
    default: return s_file_error;
  }
}

void file_err(const char *self, const char *what, val path, int eno) {
  errorf(file_error_type(eno), "~a: ~a ~s: ~a/~s", self, what, path, eno, strerror(eno));
}

void file_err2(const char *self, const char *what, val from, val to, int eno) {
  errorf(file_error_type(eno), "~a: ~a ~s to ~s: ~a/~s", self, what, from, to, eno, strerror(eno));
}

void errno_err(val type, const char *self, const char *what, int eno) {
  errorf(type, "~a: ~a: ~a/~s", self, what, eno, strerror(eno));
}

std::string path_utf8(val v, const char *self) { return utf8(str_checked(v, self)); }

int64_t c_int_range(val v, int64_t lo, int64_t hi, const char *self) {
  int64_t n = c_int64(v, self);
  if (n < lo || n > hi) range_err(self, "value out of range:", v);
  return n;
}

// ---- builtins ---------------------------------------------------------------

// (errno [new]) returns the value errno had, storing NEW when it is given.
static val bi_errno(const Args &a) {
  int old = errno;
  if (!absent(a[0])) errno = int(c_int_range(a[0], INT_MIN, INT_MAX, a.name()));
  return mkfix(old);
}

static val bi_strerror(const Args &a) {
  const char *s = strerror(int(c_int_range(a[0], INT_MIN, INT_MAX, a.name())));
  return s ? mkstr_utf8(s) : nullptr;
}

static const BuiltinDef errno_builtins[] = {
    {"errno", 0, 1, false, bi_errno},
    {"strerror", 1, 0, false, bi_strerror},
};

// Issue 6 (2004) of POSIX, plus the two robust-mutex codes of Issue 7.
static const struct {
  const char *name;
  int value;
} errno_consts[] = {
    {"e2big", E2BIG},
    {"eacces", EACCES},
    {"eaddrinuse", EADDRINUSE},
    {"eaddrnotavail", EADDRNOTAVAIL},
    {"eafnosupport", EAFNOSUPPORT},
    {"eagain", EAGAIN},
    {"ealready", EALREADY},
    {"ebadf", EBADF},
    {"ebadmsg", EBADMSG},
    {"ebusy", EBUSY},
    {"ecanceled", ECANCELED},
    {"echild", ECHILD},
    {"econnaborted", ECONNABORTED},
    {"econnrefused", ECONNREFUSED},
    {"econnreset", ECONNRESET},
    {"edeadlk", EDEADLK},
    {"edestaddrreq", EDESTADDRREQ},
    {"edom", EDOM},
    {"edquot", EDQUOT},
    {"eexist", EEXIST},
    {"efault", EFAULT},
    {"efbig", EFBIG},
    {"ehostunreach", EHOSTUNREACH},
    {"eidrm", EIDRM},
    {"eilseq", EILSEQ},
    {"einprogress", EINPROGRESS},
    {"eintr", EINTR},
    {"einval", EINVAL},
    {"eio", EIO},
    {"eisconn", EISCONN},
    {"eisdir", EISDIR},
    {"eloop", ELOOP},
    {"emfile", EMFILE},
    {"emlink", EMLINK},
    {"emsgsize", EMSGSIZE},
    {"emultihop", EMULTIHOP},
    {"enametoolong", ENAMETOOLONG},
    {"enetdown", ENETDOWN},
    {"enetreset", ENETRESET},
    {"enetunreach", ENETUNREACH},
    {"enfile", ENFILE},
    {"enobufs", ENOBUFS},
    {"enodata", ENODATA},
    {"enodev", ENODEV},
    {"enoent", ENOENT},
    {"enoexec", ENOEXEC},
    {"enolck", ENOLCK},
    {"enolink", ENOLINK},
    {"enomem", ENOMEM},
    {"enomsg", ENOMSG},
    {"enoprotoopt", ENOPROTOOPT},
    {"enospc", ENOSPC},
    {"enosr", ENOSR},
    {"enostr", ENOSTR},
    {"enosys", ENOSYS},
    {"enotconn", ENOTCONN},
    {"enotdir", ENOTDIR},
    {"enotempty", ENOTEMPTY},
    {"enotrecoverable", ENOTRECOVERABLE},
    {"enotsock", ENOTSOCK},
    {"enotsup", ENOTSUP},
    {"enotty", ENOTTY},
    {"enxio", ENXIO},
    {"eopnotsupp", EOPNOTSUPP},
    {"eoverflow", EOVERFLOW},
    {"eownerdead", EOWNERDEAD},
    {"eperm", EPERM},
    {"epipe", EPIPE},
    {"eproto", EPROTO},
    {"eprotonosupport", EPROTONOSUPPORT},
    {"eprototype", EPROTOTYPE},
    {"erange", ERANGE},
    {"erofs", EROFS},
    {"espipe", ESPIPE},
    {"esrch", ESRCH},
    {"estale", ESTALE},
    {"etime", ETIME},
    {"etimedout", ETIMEDOUT},
    {"etxtbsy", ETXTBSY},
    {"ewouldblock", EWOULDBLOCK},
    {"exdev", EXDEV},
};

void init_errno() {
  s_socket_error = intern("socket-error");
  def_exception(s_socket_error, s_error);
  // The restarts that the recursive file operations catch (TXR's tree).
  for (const char *r : {"retry", "skip", "continue"}) def_exception(intern(r), s_restart);
  for (auto &c : errno_consts) defvar_builtin(c.name, mkfix(c.value), false);
  register_builtins(errno_builtins);
}

}  // namespace tine
