// The file system: stat, permissions and ownership (chmod with symbolic
// modes), links, timestamps, directories, temporary files and device nodes.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include "fs.hpp"
#include "stream.hpp"

namespace tine {

// ---- stat structures ------------------------------------------------------------------

static val sym_stat;
static val stat_slots[17];  // dev ino mode nlink uid gid rdev size blksize blocks atime atime-nsec
                            // mtime mtime-nsec ctime ctime-nsec path
enum {
  ST_DEV,
  ST_INO,
  ST_MODE,
  ST_NLINK,
  ST_UID,
  ST_GID,
  ST_RDEV,
  ST_SIZE,
  ST_BLKSIZE,
  ST_BLOCKS,
  ST_ATIME,
  ST_ATIME_NS,
  ST_MTIME,
  ST_MTIME_NS,
  ST_CTIME,
  ST_CTIME_NS,
  ST_PATH
};

static void stat_values(const struct stat &st, val path, val out[17]) {
  out[ST_DEV] = mkuint(st.st_dev);
  out[ST_INO] = mkuint(st.st_ino);
  out[ST_MODE] = mkint(st.st_mode);
  out[ST_NLINK] = mkuint(st.st_nlink);
  out[ST_UID] = mkint(st.st_uid);
  out[ST_GID] = mkint(st.st_gid);
  out[ST_RDEV] = mkuint(st.st_rdev);
  out[ST_SIZE] = mkint(st.st_size);
  out[ST_BLKSIZE] = mkint(st.st_blksize);
  out[ST_BLOCKS] = mkint(st.st_blocks);
  out[ST_ATIME] = mkint(st.st_atim.tv_sec);
  out[ST_ATIME_NS] = mkint(st.st_atim.tv_nsec);
  out[ST_MTIME] = mkint(st.st_mtim.tv_sec);
  out[ST_MTIME_NS] = mkint(st.st_mtim.tv_nsec);
  out[ST_CTIME] = mkint(st.st_ctim.tv_sec);
  out[ST_CTIME_NS] = mkint(st.st_ctim.tv_nsec);
  out[ST_PATH] = path;
}

static SysStructMaker stat_maker;

val make_stat_struct(const struct stat &st, val path, const char *self) {
  val v[17];
  stat_values(st, path, v);
  return stat_maker.make(v, self);
}

static void fill_stat_struct(val obj, const struct stat &st, val path, const char *self) {
  val v[17];
  stat_values(st, path, v);
  for (int i = 0; i < 17; ++i) sys_struct_set_slot(obj, stat_slots[i], v[i], self);
}

static bool is_stat_struct(val v) { return sys_struct_p(v) && sys_struct_has_slot(v, stat_slots[ST_MODE]); }

bool stat_from_struct(val obj, struct stat *st, const char *self) {
  if (!is_stat_struct(obj)) return false;
  memset(st, 0, sizeof *st);
  auto num = [&](int i) -> int64_t {
    val v = sys_struct_slot(obj, stat_slots[i], self);
    return v ? c_int64(v, self) : 0;
  };
  auto unum = [&](int i) -> uint64_t {
    val v = sys_struct_slot(obj, stat_slots[i], self);
    return v ? c_uint64(v, self) : 0;
  };
  st->st_dev = dev_t(unum(ST_DEV));
  st->st_ino = ino_t(unum(ST_INO));
  st->st_mode = mode_t(num(ST_MODE));
  st->st_nlink = nlink_t(unum(ST_NLINK));
  st->st_uid = uid_t(num(ST_UID));
  st->st_gid = gid_t(num(ST_GID));
  st->st_rdev = dev_t(unum(ST_RDEV));
  st->st_size = off_t(num(ST_SIZE));
  st->st_mtim.tv_sec = time_t(num(ST_MTIME));
  st->st_mtim.tv_nsec = long(num(ST_MTIME_NS));
  st->st_atim.tv_sec = time_t(num(ST_ATIME));
  st->st_atim.tv_nsec = long(num(ST_ATIME_NS));
  st->st_ctim.tv_sec = time_t(num(ST_CTIME));
  st->st_ctim.tv_nsec = long(num(ST_CTIME_NS));
  return true;
}

FsTarget fs_target(val v, const char *self) {
  FsTarget t;
  if (stringp(v)) {
    t.path = utf8(v);
  } else if (is(v, T::Stream)) {
    t.fd = stream_checked(v, self)->fd();
    if (t.fd < 0) errorf(s_file_error, "~a: ~s has no file descriptor", self, v);
  } else if (integerp(v)) {
    t.fd = int(c_int_range(v, 0, INT_MAX, self));
  } else {
    type_err(self, v, "a path, a stream or a file descriptor");
  }
  return t;
}

bool probe_stat(val target, struct stat *st, bool no_follow, const char *self) {
  if (is_stat_struct(target)) return stat_from_struct(target, st, self);
  FsTarget t = fs_target(target, self);
  if (t.fd >= 0) return fstat(t.fd, st) == 0;
  return (no_follow ? lstat(t.path.c_str(), st) : stat(t.path.c_str(), st)) == 0;
}

// (stat target [struct]), (lstat path [struct])
static val do_stat(const Args &a, bool no_follow) {
  FsTarget t = fs_target(a[0], a.name());
  struct stat st;
  int rc = t.fd >= 0 ? fstat(t.fd, &st) : no_follow ? lstat(t.path.c_str(), &st) : stat(t.path.c_str(), &st);
  if (rc < 0) file_err(a.name(), "cannot stat", a[0], errno);
  val path = t.fd >= 0 ? nullptr : a[0];
  if (absent(a[1])) return make_stat_struct(st, path, a.name());
  fill_stat_struct(a[1], st, path, a.name());
  return a[1];
}

static val bi_stat(const Args &a) { return do_stat(a, false); }
static val bi_lstat(const Args &a) { return do_stat(a, true); }

// ---- permissions -----------------------------------------------------------------------------

static mode_t current_umask() {
  mode_t m = umask(0777);
  umask(m);
  return m;
}

static val bi_umask(const Args &a) {
  if (absent(a[0])) return mkfix(current_umask());
  return mkfix(umask(mode_t(c_int_range(a[0], 0, 07777, a.name()))));
}

[[noreturn]] static void bad_symbolic_mode(val mode, const char *self) {
  errorf(s_error, "~a: invalid mode ~s", self, mode);
}

// One clause of a symbolic mode ("ug+rw", "a=rX", "o-t", "g=u") applied to M.
static const char32_t *apply_mode_clause(const char32_t *p, mode_t *m, bool is_dir, mode_t mask, val mode,
                                         const char *self) {
  mode_t who = 0;
  bool who_given = false;
  for (;; ++p) {
    if (*p == 'u')
      who |= S_ISUID | S_IRWXU;
    else if (*p == 'g')
      who |= S_ISGID | S_IRWXG;
    else if (*p == 'o')
      who |= S_ISVTX | S_IRWXO;
    else if (*p == 'a')
      who |= 07777;
    else
      break;
    who_given = true;
  }
  if (*p != '+' && *p != '-' && *p != '=') bad_symbolic_mode(mode, self);
  // Without a "who", every class is meant, except what the umask hides.
  mode_t affected = who_given ? who : mode_t(07777 & ~mask);
  while (*p == '+' || *p == '-' || *p == '=') {
    char32_t op = *p++;
    mode_t perms = 0, orig = *m;
    if (*p == 'u' || *p == 'g' || *p == 'o') {
      int shift = *p == 'u' ? 6 : *p == 'g' ? 3 : 0;
      perms = mode_t(((orig >> shift) & 7) * 0111);
      ++p;
    } else {
      for (;; ++p) {
        if (*p == 'r')
          perms |= 0444;
        else if (*p == 'w')
          perms |= 0222;
        else if (*p == 'x')
          perms |= 0111;
        else if (*p == 'X')
          perms |= is_dir || (orig & 0111) ? 0111 : 0;
        else if (*p == 's')
          perms |= S_ISUID | S_ISGID;
        else if (*p == 't')
          perms |= S_ISVTX;
        else
          break;
      }
    }
    perms &= affected;
    if (op == '+') {
      *m |= perms;
    } else if (op == '-') {
      *m &= ~perms;
    } else {
      mode_t clear = who_given ? who : mode_t(07777);
      if (is_dir) clear &= ~mode_t(S_ISUID | S_ISGID);  // as chmod(1): kept unless named
      *m = (*m & ~clear) | perms;
    }
  }
  return p;
}

// A symbolic mode ("u+x,go-w") or octal digits applied to the mode of ST.
static mode_t symbolic_mode(val mode, const struct stat &st, const char *self) {
  std::u32string text = u32(mode);
  if (text.empty()) bad_symbolic_mode(mode, self);
  if (text.find_first_not_of(U"01234567") == std::u32string::npos) {
    if (text.size() > 4) bad_symbolic_mode(mode, self);
    mode_t m = 0;
    for (char32_t c : text) m = mode_t(m * 8 + (c - '0'));
    return m;
  }
  mode_t m = st.st_mode & 07777, mask = current_umask();
  bool is_dir = S_ISDIR(st.st_mode);
  const char32_t *p = text.c_str();
  for (;;) {
    p = apply_mode_clause(p, &m, is_dir, mask, mode, self);
    if (!*p) break;
    if (*p++ != ',') bad_symbolic_mode(mode, self);
  }
  return m;
}

static val bi_chmod(const Args &a) {
  FsTarget t = fs_target(a[0], a.name());
  mode_t m;
  if (stringp(a[1])) {
    struct stat st;
    int rc = t.fd >= 0 ? fstat(t.fd, &st) : stat(t.path.c_str(), &st);
    if (rc < 0) file_err(a.name(), "cannot stat", a[0], errno);
    m = symbolic_mode(a[1], st, a.name());
  } else {
    m = mode_t(c_int_range(a[1], 0, 07777, a.name()));
  }
  int rc = t.fd >= 0 ? fchmod(t.fd, m) : chmod(t.path.c_str(), m);
  if (rc < 0) file_err(a.name(), "cannot change the mode of", a[0], errno);
  return s_t;
}

static val do_chown(const Args &a, bool no_follow) {
  FsTarget t = fs_target(a[0], a.name());
  uid_t uid = uid_t(c_int_range(a[1], -1, UINT32_MAX, a.name()));
  gid_t gid = gid_t(c_int_range(a[2], -1, UINT32_MAX, a.name()));
  int rc = t.fd >= 0   ? fchown(t.fd, uid, gid)
           : no_follow ? lchown(t.path.c_str(), uid, gid)
                       : chown(t.path.c_str(), uid, gid);
  if (rc < 0) file_err(a.name(), "cannot change the owner of", a[0], errno);
  return s_t;
}

static val bi_chown(const Args &a) { return do_chown(a, false); }
static val bi_lchown(const Args &a) { return do_chown(a, true); }

// ---- timestamps --------------------------------------------------------------------------------

// nsec nil: leave the time alone; t: now; else seconds and nanoseconds.
static struct timespec time_arg(val sec, val nsec, const char *self) {
  if (!nsec) return {0, UTIME_OMIT};
  if (nsec == s_t) return {0, UTIME_NOW};
  return {time_t(c_int64(sec, self)), long(c_int_range(nsec, 0, 999999999, self))};
}

static val do_utimes(const Args &a, bool no_follow) {
  FsTarget t = fs_target(a[0], a.name());
  struct timespec ts[2] = {time_arg(a[1], a[2], a.name()), time_arg(a[3], a[4], a.name())};
  int rc =
      t.fd >= 0 ? futimens(t.fd, ts) : utimensat(AT_FDCWD, t.path.c_str(), ts, no_follow ? AT_SYMLINK_NOFOLLOW : 0);
  if (rc < 0) file_err(a.name(), "cannot set the times of", a[0], errno);
  return s_t;
}

static val bi_utimes(const Args &a) { return do_utimes(a, false); }
static val bi_lutimes(const Args &a) { return do_utimes(a, true); }

// (touch path [ref-path]): create if missing; the modification time becomes
// now, or that of ref-path.
static val bi_touch(const Args &a) {
  std::string p = path_utf8(a[0], a.name());
  struct timespec ts[2] = {{0, UTIME_OMIT}, {0, UTIME_NOW}};
  if (!absent(a[1])) {
    struct stat rs;
    if (stat(path_utf8(a[1], a.name()).c_str(), &rs) < 0) file_err(a.name(), "cannot stat", a[1], errno);
    ts[1] = rs.st_mtim;
  }
  int fd = open(p.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY, 0666);
  if (fd < 0 && errno == EISDIR) fd = open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) file_err(a.name(), "cannot open", a[0], errno);
  int rc = futimens(fd, ts), eno = errno;
  close(fd);
  if (rc < 0) file_err(a.name(), "cannot set the time of", a[0], eno);
  return s_t;
}

