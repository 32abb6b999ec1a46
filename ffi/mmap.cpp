// The mmap family (TXR's "Unix Memory Mapping"): mmap, munmap, mprotect,
// madvise, msync, the prot-/map-/madv-/ms- variables and page-size; plus
// finalization of dropped mappings and mapping pressure on the collector.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ffi/carray.hpp"
#include "ffi/mmap.hpp"
#include "ffi/fault.hpp"
#include "runtime/stream.hpp"

namespace tine {

// ---- accounting: mapped memory the collector cannot see ---------------------------

static size_t live_maps, live_bytes;
static size_t maps_at_gc, bytes_at_gc;
static constexpr size_t MAP_COUNT_SLACK = 256;
static constexpr size_t MAP_BYTES_SLACK = size_t(512) << 20;
static size_t peak_maps;

static void collect_mappings() {
  GC_gcollect();
  GC_invoke_finalizers();
  maps_at_gc = live_maps;
  bytes_at_gc = live_bytes;
}

static void note_pressure(size_t upcoming) {
  if (live_maps >= maps_at_gc + MAP_COUNT_SLACK || live_bytes + upcoming >= bytes_at_gc + MAP_BYTES_SLACK)
    collect_mappings();
}

void account_resize(size_t old_bytes, size_t new_bytes) { live_bytes = live_bytes - old_bytes + new_bytes; }

static void account_map(size_t bytes) {
  ++live_maps;
  live_bytes += bytes;
  if (live_maps > peak_maps) peak_maps = live_maps;
}

static void account_unmap(size_t bytes) {
  --live_maps;
  live_bytes -= bytes;
}

// Releases the mapping of a carray; the single release path shared by
// munmap and the finalizer.
static bool release_mapping(CArray *c) {
  if (!c->map || !c->map->is_open()) return false;
  size_t len = c->map->length();
  c->map->close();
  c->data = nullptr;
  account_unmap(len);
  return true;
}

static void finalize_mapping(void *obj, void *) {
  CArray *c = carray_of(static_cast<val>(obj));
  release_mapping(c);
  c->map->~map_handle();
}

// ---- mmap ------------------------------------------------------------------------------

int fd_of(val v, const char *self) {
  if (is(v, T::Stream)) {
    int fd = stream_checked(v, self)->fd();
    if (fd < 0) errorf(s_type_error, "~a: stream ~s has no file descriptor", self, v);
    return fd;
  }
  return c_int(v, self);
}

static bool retryable(int eno) { return eno == ENOMEM || eno == EMFILE || eno == ENFILE || eno == EAGAIN; }

static val mmap_fd(FfiType *t, val type, uint64_t len, int prot, int flags, int fd, uint64_t offset, void *addr) {
  size_t nelem = t->size ? len / t->size : 0;
  if (len != 0 && nelem == 0) errorf(s_error, "mmap: zero-sized element type ~s specified", type);
  note_pressure(len);
  map_handle *mh = new (gc_atomic(sizeof(map_handle))) map_handle();
  map_status st = map_handle::map(mh, len, prot, flags, fd, offset, addr);
  if (!st.ok() && retryable(st.error)) {
    collect_mappings();
    st = map_handle::map(mh, len, prot, flags, fd, offset, addr);
  }
  if (!st.ok()) errorf(s_system_error, "mmap: mmap failed: ~a/~s", mkfix(st.error), strerror(st.error));
  val ca = make_carray(t, reinterpret_cast<uint8_t *>(mh->address()), nelem, Owner::Mapped, nullptr);
  carray_of(ca)->map = mh;
  account_map(len);
  GC_register_finalizer_no_order(ca, finalize_mapping, nullptr, nullptr, nullptr);
  return ca;
}

// (mmap ffi-type length prot flags [source [offset [addr]]])
static val bi_mmap(const Args &a) {
  const char *self = a.name();
  if (!is(a[0], T::FfiType)) type_err(self, a[0], "a compiled ffi-type");
  FfiType *t = ffi_type_of(a[0]);
  uint64_t len = c_uint64(a[1], self);
  int prot = c_int(a[2], self);
  int flags = c_int(a[3], self);
  val source = missing(a[4]) ? nullptr : a[4];
  uint64_t offset = missing(a[5]) ? 0 : c_uint64(a[5], self);
  void *addr = missing(a[6]) || !a[6] ? nullptr : reinterpret_cast<void *>(uintptr_t(c_uint64(a[6], self)));
  if (!source) return mmap_fd(t, a[0], len, prot, flags, -1, offset, addr);
  if (is(source, T::Stream) || integerp(source))
    return mmap_fd(t, a[0], len, prot, flags, fd_of(source, self), offset, addr);
  if (stringp(source)) {
    val stream = open_file(source, mkstr_utf8(prot & PROT_WRITE ? "r+" : "r"), self);
    Stream *s = stream_checked(stream, self);
    try {
      val ca = mmap_fd(t, a[0], len, prot, flags, s->fd(), offset, addr);
      s->close();
      return ca;
    } catch (...) {
      s->close();
      throw;
    }
  }
  errorf(s_type_error, "mmap: unsupported map source object ~s", source);
}

CArray *mapped_checked(val v, const char *self) {
  if (!is(v, T::CArray) || carray_of(v)->owner != Owner::Mapped)
    errorf(s_type_error, "~a: ~s isn't a mmapped carray", self, v);
  return carray_of(v);
}

CArray *open_mapping(val v, const char *self) {
  CArray *c = mapped_checked(v, self);
  if (!c->map->is_open()) storage_gone_error(c, self);
  return c;
}

static val bi_munmap(const Args &a) { return boolv(release_mapping(mapped_checked(a[0], a.name()))); }

// Offset/size defaults and range checks shared by every operation on a
// sub-range of a mapping (TXR's rules and messages).
void mapping_range(CArray *c, val ca, val offset, val size, const char *self, size_t *off_out, size_t *sz_out) {
  size_t len = c->map->length();
  size_t off = missing(offset) ? 0 : size_t(c_uint64(offset, self));
  size_t sz = missing(size) ? (missing(offset) ? len : len - std::min(off, len)) : size_t(c_uint64(size, self));
  switch (check_range(len, off, sz)) {
    case range_check::offset_beyond:
      errorf(s_error, "~a: ~s: offset ~a lies beyond ~a byte mapping", self, ca, mkuint(off), mkuint(len));
    case range_check::wraps:
      errorf(s_error, "~a: ~s: size ~a from offset ~a wraps around", self, ca, mkuint(sz), mkuint(off));
    case range_check::extends_beyond:
      errorf(s_error, "~a: ~s: size ~a from offset ~a extends beyond ~a byte mapping", self, ca, mkuint(sz),
             mkuint(off), mkuint(len));
    case range_check::ok: break;
  }
  *off_out = off;
  *sz_out = sz;
}

[[noreturn]] void mapping_op_failed(val ca, const char *self, int eno) {
  errorf(s_system_error, "~a: ~s: ~a failed: ~a/~s", self, ca, self, mkfix(eno), strerror(eno));
}

static val mmap_op(const Args &a, const char *self, map_status (map_handle::*op)(size_t, size_t, int)) {
  CArray *c = open_mapping(a[0], self);
  int arg = c_int(a[1], self);
  size_t off, sz;
  mapping_range(c, a[0], a[2], a[3], self, &off, &sz);
  map_status st = (c->map->*op)(off, sz, arg);
  if (!st.ok()) mapping_op_failed(a[0], self, st.error);
  return s_t;
}

static val bi_mprotect(const Args &a) { return mmap_op(a, a.name(), &map_handle::protect); }
static val bi_madvise(const Args &a) { return mmap_op(a, a.name(), &map_handle::advise); }
static val bi_msync(const Args &a) { return mmap_op(a, a.name(), &map_handle::sync); }

// (sys:mmap-stats) -> (live-mappings live-bytes peak-mappings)
static val bi_mmap_stats(const Args &) { return list({mkuint(live_maps), mkuint(live_bytes), mkuint(peak_maps)}); }

// ---- variables ---------------------------------------------------------------------------

#define FLAG(name, macro) \
  { name, macro }
#ifndef MAP_GROWSDOWN
#define MAP_GROWSDOWN 0
#endif
#ifndef MAP_LOCKED
#define MAP_LOCKED 0
#endif
#ifndef MAP_NORESERVE
#define MAP_NORESERVE 0
#endif
#ifndef MAP_POPULATE
#define MAP_POPULATE 0
#endif
#ifndef MAP_NONBLOCK
#define MAP_NONBLOCK 0
#endif
#ifndef MAP_STACK
#define MAP_STACK 0
#endif
#ifndef MAP_HUGETLB
#define MAP_HUGETLB 0
#endif
#ifndef MAP_HUGE_SHIFT
#define MAP_HUGE_SHIFT 0
#endif
#ifndef MAP_HUGE_MASK
#define MAP_HUGE_MASK 0
#endif
#if !defined MAP_ANON && defined MAP_ANONYMOUS
#define MAP_ANON MAP_ANONYMOUS
#endif
#ifndef PROT_GROWSDOWN
#define PROT_GROWSDOWN 0
#endif
#ifndef PROT_GROWSUP
#define PROT_GROWSUP 0
#endif
#ifndef MADV_FREE
#define MADV_FREE 0
#endif
#ifndef MADV_REMOVE
#define MADV_REMOVE 0
#endif
#ifndef MADV_DONTFORK
#define MADV_DONTFORK 0
#endif
#ifndef MADV_DOFORK
#define MADV_DOFORK 0
#endif
#ifndef MADV_MERGEABLE
#define MADV_MERGEABLE 0
#endif
#ifndef MADV_UNMERGEABLE
#define MADV_UNMERGEABLE 0
#endif
#ifndef MADV_HUGEPAGE
#define MADV_HUGEPAGE 0
#endif
#ifndef MADV_NOHUGEPAGE
#define MADV_NOHUGEPAGE 0
#endif
#ifndef MADV_DONTDUMP
#define MADV_DONTDUMP 0
#endif
#ifndef MADV_DODUMP
#define MADV_DODUMP 0
#endif
#ifndef MADV_WIPEONFORK
#define MADV_WIPEONFORK 0
#endif
#ifndef MADV_KEEPONFORK
#define MADV_KEEPONFORK 0
#endif
#ifndef MADV_HWPOISON
#define MADV_HWPOISON 0
#endif

static const struct {
  const char *name;
  long value;
} flag_vars[] = {
    FLAG("map-growsdown", MAP_GROWSDOWN),
    FLAG("map-locked", MAP_LOCKED),
    FLAG("map-noreserve", MAP_NORESERVE),
    FLAG("map-populate", MAP_POPULATE),
    FLAG("map-nonblock", MAP_NONBLOCK),
    FLAG("map-stack", MAP_STACK),
    FLAG("map-hugetlb", MAP_HUGETLB),
    FLAG("map-shared", MAP_SHARED),
    FLAG("map-private", MAP_PRIVATE),
    FLAG("map-fixed", MAP_FIXED),
    FLAG("map-anon", MAP_ANON),
    FLAG("map-huge-shift", MAP_HUGE_SHIFT),
    FLAG("map-huge-mask", MAP_HUGE_MASK),
    FLAG("prot-read", PROT_READ),
    FLAG("prot-write", PROT_WRITE),
    FLAG("prot-exec", PROT_EXEC),
    FLAG("prot-none", PROT_NONE),
    FLAG("prot-growsdown", PROT_GROWSDOWN),
    FLAG("prot-growsup", PROT_GROWSUP),
    FLAG("madv-normal", MADV_NORMAL),
    FLAG("madv-random", MADV_RANDOM),
    FLAG("madv-sequential", MADV_SEQUENTIAL),
    FLAG("madv-willneed", MADV_WILLNEED),
    FLAG("madv-dontneed", MADV_DONTNEED),
    FLAG("madv-free", MADV_FREE),
    FLAG("madv-remove", MADV_REMOVE),
    FLAG("madv-dontfork", MADV_DONTFORK),
    FLAG("madv-dofork", MADV_DOFORK),
    FLAG("madv-mergeable", MADV_MERGEABLE),
    FLAG("madv-unmergeable", MADV_UNMERGEABLE),
    FLAG("madv-hugepage", MADV_HUGEPAGE),
    FLAG("madv-nohugepage", MADV_NOHUGEPAGE),
    FLAG("madv-dontdump", MADV_DONTDUMP),
    FLAG("madv-dodump", MADV_DODUMP),
    FLAG("madv-wipeonfork", MADV_WIPEONFORK),
    FLAG("madv-keeponfork", MADV_KEEPONFORK),
    FLAG("madv-hwpoison", MADV_HWPOISON),
    FLAG("ms-async", MS_ASYNC),
    FLAG("ms-sync", MS_SYNC),
    FLAG("ms-invalidate", MS_INVALIDATE),
};

static const BuiltinDef mmap_builtins[] = {
    {"mmap", 4, 3, false, bi_mmap},         {"munmap", 1, 0, false, bi_munmap},
    {"mprotect", 2, 2, false, bi_mprotect}, {"madvise", 2, 2, false, bi_madvise},
    {"msync", 2, 2, false, bi_msync},       {"sys:mmap-stats", 0, 0, false, bi_mmap_stats},
};

void init_mmap() {
  install_fault_handler();
  for (auto &f : flag_vars) defvar_builtin(f.name, mkint(f.value), false);
  defvar_builtin("page-size", mkuint(map_handle::page_size()), false);
  register_builtins(mmap_builtins);
}

}  // namespace tine
