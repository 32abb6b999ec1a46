// Stream implementations (descriptor, string input, string output) and the
// stream builtins.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "lazy.hpp"
#include "printer.hpp"
#include "stream.hpp"
#include "struct.hpp"
#include "syserr.hpp"

namespace tine {

val std_input, std_output, std_error;
static val stdout_sym, stdin_sym, stderr_sym;

val current_output() { return stdout_sym ? sym(stdout_sym)->value : std_output; }
val current_input() { return stdin_sym ? sym(stdin_sym)->value : std_input; }
val current_error() { return stderr_sym ? sym(stderr_sym)->value : std_error; }

bool Stream::put_bytes(const char *, size_t) { return false; }

void Stream::io_error(const char *what, int eno) {
  std::u32string text = U"#<";
  text += utf8_decode(kind_name());
  if (name) {
    text += U" ";
    print_to(name, text, false);
  }
  text += U">";
  if (!eno) errorf(s_file_error, "error ~a ~a: file closed", what, mkstr(text));
  errorf(s_file_error, "error ~a ~a: ~a/~s", what, mkstr(text), eno, strerror(eno));
}

bool Stream::close() {
  closed = true;
  return true;
}

int32_t Stream::get_char() {
  int c = get_byte();
  if (c < 0) return -1;
  if (c < 0x80) return c;
  int extra = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 0;
  if (extra == 0) return 0xDC00 + c;
  char buf[4] = {char(c)};
  int got = 1;
  for (; got <= extra; ++got) {
    int d = get_byte();
    if (d < 0) break;
    buf[got] = char(d);
    if ((d & 0xC0) != 0x80) {
      ++got;
      break;
    }
  }
  std::u32string dec = utf8_decode(std::string_view(buf, size_t(got)));
  for (size_t i = dec.size(); i > 1; --i) pushback.push_back(dec[i - 1]);
  return int32_t(dec[0]);
}

void Stream::put_string(std::u32string_view s) {
  std::string b = utf8_encode(s);
  put_bytes(b.data(), b.size());
}

int32_t Stream::read_char() {
  if (!pushback.empty()) {
    char32_t c = pushback.back();
    pushback.pop_back();
    return int32_t(c);
  }
  return get_char();
}

// The first write error that no caller could be told about (a flush before
// running a process, a finalizer's close): reported when the program ends.
static val lost_write;

static val write_error_text(Stream *s) {
  std::u32string text = U"error writing #<";
  text += utf8_decode(s->kind_name());
  if (s->name) {
    text += U" ";
    print_to(s->name, text, false);
  }
  text += U">: ";
  int eno = s->err ? s->err : EIO;
  text += utf8_decode(std::to_string(eno) + "/\"" + strerror(eno) + "\"");
  return mkstr(text);
}

// ---- descriptor streams ---------------------------------------------------------

static HiddenPtr<FdStream> open_outputs;  // the open output streams, unseen by the collector

// ---- descriptor pressure ----------------------------------------------------------
// The collector sees only heap bytes, not descriptors: a loop that opens
// files and drops the streams would run out of descriptors (EMFILE) long
// before a collection finalized the dropped ones.  So the descriptors of
// streams are counted; past a slack since the last collection, opening
// collects first, and an open that fails with EMFILE or ENFILE collects,
// runs the finalizers (which flush and close dropped streams) and retries.
static size_t live_fds, fds_at_gc;

static size_t fd_slack() {
  static size_t slack = 0;
  if (!slack) {
    struct rlimit rl;
    size_t lim = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY ? size_t(rl.rlim_cur) : 1024;
    slack = lim / 4 > 16 ? lim / 4 : 16;
  }
  return slack;
}

void collect_descriptors() {
  GC_gcollect();
  GC_invoke_finalizers();
  run_pending_finalizers();
  fds_at_gc = live_fds;
}

bool retry_for_descriptors(int eno) {
  if (eno != EMFILE && eno != ENFILE) return false;
  collect_descriptors();
  return true;
}

static void note_fd_pressure() {
  if (live_fds >= fds_at_gc + fd_slack()) collect_descriptors();
}

int open_collecting(const char *path, int flags, mode_t mode) {
  note_fd_pressure();
  int fd = ::open(path, flags, mode);
  if (fd < 0 && (errno == EMFILE || errno == ENFILE)) {
    collect_descriptors();
    fd = ::open(path, flags, mode);
  }
  return fd;
}

FdStream::FdStream(int f, bool r, bool w, bool o) : fdes(f), readable(r), writable(w), own(o) {
  if (own && fdes > 2) ++live_fds;
  interactive = isatty(f);
  if (w) {
    next_out = open_outputs;
    if (FdStream *first = open_outputs.get()) first->prev_out.set(this);
    open_outputs.set(this);
    linked = true;
  }
}

void FdStream::unlink_output() {
  if (!linked) return;
  linked = false;
  FdStream *prev = prev_out.get(), *next = next_out.get();
  if (prev)
    prev->next_out.set(next);
  else if (open_outputs.get() == this)
    open_outputs.set(next);
  if (next) next->prev_out.set(prev);
  next_out.set(nullptr);
  prev_out.set(nullptr);
}

ssize_t FdStream::fill(uint8_t *buf, size_t n) {
  ssize_t got;
  while ((got = ::read(fdes, buf, n)) < 0 && errno == EINTR) sig_poll();
  if (got < 0) err = errno;
  return got;
}

// A read error is a file-error (reading a directory: EISDIR), as in TXR;
// no data yet on a non-blocking descriptor is the end of what there is.
int FdStream::get_byte() {
  if (rpos < rlen && !closed) return rbuf[rpos++];
  if (closed) io_error("reading", 0);
  if (!readable) io_error("reading", EBADF);
  if (interactive && std_output) static_cast<StreamObj *>(std_output)->impl->flush();
  if (!rbuf) rbuf = static_cast<uint8_t *>(gc_atomic(bufsz));
  ssize_t n = fill(rbuf, bufsz);
  if (n < 0 && err != EAGAIN && err != EWOULDBLOCK) io_error("reading", err);
  if (n <= 0) return -1;
  rpos = 0;
  rlen = size_t(n);
  return rbuf[rpos++];
}

// get-line straight from the read buffer: the newline is found with memchr
// and the bytes before it are decoded in one go.
val FdStream::get_line() {
  if (!pushback.empty() || closed || !readable) return Stream::get_line();
  std::string bytes;
  bool any = false;
  for (;;) {
    if (rpos >= rlen) {
      if (get_byte() < 0) break;  // refills the buffer
      --rpos;
    }
    const uint8_t *start = rbuf + rpos, *end = rbuf + rlen;
    const uint8_t *nl = static_cast<const uint8_t *>(memchr(start, '\n', size_t(end - start)));
    any = true;
    if (nl && bytes.empty()) {
      // The whole line is in the buffer: decode it from there.
      rpos += size_t(nl - start) + 1;
      size_t n = size_t(nl - start);
      if (n && nl[-1] == '\r') --n;
      return mkstr_utf8(std::string_view(reinterpret_cast<const char *>(start), n));
    }
    if (nl) {
      bytes.append(start, nl);
      rpos += size_t(nl - start) + 1;
      break;
    }
    bytes.append(start, end);
    rpos = rlen;
  }
  if (!any) return nullptr;
  if (!bytes.empty() && bytes.back() == '\r') bytes.pop_back();
  return mkstr_utf8(bytes);
}

bool FdStream::write_all(const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fdes, p, n);
    if (w < 0 && errno == EINTR) {
      sig_poll();
      continue;
    }
    if (w <= 0) {
      err = w < 0 ? errno : EIO;
      return false;
    }
    p += w;
    n -= size_t(w);
  }
  return true;
}

