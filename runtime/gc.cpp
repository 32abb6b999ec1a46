// Collector set-up: Boehm GC, with GMP's allocations on the collected heap.
#include "config.h"

#include <gmp.h>

#include <cstring>

#include "lisp.hpp"
#include "struct.hpp"

#ifdef TINE_SANITIZERS
// LeakSanitizer cannot see the collected heap, so malloc memory owned by
// collected objects and freed by their finalizers (carray-vec storage,
// library handles) would all be reported as leaked at exit.
extern "C" const char *__lsan_default_options() { return "detect_leaks=0"; }
#endif

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

void *small_lists[kSmallLists];

void *refill_small_list(size_t granules) {
  void *batch = GC_malloc_many(granules * kGranule);
  if (!batch) throw std::bad_alloc();
  return small_lists[granules] = batch;
}

void gc_init() {
  static bool done = false;
  if (done) return;
  done = true;
  GC_INIT();
  // By default the collector runs after every few hundred KiB while the heap
  // is small: scripts that make many short-lived objects (views, strings)
  // then spend a quarter of their time marking.  Let some MiB go by first.
  GC_set_min_bytes_allocd(size_t(4) << 20);
  mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free);
}

// (sys:gc [full]): collect now.  Boehm's collections are always full ones.
// The finalizers of objects found unreachable run before it returns.
static val bi_gc(const Args &) {
  GC_gcollect();
  GC_invoke_finalizers();
  run_pending_finalizers();
  return s_t;
}

static const BuiltinDef gc_builtins[] = {
    {"sys:gc", 0, 1, false, bi_gc},
};

void init_gc() { register_builtins(gc_builtins); }

}  // namespace tine
