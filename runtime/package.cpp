// Packages (see package.hpp) and their functions: make-package,
// find-package, intern, unintern, find-symbol, use-sym, use-package ...
#include "package.hpp"

#include <cstring>

namespace tine {

val pkg_usr, pkg_sys, pkg_keyword, cur_package_sym;
static val package_alist_sym;  // *package-alist*

// ---- the symbol table ------------------------------------------------------------

static uint64_t name_hash(std::u32string_view n) {
  uint64_t h = 1469598103934665603ull;
  for (char32_t c : n) h = (h ^ c) * 1099511628211ull;
  return h;
}

static uint64_t name_hash(const char *ascii, size_t len) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < len; ++i) h = (h ^ uint8_t(ascii[i])) * 1099511628211ull;
  return h;
}

static bool same_name(val s, std::u32string_view n) { return sv(s) == n; }

static bool same_name(val s, const char *ascii, size_t len) {
  Str *p = str_of(s);
  if (p->len != len) return false;
  for (size_t i = 0; i < len; ++i)
    if (p->data[i] != char32_t(uint8_t(ascii[i]))) return false;
  return true;
}

// The slot of name in t: its entry, or the empty slot where it would go.
template <class... K>
static uint32_t table_slot(const SymTable &t, uint64_t h, const K &...key) {
  uint32_t mask = t.cap - 1, i = uint32_t(h) & mask;
  while (t.slots[2 * i] && !same_name(t.slots[2 * i], key...)) i = (i + 1) & mask;
  return i;
}

static void table_init(SymTable &t, uint32_t cap) {
  t.cap = cap;
  t.count = 0;
  t.slots = static_cast<val *>(gc_scanned(sizeof(val) * 2 * cap));
  memset(t.slots, 0, sizeof(val) * 2 * cap);
}

static void table_put(SymTable &t, val name, val s);

static void table_grow(SymTable &t) {
  SymTable old = t;
  table_init(t, old.cap ? old.cap * 2 : 64);
  for (uint32_t i = 0; i < old.cap; ++i)
    if (old.slots[2 * i]) table_put(t, old.slots[2 * i], old.slots[2 * i + 1]);
}

static void table_put(SymTable &t, val name, val s) {
  if ((t.count + 1) * 4 > t.cap * 3) table_grow(t);
  uint32_t i = table_slot(t, name_hash(sv(name)), sv(name));
  if (!t.slots[2 * i]) ++t.count;
  t.slots[2 * i] = name;
  t.slots[2 * i + 1] = s;
}

template <class... K>
static val table_get(const SymTable &t, uint64_t h, const K &...key) {
  if (!t.cap) return UNBOUND;
  uint32_t i = table_slot(t, h, key...);
  return t.slots[2 * i] ? t.slots[2 * i + 1] : UNBOUND;
}

// Removal with backward-shift, so that probe sequences stay unbroken.
static void table_remove(SymTable &t, std::u32string_view name) {
  if (!t.cap) return;
  uint32_t mask = t.cap - 1, i = table_slot(t, name_hash(name), name);
  if (!t.slots[2 * i]) return;
  t.slots[2 * i] = t.slots[2 * i + 1] = nullptr;
  --t.count;
  for (uint32_t j = (i + 1) & mask; t.slots[2 * j]; j = (j + 1) & mask) {
    val n = t.slots[2 * j], s = t.slots[2 * j + 1];
    t.slots[2 * j] = t.slots[2 * j + 1] = nullptr;
    --t.count;
    table_put(t, n, s);
  }
}

// ---- packages --------------------------------------------------------------------------

bool packagep(val v) { return is(v, T::Pkg); }

static val alist_find(val name) {
  for (val l = sym(package_alist_sym)->value; consp(l); l = cdr(l))
    if (consp(car(l)) && stringp(car(car(l))) && sv(car(car(l))) == sv(name)) return cdr(car(l));
  return nullptr;
}

static val new_package(val name, uint32_t cap = 64) {
  Package *p = gc_obj<Package>(T::Pkg);
  p->name = name;
  table_init(p->syms, cap);
  return p;
}

