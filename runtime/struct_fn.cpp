// The struct builtins: types as objects, construction, slot and static slot
// access, methods as functions, super calls and the initfun accessors.
#include "runtime/struct.hpp"

namespace tine {

static StructType *type_of_arg(val v, const char *self) {
  if (is(v, T::Struct)) return static_cast<StructObj *>(v)->stype;
  return struct_type_arg(v, self);
}

static val sym_arg(val v, const char *self) {
  if (!symbolp(v)) type_err(self, v, "a symbol");
  return v;
}

// ---- types ---------------------------------------------------------------------------------------

static val bi_make_struct_type(const Args &a) {
  return make_struct_type(a[0], a[1], a[2], a[3], a[4], a[5], a[6], dflt(a[7], nullptr), a.name());
}

static val bi_find_struct_type(const Args &a) { return find_struct_type(a[0]); }
static val bi_struct_type_p(const Args &a) { return boolv(is(a[0], T::StructType)); }
static val bi_struct_type_name(const Args &a) { return type_of_arg(a[0], a.name())->name; }

static val bi_super(const Args &a) {
  if (missing(a[0]) || !a[0]) return nullptr;
  return type_of_arg(a[0], a.name())->super;
}

static val bi_slots(const Args &a) { return append2(type_of_arg(a[0], a.name())->slots, nullptr); }
static val bi_slotp(const Args &a) { return boolv(struct_has_slot(type_of_arg(a[0], a.name()), a[1])); }

static val bi_static_slot_p(const Args &a) {
  intptr_t code = struct_slot_code(type_of_arg(a[0], a.name()), a[1]);
  return boolv(code < 0 && code != INTPTR_MIN);
}

static val bi_struct_get_initfun(const Args &a) { return struct_type_arg(a[0], a.name())->initfun; }
static val bi_struct_get_postinitfun(const Args &a) { return struct_type_arg(a[0], a.name())->postinitfun; }

static val initfun_arg(val f, const char *self) { return f ? fun_checked(f, self) : nullptr; }

static val bi_struct_set_initfun(const Args &a) {
  return struct_type_arg(a[0], a.name())->initfun = initfun_arg(a[1], a.name());
}

static val bi_struct_set_postinitfun(const Args &a) {
  return struct_type_arg(a[0], a.name())->postinitfun = initfun_arg(a[1], a.name());
}

// ---- construction -----------------------------------------------------------------------------

static val bi_make_struct(const Args &a) {
  return make_struct_boa(struct_type_arg(a[0], a.name()), a[1], a.v + 2, a.n - 2, a.n > 2, a.name());
}

static val bi_struct_from_plist(const Args &a) {
  if ((a.n - 1) & 1) errorf(s_error, "~a: odd number of slot arguments", a.name());
  return make_struct_kv(struct_type_arg(a[0], a.name()), a.v + 1, a.n - 1, nullptr, 0, false, a.name());
}

static val bi_struct_from_args(const Args &a) {
  return make_struct_kv(struct_type_arg(a[0], a.name()), nullptr, 0, a.v + 1, a.n - 1, a.n > 1, a.name());
}

static val bi_make_lazy_struct(const Args &a) {
  return make_lazy_struct(struct_type_arg(a[0], a.name()), fun_checked(a[1], a.name()));
}

static val bi_make_struct_lit(const Args &a) { return make_struct_lit(a[0], a[1]); }
static val bi_allocate_struct(const Args &a) { return allocate_struct(struct_type_arg(a[0], a.name())); }

val copy_struct(val obj) {
  StructObj *o = struct_checked(obj, "copy-struct");
  StructObj *c = static_cast<StructObj *>(allocate_struct(o->stype));
  for (size_t i = 0; i < o->n; ++i) c->slots[i] = o->slots[i];
  return c;
}

static val bi_copy_struct(const Args &a) { return copy_struct(a[0]); }

static val bi_clear_struct(const Args &a) {
  StructObj *o = struct_checked(a[0], a.name());
  val v = dflt(a[1], nullptr);
  for (size_t i = 0; i < o->n; ++i) o->slots[i] = v;
  o->dirty = 1;
  return a[0];
}

static val bi_reset_struct(const Args &a) {
  reset_struct(a[0], a.name());
  return a[0];
}

static val bi_replace_struct(const Args &a) {
  StructObj *t = struct_checked(a[0], a.name()), *s = struct_checked(a[1], a.name());
  if (t == s) return a[0];
  val *slots = static_cast<val *>(gc_scanned(sizeof(val) * (s->n ? s->n : 1)));
  for (size_t i = 0; i < s->n; ++i) slots[i] = s->slots[i];
  t->stype = s->stype;
  t->slots = slots;
  t->n = s->n;
  t->dirty = 1;
  return a[0];
}

static val bi_structp(const Args &a) { return boolv(is(a[0], T::Struct)); }
static val bi_struct_type(const Args &a) { return struct_checked(a[0], a.name())->stype; }

// ---- dirty flags -----------------------------------------------------------------------------------

static val bi_test_dirty(const Args &a) { return boolv(struct_checked(a[0], a.name())->dirty); }

static val bi_clear_dirty(const Args &a) {
  struct_checked(a[0], a.name())->dirty = 0;
  return a[0];
}

static val bi_test_clear_dirty(const Args &a) {
  StructObj *o = struct_checked(a[0], a.name());
  bool d = o->dirty;
  o->dirty = 0;
  return boolv(d);
}

// ---- slots ---------------------------------------------------------------------------------------------

static val bi_slot(const Args &a) { return struct_slot(a[0], a[1], a.name()); }
static val bi_slotset(const Args &a) { return struct_set_slot(a[0], a[1], a[2], a.name()); }

static val bi_static_slot(const Args &a) { return struct_static_slot(type_of_arg(a[0], a.name()), a[1], a.name()); }

static val bi_static_slot_set(const Args &a) {
  return struct_set_static_slot(type_of_arg(a[0], a.name()), a[1], a[2], a.name());
}

static val bi_static_slot_ensure(const Args &a) {
  return static_slot_ensure(type_of_arg(a[0], a.name()), a[1], a[2], dflt(a[3], nullptr) != nullptr, a.name());
}

static val bi_static_slot_home(const Args &a) {
  StructType *t = type_of_arg(a[0], a.name());
  intptr_t code = struct_slot_code(t, a[1]);
  if (code >= 0 || code == INTPTR_MIN)
    errorf(s_error, "~a: ~s has no static slot named ~s", a.name(), static_cast<val>(t), a[1]);
  return t->stslots[-1 - code]->home->name;
}

// ---- methods as functions ---------------------------------------------------------------------------

// data: (function . leading-args); the call passes the leading arguments first.
static val call_bound(const Args &a) {
  val fn = car(a.self->data), lead = cdr(a.self->data);
  int nl = 0;
  for (val l = lead; l; l = cdr(l)) ++nl;
  val *argv = static_cast<val *>(alloca(sizeof(val) * size_t(nl + a.n + 1)));
  int i = 0;
  for (val l = lead; l; l = cdr(l)) argv[i++] = car(l);
  for (int k = 0; k < a.n; ++k) argv[i++] = a[k];
  return funcall(fn, argv, i);
}

static val bind_leading(val fn, val lead, const char *name) {
  return make_builtin(mkstr_utf8(name), 0, 0, true, call_bound, cons(fn, lead));
}

val struct_lambda_fun(val obj) {
  return bind_leading(struct_slot(obj, special_method_name(SM::Lambda), "slot"), list({obj}), "lambda");
}

val struct_lambda_set(val obj, val *args, int n) {
  val fn = struct_slot(obj, special_method_name(SM::LambdaSet), "slot");
  val *argv = static_cast<val *>(alloca(sizeof(val) * size_t(n + 1)));
  argv[0] = obj;
  for (int i = 0; i < n; ++i) argv[i + 1] = args[i];
  funcall(fn, argv, n + 1);
  return args[n - 1];
}

static val rest_list(const Args &a, int from) {
  val out = nullptr;
  for (int i = a.n - 1; i >= from; --i) out = cons(a[i], out);
  return out;
}

static val bi_method(const Args &a) {
  val fn = struct_slot(a[0], a[1], a.name());
  return bind_leading(fn, cons(a[0], rest_list(a, 2)), a.name());
}

// The function in the static slot name of the leftmost direct supertype that has one.
static val super_fun(StructType *t, val name, const char *self) {
  for (val l = t->supers; l; l = cdr(l)) {
    StructType *s = static_cast<StructType *>(car(l));
    intptr_t code = struct_slot_code(s, name);
    if (code < 0 && code != INTPTR_MIN) return s->stslots[-1 - code]->value;
  }
  errorf(s_error, "~a: no supertype of ~s has a static slot named ~s", self, static_cast<val>(t), name);
}

static val bi_super_method(const Args &a) {
  StructObj *o = struct_checked(a[0], a.name());
  return bind_leading(super_fun(o->stype, a[1], a.name()), list({a[0]}), a.name());
}

static val bi_call_super_method(const Args &a) {
  StructObj *o = struct_checked(a[0], a.name());
  val fn = super_fun(o->stype, a[1], a.name());
  val *argv = static_cast<val *>(alloca(sizeof(val) * size_t(a.n)));
  argv[0] = a[0];
  for (int i = 2; i < a.n; ++i) argv[i - 1] = a[i];
  return funcall(fn, argv, a.n - 1);
}

static val bi_call_super_fun(const Args &a) {
  val fn = super_fun(struct_type_arg(a[0], a.name()), a[1], a.name());
  return funcall(fn, a.v + 2, a.n - 2);
}

// data: (slot-name . curried-args)
static val call_umethod(const Args &a) {
  if (a.n < 1) errorf(s_error, "umethod: the function needs an object argument");
  val name = car(a.self->data), curried = cdr(a.self->data);
  val fn = struct_slot(a[0], name, "umethod");
  int nc = 0;
  for (val l = curried; l; l = cdr(l)) ++nc;
  val *argv = static_cast<val *>(alloca(sizeof(val) * size_t(nc + a.n + 1)));
  int i = 0;
  argv[i++] = a[0];
  for (val l = curried; l; l = cdr(l)) argv[i++] = car(l);
  for (int k = 1; k < a.n; ++k) argv[i++] = a[k];
  return funcall(fn, argv, i);
}

static val bi_umethod(const Args &a) {
  return make_builtin(mkstr_utf8(a.name()), 0, 0, true, call_umethod, cons(sym_arg(a[0], a.name()), rest_list(a, 1)));
}

static val call_uslot(const Args &a) { return struct_slot(a[0], a.self->data, "uslot"); }

static val bi_uslot(const Args &a) {
  return make_builtin(mkstr_utf8(a.name()), 1, 0, false, call_uslot, sym_arg(a[0], a.name()));
}

static const BuiltinDef struct_builtins[] = {
    {"make-struct-type", 7, 1, false, bi_make_struct_type},
    {"sys:make-struct-type", 7, 1, false, bi_make_struct_type},
    {"find-struct-type", 1, 0, false, bi_find_struct_type},
    {"struct-type-p", 1, 0, false, bi_struct_type_p},
    {"struct-type-name", 1, 0, false, bi_struct_type_name},
    {"super", 0, 1, false, bi_super},
    {"slots", 1, 0, false, bi_slots},
    {"slotp", 2, 0, false, bi_slotp},
    {"static-slot-p", 2, 0, false, bi_static_slot_p},
    {"struct-get-initfun", 1, 0, false, bi_struct_get_initfun},
    {"struct-get-postinitfun", 1, 0, false, bi_struct_get_postinitfun},
    {"struct-set-initfun", 2, 0, false, bi_struct_set_initfun},
    {"struct-set-postinitfun", 2, 0, false, bi_struct_set_postinitfun},
    {"make-struct", 2, 0, true, bi_make_struct},
    {"struct-from-plist", 1, 0, true, bi_struct_from_plist},
    {"struct-from-args", 1, 0, true, bi_struct_from_args},
    {"make-lazy-struct", 2, 0, false, bi_make_lazy_struct},
    {"sys:make-struct-lit", 2, 0, false, bi_make_struct_lit},
    {"allocate-struct", 1, 0, false, bi_allocate_struct},
    {"copy-struct", 1, 0, false, bi_copy_struct},
    {"clear-struct", 1, 1, false, bi_clear_struct},
    {"reset-struct", 1, 0, false, bi_reset_struct},
    {"replace-struct", 2, 0, false, bi_replace_struct},
    {"structp", 1, 0, false, bi_structp},
    {"struct-type", 1, 0, false, bi_struct_type},
    {"test-dirty", 1, 0, false, bi_test_dirty},
    {"clear-dirty", 1, 0, false, bi_clear_dirty},
    {"test-clear-dirty", 1, 0, false, bi_test_clear_dirty},
    {"slot", 2, 0, false, bi_slot},
    {"slotset", 3, 0, false, bi_slotset},
    {"static-slot", 2, 0, false, bi_static_slot},
    {"static-slot-set", 3, 0, false, bi_static_slot_set},
    {"static-slot-ensure", 3, 1, false, bi_static_slot_ensure},
    {"static-slot-home", 2, 0, false, bi_static_slot_home},
    {"method", 2, 0, true, bi_method},
    {"super-method", 2, 0, false, bi_super_method},
    {"call-super-method", 2, 0, true, bi_call_super_method},
    {"call-super-fun", 2, 0, true, bi_call_super_fun},
    {"umethod", 1, 0, true, bi_umethod},
    {"uslot", 1, 0, false, bi_uslot},
};

void init_struct_builtins() { register_builtins(struct_builtins); }

}  // namespace tine
