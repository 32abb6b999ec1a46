// Stream implementations (descriptor, string input, string output) and the
// stream builtins.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "printer.hpp"
#include "stream.hpp"

namespace tine {

val std_input, std_output, std_error;
static val stdout_sym, stdin_sym;

val current_output() { return stdout_sym ? sym(stdout_sym)->value : std_output; }
val current_input() { return stdin_sym ? sym(stdin_sym)->value : std_input; }

bool Stream::put_bytes(const char *, size_t) { return false; }

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

// ---- descriptor streams ---------------------------------------------------------

struct FdStream;
static FdStream *open_outputs;  // intrusive list of unflushed-capable streams

struct FdStream : Stream {
  int fdes;
  bool readable, writable, own, interactive;
  uint8_t *rbuf = nullptr;
  size_t rpos = 0, rlen = 0;
  char *wbuf = nullptr;
  size_t wlen = 0;
  FdStream *next_out = nullptr, *prev_out = nullptr;
  static constexpr size_t BUFSZ = 65536;

  FdStream(int f, bool r, bool w, bool o) : fdes(f), readable(r), writable(w), own(o) {
    interactive = isatty(f);
    if (w) {
      wbuf = static_cast<char *>(gc_atomic(BUFSZ));
      next_out = open_outputs;
      if (open_outputs) open_outputs->prev_out = this;
      open_outputs = this;
    }
  }

  void unlink_output() {
    if (!writable) return;
    if (prev_out)
      prev_out->next_out = next_out;
    else if (open_outputs == this)
      open_outputs = next_out;
    if (next_out) next_out->prev_out = prev_out;
    next_out = prev_out = nullptr;
    writable = false;
  }

  int fd() const override { return fdes; }
  bool is_output() const override { return writable; }

  int get_byte() override {
    if (closed || !readable) return -1;
    if (rpos < rlen) return rbuf[rpos++];
    if (interactive && std_output) static_cast<StreamObj *>(std_output)->impl->flush();
    if (!rbuf) rbuf = static_cast<uint8_t *>(gc_atomic(BUFSZ));
    ssize_t n;
    do n = ::read(fdes, rbuf, BUFSZ);
    while (n < 0 && errno == EINTR);
    if (n <= 0) return -1;
    rpos = 0;
    rlen = size_t(n);
    return rbuf[rpos++];
  }

