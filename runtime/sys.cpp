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

static int last_errno;

static std::string path_arg(val v, const char *self) { return utf8(str_checked(v, self)); }

static val bi_fork(const Args &) {
  flush_all_streams();
  pid_t pid = fork();
  if (pid < 0) last_errno = errno;
  return mkfix(pid);
}

// (wait [pid [flags]]) -> (pid . status)
static val bi_wait(const Args &a) {
  pid_t pid = missing(a[0]) || !a[0] ? -1 : pid_t(c_int(a[0], "wait"));
  int flags = missing(a[1]) || !a[1] ? 0 : c_int(a[1], "wait");
  int status = 0;
  pid_t r;
  do r = waitpid(pid, &status, flags);
  while (r < 0 && errno == EINTR);
  if (r < 0) sys_err("wait", "waitpid", errno);
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
  int sig = missing(a[1]) ? SIGTERM : c_int(a[1], "kill");
  if (kill(pid_t(c_int(a[0], "kill")), sig) < 0) sys_err("kill", "kill", errno, a[0]);
  return s_t;
}

static val status_pred(val st, const char *self, bool (*p)(int)) { return boolv(p(c_int(st, self))); }
static val bi_w_ifexited(const Args &a) {
  return status_pred(a[0], "w-ifexited", [](int s) { return bool(WIFEXITED(s)); });
}
static val bi_w_ifsignaled(const Args &a) {
  return status_pred(a[0], "w-ifsignaled", [](int s) { return bool(WIFSIGNALED(s)); });
}
static val bi_w_exitstatus(const Args &a) { return mkfix(WEXITSTATUS(c_int(a[0], "w-exitstatus"))); }
static val bi_w_termsig(const Args &a) { return mkfix(WTERMSIG(c_int(a[0], "w-termsig"))); }

static val bi_remove_path(const Args &a) {
  std::string p = path_arg(a[0], "remove-path");
  if (remove(p.c_str()) < 0) {
    if (errno == ENOENT && !missing(a[1]) && a[1]) return nullptr;
    sys_err("remove-path", "remove", errno, a[0]);
  }
  return s_t;
}

static val bi_rename_path(const Args &a) {
  if (rename(path_arg(a[0], "rename-path").c_str(), path_arg(a[1], "rename-path").c_str()) < 0)
    sys_err("rename-path", "rename", errno, a[0]);
  return s_t;
}

static val bi_path_exists_p(const Args &a) {
  struct stat st;
  return boolv(stat(path_arg(a[0], "path-exists-p").c_str(), &st) == 0);
}

static val bi_path_dir_p(const Args &a) {
  struct stat st;
  return boolv(stat(path_arg(a[0], "path-dir-p").c_str(), &st) == 0 && S_ISDIR(st.st_mode));
}

static val bi_mkdir(const Args &a) {
  mode_t mode = missing(a[1]) ? 0777 : mode_t(c_int(a[1], "mkdir"));
  if (mkdir(path_arg(a[0], "mkdir").c_str(), mode) < 0) sys_err("mkdir", "mkdir", errno, a[0]);
  return s_t;
}

static val bi_rmdir(const Args &a) {
  if (rmdir(path_arg(a[0], "rmdir").c_str()) < 0) sys_err("rmdir", "rmdir", errno, a[0]);
  return s_t;
}

static val bi_chdir(const Args &a) {
  if (chdir(path_arg(a[0], "chdir").c_str()) < 0) sys_err("chdir", "chdir", errno, a[0]);
  return s_t;
}

static val bi_pwd(const Args &) {
  char buf[4096];
  if (!getcwd(buf, sizeof buf)) sys_err("pwd", "getcwd", errno);
  return mkstr_utf8(buf);
}

static val bi_getenv(const Args &a) {
  const char *v = getenv(path_arg(a[0], "getenv").c_str());
  return v ? mkstr_utf8(v) : nullptr;
}

static val bi_setenv(const Args &a) {
  std::string k = path_arg(a[0], "setenv");
  if (!a[1])
    unsetenv(k.c_str());
  else
    setenv(k.c_str(), path_arg(a[1], "setenv").c_str(), missing(a[2]) || a[2] ? 1 : 0);
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
  int64_t us = c_int64(a[0], "usleep");
  struct timespec ts {
    time_t(us / 1000000), long(us % 1000000) * 1000
  };
  while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
  }
  return s_t;
}

