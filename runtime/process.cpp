// Processes: fork/wait/exec, commands and coprocesses (open-command,
// open-process, open-subprocess, sh, run), wait statuses, kill, and the
// shell escaping functions.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <vector>

#include "stream.hpp"
#include "syserr.hpp"

namespace tine {

static val child_env_sym;

// ---- fork, wait, status decoding -----------------------------------------------------

// fork returns nil on failure (errno tells why), as the manual says.
static val bi_fork(const Args &) {
  flush_all_streams();
  pid_t pid = fork();
  return pid < 0 ? nullptr : mkfix(pid);
}

// Wait for PID, retrying after signals (whose deferred handlers run first).
int wait_for(int pid, int *status, int flags) {
  pid_t r;
  while ((r = waitpid(pid, status, flags)) < 0 && errno == EINTR) sig_poll();
  return r;
}

// (wait [pid [flags]]) -> (pid . status), or nil on failure.
static val bi_wait(const Args &a) {
  pid_t pid = absent(a[0]) ? -1 : pid_t(c_int_range(a[0], INT_MIN, INT_MAX, a.name()));
  int flags = absent(a[1]) ? 0 : int(c_int_range(a[1], INT_MIN, INT_MAX, a.name()));
  int status = 0;
  pid_t r = wait_for(pid, &status, flags);
  if (r < 0) return nullptr;
  return cons(mkfix(r), mkfix(status));
}

// A status argument: an integer, or what wait returns, (pid . status).
static int status_arg(val v, const char *self) {
  if (consp(v)) v = cdr(v);
  return int(c_int_range(v, INT_MIN, INT_MAX, self));
}

static val bi_w_ifexited(const Args &a) { return boolv(WIFEXITED(status_arg(a[0], a.name()))); }
static val bi_w_exitstatus(const Args &a) { return mkfix(WEXITSTATUS(status_arg(a[0], a.name()))); }
static val bi_w_ifsignaled(const Args &a) { return boolv(WIFSIGNALED(status_arg(a[0], a.name()))); }
static val bi_w_termsig(const Args &a) { return mkfix(WTERMSIG(status_arg(a[0], a.name()))); }
static val bi_w_coredump(const Args &a) { return boolv(WCOREDUMP(status_arg(a[0], a.name()))); }
static val bi_w_ifstopped(const Args &a) { return boolv(WIFSTOPPED(status_arg(a[0], a.name()))); }
static val bi_w_stopsig(const Args &a) { return mkfix(WSTOPSIG(status_arg(a[0], a.name()))); }
static val bi_w_ifcontinued(const Args &a) { return boolv(WIFCONTINUED(status_arg(a[0], a.name()))); }

static val bi_getpid(const Args &) { return mkfix(getpid()); }
static val bi_getppid(const Args &) { return mkfix(getppid()); }

static val bi_daemon(const Args &a) { return boolv(daemon(a[0] ? 1 : 0, a[1] ? 1 : 0) == 0); }

// ---- the environment of children --------------------------------------------------------

// argv or envp as C strings; the strings stay owned by the vector of std::string.
struct CStrings {
  std::vector<std::string> text;
  std::vector<char *> ptrs;
  void add(std::string s) { text.push_back(std::move(s)); }
  char **get() {
    ptrs.clear();
    for (auto &s : text) ptrs.push_back(s.data());
    ptrs.push_back(nullptr);
    return ptrs.data();
  }
};

// *child-env*: t inherits the environment, a list of "name=value" replaces it.
static bool child_env(CStrings *env, const char *self) {
  val v = sym(child_env_sym)->value;
  if (v == s_t) return false;
  for (val l = v; l; l = cdr(l)) {
    if (!consp(l)) type_err(self, v, "a list of strings (*child-env*)");
    env->add(path_utf8(car(l), self));
  }
  return true;
}

static void child_argv(CStrings *argv, val program, val args, const char *self) {
  argv->add(path_utf8(program, self));
  if (absent(args)) return;
  SeqIter it(args, self);
  for (val s; it.next(&s);) argv->add(path_utf8(s, self));
}

// ---- spawning ------------------------------------------------------------------------------

// The descriptor a child gets from the stream in *stdin*, *stdout* or *stderr*.
static int stream_fd_for_child(val var_sym, const char *self) {
  val s = sym(var_sym)->value;
  int fd = stream_checked(s, self)->fd();
  if (fd < 0) errorf(s_file_error, "~a: ~s (in ~s) has no file descriptor to give a child", self, s, var_sym);
  return fd;
}

struct SpawnPlan {
  int fds[3];            // what becomes the child's 0, 1, 2
  int pipe_target = -1;  // child descriptor joined to our pipe end (-1: no pipe)
  int child_end = -1;    // the pipe end the child keeps
  const OpenMode *mode = nullptr;
  CStrings argv, env;
  bool has_argv = false, has_env = false;
  val fn = nullptr;  // open-subprocess's function
};

[[noreturn]] static void child_fail(int eno) { _exit(eno ? eno : 1); }

// In the child: move each wanted descriptor out of the way first, so that a
// later dup2 cannot clobber a source still needed.
static void child_setup_fds(SpawnPlan &p) {
  int want[4], src[4], n = 0;
  for (int i = 0; i < 3; ++i)
    if (p.fds[i] >= 0) want[n] = i, src[n++] = p.fds[i];
  if (p.pipe_target >= 0) want[n] = p.pipe_target, src[n++] = p.child_end;
  int tmp[4];
  for (int i = 0; i < n; ++i)
    if ((tmp[i] = fcntl(src[i], F_DUPFD_CLOEXEC, 10)) < 0) child_fail(errno);
  for (int i = 0; i < n; ++i) {
    bool overridden = false;  // the pipe target replaces a standard descriptor
    for (int j = i + 1; j < n; ++j) overridden |= want[j] == want[i];
    if (!overridden && dup2(tmp[i], want[i]) < 0) child_fail(errno);
  }
  for (int i = 0; i < n; ++i) close(tmp[i]);
  if (!p.mode) return;
  for (int i = 0; i < p.mode->nredir; ++i) {
    const OpenMode::Redir &r = p.mode->redirs[i];
    if (r.to == OpenMode::Close) {
      close(r.fd);
    } else if (r.to == OpenMode::NullDev) {
      int nd = open("/dev/null", O_RDWR);
      if (nd < 0 || (nd != r.fd && (dup2(nd, r.fd) < 0 || close(nd) < 0))) child_fail(errno);
    } else if (dup2(r.to, r.fd) < 0) {
      child_fail(errno);
    }
  }
}

[[noreturn]] static void child_run(SpawnPlan &p) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  child_setup_fds(p);
  if (p.fn) {
    try {
      funcall0(p.fn);
    } catch (const LispThrow &e) {
      std::string m = utf8(exception_message(e.sym, e.args)) + "\n";
      if (write(2, m.data(), m.size()) < 0) _exit(1);
      _exit(1);
    } catch (...) {
      _exit(1);
    }
    if (!p.has_argv) _exit(0);
  }
  char **argv = p.argv.get();
  if (p.has_env)
    execvpe(argv[0], argv, p.env.get());
  else
    execvp(argv[0], argv);
  child_fail(errno);
}