val make_package(val name) {
  val p = new_package(name);
  sym(package_alist_sym)->value = cons(cons(name, p), sym(package_alist_sym)->value);
  return p;
}

val find_package(val name) {
  if (packagep(name)) return name;
  if (is(name, T::Sym) && name) name = sym(name)->name;
  if (!stringp(name)) return nullptr;
  return alist_find(name);
}

val current_package() {
  val p = sym(cur_package_sym)->value;
  if (!packagep(p)) errorf(s_error, "*package* holds ~s, not a package", p);
  return p;
}

val pkg_find(val pkg, std::u32string_view name) {
  if (pkg == pkg_usr && name == U"nil") return nullptr;
  return table_get(pkg_of(pkg)->syms, name_hash(name), name);
}

static val new_symbol(val name, val pkg) {
  val s = make_sym(name);
  sym(s)->package = pkg;
  if (pkg == pkg_keyword) {
    sym(s)->value = s;
    sym(s)->constant = 1;
  }
  table_put(pkg_of(pkg)->syms, name, s);
  return s;
}

val intern(std::u32string_view name, val pkg) {
  if (!pkg) pkg = pkg_usr;
  val s = pkg_find(pkg, name);
  return s != UNBOUND ? s : new_symbol(mkstr(name), pkg);
}

// C++ callers intern ASCII names at start-up: no decoding for a hit.
val intern(const char *utf8name, val pkg) {
  if (!pkg) pkg = pkg_usr;
  size_t len = strlen(utf8name);
  bool ascii = true;
  for (size_t i = 0; i < len && ascii; ++i) ascii = uint8_t(utf8name[i]) < 0x80;
  if (!ascii) return intern(utf8_decode(utf8name), pkg);
  if (pkg == pkg_usr && len == 3 && !memcmp(utf8name, "nil", 3)) return nullptr;
  val s = table_get(pkg_of(pkg)->syms, name_hash(utf8name, len), utf8name, len);
  return s != UNBOUND ? s : new_symbol(mkstr_utf8(utf8name), pkg);
}

val intern_sys(const char *utf8name) { return intern(utf8name, pkg_sys); }
val keyword(const char *utf8name) { return intern(utf8name, pkg_keyword); }

val intern_fallback(std::u32string_view name) {
  val pkg = current_package();
  val s = pkg_find(pkg, name);
  if (s != UNBOUND) return s;
  for (val l = pkg_of(pkg)->fallback; consp(l); l = cdr(l))
    if (packagep(car(l)) && (s = pkg_find(car(l), name)) != UNBOUND) return s;
  return new_symbol(mkstr(name), pkg);
}

bool symbol_visible(val s) {
  val pkg = sym(cur_package_sym)->value;
  if (!packagep(pkg)) return false;
  std::u32string_view name = sv(sym(s)->name);
  val f = pkg_find(pkg, name);
  if (f != UNBOUND) return f == s;
  for (val l = pkg_of(pkg)->fallback; consp(l); l = cdr(l))
    if (packagep(car(l)) && (f = pkg_find(car(l), name)) != UNBOUND) return f == s;
  return false;
}

// ---- moving symbols between packages ----------------------------------------------------

// Brings s into pkg under name: an existing foreign symbol of that name
// leaves; an existing local one is hidden (and loses its home).
static void use_sym_as(val s, val pkg, val name) {
  Package *p = pkg_of(pkg);
  val old = pkg_find(pkg, sv(name));
  if (old == s) return;
  if (old != UNBOUND && old && sym(old)->package == pkg) {
    table_put(p->hidden, name, old);
    sym(old)->package = nullptr;
  }
  table_put(p->syms, name, s);
}

