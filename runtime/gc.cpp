// Collector set-up: Boehm GC, with GMP's allocations on the collected heap.
#include "config.h"

#include <gc/gc_typed.h>
#include <gmp.h>

#include <cstring>

#include "lisp.hpp"
#include "number.hpp"
#include "syserr.hpp"
#include "struct.hpp"

#ifdef TINE_SANITIZERS
// LeakSanitizer cannot see the collected heap, so malloc memory owned by
// collected objects and freed by their finalizers (carray-vec storage,
// library handles) would all be reported as leaked at exit.
extern "C" __attribute__((visibility("default"))) const char *__lsan_default_options() { return "detect_leaks=0"; }
#endif

namespace tine {

void out_of_memory() { throw_error(s_alloc_error, mkstr_utf8("out of memory")); }

void check_result_bits(uint64_t bits, const char *self) {
  constexpr uint64_t kMaxBits = (uint64_t(INT32_MAX) - 64) * GMP_NUMB_BITS;
  if (bits > kMaxBits) errorf(s_alloc_error, "~a: out of memory: the result would have ~a bits", self, bits);
}

// GMP's memory.  Limbs hold no pointers, but GMP chains its large scratch
// blocks (TMP_ALLOC past ~64 KiB) through a pointer in each block's first
// word, with only the newest block referenced from the stack: were the
// blocks unscanned, a collection in the middle of a big division would free
// scratch still in use.  So every GMP block is allocated with a layout in
// which the first word, and only it, is scanned: the chain stays visible
// and a limb array costs the collector one word.
static GC_descr gmp_descr;
static unsigned gmp_stress, gmp_allocs;  // sys:gc-stress: collect every gmp_stress-th GMP allocation

static void *gmp_alloc(size_t n) {
  if (n > kMaxAlloc) out_of_memory();
  if (gmp_stress && ++gmp_allocs % gmp_stress == 0) GC_gcollect();
  void *p = GC_malloc_explicitly_typed(n < sizeof(GC_word) ? sizeof(GC_word) : n, gmp_descr);
  if (!p) out_of_memory();
  return p;
}

static void *gmp_realloc(void *p, size_t old_size, size_t new_size) {
  void *q = gmp_alloc(new_size);
  memcpy(q, p, old_size < new_size ? old_size : new_size);
  return q;
}

// The collector reclaims limbs; an explicit free would race with values that
// still share them in a partially built result.
static void gmp_free(void *, size_t) {}

void *small_lists[kSmallLists];

void *refill_small_list(size_t granules) {
  void *batch = GC_malloc_many(granules * kGranule);
  if (!batch) out_of_memory();
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
  // A failed allocation is an alloc-error, not a warning on stderr.
  GC_set_warn_proc(GC_ignore_warn_proc);
  GC_word first_word = 1;
  gmp_descr = GC_make_descriptor(&first_word, 1);
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

// (sys:gc-stress n): a full collection at every n-th allocation GMP makes
// (0: none), so tests can show that big-number arithmetic survives a
// collection at any moment.  Returns the previous setting.
static val bi_gc_stress(const Args &a) {
  val old = mkfix(gmp_stress);
  gmp_stress = unsigned(c_int_range(a[0], 0, UINT32_MAX, a.name()));
  gmp_allocs = 0;
  return old;
}

static const BuiltinDef gc_builtins[] = {
    {"sys:gc", 0, 1, false, bi_gc},
    {"sys:gc-stress", 1, 0, false, bi_gc_stress},
};

void init_gc() { register_builtins(gc_builtins); }

}  // namespace tine