// The standard descriptor that the pipe replaces (PIPE_TARGET) is not taken
// from its stream, which may then be one without a descriptor.
static void plan_for(SpawnPlan &p, val program, val args, val fn, int pipe_target, const char *self) {
  static const char *vars[3] = {"*stdin*", "*stdout*", "*stderr*"};
  for (int i = 0; i < 3; ++i) p.fds[i] = i == pipe_target ? -1 : stream_fd_for_child(intern(vars[i]), self);
  if (program) {
    child_argv(&p.argv, program, args, self);
    p.has_argv = true;
  }
  p.has_env = child_env(&p.env, self);
  p.fn = fn;
}

// fork and run the plan in the child; -1 (errno set) when fork fails.
static pid_t spawn(SpawnPlan &p) {
  flush_all_streams();
  pid_t pid = fork();
  if (pid == 0) child_run(p);
  return pid;
}

// (run program [args]), (sh command): wait for the child; its exit status,
// or nil when it did not exit normally or could not be created.
static val run_and_wait(val program, val args, const char *self) {
  SpawnPlan p;  // on the stack, where the collector sees its values
  plan_for(p, program, args, nullptr, -1, self);
  pid_t pid = spawn(p);
  if (pid < 0) return nullptr;
  int status = 0;
  if (wait_for(pid, &status, 0) < 0) return nullptr;
  return WIFEXITED(status) ? mkfix(WEXITSTATUS(status)) : nullptr;
}