// Removes the foreign symbol s from pkg, under its own name or, failing
// that, under the name use-sym-as gave it.  Returns the hidden symbol
// brought back, s itself when there is none, nil when s is not in pkg.
static val unuse_sym_in(val s, val pkg, const char *self) {
  Package *p = pkg_of(pkg);
  if (sym(s)->package == pkg) errorf(s_error, "~a: ~s is a local symbol of ~s", self, s, pkg);
  val name = sym(s)->name;
  if (pkg_find(pkg, sv(name)) != s) {
    name = nullptr;
    each_package_symbol(pkg, [&](val n, val found) {
      if (found == s && !name) name = n;
    });
    if (!name) return nullptr;
  }
  std::u32string_view nm = sv(name);
  table_remove(p->syms, nm);
  val hid = table_get(p->hidden, name_hash(nm), nm);
  if (hid == UNBOUND) return s;
  table_remove(p->hidden, nm);
  table_put(p->syms, sym(hid)->name, hid);
  sym(hid)->package = pkg;
  return hid;
}

static void unintern_from(val s, val pkg) {
  Package *p = pkg_of(pkg);
  std::u32string_view name = sv(sym(s)->name);
  if (pkg_find(pkg, name) == s) {
    table_remove(p->syms, name);
    val hid = table_get(p->hidden, name_hash(name), name);
    if (hid != UNBOUND) {
      table_remove(p->hidden, name);
      table_put(p->syms, sym(hid)->name, hid);
      sym(hid)->package = pkg;
    }
  }
  if (sym(s)->package == pkg) sym(s)->package = nullptr;
}

// ---- builtins ------------------------------------------------------------------------

static val pkg_arg(val p, const char *self) {
  if (missing(p) || !p) return current_package();
  if (packagep(p)) return p;
  if (stringp(p) || (is(p, T::Sym) && p)) {
    if (val pk = find_package(p)) return pk;
    errorf(s_error, "~a: no such package ~s", self, p);
  }
  type_err(self, p, "a package");
}

static val sym_arg(val s, const char *self) {
  if (!is(s, T::Sym) || !s) type_err(self, s, "a symbol");
  return s;
}

static val bi_make_package(const Args &a) {
  val name = str_checked(a[0], a.name());
  if (find_package(name)) errorf(s_error, "~a: a package named ~s already exists", a.name(), name);
  val p = make_package(mkstr(sv(name)));
  if (!missing(a[1])) {
    val fb = nullptr;
    for (val l = a[1]; consp(l); l = cdr(l)) fb = cons(pkg_arg(car(l), a.name()), fb);
    pkg_of(p)->fallback = nreverse(fb);
  }
  return p;
}

static val delete_package(val pkg, const char *self) {
  val out = nullptr;
  for (val l = sym(package_alist_sym)->value; consp(l); l = cdr(l))
    if (!consp(car(l)) || cdr(car(l)) != pkg) out = cons(car(l), out);
  sym(package_alist_sym)->value = nreverse(out);
  // Its symbols are uninterned from every other package too.
  each_package_symbol(pkg, [&](val, val s) {
    if (!s || sym(s)->package != pkg) return;
    for (val l = sym(package_alist_sym)->value; consp(l); l = cdr(l))
      if (consp(car(l)) && packagep(cdr(car(l)))) unintern_from(s, cdr(car(l)));
  });
  return pkg;
}

static val bi_delete_package(const Args &a) {
  val pkg = pkg_arg(a[0], a.name());
  each_package_symbol(pkg, [&](val, val s) {
    if (s && sym(s)->package == pkg) sym(s)->package = nullptr;
  });
  return delete_package(pkg, a.name());
}

// (merge-delete-package pkg [dest]): pkg's local symbols move to dest.
static val bi_merge_delete_package(const Args &a) {
  val pkg = pkg_arg(a[0], a.name());
  val dest = missing(a[1]) ? current_package() : pkg_arg(a[1], a.name());
  each_package_symbol(pkg, [&](val name, val s) {
    if (s && sym(s)->package == pkg) {
      sym(s)->package = dest;
      use_sym_as(s, dest, name);
    }
  });
  return delete_package(pkg, a.name());
}

static val bi_packagep(const Args &a) { return boolv(packagep(a[0])); }

static val bi_find_package(const Args &a) {
  if (!stringp(a[0]) && !(is(a[0], T::Sym) && a[0])) type_err(a.name(), a[0], "a string or symbol");
  return find_package(a[0]);
}

static val bi_package_alist(const Args &) { return sym(package_alist_sym)->value; }

