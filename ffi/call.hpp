// Call descriptors and FFI closures: the objects behind deffi, deffi-cb,
// ffi-make-call-desc, ffi-make-closure and ffi-call.
#pragma once
#include "ffi/ffi_type.hpp"

namespace tine {

// A C signature prepared for libffi: return type, argument types and, for a
// variadic function, how many arguments are fixed.
struct CallDesc : Obj {
  ffi_cif cif;
  FfiType *ret;
  FfiType **args;
  ffi_type **lf_args;
  int nargs, nfixed;
  val name;  // names the function in errors; nil: the FFI function's own name
};

// A Lisp function callable from C through a libffi trampoline at code.
struct FfiClosure : Obj {
  ffi_closure *closure;
  void *code;
  CallDesc *desc;
  val fun;
};

CallDesc *call_desc_checked(val v, const char *self);
FfiClosure *closure_checked(val v, const char *self);

}  // namespace tine