// Every write is checked: a full disk (ENOSPC), a closed pipe with SIGPIPE
// ignored (EPIPE), a read-only stream (EBADF) are file-errors at the
// operation that finds them, so no data is lost silently and no writer
// loops on a dead pipe.
bool FdStream::put_bytes(const char *p, size_t n) {
  if (closed) io_error("writing", 0);
  if (!writable) io_error("writing", EBADF);
  if (unbuffered) {
    if (!write_all(p, n)) io_error("writing", err);
    return true;
  }
  if (!wbuf) wbuf = static_cast<char *>(gc_atomic(bufsz));
  if (wlen + n > bufsz) {
    if (!flush_buffer()) io_error("writing", err);
    if (n > bufsz) {
      if (!write_all(p, n)) io_error("writing", err);
      return true;
    }
  }
  memcpy(wbuf + wlen, p, n);
  wlen += n;
  if ((interactive || line_buffered) && memchr(p, '\n', n) && !flush_buffer()) io_error("writing", err);
  return true;
}

bool FdStream::flush_buffer() {
  if (wlen == 0 || closed) return true;
  size_t n = wlen;
  wlen = 0;
  return write_all(wbuf, n);
}

void FdStream::flush() {
  if (closed) {
    if (writable) io_error("flushing", 0);
    return;
  }
  if (!flush_buffer()) io_error("flushing", err);
}