static val bi_errno(const Args &a) {
  if (!missing(a[0])) errno = last_errno = c_int(a[0], "errno");
  return mkfix(last_errno ? last_errno : errno);
}

static val bi_strerror(const Args &a) { return mkstr_utf8(strerror(c_int(a[0], "strerror"))); }

static val bi_base_name(const Args &a) {
  std::string p = path_arg(a[0], "base-name");
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  size_t s = p.rfind('/');
  return mkstr_utf8(s == std::string::npos ? p : p.substr(s + 1));
}

static val bi_dir_name(const Args &a) {
  std::string p = path_arg(a[0], "dir-name");
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  size_t s = p.rfind('/');
  if (s == std::string::npos) return mkstr_utf8(".");
  if (s == 0) return mkstr_utf8("/");
  return mkstr_utf8(p.substr(0, s));
}

static val bi_path_cat(const Args &a) {
  std::string out = path_arg(a[0], "path-cat");
  for (int i = 1; i < a.n; ++i) {
    std::string p = path_arg(a[i], "path-cat");
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
  std::string p = path_arg(a[0], "get-dir-entries");
  DIR *d = opendir(p.c_str());
  if (!d) sys_err("get-dir-entries", "opendir", errno, a[0]);
  val out = nullptr;
  while (struct dirent *e = readdir(d))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) out = cons(mkstr_utf8(e->d_name), out);
  closedir(d);
  return nreverse(out);
}

static val bi_close_fd(const Args &a) {
  if (close(c_int(a[0], "close")) < 0) sys_err("close", "close", errno, a[0]);
  return s_t;
}

void init_sys(int argc, char **argv) {
  val args = nullptr;
  for (int i = argc - 1; i >= 0; --i) args = cons(mkstr_utf8(argv[i]), args);
  defvar_builtin("*full-args*", args);
  defvar_builtin("*args*", nullptr);
  defun_builtin("fork", 0, 0, false, bi_fork);
  defun_builtin("wait", 0, 2, false, bi_wait);
  defun_builtin("pipe", 0, 0, false, bi_pipe);
  defun_builtin("exit", 0, 1, false, bi_exit);
  defun_builtin("exit*", 0, 1, false, bi_exit_star);
  defun_builtin("getpid", 0, 0, false, bi_getpid);
  defun_builtin("getppid", 0, 0, false, bi_getppid);
  defun_builtin("kill", 1, 1, false, bi_kill);
  defun_builtin("w-ifexited", 1, 0, false, bi_w_ifexited);
  defun_builtin("w-ifsignaled", 1, 0, false, bi_w_ifsignaled);
  defun_builtin("w-exitstatus", 1, 0, false, bi_w_exitstatus);
  defun_builtin("w-termsig", 1, 0, false, bi_w_termsig);
  defun_builtin("remove-path", 1, 1, false, bi_remove_path);
  defun_builtin("rename-path", 2, 0, false, bi_rename_path);
  defun_builtin("path-exists-p", 1, 0, false, bi_path_exists_p);
  defun_builtin("path-dir-p", 1, 0, false, bi_path_dir_p);
  defun_builtin("mkdir", 1, 1, false, bi_mkdir);
  defun_builtin("rmdir", 1, 0, false, bi_rmdir);
  defun_builtin("chdir", 1, 0, false, bi_chdir);
  defun_builtin("pwd", 0, 0, false, bi_pwd);
  defun_builtin("getenv", 1, 0, false, bi_getenv);
  defun_builtin("setenv", 2, 1, false, bi_setenv);
  defun_builtin("env", 0, 0, false, bi_env);
  defun_builtin("time", 0, 0, false, bi_time);
  defun_builtin("time-usec", 0, 0, false, bi_time_usec);
  defun_builtin("usleep", 1, 0, false, bi_usleep);
  defun_builtin("errno", 0, 1, false, bi_errno);
  defun_builtin("strerror", 1, 0, false, bi_strerror);
  defun_builtin("base-name", 1, 0, false, bi_base_name);
  defun_builtin("dir-name", 1, 0, false, bi_dir_name);
  defun_builtin("path-cat", 1, 0, true, bi_path_cat);
  defun_builtin("get-dir-entries", 1, 0, false, bi_directory_list);
  defun_builtin("close", 1, 0, false, bi_close_fd);
}

}  // namespace tine
