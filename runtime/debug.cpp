// Debugging and profiling support: source-loc, source-loc-str, and the
// measurements behind prof.
#include <gc/gc.h>
#include <time.h>

#include "compiler.hpp"
#include "lisp.hpp"

namespace tine {

// (line . file) of a form read from source text, or nil.
static val source_loc(val form) {
  if (!consp(form) || !line_of_cons(form)) return nullptr;
  val file = current_source_file();
  return cons(mkfix(line_of_cons(form)), file ? file : mkstr_utf8("-"));
}

static val bi_source_loc(const Args &a) { return source_loc(a[0]); }

// "file:line", else the alternative, else a note that there is none.
static val bi_source_loc_str(const Args &a) {
  val loc = source_loc(a[0]);
  if (!loc) return missing(a[1]) ? mkstr_utf8("source location n/a") : a[1];
  std::string s = utf8(cdr(loc)) + ":" + std::to_string(fixval(car(loc)));
  return mkstr_utf8(s);
}

static double cpu_msec() {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

// (sys:prof-call thunk): prof's work, (value malloc-bytes gc-bytes msec).
// tine allocates its objects from the collector; memory taken with malloc
// by libraries is not seen, so malloc-bytes is always 0.
static val bi_prof_call(const Args &a) {
  size_t gc0 = GC_get_total_bytes();
  double t0 = cpu_msec();
  val v = funcall(a[0], nullptr, 0);
  double t1 = cpu_msec();
  size_t gc1 = GC_get_total_bytes();
  return list({v, mkfix(0), mkfix(intptr_t(gc1 - gc0)), mkfix(intptr_t(t1 - t0))});
}

static const BuiltinDef debug_builtins[] = {
    {"source-loc", 1, 0, false, bi_source_loc},
    {"source-loc-str", 1, 1, false, bi_source_loc_str},
    {"sys:prof-call", 1, 0, false, bi_prof_call},
};

void init_debug() { register_builtins(debug_builtins); }

}  // namespace tine