  bool write_all(const char *p, size_t n) {
    while (n > 0) {
      ssize_t w = ::write(fdes, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return false;
      p += w;
      n -= size_t(w);
    }
    return true;
  }

  bool put_bytes(const char *p, size_t n) override {
    if (closed || !writable) return false;
    if (wlen + n > BUFSZ) {
      flush();
      if (n > BUFSZ) return write_all(p, n);
    }
    memcpy(wbuf + wlen, p, n);
    wlen += n;
    if (interactive && memchr(p, '\n', n)) flush();
    return true;
  }

  void flush() override {
    if (wlen == 0 || closed) return;
    size_t n = wlen;
    wlen = 0;
    write_all(wbuf, n);
  }

  bool seek(int64_t off, int whence, int64_t *pos) override {
    flush();
    if (whence == SEEK_CUR) off -= int64_t(rlen - rpos);
    rpos = rlen = 0;
    pushback.clear();
    off_t r = lseek(fdes, off_t(off), whence);
    if (r < 0) return false;
    *pos = int64_t(r);
    return true;
  }

  bool close() override {
    if (closed) return true;
    flush();
    unlink_output();
    closed = true;
    if (own && fdes > 2) return ::close(fdes) == 0;
    return true;
  }
};

void flush_all_streams() {
  for (FdStream *s = open_outputs; s; s = s->next_out) s->flush();
}

// ---- string streams ---------------------------------------------------------------

struct StrInStream : Stream {
  gc_u32string data;
  size_t pos = 0;
  int32_t get_char() override { return pos < data.size() ? int32_t(data[pos++]) : -1; }
  int get_byte() override {
    int32_t c = get_char();
    return c < 0 ? -1 : int(c & 0xFF);
  }
};

struct StrOutStream : Stream {
  gc_u32string data;
  bool is_output() const override { return true; }
  void put_string(std::u32string_view s) override { data += s; }
  bool put_bytes(const char *p, size_t n) override {
    data += utf8_decode(std::string_view(p, n));
    return true;
  }
};

// ---- stream objects ------------------------------------------------------------------

// The finalizer sits on the implementation, not the wrapper: C++ code that
// holds only the Stream* keeps the descriptor open.
static void finalize_stream(void *obj, void *) {
  Stream *s = static_cast<Stream *>(obj);
  s->close();
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
  bool r = strchr(mode, 'r') || strchr(mode, '+');
  bool w = strchr(mode, 'w') || strchr(mode, 'a') || strchr(mode, '+');
  FdStream *s = gc_new<FdStream>(fd, r, w, own);
  s->name = name;
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

// ---- opening files ----------------------------------------------------------------------

static int open_flags(std::string_view mode, const char *self, val m) {
  bool plus = mode.find('+') != std::string_view::npos;
  if (mode.empty()) return O_RDONLY;
  switch (mode[0]) {
    case 'r': return plus ? O_RDWR : O_RDONLY;
    case 'w': return (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC;
    case 'a': return (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND;
    default: errorf(s_error, "~a: invalid mode ~s", self, m);
  }
}

val open_file(val path, val mode, const char *self) {
  std::string p = utf8(str_checked(path, self));
  std::string m = missing(mode) || !mode ? "r" : utf8(str_checked(mode, self));
  int fd = ::open(p.c_str(), open_flags(m, self, mode) | O_CLOEXEC, 0666);
  if (fd < 0) {
    int eno = errno;
    errorf(eno == ENOENT   ? s_path_not_found
           : eno == EACCES ? s_path_permission
                           : s_file_error,
           "~a: could not open ~s: ~a/~s", self, path, mkfix(eno), strerror(eno));
  }
  if (m.empty()) m.push_back('r');
  return open_fd_stream(fd, m.c_str(), path, true);
}

// ---- builtins ---------------------------------------------------------------------------

static val bi_open_file(const Args &a) { return open_file(a[0], a[1], a.name()); }

static val bi_open_fileno(const Args &a) {
  int fd = c_int(a[0], a.name());
  if (fcntl(fd, F_GETFD) < 0) sys_err(a.name(), "fcntl", errno, a[0]);
  std::string m = missing(a[1]) || !a[1] ? "r" : utf8(str_checked(a[1], a.name()));
  return open_fd_stream(fd, m.c_str(), nullptr, true);
}

static val bi_close_stream(const Args &a) {
  Stream *s = stream_checked(a[0], a.name());
  if (s->closed) return nullptr;
  return boolv(s->close());
}

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

val read_line(Stream *s) {
  std::u32string line;
  int32_t c = s->read_char();
  if (c < 0) return nullptr;
  while (c >= 0 && c != '\n') {
    line.push_back(char32_t(c));
    c = s->read_char();
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return mkstr(line);
}

static val bi_get_line(const Args &a) { return read_line(in_arg(a[0], a.name())); }

static val bi_get_lines(const Args &a) {
  Stream *s = in_arg(a[0], a.name());
  val out = nullptr;
  while (val l = read_line(s)) out = cons(l, out);
  return nreverse(out);
}

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

// Read a whole file as bytes.
static std::string slurp(val path, const char *self) {
  val st = open_file(path, nullptr, self);
  Stream *s = stream_checked(st, self);
  std::string out;
  for (int c; (c = s->get_byte()) >= 0;) out.push_back(char(c));
  s->close();
  return out;
}

static void spit(val path, const char *mode, const void *p, size_t n, const char *self) {
  val st = open_file(path, mkstr_utf8(mode), self);
  Stream *s = stream_checked(st, self);
  bool ok = s->put_bytes(static_cast<const char *>(p), n);
  s->flush();
  bool closed_ok = s->close();
  if (!ok || !closed_ok) sys_err(self, "write", errno, path);
}

static val bi_file_get_string(const Args &a) { return mkstr_utf8(slurp(a[0], a.name())); }

static val bi_file_put_string(const Args &a) {
  std::string s = utf8(str_checked(a[1], a.name()));
  spit(a[0], "w", s.data(), s.size(), a.name());
  return s_t;
}

static val bi_file_append_string(const Args &a) {
  std::string s = utf8(str_checked(a[1], a.name()));
  spit(a[0], "a", s.data(), s.size(), a.name());
  return s_t;
}

static val bi_file_get_lines(const Args &a) {
  val st = open_file(a[0], nullptr, a.name());
  Stream *s = stream_checked(st, a.name());
  val out = nullptr;
  while (val l = read_line(s)) out = cons(l, out);
  s->close();
  return nreverse(out);
}

static val bi_file_put_lines(const Args &a) {
  std::u32string text;
  SeqIter it(a[1], a.name());
  for (val l; it.next(&l);) {
    text += sv(str_checked(l, a.name()));
    text.push_back('\n');
  }
  std::string s = utf8_encode(text);
  spit(a[0], "w", s.data(), s.size(), a.name());
  return s_t;
}

static val bi_file_get_buf(const Args &a) {
  std::string s = slurp(a[0], a.name());
  size_t skip = missing(a[2]) || !a[2] ? 0 : size_t(c_fixnum(a[2], a.name()));
  size_t maxn = missing(a[1]) || !a[1] ? s.size() : size_t(c_fixnum(a[1], a.name()));
  if (skip > s.size()) skip = s.size();
  return buf_from(s.data() + skip, std::min(maxn, s.size() - skip));
}

static val bi_file_put_buf(const Args &a) {
  if (!is(a[1], T::Buf)) type_err(a.name(), a[1], "a buf");
  spit(a[0], "w", buf_of(a[1])->data, buf_of(a[1])->len, a.name());
  return s_t;
}

static val bi_file_append_buf(const Args &a) {
  if (!is(a[1], T::Buf)) type_err(a.name(), a[1], "a buf");
  spit(a[0], "a", buf_of(a[1])->data, buf_of(a[1])->len, a.name());
  return s_t;
}

static val bi_put_buf(const Args &a) {
  if (!is(a[0], T::Buf)) type_err(a.name(), a[0], "a buf");
  Stream *s = out_arg(a[1], a.name());
  s->put_bytes(reinterpret_cast<char *>(buf_of(a[0])->data), buf_of(a[0])->len);
  return mkfix(intptr_t(buf_of(a[0])->len));
}

static const BuiltinDef stream_builtins[] = {
    {"open-file", 1, 1, false, bi_open_file},
    {"open-fileno", 1, 1, false, bi_open_fileno},
    {"close-stream", 1, 1, false, bi_close_stream},
    {"flush-stream", 0, 1, false, bi_flush_stream},
    {"streamp", 1, 0, false, bi_streamp},
    {"fileno", 1, 0, false, bi_stream_fd},
    {"put-string", 1, 1, false, bi_put_string},
    {"put-line", 0, 2, false, bi_put_line},
    {"put-char", 1, 1, false, bi_put_char},
    {"put-byte", 1, 1, false, bi_put_byte},
    {"put-buf", 1, 1, false, bi_put_buf},
    {"get-char", 0, 1, false, bi_get_char},
    {"unget-char", 1, 1, false, bi_unget_char},
    {"get-byte", 0, 1, false, bi_get_byte},
    {"get-line", 0, 1, false, bi_get_line},
    {"get-lines", 0, 1, false, bi_get_lines},
    {"get-string", 0, 1, false, bi_get_string},
    {"make-string-input-stream", 1, 0, false, bi_make_string_input_stream},
    {"make-string-output-stream", 0, 0, false, bi_make_string_output_stream},
    {"get-string-from-stream", 1, 0, false, bi_get_string_from_stream},
    {"seek-stream", 3, 0, false, bi_seek_stream},
    {"file-get-string", 1, 0, false, bi_file_get_string},
    {"file-put-string", 2, 0, false, bi_file_put_string},
    {"file-append-string", 2, 0, false, bi_file_append_string},
    {"file-get-lines", 1, 0, false, bi_file_get_lines},
    {"file-put-lines", 2, 0, false, bi_file_put_lines},
    {"file-get-buf", 1, 2, false, bi_file_get_buf},
    {"file-put-buf", 2, 0, false, bi_file_put_buf},
    {"file-append-buf", 2, 0, false, bi_file_append_buf},
};

void init_streams() {
  std_input = open_fd_stream(0, "r", mkstr_utf8("stdin"), false);
  std_output = open_fd_stream(1, "w", mkstr_utf8("stdout"), false);
  std_error = open_fd_stream(2, "w", mkstr_utf8("stderr"), false);
  static_cast<FdStream *>(static_cast<StreamObj *>(std_error)->impl)->interactive = true;
  defvar_builtin("*stdin*", std_input);
  defvar_builtin("*stdout*", std_output);
  defvar_builtin("*stderr*", std_error);
  stdout_sym = intern("*stdout*");
  stdin_sym = intern("*stdin*");
  register_builtins(stream_builtins);
}

}  // namespace tine
