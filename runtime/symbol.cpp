// Symbols and packages: usr (the default), sys (internals), keyword.
#include "lisp.hpp"

namespace tine {

val UNBOUND;
val pkg_usr, pkg_sys, pkg_keyword, cur_package_sym;
static val nil_name;
static uint64_t gensym_counter;

static val make_package(const char *name) {
  Pkg *p = gc_obj<Pkg>(T::Pkg);
  p->name = mkstr_utf8(name);
  p->table = make_hash(HashKind::Equal);
  return p;
}

val make_sym(val name) {
  Sym *s = gc_obj<Sym>(T::Sym);
  s->name = name;
  s->value = UNBOUND;
  return s;
}

static val package_table(val pkg) { return static_cast<Pkg *>(pkg)->table; }

val find_symbol(val name, val pkg) {
  bool found = false;
  val s = gethash(package_table(pkg), name, &found);
  return found ? s : UNBOUND;
}

val intern(std::u32string_view name, val pkg) {
  if (!pkg) pkg = pkg_usr;
  if (pkg != pkg_keyword && name == U"nil") return nullptr;
  val key = mkstr(name);
  bool found = false;
  val s = gethash(package_table(pkg), key, &found);
  if (found) return s;
  s = make_sym(key);
  sym(s)->package = pkg;
  if (pkg == pkg_keyword) {
    sym(s)->value = s;
    sym(s)->constant = 1;
  }
  sethash(package_table(pkg), key, s);
  return s;
}

val intern(const char *utf8name, val pkg) { return intern(utf8_decode(utf8name), pkg); }
val intern_sys(const char *utf8name) { return intern(utf8name, pkg_sys); }
val keyword(const char *utf8name) { return intern(utf8name, pkg_keyword); }

bool keywordp(val v) { return is(v, T::Sym) && sym(v)->package == pkg_keyword; }

val gensym(val prefix) {
  std::u32string name = prefix ? std::u32string(sv(prefix)) : U"g";
  std::string num = std::to_string(++gensym_counter);
  while (num.size() < 4) num.insert(num.begin(), '0');
  for (char c : num) name.push_back(char32_t(c));
  return make_sym(mkstr(name));
}

val find_package(val name) {
  std::u32string_view n = sv(name);
  if (n == U"usr" || n == U"user") return pkg_usr;
  if (n == U"sys" || n == U"system") return pkg_sys;
  if (n == U"keyword" || n.empty()) return pkg_keyword;
  return nullptr;
}

val symbol_value(val s, const char *self) {
  if (!s) return nullptr;
  val v = global_value(s);
  if (v == UNBOUND) errorf(s_unbound_error, "~a: unbound variable ~s", self, s);
  return v;
}

static val sym_checked(val s, const char *self) {
  if (!symbolp(s)) type_err(self, s, "a symbol");
  return s;
}

static val bi_symbol_name(const Args &a) {
  val s = sym_checked(a[0], a.name());
  return s ? sym(s)->name : nil_name;
}

static val bi_symbol_package(const Args &a) {
  val s = sym_checked(a[0], a.name());
  return s ? sym(s)->package : pkg_usr;
}

static val pkg_arg(val p, const char *self) {
  if (missing(p) || !p) return pkg_usr;
  if (is(p, T::Pkg)) return p;
  if (stringp(p)) {
    val pk = find_package(p);
    if (pk) return pk;
    errorf(s_error, "~a: no such package ~s", self, p);
  }
  type_err(self, p, "a package");
}

static val bi_intern(const Args &a) {
  val name = str_checked(a[0], a.name());
  return intern(sv(name), pkg_arg(a[1], a.name()));
}

static val bi_make_sym(const Args &a) { return make_sym(mkstr(sv(str_checked(a[0], a.name())))); }

static val bi_gensym(const Args &a) { return gensym(missing(a[0]) ? nullptr : str_checked(a[0], a.name())); }

static val bi_symbolp(const Args &a) { return boolv(symbolp(a[0])); }
static val bi_keywordp(const Args &a) { return boolv(keywordp(a[0])); }
static val bi_bindable(const Args &a) {
  val s = a[0];
  return boolv(is(s, T::Sym) && !sym(s)->constant && s != s_t);
}

static val bi_special_var_p(const Args &a) { return boolv(is(a[0], T::Sym) && sym(a[0])->special); }

static val bi_boundp(const Args &a) {
  val s = sym_checked(a[0], a.name());
  return boolv(s && global_value(s) != UNBOUND);
}

static val bi_fboundp(const Args &a) {
  val s = sym_checked(a[0], a.name());
  return boolv(s && (global_fun(s) || sym(s)->macro));
}

static val bi_symbol_value(const Args &a) { return symbol_value(sym_checked(a[0], a.name()), a.name()); }

static val bi_set_symbol_value(const Args &a) {
  val s = sym_checked(a[0], a.name());
  if (!s || sym(s)->constant) errorf(s_error, "set-symbol-value: ~s is a constant", s);
  sym(s)->value = a[1];
  return a[1];
}

static val bi_symbol_function(const Args &a) {
  val s = sym_checked(a[0], a.name());
  return s ? global_fun(s) : nullptr;
}

static val bi_makunbound(const Args &a) {
  val s = sym_checked(a[0], a.name());
  if (s && !sym(s)->constant) sym(s)->value = UNBOUND;
  return s;
}

static val bi_fmakunbound(const Args &a) {
  val s = sym_checked(a[0], a.name());
  if (s) sym(s)->fun = sym(s)->macro = nullptr;
  return s;
}

static val bi_find_package(const Args &a) { return find_package(str_checked(a[0], a.name())); }

static val bi_package_name(const Args &a) {
  if (!is(a[0], T::Pkg)) type_err(a.name(), a[0], "a package");
  return static_cast<Pkg *>(a[0])->name;
}

void init_symbols_early() {
  UNBOUND = gc_obj<Box>(T::Box);
  pkg_usr = make_package("usr");
  pkg_sys = make_package("sys");
  pkg_keyword = make_package("keyword");
  nil_name = mkstr_utf8("nil");
}

static val bi_set_fun(const Args &a) {
  if (!is(a[0], T::Sym)) type_err(a.name(), a[0], "a symbol");
  sym(a[0])->fun = a[1] ? fun_checked(a[1], a.name()) : nullptr;
  return a[1];
}

static const BuiltinDef symbol_builtins[] = {
    {"sys:set-fun", 2, 0, false, bi_set_fun},
    {"symbol-name", 1, 0, false, bi_symbol_name},
    {"symbol-package", 1, 0, false, bi_symbol_package},
    {"intern", 1, 1, false, bi_intern},
    {"make-sym", 1, 0, false, bi_make_sym},
    {"gensym", 0, 1, false, bi_gensym},
    {"symbolp", 1, 0, false, bi_symbolp},
    {"keywordp", 1, 0, false, bi_keywordp},
    {"bindable", 1, 0, false, bi_bindable},
    {"boundp", 1, 0, false, bi_boundp},
    {"special-var-p", 1, 0, false, bi_special_var_p},
    {"fboundp", 1, 0, false, bi_fboundp},
    {"symbol-value", 1, 0, false, bi_symbol_value},
    {"set-symbol-value", 2, 0, false, bi_set_symbol_value},
    {"symbol-function", 1, 0, false, bi_symbol_function},
    {"makunbound", 1, 0, false, bi_makunbound},
    {"fmakunbound", 1, 0, false, bi_fmakunbound},
    {"find-package", 1, 0, false, bi_find_package},
    {"package-name", 1, 0, false, bi_package_name},
};

void init_symbols() {
  register_builtins(symbol_builtins);
  defvar_builtin("*package*", pkg_usr);
  cur_package_sym = intern("*package*");
}

}  // namespace tine