static val bi_package_name(const Args &a) {
  if (!packagep(a[0])) type_err(a.name(), a[0], "a package");
  return pkg_of(a[0])->name;
}

static val package_symbols(val pkg, int which) {  // 0 all, 1 local, 2 foreign
  val out = nullptr;
  each_package_symbol(pkg, [&](val, val s) {
    bool local = s && sym(s)->package == pkg;
    if (which == 0 || (which == 1) == local) out = cons(s, out);
  });
  return out;
}

static val bi_package_symbols(const Args &a) { return package_symbols(pkg_arg(a[0], a.name()), 0); }
static val bi_package_local_symbols(const Args &a) { return package_symbols(pkg_arg(a[0], a.name()), 1); }
static val bi_package_foreign_symbols(const Args &a) { return package_symbols(pkg_arg(a[0], a.name()), 2); }

static val bi_package_fallback_list(const Args &a) { return pkg_of(pkg_arg(a[0], a.name()))->fallback; }

static val bi_set_package_fallback_list(const Args &a) {
  val pkg = pkg_arg(a[0], a.name());
  val fb = nullptr;
  for (val l = a[1]; l; l = cdr(l)) {
    if (!consp(l)) type_err(a.name(), a[1], "a list of packages");
    fb = cons(pkg_arg(car(l), a.name()), fb);
  }
  pkg_of(pkg)->fallback = nreverse(fb);
  return a[1];
}

static val bi_intern(const Args &a) { return intern(sv(str_checked(a[0], a.name())), pkg_arg(a[1], a.name())); }

static val bi_intern_fb(const Args &a) {
  val name = str_checked(a[0], a.name());
  val pkg = pkg_arg(a[1], a.name());
  val s = pkg_find(pkg, sv(name));
  if (s != UNBOUND) return s;
  for (val l = pkg_of(pkg)->fallback; consp(l); l = cdr(l))
    if ((s = pkg_find(car(l), sv(name))) != UNBOUND) return s;
  return intern(sv(name), pkg);
}

static val bi_find_symbol(const Args &a) {
  val name = str_checked(a[0], a.name());
  val s = pkg_find(pkg_arg(a[1], a.name()), sv(name));
  return s != UNBOUND ? s : (missing(a[2]) ? nullptr : a[2]);
}

static val bi_find_symbol_fb(const Args &a) {
  val name = str_checked(a[0], a.name());
  val pkg = pkg_arg(a[1], a.name());
  val s = pkg_find(pkg, sv(name));
  for (val l = pkg_of(pkg)->fallback; s == UNBOUND && consp(l); l = cdr(l)) s = pkg_find(car(l), sv(name));
  return s != UNBOUND ? s : (missing(a[2]) ? nullptr : a[2]);
}

static val bi_unintern(const Args &a) {
  val s = sym_arg(a[0], a.name());
  val pkg = pkg_arg(a[1], a.name());
  unintern_from(s, pkg);
  return s;
}

// (rehome-sym sym [pkg]): sym becomes a local symbol of pkg.
static val bi_rehome_sym(const Args &a) {
  val s = sym_arg(a[0], a.name());
  val pkg = pkg_arg(a[1], a.name());
  if (sym(s)->package) unintern_from(s, sym(s)->package);
  use_sym_as(s, pkg, sym(s)->name);
  sym(s)->package = pkg;
  return s;
}

static val bi_use_sym(const Args &a) {
  val s = sym_arg(a[0], a.name());
  use_sym_as(s, pkg_arg(a[1], a.name()), sym(s)->name);
  return s;
}

static val bi_use_sym_as(const Args &a) {
  val s = sym_arg(a[0], a.name());
  val name = is(a[1], T::Sym) && a[1] ? sym(a[1])->name : str_checked(a[1], a.name());
  use_sym_as(s, pkg_arg(a[2], a.name()), mkstr(sv(name)));
  return s;
}

static val bi_unuse_sym(const Args &a) {
  return unuse_sym_in(sym_arg(a[0], a.name()), pkg_arg(a[1], a.name()), a.name());
}

static val packages_arg(val v, const char *self) { return consp(v) ? v : cons(v, nullptr); }

