// Structure types and instances (defstruct).
#pragma once
#include "runtime/lisp.hpp"

namespace tine {

struct StructType : Obj {
  val name;
  StructType *super;
  val slots;    // every slot, inherited ones first
  val inits;    // alist (slot . initializer function)
  val methods;  // eq hash: name -> function
};

struct StructObj : Obj {
  StructType *stype;
  val *slots;
  size_t n;
};

StructType *find_struct_type(val name);
StructObj *struct_checked(val v, const char *self);
val define_struct_type(val name, val super, val own_slots, val inits, val methods);
val make_struct(StructType *t, val plist, const char *self);
val struct_slot(val obj, val slot, const char *self);
val struct_set_slot(val obj, val slot, val v, const char *self);
bool struct_equal(val a, val b);
bool memq_list(val x, val l);
void init_structs();

}  // namespace tine
