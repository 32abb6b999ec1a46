// Buffer streams: a buf read and written like a file in memory.
#include <cstring>

#include "lisp.hpp"
#include "stream.hpp"

namespace tine {

struct BufStream : Stream {
  val buf;
  size_t pos = 0;

  const char *kind_name() const override { return "buf-stream"; }
  bool is_output() const override { return true; }

  int get_byte() override {
    Buf *b = buf_of(buf);
    return pos < b->len ? int(b->data[pos++]) : -1;
  }

  // Writes at the position; writing past the end extends the buf, with
  // zero bytes in any gap.
  bool put_bytes(const char *p, size_t n) override {
    Buf *b = buf_of(buf);
    size_t end = pos + n;
    if (end > b->len) {
      buf_reserve(buf, end);
      memset(b->data + b->len, 0, end - b->len);
      b->len = end;
    }
    memcpy(b->data + pos, p, n);
    pos = end;
    return true;
  }

  bool seek(int64_t off, int whence, int64_t *where) override {
    int64_t base = whence == SEEK_CUR ? int64_t(pos) : whence == SEEK_END ? int64_t(buf_of(buf)->len) : 0;
    if (base + off < 0) return false;
    pos = size_t(base + off);
    pushback.clear();
    if (where) *where = int64_t(pos);
    return true;
  }
};

static val bi_make_buf_stream(const Args &a) {
  val b = missing(a[0]) || !a[0] ? make_buf(0, 0) : a[0];
  if (!is(b, T::Buf)) type_err(a.name(), b, "a buf");
  BufStream *s = gc_new<BufStream>();
  s->buf = b;
  return make_stream_obj(s);
}

static val bi_get_buf_from_stream(const Args &a) {
  auto *s = dynamic_cast<BufStream *>(stream_checked(a[0], a.name()));
  if (!s) type_err(a.name(), a[0], "a buffer stream");
  return s->buf;
}

static const BuiltinDef bufstream_builtins[] = {
    {"make-buf-stream", 0, 1, false, bi_make_buf_stream},
    {"get-buf-from-stream", 1, 0, false, bi_get_buf_from_stream},
};

void init_bufstream() { register_builtins(bufstream_builtins); }

}  // namespace tine
