// Whole-file and whole-command I/O: file-get-string, file-put-lines,
// file-get-buf, command-get-string, command-put-buf, map-command-lines ...
// Each opens a stream with the implied mode plus the caller's mode-opts,
// does one thing, and closes it.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <string>

#include "eval.hpp"
#include "stream.hpp"
#include "syserr.hpp"

namespace tine {

// The implied mode ("r", "w", "a", "m") followed by the options in OPTS.
static val mode_with(const char *implied, val opts, const char *self) {
  std::u32string m(implied, implied + strlen(implied));
  if (!absent(opts)) m += sv(str_checked(opts, self));
  return mkstr(m);
}

// A stream that is closed when this goes out of scope (unless done by hand).
// close() reports a file's write errors; a command's status is not an error.
struct Closer {
  val stream;
  const char *self;
  bool done = false;
  Closer(val s, const char *n) : stream(s), self(n) {}
  val close() {
    done = true;
    Stream *s = stream_checked(stream, self);
    return s->close_stream(s->child_pid == 0, self);
  }
  ~Closer() {
    if (!done) stream_checked(stream, self)->close_stream(false, self);
  }
  Stream *operator->() const { return stream_checked(stream, self); }
};

static std::u32string read_all_text(Stream *s) {
  std::u32string out;
  for (int32_t c; (c = s->read_char()) >= 0;) out.push_back(char32_t(c));
  return out;
}

static val read_all_lines(Stream *s) {
  val out = nullptr;
  while (val l = read_line(s)) out = cons(l, out);
  return nreverse(out);
}

// Reads up to MAX bytes (SIZE_MAX: all) after skipping SKIP.
static val read_all_bytes(Stream *s, size_t max, size_t skip) {
  int64_t pos;
  if (skip && !s->seek(int64_t(skip), SEEK_SET, &pos))
    for (size_t i = 0; i < skip && s->get_byte() >= 0; ++i) {
    }
  std::string out;
  for (int c; out.size() < max && (c = s->get_byte()) >= 0;) out.push_back(char(c));
  return buf_from(out.data(), out.size());
}

static void write_text(Stream *s, std::u32string_view t, const char *self, val name) {
  s->put_string(t);
  s->flush();
  if (s->err) file_err(self, "cannot write", name, s->err);
}

static void write_bytes(Stream *s, const void *p, size_t n, const char *self, val name) {
  if (!s->put_bytes(static_cast<const char *>(p), n) && !s->err) s->err = EIO;
  s->flush();
  if (s->err) file_err(self, "cannot write", name, s->err);
}

static std::u32string lines_text(val lines, const char *self) {
  std::u32string text;
  SeqIter it(lines, self);
  for (val l; it.next(&l);) {
    text += sv(str_checked(l, self));
    text.push_back('\n');
  }
  return text;
}

static size_t count_arg(val v, size_t dflt, const char *self) {
  return absent(v) ? dflt : size_t(c_int_range(v, 0, INT64_MAX, self));
}

static Buf *buf_arg(val v, const char *self) {
  if (!is(v, T::Buf)) type_err(self, v, "a buf");
  return buf_of(v);
}

// ---- files ----------------------------------------------------------------------------------

static val bi_file_get_string(const Args &a) {
  Closer s(open_file(a[0], mode_with("r", a[1], a.name()), a.name()), a.name());
  val out = mkstr(read_all_text(s.operator->()));
  s.close();
  return out;
}

static val put_string_file(const Args &a, const char *mode) {
  std::u32string_view t = sv(str_checked(a[1], a.name()));
  Closer s(open_file(a[0], mode_with(mode, a[2], a.name()), a.name()), a.name());
  write_text(s.operator->(), t, a.name(), a[0]);
  s.close();
  return s_t;
}

static val bi_file_put_string(const Args &a) { return put_string_file(a, "w"); }
static val bi_file_append_string(const Args &a) { return put_string_file(a, "a"); }

static val bi_file_get_lines(const Args &a) {
  Closer s(open_file(a[0], mode_with("r", a[1], a.name()), a.name()), a.name());
  val out = read_all_lines(s.operator->());
  s.close();
  return out;
}

static val put_lines_file(const Args &a, const char *mode) {
  std::u32string text = lines_text(a[1], a.name());
  Closer s(open_file(a[0], mode_with(mode, a[2], a.name()), a.name()), a.name());
  write_text(s.operator->(), text, a.name(), a[0]);
  s.close();
  return s_t;
}

static val bi_file_put_lines(const Args &a) { return put_lines_file(a, "w"); }
static val bi_file_append_lines(const Args &a) { return put_lines_file(a, "a"); }

// (file-get-buf name [max-bytes [skip-bytes [mode-opts]]]): unbuffered when
// limited, so that nothing past the range is read.
static val bi_file_get_buf(const Args &a) {
  size_t max = count_arg(a[1], SIZE_MAX, a.name()), skip = count_arg(a[2], 0, a.name());
  const char *implied = max == SIZE_MAX ? "r" : "ru";
  Closer s(open_file(a[0], mode_with(implied, a[3], a.name()), a.name()), a.name());
  val out = read_all_bytes(s.operator->(), max, skip);
  s.close();
  return out;
}

// Returns the number of bytes written.
static val put_buf_file(const Args &a, const char *mode, val skip_arg, val opts) {
  Buf *b = buf_arg(a[1], a.name());
  size_t skip = count_arg(skip_arg, 0, a.name());
  Closer s(open_file(a[0], mode_with(mode, opts, a.name()), a.name()), a.name());
  int64_t pos;
  if (skip && !s->seek(int64_t(skip), SEEK_SET, &pos)) file_err(a.name(), "cannot seek in", a[0], errno);
  write_bytes(s.operator->(), b->data, b->len, a.name(), a[0]);
  s.close();
  return mkuint(b->len);
}

static val bi_file_put_buf(const Args &a) { return put_buf_file(a, "w", a[2], a[3]); }
static val bi_file_place_buf(const Args &a) { return put_buf_file(a, "m", a[2], a[3]); }
static val bi_file_append_buf(const Args &a) { return put_buf_file(a, "a", nullptr, a[2]); }

// ---- commands --------------------------------------------------------------------------------

static val bi_command_get_string(const Args &a) {
  Closer s(open_command_stream(a[0], mode_with("r", a[1], a.name()), a.name()), a.name());
  val out = mkstr(read_all_text(s.operator->()));
  s.close();
  return out;
}

static val bi_command_get_lines(const Args &a) {
  Closer s(open_command_stream(a[0], mode_with("r", a[1], a.name()), a.name()), a.name());
  val out = read_all_lines(s.operator->());
  s.close();
  return out;
}

static val bi_command_get_buf(const Args &a) {
  size_t max = count_arg(a[1], SIZE_MAX, a.name()), skip = count_arg(a[2], 0, a.name());
  Closer s(open_command_stream(a[0], mkstr_utf8(max == SIZE_MAX ? "r" : "ru"), a.name()), a.name());
  val out = read_all_bytes(s.operator->(), max, skip);
  s.close();
  return out;
}

static val bi_command_put_string(const Args &a) {
  std::u32string_view t = sv(str_checked(a[1], a.name()));
  Closer s(open_command_stream(a[0], mode_with("w", a[2], a.name()), a.name()), a.name());
  write_text(s.operator->(), t, a.name(), a[0]);
  s.close();
  return s_t;
}

static val bi_command_put_lines(const Args &a) {
  std::u32string text = lines_text(a[1], a.name());
  Closer s(open_command_stream(a[0], mode_with("w", a[2], a.name()), a.name()), a.name());
  write_text(s.operator->(), text, a.name(), a[0]);
  s.close();
  return s_t;
}

static val bi_command_put_buf(const Args &a) {
  Buf *b = buf_arg(a[1], a.name());
  Closer s(open_command_stream(a[0], mkstr(U"w"), a.name()), a.name());
  write_bytes(s.operator->(), b->data, b->len, a.name(), a[0]);
  s.close();
  return mkuint(b->len);
}

// ---- filtering through a command ---------------------------------------------------------------

// The child reads INPUT from an unnamed temporary file and we read its
// output: no deadlock however much either side produces.
static val filter_stream(val program, val args, bool shell, const std::string &input, val opts, const char *self) {
  const char *dir = getenv("TMPDIR");
  if (!dir || !*dir) dir = "/tmp";
  int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) file_err(self, "cannot make a temporary file in", mkstr_utf8(dir), errno);
  val in = open_fd_stream(fd, "r", nullptr, true);
  Closer in_closer(in, self);
  for (size_t off = 0; off < input.size();) {
    ssize_t w = write(fd, input.data() + off, input.size() - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) file_err(self, "cannot write the input of", program, errno);
    off += size_t(w);
  }
  lseek(fd, 0, SEEK_SET);
  SpecialBind bind(intern("*stdin*"), in);
  val mode = mode_with("r", opts, self);
  return shell ? open_command_stream(program, mode, self) : open_process_stream(program, mode, args, self);
}