// ---- device nodes, links ------------------------------------------------------------------------

static val bi_makedev(const Args &a) {
  return mkuint(makedev(unsigned(c_int_range(a[0], 0, UINT32_MAX, a.name())),
                        unsigned(c_int_range(a[1], 0, UINT32_MAX, a.name()))));
}
static val bi_major(const Args &a) { return mkuint(major(dev_t(c_uint64(a[0], a.name())))); }
static val bi_minor(const Args &a) { return mkuint(minor(dev_t(c_uint64(a[0], a.name())))); }

static val bi_mknod(const Args &a) {
  mode_t m = mode_t(c_int_range(a[1], 0, UINT32_MAX, a.name()));
  dev_t d = absent(a[2]) ? 0 : dev_t(c_uint64(a[2], a.name()));
  if (mknod(path_utf8(a[0], a.name()).c_str(), m, d) < 0) file_err(a.name(), "cannot make", a[0], errno);
  return s_t;
}

static val bi_mkfifo(const Args &a) {
  mode_t m = mode_t(c_int_range(a[1], 0, 07777, a.name()));
  if (mkfifo(path_utf8(a[0], a.name()).c_str(), m) < 0) file_err(a.name(), "cannot make", a[0], errno);
  return s_t;
}

static val bi_symlink(const Args &a) {
  if (symlink(path_utf8(a[0], a.name()).c_str(), path_utf8(a[1], a.name()).c_str()) < 0)
    file_err2(a.name(), "cannot link", a[1], a[0], errno);
  return s_t;
}