bool FdStream::seek(int64_t off, int whence, int64_t *pos) {
  if (!flush_buffer()) io_error("writing", err);
  if (whence == SEEK_CUR) off -= int64_t(rlen - rpos);
  rpos = rlen = 0;
  pushback.clear();
  off_t r = lseek(fdes, off_t(off), whence);
  if (r < 0) return false;
  *pos = int64_t(r);
  return true;
}

// Closing never throws (finalizers close too): a failed final write or
// close makes it return false, and close-stream reports that.
bool FdStream::close() {
  if (closed) return true;
  bool ok = flush_buffer();
  unlink_output();
  closed = true;
  ok = ok && err == 0;
  if (own && fdes > 2) {
    --live_fds;
    if (::close(fdes) != 0) {
      if (!err) err = errno;
      ok = false;
    }
  }
  return ok;
}

bool flush_all_streams_checked(Stream **failed) {
  bool ok = true;
  for (FdStream *s = open_outputs.get(); s; s = s->next_out.get())
    if (!s->flush_buffer() && ok) {
      ok = false;
      if (failed) *failed = s;
    }
  return ok;
}

void flush_all_streams() {
  Stream *failed = nullptr;
  if (!flush_all_streams_checked(&failed) && !lost_write) lost_write = write_error_text(failed);
}

bool finish_output(std::string *message) {
  Stream *failed = nullptr;
  if (!flush_all_streams_checked(&failed) && !lost_write) lost_write = write_error_text(failed);
  if (!lost_write) return true;
  if (message) *message = utf8(lost_write);
  lost_write = nullptr;
  return false;
}

// ---- the null stream ------------------------------------------------------------------

// *stdnull*: empty to read, a sink to write; fileno opens /dev/null on demand.
struct NullStream : Stream {
  mutable int devnull = -1;
  bool put_bytes(const char *, size_t) override { return true; }
  void put_string(std::u32string_view) override {}
  bool is_output() const override { return true; }
  const char *kind_name() const override { return "null-stream"; }
  int fd() const override {
    if (devnull < 0) devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    return devnull;
  }
  bool close() override {
    if (devnull >= 0) ::close(devnull);
    devnull = -1;
    return true;
  }
  // Closing only releases the descriptor: the shared sink stays usable.
  val close_stream(bool, const char *) override {
    close();
    return s_t;
  }
};

static val stdnull_stream;
val std_null() { return stdnull_stream; }

// ---- string streams ---------------------------------------------------------------

struct StrInStream : Stream {
  gc_u32string data;
  size_t pos = 0;
  const char *kind_name() const override { return "string-input-stream"; }
  int32_t get_char() override { return pos < data.size() ? int32_t(data[pos++]) : -1; }
  int get_byte() override {
    int32_t c = get_char();
    return c < 0 ? -1 : int(c & 0xFF);
  }
};

struct StrOutStream : Stream {
  gc_u32string data;
  bool is_output() const override { return true; }
  const char *kind_name() const override { return "string-output-stream"; }
  void put_string(std::u32string_view s) override { data += s; }
  bool put_bytes(const char *p, size_t n) override {
    data += utf8_decode(std::string_view(p, n));
    return true;
  }
};

// ---- stream objects ------------------------------------------------------------------

// The finalizer sits on the implementation, not the wrapper: C++ code that
// holds only the Stream* keeps the descriptor open.
// Buffered output of a dropped stream is written out here; if that fails,
// the loss is reported when the program ends.
static void finalize_stream(void *obj, void *) {
  Stream *s = static_cast<Stream *>(obj);
  auto *fs = dynamic_cast<FdStream *>(s);
  bool pending = fs && !fs->closed && fs->wlen > 0;
  if (!s->close() && pending && !lost_write) lost_write = write_error_text(s);
  s->~Stream();
}

val make_stream_obj(Stream *impl) {
  StreamObj *o = gc_obj<StreamObj>(T::Stream);
  o->impl = impl;
  GC_register_finalizer_no_order(impl, finalize_stream, nullptr, nullptr, nullptr);
  return o;
}

