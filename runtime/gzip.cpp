// gzip streams (open-file's "z" mode, over zlib's gzFile) and buf-compress /
// buf-decompress (zlib's compress2 format).
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include "stream.hpp"
#include "syserr.hpp"

namespace tine {

// Reading decompresses every concatenated gzip member; writing compresses
// at the mode's level.  The gzFile owns the descriptor.
struct GzStream : Stream {
  gzFile gz;
  int fdes;
  bool writing;
  uint8_t buf[16384];
  int pos = 0, len = 0;

  GzStream(gzFile g, int f, bool w) : gz(g), fdes(f), writing(w) {}
  const char *kind_name() const override { return "gzip-stream"; }
  bool is_output() const override { return writing; }
  int fd() const override { return closed ? -1 : fdes; }

  // Read and write errors are file-errors, as for descriptor streams.
  int get_byte() override {
    if (closed) io_error("reading", 0);
    if (writing) io_error("reading", EBADF);
    if (pos < len) return buf[pos++];
    int n;
    while ((n = gzread(gz, buf, sizeof buf)) < 0 && errno == EINTR) sig_poll();
    if (n < 0) io_error("reading", err = EIO);
    if (n == 0) return -1;
    pos = 0;
    len = n;
    return buf[pos++];
  }

  bool put_bytes(const char *p, size_t n) override {
    if (closed) io_error("writing", 0);
    if (!writing) io_error("writing", EBADF);
    while (n > 0) {
      unsigned chunk = unsigned(n > (1u << 30) ? (1u << 30) : n);
      if (gzwrite(gz, p, chunk) != int(chunk)) io_error("writing", err = errno ? errno : EIO);
      p += chunk;
      n -= chunk;
    }
    return true;
  }

  void flush() override {
    if (!closed && writing && gzflush(gz, Z_SYNC_FLUSH) != Z_OK) io_error("flushing", err = errno ? errno : EIO);
  }

  // Forward only when writing (zeros are written); reading rewinds and
  // decompresses up to the position when it must go back.
  bool seek(int64_t off, int whence, int64_t *out) override {
    if (closed || whence == SEEK_END) return false;
    if (!writing && whence == SEEK_CUR) off -= len - pos;
    pos = len = 0;
    pushback.clear();
    z_off_t r = gzseek(gz, z_off_t(off), whence);
    if (r < 0) return false;
    *out = int64_t(r);
    return true;
  }

  bool close() override {
    if (closed) return true;
    closed = true;
    int rc = gzclose(gz);
    return rc == Z_OK && err == 0;
  }
};

val open_gzip_fd(int fd, const OpenMode &m, val name, const char *self) {
  char mode[8];
  snprintf(mode, sizeof mode, "%cb%d", m.write ? 'w' : 'r', m.gzip_level);
  if (m.read && m.write) {
    close(fd);
    errorf(s_file_error, "~a: gzip streams are read or written, not both (~s)", self, name);
  }
  gzFile gz = gzdopen(fd, mode);
  if (!gz) {
    int eno = errno ? errno : ENOMEM;
    close(fd);
    file_err(self, "cannot open a gzip stream on", name, eno);
  }
  GzStream *s = gc_new<GzStream>(gz, fd, m.write);
  s->name = name;
  return make_stream_obj(s);
}

// ---- buffers -------------------------------------------------------------------------------------

static Buf *buf_arg(val v, const char *self) {
  if (!is(v, T::Buf)) type_err(self, v, "a buf");
  return buf_of(v);
}

static val bi_buf_compress(const Args &a) {
  Buf *b = buf_arg(a[0], a.name());
  int level = absent(a[1]) ? Z_DEFAULT_COMPRESSION : int(c_int_range(a[1], INT_MIN, INT_MAX, a.name()));
  uLongf n = compressBound(uLong(b->len));
  val out = make_buf(n, 0);
  int rc = compress2(buf_of(out)->data, &n, b->data, uLong(b->len), level);
  if (rc == Z_STREAM_ERROR) errorf(s_error, "~a: invalid compression level ~s", a.name(), a[1]);
  if (rc != Z_OK) errorf(s_error, "~a: compression failed: ~a", a.name(), zError(rc));
  buf_of(out)->len = n;
  return out;
}

static val bi_buf_decompress(const Args &a) {
  Buf *b = buf_arg(a[0], a.name());
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  if (inflateInit(&zs) != Z_OK) errorf(s_error, "~a: cannot start zlib", a.name());
  zs.next_in = b->data;
  zs.avail_in = uInt(b->len);
  size_t cap = b->len * 4 + 64;
  val out = make_buf(cap, 0);
  int rc;
  for (;;) {
    Buf *o = buf_of(out);
    zs.next_out = o->data + zs.total_out;
    zs.avail_out = uInt(cap - zs.total_out);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) break;
    if (rc != Z_OK && rc != Z_BUF_ERROR) break;
    if (zs.avail_out == 0) {
      cap *= 2;
      buf_reserve(out, cap);
      buf_of(out)->len = cap;
    } else if (rc == Z_BUF_ERROR || zs.avail_in == 0) {
      rc = Z_DATA_ERROR;  // the input ended before the compressed image did
      break;
    }
  }
  size_t total = zs.total_out;
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) errorf(s_error, "~a: ~s is not a compressed image", a.name(), a[0]);
  buf_of(out)->len = total;
  return out;
}

static const BuiltinDef gzip_builtins[] = {
    {"buf-compress", 1, 1, false, bi_buf_compress},
    {"buf-decompress", 1, 0, false, bi_buf_decompress},
};

void init_gzip() { register_builtins(gzip_builtins); }

}  // namespace tine
