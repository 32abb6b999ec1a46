// Conses and lists; eq/eql/equal and their hashes.
#include <algorithm>
#include <cstring>

#include "eval.hpp"
#include "lisp.hpp"
#include "number.hpp"
#include "seq.hpp"
#include "struct.hpp"

namespace tine {

val list(std::initializer_list<val> items) {
  val out = nullptr;
  for (auto it = items.end(); it != items.begin();) out = cons(*--it, out);
  return out;
}

val nreverse(val l) {
  val prev = nullptr;
  while (l) {
    val next = cdr(l);
    static_cast<Cons *>(l)->cdr = prev;
    prev = l;
    l = next;
  }
  return prev;
}

void rplaca(val c, val v) {
  if (!consp(c)) type_err("rplaca", c, "a cons");
  static_cast<Cons *>(c)->car = v;
}

void rplacd(val c, val v) {
  if (!consp(c)) type_err("rplacd", c, "a cons");
  static_cast<Cons *>(c)->cdr = v;
}

val car_checked(val c, const char *self) {
  if (!c) return nullptr;
  if (!consp(c)) {
    // car and cdr extend to strings and vectors (the manual's
    // "Generalization of List Accessors").
    if (stringp(c)) return str_of(c)->len ? mkchr(str_of(c)->data[0]) : nullptr;
    if (is(c, T::Vec)) return vec_of(c)->len ? vec_of(c)->data[0] : nullptr;
    if (val m = struct_special(c, SM::Car)) return funcall1(m, c);
    type_err(self, c, "a cons");
  }
  return car(c);
}

val cdr_checked(val c, const char *self) {
  if (!c) return nullptr;
  if (!consp(c)) {
    if (stringp(c)) return str_of(c)->len > 1 ? mkstr(sv(c).substr(1)) : nullptr;
    if (is(c, T::Vec)) return vec_of(c)->len > 1 ? seq_sub(c, mkfix(1), nullptr, self) : nullptr;
    if (val m = struct_special(c, SM::Cdr)) return funcall1(m, c);
    type_err(self, c, "a cons");
  }
  return cdr(c);
}

void circular_err(const char *self) { errorf(s_type_error, "~a: the list is circular", self); }

val list_length(val l, const char *self) {
  intptr_t n = 0;
  for (CycleCheck cc(l); pop_cell(l); cc.step(l, self)) ++n;
  if (l) type_err(self, l, "a proper list");
  return mkfix(n);
}

val append2(val a, val b) {
  if (!a) return b;
  val head = nullptr, tail = nullptr;
  for (CycleCheck cc(a); consp(a); cc.step(a = cdr(a), "append")) {
    val c = cons(car(a), nullptr);
    if (tail)
      rplacd(tail, c);
    else
      head = c;
    tail = c;
  }
  if (a) type_err("append", a, "a proper list");
  rplacd(tail, b);
  return head;
}

bool eql(val a, val b) {
  if (a == b) return true;
  if (!is_ptr(a) || !is_ptr(b) || a->type != b->type) return false;
  if (a->type == T::Flo) return flo(a) == flo(b);
  if (a->type == T::Big) return mpz_cmp(big(a)->z, big(b)->z) == 0;
  return false;
}

// Deep structure is bounded by the stack check, a circular cdr chain by
// the cycle check (two distinct circular lists would otherwise compare
// forever).
bool equal(val a, val b) {
  CycleCheck cycle(a);
  for (;;) {
    if (eql(a, b)) return true;
    if (is(a, T::Struct) || is(b, T::Struct)) {
      check_stack_depth();
      return struct_equal(a, b);
    }
    if (consp(a) && consp(b)) {  // lazy or not
      check_stack_depth();
      if (!equal(car(a), car(b))) return false;
      a = cdr(a);
      b = cdr(b);
      cycle.step(a, "equal");
      continue;
    }
    if (!is_ptr(a) || !is_ptr(b) || a->type != b->type) return false;
    switch (a->type) {
      case T::Str: return sv(a) == sv(b);
      case T::Vec: {
        check_stack_depth();
        Vec *x = vec_of(a), *y = vec_of(b);
        if (x->len != y->len) return false;
        for (size_t i = 0; i < x->len; ++i)
          if (!equal(x->data[i], y->data[i])) return false;
        return true;
      }
      case T::Buf: {
        Buf *x = buf_of(a), *y = buf_of(b);
        return x->len == y->len && (x->len == 0 || memcmp(x->data, y->data, x->len) == 0);
      }
      case T::Hash: check_stack_depth(); return hash_equal(a, b);
      case T::Tree:
      case T::TNode: check_stack_depth(); return tree_equal(a, b);
      case T::Range: {
        check_stack_depth();
        Range *x = static_cast<Range *>(a), *y = static_cast<Range *>(b);
        return equal(x->from, y->from) && equal(x->to, y->to);
      }
      case T::CPtr: return static_cast<CPtrObj *>(a)->ptr == static_cast<CPtrObj *>(b)->ptr;
      default: return false;
    }
  }
}

uint64_t eql_hash(val v) {
  if (is_ptr(v) && (v->type == T::Flo || v->type == T::Big)) return num_hash(v);
  uint64_t x = uint64_t(uintptr_t(v));
  return (x ^ (x >> 17)) * 0x9E3779B97F4A7C15ull;
}

// seed perturbs the hashing of strings and bufs (hash tables' *hash-seed*).
uint64_t equal_hash(val v, int depth, uint64_t seed) {
  if (!is_ptr(v) || depth > 8) return eql_hash(is_ptr(v) ? nullptr : v);
  switch (v->type) {
    case T::Cons:
    case T::LCons: {
      uint64_t h = 7;
      int n = 0;
      for (; consp(v) && n < 16; v = cdr(v), ++n) h = h * 31 + equal_hash(car(v), depth + 1, seed);
      return h;
    }
    case T::Str: {
      uint64_t h = 1469598103934665603ull ^ seed;
      for (char32_t c : sv(v)) h = (h ^ c) * 1099511628211ull;
      return h;
    }
    case T::Vec: {
      uint64_t h = 11;
      Vec *x = vec_of(v);
      for (size_t i = 0; i < x->len && i < 16; ++i) h = h * 31 + equal_hash(x->data[i], depth + 1, seed);
      return h;
    }
    case T::Buf: {
      uint64_t h = 1469598103934665603ull ^ seed;
      Buf *b = buf_of(v);
      for (size_t i = 0; i < b->len; ++i) h = (h ^ b->data[i]) * 1099511628211ull;
      return h;
    }
    case T::Range:
      return equal_hash(static_cast<Range *>(v)->from, depth + 1) * 31 +
             equal_hash(static_cast<Range *>(v)->to, depth + 1);
    case T::Hash: return hash_equal_hash(v, depth);
    case T::Tree:
    case T::TNode: return tree_equal_hash(v, depth);
    case T::Struct: return struct_equal_hash(v, depth);
    case T::CPtr: return eql_hash(static_cast<val>(static_cast<CPtrObj *>(v)->ptr));
    default: return eql_hash(v);
  }
}

// ---- builtins --------------------------------------------------------------

static val bi_cons(const Args &a) { return cons(a[0], a[1]); }
static val bi_car(const Args &a) { return car_checked(a[0], a.name()); }
static val bi_cdr(const Args &a) { return cdr_checked(a[0], a.name()); }

// A struct stores through its rplaca (rplacd) method, or else its lambda-set
// at index 0 (rplaca only).
static bool struct_rplacx(val obj, val v, SM m) {
  if (val f = struct_special(obj, m)) {
    funcall2(f, obj, v);
    return true;
  }
  if (m == SM::Rplaca && struct_special(obj, SM::LambdaSet)) {
    val args[2] = {mkfix(0), v};
    struct_lambda_set(obj, args, 2);
    return true;
  }
  return false;
}

static val bi_rplaca(const Args &a) {
  if (!consp(a[0]) && struct_rplacx(a[0], a[1], SM::Rplaca)) return a[0];
  if (!consp(a[0])) type_err(a.name(), a[0], "a cons");
  rplaca(a[0], a[1]);
  return a[0];
}

static val bi_rplacd(const Args &a) {
  if (!consp(a[0]) && struct_rplacx(a[0], a[1], SM::Rplacd)) return a[0];
  if (!consp(a[0])) type_err(a.name(), a[0], "a cons");
  rplacd(a[0], a[1]);
  return a[0];
}

static val bi_list(const Args &a) {
  val out = nullptr;
  for (int i = a.n - 1; i >= 0; --i) out = cons(a[i], out);
  return out;
}

static val bi_list_star(const Args &a) {
  if (a.n == 0) return nullptr;
  val out = a[a.n - 1];
  for (int i = a.n - 2; i >= 0; --i) out = cons(a[i], out);
  return out;
}

static val bi_consp(const Args &a) { return boolv(consp(a[0])); }
static val bi_atom(const Args &a) { return boolv(!consp(a[0])); }
static val bi_listp(const Args &a) { return boolv(!a[0] || consp(a[0])); }
static val bi_null(const Args &a) { return boolv(!a[0]); }
static val bi_eq(const Args &a) { return boolv(a[0] == a[1]); }
static val bi_eql(const Args &a) { return boolv(eql(a[0], a[1])); }
static val bi_equal(const Args &a) { return boolv(equal(a[0], a[1])); }
static val bi_neq(const Args &a) { return boolv(a[0] != a[1]); }
static val bi_neql(const Args &a) { return boolv(!eql(a[0], a[1])); }
static val bi_nequal(const Args &a) { return boolv(!equal(a[0], a[1])); }
static val bi_identity(const Args &a) { return a[0]; }

// The conses are copied; an improper list keeps its terminating atom.
static val bi_copy_list(const Args &a) {
  val l = a[0];
  if (!consp(l)) return l;  // TXR copies conses only
  val head = nullptr, tail = nullptr;
  for (CycleCheck cycle(l); consp(l); cycle.step(l = cdr(l), a.name())) {
    val c = cons(car(l), nullptr);
    if (tail)
      rplacd(tail, c);
    else
      head = c;
    tail = c;
  }
  if (tail) rplacd(tail, l);
  return head;
}

static val bi_nthcdr(const Args &a) {
  intptr_t n = c_fixnum(a[0], a.name());
  val l = a[1];
  while (n-- > 0 && l) l = cdr_checked(l, a.name());
  return l;
}

// (nthlast n list): the suffix made of the last n conses; the terminating
// atom for 0, the whole list when it is shorter, nil for negative n.
static val bi_nthlast(const Args &a) {
  intptr_t n = c_fixnum(a[0], a.name());
  if (n < 0) return nullptr;
  val lead = a[1], trail = a[1];
  CycleCheck cycle(lead);
  for (intptr_t i = 0; i < n && consp(lead); ++i) cycle.step(lead = cdr(lead), a.name());
  for (; consp(lead); cycle.step(lead = cdr(lead), a.name())) trail = cdr(trail);
  return trail;
}

static val bi_nth(const Args &a) {
  intptr_t n = c_fixnum(a[0], a.name());
  val l = a[1];
  if (n < 0) return nullptr;
  while (n-- > 0 && l) l = cdr_checked(l, a.name());
  return car_checked(l, a.name());
}

// (last seq [n]) and (butlast seq [n]): the last n items, or all but
// them; a list's last conses are its own, other sequences are sliced.
static val bi_last(const Args &a) {
  val l = a[0];
  intptr_t n = missing(a[1]) ? 1 : c_fixnum(a[1], a.name());
  if (n < 0) n = 0;
  if (l && !consp(l)) {
    intptr_t len = seq_length(l, a.name());
    return seq_sub(l, mkfix(std::max<intptr_t>(0, len - n)), nullptr, a.name());
  }
  intptr_t len = 0;
  CycleCheck cycle(l);
  for (val p = l; pop_cell(p); cycle.step(p, a.name())) ++len;
  for (intptr_t skip = len - n; skip > 0; --skip) l = cdr(l);
  return l;
}

static val bi_butlast(const Args &a) {
  intptr_t n = missing(a[1]) ? 1 : c_fixnum(a[1], a.name());
  if (n < 0) n = 0;
  val l = a[0];
  if (l && !consp(l)) {
    intptr_t len = seq_length(l, a.name());
    return seq_sub(l, mkfix(0), mkfix(std::max<intptr_t>(0, len - n)), a.name());
  }
  intptr_t len = fixval(list_length(l, a.name()));
  ListBuilder b;
  for (intptr_t i = 0; i < len - n; ++i, l = cdr(l)) b.add(car(l));
  return b.head;
}

static val bi_rest(const Args &a) { return cdr_checked(a[0], a.name()); }

static val bi_rplaca_v(const Args &a) {
  if (!consp(a[0])) type_err("set", a[0], "a cons");
  rplaca(a[0], a[1]);
  return a[1];
}

static val bi_rplacd_v(const Args &a) {
  if (!consp(a[0])) type_err("set", a[0], "a cons");
  rplacd(a[0], a[1]);
  return a[1];
}

static val bi_copy_list_seq(const Args &a) {
  if (!a[0] || consp(a[0])) return append2(a[0], nullptr);
  return seq_list(a[0], "splice");
}

static const BuiltinDef list_builtins[] = {
    {"sys:rplaca", 2, 0, false, bi_rplaca_v},
    {"sys:rplacd", 2, 0, false, bi_rplacd_v},
    {"sys:copy-list-seq", 1, 0, false, bi_copy_list_seq},
    {"cons", 2, 0, false, bi_cons},
    {"car", 1, 0, false, bi_car},
    {"cdr", 1, 0, false, bi_cdr},
    {"rplaca", 2, 0, false, bi_rplaca},
    {"rplacd", 2, 0, false, bi_rplacd},
    {"list", 0, 0, true, bi_list},
    {"list*", 0, 0, true, bi_list_star},
    {"consp", 1, 0, false, bi_consp},
    {"atom", 1, 0, false, bi_atom},
    {"listp", 1, 0, false, bi_listp},
    {"null", 1, 0, false, bi_null},
    {"not", 1, 0, false, bi_null},
    {"eq", 2, 0, false, bi_eq},
    {"eql", 2, 0, false, bi_eql},
    {"equal", 2, 0, false, bi_equal},
    {"neq", 2, 0, false, bi_neq},
    {"neql", 2, 0, false, bi_neql},
    {"nequal", 2, 0, false, bi_nequal},
    {"identity", 1, 0, false, bi_identity},
    {"copy-list", 1, 0, false, bi_copy_list},
    {"nthcdr", 2, 0, false, bi_nthcdr},
    {"nthlast", 2, 0, false, bi_nthlast},
    {"nth", 2, 0, false, bi_nth},
    {"last", 1, 1, false, bi_last},
    {"butlast", 1, 1, false, bi_butlast},
    {"rest", 1, 0, false, bi_rest},
};

void init_lists() { register_builtins(list_builtins); }

}  // namespace tine
