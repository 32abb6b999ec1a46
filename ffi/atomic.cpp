// Atomic operations on carray elements, for processes sharing a mapping:
// sequentially consistent, on integer elements of 4 and 8 bytes.
#include "ffi/fault.hpp"
#include "ffi/mmap.hpp"
#include "runtime/seq.hpp"

namespace tine {

struct AtomicOp {
  enum Kind { Load, Store, Add, Cas } kind;
  void *addr;
  size_t size;
  uint64_t a, b;  // operands
  uint64_t result;
  bool swapped;
};

static void run_atomic(void *p) {
  AtomicOp *op = static_cast<AtomicOp *>(p);
  if (op->size == 4) {
    uint32_t *x = static_cast<uint32_t *>(op->addr);
    switch (op->kind) {
      case AtomicOp::Load: op->result = __atomic_load_n(x, __ATOMIC_SEQ_CST); break;
      case AtomicOp::Store: __atomic_store_n(x, uint32_t(op->a), __ATOMIC_SEQ_CST); break;
      case AtomicOp::Add: op->result = __atomic_fetch_add(x, uint32_t(op->a), __ATOMIC_SEQ_CST); break;
      case AtomicOp::Cas: {
        uint32_t expected = uint32_t(op->a);
        op->swapped =
            __atomic_compare_exchange_n(x, &expected, uint32_t(op->b), false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        break;
      }
    }
    return;
  }
  uint64_t *x = static_cast<uint64_t *>(op->addr);
  switch (op->kind) {
    case AtomicOp::Load: op->result = __atomic_load_n(x, __ATOMIC_SEQ_CST); break;
    case AtomicOp::Store: __atomic_store_n(x, op->a, __ATOMIC_SEQ_CST); break;
    case AtomicOp::Add: op->result = __atomic_fetch_add(x, op->a, __ATOMIC_SEQ_CST); break;
    case AtomicOp::Cas: {
      uint64_t expected = op->a;
      op->swapped = __atomic_compare_exchange_n(x, &expected, op->b, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
      break;
    }
  }
}

// The element's address, after checking its type and index.
static void *element(val ca, val idx, const char *self, CArray **out) {
  CArray *c = carray_checked(ca, self);
  FfiType *t = c->eltype;
  if (t->kind != FK::Int || t->swap || (t->size != 4 && t->size != 8))
    errorf(s_type_error, "~a: element type ~s is not a 4- or 8-byte native integer", self, t->syntax);
  intptr_t i = norm_index(c_fixnum(idx, self), intptr_t(c->nelem), self, ca);
  uint8_t *base = carray_base(c, self);
  *out = c;
  return base + size_t(i) * t->size;
}

// Bits of v for the element type (range-checked like a store).
static uint64_t bits_of(CArray *c, val v, const char *self) {
  uint64_t bits = 0;
  ffi_put(c->eltype, v, &bits, self);
  return bits;
}

static val value_of(CArray *c, uint64_t bits, const char *self) { return ffi_get(c->eltype, &bits, self); }

static void perform(CArray *c, AtomicOp &op, const char *self) {
  if (carray_is_mapped(c)) {
    uint8_t *base = carray_base(c, self);
    if (!guarded_bulk(op.addr, op.size, run_atomic, &op))
      mmap_fault_error(c, base, size_t(static_cast<uint8_t *>(op.addr) - base), self);
  } else {
    run_atomic(&op);
  }
}

static val bi_atomic_ref(const Args &a) {
  CArray *c;
  AtomicOp op{AtomicOp::Load, element(a[0], a[1], a.name(), &c), 0, 0, 0, 0, false};
  op.size = c->eltype->size;
  perform(c, op, a.name());
  return value_of(c, op.result, a.name());
}

static val bi_atomic_set(const Args &a) {
  CArray *c;
  void *addr = element(a[0], a[1], a.name(), &c);
  AtomicOp op{AtomicOp::Store, addr, c->eltype->size, bits_of(c, a[2], a.name()), 0, 0, false};
  perform(c, op, a.name());
  return a[2];
}

static val bi_atomic_add(const Args &a) {
  CArray *c;
  void *addr = element(a[0], a[1], a.name(), &c);
  // The delta wraps in two's complement, so a negative one subtracts.
  uint64_t delta = uint64_t(c_int64(a[2], a.name()));
  AtomicOp op{AtomicOp::Add, addr, c->eltype->size, delta, 0, 0, false};
  perform(c, op, a.name());
  return value_of(c, op.result, a.name());
}

static val bi_atomic_cas(const Args &a) {
  CArray *c;
  void *addr = element(a[0], a[1], a.name(), &c);
  AtomicOp op{AtomicOp::Cas, addr, c->eltype->size, bits_of(c, a[2], a.name()), bits_of(c, a[3], a.name()), 0, false};
  perform(c, op, a.name());
  return boolv(op.swapped);
}

static const BuiltinDef atomic_builtins[] = {
    {"atomic-ref", 2, 0, false, bi_atomic_ref},
    {"atomic-set", 3, 0, false, bi_atomic_set},
    {"atomic-add", 3, 0, false, bi_atomic_add},
    {"atomic-cas", 4, 0, false, bi_atomic_cas},
};

void init_atomics() { register_builtins(atomic_builtins); }

}  // namespace tine
