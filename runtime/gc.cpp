// Collector set-up: Boehm GC, with GMP's allocations on the collected heap.
#include <gmp.h>

#include <cstring>

#include "alloc.hpp"

namespace tine {

static void *gmp_alloc(size_t n) { return gc_atomic(n); }

static void *gmp_realloc(void *p, size_t old_size, size_t new_size) {
  void *q = gc_atomic(new_size);
  memcpy(q, p, old_size < new_size ? old_size : new_size);
  return q;
}

// The collector reclaims limbs; an explicit free would race with values that
// still share them in a partially built result.
static void gmp_free(void *, size_t) {}

void gc_init() {
  static bool done = false;
  if (done) return;
  done = true;
  GC_INIT();
  mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free);
}

}  // namespace tine
