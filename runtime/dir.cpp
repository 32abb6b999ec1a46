// Directories: open-directory streams, opendir/readdir/closedir with
// dirent structures, dirstat, ftw (a walk of our own with nftw's
// semantics), glob and glob* (brace expansion and **), fnmatch.
#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "fs.hpp"
#include "stream.hpp"

namespace tine {

static val sym_dirent, slot_name, slot_ino, slot_type;

// ---- directory streams -------------------------------------------------------------------

// open-directory's stream (get-line gives entry names) and opendir's
// handle (readdir gives dirent structures); "." and ".." are skipped.
struct DirStream : Stream {
  DIR *dir;
  std::string prefix;  // opendir's prefix-p: names come back as paths
  bool with_prefix = false, is_handle = false;
  size_t pos = 0;
  std::string pending;  // the rest of a name being read by get-char

  explicit DirStream(DIR *d) : dir(d) {}
  const char *kind_name() const override { return is_handle ? "dir" : "dir-stream"; }
  int fd() const override { return dir ? dirfd(dir) : -1; }

  struct dirent *next_entry() {
    if (!dir) return nullptr;
    for (;;) {
      errno = 0;
      struct dirent *e = readdir(dir);
      if (!e) {
        if (errno) err = errno;
        return nullptr;
      }
      if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) return e;
    }
  }

  // Each entry reads as a line.
  int get_byte() override {
    if (pos < pending.size()) return uint8_t(pending[pos++]);
    struct dirent *e = next_entry();
    if (!e) return -1;
    pending.assign(e->d_name);
    pending.push_back('\n');
    pos = 0;
    return uint8_t(pending[pos++]);
  }

  bool close() override {
    if (closed) return true;
    closed = true;
    bool ok = !dir || closedir(dir) == 0;
    dir = nullptr;
    return ok;
  }
};

static DIR *open_dir_checked(val path, const char *self) {
  std::string p = path_utf8(path, self);
  DIR *d = opendir(p.c_str());
  if (!d && retry_for_descriptors(errno)) d = opendir(p.c_str());
  if (!d) file_err(self, "cannot open the directory", path, errno);
  return d;
}

static val bi_open_directory(const Args &a) {
  DirStream *s = gc_new<DirStream>(open_dir_checked(a[0], a.name()));
  s->name = a[0];
  return make_stream_obj(s);
}

static val bi_opendir(const Args &a) {
  DirStream *s = gc_new<DirStream>(open_dir_checked(a[0], a.name()));
  s->name = a[0];
  s->is_handle = true;
  if (!absent(a[1])) {
    s->with_prefix = true;
    s->prefix = path_utf8(a[0], a.name());
  }
  return make_stream_obj(s);
}

static DirStream *dir_handle(val v, const char *self) {
  DirStream *d = is(v, T::Stream) ? dynamic_cast<DirStream *>(stream_checked(v, self)) : nullptr;
  if (!d || !d->is_handle) type_err(self, v, "a directory handle (from opendir)");
  return d;
}

static val dt_type(unsigned char t) { return t == DT_UNKNOWN ? nullptr : mkfix(t); }

// At the end, the handle is closed and the result is nil.
static val bi_readdir(const Args &a) {
  DirStream *d = dir_handle(a[0], a.name());
  struct dirent *e = d->next_entry();
  if (!e) {
    d->close();
    return nullptr;
  }
  std::string name = e->d_name;
  if (d->with_prefix)
    name = d->prefix.empty() ? name : d->prefix.back() == '/' ? d->prefix + name : d->prefix + "/" + name;
  val n = mkstr_utf8(name), ino = mkuint(e->d_ino), type = dt_type(e->d_type);
  if (absent(a[1])) return make_sys_struct(sym_dirent, {{slot_name, n}, {slot_ino, ino}, {slot_type, type}}, a.name());
  sys_struct_set_slot(a[1], slot_name, n, a.name());
  sys_struct_set_slot(a[1], slot_ino, ino, a.name());
  sys_struct_set_slot(a[1], slot_type, type, a.name());
  return a[1];
}

