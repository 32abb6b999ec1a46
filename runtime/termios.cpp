// Terminal control: tcgetattr/tcsetattr with the termios structure (speeds
// as integers), tcsendbreak, tcdrain, tcflush, tcflow, the termios
// constants, and stty -g's text form for string-encode/string-decode.
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <string>

#include "stream.hpp"
#include "syserr.hpp"

namespace tine {

static val sym_termios, s_iflag, s_oflag, s_cflag, s_lflag, s_cc, s_ispeed, s_ospeed;

static const struct {
  speed_t code;
  long baud;
} speeds[] = {{B0, 0},
              {B50, 50},
              {B75, 75},
              {B110, 110},
              {B134, 134},
              {B150, 150},
              {B200, 200},
              {B300, 300},
              {B600, 600},
              {B1200, 1200},
              {B1800, 1800},
              {B2400, 2400},
              {B4800, 4800},
              {B9600, 9600},
              {B19200, 19200},
              {B38400, 38400},
              {B57600, 57600},
              {B115200, 115200},
              {B230400, 230400},
              {B460800, 460800},
              {B500000, 500000},
              {B576000, 576000},
              {B921600, 921600},
              {B1000000, 1000000},
              {B1152000, 1152000},
              {B1500000, 1500000},
              {B2000000, 2000000},
              {B2500000, 2500000},
              {B3000000, 3000000},
              {B3500000, 3500000},
              {B4000000, 4000000}};

static long baud_of(speed_t code) {
  for (auto &s : speeds)
    if (s.code == code) return s.baud;
  return 0;
}

static speed_t code_of(val baud, const char *self) {
  long b = long(c_int_range(baud, 0, LONG_MAX, self));
  for (auto &s : speeds)
    if (s.baud == b) return s.code;
  range_err(self, "unsupported speed", baud);
}

// The device: a stream or descriptor, *stdin* by default.
static int tty_fd(val v, const char *self) {
  if (absent(v)) v = sym(intern("*stdin*"))->value;
  if (is(v, T::Stream)) {
    int fd = stream_checked(v, self)->fd();
    if (fd < 0) errorf(s_file_error, "~a: ~s has no file descriptor", self, v);
    return fd;
  }
  return int(c_int_range(v, 0, INT_MAX, self));
}

static val termios_to_lisp(const struct termios &t, val obj, const char *self) {
  val cc = make_vec(NCCS, nullptr);
  for (int i = 0; i < NCCS; ++i) vec_of(cc)->data[i] = mkfix(t.c_cc[i]);
  val kv[] = {s_iflag,  mkuint(t.c_iflag),
              s_oflag,  mkuint(t.c_oflag),
              s_cflag,  mkuint(t.c_cflag),
              s_lflag,  mkuint(t.c_lflag),
              s_cc,     cc,
              s_ispeed, mkint(baud_of(cfgetispeed(&t))),
              s_ospeed, mkint(baud_of(cfgetospeed(&t)))};
  if (!obj) return make_sys_struct_kv(sym_termios, kv, 14, self);
  for (int i = 0; i < 14; i += 2) sys_struct_set_slot(obj, kv[i], kv[i + 1], self);
  return obj;
}

static void termios_from_lisp(val obj, struct termios *t, const char *self) {
  auto flag = [&](val slot) { return tcflag_t(c_int_range(sys_struct_slot(obj, slot, self), 0, UINT32_MAX, self)); };
  *t = {};
  t->c_iflag = flag(s_iflag);
  t->c_oflag = flag(s_oflag);
  t->c_cflag = flag(s_cflag);
  t->c_lflag = flag(s_lflag);
  val cc = sys_struct_slot(obj, s_cc, self);
  SeqIter it(cc, self);
  int i = 0;
  for (val v; i < NCCS && it.next(&v); ++i) t->c_cc[i] = cc_t(c_int_range(v, 0, 255, self));
  val is = sys_struct_slot(obj, s_ispeed, self), os = sys_struct_slot(obj, s_ospeed, self);
  if (os) cfsetospeed(t, code_of(os, self));
  if (is) cfsetispeed(t, code_of(is, self));
}

static val bi_tcgetattr(const Args &a) {
  struct termios t;
  if (tcgetattr(tty_fd(a[0], a.name()), &t) < 0) errno_err(s_system_error, a.name(), "tcgetattr failed", errno);
  return termios_to_lisp(t, nullptr, a.name());
}

static val bi_tcsetattr(const Args &a) {
  struct termios t;
  termios_from_lisp(a[0], &t, a.name());
  int actions = absent(a[1]) ? TCSADRAIN : int(c_int_range(a[1], 0, INT_MAX, a.name()));
  if (tcsetattr(tty_fd(a[2], a.name()), actions, &t) < 0)
    errno_err(s_system_error, a.name(), "tcsetattr failed", errno);
  return s_t;
}

static val tc_result(int rc, const char *self) {
  if (rc < 0) errno_err(s_system_error, self, "failed", errno);
  return s_t;
}

static val bi_tcsendbreak(const Args &a) {
  int ms = absent(a[0]) ? 500 : int(c_int_range(a[0], 0, INT_MAX, a.name()));
  return tc_result(tcsendbreak(tty_fd(a[1], a.name()), ms), a.name());
}
static val bi_tcdrain(const Args &a) { return tc_result(tcdrain(tty_fd(a[0], a.name())), a.name()); }
static val bi_tcflush(const Args &a) {
  return tc_result(tcflush(tty_fd(a[1], a.name()), int(c_int_range(a[0], 0, INT_MAX, a.name()))), a.name());
}
static val bi_tcflow(const Args &a) {
  return tc_result(tcflow(tty_fd(a[1], a.name()), int(c_int_range(a[0], 0, INT_MAX, a.name()))), a.name());
}

// stty -g's form: iflag:oflag:cflag:lflag:cc0:...:ccN in hex, with the
// speeds inside cflag.
static val bi_termios_encode(const Args &a) {
  struct termios t;
  termios_from_lisp(a[0], &t, a.name());
  char buf[32];
  std::string s;
  snprintf(buf, sizeof buf, "%x:%x:%x:%x", unsigned(t.c_iflag), unsigned(t.c_oflag), unsigned(t.c_cflag),
           unsigned(t.c_lflag));
  s = buf;
  for (int i = 0; i < NCCS; ++i) {
    snprintf(buf, sizeof buf, ":%x", unsigned(t.c_cc[i]));
    s += buf;
  }
  return mkstr_utf8(s);
}

static val bi_termios_decode(const Args &a) {
  std::string s = path_utf8(a[1], a.name());
  struct termios t = {};
  unsigned long f[4 + NCCS];
  int n = 0;
  const char *p = s.c_str();
  while (*p && n < 4 + NCCS) {
    char *end;
    f[n++] = strtoul(p, &end, 16);
    if (end == p || (*end && *end != ':')) errorf(s_error, "~a: malformed settings ~s", a.name(), a[1]);
    p = *end ? end + 1 : end;
  }
  if (n < 4) errorf(s_error, "~a: malformed settings ~s", a.name(), a[1]);
  t.c_iflag = tcflag_t(f[0]);
  t.c_oflag = tcflag_t(f[1]);
  t.c_cflag = tcflag_t(f[2]);
  t.c_lflag = tcflag_t(f[3]);
  for (int i = 0; i + 4 < n; ++i) t.c_cc[i] = cc_t(f[i + 4]);
  return termios_to_lisp(t, a[0], a.name());
}

static const BuiltinDef termios_builtins[] = {
    {"tcgetattr", 0, 1, false, bi_tcgetattr},
    {"tcsetattr", 1, 2, false, bi_tcsetattr},
    {"tcsendbreak", 0, 2, false, bi_tcsendbreak},
    {"tcdrain", 0, 1, false, bi_tcdrain},
    {"tcflush", 1, 1, false, bi_tcflush},
    {"tcflow", 1, 1, false, bi_tcflow},
    {"sys:termios-encode", 1, 0, false, bi_termios_encode},
    {"sys:termios-decode", 2, 0, false, bi_termios_decode},
};

void init_termios() {
  sym_termios = intern("termios");
  s_iflag = intern("iflag");
  s_oflag = intern("oflag");
  s_cflag = intern("cflag");
  s_lflag = intern("lflag");
  s_cc = intern("cc");
  s_ispeed = intern("ispeed");
  s_ospeed = intern("ospeed");
  static const struct {
    const char *name;
    long value;
  } consts[] = {
      // input flags
      {"ignbrk", IGNBRK},
      {"brkint", BRKINT},
      {"ignpar", IGNPAR},
      {"parmrk", PARMRK},
      {"inpck", INPCK},
      {"istrip", ISTRIP},
      {"inlcr", INLCR},
      {"igncr", IGNCR},
      {"icrnl", ICRNL},
      {"iuclc", IUCLC},
      {"ixon", IXON},
      {"ixany", IXANY},
      {"ixoff", IXOFF},
      {"imaxbel", IMAXBEL},
      {"iutf8", IUTF8},
      // output flags
      {"opost", OPOST},
      {"olcuc", OLCUC},
      {"onlcr", ONLCR},
      {"ocrnl", OCRNL},
      {"onocr", ONOCR},
      {"onlret", ONLRET},
      {"ofill", OFILL},
      {"ofdel", OFDEL},
      {"vtdly", VTDLY},
      {"vt0", VT0},
      {"vt1", VT1},
      {"nldly", NLDLY},
      {"nl0", NL0},
      {"nl1", NL1},
      {"crdly", CRDLY},
      {"cr0", CR0},
      {"cr1", CR1},
      {"cr2", CR2},
      {"cr3", CR3},
      {"tabdly", TABDLY},
      {"tab0", TAB0},
      {"tab1", TAB1},
      {"tab2", TAB2},
      {"tab3", TAB3},
      {"bsdly", BSDLY},
      {"bs0", BS0},
      {"bs1", BS1},
      {"ffdly", FFDLY},
      {"ff0", FF0},
      {"ff1", FF1},
      // control flags
      {"csize", CSIZE},
      {"cs5", CS5},
      {"cs6", CS6},
      {"cs7", CS7},
      {"cs8", CS8},
      {"cstopb", CSTOPB},
      {"cread", CREAD},
      {"parenb", PARENB},
      {"parodd", PARODD},
      {"hupcl", HUPCL},
      {"clocal", CLOCAL},
      {"cbaud", CBAUD},
      {"cbaudex", CBAUDEX},
      {"cmspar", CMSPAR},
      {"crtscts", CRTSCTS},
      // local flags
      {"isig", ISIG},
      {"icanon", ICANON},
      {"echo", ECHO},
      {"echoe", ECHOE},
      {"echok", ECHOK},
      {"echonl", ECHONL},
      {"noflsh", NOFLSH},
      {"tostop", TOSTOP},
      {"iexten", IEXTEN},
      {"xcase", XCASE},
      {"echoctl", ECHOCTL},
      {"echoprt", ECHOPRT},
      {"echoke", ECHOKE},
      {"flusho", FLUSHO},
      {"pendin", PENDIN},
      {"extproc", EXTPROC},
      // control characters (indices of cc)
      {"vintr", VINTR},
      {"vquit", VQUIT},
      {"verase", VERASE},
      {"vkill", VKILL},
      {"veof", VEOF},
      {"vtime", VTIME},
      {"vmin", VMIN},
      {"vswtc", VSWTC},
      {"vstart", VSTART},
      {"vstop", VSTOP},
      {"vsusp", VSUSP},
      {"veol", VEOL},
      {"vreprint", VREPRINT},
      {"vdiscard", VDISCARD},
      {"vwerase", VWERASE},
      {"vlnext", VLNEXT},
      {"veol2", VEOL2},
      // tcflow, tcflush, tcsetattr
      {"tcooff", TCOOFF},
      {"tcoon", TCOON},
      {"tcioff", TCIOFF},
      {"tcion", TCION},
      {"tciflush", TCIFLUSH},
      {"tcoflush", TCOFLUSH},
      {"tcioflush", TCIOFLUSH},
      {"tcsanow", TCSANOW},
      {"tcsadrain", TCSADRAIN},
      {"tcsaflush", TCSAFLUSH},
  };
  for (auto &c : consts) defvar_builtin(c.name, mkint(c.value), false);
  register_builtins(termios_builtins);
}

}  // namespace tine