static std::string text_input(val lines_or_str, bool lines, const char *self) {
  return utf8_encode(lines ? lines_text(lines_or_str, self) : std::u32string(sv(str_checked(lines_or_str, self))));
}

static val map_lines(val prog, val args, bool shell, const Args &a, int i) {
  Closer s(filter_stream(prog, args, shell, text_input(a[i], true, a.name()), a[i + 1], a.name()), a.name());
  val out = read_all_lines(s.operator->());
  s.close();
  return out;
}

static val map_str(val prog, val args, bool shell, const Args &a, int i) {
  Closer s(filter_stream(prog, args, shell, text_input(a[i], false, a.name()), a[i + 1], a.name()), a.name());
  val out = mkstr(read_all_text(s.operator->()));
  s.close();
  return out;
}

// buf [pos [bytes [skip]]]: send BUF from POS; keep BYTES of the output
// after discarding SKIP.
static val map_buf(val prog, val args, bool shell, const Args &a, int i) {
  Buf *b = buf_arg(a[i], a.name());
  size_t pos = count_arg(a[i + 1], 0, a.name());
  if (pos > b->len) range_err(a.name(), "position beyond the buffer:", a[i + 1]);
  size_t max = count_arg(a[i + 2], SIZE_MAX, a.name()), skip = count_arg(a[i + 3], 0, a.name());
  std::string input(reinterpret_cast<char *>(b->data) + pos, b->len - pos);
  Closer s(filter_stream(prog, args, shell, input, nullptr, a.name()), a.name());
  val out = read_all_bytes(s.operator->(), max, skip);
  s.close();
  return out;
}

