// How the system modules make and read structure instances (stat, passwd,
// sockaddr-in ...): the one place that depends on the struct runtime.
#include "struct.hpp"
#include "syserr.hpp"

namespace tine {

static StructType *sys_type(val type, const char *self) {
  StructType *st = find_struct_type(type);
  if (!st) errorf(s_internal_error, "~a: struct type ~s is not defined", self, type);
  return st;
}

val make_sys_struct_plist(val type, val plist, const char *self) {
  return make_struct(sys_type(type, self), plist, self);
}

val make_sys_struct(val type, std::initializer_list<std::pair<val, val>> slots, const char *self) {
  val plist = nullptr;
  for (auto it = slots.end(); it != slots.begin();) {
    --it;
    plist = cons(it->first, cons(it->second, plist));
  }
  return make_sys_struct_plist(type, plist, self);
}

val sys_struct_slot(val obj, val slot, const char *self) { return struct_slot(obj, slot, self); }

void sys_struct_set_slot(val obj, val slot, val v, const char *self) { struct_set_slot(obj, slot, v, self); }

bool sys_struct_p(val v) { return is(v, T::Struct); }

bool sys_struct_has_slot(val obj, val slot) {
  return is(obj, T::Struct) && struct_has_slot(static_cast<StructObj *>(obj)->stype, slot);
}

val make_sys_struct_kv(val type, const val *kv, int nkv, const char *self) {
  return make_struct_kv(sys_type(type, self), kv, nkv, nullptr, 0, false, self);
}

val sys_method(val obj, val name) { return struct_method(obj, name); }

// When every instance slot of the type is one of ours and nothing runs
// after initialization, the instance is filled straight from VALUES: the
// generated initializer would only set the same slots to nil first.
val SysStructMaker::make(const val *values, const char *self) {
  StructType *t = find_struct_type(type);
  if (!t) errorf(s_internal_error, "~a: struct type ~s is not defined", self, type);
  if (t != cached) {
    cached = t;
    direct = t->ninst == n && !t->postinitfun && n <= kMax;
    for (int i = 0; direct && i < n; ++i) {
      intptr_t code = struct_slot_code(t, names[i]);
      if (code < 0) direct = false;
      index[i] = int(code);
    }
  }
  if (direct) {
    val obj = allocate_struct(t);
    StructObj *o = static_cast<StructObj *>(obj);
    for (int i = 0; i < n; ++i) o->slots[index[i]] = values[i];
    return obj;
  }
  val kv[2 * kMax];
  for (int i = 0; i < n; ++i) kv[2 * i] = names[i], kv[2 * i + 1] = values[i];
  return make_struct_kv(t, kv, 2 * n, nullptr, 0, false, self);
}

}  // namespace tine
