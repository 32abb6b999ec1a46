// Structures: defstruct types with single inheritance, slots with
// initializers, methods, and #S(...) printing.
#include "runtime/lisp.hpp"
#include "runtime/printer.hpp"
#include "runtime/struct.hpp"

namespace tine {

static val struct_types;  // eq hash: name -> StructType

StructType *find_struct_type(val name) {
  val t = gethash(struct_types, name);
  if (!t && is(name, T::Sym) && name && autoload(name)) t = gethash(struct_types, name);
  return static_cast<StructType *>(t);
}

static StructType *type_arg(val v, const char *self) {
  if (is(v, T::StructType)) return static_cast<StructType *>(v);
  if (StructType *t = is(v, T::Sym) ? find_struct_type(v) : nullptr) return t;
  errorf(s_type_error, "~a: ~s does not name a struct type", self, v);
}

StructObj *struct_checked(val v, const char *self) {
  if (!is(v, T::Struct)) type_err(self, v, "a struct");
  return static_cast<StructObj *>(v);
}

static intptr_t slot_index(StructType *t, val slot) {
  intptr_t i = 0;
  for (val l = t->slots; l; l = cdr(l), ++i)
    if (car(l) == slot) return i;
  return -1;
}

// (sys:defstruct-fn name super slots inits) where inits is an alist
// (slot . function-or-nil) and methods an alist (name . function).
val define_struct_type(val name, val super, val own_slots, val inits, val methods) {
  StructType *st = gc_obj<StructType>(T::StructType);
  st->name = name;
  StructType *sup = super ? type_arg(super, "defstruct") : nullptr;
  st->super = sup;
  val slots = sup ? append2(sup->slots, nullptr) : nullptr;
  for (val l = own_slots; l; l = cdr(l))
    if (!memq_list(car(l), slots)) slots = append2(slots, cons(car(l), nullptr));
  st->slots = slots;
  st->inits = sup ? append2(inits, sup->inits) : inits;
  st->methods = make_hash(HashKind::Eq);
  if (sup) {
    val k, v;
    for (size_t c = 0; hash_next(sup->methods, &c, &k, &v);) sethash(st->methods, k, v);
  }
  for (val l = methods; l; l = cdr(l)) sethash(st->methods, car(car(l)), cdr(car(l)));
  sethash(struct_types, name, st);
  return st;
}

bool memq_list(val x, val l) {
  for (; l; l = cdr(l))
    if (car(l) == x) return true;
  return false;
}

val make_struct(StructType *t, val plist, const char *self) {
  StructObj *o = gc_obj<StructObj>(T::Struct);
  o->stype = t;
  size_t n = 0;
  for (val l = t->slots; l; l = cdr(l)) ++n;
  o->n = n;
  o->slots = static_cast<val *>(gc_scanned(sizeof(val) * (n ? n : 1)));
  intptr_t i = 0;
  for (val l = t->slots; l; l = cdr(l), ++i) {
    val init = nullptr;
    for (val a = t->inits; a; a = cdr(a))
      if (car(car(a)) == car(l)) {
        init = cdr(car(a));
        break;
      }
    o->slots[i] = init ? funcall0(init) : nullptr;
  }
  for (val l = plist; l; l = cdr(cdr(l))) {
    if (!consp(cdr(l))) errorf(s_error, "~a: odd number of slot arguments", self);
    val s = car(l);
    if (keywordp(s)) s = intern(sv(sym(s)->name), pkg_usr);
    intptr_t k = slot_index(t, s);
    if (k < 0) errorf(s_error, "~a: ~s has no slot ~s", self, t->name, car(l));
    o->slots[k] = car(cdr(l));
  }
  return o;
}

val struct_slot(val obj, val slot, const char *self) {
  StructObj *o = struct_checked(obj, self);
  intptr_t k = slot_index(o->stype, slot);
  if (k < 0) errorf(s_error, "~a: ~s has no slot ~s", self, obj, slot);
  return o->slots[k];
}

val struct_set_slot(val obj, val slot, val v, const char *self) {
  StructObj *o = struct_checked(obj, self);
  intptr_t k = slot_index(o->stype, slot);
  if (k < 0) errorf(s_error, "~a: ~s has no slot ~s", self, obj, slot);
  o->slots[k] = v;
  return v;
}

// ---- builtins -------------------------------------------------------------------------

static val bi_defstruct_fn(const Args &a) {
  if (!is(a[0], T::Sym)) type_err("defstruct", a[0], "a symbol");
  return define_struct_type(a[0], a[1], a[2], a[3], a[4]);
}

static val bi_make_struct(const Args &a) { return make_struct(type_arg(a[0], a.name()), a[1], a.name()); }
static val bi_slot(const Args &a) { return struct_slot(a[0], a[1], a.name()); }
static val bi_slotset(const Args &a) { return struct_set_slot(a[0], a[1], a[2], a.name()); }
static val bi_structp(const Args &a) { return boolv(is(a[0], T::Struct)); }
static val bi_find_struct_type(const Args &a) { return find_struct_type(a[0]); }

static val bi_struct_type_name(const Args &a) {
  if (is(a[0], T::Struct)) return static_cast<StructObj *>(a[0])->stype->name;
  return type_arg(a[0], a.name())->name;
}

static val bi_slots(const Args &a) { return append2(type_arg(a[0], a.name())->slots, nullptr); }

static val bi_slotp(const Args &a) {
  StructType *t = is(a[0], T::Struct) ? static_cast<StructObj *>(a[0])->stype : type_arg(a[0], a.name());
  return boolv(slot_index(t, a[1]) >= 0);
}

// (sys:call-method obj name args...)
static val bi_call_method(const Args &a) {
  StructObj *o = struct_checked(a[0], "method call");
  val m = gethash(o->stype->methods, a[1]);
  if (!m) errorf(s_error, "~s has no method ~s", a[0], a[1]);
  val *argv = static_cast<val *>(alloca(sizeof(val) * size_t(a.n)));
  argv[0] = a[0];
  for (int i = 2; i < a.n; ++i) argv[i - 1] = a[i];
  return funcall(m, argv, a.n - 1);
}

static val bi_add_method(const Args &a) {
  StructType *t = type_arg(a[0], "defmeth");
  sethash(t->methods, a[1], a[2]);
  return a[1];
}

static val bi_copy_struct(const Args &a) {
  StructObj *o = struct_checked(a[0], a.name());
  StructObj *c = gc_obj<StructObj>(T::Struct);
  c->stype = o->stype;
  c->n = o->n;
  c->slots = static_cast<val *>(gc_scanned(sizeof(val) * (o->n ? o->n : 1)));
  for (size_t i = 0; i < o->n; ++i) c->slots[i] = o->slots[i];
  return c;
}

static void print_struct(val obj, std::u32string &out, bool escape) {
  StructObj *o = static_cast<StructObj *>(obj);
  out += U"#S(";
  print_to(o->stype->name, out, escape);
  size_t i = 0;
  for (val l = o->stype->slots; l; l = cdr(l), ++i) {
    out += U" ";
    print_to(car(l), out, escape);
    out += U" ";
    print_to(o->slots[i], out, escape);
  }
  out += U")";
}

static void print_struct_type(val obj, std::u32string &out, bool escape) {
  out += U"#<struct-type ";
  print_to(static_cast<StructType *>(obj)->name, out, escape);
  out += U">";
}

bool struct_equal(val a, val b) {
  StructObj *x = static_cast<StructObj *>(a), *y = static_cast<StructObj *>(b);
  if (x->stype != y->stype) return false;
  for (size_t i = 0; i < x->n; ++i)
    if (!equal(x->slots[i], y->slots[i])) return false;
  return true;
}

static const BuiltinDef struct_builtins[] = {
    {"sys:defstruct-fn", 5, 0, false, bi_defstruct_fn},
    {"sys:call-method", 2, 0, true, bi_call_method},
    {"sys:add-method", 3, 0, false, bi_add_method},
    {"make-struct", 2, 0, false, bi_make_struct},
    {"slot", 2, 0, false, bi_slot},
    {"slotset", 3, 0, false, bi_slotset},
    {"structp", 1, 0, false, bi_structp},
    {"find-struct-type", 1, 0, false, bi_find_struct_type},
    {"struct-type-name", 1, 0, false, bi_struct_type_name},
    {"slots", 1, 0, false, bi_slots},
    {"slotp", 2, 0, false, bi_slotp},
    {"copy-struct", 1, 0, false, bi_copy_struct},
};

void init_structs() {
  struct_types = make_hash(HashKind::Eq);
  print_ops[int(T::Struct)] = print_struct;
  print_ops[int(T::StructType)] = print_struct_type;
  register_builtins(struct_builtins);
}

}  // namespace tine