static val bi_closedir(const Args &a) {
  DirStream *d = dir_handle(a[0], a.name());
  if (d->closed) return nullptr;
  d->close();
  return s_t;
}

static unsigned char mode_dt(mode_t m) {
  switch (m & S_IFMT) {
    case S_IFREG: return DT_REG;
    case S_IFDIR: return DT_DIR;
    case S_IFLNK: return DT_LNK;
    case S_IFCHR: return DT_CHR;
    case S_IFBLK: return DT_BLK;
    case S_IFIFO: return DT_FIFO;
    case S_IFSOCK: return DT_SOCK;
    default: return DT_UNKNOWN;
  }
}

// (dirstat dirent [dir-path [struct]]): lstat the entry and fill its type.
static val bi_dirstat(const Args &a) {
  val name = sys_struct_slot(a[0], slot_name, a.name());
  std::string path = path_utf8(name, a.name());
  if (!absent(a[1])) {
    std::string d = path_utf8(a[1], a.name());
    path = d.empty() ? path : d.back() == '/' ? d + path : d + "/" + path;
  }
  struct stat st;
  val pv = mkstr_utf8(path);
  if (lstat(path.c_str(), &st) < 0) file_err(a.name(), "cannot stat", pv, errno);
  sys_struct_set_slot(a[0], slot_type, mkfix(mode_dt(st.st_mode)), a.name());
  val s = make_stat_struct(st, pv, a.name());
  if (absent(a[2])) return s;
  for (val slot :
       {intern("dev"), intern("ino"), intern("mode"), intern("nlink"), intern("uid"), intern("gid"), intern("rdev"),
        intern("size"), intern("blksize"), intern("blocks"), intern("atime"), intern("atime-nsec"), intern("mtime"),
        intern("mtime-nsec"), intern("ctime"), intern("ctime-nsec"), intern("path")})
    sys_struct_set_slot(a[2], slot, sys_struct_slot(s, slot, a.name()), a.name());
  return a[2];
}

// ---- ftw ---------------------------------------------------------------------------------------

// A walk with nftw's flags, types and callback arguments, written here so
// that a callback's non-local exit unwinds through C++ (no descriptors or
// memory left behind in the C library).
struct Walk {
  val fn;
  int flags;
  dev_t root_dev = 0;
  const char *self;
  bool in_walk = false;
};

enum class WalkAction { Continue, Stop, SkipSubtree, SkipSiblings };

struct WalkStop {
  val result;
};

static WalkAction callback(Walk &w, const std::string &path, int type, const struct stat *st, int level, int base) {
  val sv = st ? make_stat_struct(*st, nullptr, w.self) : nullptr;
  val args[5] = {mkstr_utf8(path), mkfix(type), sv, mkfix(level), mkfix(base)};
  val r = funcall(w.fn, args, 5);
  if (!integerp(r)) return WalkAction::Continue;
  int64_t code = c_int_range(r, INT_MIN, INT_MAX, w.self);
  if (w.flags & FTW_ACTIONRETVAL) {
    switch (code) {
      case FTW_CONTINUE: return WalkAction::Continue;
      case FTW_SKIP_SUBTREE: return WalkAction::SkipSubtree;
      case FTW_SKIP_SIBLINGS: return WalkAction::SkipSiblings;
      case FTW_STOP: throw WalkStop{r};
      default: return WalkAction::Continue;
    }
  }
  if (code == -1) file_err(w.self, "the callback failed at", mkstr_utf8(path), errno ? errno : EIO);
  if (code != 0) throw WalkStop{r};
  return WalkAction::Continue;
}

struct DirCloser {
  DIR *d;
  ~DirCloser() {
    if (d) closedir(d);
  }
};