static val bi_use_package(const Args &a) {
  val into = pkg_arg(a[1], a.name());
  for (val l = packages_arg(a[0], a.name()); consp(l); l = cdr(l)) {
    val from = pkg_arg(car(l), a.name());
    if (from == pkg_keyword) errorf(s_error, "~a: keyword package cannot be used", a.name());
    each_package_symbol(from, [&](val, val s) {
      if (s && sym(s)->package == from) use_sym_as(s, into, sym(s)->name);
    });
  }
  return nullptr;
}

static val bi_unuse_package(const Args &a) {
  val into = pkg_arg(a[1], a.name());
  for (val l = packages_arg(a[0], a.name()); consp(l); l = cdr(l)) {
    val from = pkg_arg(car(l), a.name());
    each_package_symbol(from, [&](val, val s) {
      if (s && sym(s)->package == from && sym(s)->package != into) unuse_sym_in(s, into, a.name());
    });
  }
  return nullptr;
}

static const BuiltinDef package_builtins[] = {
    {"make-package", 1, 1, false, bi_make_package},
    {"delete-package", 1, 0, false, bi_delete_package},
    {"merge-delete-package", 1, 1, false, bi_merge_delete_package},
    {"packagep", 1, 0, false, bi_packagep},
    {"find-package", 1, 0, false, bi_find_package},
    {"package-alist", 0, 0, false, bi_package_alist},
    {"package-name", 1, 0, false, bi_package_name},
    {"package-symbols", 0, 1, false, bi_package_symbols},
    {"package-local-symbols", 0, 1, false, bi_package_local_symbols},
    {"package-foreign-symbols", 0, 1, false, bi_package_foreign_symbols},
    {"package-fallback-list", 1, 0, false, bi_package_fallback_list},
    {"set-package-fallback-list", 2, 0, false, bi_set_package_fallback_list},
    {"intern", 1, 1, false, bi_intern},
    {"intern-fb", 1, 1, false, bi_intern_fb},
    {"find-symbol", 1, 2, false, bi_find_symbol},
    {"find-symbol-fb", 1, 2, false, bi_find_symbol_fb},
    {"unintern", 1, 1, false, bi_unintern},
    {"rehome-sym", 1, 1, false, bi_rehome_sym},
    {"use-sym", 1, 1, false, bi_use_sym},
    {"use-sym-as", 2, 1, false, bi_use_sym_as},
    {"unuse-sym", 1, 1, false, bi_unuse_sym},
    {"use-package", 1, 1, false, bi_use_package},
    {"unuse-package", 1, 1, false, bi_unuse_package},
};

// The three standard packages exist before any symbol; *package-alist* is
// filled once its symbol can be made.
void init_packages_early() {
  // Sized for the runtime's own symbols (about 2300 and 300), so that
  // start-up does not rehash them.
  pkg_usr = new_package(mkstr_utf8("usr"), 4096);
  pkg_sys = new_package(mkstr_utf8("sys"), 512);
  pkg_keyword = new_package(mkstr_utf8("keyword"));
}

void init_packages() {
  package_alist_sym = intern("*package-alist*");
  sym(package_alist_sym)->special = 1;
  sym(package_alist_sym)->provided = 1;
  sym(package_alist_sym)->value = list(
      {cons(mkstr_utf8("usr"), pkg_usr), cons(mkstr_utf8("sys"), pkg_sys), cons(mkstr_utf8("keyword"), pkg_keyword)});
  register_builtins(package_builtins);
  // TXR reads programs into pub, a package falling back on usr.  tine
  // reads them into usr itself: the stdlib is loaded on demand, and a name
  // read before its module loads must be the very symbol the module uses.
  // pub exists, for programs that name it.
  val pub = make_package(mkstr_utf8("pub"));
  pkg_of(pub)->fallback = list({pkg_usr});
  defvar_builtin("*package*", pkg_usr);
  cur_package_sym = intern("*package*");
  defvar_builtin("user-package", pkg_usr, false);
  defvar_builtin("system-package", pkg_sys, false);
  defvar_builtin("keyword-package", pkg_keyword, false);
}

}  // namespace tine