Stream *stream_checked(val v, const char *self) {
  if (!is(v, T::Stream)) type_err(self, v, "a stream");
  return static_cast<StreamObj *>(v)->impl;
}

Stream *stream_arg(val v, val dflt, const char *self) {
  if (missing(v) || !v) v = dflt;
  if (v == s_t) v = current_output();
  return stream_checked(v, self);
}

val open_fd_stream(int fd, const char *mode, val name, bool own) {
  OpenMode m = parse_open_mode(mkstr_utf8(mode), "r", "open-fileno");
  return make_fd_stream(gc_new<FdStream>(fd, m.read, m.write, own), m, name);
}

val make_fd_stream(FdStream *s, const OpenMode &m, val name) {
  s->name = name;
  s->line_buffered = m.linebuf;
  s->unbuffered = m.unbuf;
  if (m.buf_order >= 0) s->bufsz = size_t(1024) << m.buf_order;
  return make_stream_obj(s);
}

val make_string_input(val str) {
  StrInStream *s = gc_new<StrInStream>();
  s->data = sv(str);
  return make_stream_obj(s);
}

val make_string_output() { return make_stream_obj(gc_new<StrOutStream>()); }

val string_output_contents(val stream) {
  StrOutStream *s = dynamic_cast<StrOutStream *>(stream_checked(stream, "get-string-from-stream"));
  if (!s) type_err("get-string-from-stream", stream, "a string output stream");
  val out = mkstr(s->data);
  s->data.clear();
  return out;
}

void put_str(val stream, std::u32string_view s) { stream_checked(stream, "put-string")->put_string(s); }
void put_str(val stream, std::string_view s) { stream_checked(stream, "put-string")->put_bytes(s.data(), s.size()); }

// ---- closing, properties ---------------------------------------------------------------

// A stream with a child process (open-command, open-fileno's pid) returns
// the child's exit status, or nil when it did not exit normally.
val Stream::close_stream(bool throw_on_error, const char *self) {
  if (closed) return close_result;
  bool ok = close();
  if (child_pid > 0) {
    int status = 0;
    pid_t r;
    r = wait_for(child_pid, &status, 0);
    child_pid = 0;
    close_result = r > 0 && WIFEXITED(status) ? mkfix(WEXITSTATUS(status)) : nullptr;
    if (!close_result && throw_on_error)
      errorf(s_process_error, "~a: the process of ~s did not exit normally", self, name);
    return close_result;
  }
  close_result = boolv(ok);
  if (!ok && throw_on_error)
    errorf(s_file_error, "~a: error closing ~s: ~a/~s", self, name, err, strerror(err ? err : EIO));
  return close_result;
}

static val kw_name, kw_fd;

val Stream::get_prop(val ind) {
  if (ind == kw_name) return name;
  if (ind == kw_fd) {
    int f = fd();
    return f < 0 ? nullptr : mkfix(f);
  }
  return nullptr;
}

bool Stream::set_prop(val ind, val v) {
  if (ind != kw_name) return false;
  name = v;
  return true;
}

// ---- mode strings ---------------------------------------------------------------------------

[[noreturn]] static void bad_mode(const char *self, val mode, const char *why) {
  errorf(s_file_error, "~a: invalid mode string ~s: ~a", self, mode, why);
}

// >DIGIT(DIGIT|n|x) or >(DIGITS WS+ (DIGITS|n|x)); P is just past the '>'.
static const char32_t *parse_redirection(const char32_t *p, OpenMode &m, const char *self, val mode) {
  auto target = [&](const char32_t *&q) -> int {
    if (*q == 'n') return ++q, OpenMode::NullDev;
    if (*q == 'x') return ++q, OpenMode::Close;
    if (*q < '0' || *q > '9') bad_mode(self, mode, "bad redirection");
    int n = 0;
    while (*q >= '0' && *q <= '9' && n < 100000) n = n * 10 + int(*q++ - '0');
    return n;
  };
  if (m.nredir == 4) bad_mode(self, mode, "more than four redirections");
  OpenMode::Redir &r = m.redirs[m.nredir++];
  if (*p == '(') {
    ++p;
    if (*p < '0' || *p > '9') bad_mode(self, mode, "bad redirection");
    r.fd = target(p);
    if (*p != ' ' && *p != '\t') bad_mode(self, mode, "bad redirection");
    while (*p == ' ' || *p == '\t') ++p;
    r.to = target(p);
    if (*p++ != ')') bad_mode(self, mode, "bad redirection");
    return p;
  }
  if (*p < '0' || *p > '9') bad_mode(self, mode, "bad redirection");
  r.fd = int(*p++ - '0');
  if (*p >= '0' && *p <= '9')
    r.to = int(*p++ - '0');
  else if (*p == 'n' || *p == 'x')
    r.to = *p++ == 'n' ? OpenMode::NullDev : OpenMode::Close;
  else
    bad_mode(self, mode, "bad redirection");
  return p;
}