// Visit PATH (whose base name starts at BASE) at LEVEL; NAME is the same
// object relative to directory descriptor AT (stat and open need no path
// lookup from the root).  SKIP tells the parent to stop reading its
// siblings.
static void walk(Walk &w, int at, const char *name, const std::string &path, int base, int level, bool *skip_siblings) {
  struct stat st;
  bool phys = w.flags & FTW_PHYS;
  if (fstatat(at, name, &st, phys ? AT_SYMLINK_NOFOLLOW : 0) < 0) {
    // A dangling symbolic link followed by stat is FTW_SLN.
    if (!phys && fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
      if (callback(w, path, FTW_SLN, &st, level, base) == WalkAction::SkipSiblings) *skip_siblings = true;
      return;
    }
    if (level == 0) file_err(w.self, "cannot walk", mkstr_utf8(path), errno);
    if (callback(w, path, FTW_NS, nullptr, level, base) == WalkAction::SkipSiblings) *skip_siblings = true;
    return;
  }
  if (level == 0) w.root_dev = st.st_dev;
  if ((w.flags & FTW_MOUNT) && st.st_dev != w.root_dev) return;
  if (!S_ISDIR(st.st_mode)) {
    int type = S_ISLNK(st.st_mode) ? FTW_SL : FTW_F;
    if (callback(w, path, type, &st, level, base) == WalkAction::SkipSiblings) *skip_siblings = true;
    return;
  }
  int dfd = openat(at, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *d = dfd < 0 ? nullptr : fdopendir(dfd);
  if (!d) {
    if (dfd >= 0) close(dfd);
    if (callback(w, path, FTW_DNR, &st, level, base) == WalkAction::SkipSiblings) *skip_siblings = true;
    return;
  }
  DirCloser closer{d};
  bool depth = w.flags & FTW_DEPTH;
  if (!depth) {
    WalkAction act = callback(w, path, FTW_D, &st, level, base);
    if (act == WalkAction::SkipSiblings) *skip_siblings = true;
    if (act != WalkAction::Continue) return;
  }
  std::string prefix = path == "/" ? path : path + "/";
  struct CwdRestore {  // ftw-chdir: the children are visited from inside
    int fd = -1;
    ~CwdRestore() {
      if (fd >= 0) {
        if (fchdir(fd) < 0) { /* nothing more can be done here */
        }
        close(fd);
      }
    }
  } restore;
  if (w.flags & FTW_CHDIR) {
    restore.fd = open(".", O_RDONLY | O_CLOEXEC);
    if (fchdir(dirfd(d)) < 0) file_err(w.self, "cannot change to", mkstr_utf8(path), errno);
  }
  std::vector<std::string> names;  // read first: the callback may change the directory
  while (struct dirent *e = readdir(d))
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) names.emplace_back(e->d_name);
  // Deep trees do not keep a descriptor per level open: past 128 levels
  // the children are reached by their whole path.
  bool by_path = level >= 128;
  if (by_path) {
    closedir(d);
    closer.d = nullptr;
  }
  for (const std::string &n : names) {
    bool stop = false;
    std::string child = prefix + n;
    if (by_path)
      walk(w, AT_FDCWD, child.c_str(), child, int(prefix.size()), level + 1, &stop);
    else
      walk(w, dirfd(d), n.c_str(), child, int(prefix.size()), level + 1, &stop);
    if (stop) break;
  }
  if (depth && callback(w, path, FTW_DP, &st, level, base) == WalkAction::SkipSiblings) *skip_siblings = true;
}

static val ftw_one(Walk &w, val root) {
  std::string p = path_utf8(root, w.self);
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  size_t slash = p.rfind('/');
  int base = slash == std::string::npos || p == "/" ? 0 : int(slash + 1);
  bool skip = false;
  try {
    walk(w, AT_FDCWD, p.c_str(), p, base, 0, &skip);
  } catch (const WalkStop &s) {
    return s.result;
  }
  return s_t;
}

