// carray objects: access, views, conversion, and their sequence protocol.
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
    // The parent may have been resized under the view since it was made.
    if (c->offset + c->nelem * c->eltype->size > parent->nelem * parent->eltype->size)
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

static bool has_int_elements(FfiType *t) {
  return t->kind == FK::Int && (t->size == 1 || t->size == 2 || t->size == 4 || t->size == 8);
}

val make_carray(FfiType *t, uint8_t *data, size_t nelem, Owner owner, val ref) {
  CArray *c = gc_obj<CArray>(T::CArray);
  c->owner = owner;
  c->int_elements = owner != Owner::View && has_int_elements(t);
  c->eltype = t;
  c->data = data;
  c->nelem = nelem;
  c->ref = ref;
  return c;
}

static size_t index_checked(CArray *c, intptr_t i, const char *self) {
  return size_t(norm_index(i, intptr_t(c->nelem), self, c));
}

void mmap_fault_error(val ca, const uint8_t *base, size_t fallback_off, const char *self) {
  const uint8_t *addr = static_cast<const uint8_t *>(last_fault_address());
  size_t off = addr >= base ? size_t(addr - base) : fallback_off;
  const char *what = last_fault_signal() == SIGBUS ? "bus error (SIGBUS)" : "access violation (SIGSEGV)";
  errorf(s_mmap_fault, "~a: ~s: ~a at byte offset ~a of the mapping", self, ca, what, mkuint(off));
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

val carray_ref(CArray *c, intptr_t i, const char *self) {
  val fast;
  if (int_element_ref(c, i, &fast)) return fast;
  size_t k = index_checked(c, i, self);
  uint8_t *base = carray_base(c, self);
  FfiType *t = c->eltype;
  uint8_t *p = base + k * t->size;
  if (!carray_is_mapped(c)) return ffi_get(t, p, self);
  // Mapped memory is read through the fault guard into a local copy.
  uint8_t local[64];
  uint8_t *tmp = t->size <= sizeof local ? local : static_cast<uint8_t *>(gc_atomic(t->size));
  if (!guarded_copy(tmp, p, t->size)) mmap_fault_error(c, base, k * t->size, self);
  return ffi_get(t, tmp, self);
}

void carray_set(CArray *c, intptr_t i, val v, const char *self) {
  if (int_element_set(c, i, v)) return;
  size_t k = index_checked(c, i, self);
  uint8_t *base = carray_base(c, self);
  FfiType *t = c->eltype;
  uint8_t *p = base + k * t->size;
  if (!carray_is_mapped(c)) {
    ffi_put(t, v, p, self);
    return;
  }
  uint8_t local[64];
  uint8_t *tmp = t->size <= sizeof local ? local : static_cast<uint8_t *>(gc_atomic(t->size));
  ffi_put(t, v, tmp, self);  // validates before anything reaches the mapping
  if (!guarded_copy(p, tmp, t->size)) mmap_fault_error(c, base, k * t->size, self);
}

// A carray owning malloc'd memory: carray-free or the collector frees it.
static val make_owned_carray(FfiType *t, uint8_t *mem, size_t nelem) {
  val ca = make_carray(t, mem, nelem, Owner::Malloced, nullptr);
  GC_register_finalizer_no_order(
      ca, [](void *o, void *) { free(carray_of(static_cast<val>(o))->data); }, nullptr, nullptr, nullptr);
  return ca;
}

// ---- sequence protocol -------------------------------------------------------------

static intptr_t ca_length(val s) { return intptr_t(carray_of(s)->nelem); }
static val ca_ref(val s, intptr_t i) { return carray_ref(carray_of(s), i, "carray-ref"); }
static void ca_set(val s, intptr_t i, val v) { carray_set(carray_of(s), i, v, "carray-refset"); }

static val make_view(CArray *parent, size_t from, size_t to) {
  CArray *v = carray_of(make_carray(parent->eltype, nullptr, to - from, Owner::View, parent));
  v->offset = from * parent->eltype->size;
  return v;
}

static val ca_sub(val s, intptr_t from, intptr_t to) {
  CArray *c = carray_of(s);
  carray_base(c, "carray-sub");
  return make_view(c, size_t(from), size_t(to));
}

// Byte carrays search with memmem/memchr (through a guarded snapshot when
// the memory is mapped, so that a fault is an error).
static bool byte_view(CArray *c, const uint8_t **out, const char *self) {
  if (!ffi_is_byte_type(c->eltype)) return false;
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
    scratch.resize(n->nelem);
    if (n->nelem && !guarded_copy(scratch.data(), carray_base(n, self), n->nelem))
      mmap_fault_error(n, carray_base(n, self), 0, self);
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
    for (size_t i = 0; i < c->nelem; ++i)
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

static SeqOps carray_seq_ops = {ca_length, ca_ref, ca_set, ca_sub, ca_search, ca_pos};

// ---- builtins ----------------------------------------------------------------------------

static intptr_t idx(val v, const char *self) { return c_fixnum(v, self); }

static val bi_carray_ref(const Args &a) {
  return carray_ref(carray_checked(a[0], a.name()), idx(a[1], a.name()), a.name());
}

static val bi_carray_refset(const Args &a) {
  carray_set(carray_checked(a[0], a.name()), idx(a[1], a.name()), a[2], a.name());
  return a[2];
}

static val bi_carray_sub(const Args &a) {
  carray_checked(a[0], a.name());
  return seq_sub(a[0], a[1], a[2], a.name());
}

static val bi_carray_buf(const Args &a) {
  if (!is(a[0], T::Buf)) type_err(a.name(), a[0], "a buf");
  FfiType *t = ffi_type_checked(ffi_type_compile(a[1], a.name()), a.name());
  if (t->size == 0) errorf(s_error, "carray-buf: zero-sized element type ~s", t->syntax);
  Buf *b = buf_of(a[0]);
  return make_carray(t, b->data, b->len / t->size, Owner::Borrowed, a[0]);
}

static val bi_carray_vec(const Args &a) {
  FfiType *t = ffi_type_checked(ffi_type_compile(a[1], a.name()), a.name());
  if (t->size == 0) errorf(s_error, "carray-vec: zero-sized element type ~s", t->syntax);
  intptr_t n = seq_length(a[0], a.name());
  uint8_t *mem = static_cast<uint8_t *>(calloc(size_t(n ? n : 1), t->size));
  if (!mem) errorf(s_error, "carray-vec: out of memory");
  val ca = make_owned_carray(t, mem, size_t(n));
  try {
    SeqIter it(a[0], a.name());
    intptr_t i = 0;
    for (val x; it.next(&x); ++i) ffi_put(t, x, mem + size_t(i) * t->size, a.name());
  } catch (...) {
    free(mem);
    carray_of(ca)->data = nullptr;  // the finalizer then frees nothing
    throw;
  }
  return ca;
}

static val bi_vec_carray(const Args &a) {
  CArray *c = carray_checked(a[0], a.name());
  val v = make_vec(c->nelem, nullptr);
  for (size_t i = 0; i < c->nelem; ++i) vec_of(v)->data[i] = carray_ref(c, intptr_t(i), a.name());
  return v;
}

static val bi_list_carray(const Args &a) {
  CArray *c = carray_checked(a[0], a.name());
  val out = nullptr;
  for (size_t i = c->nelem; i > 0; --i) out = cons(carray_ref(c, intptr_t(i - 1), a.name()), out);
  return out;
}

// The whole carray as one value of (array N eltype): a string for char
// arrays, a vector otherwise.
static val bi_carray_get(const Args &a) {
  CArray *c = carray_checked(a[0], a.name());
  if (c->eltype->tag && c->eltype->kind == FK::Int) {
    uint8_t *base = carray_base(c, a.name());
    std::string bytes(c->nelem * c->eltype->size, '\0');
    if (!bytes.empty() && !guarded_copy(bytes.data(), base, bytes.size())) mmap_fault_error(c, base, 0, a.name());
    if (c->eltype->size == 1) return mkstr_utf8(std::string_view(bytes.data(), strnlen(bytes.data(), bytes.size())));
  }
  return bi_vec_carray(a);
}

static val bi_carray_put(const Args &a) {
  CArray *c = carray_checked(a[0], a.name());
  intptr_t n = seq_length(a[1], a.name());
  if (size_t(n) > c->nelem) errorf(s_range_error, "carray-put: ~s has more elements than ~s", a[1], a[0]);
  // Validate everything first, then store.
  std::string staged(size_t(n) * c->eltype->size, '\0');
  SeqIter it(a[1], a.name());
  intptr_t i = 0;
  for (val x; it.next(&x); ++i) ffi_put(c->eltype, x, staged.data() + size_t(i) * c->eltype->size, a.name());
  uint8_t *base = carray_base(c, a.name());
  if (!staged.empty() && !guarded_copy(base, staged.data(), staged.size())) mmap_fault_error(c, base, 0, a.name());
  return a[0];
}

static val bi_carray_free(const Args &a) {
  CArray *c = carray_checked(a[0], a.name());
  if (carray_is_mapped(c)) errorf(s_error, "carray-free: ~s is a mapped carray: use munmap", a[0]);
  if (c->owner != Owner::Malloced) errorf(s_error, "carray-free: ~s does not own its storage", a[0]);
  if (!c->data) return nullptr;
  free(c->data);
  c->data = nullptr;
  c->nelem = 0;
  return s_t;
}

static val bi_carray_type(const Args &a) { return carray_checked(a[0], a.name())->eltype; }
static val bi_carrayp(const Args &a) { return boolv(is(a[0], T::CArray)); }

static val bi_carray_set_length(const Args &a) {
  CArray *c = carray_checked(a[0], a.name());
  if (c->owner != Owner::Borrowed) errorf(s_error, "carray-set-length: ~s owns its storage; its length is fixed", a[0]);
  intptr_t n = c_fixnum(a[1], a.name());
  if (n < 0) range_err(a.name(), "negative length", a[1]);
  if (is(c->ref, T::Buf) && size_t(n) * c->eltype->size > buf_of(c->ref)->len)
    errorf(s_range_error, "carray-set-length: ~a elements exceed the buf", a[1]);
  c->nelem = size_t(n);
  return a[1];
}

static val bi_copy_carray(const Args &a) {
  CArray *c = carray_checked(a[0], a.name());
  size_t bytes = c->nelem * c->eltype->size;
  uint8_t *mem = static_cast<uint8_t *>(malloc(bytes ? bytes : 1));
  uint8_t *base = carray_base(c, a.name());
  if (bytes && !guarded_copy(mem, base, bytes)) {
    free(mem);
    mmap_fault_error(c, base, 0, a.name());
  }
  return make_owned_carray(c->eltype, mem, c->nelem);
}

static val bi_carray_bytes(const Args &a) {
  CArray *c = carray_checked(a[0], a.name());
  size_t bytes = c->nelem * c->eltype->size;
  val b = make_buf(bytes, 0);
  uint8_t *base = carray_base(c, a.name());
  if (bytes && !guarded_copy(buf_of(b)->data, base, bytes)) mmap_fault_error(c, base, 0, a.name());
  return b;
}

static void print_carray(val obj, std::u32string &out, bool escape) {
  CArray *c = carray_of(obj);
  out += U"#<carray ";
  out += utf8_decode(std::to_string(c->nelem));
  out += U" ";
  print_to(c->eltype, out, escape);
  out += U">";
}

static const BuiltinDef carray_builtins[] = {
    {"carray-ref", 2, 0, false, bi_carray_ref},
    {"carray-refset", 3, 0, false, bi_carray_refset},
    {"carray-sub", 1, 2, false, bi_carray_sub},
    {"carray-buf", 2, 0, false, bi_carray_buf},
    {"carray-vec", 2, 0, false, bi_carray_vec},
    {"vec-carray", 1, 0, false, bi_vec_carray},
    {"list-carray", 1, 0, false, bi_list_carray},
    {"carray-get", 1, 0, false, bi_carray_get},
    {"carray-put", 2, 0, false, bi_carray_put},
    {"carray-free", 1, 0, false, bi_carray_free},
    {"carray-type", 1, 0, false, bi_carray_type},
    {"carrayp", 1, 0, false, bi_carrayp},
    {"carray-set-length", 2, 0, false, bi_carray_set_length},
    {"copy-carray", 1, 0, false, bi_copy_carray},
    {"carray-bytes", 1, 0, false, bi_carray_bytes},
};

void init_carray() {
  seq_ops[int(T::CArray)] = &carray_seq_ops;
  print_ops[int(T::CArray)] = print_carray;
  register_builtins(carray_builtins);
}

}  // namespace tine
