// cptr objects (TXR's "Foreign Pointers"): a C address with a symbolic
// type tag, and the functions that make, cast, clear and dereference them.
#include <cstdlib>

#include "ffi/ffi_compile.hpp"
#include "runtime/printer.hpp"

namespace tine {

val make_cptr(void *p, val tag) {
  CPtrObj *c = gc_obj<CPtrObj>(T::CPtr);
  c->ptr = p;
  c->tag = tag;
  return c;
}

CPtrObj *cptr_checked(val v, const char *self) {
  if (!is(v, T::CPtr)) type_err(self, v, "a cptr");
  return static_cast<CPtrObj *>(v);
}

void *cptr_address(val v, const char *self) { return v ? cptr_checked(v, self)->ptr : nullptr; }

static val tag_arg(const Args &a, int i) {
  if (missing(a[i])) return nullptr;
  if (!symbolp(a[i])) type_err(a.name(), a[i], "a symbol");
  return a[i];
}

// (cptr-int integer [tag]): the address; negative values wrap around as a
// signed address would.
static val bi_cptr_int(const Args &a) {
  val n = a[0];
  if (!integerp(n)) type_err(a.name(), n, "an integer");
  if (num_cmp(n, mkint(INTPTR_MIN), a.name()) < 0 || num_cmp(n, mkuint(UINTPTR_MAX), a.name()) > 0)
    errorf(s_error, "~a: ~s is out of allowed range [~a, ~a]", a.name(), n, mkint(INTPTR_MIN), mkuint(UINTPTR_MAX));
  uintptr_t p = num_cmp(n, mkfix(0), a.name()) < 0 ? uintptr_t(c_int64(n, a.name())) : uintptr_t(c_uint64(n, a.name()));
  return make_cptr(reinterpret_cast<void *>(p), tag_arg(a, 1));
}

static val bi_cptr_obj(const Args &a) { return make_cptr(static_cast<void *>(a[0]), tag_arg(a, 1)); }
static val bi_int_cptr(const Args &a) { return mkuint(uintptr_t(cptr_checked(a[0], a.name())->ptr)); }

static val bi_cptr_buf(const Args &a) {
  if (!is(a[0], T::Buf)) type_err(a.name(), a[0], "a buf");
  return make_cptr(buf_of(a[0])->data, tag_arg(a, 1));
}

static val bi_cptr_cast(const Args &a) {
  if (!symbolp(a[0])) type_err(a.name(), a[0], "a symbol");
  return make_cptr(cptr_checked(a[1], a.name())->ptr, a[0]);
}

static val bi_copy_cptr(const Args &a) {
  CPtrObj *c = cptr_checked(a[0], a.name());
  return make_cptr(c->ptr, c->tag);
}

static val bi_cptr_zap(const Args &a) {
  cptr_checked(a[0], a.name())->ptr = nullptr;
  return a[0];
}

static val bi_cptr_free(const Args &a) {
  CPtrObj *c = cptr_checked(a[0], a.name());
  free(c->ptr);
  c->ptr = nullptr;
  return a[0];
}

static val bi_cptrp(const Args &a) { return boolv(is(a[0], T::CPtr)); }
static val bi_cptr_type(const Args &a) { return cptr_checked(a[0], a.name())->tag; }

// The type of cptr-get and cptr-out: given, or named by the cptr's tag.
static FfiType *deref_type(const Args &a, CPtrObj *c, int i) {
  if (!missing(a[i])) return ffi_type_checked(a[i], a.name());
  FfiType *t = c->tag ? ffi_typedef_lookup(c->tag) : nullptr;
  if (!t) errorf(s_error, "~a: ~s isn't a type symbol", a.name(), c->tag);
  return t;
}

static void *nonnull(CPtrObj *c, const char *self) {
  if (!c->ptr) errorf(s_type_error, "~a: ~s is a null pointer", self, static_cast<val>(c));
  return c->ptr;
}

static val bi_cptr_get(const Args &a) {
  CPtrObj *c = cptr_checked(a[0], a.name());
  FfiType *t = deref_type(a, c, 1);
  if (t->incomplete) errorf(s_error, "~a: ~s has no fixed size", a.name(), static_cast<val>(t));
  return ffi_get(t, nonnull(c, a.name()), a.name());
}

static val bi_cptr_out(const Args &a) {
  CPtrObj *c = cptr_checked(a[0], a.name());
  FfiType *t = deref_type(a, c, 2);
  ffi_out(t, false, a[1], nonnull(c, a.name()), a.name());
  return a[1];
}

// The collector cannot be told about foreign memory: the hint is accepted
// and has no effect.
static val bi_cptr_size_hint(const Args &a) {
  cptr_checked(a[0], a.name());
  c_uint64(a[1], a.name());
  return nullptr;
}

static void print_cptr(val obj, std::u32string &out, bool escape) {
  CPtrObj *c = static_cast<CPtrObj *>(obj);
  char buf[40];
  snprintf(buf, sizeof buf, "%jx", uintmax_t(uintptr_t(c->ptr)));
  out += U"#<cptr";
  if (c->tag) {
    out += U" ";
    print_to(c->tag, out, escape);
  }
  out += U": ";
  out += utf8_decode(buf);
  out += U">";
}

static const BuiltinDef cptr_builtins[] = {
    {"cptr-int", 1, 1, false, bi_cptr_int},
    {"cptr-obj", 1, 1, false, bi_cptr_obj},
    {"int-cptr", 1, 0, false, bi_int_cptr},
    {"cptr-buf", 1, 1, false, bi_cptr_buf},
    {"cptr-cast", 2, 0, false, bi_cptr_cast},
    {"copy-cptr", 1, 0, false, bi_copy_cptr},
    {"cptr-zap", 1, 0, false, bi_cptr_zap},
    {"cptr-free", 1, 0, false, bi_cptr_free},
    {"cptrp", 1, 0, false, bi_cptrp},
    {"cptr-type", 1, 0, false, bi_cptr_type},
    {"cptr-get", 1, 1, false, bi_cptr_get},
    {"cptr-out", 2, 1, false, bi_cptr_out},
    {"cptr-size-hint", 2, 0, false, bi_cptr_size_hint},
};

void init_cptr() {
  print_ops[int(T::CPtr)] = print_cptr;
  register_builtins(cptr_builtins);
  defvar_builtin("cptr-null", make_cptr(nullptr, nullptr), false);
}

}  // namespace tine
