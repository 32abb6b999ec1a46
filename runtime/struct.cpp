// Structures: struct types with multiple inheritance, instance and static
// slots, the initialization protocol, lazy structs, dirty flags, equality
// substitution and printing.  The builtins over them are in struct_fn.cpp;
// defstruct and the other macros are Lisp (stdlib/15-struct.tl).
#include "runtime/struct.hpp"

#include "runtime/printer.hpp"
#include "runtime/seq.hpp"
#include "runtime/stream.hpp"

namespace tine {

static val struct_types;  // eq hash: name -> StructType
static val special_names[int(SM::Count)];
#define s_slot_m special_names[int(SM::Slot)]
#define s_slotset_m special_names[int(SM::Slotset)]
#define s_static_slot_m special_names[int(SM::StaticSlot)]
#define s_static_slot_set_m special_names[int(SM::StaticSlotSet)]
#define s_equal_m special_names[int(SM::Equal)]
#define s_print_m special_names[int(SM::Print)]
#define s_lambda_m special_names[int(SM::Lambda)]
#define s_derived_m special_names[int(SM::Derived)]

constexpr intptr_t NO_SLOT = INTPTR_MIN;

bool memq_list(val x, val l) {
  for (; l; l = cdr(l))
    if (car(l) == x) return true;
  return false;
}

// ---- types -------------------------------------------------------------------------------

StructType *find_struct_type(val name) {
  if (!symbolp(name)) return nullptr;
  val t = gethash(struct_types, name);
  // A type defined by a stdlib module not loaded yet (stat, tm ...)
  if (!t && name && autoload(name)) t = gethash(struct_types, name);
  return static_cast<StructType *>(t);
}

StructType *struct_type_arg(val v, const char *self) {
  if (is(v, T::StructType)) return static_cast<StructType *>(v);
  if (StructType *t = find_struct_type(v)) return t;
  if (symbolp(v)) errorf(s_error, "~a: ~s does not name a struct type", self, v);
  errorf(s_type_error, "~a: ~s isn't a struct type", self, v);
}

bool struct_has_slot(StructType *t, val slot) { return struct_slot_code(t, slot) != NO_SLOT; }

static void table_put(SlotEntry *table, uintptr_t mask, val name, intptr_t code) {
  uintptr_t i = struct_slot_hash(name) & mask;
  while (table[i].name) i = (i + 1) & mask;
  table[i].name = name;
  table[i].code = code;
}

// The name -> storage table, rebuilt whenever the type gains a slot.
static void build_table(StructType *t) {
  size_t want = 2 * size_t(t->ninst + t->nstatic), size = 4;
  while (size < want) size *= 2;
  SlotEntry *table = static_cast<SlotEntry *>(gc_scanned(sizeof(SlotEntry) * size));
  for (size_t i = 0; i < size; ++i) table[i] = SlotEntry{nullptr, 0};
  for (int i = 0; i < t->ninst; ++i) table_put(table, size - 1, t->inst_names[i], i);
  for (int i = 0; i < t->nstatic; ++i) table_put(table, size - 1, t->stslots[i]->name, -1 - i);
  t->table = table;
  t->mask = size - 1;
}

static StSlot *new_stslot(StructType *home, val name, val value) {
  StSlot *s = static_cast<StSlot *>(gc_scanned(sizeof(StSlot)));
  s->value = value;
  s->home = home;
  s->name = name;
  return s;
}

static StSlot *static_cell(StructType *t, val name) {
  intptr_t code = struct_slot_code(t, name);
  return code < 0 && code != NO_SLOT ? t->stslots[-1 - code] : nullptr;
}

static bool bindable(val s) { return is(s, T::Sym) && !sym(s)->constant && s != s_t; }

static val supers_list(val supers, const char *self) {
  if (!supers) return nullptr;
  if (!consp(supers)) return list({struct_type_arg(supers, self)});
  val out = nullptr;
  for (val l = supers; l; l = cdr(l)) {
    if (!consp(l)) type_err(self, supers, "a proper list of struct types");
    out = cons(struct_type_arg(car(l), self), out);
  }
  return nreverse(out);
}

static void check_slot_names(val names, const char *self) {
  for (val l = names; l; l = cdr(l)) {
    if (!consp(l)) type_err(self, names, "a proper list of slot names");
    if (!bindable(car(l))) errorf(s_error, "~a: slot name ~s is not a bindable symbol", self, car(l));
    if (memq_list(car(l), cdr(l))) errorf(s_error, "~a: slot names must not repeat", self);
  }
}

// Every ancestor that is reached more than once through the supertypes.
static void count_ancestors(StructType *t, val counts) {
  for (val l = t->supers; l; l = cdr(l)) {
    StructType *s = static_cast<StructType *>(car(l));
    val n = gethash(counts, s);
    sethash(counts, s, mkfix(n ? fixval(n) + 1 : 1));
    count_ancestors(s, counts);
  }
}

static val find_dupes(StructType *t) {
  val counts = make_hash(HashKind::Eq), k, v, out = nullptr;
  count_ancestors(t, counts);
  for (size_t c = 0; hash_next(counts, &c, &k, &v);)
    if (fixval(v) > 1) out = cons(k, out);
  return out;
}

// The union of the supertypes' slots and the new ones, first occurrence kept.
static val effective_slots(val supers, val static_slots, val slots) {
  val seen = make_hash(HashKind::Eq), out = nullptr;
  auto add = [&](val l) {
    for (; l; l = cdr(l))
      if (!gethash(seen, car(l))) {
        sethash(seen, car(l), s_t);
        out = cons(car(l), out);
      }
  };
  for (val l = supers; l; l = cdr(l)) add(static_cast<StructType *>(car(l))->slots);
  add(static_slots);
  add(slots);
  return nreverse(out);
}

// Lay out the slots: own static, own instance, else the kind (and for a
// static slot, the shared cell) of the leftmost supertype that has it.
static void lay_out(StructType *t, val static_slots, val slots) {
  int ninst = 0, nstatic = 0;
  for (val l = t->slots; l; l = cdr(l)) {
    val s = car(l);
    bool is_static = memq_list(s, static_slots);
    if (!is_static && !memq_list(s, slots))
      for (val p = t->supers; p; p = cdr(p))
        if (intptr_t code = struct_slot_code(static_cast<StructType *>(car(p)), s); code != NO_SLOT) {
          is_static = code < 0;
          break;
        }
    is_static ? ++nstatic : ++ninst;
  }
  t->inst_names = static_cast<val *>(gc_scanned(sizeof(val) * size_t(ninst + 1)));
  t->stslots = static_cast<StSlot **>(gc_scanned(sizeof(StSlot *) * size_t(nstatic + 1)));
  for (val l = t->slots; l; l = cdr(l)) {
    val s = car(l);
    StSlot *inherited = nullptr, *from_super = nullptr;
    bool own_static = memq_list(s, static_slots), own_inst = !own_static && memq_list(s, slots);
    for (val p = t->supers; p; p = cdr(p))
      if (StSlot *c = static_cell(static_cast<StructType *>(car(p)), s)) {
        from_super = c;
        break;
      } else if (struct_has_slot(static_cast<StructType *>(car(p)), s)) {
        break;
      }
    if (!own_static && !own_inst) inherited = from_super;
    if (own_static)
      t->stslots[t->nstatic++] = new_stslot(t, s, from_super ? from_super->value : nullptr);
    else if (inherited)
      t->stslots[t->nstatic++] = inherited;
    else
      t->inst_names[t->ninst++] = s;
  }
}

static void call_derived_hooks(StructType *t) {
  for (val l = t->supers; l; l = cdr(l))
    if (val f = struct_type_method(static_cast<StructType *>(car(l)), s_derived_m)) funcall2(f, car(l), t);
}

val make_struct_type(val name, val supers, val static_slots, val slots, val stinitfun, val initfun, val boactor,
                     val postinitfun, const char *self) {
  if (!bindable(name)) errorf(s_error, "~a: name ~s is not a bindable symbol", self, name);
  val sups = supers_list(supers, self);
  check_slot_names(static_slots, self);
  check_slot_names(slots, self);
  StructType *t = gc_obj<StructType>(T::StructType);
  t->name = name;
  t->supers = sups;
  t->super = sups ? static_cast<StructType *>(car(sups)) : nullptr;
  t->slots = effective_slots(sups, static_slots, slots);
  lay_out(t, static_slots, slots);
  build_table(t);
  t->stinitfun = stinitfun;
  t->initfun = initfun;
  t->boactor = boactor;
  t->postinitfun = postinitfun;
  t->dupes = find_dupes(t);
  for (val l = sups; l; l = cdr(l)) {
    StructType *s = static_cast<StructType *>(car(l));
    if (!memq_list(t, s->subtypes)) s->subtypes = cons(t, s->subtypes);
  }
  sethash(struct_types, name, t);
  if (stinitfun) funcall1(stinitfun, t);
  call_derived_hooks(t);
  return t;
}

bool struct_subtype_p(StructType *sub, StructType *sup) {
  if (sub == sup) return true;
  for (val l = sub->supers; l; l = cdr(l))
    if (struct_subtype_p(static_cast<StructType *>(car(l)), sup)) return true;
  return false;
}

// ---- static slots --------------------------------------------------------------------------

static void add_static_cell(StructType *t, StSlot *cell) {
  StSlot **arr = static_cast<StSlot **>(gc_scanned(sizeof(StSlot *) * size_t(t->nstatic + 2)));
  for (int i = 0; i < t->nstatic; ++i) arr[i] = t->stslots[i];
  arr[t->nstatic++] = cell;
  t->stslots = arr;
  t->slots = append2(t->slots, list({cell->name}));
  build_table(t);
}

// A new static slot reaches every subtype that has no slot of that name.
static void propagate_new_cell(StructType *t, StSlot *cell) {
  for (val l = t->subtypes; l; l = cdr(l)) {
    StructType *sub = static_cast<StructType *>(car(l));
    if (struct_has_slot(sub, cell->name)) continue;
    add_static_cell(sub, cell);
    propagate_new_cell(sub, cell);
  }
}

static void replace_cell(StructType *t, StSlot *old, StSlot *cell) {
  for (val l = t->subtypes; l; l = cdr(l)) {
    StructType *sub = static_cast<StructType *>(car(l));
    for (int i = 0; i < sub->nstatic; ++i)
      if (sub->stslots[i] == old) sub->stslots[i] = cell;
    replace_cell(sub, old, cell);
  }
}

val static_slot_ensure(StructType *t, val name, val value, bool no_error, const char *self) {
  if (!bindable(name)) errorf(s_error, "~a: slot name ~s is not a bindable symbol", self, name);
  intptr_t code = struct_slot_code(t, name);
  if (code >= 0) {
    if (no_error) return value;
    errorf(s_error, "~a: ~s is an instance slot of ~s", self, name, static_cast<val>(t));
  }
  if (code != NO_SLOT) {
    StSlot *cell = t->stslots[-1 - code];
    if (cell->home == t) {
      cell->value = value;
    } else {
      StSlot *own = new_stslot(t, name, value);
      t->stslots[-1 - code] = own;
      replace_cell(t, cell, own);
    }
    return value;
  }
  StSlot *cell = new_stslot(t, name, value);
  add_static_cell(t, cell);
  propagate_new_cell(t, cell);
  return value;
}

val struct_type_method(StructType *t, val name) {
  StSlot *c = static_cell(t, name);
  return c ? c->value : nullptr;
}

val struct_method(val obj, val name) {
  if (!is(obj, T::Struct)) return nullptr;
  return struct_type_method(static_cast<StructObj *>(obj)->stype, name);
}

val struct_method_name(val fun) {
  val k, v;
  for (size_t c = 0; hash_next(struct_types, &c, &k, &v);) {
    StructType *t = static_cast<StructType *>(v);
    for (int i = 0; i < t->nstatic; ++i)
      if (t->stslots[i]->value == fun) return list({intern("meth"), t->stslots[i]->home->name, t->stslots[i]->name});
  }
  return nullptr;
}

val struct_special(val obj, SM m) {
  if (!is(obj, T::Struct)) return nullptr;
  return struct_type_method(static_cast<StructObj *>(obj)->stype, special_names[int(m)]);
}

val special_method_name(SM m) { return special_names[int(m)]; }

val struct_static_slot(StructType *t, val name, const char *self) {
  if (StSlot *c = static_cell(t, name)) return c->value;
  if (val f = struct_type_method(t, s_static_slot_m)) return funcall2(f, t, name);
  errorf(s_error, "~a: ~s has no static slot named ~s", self, static_cast<val>(t), name);
}

val struct_set_static_slot(StructType *t, val name, val v, const char *self) {
  if (StSlot *c = static_cell(t, name)) return c->value = v;
  if (val f = struct_type_method(t, s_static_slot_set_m)) {
    val args[3] = {t, name, v};
    return funcall(f, args, 3);
  }
  errorf(s_error, "~a: ~s has no static slot named ~s", self, static_cast<val>(t), name);
}

// ---- instances and initialization ------------------------------------------------------

val allocate_struct(StructType *t) {
  if (finalizers_pending) run_pending_finalizers();
  StructObj *o = gc_obj<StructObj>(T::Struct);
  o->stype = t;
  o->dirty = 1;
  o->n = size_t(t->ninst);
  o->slots = static_cast<val *>(gc_scanned(sizeof(val) * (o->n ? o->n : 1)));
  for (size_t i = 0; i < o->n; ++i) o->slots[i] = nullptr;
  return o;
}

// Supertypes that appear more than once in the lattice are initialized once:
// at their rightmost occurrence, which the right-to-left walk meets first.
struct InitWalk {
  StructType *top;
  val StructType::*fn;
  val done = nullptr;
  void run(StructType *t, val obj) {
    run_supers(t->supers, obj);
    if (val f = t->*fn) funcall1(f, obj);
  }
  void run_supers(val supers, val obj) {
    if (!supers) return;
    run_supers(cdr(supers), obj);
    StructType *s = static_cast<StructType *>(car(supers));
    if (top->dupes && memq_list(s, top->dupes)) {
      if (memq_list(s, done)) return;
      done = cons(s, done);
    }
    run(s, obj);
  }
};

static void run_initfuns(StructType *t, val obj, val StructType::*fn) {
  if (!t->supers) {
    if (val f = t->*fn) funcall1(f, obj);
    return;
  }
  InitWalk w{t, fn};
  w.run(t, obj);
}

// initfuns, then the slot plist, then the boa constructor, then postinitfuns;
// a non-local exit on the way runs the object's finalizers.
static void initialize(StructObj *o, const val *kv, int nkv, const val *boa, int nboa, bool has_boa, const char *self) {
  StructType *t = o->stype;
  try {
    run_initfuns(t, o, &StructType::initfun);
    for (int i = 0; i + 1 < nkv; i += 2) struct_set_slot(o, kv[i], kv[i + 1], "slotset");
    if (has_boa) {
      if (!t->boactor) errorf(s_error, "~a: args present, but ~s has no boa constructor", self, static_cast<val>(t));
      val *argv = static_cast<val *>(alloca(sizeof(val) * size_t(nboa + 1)));
      argv[0] = o;
      for (int i = 0; i < nboa; ++i) argv[i + 1] = boa[i];
      funcall(t->boactor, argv, nboa + 1);
    }
    run_initfuns(t, o, &StructType::postinitfun);
  } catch (...) {
    call_finalizers(o);
    throw;
  }
}

// A property list as an array of alternating names and values.
struct PlistArray {
  val *kv;
  int n;
  PlistArray(val plist, const char *self) {
    n = 0;
    for (val l = plist; l; l = cdr(l)) {
      if (!consp(l)) type_err(self, plist, "a property list");
      ++n;
    }
    // A name without a value gets nil, as with prop.
    kv = static_cast<val *>(gc_scanned(sizeof(val) * size_t(n + 2)));
    int i = 0;
    for (val l = plist; l; l = cdr(l)) kv[i++] = car(l);
    if (n & 1) kv[n++] = nullptr;
  }
};

val make_struct_kv(StructType *t, const val *kv, int nkv, const val *boa, int nboa, bool has_boa, const char *self) {
  StructObj *o = static_cast<StructObj *>(allocate_struct(t));
  initialize(o, kv, nkv, boa, nboa, has_boa, self);
  return o;
}

val make_struct_boa(StructType *t, val plist, val *boa, int nboa, bool has_boa, const char *self) {
  PlistArray p(plist, self);
  return make_struct_kv(t, p.kv, p.n, boa, nboa, has_boa, self);
}

val make_struct(StructType *t, val plist, const char *self) {
  return make_struct_boa(t, plist, nullptr, 0, false, self);
}

val make_struct_lit(val type, val plist) {
  return make_struct(struct_type_arg(type, "make-struct-lit"), plist, "make-struct-lit");
}

// A lazy struct is initialized just before its first instance slot access.
static void force_lazy(StructObj *o) {
  o->lazy = 0;
  val fn = o->lazy_fun;
  o->lazy_fun = nullptr;
  val args = funcall0(fn);
  if (!consp(args)) {
    call_finalizers(o);
    type_err("make-lazy-struct", args, "a cons of a property list and boa arguments");
  }
  PlistArray p(car(args), "make-lazy-struct");
  int nboa = 0;
  for (val l = cdr(args); consp(l); l = cdr(l)) ++nboa;
  val *boa = static_cast<val *>(alloca(sizeof(val) * size_t(nboa + 1)));
  int i = 0;
  for (val l = cdr(args); consp(l); l = cdr(l)) boa[i++] = car(l);
  initialize(o, p.kv, p.n, boa, nboa, cdr(args) != nullptr, "make-lazy-struct");
}

static inline StructObj *forced(val v) {
  StructObj *o = static_cast<StructObj *>(v);
  if (o->lazy) force_lazy(o);
  return o;
}

val make_lazy_struct(StructType *t, val argfun) {
  StructObj *o = static_cast<StructObj *>(allocate_struct(t));
  o->lazy = 1;
  o->lazy_fun = argfun;
  return o;
}

StructObj *struct_checked(val v, const char *self) {
  if (!is(v, T::Struct)) errorf(s_type_error, "~a: ~s isn't a structure", self, v);
  return forced(v);
}

void reset_struct(val obj, const char *self) {
  StructObj *o = struct_checked(obj, self);
  for (size_t i = 0; i < o->n; ++i) o->slots[i] = nullptr;
  initialize(o, nullptr, 0, nullptr, 0, false, self);
}

// ---- slot access ---------------------------------------------------------------------------

[[noreturn]] static void no_slot(StructObj *o, val slot, const char *self) {
  errorf(s_error, "~a: ~s has no slot named ~s", self, static_cast<val>(o->stype), slot);
}

val struct_slot(val obj, val slot, const char *self) {
  if (!is(obj, T::Struct)) errorf(s_type_error, "~a: attempt to access slot ~s of non-structure ~s", self, slot, obj);
  StructObj *o = static_cast<StructObj *>(obj);
  intptr_t code = struct_slot_code(o->stype, slot);
  if (code >= 0) return forced(o)->slots[code];
  if (code != NO_SLOT) return o->stype->stslots[-1 - code]->value;
  if (val f = struct_type_method(o->stype, s_slot_m)) return funcall2(f, o, slot);
  no_slot(o, slot, self);
}

val struct_set_slot(val obj, val slot, val v, const char *self) {
  if (!is(obj, T::Struct)) errorf(s_type_error, "~a: attempt to modify slot ~s of non-structure ~s", self, slot, obj);
  StructObj *o = static_cast<StructObj *>(obj);
  intptr_t code = struct_slot_code(o->stype, slot);
  if (code >= 0) {
    forced(o)->slots[code] = v;
    o->dirty = 1;
    return v;
  }
  if (code != NO_SLOT) return o->stype->stslots[-1 - code]->value = v;
  if (val f = struct_type_method(o->stype, s_slotset_m)) {
    val args[3] = {o, slot, v};
    return funcall(f, args, 3);
  }
  no_slot(o, slot, self);
}

val struct_call(val obj, val *args, int n) {
  val f = struct_slot(obj, s_lambda_m, "slot");
  val *argv = static_cast<val *>(alloca(sizeof(val) * size_t(n + 1)));
  argv[0] = obj;
  for (int i = 0; i < n; ++i) argv[i + 1] = args[i];
  return funcall(f, argv, n + 1);
}

// ---- equality and printing -------------------------------------------------------------------

val struct_equal_subst(val v) {
  while (val f = struct_method(v, s_equal_m)) v = funcall1(f, v);
  return v;
}

bool struct_equal(val a, val b) {
  val x = struct_equal_subst(a), y = struct_equal_subst(b);
  if (x != a || y != b) return equal(x, y);
  if (!is(a, T::Struct) || !is(b, T::Struct)) return false;
  StructObj *p = forced(a), *q = forced(b);
  if (p->stype != q->stype) return false;
  for (size_t i = 0; i < p->n; ++i)
    if (!equal(p->slots[i], q->slots[i])) return false;
  return true;
}

uint64_t struct_equal_hash(val v, int depth) {
  val s = struct_equal_subst(v);
  if (s != v) return equal_hash(s, depth);
  StructObj *o = forced(v);
  uint64_t h = eql_hash(o->stype);
  for (size_t i = 0; i < o->n && i < 16; ++i) h = h * 31 + equal_hash(o->slots[i], depth + 1);
  return h;
}

void print_struct_to(val obj, std::u32string &out, bool escape) {
  if (val pm = struct_method(obj, s_print_m)) {
    val stream = make_string_output();
    val args[3] = {obj, stream, boolv(!escape)};
    if (funcall(pm, args, 3) != s_colon) {
      out += sv(string_output_contents(stream));
      return;
    }
  }
  StructObj *o = forced(obj);
  PrintAggregate agg(out);
  out += U"#S(";
  print_to(o->stype->name, out, escape);
  agg.indent_here(1);
  for (size_t i = 0; i < o->n; ++i) {
    if (i)
      agg.separator();
    else
      agg.first_separator();
    print_to(o->stype->inst_names[i], out, escape);
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

// ---- the single-inheritance interface of the first round (FFI) ------------------------

static val run_alist_inits(const Args &a) {
  for (val l = a.self->data; l; l = cdr(l))
    if (val f = cdr(car(l))) struct_set_slot(a[0], car(car(l)), funcall0(f), "make-struct");
  return nullptr;
}

val define_struct_type(val name, val super, val own_slots, val inits, val methods) {
  val initfun = inits ? make_builtin(mkstr_utf8("initfun"), 1, 0, false, run_alist_inits, inits) : nullptr;
  val t = make_struct_type(name, super, nullptr, own_slots, nullptr, initfun, nullptr, nullptr, "defstruct");
  for (val l = methods; l; l = cdr(l))
    static_slot_ensure(static_cast<StructType *>(t), car(car(l)), cdr(car(l)), false, "defstruct");
  return t;
}

void init_struct_builtins();

void init_structs() {
  struct_types = make_hash(HashKind::Eq);
  static const char *const names[] = {
      "car",        "cdr",       "nullify", "rplaca", "rplacd",    "length",      "length-<",       "lambda",
      "lambda-set", "copy",      "equal",   "print",  "from-list", "iter-begin",  "iter-reset",     "iter-item",
      "iter-step",  "iter-more", "derived", "slot",   "slotset",   "static-slot", "static-slot-set"};
  static_assert(sizeof names / sizeof *names == size_t(SM::Count));
  for (size_t i = 0; i < size_t(SM::Count); ++i) special_names[i] = intern(names[i]);
  print_ops[int(T::Struct)] = print_struct_to;
  print_ops[int(T::StructType)] = print_struct_type;
  dwim_hooks[int(T::Struct)] = struct_call;
  init_struct_builtins();
  init_finalizers();
}

}  // namespace tine
