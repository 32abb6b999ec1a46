// Beyond TXR: resizing a mapping, residency, and llfio's memory operations
// (zero, prefetch, commit, decommit) as thin wrappers over map_handle.
#include <sys/mman.h>

#include <cerrno>

#include "ffi/fault.hpp"
#include "ffi/mmap.hpp"

namespace tine {

// (mmap-resize ca bytes): grows or shrinks in place or by moving; views of
// the mapping follow it, since they address it through their parent.
static val bi_mmap_resize(const Args &a) {
  const char *self = a.name();
  CArray *c = open_mapping(a[0], self);
  uint64_t bytes = c_uint64(a[1], self);
  size_t nelem = bytes / c->eltype->size;
  if (nelem == 0) errorf(s_error, "~a: ~s: ~a bytes hold no element", self, a[0], a[1]);
  size_t old = c->map->length();
  map_status st = c->map->resize(bytes, true);
  if (!st.ok()) mapping_op_failed(a[0], self, st.error);
  c->data = reinterpret_cast<uint8_t *>(c->map->address());
  c->nelem = nelem;
  account_resize(old, bytes);
  return a[0];
}

// (mmap-residency ca): a buf with one byte per page, 1 where resident.
static val bi_mmap_residency(const Args &a) {
  const char *self = a.name();
  CArray *c = open_mapping(a[0], self);
  val b = make_buf(c->map->page_count(), 0);
  map_status st = c->map->residency(buf_of(b)->data, buf_of(b)->len);
  if (!st.ok()) mapping_op_failed(a[0], self, st.error);
  return b;
}

struct RangeOp {
  map_handle *map;
  size_t off, sz;
  map_status st;
  int prot;  // mmap-commit
};

static val range_op(const Args &a, const char *self, val offset, val size, map_status (*fn)(RangeOp &)) {
  CArray *c = open_mapping(a[0], self);
  RangeOp op{c->map, 0, 0, {}, PROT_READ | PROT_WRITE};
  if (a.n > 3 && !missing(a[3])) op.prot = c_int(a[3], self);
  mapping_range(c, a[0], offset, size, self, &op.off, &op.sz);
  fn(op);
  if (!op.st.ok()) mapping_op_failed(a[0], self, op.st.error);
  return s_t;
}

// Zeroing writes the pages: a fault (a truncated file) is an mmap-fault.
static val bi_mmap_zero(const Args &a) {
  const char *self = a.name();
  CArray *c = open_mapping(a[0], self);
  RangeOp op{c->map, 0, 0, {}, 0};
  mapping_range(c, a[0], a[1], a[2], self, &op.off, &op.sz);
  const uint8_t *base = reinterpret_cast<const uint8_t *>(c->map->address());
  bool ok = guarded_bulk(
      base + op.off, op.sz,
      [](void *p) {
        RangeOp *r = static_cast<RangeOp *>(p);
        r->st = r->map->zero(r->off, r->sz);
      },
      &op);
  if (!ok) mmap_fault_error(a[0], base, op.off, self);
  if (!op.st.ok()) mapping_op_failed(a[0], self, op.st.error);
  return s_t;
}

static val bi_mmap_prefetch(const Args &a) {
  return range_op(a, a.name(), a[1], a[2], [](RangeOp &op) { return op.st = op.map->prefetch(op.off, op.sz); });
}

static val bi_mmap_do_not_store(const Args &a) {
  return range_op(a, a.name(), a[1], a[2], [](RangeOp &op) { return op.st = op.map->do_not_store(op.off, op.sz); });
}

static val bi_mmap_decommit(const Args &a) {
  return range_op(a, a.name(), a[1], a[2], [](RangeOp &op) { return op.st = op.map->decommit(op.off, op.sz); });
}

// (mmap-commit ca [offset [size [prot]]]): prot defaults to read and write.
static val bi_mmap_commit(const Args &a) {
  return range_op(a, a.name(), a[1], a[2], [](RangeOp &op) { return op.st = op.map->commit(op.off, op.sz, op.prot); });
}

static const BuiltinDef mmap_ext_builtins[] = {
    {"mmap-resize", 2, 0, false, bi_mmap_resize},
    {"mmap-residency", 1, 0, false, bi_mmap_residency},
    {"mmap-zero", 1, 2, false, bi_mmap_zero},
    {"mmap-prefetch", 1, 2, false, bi_mmap_prefetch},
    {"mmap-do-not-store", 1, 2, false, bi_mmap_do_not_store},
    {"mmap-decommit", 1, 2, false, bi_mmap_decommit},
    {"mmap-commit", 1, 3, false, bi_mmap_commit},
};

void init_mmap_ext() { register_builtins(mmap_ext_builtins); }

}  // namespace tine
