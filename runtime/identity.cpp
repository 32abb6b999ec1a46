// Who and where a process runs: uname, user and group IDs, the password and
// group databases, crypt, and resource limits.
#include <crypt.h>
#include <grp.h>
#include <pwd.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "syserr.hpp"

namespace tine {

static val sym_utsname, sym_passwd, sym_group, sym_rlim;

static val str_or_nil(const char *s) { return s ? mkstr_utf8(s) : nullptr; }

static val bi_uname(const Args &a) {
  struct utsname u;
  if (uname(&u) < 0) errno_err(s_system_error, a.name(), "uname failed", errno);
#ifdef _GNU_SOURCE
  val domain = mkstr_utf8(u.domainname);
#else
  val domain = nullptr;
#endif
  return make_sys_struct(sym_utsname,
                         {{intern("sysname"), mkstr_utf8(u.sysname)},
                          {intern("nodename"), mkstr_utf8(u.nodename)},
                          {intern("release"), mkstr_utf8(u.release)},
                          {intern("version"), mkstr_utf8(u.version)},
                          {intern("machine"), mkstr_utf8(u.machine)},
                          {intern("domainname"), domain}},
                         a.name());
}

// ---- user and group IDs --------------------------------------------------------

static val bi_getuid(const Args &) { return mkint(getuid()); }
static val bi_geteuid(const Args &) { return mkint(geteuid()); }
static val bi_getgid(const Args &) { return mkint(getgid()); }
static val bi_getegid(const Args &) { return mkint(getegid()); }

static id_t id_arg(val v, const char *self) { return id_t(c_int_range(v, 0, UINT32_MAX - 1, self)); }
// setres*id take -1 for "unchanged".
static id_t id_or_keep(val v, const char *self) {
  if (is_fixnum(v) && fixval(v) == -1) return id_t(-1);
  return id_arg(v, self);
}

static val set_id(int rc, const char *self) {
  if (rc < 0) errno_err(s_system_error, self, "failed", errno);
  return s_t;
}

static val bi_setuid(const Args &a) { return set_id(setuid(id_arg(a[0], a.name())), a.name()); }
static val bi_seteuid(const Args &a) { return set_id(seteuid(id_arg(a[0], a.name())), a.name()); }
static val bi_setgid(const Args &a) { return set_id(setgid(id_arg(a[0], a.name())), a.name()); }
static val bi_setegid(const Args &a) { return set_id(setegid(id_arg(a[0], a.name())), a.name()); }

static val bi_getgroups(const Args &a) {
  int n = getgroups(0, nullptr);
  if (n < 0) errno_err(s_system_error, a.name(), "failed", errno);
  std::vector<gid_t> g(size_t(n) + 1);
  n = getgroups(n, g.data());
  if (n < 0) errno_err(s_system_error, a.name(), "failed", errno);
  val out = nullptr;
  for (int i = n - 1; i >= 0; --i) out = cons(mkint(g[size_t(i)]), out);
  return out;
}

static val bi_setgroups(const Args &a) {
  std::vector<gid_t> g;
  SeqIter it(a[0], a.name());
  for (val v; it.next(&v);) g.push_back(gid_t(id_arg(v, a.name())));
  return set_id(setgroups(g.size(), g.data()), a.name());
}

static val bi_getresuid(const Args &a) {
  uid_t r, e, s;
  if (getresuid(&r, &e, &s) < 0) errno_err(s_system_error, a.name(), "failed", errno);
  return list({mkint(r), mkint(e), mkint(s)});
}

static val bi_getresgid(const Args &a) {
  gid_t r, e, s;
  if (getresgid(&r, &e, &s) < 0) errno_err(s_system_error, a.name(), "failed", errno);
  return list({mkint(r), mkint(e), mkint(s)});
}

static val bi_setresuid(const Args &a) {
  const char *n = a.name();
  return set_id(setresuid(id_or_keep(a[0], n), id_or_keep(a[1], n), id_or_keep(a[2], n)), n);
}

static val bi_setresgid(const Args &a) {
  const char *n = a.name();
  return set_id(setresgid(id_or_keep(a[0], n), id_or_keep(a[1], n), id_or_keep(a[2], n)), n);
}

// ---- password and group databases ------------------------------------------------

static val passwd_struct(const struct passwd *p, const char *self) {
  if (!p) return nullptr;
  return make_sys_struct(sym_passwd,
                         {{intern("name"), str_or_nil(p->pw_name)},
                          {intern("passwd"), str_or_nil(p->pw_passwd)},
                          {intern("uid"), mkint(p->pw_uid)},
                          {intern("gid"), mkint(p->pw_gid)},
                          {intern("gecos"), str_or_nil(p->pw_gecos)},
                          {intern("dir"), str_or_nil(p->pw_dir)},
                          {intern("shell"), str_or_nil(p->pw_shell)}},
                         self);
}

static val group_struct(const struct group *g, const char *self) {
  if (!g) return nullptr;
  val mem = nullptr;
  for (char **m = g->gr_mem; m && *m; ++m) mem = cons(mkstr_utf8(*m), mem);
  return make_sys_struct(sym_group,
                         {{intern("name"), str_or_nil(g->gr_name)},
                          {intern("passwd"), str_or_nil(g->gr_passwd)},
                          {intern("gid"), mkint(g->gr_gid)},
                          {intern("mem"), nreverse(mem)}},
                         self);
}

static val bi_getpwent(const Args &a) { return passwd_struct(getpwent(), a.name()); }
static val bi_setpwent(const Args &) {
  setpwent();
  return nullptr;
}
static val bi_endpwent(const Args &) {
  endpwent();
  return nullptr;
}
static val bi_getpwuid(const Args &a) { return passwd_struct(getpwuid(uid_t(id_arg(a[0], a.name()))), a.name()); }
static val bi_getpwnam(const Args &a) { return passwd_struct(getpwnam(path_utf8(a[0], a.name()).c_str()), a.name()); }

static val bi_getgrent(const Args &a) { return group_struct(getgrent(), a.name()); }
static val bi_setgrent(const Args &) {
  setgrent();
  return nullptr;
}
static val bi_endgrent(const Args &) {
  endgrent();
  return nullptr;
}
static val bi_getgrgid(const Args &a) { return group_struct(getgrgid(gid_t(id_arg(a[0], a.name()))), a.name()); }
static val bi_getgrnam(const Args &a) { return group_struct(getgrnam(path_utf8(a[0], a.name()).c_str()), a.name()); }

// crypt_r keeps no static state; libxcrypt returns a "*0"/"*1" token or null
// for a salt it cannot use, and either is an error here.
static val bi_crypt(const Args &a) {
  std::string key = path_utf8(a[0], a.name()), salt = path_utf8(a[1], a.name());
  struct crypt_data *cd = static_cast<struct crypt_data *>(calloc(1, sizeof(struct crypt_data)));
  if (!cd) throw std::bad_alloc();
  const char *h = crypt_r(key.c_str(), salt.c_str(), cd);
  if (!h || h[0] == '*') {
    free(cd);
    errorf(s_error, "~a: failed to hash with salt ~s", a.name(), a[1]);
  }
  val out = mkstr_utf8(h);
  free(cd);
  return out;
}

// ---- resource limits ------------------------------------------------------------------

static val rlim_val(rlim_t r) { return mkuint(uint64_t(r)); }

static val bi_getrlimit(const Args &a) {
  struct rlimit rl;
  int res = int(c_int_range(a[0], 0, 1000, a.name()));
  if (getrlimit(__rlimit_resource(res), &rl) < 0) errno_err(s_system_error, a.name(), "failed", errno);
  if (absent(a[1]))
    return make_sys_struct(sym_rlim, {{intern("cur"), rlim_val(rl.rlim_cur)}, {intern("max"), rlim_val(rl.rlim_max)}},
                           a.name());
  val cur = intern("cur"), max = intern("max");
  sys_struct_set_slot(a[1], cur, rlim_val(rl.rlim_cur), a.name());
  sys_struct_set_slot(a[1], max, rlim_val(rl.rlim_max), a.name());
  return a[1];
}

static val bi_setrlimit(const Args &a) {
  struct rlimit rl;
  int res = int(c_int_range(a[0], 0, 1000, a.name()));
  rl.rlim_cur = rlim_t(c_uint64(sys_struct_slot(a[1], intern("cur"), a.name()), a.name()));
  rl.rlim_max = rlim_t(c_uint64(sys_struct_slot(a[1], intern("max"), a.name()), a.name()));
  if (setrlimit(__rlimit_resource(res), &rl) < 0) errno_err(s_system_error, a.name(), "failed", errno);
  return s_t;
}

static const BuiltinDef identity_builtins[] = {
    {"uname", 0, 0, false, bi_uname},         {"getuid", 0, 0, false, bi_getuid},
    {"geteuid", 0, 0, false, bi_geteuid},     {"getgid", 0, 0, false, bi_getgid},
    {"getegid", 0, 0, false, bi_getegid},     {"setuid", 1, 0, false, bi_setuid},
    {"seteuid", 1, 0, false, bi_seteuid},     {"setgid", 1, 0, false, bi_setgid},
    {"setegid", 1, 0, false, bi_setegid},     {"getgroups", 0, 0, false, bi_getgroups},
    {"setgroups", 1, 0, false, bi_setgroups}, {"getresuid", 0, 0, false, bi_getresuid},
    {"getresgid", 0, 0, false, bi_getresgid}, {"setresuid", 3, 0, false, bi_setresuid},
    {"setresgid", 3, 0, false, bi_setresgid}, {"getpwent", 0, 0, false, bi_getpwent},
    {"setpwent", 0, 0, false, bi_setpwent},   {"endpwent", 0, 0, false, bi_endpwent},
    {"getpwuid", 1, 0, false, bi_getpwuid},   {"getpwnam", 1, 0, false, bi_getpwnam},
    {"getgrent", 0, 0, false, bi_getgrent},   {"setgrent", 0, 0, false, bi_setgrent},
    {"endgrent", 0, 0, false, bi_endgrent},   {"getgrgid", 1, 0, false, bi_getgrgid},
    {"getgrnam", 1, 0, false, bi_getgrnam},   {"crypt", 2, 0, false, bi_crypt},
    {"getrlimit", 1, 1, false, bi_getrlimit}, {"setrlimit", 2, 0, false, bi_setrlimit},
};

void init_identity() {
  sym_utsname = intern("utsname");
  sym_passwd = intern("passwd");
  sym_group = intern("group");
  sym_rlim = intern("rlim");
  static const struct {
    const char *name;
    uint64_t value;
  } rlim_consts[] = {
      {"rlim-saved-max", uint64_t(RLIM_SAVED_MAX)},
      {"rlim-saved-cur", uint64_t(RLIM_SAVED_CUR)},
      {"rlim-infinity", uint64_t(RLIM_INFINITY)},
      {"rlimit-core", RLIMIT_CORE},
      {"rlimit-cpu", RLIMIT_CPU},
      {"rlimit-data", RLIMIT_DATA},
      {"rlimit-fsize", RLIMIT_FSIZE},
      {"rlimit-nofile", RLIMIT_NOFILE},
      {"rlimit-stack", RLIMIT_STACK},
      {"rlimit-as", RLIMIT_AS},
  };
  for (auto &c : rlim_consts) defvar_builtin(c.name, mkuint(c.value), false);
  register_builtins(identity_builtins);
}

}  // namespace tine
