// Streams: a polymorphic implementation behind a Lisp stream object.
#pragma once
#include <string>

#include "lisp.hpp"

namespace tine {

struct Stream {
  val name = nullptr;
  bool closed = false;
  gc_u32string pushback;  // ungot characters, last first

  virtual ~Stream() = default;
  virtual int get_byte() { return -1; }  // -1 at end of input
  virtual bool put_bytes(const char *p, size_t n);
  virtual int32_t get_char();  // decodes UTF-8 from get_byte; -1 at end
  virtual void put_string(std::u32string_view s);
  virtual void flush() {}
  virtual bool close();  // false when the underlying close failed
  virtual int fd() const { return -1; }
  virtual bool seek(int64_t off, int whence, int64_t *pos) { return false; }
  virtual bool is_output() const { return false; }

  int32_t read_char();  // honours pushback
  void unget_char(char32_t c) { pushback.push_back(c); }
};

struct StreamObj : Obj {
  Stream *impl;
};

val make_stream_obj(Stream *impl);
Stream *stream_arg(val v, val dflt, const char *self);  // missing -> dflt
val open_fd_stream(int fd, const char *mode, val name, bool own);
val make_string_input(val str);
val make_string_output();
val string_output_contents(val stream);
val open_file(val path, val mode, const char *self);
val read_line(Stream *s);

}  // namespace tine