static val do_link(const Args &a, int flags) {
  if (linkat(AT_FDCWD, path_utf8(a[0], a.name()).c_str(), AT_FDCWD, path_utf8(a[1], a.name()).c_str(), flags) < 0)
    file_err2(a.name(), "cannot link", a[1], a[0], errno);
  return s_t;
}

static val bi_link(const Args &a) { return do_link(a, 0); }
static val bi_rlink(const Args &a) { return do_link(a, AT_SYMLINK_FOLLOW); }

static val bi_readlink(const Args &a) {
  std::string p = path_utf8(a[0], a.name());
  std::string buf(256, '\0');
  for (;;) {
    ssize_t n = readlink(p.c_str(), buf.data(), buf.size());
    if (n < 0) file_err(a.name(), "cannot read the link", a[0], errno);
    if (size_t(n) < buf.size()) return mkstr_utf8(std::string_view(buf.data(), size_t(n)));
    buf.resize(buf.size() * 2);
  }
}

static val bi_realpath(const Args &a) {
  char *r = realpath(path_utf8(a[0], a.name()).c_str(), nullptr);
  if (!r) return nullptr;
  val out = mkstr_utf8(r);
  free(r);
  return out;
}

// ---- directories -------------------------------------------------------------------------------

static mode_t dir_mode(val v, const char *self) { return absent(v) ? 0777 : mode_t(c_int_range(v, 0, 07777, self)); }

