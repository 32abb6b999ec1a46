// carray objects: storage and ownership, element access, views, and their
// sequence protocol.  The functions of TXR's "Foreign Arrays" are in
// carray_ops.cpp.
#include "ffi/carray.hpp"

#include <csignal>
#include <cstdlib>
#include <cstring>

#include "ffi/fault.hpp"
#include "runtime/printer.hpp"
#include "runtime/seq.hpp"

namespace tine {

CArray *carray_checked(val v, const char *self) {
  if (!is(v, T::CArray)) type_err(self, v, "a carray");
  return carray_of(v);
}

bool carray_is_mapped(CArray *c) {
  while (c->owner == Owner::View) c = carray_of(c->ref);
  return c->owner == Owner::Mapped;
}

uint8_t *carray_base(CArray *c, const char *self) {
  if (c->owner == Owner::View) {
    CArray *parent = carray_of(c->ref);
    uint8_t *p = carray_base(parent, self);
    // The parent may have been resized or freed under the view since it was made.
    if (parent->len_known && c->offset + c->nelem * c->eltype->size > parent->nelem * parent->eltype->size)
      errorf(s_range_error, "~a: ~s: the view lies beyond its resized mapping", self, static_cast<val>(c));
    return p + c->offset;
  }
  if (!c->data) storage_gone_error(c, self);
  return c->data;
}

void storage_gone_error(CArray *c, const char *self) {
  errorf(s_error, "~a: ~s: ~a", self, static_cast<val>(c),
         c->owner == Owner::Mapped ? "the mapping has been unmapped" : "the storage has been freed");
}

size_t carray_known_length(CArray *c, const char *self) {
  if (!c->len_known) errorf(s_error, "~a: ~s has an unknown length", self, static_cast<val>(c));
  return c->nelem;
}

void mmap_fault_error(val ca, const uint8_t *base, size_t fallback_off, const char *self) {
  const uint8_t *addr = static_cast<const uint8_t *>(last_fault_address());
  size_t off = addr >= base ? size_t(addr - base) : fallback_off;
  const char *what = last_fault_signal() == SIGBUS ? "bus error (SIGBUS)" : "access violation (SIGSEGV)";
  errorf(s_mmap_fault, "~a: ~s: ~a at byte offset ~a of the mapping", self, ca, what, mkuint(off));
}

void carray_refresh(CArray *c) {
  FfiType *t = c->eltype;
  c->int_elements = c->owner != Owner::View && c->len_known && ffi_is_int(t) && !t->as_char &&
                    (t->size == 1 || t->size == 2 || t->size == 4 || t->size == 8);
}

val make_carray(FfiType *t, uint8_t *data, size_t nelem, Owner owner, val ref) {
  CArray *c = gc_obj<CArray>(T::CArray);
  c->owner = owner;
  c->len_known = true;
  c->eltype = t;
  c->data = data;
  c->nelem = nelem;
  c->ref = ref;
  carray_refresh(c);
  return c;
}

// Owned storage is freed by carray-free or, failing that, the collector;
// a carray that gives its storage up (carray-set-ptr) is no longer freed.
static void free_owned(void *obj, void *) {
  CArray *c = carray_of(static_cast<val>(obj));
  if (c->owner == Owner::Malloced) free(c->data);
}

val make_owned_carray(FfiType *t, uint8_t *mem, size_t nelem) {
  val ca = make_carray(t, mem, nelem, Owner::Malloced, nullptr);
  GC_register_finalizer_no_order(ca, free_owned, nullptr, nullptr, nullptr);
  return ca;
}

void carray_take_ownership(CArray *c, uint8_t *mem) {
  bool had_finalizer = c->owner == Owner::Malloced;
  c->owner = Owner::Malloced;
  c->data = mem;
  c->ref = nullptr;
  c->offset = 0;
  carray_refresh(c);
  if (!had_finalizer) GC_register_finalizer_no_order(c, free_owned, nullptr, nullptr, nullptr);
}

val make_foreign_carray(FfiType *t, void *p) {
  CArray *c = carray_of(make_carray(t, static_cast<uint8_t *>(p), 0, Owner::Borrowed, nullptr));
  c->len_known = false;
  carray_refresh(c);
  return c;
}

val make_carray_view(CArray *parent, FfiType *t, size_t byte_off, size_t nelem) {
  CArray *v = carray_of(make_carray(t, nullptr, nelem, Owner::View, parent));
  v->offset = byte_off;
  return v;
}

void carray_set_ptr(CArray *c, FfiType *elem, void *p, const char *self) {
  if (elem && !same_ffi_type(c->eltype, elem))
    errorf(s_error, "~a: ~s is not of element type ~s", self, static_cast<val>(c), static_cast<val>(elem));
  if (carray_is_mapped(c)) errorf(s_error, "~a: cannot change address of mmapped ~s", self, static_cast<val>(c));
  if (c->owner == Owner::Malloced) free(c->data);
  c->owner = Owner::Borrowed;
  c->ref = nullptr;
  c->data = static_cast<uint8_t *>(p);
  c->nelem = 0;
  c->len_known = true;
  carray_refresh(c);
}

void carray_read(CArray *c, size_t off, void *dst, size_t n, const char *self) {
  if (!n) return;
  uint8_t *base = carray_base(c, self);
  if (!carray_is_mapped(c)) {
    memcpy(dst, base + off, n);
    return;
  }
  if (!guarded_copy(dst, base + off, n)) mmap_fault_error(c, base, off, self);
}

void carray_write(CArray *c, size_t off, const void *src, size_t n, const char *self) {
  if (!n) return;
  uint8_t *base = carray_base(c, self);
  if (!carray_is_mapped(c)) {
    memcpy(base + off, src, n);
    return;
  }
  if (!guarded_copy(base + off, src, n)) mmap_fault_error(c, base, off, self);
}

static size_t index_checked(CArray *c, intptr_t i, const char *self) {
  if (c->len_known) return size_t(norm_index(i, intptr_t(c->nelem), self, c));
  if (i < 0) errorf(s_error, "~a: ~s: index ~a out of bounds", self, static_cast<val>(c), mkint(i));
  return size_t(i);
}

// The element path for integers at in-range, non-negative indices: false
// sends the access down the general path, which also reports errors (a
// faulting load is simply repeated there).
static bool int_element_ref(CArray *c, intptr_t i, val *out) {
  if (!c->int_elements || uintptr_t(i) >= c->nelem || !c->data) return false;
  FfiType *t = c->eltype;
  const uint8_t *p = c->data + size_t(i) * t->size;
  uint8_t local[8];
  if (c->owner == Owner::Mapped) {
    if (!guarded_copy(local, p, t->size)) return false;
    p = local;
  }
  *out = ffi_int_value(t, ffi_load_uint(p, t->size, t->swap));
  return true;
}

static bool int_element_set(CArray *c, intptr_t i, val v) {
  if (!c->int_elements || !is_fixnum(v) || uintptr_t(i) >= c->nelem || !c->data) return false;
  FfiType *t = c->eltype;
  if (!ffi_fixnum_fits(t, fixval(v))) return false;
  uint8_t *p = c->data + size_t(i) * t->size;
  if (c->owner != Owner::Mapped) {
    ffi_store_uint(p, t->size, t->swap, uint64_t(fixval(v)));
    return true;
  }
  uint8_t local[8];
  ffi_store_uint(local, t->size, t->swap, uint64_t(fixval(v)));
  return guarded_copy(p, local, t->size);
}

// Element bytes are converted in a scratch copy, so that a mapped element
// is touched only through the fault guard and a failing store leaves the
// element as it was.
struct ElementScratch {
  uint8_t local[64];
  uint8_t *p;
  explicit ElementScratch(size_t n) : p(n <= sizeof local ? local : static_cast<uint8_t *>(gc_atomic(n))) {}
};

val carray_ref(CArray *c, intptr_t i, const char *self) {
  val fast;
  if (int_element_ref(c, i, &fast)) return fast;
  size_t k = index_checked(c, i, self);
  FfiType *t = c->eltype;
  ElementScratch tmp(t->size);
  carray_read(c, k * t->size, tmp.p, t->size, self);
  FfiReadLimit limit(tmp.p + t->size);
  return ffi_get(t, tmp.p, self);
}

void carray_set(CArray *c, intptr_t i, val v, const char *self) {
  if (int_element_set(c, i, v)) return;
  size_t k = index_checked(c, i, self);
  FfiType *t = c->eltype;
  ElementScratch tmp(t->size);
  carray_read(c, k * t->size, tmp.p, t->size, self);  // padding and unnamed members stay
  ffi_put(t, v, tmp.p, self);
  carray_write(c, k * t->size, tmp.p, t->size, self);
}

// ---- sequence protocol -------------------------------------------------------------

static intptr_t ca_length(val s) { return intptr_t(carray_known_length(carray_of(s), "length")); }
static val ca_ref(val s, intptr_t i) { return carray_ref(carray_of(s), i, "carray-ref"); }
static void ca_set(val s, intptr_t i, val v) { carray_set(carray_of(s), i, v, "carray-refset"); }

static val ca_sub(val s, intptr_t from, intptr_t to) {
  CArray *c = carray_of(s);
  carray_base(c, "carray-sub");
  return make_carray_view(c, c->eltype, size_t(from) * c->eltype->size, size_t(to - from));
}

// Byte carrays search with memmem/memchr (through a guarded snapshot when
// the memory is mapped, so that a fault is an error).
static bool byte_view(CArray *c, const uint8_t **out, const char *self) {
  if (!ffi_is_byte_type(c->eltype) || c->eltype->as_char || !c->len_known) return false;
  *out = carray_base(c, self);
  return true;
}

// The needle's bytes, in scratch or (strings) in a cache kept between calls:
// scripts search for the same text over and over.  ok: the needle can be
// bytes at all.
static std::string_view needle_bytes(val needle, std::string &scratch, bool *ok, const char *self) {
  *ok = true;
  if (is(needle, T::Buf)) return {reinterpret_cast<char *>(buf_of(needle)->data), buf_of(needle)->len};
  if (stringp(needle)) {
    static std::u32string cached_text;
    static std::string cached_bytes;
    if (sv(needle) != std::u32string_view(cached_text)) {
      cached_text = sv(needle);
      cached_bytes = utf8(needle);
    }
    return cached_bytes;
  }
  if (is(needle, T::CArray) && ffi_is_byte_type(carray_of(needle)->eltype)) {
    CArray *n = carray_of(needle);
    scratch.resize(carray_known_length(n, self));
    carray_read(n, 0, scratch.data(), scratch.size(), self);
    return scratch;
  }
  SeqIter it(needle, self);
  for (val x; it.next(&x);) {
    if (!is_fixnum(x) || fixval(x) < 0 || fixval(x) > 255) {
      *ok = false;
      return {};
    }
    scratch.push_back(char(fixval(x)));
  }
  return scratch;
}

struct ScanJob {
  const uint8_t *base;
  size_t len;
  std::string_view key;
  int byte;
  const void *found;
};

static val scan_result(CArray *c, ScanJob &job, void (*fn)(void *), const char *self) {
  if (carray_is_mapped(c)) {
    if (!guarded_bulk(job.base, job.len, fn, &job)) mmap_fault_error(c, job.base, 0, self);
  } else {
    fn(&job);
  }
  return job.found ? mkuint(size_t(static_cast<const uint8_t *>(job.found) - job.base)) : nullptr;
}

static val ca_search(val s, val needle) {
  CArray *c = carray_of(s);
  const uint8_t *base;
  std::string scratch;
  bool ok;
  if (!byte_view(c, &base, "search")) return nullptr;
  std::string_view key = needle_bytes(needle, scratch, &ok, "search");
  if (!ok) return nullptr;
  if (key.empty()) return mkfix(0);
  ScanJob job{base, c->nelem, key, 0, nullptr};
  return scan_result(
      c, job,
      [](void *j) {
        ScanJob *sj = static_cast<ScanJob *>(j);
        sj->found = memmem(sj->base, sj->len, sj->key.data(), sj->key.size());
      },
      "search");
}

static val ca_pos(val s, val item) {
  CArray *c = carray_of(s);
  const uint8_t *base;
  if (!byte_view(c, &base, "pos") || !is_fixnum(item)) {
    size_t n = carray_known_length(c, "pos");
    for (size_t i = 0; i < n; ++i)
      if (equal(carray_ref(c, intptr_t(i), "pos"), item)) return mkuint(i);
    return nullptr;
  }
  intptr_t b = fixval(item);
  if (c->eltype->is_signed ? (b < -128 || b > 127) : (b < 0 || b > 255)) return nullptr;
  ScanJob job{base, c->nelem, {}, int(uint8_t(b)), nullptr};
  return scan_result(
      c, job,
      [](void *j) {
        ScanJob *sj = static_cast<ScanJob *>(j);
        sj->found = memchr(sj->base, sj->byte, sj->len);
      },
      "pos");
}

static void ca_replace(val s, val items, intptr_t from, intptr_t to) {
  carray_replace(carray_of(s), items, size_t(from), size_t(to), "set");
}

static SeqOps carray_seq_ops = {ca_length, ca_ref, ca_set, ca_sub, ca_search, ca_pos, ca_replace};

static void print_carray(val obj, std::u32string &out, bool escape) {
  CArray *c = carray_of(obj);
  out += U"#<carray ";
  out += c->len_known ? utf8_decode(std::to_string(c->nelem)) : U"unknown-len";
  out += U" ";
  print_to(c->eltype, out, escape);
  out += U">";
}

void init_carray() {
  seq_ops[int(T::CArray)] = &carray_seq_ops;
  print_ops[int(T::CArray)] = print_carray;
}

}  // namespace tine