OpenMode parse_open_mode(val mode, const char *default_mode, const char *self) {
  std::u32string text = (missing(mode) || !mode) ? std::u32string() : u32(str_checked(mode, self));
  OpenMode m;
  const char32_t *p = text.c_str();
  char32_t sel = 0;
  bool plus = false;
  if (*p == 'r' || *p == 'w' || *p == 'a' || *p == 'm' || *p == 'T') sel = *p++;
  if (*p == '+') plus = true, ++p;
  if (!sel) {
    sel = plus ? 'r' : char32_t(default_mode[0]);
    if (!plus && default_mode[0] && default_mode[1] == '+') plus = true;
  }
  m.read = sel == 'r' || plus || sel == 'T';
  m.write = sel != 'r' || plus;
  m.create = sel == 'w' || sel == 'a' || sel == 'm';
  m.truncate = sel == 'w';
  m.append = sel == 'a';
  m.tmpfile = sel == 'T';
  while (*p) {
    char32_t c = *p++;
    switch (c) {
      case 'b': break;
      case 'x': m.excl = true; break;
      case 'l': m.linebuf = true; break;
      case 'u': m.unbuf = true; break;
      case 'i': m.linebuf = true; break;
      case 'n': m.nonblock = true; break;
      case 'z':
        m.gzip = true;
        if (*p >= '0' && *p <= '9') {
          int level = int(*p++ - '0');
          m.gzip_level = level ? level : 6;
        }
        break;
      case '>': p = parse_redirection(p, m, self, mode); break;
      case '?':
        if (*p < '0' || *p > '9') bad_mode(self, mode, "? needs a descriptor number");
        m.alt_fd = 0;
        while (*p >= '0' && *p <= '9' && m.alt_fd < 100000) m.alt_fd = m.alt_fd * 10 + int(*p++ - '0');
        break;
      default:
        if (c >= '0' && c <= '9') {
          m.buf_order = int(c - '0');
          break;
        }
        bad_mode(self, mode, "unknown option");
    }
  }
  if (m.linebuf && m.unbuf) bad_mode(self, mode, "l and u together");
  if (m.unbuf && m.buf_order >= 0) bad_mode(self, mode, "a buffer size with u");
  if (m.excl && sel != 'w') bad_mode(self, mode, "x needs w or w+");
  if (m.gzip && (plus || m.linebuf || m.unbuf || m.buf_order >= 0 || sel == 'T'))
    bad_mode(self, mode, "z takes neither +, l, u, i nor a buffer size");
  return m;
}

int OpenMode::open_flags() const {
  int f = read && write ? O_RDWR : write ? O_WRONLY : O_RDONLY;
  if (create) f |= O_CREAT;
  if (truncate) f |= O_TRUNC;
  if (append) f |= O_APPEND;
  if (excl) f |= O_EXCL;
  if (nonblock) f |= O_NONBLOCK;
  if (tmpfile) f = O_TMPFILE | O_RDWR;
  return f | O_CLOEXEC;
}

// ---- opening files ----------------------------------------------------------------------

val open_file(val path, val mode, const char *self) {
  std::string p = utf8(str_checked(path, self));
  OpenMode m = parse_open_mode(mode, "r", self);
  int fd = open_collecting(p.c_str(), m.open_flags(), 0666);
  if (fd < 0) {
    int eno = errno;
    errorf(eno == ENOENT                   ? s_path_not_found
           : eno == EEXIST                 ? s_path_exists
           : eno == EACCES || eno == EPERM ? s_path_permission
                                           : s_file_error,
           "~a: could not open ~s: ~a/~s", self, path, mkfix(eno), strerror(eno));
  }
  if (m.gzip) return open_gzip_fd(fd, m, path, self);
  return make_fd_stream(gc_new<FdStream>(fd, m.read, m.write, true), m, path);
}

// ---- builtins ---------------------------------------------------------------------------