// (ftw path-or-list callback [flags [nopenfd]])
static val bi_ftw(const Args &a) {
  Walk w{fun_checked(a[1], a.name()), absent(a[2]) ? FTW_PHYS : int(c_int_range(a[2], 0, INT_MAX, a.name())), 0,
         a.name()};
  if (!absent(a[3])) c_int_range(a[3], 1, INT_MAX, a.name());
  if (stringp(a[0])) return ftw_one(w, a[0]);
  val result = s_t, any_t = nullptr;
  for (val l = a[0]; l; l = cdr(l)) {
    if (!consp(l)) type_err(a.name(), a[0], "a path or a list of paths");
    val r = ftw_one(w, car(l));
    if (r && r != s_t) return r;
    if (r) any_t = s_t;
  }
  return !a[0] ? result : any_t;
}

// ---- glob ----------------------------------------------------------------------------------------

static val glob_errfun;              // the callback of the glob in progress
static std::exception_ptr glob_exc;  // what it threw, rethrown after globfree

static int glob_error_tramp(const char *path, int eno) {
  if (glob_exc) return 1;
  try {
    return funcall2(glob_errfun, mkstr_utf8(path), mkfix(eno)) ? 1 : 0;
  } catch (...) {
    glob_exc = std::current_exception();
    return 1;
  }
}

// Matches of each pattern appended to OUT, in glob's order.
static void glob_into(const std::vector<std::string> &patterns, int flags, val errfun, std::vector<std::string> *out,
                      const char *self) {
  if (glob_errfun) errorf(s_error, "~a: called again from its error function", self);
  glob_t g;
  memset(&g, 0, sizeof g);
  glob_errfun = errfun;
  glob_exc = nullptr;
  int f = flags;
  for (const std::string &p : patterns) {
    int rc = glob(p.c_str(), f, errfun ? glob_error_tramp : nullptr, &g);
    f |= GLOB_APPEND;
    if (rc != 0 && rc != GLOB_NOMATCH) break;
  }
  glob_errfun = nullptr;
  for (size_t i = 0; i < g.gl_pathc; ++i) out->emplace_back(g.gl_pathv[i]);
  globfree(&g);
  if (glob_exc) {
    std::exception_ptr e = glob_exc;
    glob_exc = nullptr;
    std::rethrow_exception(e);
  }
}

static std::vector<std::string> pattern_args(val v, const char *self) {
  std::vector<std::string> out;
  if (stringp(v)) {
    out.push_back(utf8(v));
    return out;
  }
  SeqIter it(v, self);
  for (val p; it.next(&p);) out.push_back(path_utf8(p, self));
  return out;
}

static val string_list(const std::vector<std::string> &v) {
  val out = nullptr;
  for (size_t i = v.size(); i > 0; --i) out = cons(mkstr_utf8(v[i - 1]), out);
  return out;
}

static val bi_glob(const Args &a) {
  int flags = absent(a[1]) ? 0 : int(c_int_range(a[1], 0, INT_MAX, a.name()));
  val errfun = absent(a[2]) ? nullptr : fun_checked(a[2], a.name());
  std::vector<std::string> out;
  glob_into(pattern_args(a[0], a.name()), flags & ~GLOB_APPEND, errfun, &out, a.name());
  return string_list(out);
}

constexpr int GLOB_XNOBRACE = 1 << 30;  // glob*: no brace expansion

// Brace expansion: "x{a,{b,c}y}z" -> xaz xbyz xcyz; backslashes escape and
// are kept.
static std::vector<std::string> expand_braces(const std::string &p) {
  size_t open = std::string::npos, depth = 0;
  std::vector<size_t> commas;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\') {
      ++i;
      continue;
    }
    if (p[i] == '{') {
      if (depth++ == 0) open = i, commas.clear();
    } else if (p[i] == '}' && depth > 0) {
      if (--depth == 0) {
        std::string head = p.substr(0, open), tail = p.substr(i + 1);
        std::vector<std::string> out;
        size_t start = open + 1;
        commas.push_back(i);
        for (size_t c : commas) {
          for (const std::string &alt : expand_braces(p.substr(start, c - start)))
            for (const std::string &rest : expand_braces(tail)) out.push_back(head + alt + rest);
          start = c + 1;
        }
        return out;
      }
    } else if (p[i] == ',' && depth == 1) {
      commas.push_back(i);
    }
  }
  return {p};
}

