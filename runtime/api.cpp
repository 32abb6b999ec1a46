// The embedding API (include/tine/tine.hpp) over the runtime.
#include "tine/tine.hpp"

#include <cstdio>

#include "compiler.hpp"
#include "dynamic.hpp"
#include "lisp.hpp"
#include "number.hpp"
#include "package.hpp"
#include "protect.hpp"
#include "stream.hpp"

namespace tine {

// The runtime's side of Value: wrapping and unwrapping objects, which the
// public header keeps private.
struct ValueAccess {
  static Value wrap(Obj *o) { return Value::from_raw(o); }
  static Obj *raw(const Value &v) { return v.raw(); }
};

static Obj **new_root(val v) {
  Obj **r = static_cast<Obj **>(GC_MALLOC_UNCOLLECTABLE(sizeof(Obj *)));
  *r = v;
  return r;
}

Value::Value() : root_(new_root(nullptr)) {}
Value::Value(long long n) : root_(new_root(mkint(n))) {}
Value::Value(double d) : root_(new_root(mkfloat(d))) {}
Value::Value(const char *s) : root_(new_root(mkstr_utf8(s))) {}
Value::Value(const std::string &s) : root_(new_root(mkstr_utf8(s))) {}
Value::Value(const Value &o) : root_(new_root(*o.root_)) {}
Value &Value::operator=(const Value &o) {
  *root_ = *o.root_;
  return *this;
}
Value::~Value() { GC_FREE(root_); }

Value Value::from_raw(Obj *o) {
  Value v;
  *v.root_ = o;
  return v;
}

Value Value::boolean(bool b) { return from_raw(b ? s_t : nullptr); }

Value Value::list(const std::vector<Value> &items) {
  val l = nullptr;
  for (auto it = items.rbegin(); it != items.rend(); ++it) l = cons(it->raw(), l);
  return from_raw(l);
}

Obj *Value::raw() const { return *root_; }
bool Value::is_nil() const { return raw() == nullptr; }
bool Value::is_integer() const { return integerp(raw()); }
bool Value::is_float() const { return floatp(raw()); }
bool Value::is_string() const { return stringp(raw()); }
bool Value::is_list() const { return !raw() || consp(raw()); }

// Runs f, turning Lisp exceptions into tine::Error.
template <class F>
static auto guarded(F &&f) -> decltype(f()) {
  try {
    return run_protected(f);
  } catch (LispThrow &e) {
    std::string where = e.file ? utf8(e.file) + ":" + std::to_string(e.line) : "";
    throw Error(repr(e.sym), utf8(exception_message(e.sym, e.args)), where);
  }
}

long long Value::to_int() const {
  return guarded([&] { return (long long)c_int64(raw(), "to_int"); });
}

double Value::to_double() const {
  return guarded([&] { return c_double(raw(), "to_double"); });
}

std::string Value::to_string() const {
  return guarded([&] { return utf8(str_checked(raw(), "to_string")); });
}

std::vector<Value> Value::to_list() const {
  return guarded([&] {
    std::vector<Value> out;
    SeqIter it(raw(), "to_list");
    for (val x; it.next(&x);) out.push_back(from_raw(x));
    return out;
  });
}

std::string Value::repr() const { return tine::repr(raw()); }

Runtime::Runtime(int argc, char **argv) {
  guarded([&] {
    runtime_init(argc, argv);
    return 0;
  });
}

Runtime::~Runtime() {
  std::string lost;
  if (!finish_output(&lost)) fprintf(stderr, "tine: %s\n", lost.c_str());
}

void Runtime::flush() {
  std::string lost;
  if (!finish_output(&lost)) throw Error("file-error", lost);
}

Value Runtime::eval(std::string_view code) {
  return guarded([&] {
    val stream = make_string_input(mkstr_utf8(code));
    return ValueAccess::wrap(load_stream_forms(stream, mkstr_utf8("eval")));
  });
}

Value Runtime::load(const std::string &path) {
  return guarded([&] { return ValueAccess::wrap(load_file(mkstr_utf8(path), "load")); });
}

Value Runtime::call(const std::string &function, const std::vector<Value> &args) {
  return guarded([&] {
    std::vector<val, gc_allocator_val> raw;
    for (auto &a : args) raw.push_back(ValueAccess::raw(a));
    val f = fun_checked(intern(function.c_str()), function.c_str());
    return ValueAccess::wrap(funcall(f, raw.data(), int(raw.size())));
  });
}

struct HostFunction {
  std::string name;
  Runtime::Function fn;
};

// The exception symbol an Error names ("type-error", "sys:x", "pkg:y"),
// or error when it names none.
static val error_type_symbol(const std::string &type) {
  size_t colon = type.find(':');
  val s = UNBOUND;
  if (colon == std::string::npos) {
    s = pkg_find(pkg_usr, utf8_decode(type));
  } else if (colon > 0 && type[0] != '#') {
    if (val pkg = find_package(mkstr_utf8(type.substr(0, colon))))
      s = pkg_find(pkg, utf8_decode(type.substr(colon + 1)));
  }
  return is(s, T::Sym) && exception_subtype(s, s_error) ? s : s_error;
}

// A host function's exceptions become Lisp errors.  A tine::Error is a
// Lisp error that passed through the host (its Lisp code called back into
// Lisp): it goes on with its own type and message, not wrapped again in
// the host function's name, so Lisp -> host -> Lisp recursion unwinds in
// linear time with one message.  Any other C++ exception, std or not,
// becomes an error naming the function.
static val call_host(const Args &a) {
  auto *h = static_cast<HostFunction *>(a.self->ctx);
  std::vector<Value> args;
  args.reserve(size_t(a.n));
  for (int i = 0; i < a.n; ++i) args.push_back(missing(a[i]) ? Value() : ValueAccess::wrap(a[i]));
  try {
    return ValueAccess::raw(h->fn(args));
  } catch (Error &e) {
    throw_error(error_type_symbol(e.type()), mkstr_utf8(e.what()));
  } catch (std::exception &e) {
    errorf(s_error, "~a: ~a", h->name, e.what());
  } catch (...) {
    errorf(s_error, "~a: a C++ exception that is not a std::exception", h->name);
  }
}

void Runtime::defun(const std::string &name, int min_args, int max_args, Function fn) {
  // Registrations live as long as the process, like any builtin.
  auto *h = new HostFunction{name, std::move(fn)};
  val s = intern(name.c_str());
  val f = make_builtin(s, min_args, max_args < 0 ? 0 : max_args - min_args, max_args < 0, call_host);
  fun_of(f)->ctx = h;
  sym(s)->fun = f;
}

void Runtime::set_global(const std::string &name, const Value &v) {
  val s = intern(name.c_str());
  sym(s)->special = 1;
  sym(s)->value = ValueAccess::raw(v);
}

Value Runtime::global(const std::string &name) const {
  return guarded([&] { return ValueAccess::wrap(symbol_value(intern(name.c_str()), "global")); });
}

}  // namespace tine
