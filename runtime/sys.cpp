// Processes and the system: fork/wait/pipe/exit, the environment, paths,
// time, and the command-line variables.
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
extern char **environ;

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "lisp.hpp"
#include "stream.hpp"

namespace tine {

static std::string path_arg(val v, const char *self) { return utf8(str_checked(v, self)); }

static val bi_fork(const Args &) {
  flush_all_streams();
  pid_t pid = fork();
  return mkfix(pid);
}

// (wait [pid [flags]]) -> (pid . status)
static val bi_wait(const Args &a) {
  pid_t pid = missing(a[0]) || !a[0] ? -1 : pid_t(c_int(a[0], a.name()));
  int flags = missing(a[1]) || !a[1] ? 0 : c_int(a[1], a.name());
  int status = 0;
  pid_t r;
  do r = waitpid(pid, &status, flags);
  while (r < 0 && errno == EINTR);
  if (r < 0) sys_err(a.name(), "waitpid", errno);
  return cons(mkfix(r), mkfix(status));
}

static val bi_pipe(const Args &) {
  int fds[2];
  if (pipe(fds) < 0) sys_err("pipe", "pipe", errno);
  return cons(mkfix(fds[0]), mkfix(fds[1]));
}

static int exit_code(val v) {
  if (missing(v) || v == s_t) return 0;
  if (!v) return 1;
  return c_int(v, "exit");
}

static val bi_exit(const Args &a) {
  int code = exit_code(a[0]);
  flush_all_streams();
  ::exit(code);
}

static val bi_exit_star(const Args &a) {
  int code = exit_code(a[0]);
  _exit(code);
}

static val bi_getpid(const Args &) { return mkfix(getpid()); }
static val bi_getppid(const Args &) { return mkfix(getppid()); }

static val bi_kill(const Args &a) {
  int sig = missing(a[1]) ? SIGTERM : c_int(a[1], a.name());
  if (kill(pid_t(c_int(a[0], a.name())), sig) < 0) sys_err(a.name(), a.name(), errno, a[0]);
  return s_t;
}

static val status_pred(val st, const char *self, bool (*p)(int)) { return boolv(p(c_int(st, self))); }
static val bi_w_ifexited(const Args &a) {
  return status_pred(a[0], a.name(), [](int s) { return bool(WIFEXITED(s)); });
}
static val bi_w_ifsignaled(const Args &a) {
  return status_pred(a[0], a.name(), [](int s) { return bool(WIFSIGNALED(s)); });
}
static val bi_w_exitstatus(const Args &a) { return mkfix(WEXITSTATUS(c_int(a[0], a.name()))); }
static val bi_w_termsig(const Args &a) { return mkfix(WTERMSIG(c_int(a[0], a.name()))); }

static val bi_remove_path(const Args &a) {
  std::string p = path_arg(a[0], a.name());
  if (remove(p.c_str()) < 0) {
    if (errno == ENOENT && !missing(a[1]) && a[1]) return nullptr;
    sys_err(a.name(), "remove", errno, a[0]);
  }
  return s_t;
}

static val bi_rename_path(const Args &a) {
  if (rename(path_arg(a[0], a.name()).c_str(), path_arg(a[1], a.name()).c_str()) < 0)
    sys_err(a.name(), "rename", errno, a[0]);
  return s_t;
}

static val bi_path_exists_p(const Args &a) {
  struct stat st;
  return boolv(stat(path_arg(a[0], a.name()).c_str(), &st) == 0);
}

static val bi_path_dir_p(const Args &a) {
  struct stat st;
  return boolv(stat(path_arg(a[0], a.name()).c_str(), &st) == 0 && S_ISDIR(st.st_mode));
}

static val bi_mkdir(const Args &a) {
  mode_t mode = missing(a[1]) ? 0777 : mode_t(c_int(a[1], a.name()));
  if (mkdir(path_arg(a[0], a.name()).c_str(), mode) < 0) sys_err(a.name(), a.name(), errno, a[0]);
  return s_t;
}

static val bi_rmdir(const Args &a) {
  if (rmdir(path_arg(a[0], a.name()).c_str()) < 0) sys_err(a.name(), a.name(), errno, a[0]);
  return s_t;
}

static val bi_chdir(const Args &a) {
  if (chdir(path_arg(a[0], a.name()).c_str()) < 0) sys_err(a.name(), a.name(), errno, a[0]);
  return s_t;
}

static val bi_pwd(const Args &) {
  char buf[4096];
  if (!getcwd(buf, sizeof buf)) sys_err("pwd", "getcwd", errno);
  return mkstr_utf8(buf);
}

static val bi_getenv(const Args &a) {
  const char *v = getenv(path_arg(a[0], a.name()).c_str());
  return v ? mkstr_utf8(v) : nullptr;
}

static val bi_setenv(const Args &a) {
  std::string k = path_arg(a[0], a.name());
  if (!a[1])
    unsetenv(k.c_str());
  else
    setenv(k.c_str(), path_arg(a[1], a.name()).c_str(), missing(a[2]) || a[2] ? 1 : 0);
  return a[1];
}

static val bi_env(const Args &) {
  val out = nullptr;
  for (char **e = environ; *e; ++e) out = cons(mkstr_utf8(*e), out);
  return nreverse(out);
}

static val bi_time(const Args &) { return mkint(int64_t(time(nullptr))); }

static val bi_time_usec(const Args &) {
  struct timeval tv;
  gettimeofday(&tv, nullptr);
  return mkint(int64_t(tv.tv_sec) * 1000000 + tv.tv_usec);
}

static val bi_usleep(const Args &a) {
  int64_t us = c_int64(a[0], a.name());
  struct timespec ts {
    time_t(us / 1000000), long(us % 1000000) * 1000
  };
  while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
  }
  return s_t;
}