// Each "**" component becomes 0 to 10 "*" components (48 in all).
static void expand_double_star(const std::vector<std::string> &comps, size_t i, std::string acc, int used, bool rooted,
                               std::vector<std::string> *out) {
  if (i == comps.size()) {
    out->push_back(acc);
    return;
  }
  auto join = [](std::string a, const std::string &c) { return a.empty() ? c : a + "/" + c; };
  if (comps[i] != "**") {
    std::string next = i == 0 && rooted ? "/" + comps[i] : join(acc, comps[i]);
    if (i == 0 && rooted && comps[i].empty()) next = "/";
    expand_double_star(comps, i + 1, next, used, rooted, out);
    return;
  }
  bool last = i + 1 == comps.size();
  for (int k = 0; k <= 10 && used + k <= 48; ++k) {
    std::string a = acc;
    for (int j = 0; j < k; ++j) a = join(a, "*");
    if (k == 0 && last) {
      if (acc.empty()) continue;  // "**" alone matches nothing at depth zero
      a += "/";                   // "dir/**" includes "dir/"
    }
    if (k == 0 && !last && !acc.empty()) {
      // "a/**/b" with nothing in between is "a/b".
      expand_double_star(comps, i + 1, acc, used, rooted, out);
      continue;
    }
    expand_double_star(comps, i + 1, a, used + k, rooted, out);
  }
}

static std::vector<std::string> double_star_patterns(const std::string &p) {
  std::vector<std::string> comps;
  size_t s = 0;
  for (size_t i = 0; i <= p.size(); ++i)
    if (i == p.size() || p[i] == '/') {
      comps.push_back(p.substr(s, i - s));
      s = i + 1;
    }
  if (std::find(comps.begin(), comps.end(), "**") == comps.end()) return {p};
  bool rooted = !p.empty() && p[0] == '/';
  if (rooted) comps.erase(comps.begin());
  std::vector<std::string> out;
  expand_double_star(comps, 0, rooted ? "/" : "", 0, false, &out);
  // Joining onto "/" gives "//x": collapse that.
  for (std::string &o : out)
    if (o.rfind("//", 0) == 0) o.erase(0, 1);
  return out;
}

// "/" sorts before every other character.
static bool path_less(const std::string &a, const std::string &b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    if (a[i] == b[i]) continue;
    if (a[i] == '/') return true;
    if (b[i] == '/') return false;
    return uint8_t(a[i]) < uint8_t(b[i]);
  }
  return a.size() < b.size();
}

static val bi_glob_star(const Args &a) {
  int flags = absent(a[1]) ? 0 : int(c_int_range(a[1], 0, INT_MAX, a.name()));
  val errfun = absent(a[2]) ? nullptr : fun_checked(a[2], a.name());
  std::vector<std::string> out;
  for (const std::string &given : pattern_args(a[0], a.name())) {
    std::vector<std::string> braced = flags & GLOB_XNOBRACE ? std::vector<std::string>{given} : expand_braces(given);
    for (const std::string &b : braced) {
      std::vector<std::string> found;
      glob_into(double_star_patterns(b), (flags & ~GLOB_XNOBRACE & ~GLOB_APPEND) | GLOB_NOSORT, errfun, &found,
                a.name());
      if (!(flags & GLOB_NOSORT)) std::sort(found.begin(), found.end(), path_less);
      found.erase(std::unique(found.begin(), found.end()), found.end());
      out.insert(out.end(), found.begin(), found.end());
    }
  }
  return string_list(out);
}

static val bi_fnmatch(const Args &a) {
  int flags = absent(a[2]) ? 0 : int(c_int_range(a[2], 0, INT_MAX, a.name()));
  int rc = fnmatch(path_utf8(a[0], a.name()).c_str(), path_utf8(a[1], a.name()).c_str(), flags);
  if (rc == 0) return s_t;
  if (rc == FNM_NOMATCH) return nullptr;
  errorf(s_error, "~a: error matching ~s against ~s", a.name(), a[1], a[0]);
}

