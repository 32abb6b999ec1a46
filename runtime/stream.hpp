// Streams: a polymorphic implementation behind a Lisp stream object.
#pragma once
#include <string>

#include "lisp.hpp"

namespace tine {

struct Stream {
  val name = nullptr;
  bool closed = false;
  val close_result = nullptr;  // what close-stream returned; later calls return it again
  int err = 0;                 // errno of the last failed read or write; 0 when none
  int child_pid = 0;           // a process that close-stream waits for (0: none)
  gc_u32string pushback;       // ungot characters, last first

  virtual ~Stream() = default;
  virtual int get_byte() { return -1; }  // -1 at end of input
  virtual bool put_bytes(const char *p, size_t n);
  virtual int32_t get_char();  // decodes UTF-8 from get_byte; -1 at end
  virtual void put_string(std::u32string_view s);
  virtual void flush() {}
  virtual bool close();  // false when the underlying close failed
  // close-stream: closes, and returns t, nil, or (for a process) the exit status.
  virtual val close_stream(bool throw_on_error, const char *self);
  virtual int fd() const { return -1; }
  virtual bool seek(int64_t off, int whence, int64_t *pos) { return false; }
  virtual bool is_output() const { return false; }
  virtual const char *kind_name() const { return "stream"; }  // as printed: #<kind-name ...>
  // stream-get-prop / stream-set-prop; set_prop returns false for a property
  // the stream does not take.
  virtual val get_prop(val indicator);
  virtual bool set_prop(val indicator, val value);
  // get-error: nil, t at the end of the data, or an errno; clear-error resets.
  virtual val error_state() { return err ? mkfix(err) : nullptr; }
  virtual void clear_error() { err = 0; }

  // get-line: the next line without its newline, nil at the end.  Record
  // streams (record-adapter, string lists) have their own.
  virtual val get_line();

  int32_t read_char();  // honours pushback
  void unget_char(char32_t c) { pushback.push_back(c); }

  // TXR's file-error for a failed transfer: "error writing #<file-stream
  // name>: 28/"No space left on device"" (what: reading, writing,
  // flushing; eno 0: the stream is closed).
  [[noreturn]] void io_error(const char *what, int eno);
};

struct StreamObj : Obj {
  Stream *impl;
};

// A pointer the collector does not see: the list of open output streams
// must not keep a dropped stream alive (its finalizer, which flushes and
// closes it, unlinks it first).
template <class X>
struct HiddenPtr {
  uintptr_t bits = ~uintptr_t(0);
  X *get() const { return reinterpret_cast<X *>(~bits); }
  void set(X *p) { bits = ~reinterpret_cast<uintptr_t>(p); }
};

// A stream over a file descriptor, buffered in both directions.
struct FdStream : Stream {
  int fdes;
  bool readable, writable, own, interactive;
  bool line_buffered = false, unbuffered = false;
  uint8_t *rbuf = nullptr;
  size_t rpos = 0, rlen = 0;
  char *wbuf = nullptr;
  size_t wlen = 0;
  size_t bufsz = 65536;
  HiddenPtr<FdStream> next_out, prev_out;  // the open output streams
  bool linked = false;                     // in that list

  FdStream(int f, bool r, bool w, bool o);
  void unlink_output();
  int fd() const override { return fdes; }
  bool is_output() const override { return writable; }
  const char *kind_name() const override { return "file-stream"; }
  int get_byte() override;
  val get_line() override;
  bool write_all(const char *p, size_t n);  // false (and err set) on a write error
  // Writes the buffer out; false (err set, the data dropped) on an error.
  // For paths that must not throw: close, finalizers, the exit flush.
  bool flush_buffer();
  bool put_bytes(const char *p, size_t n) override;  // a write error throws
  void flush() override;                             // a write error throws
  bool seek(int64_t off, int whence, int64_t *pos) override;
  bool close() override;
  // Reads into the buffer; the byte count, 0 at the end, -1 (err set) on error.
  virtual ssize_t fill(uint8_t *buf, size_t n);
};

// A parsed mode string: open-file's grammar, with open-process's
// redirections and ?fdno.
struct OpenMode {
  bool read = false, write = false, append = false, create = false, truncate = false, tmpfile = false;
  bool excl = false, linebuf = false, unbuf = false, nonblock = false;
  int buf_order = -1;  // 0..9: buffer of 1024 << order bytes
  bool gzip = false;
  int gzip_level = 6;
  struct Redir {
    int fd, to;  // to: a descriptor, or NullDev / Close
  } redirs[4];
  int nredir = 0;
  int alt_fd = -1;  // ?fdno
  static constexpr int NullDev = -1, Close = -2;
  int open_flags() const;
};
// Parses MODE (a string, or nil/missing for DEFAULT_MODE); DEFAULT_MODE also
// gives the selector when MODE has none.
OpenMode parse_open_mode(val mode, const char *default_mode, const char *self);

val make_stream_obj(Stream *impl);
Stream *stream_arg(val v, val dflt, const char *self);  // missing -> dflt
val open_fd_stream(int fd, const char *mode, val name, bool own);
val make_fd_stream(FdStream *s, const OpenMode &m, val name);  // applies buffering options
val make_string_input(val str);
val make_string_output();
val string_output_contents(val stream);
val open_file(val path, val mode, const char *self);
val read_line(Stream *s);
val current_output();
val current_input();
val current_error();
val std_null();
// Flushes every descriptor output stream without throwing: false when a
// write failed (the first failure's stream in *failed, when given).
bool flush_all_streams_checked(Stream **failed = nullptr);
// At the end of a program: flushes everything; false, with the message of
// the first write error that was not reported before (including one met
// while flushing, or by a finalizer's close), when output was lost.
bool finish_output(std::string *message);

// Descriptor pressure: open(2) that first collects when many stream
// descriptors were opened since the last collection, and collects (running
// the finalizers that flush and close dropped streams) and retries once on
// EMFILE/ENFILE.  collect_descriptors does the collecting, for other ways
// of making descriptors.
int open_collecting(const char *path, int flags, mode_t mode);
void collect_descriptors();
// After a failed call that makes descriptors: true, having collected, when
// it failed for want of descriptors and is worth one more try.
bool retry_for_descriptors(int eno);

// gzip.cpp: a gzip stream over FD (decompressing when reading).
val open_gzip_fd(int fd, const OpenMode &m, val name, const char *self);

}  // namespace tine
