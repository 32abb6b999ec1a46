// Structure types and instances: the object model behind defstruct.
//
// A struct type has a name, zero or more direct supertypes, instance slots
// (stored in each object) and static slots (one cell shared by the type and
// every subtype that inherits it).  Slot names map to their storage through a
// small hash table per type, so a slot access is one probe, not a list walk.
// Methods are functions in static slots: obj.(m x) is (call (slot obj 'm) obj x).
#pragma once
#include "runtime/lisp.hpp"

namespace tine {

struct StructType;

// One static slot cell; inheriting types point at the same cell.
struct StSlot {
  val value;
  StructType *home;  // the type that defined the slot
  val name;
};

// Slot table entry: code >= 0 is an instance slot index, code < 0 is the
// static slot -1 - code.
struct SlotEntry {
  val name;
  intptr_t code;
};

struct StructType : Obj {
  val name;            // symbol under which the type is registered
  StructType *super;   // leftmost direct supertype, or nullptr
  val supers;          // every direct supertype, left to right (a list)
  val slots;           // all slot names: inherited, then own static, then own instance
  int ninst, nstatic;  // instance and static slot counts
  val *inst_names;     // [ninst] instance slot names in storage order
  StSlot **stslots;    // [nstatic] static cells (own or shared with a supertype)
  SlotEntry *table;    // open-addressed name -> code
  uintptr_t mask;      // table size - 1
  val stinitfun, initfun, boactor, postinitfun;
  val dupes;     // supertypes inherited more than once (initialized once)
  val subtypes;  // types defined with this one as a direct supertype
};

struct StructObj : Obj {
  uint8_t dirty;  // set by every store into an instance slot
  uint8_t lazy;   // initialization still pending (make-lazy-struct)
  StructType *stype;
  val *slots;    // [stype->ninst]
  size_t n;      // == stype->ninst
  val lazy_fun;  // make-lazy-struct's argument function, while lazy
};

// Special methods: names the library looks up in a struct's static slots.
// clang-format off
enum class SM : uint8_t {
  Car, Cdr, Nullify, Rplaca, Rplacd, Length, LengthLt, Lambda,
  LambdaSet, Copy, Equal, Print, FromList, IterBegin, IterReset, IterItem,
  IterStep, IterMore, Derived, Slot, Slotset, StaticSlot, StaticSlotSet, Count
};
// clang-format on

// ---- the C++ API ---------------------------------------------------------------------------
StructType *find_struct_type(val name);                // the type registered under name, or nullptr
StructType *struct_type_arg(val v, const char *self);  // a type object or a name; else error
StructObj *struct_checked(val v, const char *self);    // v must be a struct instance (forced if lazy)
inline bool structp(val v) { return is(v, T::Struct); }
// make-struct-type: supers is nil, a type, a name, or a list of types/names.
val make_struct_type(val name, val supers, val static_slots, val slots, val stinitfun, val initfun, val boactor,
                     val postinitfun, const char *self);
// Older single-inheritance interface (FFI): instance slots own_slots; inits
// is an alist (slot . init-function), methods an alist (name . function).
val define_struct_type(val name, val super, val own_slots, val inits, val methods);
val make_struct(StructType *t, val plist, const char *self);  // full initialization, no boa args
// make-struct: plist, then (when has_boa) the boa constructor on boa[0..nboa)
val make_struct_boa(StructType *t, val plist, val *boa, int nboa, bool has_boa, const char *self);
// The same with the plist as an array of alternating names and values.
val make_struct_kv(StructType *t, const val *kv, int nkv, const val *boa, int nboa, bool has_boa, const char *self);
val make_lazy_struct(StructType *t, val argfun);                  // initialized on first instance slot access
val allocate_struct(StructType *t);                               // instance slots nil, no initialization
void reset_struct(val obj, const char *self);                     // clear, then initialize again
val copy_struct(val obj);                                         // a new instance with the same instance slot values
val struct_slot(val obj, val slot, const char *self);             // (slot obj 'slot)
val struct_set_slot(val obj, val slot, val v, const char *self);  // (slotset obj 'slot v)
inline uintptr_t struct_slot_hash(val name) { return (uintptr_t(name) >> 4) * 0x9E3779B97F4A7C15ull >> 20; }
// The table code of slot in t (see SlotEntry), or INTPTR_MIN if absent.
inline intptr_t struct_slot_code(StructType *t, val slot) {
  for (uintptr_t i = struct_slot_hash(slot) & t->mask;; i = (i + 1) & t->mask) {
    const SlotEntry &e = t->table[i];
    if (e.name == slot) return e.code;
    if (!e.name) return INTPTR_MIN;
  }
}
bool struct_has_slot(StructType *t, val slot);                                 // slotp
val struct_static_slot(StructType *t, val slot, const char *self);             // (static-slot t 'slot)
val struct_set_static_slot(StructType *t, val slot, val v, const char *self);  // (static-slot-set t 'slot v)
// static-slot-ensure: add or re-home the static slot name in t (and subtypes)
val static_slot_ensure(StructType *t, val name, val value, bool no_error, const char *self);
val struct_method(val obj, val name);             // the function in obj's static slot name; nullptr if none (any obj)
val struct_type_method(StructType *t, val name);  // the same, for a type
val struct_special(val obj, SM m);                // obj's special method m, or nullptr (obj may be any value)
val special_method_name(SM m);
val struct_method_name(val fun);  // (meth type slot) for a function in a static slot, else nullptr // the symbol naming
                                  // m
val struct_call(val obj, val *args, int n);               // apply a struct through its lambda method
val struct_lambda_fun(val obj);                           // obj's lambda method with obj bound: a function
val struct_lambda_set(val obj, val *args, int n);         // (set [obj args...] new): args ends with new
bool struct_subtype_p(StructType *sub, StructType *sup);  // sub is sup or inherits it
val struct_equal_subst(val v);                            // v's equality substitute (equal method, applied repeatedly)
bool struct_equal(val a, val b);                          // equal where a or b is a struct
uint64_t struct_equal_hash(val v, int depth);             // equal_hash for a struct
void print_struct_to(val obj, std::u32string &out, bool escape);  // #S(...) or the print method
val make_struct_lit(val type, val plist);                         // #S(type slot value ...)
bool memq_list(val x, val l);                                     // x is eq to an element of list l
void init_structs();

// ---- finalizers (finalize.cpp) ---------------------------------------------------------------
val finalize(val obj, val fun, bool reverse);  // register fun to run when obj is unreachable
bool call_finalizers(val obj);                 // run and remove obj's finalizers now
void run_pending_finalizers();                 // run those of objects the collector found dead
extern bool finalizers_pending;
void init_finalizers();

}  // namespace tine
