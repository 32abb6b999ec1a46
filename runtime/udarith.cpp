// User-defined arithmetic: dispatch of arithmetic functions to the methods
// of struct objects.
#include "udarith.hpp"

#include "struct.hpp"

namespace tine {

// The function a struct object has for the method named by the symbol.
static val method_of(val obj, val name) { return struct_method(obj, name); }

static val method_sym(const char *method) {
  // "sys:x" names are not used here: every method lives in usr.
  return intern(method);
}

val ud_call(val obj, const char *method, const val *args, int n, const char *self) {
  val m = method_of(obj, method_sym(method));
  if (!m) errorf(s_type_error, "~a: ~s has no ~a method", self, obj, method);
  val argv[4];
  argv[0] = obj;
  for (int i = 0; i < n && i < 3; ++i) argv[i + 1] = args[i];
  return funcall(m, argv, n + 1);
}

val ud_unary(val obj, const char *method, const char *self) { return ud_call(obj, method, nullptr, 0, self); }

val ud_binary(val a, val b, const char *method, const char *rmethod, const char *self) {
  if (ud_p(a)) return ud_call(a, method, &b, 1, self);
  if (!rmethod) errorf(s_type_error, "~a: invalid operands ~s ~s", self, a, b);
  return ud_call(b, rmethod, &a, 1, self);
}

bool ud_arithp(val obj) { return ud_p(obj) && method_of(obj, method_sym("+")) != nullptr; }

}  // namespace tine
