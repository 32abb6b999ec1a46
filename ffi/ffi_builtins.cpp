// TXR's "Foreign Function Type API", "Buffer Functions", "Zero-filled
// Object Support" and "FFI-type-driven I/O Functions".
#include <cstdlib>

#include "ffi/ffi_compile.hpp"
#include "runtime/stream.hpp"
#include "runtime/struct.hpp"

namespace tine {

static val bi_ffi_type_compile(const Args &a) { return ffi_compile(a[0]); }
static val bi_ffi_type_p(const Args &a) { return boolv(symbolp(a[0]) && ffi_typedef_lookup(a[0])); }
static val bi_ffi_type_operator_p(const Args &a) { return boolv(ffi_type_operator_p(a[0])); }

static val bi_ffi_typedef(const Args &a) {
  ffi_set_typedef(a[0], ffi_type_checked(a[1], a.name()), a.name());
  return a[1];
}

static FfiType *not_bitfield(const Args &a, const char *what) {
  FfiType *t = ffi_type_checked(a[0], a.name());
  if (t->bitfield) errorf(s_error, "~a: bitfield type ~s has no ~a", a.name(), a[0], what);
  return t;
}

static val bi_ffi_size(const Args &a) { return mkuint(not_bitfield(a, "size")->size); }
static val bi_ffi_alignof(const Args &a) { return mkuint(not_bitfield(a, "alignment")->align); }

static val bi_ffi_offsetof(const Args &a) {
  FfiType *t = ffi_type_checked(a[0], a.name());
  if (t->kind != FK::Struct && t->kind != FK::Union) errorf(s_error, "~a: ~s isn't a struct type", a.name(), a[0]);
  FfiMember *m = ffi_find_member(t, a[1]);
  if (!m) errorf(s_error, "~a: ~s has no member ~s", a.name(), a[0], a[1]);
  if (m->type->bitfield) errorf(s_error, "~a: ~s is a bitfield in ~s", a.name(), a[1], a[0]);
  return mkuint(m->offset);
}

static val bi_ffi_arraysize(const Args &a) {
  FfiType *t = ffi_type_checked(a[0], a.name());
  if (!t->elem) errorf(s_error, "~a: ~s isn't an array", a.name(), a[0]);
  return mkuint(t->kind == FK::Array ? t->nelem : 0);
}

static FfiType *elem_of(const Args &a) {
  FfiType *t = ffi_type_checked(a[0], a.name());
  if (!t->elem) errorf(s_error, "~a: ~s isn't an array, pointer or enum", a.name(), a[0]);
  return t->elem;
}

static val bi_ffi_elemsize(const Args &a) { return mkuint(elem_of(a)->size); }
static val bi_ffi_elemtype(const Args &a) { return elem_of(a); }

// ---- conversions through bufs ---------------------------------------------------------

static size_t offset_arg(val v, const char *self) {
  if (missing(v)) return 0;
  intptr_t n = c_fixnum(v, self);
  if (n < 0) errorf(s_error, "~a: negative offset ~s specified", self, v);
  return size_t(n);
}

// The bytes of buf at offset, checked to hold size bytes.
static uint8_t *buf_region(val buf, val type, val offset, size_t size, const char *self) {
  if (!is(buf, T::Buf)) type_err(self, buf, "a buf");
  size_t off = offset_arg(offset, self);
  Buf *b = buf_of(buf);
  if (off > b->len || b->len - off < size)
    errorf(s_error, "~a: buffer ~s is too small for type ~s at offset ~a", self, buf, type, mkuint(off));
  return b->data + off;
}

static val bi_ffi_put(const Args &a) {
  FfiType *t = ffi_type_checked(a[1], a.name());
  val b = make_buf(ffi_dynsize(t, a[0], a.name()), 0);
  ffi_put(t, a[0], buf_of(b)->data, a.name());
  return b;
}

static val bi_ffi_put_into(const Args &a) {
  FfiType *t = ffi_type_checked(a[2], a.name());
  uint8_t *p = buf_region(a[0], a[2], a[3], ffi_dynsize(t, a[1], a.name()), a.name());
  ffi_put(t, a[1], p, a.name());
  return a[0];
}

static val bi_ffi_get(const Args &a) {
  FfiType *t = ffi_type_checked(a[1], a.name());
  uint8_t *p = buf_region(a[0], a[1], a[2], t->size, a.name());
  FfiReadLimit limit(buf_of(a[0])->data + buf_of(a[0])->len);
  return ffi_get(t, p, a.name());
}

static val bi_ffi_in(const Args &a) {
  FfiType *t = ffi_type_checked(a[2], a.name());
  uint8_t *p = buf_region(a[0], a[2], a[4], ffi_dynsize(t, a[1], a.name()), a.name());
  FfiReadLimit limit(buf_of(a[0])->data + buf_of(a[0])->len);
  return ffi_in(t, a[3] != nullptr, p, a[1], a.name());
}

static val bi_ffi_out(const Args &a) {
  FfiType *t = ffi_type_checked(a[2], a.name());
  uint8_t *p = buf_region(a[0], a[2], a[4], ffi_dynsize(t, a[1], a.name()), a.name());
  ffi_out(t, a[3] != nullptr, a[1], p, a.name());
  return a[0];
}

static val bi_dyn_size(const Args &a) { return mkuint(ffi_dynsize(ffi_type_checked(a[0], "sizeof"), a[1], "sizeof")); }

// (sys:ffi-cached cell spec): the type of spec, compiled the first time this
// call site runs and kept in cell (the ffi macro's literal cons).
static val bi_ffi_cached(const Args &a) {
  if (!consp(a[0])) type_err(a.name(), a[0], "a cons");
  if (val t = car(a[0])) return t;
  val t = ffi_compile(a[1]);
  rplaca(a[0], t);
  return t;
}

// ---- zero-filled objects ---------------------------------------------------------------------

// A zeroed scratch area for conversions from all-zero foreign data.
struct ZeroBytes {
  uint8_t small[256];
  uint8_t *p;
  explicit ZeroBytes(size_t n) : p(n <= sizeof small ? small : static_cast<uint8_t *>(gc_atomic(n))) {
    memset(p, 0, std::max<size_t>(n, 1));
  }
};

static val bi_make_zstruct(const Args &a) {
  FfiType *t = ffi_type_checked(a[0], a.name());
  if (t->kind != FK::Struct || !t->lisp_type) errorf(s_error, "~a: ~s isn't a struct type", a.name(), a[0]);
  if ((a.n - 1) % 2) errorf(s_error, "~a: slot arguments must occur pairwise", a.name());
  val obj = make_struct(static_cast<StructType *>(t->lisp_type), nullptr, a.name());
  val inited = nullptr;
  for (int i = 1; i + 1 < a.n; i += 2) {
    struct_set_slot(obj, a[i], a[i + 1], a.name());
    inited = cons(a[i], inited);
  }
  size_t largest = 0;
  for (size_t i = 0; i < t->nmembers; ++i) largest = std::max(largest, t->members[i].type->size);
  ZeroBytes zeros(largest + 16);
  for (size_t i = 0; i < t->nmembers; ++i) {
    FfiMember &m = t->members[i];
    if (!m.name || memq_list(m.name, inited)) continue;
    struct_set_slot(obj, m.name, m.type->bitfield ? mkfix(0) : ffi_get(m.type, zeros.p, a.name()), a.name());
    if (m.type->bitfield && (m.type->boolean || m.type->num_sym))
      struct_set_slot(obj, m.name, ffi_get(m.type, zeros.p, a.name()), a.name());
  }
  return obj;
}

static val bi_zero_fill(const Args &a) {
  FfiType *t = ffi_type_checked(a[0], a.name());
  ZeroBytes zeros(t->size);
  return ffi_in(t, true, zeros.p, a[1], a.name());
}

// ---- I/O -------------------------------------------------------------------------------------------

static val bi_put_obj(const Args &a) {
  FfiType *t = ffi_type_checked(a[1], a.name());
  Stream *s = stream_arg(a[2], std_output, a.name());
  size_t n = ffi_dynsize(t, a[0], a.name());
  ZeroBytes bytes(n);
  ffi_put(t, a[0], bytes.p, a.name());
  return boolv(s->put_bytes(reinterpret_cast<const char *>(bytes.p), n));
}

// Reads the type's bytes from the stream: false if it ends first.
static bool read_obj_bytes(FfiType *t, val stream, uint8_t *p, const char *self) {
  Stream *s = stream_arg(stream, std_input, self);
  for (size_t i = 0; i < t->size; ++i) {
    int b = s->get_byte();
    if (b < 0) return false;
    p[i] = uint8_t(b);
  }
  return true;
}

static val bi_get_obj(const Args &a) {
  FfiType *t = ffi_type_checked(a[0], a.name());
  ZeroBytes bytes(t->size);
  if (!read_obj_bytes(t, a[1], bytes.p, a.name())) return nullptr;
  FfiReadLimit limit(bytes.p + t->size);
  return ffi_get(t, bytes.p, a.name());
}

static val bi_fill_obj(const Args &a) {
  FfiType *t = ffi_type_checked(a[1], a.name());
  ZeroBytes bytes(t->size);
  if (!read_obj_bytes(t, a[2], bytes.p, a.name())) return nullptr;
  FfiReadLimit limit(bytes.p + t->size);
  return ffi_in(t, true, bytes.p, a[0], a.name());
}

static const BuiltinDef ffi_builtins[] = {
    {"ffi-type-compile", 1, 0, false, bi_ffi_type_compile},
    {"ffi-type-p", 1, 0, false, bi_ffi_type_p},
    {"ffi-type-operator-p", 1, 0, false, bi_ffi_type_operator_p},
    {"ffi-typedef", 2, 0, false, bi_ffi_typedef},
    {"ffi-size", 1, 0, false, bi_ffi_size},
    {"ffi-alignof", 1, 0, false, bi_ffi_alignof},
    {"ffi-offsetof", 2, 0, false, bi_ffi_offsetof},
    {"ffi-arraysize", 1, 0, false, bi_ffi_arraysize},
    {"ffi-elemsize", 1, 0, false, bi_ffi_elemsize},
    {"ffi-elemtype", 1, 0, false, bi_ffi_elemtype},
    {"ffi-put", 2, 0, false, bi_ffi_put},
    {"ffi-put-into", 3, 1, false, bi_ffi_put_into},
    {"ffi-get", 2, 1, false, bi_ffi_get},
    {"ffi-in", 4, 1, false, bi_ffi_in},
    {"ffi-out", 4, 1, false, bi_ffi_out},
    {"sys:dyn-size", 2, 0, false, bi_dyn_size},
    {"sys:ffi-cached", 2, 0, false, bi_ffi_cached},
    {"make-zstruct", 1, 0, true, bi_make_zstruct},
    {"zero-fill", 2, 0, false, bi_zero_fill},
    {"put-obj", 2, 1, false, bi_put_obj},
    {"get-obj", 1, 1, false, bi_get_obj},
    {"fill-obj", 2, 1, false, bi_fill_obj},
};

void init_ffi_builtins() { register_builtins(ffi_builtins); }

}  // namespace tine