static val bi_map_command_lines(const Args &a) { return map_lines(a[0], nullptr, true, a, 1); }
static val bi_map_command_str(const Args &a) { return map_str(a[0], nullptr, true, a, 1); }
static val bi_map_command_buf(const Args &a) { return map_buf(a[0], nullptr, true, a, 1); }
static val bi_map_process_lines(const Args &a) { return map_lines(a[0], a[1], false, a, 2); }
static val bi_map_process_str(const Args &a) { return map_str(a[0], a[1], false, a, 2); }
static val bi_map_process_buf(const Args &a) { return map_buf(a[0], a[1], false, a, 2); }

static const BuiltinDef getput_builtins[] = {
    {"file-get-string", 1, 1, false, bi_file_get_string},
    {"file-put-string", 2, 1, false, bi_file_put_string},
    {"file-append-string", 2, 1, false, bi_file_append_string},
    {"file-get-lines", 1, 1, false, bi_file_get_lines},
    {"file-put-lines", 2, 1, false, bi_file_put_lines},
    {"file-append-lines", 2, 1, false, bi_file_append_lines},
    {"file-get-buf", 1, 3, false, bi_file_get_buf},
    {"file-put-buf", 2, 2, false, bi_file_put_buf},
    {"file-place-buf", 2, 2, false, bi_file_place_buf},
    {"file-append-buf", 2, 1, false, bi_file_append_buf},
    {"command-get-string", 1, 1, false, bi_command_get_string},
    {"command-get-lines", 1, 1, false, bi_command_get_lines},
    {"command-get-buf", 1, 2, false, bi_command_get_buf},
    {"command-put-string", 2, 1, false, bi_command_put_string},
    {"command-put-lines", 2, 1, false, bi_command_put_lines},
    {"command-put-buf", 2, 0, false, bi_command_put_buf},
    {"map-command-lines", 2, 1, false, bi_map_command_lines},
    {"map-command-str", 2, 1, false, bi_map_command_str},
    {"map-command-buf", 2, 3, false, bi_map_command_buf},
    {"map-process-lines", 3, 1, false, bi_map_process_lines},
    {"map-process-str", 3, 1, false, bi_map_process_str},
    {"map-process-buf", 3, 3, false, bi_map_process_buf},
};

void init_getput() { register_builtins(getput_builtins); }

}  // namespace tine
