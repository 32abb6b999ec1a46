// TXR's "C Non-Local Jumps": jmp-buf, the setjmp macro's run-time part and
// longjmp.  The context is saved with the C library's setjmp into a carray
// of uchar, so that C code (libpng's png_longjmp, say) can longjmp to it.
// A longjmp from Lisp to a setjmp that is still active travels as a C++
// exception instead, so that the frames in between unwind properly.
#include <setjmp.h>

#include "ffi/carray.hpp"
#include "runtime/dynamic.hpp"

namespace tine {

// An active sys:rt-setjmp, innermost first.
struct SetjmpFrame {
  SetjmpFrame *up;
  jmp_buf *buf;
  DynFrame *dyn;  // the catch frames in force when the context was saved
};
static SetjmpFrame *setjmp_top;

// Thrown by a Lisp longjmp to an active setjmp.
struct LongJump {
  SetjmpFrame *target;
  int value;
};

static jmp_buf *jmp_buf_of(val v, const char *self) {
  CArray *c = carray_checked(v, self);
  if (!ffi_is_byte_type(c->eltype) || (c->len_known && c->nelem * c->eltype->size < sizeof(jmp_buf)))
    errorf(s_error, "~a: ~s is not a jmp-buf", self, v);
  return reinterpret_cast<jmp_buf *>(carray_base(c, self));
}

static val bi_jmp_buf(const Args &) {
  FfiType *uchar = ffi_typedef_lookup(intern("uchar"));
  uint8_t *mem = static_cast<uint8_t *>(calloc(1, sizeof(jmp_buf)));
  if (!mem) throw std::bad_alloc();
  return make_owned_carray(uchar, mem, sizeof(jmp_buf));
}

// (sys:rt-setjmp jmp-buf main-fn jump-fn): saves the context, calls main-fn;
// when a longjmp arrives, calls jump-fn with the value passed.
static val bi_rt_setjmp(const Args &a) {
  SetjmpFrame frame{setjmp_top, jmp_buf_of(a[0], "setjmp"), dyn_top};
  val main_fn = a[1], jump_fn = a[2];
  setjmp_top = &frame;
  volatile int result = setjmp(*frame.buf);
  if (result == 0) {
    try {
      val v = funcall0(main_fn);
      setjmp_top = frame.up;
      return v;
    } catch (LongJump &j) {
      if (j.target != &frame) {
        setjmp_top = frame.up;
        throw;
      }
      result = j.value;
    } catch (...) {
      setjmp_top = frame.up;
      throw;
    }
  }
  // Arrived by longjmp: frames abandoned by a C longjmp did not unwind, so
  // the catch frames are put back as they were.
  setjmp_top = frame.up;
  dyn_top = frame.dyn;
  return funcall1(jump_fn, mkfix(result));
}

static val bi_longjmp(const Args &a) {
  jmp_buf *buf = jmp_buf_of(a[0], a.name());
  int v = c_int(a[1], a.name());
  if (v == 0) v = 1;
  for (SetjmpFrame *f = setjmp_top; f; f = f->up)
    if (f->buf == buf) throw LongJump{f, v};
  longjmp(*buf, v);  // a context saved by C code
}

static const BuiltinDef setjmp_builtins[] = {
    {"jmp-buf", 0, 0, false, bi_jmp_buf},
    {"sys:rt-setjmp", 3, 0, false, bi_rt_setjmp},
    {"longjmp", 2, 0, false, bi_longjmp},
};

void init_setjmp() { register_builtins(setjmp_builtins); }

}  // namespace tine
