// Calls into C through libffi: dlopen/dlsym, foreign functions made by
// deffi (variadic ones included), and callbacks made by deffi-cb.
#include <dlfcn.h>

#include <cerrno>
#include <cstring>

#include "ffi/call.hpp"
#include "ffi/carray.hpp"
#include "runtime/printer.hpp"
#include "runtime/struct.hpp"

namespace tine {

static val s_dl_tag;

// ---- dynamic libraries ----------------------------------------------------------

static val bi_dlopen(const Args &a) {
  const char *self = a.name();
  std::string name;
  if (!missing(a[0]) && a[0]) name = utf8(str_checked(a[0], self));
  int flags = missing(a[1]) ? RTLD_LAZY : c_int(a[1], self);
  void *h = dlopen(name.empty() ? nullptr : name.c_str(), flags);
  if (!h) errorf(s_error, "dlopen: ~a", dlerror());
  return make_cptr(h, s_dl_tag);
}

static void *lib_handle(val lib, const char *self) {
  if (!lib || missing(lib)) return RTLD_DEFAULT;
  if (is(lib, T::CPtr) && static_cast<CPtrObj *>(lib)->tag == s_dl_tag) {
    void *h = static_cast<CPtrObj *>(lib)->ptr;
    if (!h) errorf(s_error, "~a: library handle ~s is closed", self, lib);
    return h;
  }
  type_err(self, lib, "a library handle from dlopen");
}

static val bi_dlsym(const Args &a) {
  void *h = lib_handle(a[0], a.name());
  std::string name = utf8(str_checked(a[1], a.name()));
  dlerror();
  void *p = dlsym(h, name.c_str());
  if (!p) return nullptr;
  return make_cptr(p, nullptr);
}

static val bi_dlsym_checked(const Args &a) {
  val p = bi_dlsym(a);
  if (!p) errorf(s_error, "dlsym-checked: symbol ~s not found", a[1]);
  return p;
}

static val bi_dlclose(const Args &a) {
  void *h = lib_handle(a[0], a.name());
  if (h == RTLD_DEFAULT) return nullptr;
  dlclose(h);
  static_cast<CPtrObj *>(a[0])->ptr = nullptr;
  return s_t;
}

// ---- calls --------------------------------------------------------------------------

static CallDesc *make_desc(val name, val ret, val argtypes, int nfixed, const char *self) {
  CallDesc *d = gc_obj<CallDesc>(T::FfiCallDesc);
  d->name = name;
  d->ret = ffi_type_checked(ffi_type_compile(ret, self), self);
  int n = 0;
  for (val l = argtypes; l; l = cdr(l)) ++n;
  d->nargs = n;
  d->nfixed = nfixed < 0 ? n : nfixed;
  d->args = static_cast<FfiType **>(gc_scanned(sizeof(FfiType *) * size_t(n + 1)));
  d->lf_args = static_cast<ffi_type **>(gc_scanned(sizeof(ffi_type *) * size_t(n + 1)));
  int i = 0;
  for (val l = argtypes; l; l = cdr(l), ++i) {
    d->args[i] = ffi_type_checked(ffi_type_compile(car(l), self), self);
    if (d->args[i]->kind == FK::Void) errorf(s_error, "~a: void is not an argument type", self);
    d->lf_args[i] = d->args[i]->lf;
  }
  ffi_status st = d->nfixed < n ? ffi_prep_cif_var(&d->cif, FFI_DEFAULT_ABI, unsigned(d->nfixed), unsigned(n),
                                                   d->ret->lf, d->lf_args)
                                : ffi_prep_cif(&d->cif, FFI_DEFAULT_ABI, unsigned(n), d->ret->lf, d->lf_args);
  if (st != FFI_OK) errorf(s_error, "~a: cannot describe the call to libffi", self);
  return d;
}

// After a call, what the callee left behind a ptr or ptr-out argument is
// copied back into the object passed: a vector's elements, a struct's slots.
static void write_back(FfiType *t, val arg, void *slot) {
  if (t->kind != FK::Ptr || !t->copy_out) return;
  FfiType *e = t->elem;
  void *p;
  memcpy(&p, slot, sizeof p);
  if (!p) return;
  if (is(arg, T::Vec) && (e->kind == FK::Array || e->kind == FK::ZArray)) {
    for (size_t i = 0; i < e->nelem && i < vec_of(arg)->len; ++i)
      vec_of(arg)->data[i] = ffi_get(e->elem, static_cast<char *>(p) + i * e->elem->size, "ffi-call");
  } else if (is(arg, T::Struct) && e->kind == FK::Struct) {
    val fresh = ffi_get(e, p, "ffi-call");
    StructObj *dst = static_cast<StructObj *>(arg), *src = static_cast<StructObj *>(fresh);
    for (val l = src->stype->slots; l; l = cdr(l))
      if (memq_list(car(l), dst->stype->slots))
        struct_set_slot(arg, car(l), struct_slot(fresh, car(l), "ffi-call"), "ffi-call");
  }
}

// A function made by deffi: its data is a cons of the call descriptor and
// the cptr of the C function.
static val call_foreign(const Args &a) {
  CallDesc *d = static_cast<CallDesc *>(car(a.self->data));
  void *fn = static_cast<CPtrObj *>(cdr(a.self->data))->ptr;
  const char *self = "ffi-call";
  if (a.n != d->nargs) arg_count_err(a.self, a.n);
  void **argp = static_cast<void **>(alloca(sizeof(void *) * size_t(d->nargs + 1)));
  for (int i = 0; i < d->nargs; ++i) {
    FfiType *t = d->args[i];
    size_t sz = t->size < sizeof(ffi_arg) ? sizeof(ffi_arg) : t->size;
    argp[i] = alloca(sz);
    memset(argp[i], 0, sz);
    ffi_put(t, a[i], argp[i], self);
  }
  size_t rsz = d->ret->size < sizeof(ffi_arg) ? sizeof(ffi_arg) : d->ret->size;
  void *rv = alloca(rsz + 8);
  memset(rv, 0, rsz);
  errno = 0;
  ffi_call(&d->cif, FFI_FN(fn), rv, argp);
  for (int i = 0; i < d->nargs; ++i) write_back(d->args[i], a[i], argp[i]);
  if (d->ret->kind == FK::Void) return nullptr;
  if (d->ret->kind == FK::Int && d->ret->size < sizeof(ffi_arg)) {
    // libffi widens small integer returns to a full ffi_arg.
    ffi_arg wide;
    memcpy(&wide, rv, sizeof wide);
    if (d->ret->is_signed) return mkint(int64_t(ffi_sarg(wide)) << (64 - 8 * d->ret->size) >> (64 - 8 * d->ret->size));
    return mkuint(uint64_t(wide) & ((uint64_t(1) << (8 * d->ret->size)) - 1));
  }
  if (d->ret->kind == FK::Bool) {
    ffi_arg wide;
    memcpy(&wide, rv, sizeof wide);
    return boolv((wide & 0xff) != 0);
  }
  return ffi_get(d->ret, rv, self);
}

// (sys:make-ffi-fun name fnptr ret-type arg-types nfixed) -> function
static val bi_make_ffi_fun(const Args &a) {
  void *fn = cptr_address(a[1], "deffi");
  if (!fn) errorf(s_error, "deffi: null function pointer for ~s", a[0]);
  int nfixed = a[4] ? c_int(a[4], "deffi") : -1;
  CallDesc *d = make_desc(a[0], a[2], a[3], nfixed, "deffi");
  return make_builtin(a[0], d->nargs, 0, false, call_foreign, cons(d, a[1]));
}

// ---- callbacks ---------------------------------------------------------------------

static void closure_entry(ffi_cif *, void *ret, void **args, void *user) {
  FfiClosure *h = static_cast<FfiClosure *>(user);
  CallDesc *d = h->desc;
  val *lv = static_cast<val *>(alloca(sizeof(val) * size_t(d->nargs + 1)));
  for (int i = 0; i < d->nargs; ++i) lv[i] = ffi_get(d->args[i], args[i], "ffi-callback");
  val r = funcall(h->fun, lv, d->nargs);
  if (d->ret->kind == FK::Void) return;
  if (d->ret->kind == FK::Int && d->ret->size < sizeof(ffi_arg)) {
    int64_t n = c_int64(r, "ffi-callback");
    ffi_arg wide = ffi_arg(n);
    memcpy(ret, &wide, sizeof wide);
    return;
  }
  ffi_put(d->ret, r, ret, "ffi-callback");
}

// (sys:make-ffi-closure fun ret-type arg-types) -> an ffi-closure, which
// the closure type passes to C as a function pointer while it is reachable.
static val bi_make_ffi_closure(const Args &a) {
  val fun = fun_checked(a[0], "deffi-cb");
  CallDesc *d = make_desc(nullptr, a[1], a[2], -1, "deffi-cb");
  FfiClosure *h = gc_obj<FfiClosure>(T::FfiClosure);
  h->desc = d;
  h->fun = fun;
  h->closure = static_cast<ffi_closure *>(ffi_closure_alloc(sizeof(ffi_closure), &h->code));
  if (!h->closure) errorf(s_error, "deffi-cb: cannot allocate a closure");
  if (ffi_prep_closure_loc(h->closure, &d->cif, closure_entry, h, h->code) != FFI_OK) {
    ffi_closure_free(h->closure);
    errorf(s_error, "deffi-cb: cannot prepare the closure");
  }
  // The finalizer frees the executable trampoline with the object.
  GC_register_finalizer_no_order(
      h, [](void *o, void *) { ffi_closure_free(static_cast<FfiClosure *>(o)->closure); }, nullptr, nullptr, nullptr);
  return h;
}

CallDesc *call_desc_checked(val v, const char *self) {
  if (!is(v, T::FfiCallDesc)) type_err(self, v, "an ffi-call-desc");
  return static_cast<CallDesc *>(v);
}

FfiClosure *closure_checked(val v, const char *self) {
  if (!is(v, T::FfiClosure)) type_err(self, v, "an ffi-closure");
  return static_cast<FfiClosure *>(v);
}

// #<ffi-call-desc name ret-type (arg-type ...)>, as TXR prints it.
static void print_call_desc(val obj, std::u32string &out, bool escape) {
  CallDesc *d = static_cast<CallDesc *>(obj);
  out += U"#<ffi-call-desc ";
  print_to(d->name, out, escape);
  out += U" ";
  print_to(d->ret, out, escape);
  out += U" (";
  for (int i = 0; i < d->nargs; ++i) {
    if (i) out += U" ";
    print_to(d->args[i], out, escape);
  }
  out += U")>";
}

static void print_closure(val obj, std::u32string &out, bool escape) {
  FfiClosure *h = static_cast<FfiClosure *>(obj);
  out += U"#<ffi-closure ";
  print_to(h->fun, out, escape);
  out += U" ";
  print_to(h->desc, out, escape);
  out += U">";
}

static val bi_errno_value(const Args &) { return mkfix(errno); }

static const BuiltinDef call_builtins[] = {
    {"dlopen", 0, 2, false, bi_dlopen},
    {"dlsym", 2, 0, false, bi_dlsym},
    {"dlsym-checked", 2, 0, false, bi_dlsym_checked},
    {"dlclose", 1, 0, false, bi_dlclose},
    {"sys:make-ffi-fun", 5, 0, false, bi_make_ffi_fun},
    {"sys:make-ffi-closure", 3, 0, false, bi_make_ffi_closure},
    {"sys:c-errno", 0, 0, false, bi_errno_value},
};

void init_ffi_calls() {
  s_dl_tag = intern("dlhandle");
  print_ops[int(T::FfiCallDesc)] = print_call_desc;
  print_ops[int(T::FfiClosure)] = print_closure;
  register_builtins(call_builtins);
  defvar_builtin("rtld-lazy", mkfix(RTLD_LAZY), false);
  defvar_builtin("rtld-now", mkfix(RTLD_NOW), false);
  defvar_builtin("rtld-global", mkfix(RTLD_GLOBAL), false);
  defvar_builtin("rtld-local", mkfix(RTLD_LOCAL), false);
}

}  // namespace tine
