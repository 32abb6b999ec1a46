// Struct delegate streams: make-struct-delegate-stream turns an object
// with stream methods (put-string, get-char, close ...; stream-wrap in
// stdlib/46-stream-wrap.tl provides them all) into a stream.
#include <cstring>

#include "stream.hpp"
#include "syserr.hpp"

namespace tine {

static val m_put_string, m_put_byte, m_put_buf, m_get_line, m_get_char, m_get_byte, m_close, m_flush, m_seek,
    m_get_prop, m_set_prop, m_get_error, m_clear_error, m_get_fd, kw_from_start, kw_from_current, kw_from_end;

struct DelegateStream : Stream {
  val obj;

  explicit DelegateStream(val o) : obj(o) {}
  const char *kind_name() const override { return "struct-delegate-stream"; }

  // obj.(name args...); a missing method is an error naming it.
  val call(val name, std::initializer_list<val> args) const {
    val f = sys_method(obj, name);
    if (!f) errorf(s_error, "stream: ~s has no ~s method", obj, name);
    val argv[4];
    int n = 0;
    argv[n++] = obj;
    for (val a : args) argv[n++] = a;
    return funcall(f, argv, n);
  }
  bool has(val name) const { return sys_method(obj, name) != nullptr; }

  int32_t get_char() override {
    val c = call(m_get_char, {});
    return is_chr(c) ? int32_t(chrval(c)) : -1;
  }
  int get_byte() override {
    val b = call(m_get_byte, {});
    return is_fixnum(b) ? int(fixval(b)) : -1;
  }
  val get_line() override {
    if (!pushback.empty() || !has(m_get_line)) return Stream::get_line();
    return call(m_get_line, {});
  }
  void put_string(std::u32string_view s) override { call(m_put_string, {mkstr(s)}); }
  bool put_bytes(const char *p, size_t n) override {
    if (n == 1 && has(m_put_byte)) {
      call(m_put_byte, {mkfix(uint8_t(*p))});
      return true;
    }
    call(m_put_buf, {buf_from(p, n), mkfix(0)});
    return true;
  }
  void flush() override { call(m_flush, {}); }
  bool seek(int64_t off, int whence, int64_t *pos) override {
    val w = whence == SEEK_SET ? kw_from_start : whence == SEEK_CUR ? kw_from_current : kw_from_end;
    val r = call(m_seek, {mkint(off), w});
    if (!r) return false;
    *pos = integerp(r) ? c_int64(r, "seek-stream") : 0;
    return true;
  }
  int fd() const override {
    if (!has(m_get_fd)) return -1;
    val f = call(m_get_fd, {});
    return is_fixnum(f) ? int(fixval(f)) : -1;
  }
  val get_prop(val ind) override { return call(m_get_prop, {ind}); }
  bool set_prop(val ind, val v) override { return call(m_set_prop, {ind, v}) != nullptr; }
  val error_state() override { return has(m_get_error) ? call(m_get_error, {}) : nullptr; }
  void clear_error() override {
    if (has(m_clear_error)) call(m_clear_error, {});
  }

  // The close method's value is kept, except nil and : which leave the
  // stream open for another close (: meaning success, returned as t).
  val close_stream(bool throw_on_error, const char *self) override {
    if (closed) return close_result;
    val r = call(m_close, {boolv(throw_on_error)});
    if (!r) return nullptr;
    if (r == s_colon) return s_t;
    closed = true;
    close_result = r;
    return r;
  }
  // Only the finalizer calls close(): no Lisp code may run there.
  bool close() override { return true; }
};

static val bi_make_struct_delegate_stream(const Args &a) {
  if (!sys_struct_p(a[0])) type_err(a.name(), a[0], "a structure");
  if (!sys_method(a[0], m_get_prop)) errorf(s_error, "~a: ~s has no get-prop method", a.name(), a[0]);
  return make_stream_obj(gc_new<DelegateStream>(a[0]));
}

static const BuiltinDef delegate_builtins[] = {
    {"make-struct-delegate-stream", 1, 0, false, bi_make_struct_delegate_stream},
};

void init_delegate_streams() {
  m_put_string = intern("put-string");
  m_put_byte = intern("put-byte");
  m_put_buf = intern("put-buf");
  m_get_line = intern("get-line");
  m_get_char = intern("get-char");
  m_get_byte = intern("get-byte");
  m_close = intern("close");
  m_flush = intern("flush");
  m_seek = intern("seek");
  m_get_prop = intern("get-prop");
  m_set_prop = intern("set-prop");
  m_get_error = intern("get-error");
  m_clear_error = intern("clear-error");
  m_get_fd = intern("get-fd");
  kw_from_start = keyword("from-start");
  kw_from_current = keyword("from-current");
  kw_from_end = keyword("from-end");
  register_builtins(delegate_builtins);
}

}  // namespace tine
