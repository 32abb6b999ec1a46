// Value representation: one machine word per value.
// Low two bits: 00 heap pointer (nil is the null word), 01 fixnum, 10 char.
#pragma once
#include <cstddef>
#include <cstdint>
#include <gmp.h>

namespace tine {

enum class T : uint8_t {
  Cons,
  LCons,  // a lazy cons; must follow Cons (consp tests both with one compare)
  Sym,
  Pkg,
  Str,
  Big,
  Flo,
  Vec,
  Hash,
  Fun,
  Buf,
  Stream,
  Range,
  RandState,
  Struct,
  StructType,
  CPtr,
  CArray,
  FfiType,
  FfiCallDesc,  // ffi/call.hpp
  FfiClosure,   // ffi/call.hpp
  FfiUnion,     // ffi/union.hpp
  Regex,
  Env,
  Box,
  HashIter,
  Digest,
  Tree,
  TNode,
  TreeIter,
  LazyStr,  // runtime/lazystr.cpp
  SeqIter,  // iter.hpp: SeqIterObj
};

struct Obj {
  T type;
};
using val = Obj *;

constexpr intptr_t FIXNUM_MAX = (intptr_t(1) << 61) - 1;
constexpr intptr_t FIXNUM_MIN = -(intptr_t(1) << 61);

inline bool is_fixnum(val v) { return (uintptr_t(v) & 3) == 1; }
inline bool is_chr(val v) { return (uintptr_t(v) & 3) == 2; }
inline bool is_ptr(val v) { return v && (uintptr_t(v) & 3) == 0; }
inline intptr_t fixval(val v) { return intptr_t(v) >> 2; }
inline val mkfix(intptr_t n) { return val((uintptr_t(n) << 2) | 1); }
inline char32_t chrval(val v) { return char32_t(uintptr_t(v) >> 2); }
inline val mkchr(char32_t c) { return val((uintptr_t(c) << 2) | 2); }
inline bool fits_fixnum(intptr_t n) { return n >= FIXNUM_MIN && n <= FIXNUM_MAX; }
inline bool is(val v, T t) { return is_ptr(v) && v->type == t; }

struct Cons : Obj {
  uint32_t line;  // source line of a list read from text (0: none); fills padding
  val car, cdr;
};
inline int line_of_cons(val c) { return int(static_cast<Cons *>(c)->line); }
// A lazy cons: until func has run (and been cleared), car and cdr are not
// yet valid.  Every read through car()/cdr() below forces it first.
struct LCons : Cons {
  val func;
};
struct Str : Obj {
  size_t len, cap;
  char32_t *data;
};
struct Pkg : Obj {
  val name;  // string; the rest is in package.hpp
};
struct Sym : Obj {
  uint8_t special;       // bound dynamically by let
  uint8_t constant;      // may not be assigned
  uint8_t autoload;      // 1 + the stdlib module that defines it, not yet loaded; else 0
  uint8_t autoload_var;  // that module defines it as a variable or symbol macro
  uint8_t provided;      // defined by the runtime or its stdlib (has a doc entry)
  val name;              // string
  val package;           // nil for uninterned
  val value;             // global value cell (UNBOUND when none)
  val fun;               // global function (nil when none)
  val macro;             // global macro expander (nil when none)
  val symacro;           // global symbol macro expansion holder (a Box) or nil
  val plist;
};
struct Big : Obj {
  mpz_t z;
};
struct Flo : Obj {
  double d;
};
struct Vec : Obj {
  size_t len, cap;
  val *data;
};
struct Buf : Obj {
  size_t len, cap;
  uint8_t *data;
};
struct Range : Obj {
  val from, to;
};
struct Box : Obj {
  val v;
};
// A C pointer with a type tag (ffi/cptr.cpp); equal compares the pointers.
struct CPtrObj : Obj {
  void *ptr;
  val tag;
};

// Unique marker values (never visible as ordinary data).
extern val UNBOUND;

// Core symbols used by C++ code.
extern val s_t, s_quote, s_qquote, s_unquote, s_splice, s_lambda, s_dwim, s_rcons, s_var, s_expr, s_qref, s_uref,
    s_colon, s_env_k, s_form_k, s_struct_lit, s_error, s_type_error, s_range_error, s_file_error, s_system_error,
    s_process_error, s_eval_error, s_syntax_error, s_arith_error, s_numeric_error, s_internal_error, s_unbound_error,
    s_mmap_fault, s_assert_error, s_warning, s_restart, s_path_not_found, s_path_exists, s_path_permission, s_quasi,
    s_match_error, s_progn, s_let, s_set, s_block, s_fun, s_stack_overflow, s_alloc_error;

// The accessor layer: every read of a cons field goes through car()/cdr().
// An ordinary cons costs one type test; nil answers nil; lazy conses are
// forced, and anything else is an error, out of line (lazy.cpp).
val car_slow(val c);
val cdr_slow(val c);
inline val car(val c) {
  if (is(c, T::Cons)) return static_cast<Cons *>(c)->car;
  if (!c) return nullptr;
  return car_slow(c);
}
inline val cdr(val c) {
  if (is(c, T::Cons)) return static_cast<Cons *>(c)->cdr;
  if (!c) return nullptr;
  return cdr_slow(c);
}
inline bool consp(val v) { return is_ptr(v) && uint8_t(v->type) <= uint8_t(T::LCons); }
// For list walks: when l is a cons (lazy ones forced), item = its car, l =
// its cdr, and true; false at nil or an atom tail (l left as it is).  One
// type test per element for ordinary conses.
inline bool pop_item(val &l, val &item) {
  if (is(l, T::Cons)) {
    item = static_cast<Cons *>(l)->car;
    l = static_cast<Cons *>(l)->cdr;
    return true;
  }
  if (!is(l, T::LCons)) return false;
  item = car_slow(l);
  l = static_cast<Cons *>(l)->cdr;
  return true;
}
// The same, stepping over the car: true and l = its cdr while l is a cons.
inline bool pop_cell(val &l) {
  if (is(l, T::Cons)) {
    l = static_cast<Cons *>(l)->cdr;
    return true;
  }
  if (!is(l, T::LCons)) return false;
  l = cdr_slow(l);
  return true;
}
inline bool symbolp(val v) { return v == nullptr || is(v, T::Sym); }
inline bool stringp(val v) { return is(v, T::Str); }
inline Sym *sym(val v) { return static_cast<Sym *>(v); }
inline Str *str_of(val v) { return static_cast<Str *>(v); }
inline Vec *vec_of(val v) { return static_cast<Vec *>(v); }
inline Buf *buf_of(val v) { return static_cast<Buf *>(v); }
inline val boolv(bool b) { return b ? s_t : nullptr; }

}  // namespace tine
