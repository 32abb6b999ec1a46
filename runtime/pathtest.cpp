// Tests on file system objects: existence and type (path-file-p ...),
// ownership and access for the calling process (path-readable-to-me-p ...),
// privacy (path-private-to-me-p, path-components-safe), timestamps
// (path-newer), identity (path-same-object) and path-search.
//
// Each test takes a path, a stream, a descriptor or a stat structure.
#include <dirent.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include "fs.hpp"

namespace tine {

// The object's stat, or false when it cannot be had (a test is then nil).
static bool probe(const Args &a, int i, struct stat *st, bool no_follow = false) {
  return probe_stat(a[i], st, no_follow, a.name());
}

template <bool (*P)(const struct stat &)>
static val type_test(const Args &a) {
  struct stat st;
  return boolv(probe(a, 0, &st) && P(st));
}

static bool any_object(const struct stat &) { return true; }
static bool is_reg(const struct stat &st) { return S_ISREG(st.st_mode); }
static bool is_dir(const struct stat &st) { return S_ISDIR(st.st_mode); }
static bool is_blk(const struct stat &st) { return S_ISBLK(st.st_mode); }
static bool is_chr(const struct stat &st) { return S_ISCHR(st.st_mode); }
static bool is_sock(const struct stat &st) { return S_ISSOCK(st.st_mode); }
static bool is_fifo(const struct stat &st) { return S_ISFIFO(st.st_mode); }
static bool is_setgid(const struct stat &st) { return st.st_mode & S_ISGID; }
static bool is_setuid(const struct stat &st) { return st.st_mode & S_ISUID; }
static bool is_sticky(const struct stat &st) { return st.st_mode & S_ISVTX; }
static bool is_mine(const struct stat &st) { return st.st_uid == getuid(); }

static val bi_path_symlink_p(const Args &a) {
  struct stat st;
  return boolv(probe(a, 0, &st, true) && S_ISLNK(st.st_mode));
}

static bool in_my_groups(gid_t g) {
  if (g == getgid()) return true;
  int n = getgroups(0, nullptr);
  if (n <= 0) return false;
  std::vector<gid_t> groups(static_cast<size_t>(n));
  n = getgroups(n, groups.data());
  for (int i = 0; i < n; ++i)
    if (groups[size_t(i)] == g) return true;
  return false;
}

static bool is_my_group(const struct stat &st) { return in_my_groups(st.st_gid); }

// Access for the real user, from the permission bits alone (the superuser
// reads and writes anything, and executes what has any execute bit or is a
// directory).
static bool can_access(const struct stat &st, mode_t want_user) {
  if (getuid() == 0) return !(want_user & S_IXUSR) || S_ISDIR(st.st_mode) || (st.st_mode & 0111);
  int shift = st.st_uid == getuid() ? 0 : in_my_groups(st.st_gid) ? 3 : 6;
  mode_t want = want_user >> shift;
  return (st.st_mode & want) == want;
}

static bool readable(const struct stat &st) { return can_access(st, S_IRUSR); }
static bool writable(const struct stat &st) { return can_access(st, S_IWUSR); }
static bool read_writable(const struct stat &st) { return can_access(st, S_IRUSR | S_IWUSR); }
static bool executable(const struct stat &st) { return can_access(st, S_IXUSR); }

// ---- privacy --------------------------------------------------------------------------------

// Whether group GID has a member other than OWNER and the superuser.
static bool group_has_others(gid_t gid, uid_t owner) {
  struct group *g = getgrgid(gid);
  if (!g) return true;
  struct passwd *pw = getpwuid(owner);
  std::string owner_name = pw ? pw->pw_name : "";
  for (char **m = g->gr_mem; m && *m; ++m)
    if (owner_name != *m && strcmp(*m, "root") != 0) return true;
  return false;
}

// 2: strictly private, 1: private, 0: neither (the manual's rules).
static int privacy(const struct stat &st) {
  uid_t me = geteuid();
  if (st.st_uid != me && st.st_uid != 0) return 0;
  if (st.st_mode & S_IWOTH) return 0;
  int level = st.st_mode & S_IROTH ? 1 : 2;
  if (st.st_mode & (S_IWGRP | S_IRGRP)) {
    bool others = group_has_others(st.st_gid, st.st_uid);
    if ((st.st_mode & S_IWGRP) && others) return 0;
    if ((st.st_mode & S_IRGRP) && others) level = 1;
  }
  return level;
}

static bool is_private(const struct stat &st) { return privacy(st) >= 1; }
static bool is_strictly_private(const struct stat &st) { return privacy(st) == 2; }

// path-components-safe: walk PATH a component at a time, following symbolic
// links ourselves, and require that no user other than the effective user
// and the superuser can change what any component means.

static bool owner_trusted(const struct stat &st) { return st.st_uid == geteuid() || st.st_uid == 0; }

// A directory whose entries cannot be replaced by others: writable only by
// trusted users, or sticky and owned by a trusted user (like /tmp).
enum class DirTrust { No, Yes, Sticky };
static DirTrust dir_trust(const struct stat &st) {
  if (!owner_trusted(st)) return DirTrust::No;
  bool others_write = (st.st_mode & S_IWOTH) || ((st.st_mode & S_IWGRP) && group_has_others(st.st_gid, st.st_uid));
  if (!others_write) return DirTrust::Yes;
  return st.st_mode & S_ISVTX ? DirTrust::Sticky : DirTrust::No;
}

static bool on_procfs(const std::string &dir) {
  struct statfs fs;
  return statfs(dir.c_str(), &fs) == 0 && fs.f_type == 0x9fa0;  // PROC_SUPER_MAGIC
}

// Links under /proc that lead somewhere other than their text says
// (/proc/PID/cwd, fd/N ...) have absolute or non-path targets.
static bool magic_proc_link(const std::string &dir, const std::string &target) {
  if (!on_procfs(dir)) return false;
  return target.empty() || target[0] == '/' || target.find(':') != std::string::npos;
}

static bool proc_special_dir(const std::string &dir, const std::string &name) {
  return name == "map_files" && on_procfs(dir);
}

static void split_into(std::deque<std::string> &q, const std::string &p, bool front) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string::npos) j = p.size();
    if (j > i) parts.push_back(p.substr(i, j - i));
    i = j + 1;
  }
  if (front)
    q.insert(q.begin(), parts.begin(), parts.end());
  else
    q.insert(q.end(), parts.begin(), parts.end());
}