static val bi_run(const Args &a) { return run_and_wait(a[0], a[1], a.name()); }

static val sh_program, sh_dash_c;

static val bi_sh(const Args &a) {
  val cmd = str_checked(a[0], a.name());
  return run_and_wait(sh_program, list({sh_dash_c, cmd}), a.name());
}

// (exec file [args]): replaces the process; returns only by throwing.
static val bi_exec(const Args &a) {
  CStrings argv, env;
  child_argv(&argv, a[0], a[1], a.name());
  bool has_env = child_env(&env, a.name());
  flush_all_streams();
  char **v = argv.get();
  if (has_env)
    execvpe(v[0], v, env.get());
  else
    execvp(v[0], v);
  file_err(a.name(), "cannot execute", a[0], errno);
}

// ---- coprocesses ------------------------------------------------------------------------------

struct PipeStream : FdStream {
  using FdStream::FdStream;
  const char *kind_name() const override { return "pipe-stream"; }
};

// open-process and open-subprocess: a stream on a pipe to the child's
// standard input (mode w) or from its standard output (mode r); ?N picks
// another child descriptor, redirections apply in the child.
static val open_subprocess(val program, val mode, val args, val fn, const char *self) {
  OpenMode m = parse_open_mode(mode, "r", self);
  if (m.read == m.write) errorf(s_file_error, "~a: invalid mode ~s: a coprocess is read or written", self, mode);
  if (!program && !fn) errorf(s_error, "~a: neither a program nor a function", self);
  SpawnPlan p;
  int target = m.alt_fd >= 0 ? m.alt_fd : m.read ? 1 : 0;
  plan_for(p, program, args, fn, target, self);
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) < 0 && (!retry_for_descriptors(errno) || pipe2(fds, O_CLOEXEC) < 0))
    file_err(self, "cannot make a pipe for", program, errno);
  int ours = m.read ? fds[0] : fds[1];
  p.child_end = m.read ? fds[1] : fds[0];
  p.pipe_target = target;
  p.mode = &m;
  pid_t pid = spawn(p);
  int eno = errno;
  close(p.child_end);
  if (pid < 0) {
    close(ours);
    file_err(self, "cannot fork for", program, eno);
  }
  val name = program ? program : mkstr_utf8("subprocess");
  val st = m.gzip ? open_gzip_fd(ours, m, name, self)
                  : make_fd_stream(gc_new<PipeStream>(ours, m.read, m.write, true), m, name);
  stream_checked(st, self)->child_pid = pid;
  return st;
}

val open_process_stream(val program, val mode, val args, const char *self) {
  program = str_checked(program, self);
  return open_subprocess(program, mode, args, nullptr, self);
}

static val bi_open_process(const Args &a) { return open_process_stream(a[0], a[1], a[2], a.name()); }

static val bi_open_subprocess(const Args &a) {
  if (a[0]) str_checked(a[0], a.name());
  val fn = absent(a[3]) ? nullptr : fun_checked(a[3], a.name());
  return open_subprocess(a[0], a[1], a[2], fn, a.name());
}

val open_command_stream(val command, val mode, const char *self) {
  command = str_checked(command, self);
  val st = open_subprocess(sh_program, mode, list({sh_dash_c, command}), nullptr, self);
  stream_checked(st, self)->name = command;
  return st;
}

static val bi_open_command(const Args &a) { return open_command_stream(a[0], a[1], a.name()); }

// ---- signals to processes ------------------------------------------------------------------------

static val bi_kill(const Args &a) {
  int sig = absent(a[1]) ? SIGTERM : int(c_int_range(a[1], 0, 64, a.name()));
  return boolv(kill(pid_t(c_int_range(a[0], INT_MIN, INT_MAX, a.name())), sig) == 0);
}