static val bi_open_file(const Args &a) { return open_file(a[0], a[1], a.name()); }

// (open-fileno fd [mode [pid]]): with PID, close-stream waits for that process.
static val bi_open_fileno(const Args &a) {
  int fd = c_int(a[0], a.name());
  if (fcntl(fd, F_GETFD) < 0) sys_err(a.name(), "fcntl", errno, a[0]);
  OpenMode m = parse_open_mode(a[1], "r", a.name());
  int pid = missing(a[2]) || !a[2] ? 0 : c_int(a[2], a.name());
  if (pid < 0) range_err(a.name(), "invalid process ID", a[2]);
  val st = m.gzip ? open_gzip_fd(fd, m, nullptr, a.name())
                  : make_fd_stream(gc_new<FdStream>(fd, m.read, m.write, true), m, nullptr);
  stream_checked(st, a.name())->child_pid = pid;
  return st;
}

static val bi_close_stream(const Args &a) {
  return stream_checked(a[0], a.name())->close_stream(!missing(a[1]) && a[1], a.name());
}

static val bi_get_error(const Args &a) { return stream_checked(a[0], a.name())->error_state(); }

static val bi_get_error_str(const Args &a) {
  val e = stream_checked(a[0], a.name())->error_state();
  if (!e) return mkstr_utf8("no error");
  if (e == s_t) return mkstr_utf8("eof");
  return is_fixnum(e) ? mkstr_utf8(strerror(int(fixval(e)))) : tostringp(e);
}

static val bi_clear_error(const Args &a) {
  Stream *s = stream_checked(a[0], a.name());
  val old = s->error_state();
  s->clear_error();
  return old;
}

static val bi_stream_get_prop(const Args &a) { return stream_checked(a[0], a.name())->get_prop(a[1]); }

static val bi_stream_set_prop(const Args &a) { return boolv(stream_checked(a[0], a.name())->set_prop(a[1], a[2])); }

static val bi_flush_stream(const Args &a) {
  stream_arg(a[0], current_output(), a.name())->flush();
  return s_t;
}

static val bi_streamp(const Args &a) { return boolv(is(a[0], T::Stream)); }

static val bi_stream_fd(const Args &a) {
  int fd = stream_checked(a[0], a.name())->fd();
  return fd < 0 ? nullptr : mkfix(fd);
}

static Stream *out_arg(val v, const char *self) {
  Stream *s = stream_arg(v, current_output(), self);
  if (s->closed) errorf(s_file_error, "~a: stream is closed", self);
  return s;
}

static Stream *in_arg(val v, const char *self) { return stream_arg(v, current_input(), self); }

static val bi_put_string(const Args &a) {
  out_arg(a[1], a.name())->put_string(sv(str_checked(a[0], a.name())));
  return s_t;
}

static val bi_put_line(const Args &a) {
  Stream *s = out_arg(a[1], a.name());
  if (!missing(a[0]) && a[0]) s->put_string(sv(str_checked(a[0], a.name())));
  s->put_string(U"\n");
  return s_t;
}

static val bi_put_char(const Args &a) {
  if (!is_chr(a[0])) type_err(a.name(), a[0], "a character");
  char32_t c = chrval(a[0]);
  out_arg(a[1], a.name())->put_string(std::u32string_view(&c, 1));
  return s_t;
}

static val bi_put_byte(const Args &a) {
  intptr_t b = c_fixnum(a[0], a.name());
  if (b < 0 || b > 255) range_err(a.name(), "value out of byte range:", a[0]);
  char c = char(b);
  out_arg(a[1], a.name())->put_bytes(&c, 1);
  return s_t;
}

static val bi_get_char(const Args &a) {
  int32_t c = in_arg(a[0], a.name())->read_char();
  return c < 0 ? nullptr : mkchr(char32_t(c));
}

static val bi_unget_char(const Args &a) {
  if (!is_chr(a[0])) type_err(a.name(), a[0], "a character");
  in_arg(a[1], a.name())->unget_char(chrval(a[0]));
  return a[0];
}

static val bi_get_byte(const Args &a) {
  int c = in_arg(a[0], a.name())->get_byte();
  return c < 0 ? nullptr : mkfix(c);
}

val read_line(Stream *s) { return s->get_line(); }