// get-dir-entries (tine): a directory's entry names, without . and .., as a list.
static val bi_get_dir_entries(const Args &a) {
  DIR *d = open_dir_checked(a[0], a.name());
  DirCloser closer{d};
  val out = nullptr;
  while (struct dirent *e = readdir(d))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) out = cons(mkstr_utf8(e->d_name), out);
  return nreverse(out);
}

static const BuiltinDef dir_builtins[] = {
    {"open-directory", 1, 0, false, bi_open_directory},
    {"opendir", 1, 1, false, bi_opendir},
    {"readdir", 1, 1, false, bi_readdir},
    {"closedir", 1, 0, false, bi_closedir},
    {"dirstat", 1, 2, false, bi_dirstat},
    {"ftw", 2, 2, false, bi_ftw},
    {"glob", 1, 2, false, bi_glob},
    {"glob*", 1, 2, false, bi_glob_star},
    {"fnmatch", 2, 1, false, bi_fnmatch},
    {"get-dir-entries", 1, 0, false, bi_get_dir_entries},
};

void init_dirs() {
  sym_dirent = intern("dirent");
  slot_name = intern("name");
  slot_ino = intern("ino");
  slot_type = intern("type");
  static const struct {
    const char *name;
    int value;
  } consts[] = {
      {"glob-err", GLOB_ERR},
      {"glob-mark", GLOB_MARK},
      {"glob-nosort", GLOB_NOSORT},
      {"glob-nocheck", GLOB_NOCHECK},
      {"glob-noescape", GLOB_NOESCAPE},
      {"glob-period", GLOB_PERIOD},
      {"glob-altdirfunc", GLOB_ALTDIRFUNC},
      {"glob-brace", GLOB_BRACE},
      {"glob-nomagic", GLOB_NOMAGIC},
      {"glob-tilde", GLOB_TILDE},
      {"glob-tilde-check", GLOB_TILDE_CHECK},
      {"glob-onlydir", GLOB_ONLYDIR},
      {"glob-xnobrace", GLOB_XNOBRACE},
      {"fnm-pathname", FNM_PATHNAME},
      {"fnm-noescape", FNM_NOESCAPE},
      {"fnm-period", FNM_PERIOD},
      {"fnm-leading-dir", FNM_LEADING_DIR},
      {"fnm-casefold", FNM_CASEFOLD},
      {"fnm-extmatch", FNM_EXTMATCH},
      {"ftw-phys", FTW_PHYS},
      {"ftw-mount", FTW_MOUNT},
      {"ftw-chdir", FTW_CHDIR},
      {"ftw-depth", FTW_DEPTH},
      {"ftw-actionretval", FTW_ACTIONRETVAL},
      {"ftw-f", FTW_F},
      {"ftw-d", FTW_D},
      {"ftw-dnr", FTW_DNR},
      {"ftw-ns", FTW_NS},
      {"ftw-sl", FTW_SL},
      {"ftw-dp", FTW_DP},
      {"ftw-sln", FTW_SLN},
      {"ftw-continue", FTW_CONTINUE},
      {"ftw-stop", FTW_STOP},
      {"ftw-skip-subtree", FTW_SKIP_SUBTREE},
      {"ftw-skip-siblings", FTW_SKIP_SIBLINGS},
      {"dt-blk", DT_BLK},
      {"dt-chr", DT_CHR},
      {"dt-dir", DT_DIR},
      {"dt-fifo", DT_FIFO},
      {"dt-lnk", DT_LNK},
      {"dt-reg", DT_REG},
      {"dt-sock", DT_SOCK},
      {"dt-unknown", DT_UNKNOWN},
  };
  for (auto &c : consts) defvar_builtin(c.name, mkfix(c.value), false);
  register_builtins(dir_builtins);
}

}  // namespace tine
