// syslog: openlog, closelog, setlogmask, syslog (with format's directives)
// and *stdlog*, a stream whose every line becomes a log message.
#include <syslog.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <string>

#include "stream.hpp"
#include "syserr.hpp"

namespace tine {

static val kw_prio;

// Each newline-terminated line is one message, logged at the priority
// current when the newline comes (the :prio property).
struct LogStream : Stream {
  int prio = LOG_INFO;
  std::string line;
  const char *kind_name() const override { return "syslog-stream"; }
  bool is_output() const override { return true; }
  bool put_bytes(const char *p, size_t n) override {
    for (size_t i = 0; i < n; ++i) {
      if (p[i] != '\n') {
        line.push_back(p[i]);
        continue;
      }
      syslog(prio, "%s", line.c_str());
      line.clear();
    }
    return true;
  }
  val get_prop(val ind) override { return ind == kw_prio ? mkfix(prio) : Stream::get_prop(ind); }
  bool set_prop(val ind, val v) override {
    if (ind != kw_prio) return Stream::set_prop(ind, v);
    prio = int(c_int_range(v, 0, INT_MAX, "stream-set-prop"));
    return true;
  }
};

static char *log_ident;  // openlog keeps the pointer: our own copy, replaced by the next openlog

static val bi_openlog(const Args &a) {
  std::string id = path_utf8(a[0], a.name());
  int options = absent(a[1]) ? 0 : int(c_int_range(a[1], 0, INT_MAX, a.name()));
  int facility = absent(a[2]) ? LOG_USER : int(c_int_range(a[2], 0, INT_MAX, a.name()));
  char *old = log_ident;
  log_ident = strdup(id.c_str());
  if (!log_ident) throw std::bad_alloc();
  openlog(log_ident, options, facility);
  free(old);
  return s_t;
}

static val bi_closelog(const Args &) {
  closelog();
  return s_t;
}

static val bi_setlogmask(const Args &a) { return mkfix(setlogmask(int(c_int_range(a[0], 0, INT_MAX, a.name())))); }

static val bi_syslog(const Args &a) {
  int prio = int(c_int_range(a[0], 0, INT_MAX, a.name()));
  std::string msg = utf8(format_str(a[1], a, 2, a.name()));
  syslog(prio, "%s", msg.c_str());
  return s_t;
}

static const BuiltinDef syslog_builtins[] = {
    {"openlog", 1, 2, false, bi_openlog},
    {"closelog", 0, 0, false, bi_closelog},
    {"setlogmask", 1, 0, false, bi_setlogmask},
    {"syslog", 2, 0, true, bi_syslog},
};

void init_syslog() {
  kw_prio = keyword("prio");
  static const struct {
    const char *name;
    int value;
  } consts[] = {
      {"log-pid", LOG_PID},           {"log-cons", LOG_CONS},     {"log-ndelay", LOG_NDELAY},
      {"log-odelay", LOG_ODELAY},     {"log-nowait", LOG_NOWAIT}, {"log-perror", LOG_PERROR},
      {"log-user", LOG_USER},         {"log-daemon", LOG_DAEMON}, {"log-auth", LOG_AUTH},
      {"log-authpriv", LOG_AUTHPRIV}, {"log-emerg", LOG_EMERG},   {"log-alert", LOG_ALERT},
      {"log-crit", LOG_CRIT},         {"log-err", LOG_ERR},       {"log-warning", LOG_WARNING},
      {"log-notice", LOG_NOTICE},     {"log-info", LOG_INFO},     {"log-debug", LOG_DEBUG},
  };
  for (auto &c : consts) defvar_builtin(c.name, mkfix(c.value), false);
  LogStream *s = gc_new<LogStream>();
  s->name = mkstr_utf8("syslog");
  defvar_builtin("*stdlog*", make_stream_obj(s));
  register_builtins(syslog_builtins);
}

}  // namespace tine