static val bi_mkdir(const Args &a) {
  if (mkdir(path_utf8(a[0], a.name()).c_str(), dir_mode(a[1], a.name())) < 0)
    file_err(a.name(), "cannot make the directory", a[0], errno);
  return s_t;
}

// mkdir -p: t when the directory was made, nil when it was already there.
static val bi_ensure_dir(const Args &a) {
  std::string p = path_utf8(a[0], a.name());
  mode_t m = dir_mode(a[1], a.name());
  if (mkdir(p.c_str(), m) == 0) return s_t;
  struct stat st;
  if (errno == EEXIST) {
    if (stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return nullptr;
    file_err(a.name(), "cannot make the directory", a[0], EEXIST);
  }
  if (errno != ENOENT) file_err(a.name(), "cannot make the directory", a[0], errno);
  // Make the parents, then this one.
  for (size_t i = 1; i < p.size(); ++i) {
    if (p[i] != '/' || p[i - 1] == '/') continue;
    std::string parent = p.substr(0, i);
    if (mkdir(parent.c_str(), m) < 0 && errno != EEXIST)
      file_err(a.name(), "cannot make the directory", mkstr_utf8(parent), errno);
  }
  if (mkdir(p.c_str(), m) < 0) {
    if (errno == EEXIST && stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return s_t;
    file_err(a.name(), "cannot make the directory", a[0], errno);
  }
  return s_t;
}

static val bi_rmdir(const Args &a) {
  if (rmdir(path_utf8(a[0], a.name()).c_str()) < 0) file_err(a.name(), "cannot remove the directory", a[0], errno);
  return s_t;
}

// A missing object is nil unless throw-on-error-p.
static val bi_remove_path(const Args &a) {
  if (remove(path_utf8(a[0], a.name()).c_str()) < 0) {
    if (errno == ENOENT && absent(a[1])) return nullptr;
    file_err(a.name(), "cannot remove", a[0], errno);
  }
  return s_t;
}

static val bi_rename_path(const Args &a) {
  if (rename(path_utf8(a[0], a.name()).c_str(), path_utf8(a[1], a.name()).c_str()) < 0)
    file_err2(a.name(), "cannot rename", a[0], a[1], errno);
  return s_t;
}

static val bi_chdir(const Args &a) {
  FsTarget t = fs_target(a[0], a.name());
  int rc = t.fd >= 0 ? fchdir(t.fd) : chdir(t.path.c_str());
  if (rc < 0) file_err(a.name(), "cannot change to", a[0], errno);
  return s_t;
}

static val bi_pwd(const Args &a) {
  std::string buf(256, '\0');
  while (!getcwd(buf.data(), buf.size())) {
    if (errno != ERANGE) errno_err(s_file_error, a.name(), "getcwd failed", errno);
    buf.resize(buf.size() * 2);
  }
  return mkstr_utf8(buf.c_str());
}

// ---- temporary files ----------------------------------------------------------------------------

static val bi_mkdtemp(const Args &a) {
  std::string t = path_utf8(a[0], a.name()) + "XXXXXX";
  if (!mkdtemp(t.data())) file_err(a.name(), "cannot make a directory from", a[0], errno);
  return mkstr_utf8(t);
}

// A stream open "w+b" on a new file; its :name property is the file name.
static val bi_mkstemp(const Args &a) {
  std::string suffix = absent(a[1]) ? std::string() : path_utf8(a[1], a.name());
  std::string t = path_utf8(a[0], a.name()) + "XXXXXX" + suffix;
  int fd = mkostemps(t.data(), int(suffix.size()), O_CLOEXEC);
  if (fd < 0) file_err(a.name(), "cannot make a file from", a[0], errno);
  OpenMode m = parse_open_mode(mkstr(U"w+b"), "r", a.name());
  return make_fd_stream(gc_new<FdStream>(fd, true, true, true), m, mkstr_utf8(t));
}

// An anonymous file (O_TMPFILE) in the temporary directory, open "w+b".
static val bi_tmpfile(const Args &a) {
  const char *dir = getenv("TMPDIR");
  if (!dir || !*dir) dir = "/tmp";
  int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) file_err(a.name(), "cannot make a temporary file in", mkstr_utf8(dir), errno);
  OpenMode m = parse_open_mode(mkstr(U"w+b"), "r", a.name());
  return make_fd_stream(gc_new<FdStream>(fd, true, true, true), m, nullptr);
}

static const BuiltinDef fs_builtins[] = {
    {"stat", 1, 1, false, bi_stat},
    {"fstat", 1, 1, false, bi_stat},
    {"lstat", 1, 1, false, bi_lstat},
    {"umask", 0, 1, false, bi_umask},
    {"chmod", 2, 0, false, bi_chmod},
    {"chown", 3, 0, false, bi_chown},
    {"lchown", 3, 0, false, bi_lchown},
    {"utimes", 5, 0, false, bi_utimes},
    {"lutimes", 5, 0, false, bi_lutimes},
    {"touch", 1, 1, false, bi_touch},
    {"makedev", 2, 0, false, bi_makedev},
    {"major", 1, 0, false, bi_major},
    {"minor", 1, 0, false, bi_minor},
    {"mknod", 2, 1, false, bi_mknod},
    {"mkfifo", 2, 0, false, bi_mkfifo},
    {"symlink", 2, 0, false, bi_symlink},
    {"link", 2, 0, false, bi_link},
    {"rlink", 2, 0, false, bi_rlink},
    {"readlink", 1, 0, false, bi_readlink},
    {"realpath", 1, 0, false, bi_realpath},
    {"mkdir", 1, 1, false, bi_mkdir},
    {"ensure-dir", 1, 1, false, bi_ensure_dir},
    {"rmdir", 1, 0, false, bi_rmdir},
    {"remove-path", 1, 1, false, bi_remove_path},
    {"rename-path", 2, 0, false, bi_rename_path},
    {"chdir", 1, 0, false, bi_chdir},
    {"pwd", 0, 0, false, bi_pwd},
    {"mkdtemp", 1, 0, false, bi_mkdtemp},
    {"mkstemp", 1, 1, false, bi_mkstemp},
    {"tmpfile", 0, 0, false, bi_tmpfile},
};

void init_fs() {
  sym_stat = intern("stat");
  static const char *slot_names[17] = {"dev",   "ino",        "mode",    "nlink",      "uid",   "gid",
                                       "rdev",  "size",       "blksize", "blocks",     "atime", "atime-nsec",
                                       "mtime", "mtime-nsec", "ctime",   "ctime-nsec", "path"};
  for (int i = 0; i < 17; ++i) stat_slots[i] = intern(slot_names[i]);
  stat_maker.type = sym_stat;
  stat_maker.names = stat_slots;
  stat_maker.n = 17;
  static const struct {
    const char *name;
    int value;
  } consts[] = {
      {"s-ifmt", S_IFMT},   {"s-ifsock", S_IFSOCK}, {"s-iflnk", S_IFLNK}, {"s-ifreg", S_IFREG}, {"s-ifblk", S_IFBLK},
      {"s-ifdir", S_IFDIR}, {"s-ifchr", S_IFCHR},   {"s-ififo", S_IFIFO}, {"s-isuid", S_ISUID}, {"s-isgid", S_ISGID},
      {"s-isvtx", S_ISVTX}, {"s-irwxu", S_IRWXU},   {"s-irusr", S_IRUSR}, {"s-iwusr", S_IWUSR}, {"s-ixusr", S_IXUSR},
      {"s-irwxg", S_IRWXG}, {"s-irgrp", S_IRGRP},   {"s-iwgrp", S_IWGRP}, {"s-ixgrp", S_IXGRP}, {"s-irwxo", S_IRWXO},
      {"s-iroth", S_IROTH}, {"s-iwoth", S_IWOTH},   {"s-ixoth", S_IXOTH},
  };
  for (auto &c : consts) defvar_builtin(c.name, mkfix(c.value), false);
  register_builtins(fs_builtins);
}

}  // namespace tine