// ---- shell escaping ---------------------------------------------------------------------------------

static bool sh_special(char32_t c, bool all) {
  return std::u32string_view(U"|&;<>()$`\\\"' \t\n*?[#~").find(c) != std::u32string_view::npos ||
         (all && (c == '=' || c == '%'));
}

// Quote when needed: double quotes unless the text has a character that is
// active inside them ($ ` \ "), in which case single quotes.
static val sh_escape(val s, bool all, const char *self) {
  std::u32string_view t = sv(str_checked(s, self));
  bool special = false, dq_active = false;
  for (char32_t c : t) {
    special |= sh_special(c, all);
    dq_active |= c == '$' || c == '`' || c == '\\' || c == '"';
  }
  if (!special) return s;
  std::u32string out;
  if (!dq_active) {
    out = U"\"";
    out += t;
    out += U"\"";
    return mkstr(out);
  }
  out = U"'";
  for (char32_t c : t)
    if (c == '\'')
      out += U"'\\''";
    else
      out.push_back(c);
  out += U"'";
  return mkstr(out);
}

static val bi_sh_esc(const Args &a) { return sh_escape(a[0], false, a.name()); }
static val bi_sh_esc_all(const Args &a) { return sh_escape(a[0], true, a.name()); }

static val bi_sh_esc_dq(const Args &a) {
  std::u32string out;
  for (char32_t c : sv(str_checked(a[0], a.name()))) {
    if (c == '$' || c == '`' || c == '\\' || c == '"') out.push_back('\\');
    out.push_back(c);
  }
  return mkstr(out);
}

static val bi_sh_esc_sq(const Args &a) {
  std::u32string out;
  for (char32_t c : sv(str_checked(a[0], a.name())))
    if (c == '\'')
      out += U"'\\''";
    else
      out.push_back(c);
  return mkstr(out);
}

static const BuiltinDef process_builtins[] = {
    {"fork", 0, 0, false, bi_fork},
    {"wait", 0, 2, false, bi_wait},
    {"w-ifexited", 1, 0, false, bi_w_ifexited},
    {"w-exitstatus", 1, 0, false, bi_w_exitstatus},
    {"w-ifsignaled", 1, 0, false, bi_w_ifsignaled},
    {"w-termsig", 1, 0, false, bi_w_termsig},
    {"w-coredump", 1, 0, false, bi_w_coredump},
    {"w-ifstopped", 1, 0, false, bi_w_ifstopped},
    {"w-stopsig", 1, 0, false, bi_w_stopsig},
    {"w-ifcontinued", 1, 0, false, bi_w_ifcontinued},
    {"getpid", 0, 0, false, bi_getpid},
    {"getppid", 0, 0, false, bi_getppid},
    {"daemon", 2, 0, false, bi_daemon},
    {"run", 1, 1, false, bi_run},
    {"sh", 1, 0, false, bi_sh},
    {"exec", 1, 1, false, bi_exec},
    {"open-process", 2, 1, false, bi_open_process},
    {"open-subprocess", 2, 2, false, bi_open_subprocess},
    {"open-command", 1, 1, false, bi_open_command},
    {"kill", 1, 1, false, bi_kill},
    {"sh-esc", 1, 0, false, bi_sh_esc},
    {"sh-esc-all", 1, 0, false, bi_sh_esc_all},
    {"sh-esc-dq", 1, 0, false, bi_sh_esc_dq},
    {"sh-esc-sq", 1, 0, false, bi_sh_esc_sq},
};

void init_process() {
  child_env_sym = intern("*child-env*");
  defvar_builtin("*child-env*", s_t);
  sh_program = mkstr_utf8("/bin/sh");
  sh_dash_c = mkstr_utf8("-c");
  static const struct {
    const char *name;
    int value;
  } wait_consts[] = {{"w-nohang", WNOHANG}, {"w-untraced", WUNTRACED}, {"w-continued", WCONTINUED}};
  for (auto &c : wait_consts) defvar_builtin(c.name, mkfix(c.value), false);
  register_builtins(process_builtins);
}

}  // namespace tine
