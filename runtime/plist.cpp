// Property lists: (indicator value indicator value ...), indicators
// compared with eq.  The keyword parameters of :key are read with memp.
#include "lisp.hpp"

namespace tine {

// The suffix of plist whose first element is key, stepping over values.
static val plist_find(val key, val plist, const char *self) {
  CycleCheck cycle(plist);
  for (val l = plist; l; cycle.step(l, self)) {
    if (!consp(l)) type_err(self, l, "a property list");
    if (car(l) == key) return l;
    l = cdr(l);
    if (!l) break;
    if (!consp(l)) type_err(self, l, "a property list");
    l = cdr(l);
  }
  return nullptr;
}

static val bi_memp(const Args &a) { return plist_find(a[0], a[1], a.name()); }

static val bi_prop(const Args &a) {
  val cell = plist_find(a[1], a[0], a.name());
  return consp(cell) && consp(cdr(cell)) ? car(cdr(cell)) : nullptr;
}

// Pairs of plist as conses; an indicator in bool_keys (improper plists)
// takes no value and pairs with t.
static val to_alist(val plist, val bool_keys, bool improper, const char *self) {
  val out = nullptr;
  CycleCheck cycle(plist);
  for (val l = plist; l; cycle.step(l, self)) {
    if (!consp(l)) type_err(self, l, "a property list");
    val key = car(l);
    l = cdr(l);
    bool flag = false;
    CycleCheck keys(bool_keys);
    for (val b = bool_keys; improper && consp(b); keys.step(b = cdr(b), self)) flag |= car(b) == key;
    if (flag) {
      out = cons(cons(key, s_t), out);
      continue;
    }
    if (l && !consp(l)) type_err(self, l, "a property list");
    out = cons(cons(key, consp(l) ? car(l) : nullptr), out);
    if (l) l = cdr(l);
  }
  return nreverse(out);
}

static val bi_plist_to_alist(const Args &a) { return to_alist(a[0], nullptr, false, a.name()); }
static val bi_improper_plist_to_alist(const Args &a) { return to_alist(a[0], a[1], true, a.name()); }

static const BuiltinDef plist_builtins[] = {
    {"memp", 2, 0, false, bi_memp},
    {"prop", 2, 0, false, bi_prop},
    {"plist-to-alist", 1, 0, false, bi_plist_to_alist},
    {"improper-plist-to-alist", 2, 0, false, bi_improper_plist_to_alist},
};

void init_plists() { register_builtins(plist_builtins); }

}  // namespace tine