static std::string parent_of(const std::string &d) {
  if (d == "/") return d;
  size_t s = d.rfind('/');
  if (s == std::string::npos) return d == "." ? ".." : ".";
  return s == 0 ? "/" : d.substr(0, s);
}

static val bi_path_components_safe(const Args &a) {
  std::string path = path_utf8(a[0], a.name());
  std::deque<std::string> q;
  std::string cur = !path.empty() && path[0] == '/' ? "/" : ".";
  split_into(q, path, false);
  int links = 0;
  struct stat st;
  if (stat(cur.c_str(), &st) < 0) file_err(a.name(), "cannot stat", mkstr_utf8(cur), errno);
  DirTrust trust = dir_trust(st);
  if (trust == DirTrust::No) return nullptr;
  while (!q.empty()) {
    std::string c = q.front();
    q.pop_front();
    if (c == ".") continue;
    if (c == "..") {
      cur = cur == "."                                                     ? ".."
            : cur.size() >= 2 && cur.compare(cur.size() - 2, 2, "..") == 0 ? cur + "/.."
                                                                           : parent_of(cur);
      if (stat(cur.c_str(), &st) < 0) file_err(a.name(), "cannot stat", mkstr_utf8(cur), errno);
      if ((trust = dir_trust(st)) == DirTrust::No) return nullptr;
      continue;
    }
    std::string next = cur == "/" ? "/" + c : cur + "/" + c;
    if (lstat(next.c_str(), &st) < 0) file_err(a.name(), "cannot stat", mkstr_utf8(next), errno);
    if (!owner_trusted(st) || proc_special_dir(cur, c)) return nullptr;
    if (S_ISLNK(st.st_mode)) {
      if (++links > 40) file_err(a.name(), "too many symbolic links in", a[0], ELOOP);
      std::string target(st.st_size > 0 ? size_t(st.st_size) + 1 : 4096, '\0');
      ssize_t n = readlink(next.c_str(), target.data(), target.size());
      if (n < 0) {
        // /proc's links to other processes' files may be unreadable: unsafe.
        if (on_procfs(cur)) return nullptr;
        file_err(a.name(), "cannot read the link", mkstr_utf8(next), errno);
      }
      target.resize(size_t(n));
      if (magic_proc_link(cur, target)) return nullptr;
      if (!target.empty() && target[0] == '/') {
        cur.assign(1, '/');  // (not = "/": GCC 12 warns wrongly)
        if (stat(cur.c_str(), &st) < 0 || (trust = dir_trust(st)) == DirTrust::No) return nullptr;
      }
      split_into(q, target, true);
      continue;
    }
    cur = next;
    if (S_ISDIR(st.st_mode)) {
      if ((trust = dir_trust(st)) == DirTrust::No) return nullptr;
    } else if ((st.st_mode & S_IWOTH) || !q.empty()) {
      if (!q.empty()) file_err(a.name(), "not a directory:", mkstr_utf8(next), ENOTDIR);
      return nullptr;
    }
  }
  return s_t;
}

// ---- timestamps, identity ----------------------------------------------------------------------

