// Union objects: a copy of a C union's bytes with the FFI union type that
// says what its members are (make-union, union-get, union-put ...).
#pragma once
#include "ffi/ffi_type.hpp"

namespace tine {

struct UnionObj : Obj {
  FfiType *utype;
  uint8_t *data;  // utype->size bytes
};

UnionObj *union_checked(val v, const char *self);
val make_union_obj(FfiType *t, const void *bytes);  // bytes: nullptr for zeros

}  // namespace tine