val Stream::get_line() {
  Stream *s = this;
  std::u32string line;
  int32_t c = s->read_char();
  if (c < 0) return nullptr;
  while (c >= 0 && c != '\n') {
    line.push_back(char32_t(c));
    c = read_char();
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return mkstr(line);
}

static val bi_get_line(const Args &a) { return read_line(in_arg(a[0], a.name())); }

// The stream is closed at the end, as TXR's lazy list of lines does when it
// reaches the end.

static val bi_get_string(const Args &a) {
  Stream *s = in_arg(a[0], a.name());
  std::u32string out;
  for (int32_t c; (c = s->read_char()) >= 0;) out.push_back(char32_t(c));
  return mkstr(out);
}

static val bi_make_string_input_stream(const Args &a) { return make_string_input(str_checked(a[0], a.name())); }
static val bi_make_string_output_stream(const Args &) { return make_string_output(); }
static val bi_get_string_from_stream(const Args &a) { return string_output_contents(a[0]); }

static val bi_seek_stream(const Args &a) {
  Stream *s = stream_checked(a[0], a.name());
  int64_t off = c_int64(a[1], a.name());
  int whence = SEEK_SET;
  if (a[2] == keyword("from-current"))
    whence = SEEK_CUR;
  else if (a[2] == keyword("from-end"))
    whence = SEEK_END;
  else if (a[2] != keyword("from-start"))
    errorf(s_error, "seek-stream: invalid whence ~s", a[2]);
  int64_t pos;
  errno = EINVAL;
  if (!s->seek(off, whence, &pos)) sys_err(a.name(), "seek", errno, a[0]);
  return mkint(pos);
}

static const BuiltinDef stream_builtins[] = {
    {"open-file", 1, 1, false, bi_open_file},
    {"open-fileno", 1, 2, false, bi_open_fileno},
    {"stream-get-prop", 2, 0, false, bi_stream_get_prop},
    {"get-error", 1, 0, false, bi_get_error},
    {"get-error-str", 1, 0, false, bi_get_error_str},
    {"clear-error", 1, 0, false, bi_clear_error},
    {"stream-set-prop", 3, 0, false, bi_stream_set_prop},
    {"close-stream", 1, 1, false, bi_close_stream},
    {"flush-stream", 0, 1, false, bi_flush_stream},
    {"streamp", 1, 0, false, bi_streamp},
    {"fileno", 1, 0, false, bi_stream_fd},
    {"put-string", 1, 1, false, bi_put_string},
    {"put-line", 0, 2, false, bi_put_line},
    {"put-char", 1, 1, false, bi_put_char},
    {"put-byte", 1, 1, false, bi_put_byte},
    {"get-char", 0, 1, false, bi_get_char},
    {"unget-char", 1, 1, false, bi_unget_char},
    {"get-byte", 0, 1, false, bi_get_byte},
    {"get-line", 0, 1, false, bi_get_line},
    {"get-string", 0, 1, false, bi_get_string},
    {"make-string-input-stream", 1, 0, false, bi_make_string_input_stream},
    {"make-string-output-stream", 0, 0, false, bi_make_string_output_stream},
    {"get-string-from-stream", 1, 0, false, bi_get_string_from_stream},
    {"seek-stream", 3, 0, false, bi_seek_stream},
};

// A host program that never destroys its Runtime (or calls exit) still
// gets its output written out.
static void flush_at_exit() {
  std::string lost;
  if (!finish_output(&lost)) fprintf(stderr, "tine: %s\n", lost.c_str());
}

void init_streams() {
  std::atexit(flush_at_exit);
  std_input = open_fd_stream(0, "r", mkstr_utf8("stdin"), false);
  std_output = open_fd_stream(1, "w", mkstr_utf8("stdout"), false);
  std_error = open_fd_stream(2, "w", mkstr_utf8("stderr"), false);
  static_cast<FdStream *>(static_cast<StreamObj *>(std_error)->impl)->interactive = true;
  defvar_builtin("*stdin*", std_input);
  defvar_builtin("*stdout*", std_output);
  defvar_builtin("*stderr*", std_error);
  stdnull_stream = make_stream_obj(gc_new<NullStream>());
  static_cast<StreamObj *>(stdnull_stream)->impl->name = mkstr_utf8("null");
  defvar_builtin("*stdnull*", stdnull_stream);
  stdout_sym = intern("*stdout*");
  stdin_sym = intern("*stdin*");
  stderr_sym = intern("*stderr*");
  kw_name = keyword("name");
  kw_fd = keyword("fd");
  register_builtins(stream_builtins);
}

}  // namespace tine
