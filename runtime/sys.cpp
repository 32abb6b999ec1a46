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
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "lisp.hpp"
#include "stream.hpp"
#include "hash.hpp"
#include "syserr.hpp"

namespace tine {

static std::string path_arg(val v, const char *self) { return utf8(str_checked(v, self)); }

static int exit_code(val v) {
  if (missing(v) || v == s_t) return 0;
  if (!v) return 1;
  return c_int(v, "exit");
}

static val load_hooks_sym;

// *load-hooks*: the current binding's functions are called in order after
// it is reset to nil (at the end of load and of the script, and at exit).
void run_load_hooks() {
  Sym *s = sym(load_hooks_sym);
  val hooks = s->value == UNBOUND ? nullptr : s->value;
  s->value = nullptr;
  for (val l = hooks; consp(l); l = cdr(l)) funcall0(car(l));
}

val load_hooks_symbol() { return load_hooks_sym; }

static val exit_functions;  // at-exit-call's registrations, latest first

// At normal termination (exit, or the end of the program): the load hooks,
// then the at-exit functions, latest registration first.
void run_exit_functions() {
  run_load_hooks();
  while (exit_functions) {
    val f = car(exit_functions);
    exit_functions = cdr(exit_functions);
    funcall0(f);
  }
}

static val bi_at_exit_call(const Args &a) {
  exit_functions = cons(fun_checked(a[0], a.name()), exit_functions);
  return a[0];
}

static val bi_at_exit_do_not_call(const Args &a) {
  val kept = nullptr;
  bool removed = false;
  for (val l = exit_functions; l; l = cdr(l))
    if (car(l) == a[0])
      removed = true;
    else
      kept = cons(car(l), kept);
  exit_functions = nreverse(kept);
  return boolv(removed);
}

static val bi_abort(const Args &) {
  flush_all_streams();
  abort();
}

// Output that cannot be written out makes a successful exit status 1.
static val bi_exit(const Args &a) {
  int code = exit_code(a[0]);
  run_exit_functions();
  std::string lost;
  if (!finish_output(&lost)) {
    fprintf(stderr, "tine: %s\n", lost.c_str());
    if (code == 0) code = 1;
  }
  ::exit(code);
}

static val bi_exit_star(const Args &a) {
  int code = exit_code(a[0]);
  _exit(code);
}

static val env_table;  // env-hash's table, once made; kept in step by getenv, setenv, unsetenv

static val bi_getenv(const Args &a) {
  const char *v = getenv(path_arg(a[0], a.name()).c_str());
  val out = v ? mkstr_utf8(v) : nullptr;
  if (out && env_table) sethash(env_table, a[0], out);
  return out;
}

static val bi_unsetenv(const Args &a) {
  std::string k = path_arg(a[0], a.name());
  unsetenv(k.c_str());
  if (env_table) remhash(env_table, a[0]);
  return a[0];
}

// (setenv name value [overwrite-p]): value nil removes the variable.
static val bi_setenv(const Args &a) {
  std::string k = path_arg(a[0], a.name());
  bool overwrite = missing(a[2]) || a[2];
  bool exists = getenv(k.c_str()) != nullptr;
  if (!a[1]) {
    if (overwrite || !exists) {
      unsetenv(k.c_str());
      if (env_table) remhash(env_table, a[0]);
    }
    return nullptr;
  }
  std::string v = path_arg(a[1], a.name());
  if (setenv(k.c_str(), v.c_str(), overwrite ? 1 : 0) < 0) errno_err(s_system_error, a.name(), "setenv failed", errno);
  if (env_table && (overwrite || !exists)) sethash(env_table, a[0], a[1]);
  return a[1];
}

static val bi_env(const Args &) {
  val out = nullptr;
  for (char **e = environ; *e; ++e) out = cons(mkstr_utf8(*e), out);
  return nreverse(out);
}

static void fill_env_table() {
  for (char **e = environ; *e; ++e) {
    const char *eq = strchr(*e, '=');
    if (!eq) continue;
    sethash(env_table, mkstr_utf8(std::string_view(*e, size_t(eq - *e))), mkstr_utf8(eq + 1));
  }
}

static val bi_env_hash(const Args &) {
  if (!env_table) {
    env_table = make_hash(HashKind::Equal);
    fill_env_table();
  }
  return env_table;
}

// (replace-env list): the environment becomes exactly LIST ("name=value";
// a string without = is a name with an empty value).
static val bi_replace_env(const Args &a) {
  std::vector<std::pair<std::string, std::string>> vars;
  SeqIter it(a[0], a.name());
  for (val e; it.next(&e);) {
    std::string s = path_arg(e, a.name());
    size_t eq = s.find('=');
    vars.emplace_back(s.substr(0, eq), eq == std::string::npos ? "" : s.substr(eq + 1));
  }
  clearenv();
  for (auto &v : vars)
    if (setenv(v.first.c_str(), v.second.c_str(), 1) < 0) errno_err(s_system_error, a.name(), "setenv failed", errno);
  if (env_table) {
    hash_clear(env_table);
    fill_env_table();
  }
  return a[0];
}

static val bi_usleep(const Args &a) {
  int64_t us = c_int64(a[0], a.name());
  struct timespec ts {
    time_t(us / 1000000), long(us % 1000000) * 1000
  };
  while (nanosleep(&ts, &ts) < 0 && errno == EINTR) sig_poll();
  return s_t;
}

static const BuiltinDef sys_builtins[] = {
    {"at-exit-call", 1, 0, false, bi_at_exit_call},
    {"at-exit-do-not-call", 1, 0, false, bi_at_exit_do_not_call},
    {"abort", 0, 0, false, bi_abort},
    {"exit", 0, 1, false, bi_exit},
    {"exit*", 0, 1, false, bi_exit_star},
    {"getenv", 1, 0, false, bi_getenv},
    {"unsetenv", 1, 0, false, bi_unsetenv},
    {"env-hash", 0, 0, false, bi_env_hash},
    {"replace-env", 1, 0, false, bi_replace_env},
    {"setenv", 2, 1, false, bi_setenv},
    {"env", 0, 0, false, bi_env},
    {"usleep", 1, 0, false, bi_usleep},

};

void init_sys(int argc, char **argv) {
  val args = nullptr;
  for (int i = argc - 1; i >= 0; --i) args = cons(mkstr_utf8(argv[i]), args);
  defvar_builtin("*full-args*", args);
  defvar_builtin("*args-full*", args);
  defvar_builtin("*args-eff*", args);
  defvar_builtin("*args*", nullptr);
  defvar_builtin("*load-hooks*", nullptr);
  char *exe = realpath("/proc/self/exe", nullptr);
  defvar_builtin("txr-exe-path", exe ? mkstr_utf8(exe) : nullptr, false);
  free(exe);
  load_hooks_sym = intern("*load-hooks*");
  register_builtins(sys_builtins);
}

}  // namespace tine
