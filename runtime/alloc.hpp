// Allocation on the Boehm-collected heap.
#pragma once
#include <gc/gc.h>
#include <new>
#include <utility>

#include "value.hpp"

namespace tine {

// An object whose fields may hold values: scanned by the collector.
template <class X>
X *gc_obj(T type) {
  X *p = static_cast<X *>(GC_MALLOC(sizeof(X)));
  if (!p) throw std::bad_alloc();
  p->type = type;
  return p;
}

// Pointer-free payload (characters, bytes, limbs): not scanned.
inline void *gc_atomic(size_t bytes) {
  void *p = GC_MALLOC_ATOMIC(bytes ? bytes : 1);
  if (!p) throw std::bad_alloc();
  return p;
}

inline void *gc_scanned(size_t bytes) {
  void *p = GC_MALLOC(bytes ? bytes : 1);
  if (!p) throw std::bad_alloc();
  return p;
}

// Placement-construct a C++ object (e.g. an evaluator node) on the scanned
// heap.  Such objects are never destroyed: they must not own malloc memory.
template <class X, class... A>
X *gc_new(A &&...args) {
  return new (gc_scanned(sizeof(X))) X(std::forward<A>(args)...);
}

void gc_init();

}  // namespace tine

#include <gc/gc_allocator.h>
namespace tine {
// For C++ containers that hold values: the collector scans their storage.
using gc_allocator_val = gc_allocator<val>;
}  // namespace tine
