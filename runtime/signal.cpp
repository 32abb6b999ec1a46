// Signals: the sig-* numbers, Lisp signal handlers, raise, strsignal, and
// interval timers.
//
// A handler never runs inside the C signal handler (the collector and the
// evaluator are not async-signal-safe): the C handler marks the signal
// deferred, and the Lisp handler runs at the next safe point with async-p
// nil — sig-check, or a blocking call (read, write, wait, usleep ...) that
// the signal interrupts.
#include <signal.h>
#include <sys/time.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include "eval.hpp"
#include "syserr.hpp"

namespace tine {

constexpr int kMaxSig = 31;
volatile sig_atomic_t sig_any_pending;
static volatile sig_atomic_t sig_pending[kMaxSig + 1];
static val sig_handlers[kMaxSig + 1];  // t: default, nil: ignored, or a function

static void on_signal(int sig) {
  if (sig > 0 && sig <= kMaxSig) {
    sig_pending[sig] = 1;
    sig_any_pending = 1;
  }
}

void sig_check_deferred() {
  sig_any_pending = 0;
  for (int s = 1; s <= kMaxSig; ++s) {
    if (!sig_pending[s]) continue;
    sig_pending[s] = 0;
    val h = sig_handlers[s];
    if (!functionp(h)) continue;
    // As in TXR, a sig-segv or sig-bus handler runs without the stack
    // guard (a real overflow leaves no room for it to work in).
    struct GuardOff {
      char *saved = stack_floor;
      explicit GuardOff(bool off) {
        if (off) stack_floor = nullptr;
      }
      ~GuardOff() { stack_floor = saved; }
    } guard(s == SIGSEGV || s == SIGBUS);
    funcall2(h, mkfix(s), nullptr);
  }
}

static int sig_arg(val v, const char *self) { return int(c_int_range(v, 1, kMaxSig, self)); }

// No SA_RESTART: a blocking call returns EINTR, and its retry loop runs the handler.
static val bi_set_sig_handler(const Args &a) {
  int s = sig_arg(a[0], a.name());
  val spec = a[1];
  if (spec && spec != s_t) spec = fun_checked(spec, a.name());
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = spec == s_t ? SIG_DFL : !spec ? SIG_IGN : on_signal;
  if (sigaction(s, &sa, nullptr) < 0) errno_err(s_system_error, a.name(), "sigaction failed", errno);
  val old = sig_handlers[s];
  sig_handlers[s] = spec;
  if (!functionp(spec)) sig_pending[s] = 0;
  return old;
}

static val bi_get_sig_handler(const Args &a) { return sig_handlers[sig_arg(a[0], a.name())]; }

static val bi_sig_check(const Args &) {
  sig_check_deferred();
  return nullptr;
}

static val bi_raise(const Args &a) {
  bool ok = raise(int(c_int_range(a[0], 0, 64, a.name()))) == 0;
  sig_poll();
  return boolv(ok);
}

static val bi_strsignal(const Args &a) {
  const char *s = strsignal(int(c_int_range(a[0], INT_MIN, INT_MAX, a.name())));
  return s ? mkstr_utf8(s) : nullptr;
}

// ---- interval timers --------------------------------------------------------------------

static int64_t tv_usec(const struct timeval &tv) { return int64_t(tv.tv_sec) * 1000000 + tv.tv_usec; }
static struct timeval usec_tv(int64_t us) { return {time_t(us / 1000000), suseconds_t(us % 1000000)}; }

static int timer_arg(val v, const char *self) {
  int t = int(c_int_range(v, INT_MIN, INT_MAX, self));
  if (t != ITIMER_REAL && t != ITIMER_VIRTUAL && t != ITIMER_PROF) range_err(self, "invalid timer", v);
  return t;
}

static val bi_getitimer(const Args &a) {
  struct itimerval it;
  if (getitimer(__itimer_which(timer_arg(a[0], a.name())), &it) < 0)
    errno_err(s_system_error, a.name(), "failed", errno);
  return list({mkint(tv_usec(it.it_interval)), mkint(tv_usec(it.it_value))});
}

static val bi_setitimer(const Args &a) {
  struct itimerval it, old;
  it.it_interval = usec_tv(c_int_range(a[1], 0, INT64_MAX, a.name()));
  it.it_value = usec_tv(c_int_range(a[2], 0, INT64_MAX, a.name()));
  if (setitimer(__itimer_which(timer_arg(a[0], a.name())), &it, &old) < 0)
    errno_err(s_system_error, a.name(), "failed", errno);
  return list({mkint(tv_usec(old.it_interval)), mkint(tv_usec(old.it_value))});
}

static const BuiltinDef signal_builtins[] = {
    {"set-sig-handler", 2, 0, false, bi_set_sig_handler},
    {"get-sig-handler", 1, 0, false, bi_get_sig_handler},
    {"sig-check", 0, 0, false, bi_sig_check},
    {"raise", 1, 0, false, bi_raise},
    {"strsignal", 1, 0, false, bi_strsignal},
    {"getitimer", 1, 0, false, bi_getitimer},
    {"setitimer", 3, 0, false, bi_setitimer},
};

void init_signals() {
  static const struct {
    const char *name;
    int value;
  } consts[] = {
      {"sig-hup", SIGHUP},
      {"sig-int", SIGINT},
      {"sig-quit", SIGQUIT},
      {"sig-ill", SIGILL},
      {"sig-trap", SIGTRAP},
      {"sig-abrt", SIGABRT},
      {"sig-bus", SIGBUS},
      {"sig-fpe", SIGFPE},
      {"sig-kill", SIGKILL},
      {"sig-usr1", SIGUSR1},
      {"sig-segv", SIGSEGV},
      {"sig-usr2", SIGUSR2},
      {"sig-pipe", SIGPIPE},
      {"sig-alrm", SIGALRM},
      {"sig-term", SIGTERM},
      {"sig-chld", SIGCHLD},
      {"sig-cont", SIGCONT},
      {"sig-stop", SIGSTOP},
      {"sig-tstp", SIGTSTP},
      {"sig-ttin", SIGTTIN},
      {"sig-ttou", SIGTTOU},
      {"sig-urg", SIGURG},
      {"sig-xcpu", SIGXCPU},
      {"sig-xfsz", SIGXFSZ},
      {"sig-vtalrm", SIGVTALRM},
      {"sig-prof", SIGPROF},
      {"sig-poll", SIGPOLL},
      {"sig-sys", SIGSYS},
      {"sig-winch", SIGWINCH},
      {"sig-iot", SIGIOT},
      {"sig-stkflt", SIGSTKFLT},
      {"sig-io", SIGIO},
      {"sig-pwr", SIGPWR},
      {"itimer-real", ITIMER_REAL},
      {"itimer-virtual", ITIMER_VIRTUAL},
      {"itimer-prof", ITIMER_PROF},
  };
  for (auto &c : consts) defvar_builtin(c.name, mkfix(c.value), false);
  for (int s = 0; s <= kMaxSig; ++s) sig_handlers[s] = s_t;
  register_builtins(signal_builtins);
}

}  // namespace tine
