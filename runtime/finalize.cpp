// Finalizers: Lisp functions registered against an object (finalize), run
// when the collector finds the object unreachable, or earlier by
// call-finalizers.  As in TXR, registrations form one global list: a
// reverse-order registration goes to its front, others to its back, and the
// finalizers that become due together run in list order.
//
// The collector only tells us that an object died (a Boehm finalizer, which
// may fire inside any allocation); it queues the object and the Lisp
// functions run at a safe point: sys:gc, call-finalizers, or the next struct
// allocation.
#include <vector>

#include "runtime/struct.hpp"

namespace tine {

struct FinEntry;

// An object with registrations.  Boehm's finalizer on the object carries it.
struct FinObj {
  GC_hidden_pointer hidden;     // the object, invisible to the collector
  val obj;                      // the object itself once found dead (keeps it alive)
  GC_finalization_proc old_fn;  // a finalizer the object had before ours
  void *old_cd;
  FinEntry *first, *last;  // its registrations, in global list order
  FinObj *next_dead;
  bool dead, registered;
};

struct FinEntry {
  FinEntry *prev, *next;  // the global list
  FinEntry *next_same;    // the next registration of the same object
  FinObj *fo;
  val fn;
};

static FinEntry *fin_head, *fin_tail;
static FinObj *dead_objs;  // found dead by the collector, not yet run
bool finalizers_pending;

static void on_collect(void *obj, void *cd) {
  FinObj *fo = static_cast<FinObj *>(cd);
  fo->obj = static_cast<val>(obj);
  fo->dead = true;
  fo->registered = false;
  fo->next_dead = dead_objs;
  dead_objs = fo;
  finalizers_pending = true;
  // Our registration replaced the object's own finalizer: give it back.
  if (fo->old_fn) GC_register_finalizer_no_order(obj, fo->old_fn, fo->old_cd, nullptr, nullptr);
  fo->old_fn = nullptr;
}

static bool collectable(val obj) { return is_ptr(obj) && GC_base(obj) == static_cast<void *>(obj); }

// The record of obj's registrations, or nullptr.
static FinObj *find_finobj(val obj) {
  if (collectable(obj)) {
    GC_finalization_proc ofn;
    void *ocd;
    GC_register_finalizer_no_order(obj, nullptr, nullptr, &ofn, &ocd);
    if (ofn) GC_register_finalizer_no_order(obj, ofn, ocd, nullptr, nullptr);
    if (ofn == on_collect) return static_cast<FinObj *>(ocd);
  }
  for (FinObj *fo = dead_objs; fo; fo = fo->next_dead)
    if (fo->obj == obj && fo->first) return fo;
  // Objects outside the collected heap: look through the registrations.
  for (FinEntry *e = fin_head; e; e = e->next)
    if (e->fo->hidden == GC_HIDE_POINTER(obj) && !e->fo->registered) return e->fo;
  return nullptr;
}

static FinObj *new_finobj(val obj) {
  FinObj *fo = static_cast<FinObj *>(gc_scanned(sizeof(FinObj)));
  *fo = FinObj{};
  fo->hidden = GC_HIDE_POINTER(obj);
  if (collectable(obj)) {
    GC_register_finalizer_no_order(obj, on_collect, fo, &fo->old_fn, &fo->old_cd);
    fo->registered = true;
  }
  return fo;
}

val finalize(val obj, val fun, bool reverse) {
  if (!is_ptr(obj)) return obj;  // fixnums, characters, nil: never collected
  FinObj *fo = find_finobj(obj);
  if (!fo || fo->dead) fo = new_finobj(obj);
  FinEntry *e = static_cast<FinEntry *>(gc_scanned(sizeof(FinEntry)));
  *e = FinEntry{};
  e->fo = fo;
  e->fn = fun;
  if (reverse) {
    e->next = fin_head;
    if (fin_head) fin_head->prev = e;
    fin_head = e;
    if (!fin_tail) fin_tail = e;
    e->next_same = fo->first;
    fo->first = e;
    if (!fo->last) fo->last = e;
  } else {
    e->prev = fin_tail;
    if (fin_tail) fin_tail->next = e;
    fin_tail = e;
    if (!fin_head) fin_head = e;
    if (fo->last) fo->last->next_same = e;
    fo->last = e;
    if (!fo->first) fo->first = e;
  }
  return obj;
}

static void unlink(FinEntry *e) {
  (e->prev ? e->prev->next : fin_head) = e->next;
  (e->next ? e->next->prev : fin_tail) = e->prev;
  e->prev = e->next = nullptr;
}

// Take obj's registrations off the lists; the caller runs them.
static FinEntry *detach(FinObj *fo, val obj) {
  FinEntry *first = fo->first;
  for (FinEntry *e = first; e; e = e->next_same) unlink(e);
  fo->first = fo->last = nullptr;
  if (fo->registered) {
    GC_register_finalizer_no_order(obj, fo->old_fn, fo->old_cd, nullptr, nullptr);
    fo->registered = false;
    fo->old_fn = nullptr;
  }
  return first;
}

bool call_finalizers(val obj) {
  bool any = false;
  while (FinObj *fo = find_finobj(obj)) {
    FinEntry *e = detach(fo, obj);
    if (!e) break;
    for (; e; e = e->next_same) {
      any = true;
      funcall1(e->fn, obj);
    }
  }
  return any;
}

// Run, in global list order, the registrations of every object the collector
// found dead.  A finalizer that throws does not stop the others.
void run_pending_finalizers() {
  static bool running;
  if (running) return;
  running = true;
  std::vector<val, gc_allocator_val> due;  // function, object, function, object ...
  while (finalizers_pending) {
    finalizers_pending = false;
    dead_objs = nullptr;
    due.clear();
    for (FinEntry *e = fin_head, *next; e; e = next) {
      next = e->next;
      if (!e->fo->dead) continue;
      unlink(e);
      e->fo->first = e->fo->last = nullptr;
      due.push_back(e->fn);
      due.push_back(e->fo->obj);
    }
    for (size_t i = 0; i < due.size(); i += 2) {
      try {
        funcall1(due[i], due[i + 1]);
      } catch (...) {
        for (size_t k = i + 2; k < due.size(); k += 2) {
          try {
            funcall1(due[k], due[k + 1]);
          } catch (...) {
          }
        }
        running = false;
        throw;
      }
    }
  }
  running = false;
}

// ---- builtins ------------------------------------------------------------------------------

static val bi_finalize(const Args &a) {
  if (!functionp(a[1])) type_err(a.name(), a[1], "a function");
  return finalize(a[0], a[1], dflt(a[2], nullptr) != nullptr);
}
static val bi_call_finalizers(const Args &a) { return boolv(call_finalizers(a[0])); }

static const BuiltinDef finalize_builtins[] = {
    {"finalize", 2, 1, false, bi_finalize},
    {"call-finalizers", 1, 0, false, bi_call_finalizers},
};

void init_finalizers() { register_builtins(finalize_builtins); }

}  // namespace tine
