// Exceptions: TXR's hierarchy, throw with handlers run at the throw point,
// and error constructors whose messages name the failing function.
#include <cerrno>
#include <cstring>

#include "dynamic.hpp"
#include "stream.hpp"
#include "struct.hpp"

namespace tine {

DynFrame *dyn_top;
static val supertypes;  // eq hash: exception symbol -> its supertype

void def_exception(val s, val super) { sethash(supertypes, s, super); }

bool exception_subtype(val sub, val sup) {
  if (sup == s_t || sub == sup) return true;
  for (val s = sub; s;) {
    bool found = false;
    s = gethash(supertypes, s, &found);
    if (!found) return false;
    if (s == sup) return true;
  }
  return false;
}

static bool frame_claims(val types, val sym) {
  for (val l = types; l; l = cdr(l))
    if (exception_subtype(sym, car(l))) return true;
  return false;
}

// A handler runs where the exception was thrown, with nothing unwound: its
// own throws can reach catch frames inside its handle form (copy-files'
// skip and retry restarts, say).  Only its own frame is disabled meanwhile.
static void run_handler(DynFrame *f, val sym, val args) {
  struct Disable {
    DynFrame *f;
    explicit Disable(DynFrame *fr) : f(fr) { f->disabled = true; }
    ~Disable() { f->disabled = false; }
  };
  if (!frame_claims(f->types, sym)) return;
  Disable off(f);
  apply_list(f->handler, cons(sym, args));
}

// Runs the handlers in scope and transfers control to the innermost catch
// frame that claims the exception; returns when no catch frame does.
static void search_frames(val sym, val args) {
  if (!symbolp(sym) || !sym) type_err("throw", sym, "a symbol");
  for (DynFrame *f = dyn_top; f; f = f->up) {
    if (f->kind == DynFrame::Handler) {
      if (!f->disabled) run_handler(f, sym, args);
    } else if (frame_claims(f->types, sym))
      throw CatchUnwind{f, sym, args};
  }
}

// *unhandled-hook*: called (reset to nil first) before an exception that
// nothing claims unwinds; (type object form), the form unknown here.
static val unhandled_hook_sym;

static void call_unhandled_hook(val type, val args) {
  if (!unhandled_hook_sym) return;
  Sym *h = sym(unhandled_hook_sym);
  val hook = h->value;
  if (!hook || hook == UNBOUND) return;
  h->value = nullptr;
  if (!functionp(hook)) {
    put_str(std_error, "*unhandled-hook* holds no function\n");
    return;
  }
  val fargs[3] = {type, args && !cdr(args) ? car(args) : args, nullptr};
  funcall(hook, fargs, 3);
}

void throw_exception(val sym, val args) {
  search_frames(sym, args);
  call_unhandled_hook(sym, args);
  throw LispThrow{sym, args, nullptr, 0};
}

// throw, as the Lisp function: an unclaimed exception that is not an error
// (a warning, say) is a notification, and throw then returns nil.
static val throw_notifying(val sym, val args) {
  search_frames(sym, args);
  if (exception_subtype(sym, s_error)) {
    call_unhandled_hook(sym, args);
    throw LispThrow{sym, args, nullptr, 0};
  }
  return nullptr;
}

void throw_error(val type, val message) { throw_exception(type, cons(message, nullptr)); }

ErrArg::ErrArg(const char *utf8) : v(mkstr_utf8(utf8 ? utf8 : "")) {}
ErrArg::ErrArg(const std::string &utf8) : v(mkstr_utf8(utf8)) {}
ErrArg::ErrArg(int n) : v(mkint(n)) {}
ErrArg::ErrArg(long n) : v(mkint(n)) {}
ErrArg::ErrArg(long long n) : v(mkint(n)) {}
ErrArg::ErrArg(unsigned long n) : v(mkuint(n)) {}

// Message formatting for C++ callers: ~a and ~s print the next argument.
val format_message(const char *fmt, const ErrArg *args, size_t n) {
  std::u32string out;
  size_t k = 0;
  for (const char *p = fmt; *p; ++p) {
    if (*p == '~' && (p[1] == 'a' || p[1] == 's')) {
      if (k < n) print_to_circle(args[k++].v, out, p[1] == 's');
      ++p;
    } else if (*p == '~' && p[1] == '~') {
      out.push_back('~');
      ++p;
    } else {
      // Decode one UTF-8 sequence of the literal format text.
      const char *q = p;
      while (q[1] && (q[1] & 0xC0) == 0x80) ++q;
      out += utf8_decode(std::string_view(p, q - p + 1));
      p = q;
    }
  }
  return mkstr(out);
}

void errorf_list(val type, const char *fmt, const ErrArg *args, size_t n) {
  throw_error(type, format_message(fmt, args, n));
}

void type_err(const char *self, val obj, const char *what) {
  errorf(s_type_error, "~a: ~s is not ~a", self, obj, what);
}

void range_err(const char *self, const char *what, val obj) { errorf(s_range_error, "~a: ~a ~s", self, what, obj); }

void sys_err(const char *self, const char *what, int eno, val obj) {
  val type = s_system_error;
  if (eno == ENOENT)
    type = s_path_not_found;
  else if (eno == EEXIST)
    type = s_path_exists;
  else if (eno == EACCES || eno == EPERM)
    type = s_path_permission;
  if (obj) errorf(type, "~a: ~a ~s failed: ~a/~s", self, what, obj, eno, strerror(eno));
  errorf(type, "~a: ~a failed: ~a/~s", self, what, eno, strerror(eno));
}

void arg_count_err(val fun, int n) {
  Fun *f = fun_of(fun);
  val name = f->name ? f->name : mkstr_utf8("lambda");
  if (n < f->req) errorf(s_eval_error, "~a: too few arguments: ~a given, ~a required", name, n, int(f->req));
  errorf(s_eval_error, "~a: too many arguments: ~a given, at most ~a accepted", name, n, f->req + f->opt);
}

val exception_message(val sym, val args) {
  if (exception_subtype(sym, s_error) && consp(args) && stringp(car(args)) && !cdr(args)) return car(args);
  std::u32string out;
  print_to(sym, out, true);
  if (args) {
    out += U": ";
    for (val a = args; a; a = cdr(a)) {
      print_to_circle(car(a), out, !stringp(car(a)));
      if (cdr(a)) out.push_back(' ');
    }
  }
  return mkstr(out);
}

// ---- builtins ----------------------------------------------------------------

static val bi_throw(const Args &a) {
  val args = nullptr;
  for (int i = a.n - 1; i >= 1; --i) args = cons(a[i], args);
  return throw_notifying(a[0], args);
}

static val bi_throwf(const Args &a) {
  val msg = format_str(a[1], a, 2, a.name());
  return throw_notifying(a[0], cons(msg, nullptr));
}

static val bi_error(const Args &a) {
  if (a.n >= 1 && stringp(a[0])) throw_error(s_error, format_str(a[0], a, 1, a.name()));
  val args = nullptr;
  for (int i = a.n - 1; i >= 0; --i) args = cons(a[i], args);
  throw_exception(s_error, args);
}

// (register-exception-subtypes a b c), which defex expands into: a is a b,
// b is a c; the last symbol, when new, is an error.
static val bi_defex(const Args &a) {
  for (int i = 0; i < a.n; ++i)
    if (!is(a[i], T::Sym)) type_err(a.name(), a[i], "a symbol");
  for (int i = 0; i + 1 < a.n; ++i) {
    // A loop in the hierarchy would make every subtype test endless.
    if (exception_subtype(a[i + 1], a[i]))
      errorf(s_type_error, "~a: ~s is already an exception supertype of ~s", a.name(), a[i], a[i + 1]);
    def_exception(a[i], a[i + 1]);
  }
  if (a.n > 0 && !exception_subtype(a[a.n - 1], s_error) && a[a.n - 1] != s_t) {
    bool known = false;
    gethash(supertypes, a[a.n - 1], &known);
    if (!known) def_exception(a[a.n - 1], s_error);
  }
  return nullptr;
}

// (sys:assert-fail expr [fmt args...])
static val bi_assert_fail(const Args &a) {
  std::u32string m = U"assertion ";
  print_to_circle(a[0], m, true);
  m += U" failed";
  if (a.n > 1 && stringp(a[1])) {
    m += U": ";
    m += sv(format_str(a[1], a, 2, "assert"));
  }
  throw_error(s_assert_error, mkstr(m));
}

static val bi_exception_subtype_p(const Args &a) { return boolv(exception_subtype(a[0], a[1])); }

// ---- frames as objects ---------------------------------------------------------------

// A catch-frame or handle-frame structure (stdlib/except.tl) for f; its jump
// slot identifies the frame while it is active.
static val frame_object(DynFrame *f) {
  bool c = f->kind == DynFrame::Catch;
  StructType *t = find_struct_type(intern(c ? "catch-frame" : "handle-frame"));
  if (!t) errorf(s_error, "get-frames: frame structure types are missing");
  val jump = mkuint(uint64_t(uintptr_t(f)));
  val plist = c ? list({intern("types"), f->types, intern("desc"), f->desc, intern("jump"), jump})
                : list({intern("types"), f->types, intern("fun"), f->handler, intern("jump"), jump});
  return make_struct(t, plist, "get-frames");
}

static val frames_matching(val sym, val kind) {
  val out = nullptr;
  for (DynFrame *f = dyn_top; f; f = f->up) {
    bool want = !kind || (kind == intern("catch-frame")) == (f->kind == DynFrame::Catch);
    if (!want || (sym && !frame_claims(f->types, sym))) continue;
    out = cons(frame_object(f), out);
  }
  return nreverse(out);
}

static val bi_get_frames(const Args &) { return frames_matching(nullptr, nullptr); }

// (find-frames [type [kind]]): frames that would take an exception of type.
static val bi_find_frames(const Args &a) {
  return frames_matching(missing(a[0]) ? s_error : a[0], missing(a[1]) ? nullptr : a[1]);
}

static val bi_find_frame(const Args &a) {
  val l = frames_matching(missing(a[0]) ? s_error : a[0], missing(a[1]) ? nullptr : a[1]);
  return car(l);
}

// (invoke-catch frame type arg...): control goes to the catch frame, if it is
// still active, as if it had caught the exception.
static val bi_invoke_catch(const Args &a) {
  val jump = struct_slot(a[0], intern("jump"), a.name());
  uintptr_t addr = uintptr_t(c_uint64(jump, a.name()));
  for (DynFrame *f = dyn_top; f; f = f->up)
    if (uintptr_t(f) == addr && f->kind == DynFrame::Catch) {
      val args = nullptr;
      for (int i = a.n - 1; i >= 2; --i) args = cons(a[i], args);
      throw CatchUnwind{f, a[1], args};
    }
  errorf(s_error, "~a: the catch frame ~s is no longer active", a.name(), a[0]);
}

// ((type supertype ... t) ...): each type with its supertype path.
static val bi_exception_subtype_map(const Args &) {
  val out = nullptr, k, v;
  for (size_t c = 0; hash_next(supertypes, &c, &k, &v);) {
    val path = nullptr;
    for (val s = v; s;) {
      path = cons(s, path);
      if (s == s_t) break;
      bool found = false;
      val up = gethash(supertypes, s, &found);
      s = found ? up : s_t;
    }
    out = cons(cons(k, nreverse(path)), out);
  }
  return out;
}

static const BuiltinDef error_builtins[] = {
    {"get-frames", 0, 0, false, bi_get_frames},
    {"find-frames", 0, 2, false, bi_find_frames},
    {"find-frame", 0, 2, false, bi_find_frame},
    {"invoke-catch", 2, 0, true, bi_invoke_catch},
    {"exception-subtype-map", 0, 0, false, bi_exception_subtype_map},
    {"throw", 1, 0, true, bi_throw},
    {"throwf", 2, 0, true, bi_throwf},
    {"error", 0, 0, true, bi_error},
    {"register-exception-subtypes", 0, 0, true, bi_defex},
    {"exception-subtype-p", 2, 0, false, bi_exception_subtype_p},
    {"sys:assert-fail", 1, 0, true, bi_assert_fail},
};

void init_errors() {
  supertypes = make_hash(HashKind::Eq);
  struct {
    val *sym;
    val *super;
  } tree[] = {
      {&s_error, &s_t},
      {&s_type_error, &s_error},
      {&s_range_error, &s_error},
      {&s_file_error, &s_error},
      {&s_path_not_found, &s_file_error},
      {&s_path_exists, &s_file_error},
      {&s_path_permission, &s_file_error},
      {&s_system_error, &s_error},
      {&s_process_error, &s_error},
      {&s_eval_error, &s_error},
      {&s_syntax_error, &s_error},
      {&s_numeric_error, &s_error},
      {&s_arith_error, &s_numeric_error},
      {&s_internal_error, &s_error},
      {&s_assert_error, &s_error},
      {&s_mmap_fault, &s_error},
      {&s_match_error, &s_error},
      {&s_stack_overflow, &s_error},
      {&s_alloc_error, &s_error},
      {&s_warning, &s_t},
      {&s_restart, &s_t},
  };
  for (auto &e : tree) def_exception(*e.sym, *e.super);
  def_exception(intern("defr-warning"), s_warning);  // compile-defr-warning's
  register_builtins(error_builtins);
  defvar_builtin("*unhandled-hook*", nullptr);
  unhandled_hook_sym = intern("*unhandled-hook*");
}

}  // namespace tine
