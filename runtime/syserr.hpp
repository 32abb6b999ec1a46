// Failed system calls as Lisp exceptions, and small helpers shared by the
// system modules (errno.cpp, identity.cpp, process.cpp, path.cpp, fs.cpp,
// socket.cpp ...).
#pragma once
#include <csignal>
#include <string>

#include "lisp.hpp"

namespace tine {

extern val s_socket_error;

// file-error, or the path-* subtype the manual gives for this errno.
val file_error_type(int eno);

// "SELF: WHAT "PATH": ERRNO/"TEXT"" as a file-error (or path-* subtype).
[[noreturn]] void file_err(const char *self, const char *what, val path, int eno);
// The same naming two paths (rename, link ...).
[[noreturn]] void file_err2(const char *self, const char *what, val from, val to, int eno);
// "SELF: WHAT: ERRNO/"TEXT"" as a system-error, process-error or socket-error.
[[noreturn]] void errno_err(val type, const char *self, const char *what, int eno);

// A path argument: a string (or a symbol's name) as UTF-8.
std::string path_utf8(val v, const char *self);
// An optional argument that is missing or nil.
inline bool absent(val v) { return missing(v) || !v; }
// A Lisp integer that must fit the C type T (uid_t, mode_t ...).
int64_t c_int_range(val v, int64_t lo, int64_t hi, const char *self);

// Instances of the system structures defined in stdlib/30-sys.tl (stat,
// passwd, utsname ...), built from slot/value pairs: the single place that
// knows how C++ makes a struct instance.
// (sysstruct.cpp)
val make_sys_struct(val type, std::initializer_list<std::pair<val, val>> slots, const char *self);
val make_sys_struct_plist(val type, val plist, const char *self);
val sys_struct_slot(val obj, val slot, const char *self);
void sys_struct_set_slot(val obj, val slot, val v, const char *self);
bool sys_struct_p(val v);
bool sys_struct_has_slot(val obj, val slot);
// The same with slot names and values alternating in an array (no consing).
val make_sys_struct_kv(val type, const val *kv, int nkv, const char *self);
// A maker of one type's instances from slot values in a fixed order, for
// hot paths (a stat structure per file in ftw).
struct SysStructMaker {
  static constexpr int kMax = 24;
  val type;
  const val *names;  // n slot names
  int n;
  struct StructType *cached = nullptr;
  bool direct = false;
  int index[kMax];
  val make(const val *values, const char *self);
};

// The function in obj's method (static) slot NAME, or nullptr.
val sys_method(val obj, val name);

// Deferred signals (signal.cpp): a blocking call that returns EINTR calls
// sig_poll before retrying, so a Lisp handler runs there.
extern volatile sig_atomic_t sig_any_pending;
void sig_check_deferred();
inline void sig_poll() {
  if (sig_any_pending) sig_check_deferred();
}

// Streams on children (process.cpp): open-command and open-process.
val open_command_stream(val command, val mode, const char *self);
val open_process_stream(val program, val mode, val args, const char *self);

// *load-hooks* (sys.cpp): load, the script runner and exit call these.
void run_load_hooks();
val load_hooks_symbol();
void run_exit_functions();  // load hooks and at-exit-call functions, at normal termination

// waitpid, retrying after signals.
int wait_for(int pid, int *status, int flags);

void init_errno();
void init_identity();
void init_process();
void init_signals();
void init_paths();
void init_gzip();
void init_getput();
void init_delegate_streams();
void init_fdio();
void init_syslog();
void init_termios();

}  // namespace tine
