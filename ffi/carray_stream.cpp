// A stream over a byte carray (a mapping, typically) with a cursor:
// get-line, get-char, get-byte, put-string, put-byte, seek-stream.  A write
// that would pass the end is an error and writes nothing past it.
#include <cstdio>
#include <cstring>

#include "ffi/fault.hpp"
#include "ffi/mmap.hpp"
#include "runtime/stream.hpp"

namespace tine {

struct CArrayStream : Stream {
  val ca;
  size_t pos = 0;

  CArray *c() const { return carray_of(ca); }
  size_t size() const { return c()->nelem; }

  int get_byte() override {
    if (closed || pos >= size()) return -1;
    uint8_t b;
    uint8_t *base = carray_base(c(), "get-byte");
    if (!guarded_copy(&b, base + pos, 1)) mmap_fault_error(ca, base, pos, "get-byte");
    ++pos;
    return b;
  }

  bool put_bytes(const char *p, size_t n) override {
    if (closed) return false;
    if (n > size() - std::min(pos, size()))
      errorf(s_error, "put-string: ~s: writing ~a bytes at offset ~a passes the end (~a bytes)", ca, mkuint(n),
             mkuint(pos), mkuint(size()));
    uint8_t *base = carray_base(c(), "put-string");
    if (n && !guarded_copy(base + pos, p, n)) mmap_fault_error(ca, base, pos, "put-string");
    pos += n;
    return true;
  }

  bool is_output() const override { return true; }

  bool seek(int64_t off, int whence, int64_t *out) override {
    int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? int64_t(pos) : int64_t(size());
    int64_t np = base + off;
    if (np < 0 || np > int64_t(size())) return false;
    pushback.clear();
    pos = size_t(np);
    *out = np;
    return true;
  }
};

static val bi_make_carray_stream(const Args &a) {
  CArray *c = carray_checked(a[0], a.name());
  if (!ffi_is_byte_type(c->eltype)) errorf(s_type_error, "make-carray-stream: ~s does not have byte elements", a[0]);
  carray_base(c, a.name());
  CArrayStream *s = gc_new<CArrayStream>();
  s->ca = a[0];
  s->name = mkstr_utf8("carray");
  return make_stream_obj(s);
}

static const BuiltinDef carray_stream_builtins[] = {
    {"make-carray-stream", 1, 0, false, bi_make_carray_stream},
};

void init_carray_stream() { register_builtins(carray_stream_builtins); }

}  // namespace tine
