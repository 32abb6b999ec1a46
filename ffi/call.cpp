// Calls into C through libffi and callbacks out of it: call descriptors,
// ffi-call, the functions deffi makes, FFI closures (safe and unsafe
// dispatch), and dlopen/dlsym.
#include "ffi/call.hpp"

#include <dlfcn.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <optional>

#include "runtime/printer.hpp"

namespace tine {

static val s_dl_tag, s_dlsym_tag;

// ---- dynamic libraries ----------------------------------------------------------

static val bi_dlopen(const Args &a) {
  std::string name;
  if (!missing(a[0]) && a[0]) name = utf8(str_checked(a[0], a.name()));
  int flags = missing(a[1]) ? RTLD_LAZY : c_int(a[1], a.name());
  void *h = dlopen(name.empty() ? nullptr : name.c_str(), flags);
  if (!h) errorf(s_error, "~a: ~a", a.name(), dlerror());
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

static val find_symbol_in(const Args &a, bool versioned) {
  void *h = lib_handle(a[0], a.name());
  std::string name = utf8(str_checked(a[1], a.name()));
  dlerror();
  void *p;
  if (versioned) {
    std::string ver = utf8(str_checked(a[2], a.name()));
    p = dlvsym(h, name.c_str(), ver.c_str());
  } else {
    p = dlsym(h, name.c_str());
  }
  return p ? make_cptr(p, versioned ? nullptr : s_dlsym_tag) : nullptr;
}

static val bi_dlsym(const Args &a) { return find_symbol_in(a, false); }
static val bi_dlvsym(const Args &a) { return find_symbol_in(a, true); }

static val bi_dlsym_checked(const Args &a) {
  if (val p = find_symbol_in(a, false)) return p;
  errorf(s_error, "~a: symbol ~s not found", a.name(), a[1]);
}

static val bi_dlvsym_checked(const Args &a) {
  if (val p = find_symbol_in(a, true)) return p;
  errorf(s_error, "~a: symbol ~s, version ~s not found", a.name(), a[1], a[2]);
}

static val bi_dlclose(const Args &a) {
  void *h = lib_handle(a[0], a.name());
  if (h == RTLD_DEFAULT) return nullptr;
  bool ok = dlclose(h) == 0;
  static_cast<CPtrObj *>(a[0])->ptr = nullptr;
  return boolv(ok);
}

// ---- call descriptors ------------------------------------------------------------

CallDesc *call_desc_checked(val v, const char *self) {
  if (!is(v, T::FfiCallDesc)) type_err(self, v, "an ffi-call-desc");
  return static_cast<CallDesc *>(v);
}

FfiClosure *closure_checked(val v, const char *self) {
  if (!is(v, T::FfiClosure)) type_err(self, v, "an ffi-closure");
  return static_cast<FfiClosure *>(v);
}

static const char *name_text(val name, const char *dflt) {
  if (!name) return dflt;
  std::string s = is(name, T::Sym) ? utf8(sym(name)->name) : repr(name);
  char *p = static_cast<char *>(gc_atomic(s.size() + 1));
  memcpy(p, s.c_str(), s.size() + 1);
  return p;
}

// Whether put allocates nothing for t and the call needs no in pass for it.
static bool simple_arg(FfiType *t) {
  switch (t->kind) {
    case FK::Int:
    case FK::Float:
    case FK::Val:
    case FK::CPtr:
    case FK::Closure:
    case FK::CArray: return true;
    case FK::Buf: return t->own == Own::Plain;
    case FK::Str: return t->own == Own::S;
    default: return false;
  }
}

// (ffi-make-call-desc ntotal nfixed rettype argtypes [name])
static val bi_ffi_make_call_desc(const Args &a) {
  val name = missing(a[4]) ? nullptr : a[4];
  const char *self = name_text(name, a.name());
  intptr_t nt = c_fixnum(a[0], self);
  intptr_t nf = missing(a[1]) || !a[1] ? nt : c_fixnum(a[1], self);
  if (nt < 0 || nf < 0 || nf > nt) errorf(s_error, "~a: bad argument counts ~s and ~s", self, a[0], a[1]);
  if (nf == 0 && nt > 0) errorf(s_error, "~a: variadic with zero fixed arguments not allowed", self);
  CallDesc *d = gc_obj<CallDesc>(T::FfiCallDesc);
  d->simple = true;
  d->name = name;
  d->self = self;
  d->nargs = int(nt);
  d->nfixed = int(nf);
  d->ret = ffi_type_checked(a[2], self);
  if (d->ret->bitfield) errorf(s_error, "~a: can't return bitfield from function", self);
  if (d->ret->incomplete && d->ret->kind != FK::Void)
    errorf(s_error, "~a: can't return incomplete type ~s by value", self, a[2]);
  d->args = static_cast<FfiType **>(gc_scanned(sizeof(FfiType *) * size_t(nt + 1)));
  d->lf_args = static_cast<ffi_type **>(gc_scanned(sizeof(ffi_type *) * size_t(nt + 1)));
  val l = a[3];
  for (intptr_t i = 0; i < nt; ++i, l = cdr(l)) {
    if (!consp(l)) errorf(s_error, "~a: ~s has fewer than ~s types", self, a[3], a[0]);
    FfiType *t = ffi_type_checked(car(l), self);
    if (t->bitfield) errorf(s_error, "~a: can't pass bitfield as argument", self);
    if (t->incomplete) errorf(s_error, "~a: can't pass incomplete type ~s by value", self, car(l));
    d->args[i] = t;
    d->lf_args[i] = ffi_lf(t);
    d->any_in = d->any_in || t->has_in;
    d->simple = d->simple && simple_arg(t);
    d->any_out = d->any_out || t->has_out;
  }
  ffi_status st =
      nf < nt ? ffi_prep_cif_var(&d->cif, FFI_DEFAULT_ABI, unsigned(nf), unsigned(nt), ffi_lf(d->ret), d->lf_args)
              : ffi_prep_cif(&d->cif, FFI_DEFAULT_ABI, unsigned(nt), ffi_lf(d->ret), d->lf_args);
  if (st != FFI_OK) errorf(s_error, "~a: ffi_prep_cif failed: ~s", self, mkfix(int(st)));
  return d;
}

// ---- calls ------------------------------------------------------------------------------

// A non-local exit out of a safe callback, held until the C function that
// called it returns to the call that is to resume it.
static std::exception_ptr pending_exit;

// Small integer returns travel as a whole ffi_arg; on a big-endian host
// the value is in its last bytes.
static size_t ret_offset(FfiType *t) {
  if (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ && t->kind == FK::Int && t->size < sizeof(ffi_arg))
    return sizeof(ffi_arg) - t->size;
  return 0;
}

static void rethrow_pending_exit() {
  std::exception_ptr e = pending_exit;
  pending_exit = nullptr;
  std::rethrow_exception(e);
}

static val call_result(CallDesc *d, void *rv) {
  FfiType *rt = d->ret;
  return rt->kind == FK::Void ? nullptr : ffi_get(rt, static_cast<char *>(rv) + ret_offset(rt), d->self);
}

// Arguments that allocate nothing and need no in pass (integers, floats,
// pointers passed as they are): converted straight into the argument area.
static val call_simple(CallDesc *d, void *fn, val *args, int n) {
  void **argp = static_cast<void **>(alloca(sizeof(void *) * size_t(n + 1)));
  for (int i = 0; i < n; ++i) {
    FfiType *t = d->args[i];
    argp[i] = alloca(t->size < sizeof(ffi_arg) ? sizeof(ffi_arg) : t->size);
    ffi_put(t, args[i], argp[i], d->self);
  }
  void *rv = alloca(std::max(d->ret->size, sizeof(ffi_arg)));
  errno = 0;
  ffi_call(&d->cif, FFI_FN(fn), rv, argp);
  val ret = call_result(d, rv);
  if (pending_exit) rethrow_pending_exit();
  return ret;
}

val ffi_call_with(CallDesc *d, void *fn, val *args, int n) {
  const char *self = d->self;
  if (n != d->nargs) errorf(s_error, "~a: ~s requires ~s arguments", self, static_cast<val>(d), mkfix(d->nargs));
  if (d->simple) return call_simple(d, fn, args, n);
  void **argp = static_cast<void **>(alloca(sizeof(void *) * size_t(n + 1)));
  alignas(16) uint8_t scratch[256];
  // The arena is in force while this call's arguments are converted and
  // taken back, not while C runs (a callback's own conversions must not
  // allocate from it).
  FfiArena arena{scratch, scratch, scratch + sizeof scratch};
  struct ArenaScope {
    FfiArena *saved;
    explicit ArenaScope(FfiArena *x) : saved(ffi_arena) { ffi_arena = x; }
    ~ArenaScope() { ffi_arena = saved; }
  };
  std::optional<ArenaScope> scope(std::in_place, &arena);
  int i = 0;
  try {
    for (; i < n; ++i) {
      FfiType *t = d->args[i];
      size_t sz = t->size < sizeof(ffi_arg) ? sizeof(ffi_arg) : t->size;
      argp[i] = alloca(sz);
      ffi_put(t, args[i], argp[i], self);
    }
  } catch (...) {
    // What the arguments already converted allocated is freed.
    for (int k = 0; k < i; ++k) ffi_release(d->args[k], args[k], argp[k], self);
    throw;
  }
  void *rv = alloca(std::max(d->ret->size, sizeof(ffi_arg)));
  errno = 0;
  scope.reset();
  ffi_call(&d->cif, FFI_FN(fn), rv, argp);
  scope.emplace(&arena);
  int saved_errno = errno;
  val ret = call_result(d, rv);
  if (d->any_in)
    for (int k = n - 1; k >= 0; --k)
      if (d->args[k]->has_in) ffi_in(d->args[k], false, argp[k], args[k], self);
  if (pending_exit) rethrow_pending_exit();
  errno = saved_errno;  // as the C function left it
  return ret;
}

static val bi_ffi_call(const Args &a) {
  void *fn = cptr_checked(a[0], a.name())->ptr;
  CallDesc *d = call_desc_checked(a[1], a.name());
  return ffi_call_with(d, fn, a.v + 2, a.n - 2);
}

// A function made by deffi: its data is a cons of the call descriptor and
// the cptr of the C function.
static val call_foreign(const Args &a) {
  val data = a.self->data;
  return ffi_call_with(static_cast<CallDesc *>(car(data)), static_cast<CPtrObj *>(cdr(data))->ptr, a.v, a.n);
}

// (sys:make-ffi-fun name fnptr call-desc) -> function
static val bi_make_ffi_fun(const Args &a) {
  CPtrObj *fn = cptr_checked(a[1], "deffi");
  if (!fn->ptr) errorf(s_error, "deffi: null function pointer for ~s", a[0]);
  CallDesc *d = call_desc_checked(a[2], "deffi");
  return make_builtin(a[0], d->nargs, 0, false, call_foreign, cons(d, fn));
}

// ---- callbacks -----------------------------------------------------------------------

// The return value in the form libffi wants: small integers widened to a
// whole ffi_arg.
static void put_return(FfiType *rt, val r, void *ret, const char *self) {
  if (rt->kind == FK::Void) return;
  if (rt->kind != FK::Int || rt->size >= sizeof(ffi_arg)) {
    ffi_put(rt, r, ret, self);
    return;
  }
  uint64_t scratch = 0;
  ffi_put(rt, r, &scratch, self);
  uint64_t raw = ffi_load_uint(&scratch, rt->size, false);
  int shift = int(64 - 8 * rt->size);
  ffi_arg wide = rt->is_signed ? ffi_arg(int64_t(raw << shift) >> shift) : ffi_arg(raw);
  memcpy(ret, &wide, sizeof wide);
}

static void dispatch(FfiClosure *h, void *ret, void **args) {
  CallDesc *d = h->desc;
  const char *self = d->self;
  val *lv = static_cast<val *>(alloca(sizeof(val) * size_t(d->nargs + 1)));
  FfiReadLimit unlimited(nullptr);
  for (int i = 0; i < d->nargs; ++i) lv[i] = ffi_get(d->args[i], args[i], self);
  val r = funcall(h->fun, lv, d->nargs);
  if (d->any_out)
    for (int i = d->nargs - 1; i >= 0; --i)
      if (d->args[i]->has_out) ffi_out(d->args[i], false, lv[i], args[i], self);
  put_return(d->ret, r, ret, self);
}

static void closure_entry(ffi_cif *, void *ret, void **args, void *user) {
  FfiClosure *h = static_cast<FfiClosure *>(user);
  if (!h->safe) {
    dispatch(h, ret, args);  // exits unwind through the C frames
    return;
  }
  size_t rsz = std::max(h->desc->ret->size, sizeof(ffi_arg));
  if (!pending_exit) {
    try {
      dispatch(h, ret, args);
      return;
    } catch (...) {
      pending_exit = std::current_exception();
    }
  }
  // Unwinding: C gets the abort value (or zeros) and the exit resumes when
  // it returns to Lisp.
  memset(ret, 0, rsz);
  if (h->abort_val) try {
      put_return(h->desc->ret, h->abort_val, ret, h->desc->self);
    } catch (...) {
      memset(ret, 0, rsz);
    }
}

static void free_closure(void *o, void *) { ffi_closure_free(static_cast<FfiClosure *>(o)->closure); }

// (ffi-make-closure fun call-desc [safe-p [abort-val]])
static val bi_ffi_make_closure(const Args &a) {
  CallDesc *d = call_desc_checked(a[1], a.name());
  const char *self = d->name ? d->self : a.name();
  val fun = fun_checked(a[0], self);
  FfiClosure *h = gc_obj<FfiClosure>(T::FfiClosure);
  h->desc = d;
  h->fun = fun;
  h->safe = missing(a[2]) || a[2];
  h->abort_val = missing(a[3]) ? nullptr : a[3];
  h->closure = static_cast<ffi_closure *>(ffi_closure_alloc(sizeof(ffi_closure), &h->code));
  if (!h->closure) errorf(s_error, "~a: failed to allocate special closure memory", self);
  if (ffi_prep_closure_loc(h->closure, &d->cif, closure_entry, h, h->code) != FFI_OK) {
    ffi_closure_free(h->closure);
    errorf(s_error, "~a: ffi_prep_closure_loc failed", self);
  }
  // The trampoline is freed with the object.
  GC_register_finalizer_no_order(h, free_closure, nullptr, nullptr, nullptr);
  return h;
}

static val bi_errno_value(const Args &) { return mkfix(errno); }

// ---- printing and init ---------------------------------------------------------------------

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

static const BuiltinDef call_builtins[] = {
    {"dlopen", 0, 2, false, bi_dlopen},
    {"dlsym", 2, 0, false, bi_dlsym},
    {"dlvsym", 3, 0, false, bi_dlvsym},
    {"dlsym-checked", 2, 0, false, bi_dlsym_checked},
    {"dlvsym-checked", 3, 0, false, bi_dlvsym_checked},
    {"dlclose", 1, 0, false, bi_dlclose},
    {"ffi-make-call-desc", 4, 1, false, bi_ffi_make_call_desc},
    {"ffi-call", 2, 0, true, bi_ffi_call},
    {"ffi-make-closure", 2, 2, false, bi_ffi_make_closure},
    {"sys:make-ffi-fun", 3, 0, false, bi_make_ffi_fun},
    {"sys:c-errno", 0, 0, false, bi_errno_value},
};

void init_ffi_calls() {
  s_dl_tag = intern("dlhandle");
  s_dlsym_tag = intern("dlsym");
  print_ops[int(T::FfiCallDesc)] = print_call_desc;
  print_ops[int(T::FfiClosure)] = print_closure;
  register_builtins(call_builtins);
  defvar_builtin("rtld-lazy", mkfix(RTLD_LAZY), false);
  defvar_builtin("rtld-now", mkfix(RTLD_NOW), false);
  defvar_builtin("rtld-global", mkfix(RTLD_GLOBAL), false);
  defvar_builtin("rtld-local", mkfix(RTLD_LOCAL), false);
  defvar_builtin("rtld-nodelete", mkfix(RTLD_NODELETE), false);
  defvar_builtin("rtld-noload", mkfix(RTLD_NOLOAD), false);
  defvar_builtin("rtld-deepbind", mkfix(RTLD_DEEPBIND), false);
}

}  // namespace tine
