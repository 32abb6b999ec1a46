// Allocation on the Boehm-collected heap.
#pragma once
#include <gc/gc.h>
#include <new>
#include <utility>

#include "value.hpp"

namespace tine {

// Small scanned objects come from per-size lists that GC_malloc_many fills a
// batch at a time: one call into the collector per batch instead of one per
// object (its per-call path goes through thread-local lookups).  The lists
// are roots, so their objects stay reserved; the runtime is single-threaded.
constexpr size_t kGranule = 16;
constexpr size_t kSmallLists = 17;  // objects up to 256 bytes
extern void *small_lists[kSmallLists];
void *refill_small_list(size_t granules);

// A failed allocation: the catchable alloc-error "out of memory" (gc.cpp).
[[noreturn]] void out_of_memory();
// Larger than any heap can be: refused before the collector sees the size
// (so no size computation can wrap).
constexpr size_t kMaxAlloc = size_t(1) << 46;

inline void *gc_scanned(size_t bytes) {
  size_t g = (bytes + kGranule - 1) / kGranule;
  if (g > 0 && g < kSmallLists) {
    void *p = small_lists[g];
    if (!p) p = refill_small_list(g);
    small_lists[g] = GC_NEXT(p);
    GC_NEXT(p) = nullptr;
    return p;
  }
  if (bytes > kMaxAlloc) out_of_memory();
  void *p = GC_MALLOC(bytes ? bytes : 1);
  if (!p) out_of_memory();
  return p;
}

// An object whose fields may hold values: scanned by the collector.
template <class X>
X *gc_obj(T type) {
  X *p = static_cast<X *>(gc_scanned(sizeof(X)));
  p->type = type;
  return p;
}

// Pointer-free payload (characters, bytes, limbs): not scanned.
inline void *gc_atomic(size_t bytes) {
  if (bytes > kMaxAlloc) out_of_memory();
  void *p = GC_MALLOC_ATOMIC(bytes ? bytes : 1);
  if (!p) out_of_memory();
  return p;
}

// The bytes of an array of n elements of the given size, or out of memory
// when that cannot be.
inline size_t gc_array_bytes(size_t n, size_t elem) {
  if (n > kMaxAlloc / elem) out_of_memory();
  return n * elem;
}

// Placement-construct a C++ object (an evaluator node, a stream) on the
// scanned heap.  Its destructor runs only if a finalizer registered for it
// calls it (streams do, to close their descriptor); memory it owns must be
// collected memory too, or be released by that finalizer.
template <class X, class... A>
X *gc_new(A &&...args) {
  return new (gc_scanned(sizeof(X))) X(std::forward<A>(args)...);
}

void gc_init();

}  // namespace tine

#include <gc/gc_allocator.h>

#include <string>
namespace tine {
// For C++ containers that hold values: the collector scans their storage.
using gc_allocator_val = gc_allocator<val>;
// Text kept inside collected objects: its storage is collected with them,
// so no finalizer is needed to free it.
using gc_u32string = std::basic_string<char32_t, std::char_traits<char32_t>, gc_allocator<char32_t>>;
}  // namespace tine
