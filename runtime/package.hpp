// Packages: named containers of symbols, TXR style (home packages, foreign
// symbols brought in with use-sym, hidden local symbols, fallback lists).
#pragma once
#include "lisp.hpp"

namespace tine {

// Name -> symbol, open addressing; names are compared by their characters,
// so a lookup allocates nothing.
struct SymTable {
  val *slots = nullptr;  // 2 * cap words: name string, symbol
  uint32_t cap = 0, count = 0;
};

struct Package : Pkg {
  SymTable syms;    // the visible symbols: local and foreign
  SymTable hidden;  // local symbols hidden by a foreign one of the same name
  val fallback;     // list of packages searched by the reader after this one
};

inline Package *pkg_of(val p) { return static_cast<Package *>(p); }
bool packagep(val v);
val make_package(val name);                       // registers it in *package-alist*
val current_package();                            // the value of *package*, checked
val pkg_find(val pkg, std::u32string_view name);  // the symbol, or UNBOUND
// Interns in the current package, or finds in its fallback list (the reader's
// rule for symbols written without a prefix).
val intern_fallback(std::u32string_view name);
// Each visible symbol of pkg; f(name, sym).
template <class F>
void each_package_symbol(val pkg, F &&f) {
  SymTable &t = pkg_of(pkg)->syms;
  for (uint32_t i = 0; i < t.cap; ++i)
    if (t.slots[2 * i]) f(t.slots[2 * i], t.slots[2 * i + 1]);
}
// Is sym accessible without a prefix in *package* (or its fallback list)?
bool symbol_visible(val s);
void init_packages();

}  // namespace tine
