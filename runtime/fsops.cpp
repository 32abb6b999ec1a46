// Copying files so that nothing is left half-written: copy-file writes a
// temporary file beside the target and renames it into place; cat-files
// likewise.  (The recursive operations are in stdlib/40-fsops.tl.)
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "fs.hpp"

namespace tine {

// An open descriptor closed when this goes out of scope.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

// A temporary file beside TARGET, removed unless commit() renamed it onto
// TARGET.
struct TempFile {
  std::string path;
  Fd out;
  bool committed = false;
  ~TempFile() {
    if (!committed && !path.empty()) unlink(path.c_str());
  }
};

// The path a write to TARGET lands on: a symbolic link's final target.
static std::string write_target(const std::string &target) {
  char *r = realpath(target.c_str(), nullptr);
  if (!r) return target;
  std::string out = r;
  free(r);
  return out;
}

static void open_temp_beside(TempFile &t, const std::string &target, val name, const char *self) {
  size_t slash = target.rfind('/');
  std::string dir = slash == std::string::npos ? "" : target.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? target : target.substr(slash + 1);
  std::string tmpl = dir + "." + base + ".tine-XXXXXX";
  t.out.fd = mkostemp(tmpl.data(), O_CLOEXEC);
  if (t.out.fd < 0) file_err(self, "cannot make a temporary file for", name, errno);
  t.path = tmpl;
}

static void copy_fd(int in, int out, val from, val to, const char *self) {
  static constexpr size_t kBlock = 65536;
  char *buf = static_cast<char *>(gc_atomic(kBlock));
  for (;;) {
    ssize_t n = read(in, buf, kBlock);
    if (n < 0 && errno == EINTR) {
      sig_poll();
      continue;
    }
    if (n < 0) file_err(self, "cannot read", from, errno);
    if (n == 0) return;
    for (ssize_t off = 0; off < n;) {
      ssize_t w = write(out, buf + off, size_t(n - off));
      if (w < 0 && errno == EINTR) {
        sig_poll();
        continue;
      }
      if (w <= 0) file_err(self, "cannot write", to, w < 0 ? errno : EIO);
      off += w;
    }
  }
}

// The mode a newly created file gets, or what TARGET already has.
static mode_t fresh_mode(const std::string &target) {
  struct stat st;
  if (stat(target.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return st.st_mode & 07777;
  mode_t mask = umask(0);
  umask(mask);
  return 0666 & ~mask;
}

static void commit(TempFile &t, const std::string &target, val to, const char *self) {
  int fd = t.out.fd;
  t.out.fd = -1;
  if (close(fd) < 0) file_err(self, "cannot write", to, errno);
  if (rename(t.path.c_str(), target.c_str()) < 0) file_err(self, "cannot rename into place", to, errno);
  t.committed = true;
}

// (copy-file from to [perms-p [times-p]]) -> nil
static val bi_copy_file(const Args &a) {
  val from = a[0], to = a[1];
  Fd in;
  in.fd = open(path_utf8(from, a.name()).c_str(), O_RDONLY | O_CLOEXEC);
  if (in.fd < 0) file_err(a.name(), "cannot open", from, errno);
  struct stat st;
  if (fstat(in.fd, &st) < 0) file_err(a.name(), "cannot stat", from, errno);
  if (S_ISDIR(st.st_mode)) file_err(a.name(), "cannot copy", from, EISDIR);
  std::string target = write_target(path_utf8(to, a.name()));
  struct stat tst;
  if (stat(target.c_str(), &tst) == 0 && S_ISDIR(tst.st_mode)) file_err(a.name(), "cannot replace", to, EISDIR);
  TempFile t;
  open_temp_beside(t, target, to, a.name());
  copy_fd(in.fd, t.out.fd, from, to, a.name());
  mode_t mode = !absent(a[2]) ? st.st_mode & 07777 : fresh_mode(target);
  if (fchmod(t.out.fd, mode) < 0) file_err(a.name(), "cannot set the mode of", to, errno);
  if (!absent(a[3])) {
    struct timespec ts[2] = {st.st_atim, st.st_mtim};
    if (futimens(t.out.fd, ts) < 0) file_err(a.name(), "cannot set the times of", to, errno);
  }
  commit(t, target, to, a.name());
  return nullptr;
}

// (cat-files to from*): TO holds the contents of every FROM in order.
static val bi_cat_files(const Args &a) {
  val to = a[0];
  std::string target = write_target(path_utf8(to, a.name()));
  TempFile t;
  open_temp_beside(t, target, to, a.name());
  for (int i = 1; i < a.n; ++i) {
    Fd in;
    in.fd = open(path_utf8(a[i], a.name()).c_str(), O_RDONLY | O_CLOEXEC);
    if (in.fd < 0) file_err(a.name(), "cannot open", a[i], errno);
    copy_fd(in.fd, t.out.fd, a[i], to, a.name());
  }
  if (fchmod(t.out.fd, fresh_mode(target)) < 0) file_err(a.name(), "cannot set the mode of", to, errno);
  commit(t, target, to, a.name());
  return nullptr;
}

static const BuiltinDef fsops_builtins[] = {
    {"copy-file", 2, 2, false, bi_copy_file},
    {"cat-files", 1, 0, true, bi_cat_files},
};

void init_fsops() { register_builtins(fsops_builtins); }

}  // namespace tine
