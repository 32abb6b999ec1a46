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
  bool any_in;       // some argument needs the in pass after a call
  bool any_out;      // some argument needs the out pass after a callback
  bool simple;       // no argument allocates or needs the in pass
  val name;          // names the function in errors; nil: the FFI function's own name
  const char *self;  // name, as UTF-8
};

// A Lisp function callable from C through a libffi trampoline at code.
struct FfiClosure : Obj {
  ffi_closure *closure;
  void *code;
  CallDesc *desc;
  val fun;
  bool safe;      // non-local exits stop at the C boundary and resume after the call
  val abort_val;  // what C receives from a safe callback that exits that way
};

CallDesc *call_desc_checked(val v, const char *self);
FfiClosure *closure_checked(val v, const char *self);
// Calls fn as d describes with n Lisp arguments.
val ffi_call_with(CallDesc *d, void *fn, val *args, int n);

}  // namespace tine