static bool mtime_after(const struct stat &l, const struct stat &r) {
  if (l.st_mtim.tv_sec != r.st_mtim.tv_sec) return l.st_mtim.tv_sec > r.st_mtim.tv_sec;
  return l.st_mtim.tv_nsec > r.st_mtim.tv_nsec;
}

// t when LEFT exists, and RIGHT does not or is older.
static val path_newer(const Args &a, int left, int right) {
  struct stat l, r;
  if (!probe(a, left, &l)) return nullptr;
  if (!probe(a, right, &r)) return s_t;
  return boolv(mtime_after(l, r));
}

static val bi_path_newer(const Args &a) { return path_newer(a, 0, 1); }
static val bi_path_older(const Args &a) { return path_newer(a, 1, 0); }

static val bi_path_same_object(const Args &a) {
  struct stat l, r;
  return boolv(probe(a, 0, &l) && probe(a, 1, &r) && l.st_dev == r.st_dev && l.st_ino == r.st_ino);
}

static val bi_path_dir_empty(const Args &a) {
  struct stat st;
  if (!probe(a, 0, &st) || !S_ISDIR(st.st_mode)) return nullptr;
  DIR *d = opendir(path_utf8(a[0], a.name()).c_str());
  if (!d) return nullptr;
  bool empty = true;
  while (struct dirent *e = readdir(d))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
      empty = false;
      break;
    }
  closedir(d);
  return boolv(empty);
}

// (path-search name [search-path]): the first DIR/NAME that exists.
static val bi_path_search(const Args &a) {
  std::u32string_view name = sv(str_checked(a[0], a.name()));
  if (name.empty() || name == U"." || name == U"..") return nullptr;
  if (name.find(U'/') != std::u32string_view::npos) return a[0];
  std::vector<std::string> dirs;
  val sp = a[1];
  if (missing(sp)) {
    const char *env = getenv("PATH");
    sp = env ? mkstr_utf8(env) : nullptr;
  }
  if (stringp(sp)) {
    std::string s = utf8(sp);
    size_t i = 0;
    while (i <= s.size()) {
      size_t j = s.find(':', i);
      if (j == std::string::npos) j = s.size();
      dirs.push_back(s.substr(i, j - i));
      i = j + 1;
    }
  } else {
    for (val l = sp; l; l = cdr(l)) {
      if (!consp(l)) type_err(a.name(), sp, "a string or a list of strings");
      dirs.push_back(path_utf8(car(l), a.name()));
    }
  }
  std::string base = utf8_encode(name);
  for (const std::string &d : dirs) {
    if (d.empty()) continue;
    std::string p = d.back() == '/' ? d + base : d + "/" + base;
    struct stat st;
    if (stat(p.c_str(), &st) == 0) return mkstr_utf8(p);
  }
  return nullptr;
}

static const BuiltinDef path_test_builtins[] = {
    {"path-exists-p", 1, 0, false, type_test<any_object>},
    {"path-file-p", 1, 0, false, type_test<is_reg>},
    {"path-dir-p", 1, 0, false, type_test<is_dir>},
    {"path-symlink-p", 1, 0, false, bi_path_symlink_p},
    {"path-blkdev-p", 1, 0, false, type_test<is_blk>},
    {"path-chrdev-p", 1, 0, false, type_test<is_chr>},
    {"path-sock-p", 1, 0, false, type_test<is_sock>},
    {"path-pipe-p", 1, 0, false, type_test<is_fifo>},
    {"path-setgid-p", 1, 0, false, type_test<is_setgid>},
    {"path-setuid-p", 1, 0, false, type_test<is_setuid>},
    {"path-sticky-p", 1, 0, false, type_test<is_sticky>},
    {"path-mine-p", 1, 0, false, type_test<is_mine>},
    {"path-my-group-p", 1, 0, false, type_test<is_my_group>},
    {"path-readable-to-me-p", 1, 0, false, type_test<readable>},
    {"path-writable-to-me-p", 1, 0, false, type_test<writable>},
    {"path-read-writable-to-me-p", 1, 0, false, type_test<read_writable>},
    {"path-executable-to-me-p", 1, 0, false, type_test<executable>},
    {"path-private-to-me-p", 1, 0, false, type_test<is_private>},
    {"path-strictly-private-to-me-p", 1, 0, false, type_test<is_strictly_private>},
    {"path-components-safe", 1, 0, false, bi_path_components_safe},
    {"path-newer", 2, 0, false, bi_path_newer},
    {"path-older", 2, 0, false, bi_path_older},
    {"path-same-object", 2, 0, false, bi_path_same_object},
    {"path-dir-empty", 1, 0, false, bi_path_dir_empty},
    {"path-search", 1, 1, false, bi_path_search},
};

void init_path_tests() { register_builtins(path_test_builtins); }

}  // namespace tine