static val bi_base_name(const Args &a) {
  std::string p = path_arg(a[0], a.name());
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  size_t s = p.rfind('/');
  return mkstr_utf8(s == std::string::npos ? p : p.substr(s + 1));
}

static val bi_dir_name(const Args &a) {
  std::string p = path_arg(a[0], a.name());
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  size_t s = p.rfind('/');
  if (s == std::string::npos) return mkstr_utf8(".");
  if (s == 0) return mkstr_utf8("/");
  return mkstr_utf8(p.substr(0, s));
}

static val bi_path_cat(const Args &a) {
  std::string out = path_arg(a[0], a.name());
  for (int i = 1; i < a.n; ++i) {
    std::string p = path_arg(a[i], a.name());
    if (!p.empty() && p[0] == '/')
      out = p;
    else if (out.empty())
      out = p;
    else if (!p.empty())
      out += (out.back() == '/' ? "" : "/") + p;
  }
  return mkstr_utf8(out);
}

static val bi_directory_list(const Args &a) {
  std::string p = path_arg(a[0], a.name());
  DIR *d = opendir(p.c_str());
  if (!d) sys_err(a.name(), "opendir", errno, a[0]);
  val out = nullptr;
  while (struct dirent *e = readdir(d))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) out = cons(mkstr_utf8(e->d_name), out);
  closedir(d);
  return nreverse(out);
}

static val bi_close_fd(const Args &a) {
  if (close(c_int(a[0], a.name())) < 0) sys_err(a.name(), a.name(), errno, a[0]);
  return s_t;
}

static const BuiltinDef sys_builtins[] = {
    {"fork", 0, 0, false, bi_fork},
    {"wait", 0, 2, false, bi_wait},
    {"pipe", 0, 0, false, bi_pipe},
    {"exit", 0, 1, false, bi_exit},
    {"exit*", 0, 1, false, bi_exit_star},
    {"getpid", 0, 0, false, bi_getpid},
    {"getppid", 0, 0, false, bi_getppid},
    {"kill", 1, 1, false, bi_kill},
    {"w-ifexited", 1, 0, false, bi_w_ifexited},
    {"w-ifsignaled", 1, 0, false, bi_w_ifsignaled},
    {"w-exitstatus", 1, 0, false, bi_w_exitstatus},
    {"w-termsig", 1, 0, false, bi_w_termsig},
    {"remove-path", 1, 1, false, bi_remove_path},
    {"rename-path", 2, 0, false, bi_rename_path},
    {"path-exists-p", 1, 0, false, bi_path_exists_p},
    {"path-dir-p", 1, 0, false, bi_path_dir_p},
    {"mkdir", 1, 1, false, bi_mkdir},
    {"rmdir", 1, 0, false, bi_rmdir},
    {"chdir", 1, 0, false, bi_chdir},
    {"pwd", 0, 0, false, bi_pwd},
    {"getenv", 1, 0, false, bi_getenv},
    {"setenv", 2, 1, false, bi_setenv},
    {"env", 0, 0, false, bi_env},
    {"time", 0, 0, false, bi_time},
    {"time-usec", 0, 0, false, bi_time_usec},
    {"usleep", 1, 0, false, bi_usleep},
    {"base-name", 1, 0, false, bi_base_name},
    {"dir-name", 1, 0, false, bi_dir_name},
    {"path-cat", 1, 0, true, bi_path_cat},
    {"get-dir-entries", 1, 0, false, bi_directory_list},
    {"close", 1, 0, false, bi_close_fd},
};

void init_sys(int argc, char **argv) {
  val args = nullptr;
  for (int i = argc - 1; i >= 0; --i) args = cons(mkstr_utf8(argv[i]), args);
  defvar_builtin("*full-args*", args);
  defvar_builtin("*args*", nullptr);
  register_builtins(sys_builtins);
}

}  // namespace tine
