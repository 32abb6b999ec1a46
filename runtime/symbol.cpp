// Symbols and packages: usr (the default), sys (internals), keyword.
#include "package.hpp"
#include "struct.hpp"

namespace tine {

val UNBOUND;
static val nil_name;
static uint64_t early_gensyms;  // gensyms made before *gensym-counter* exists

val make_sym(val name) {
  Sym *s = gc_obj<Sym>(T::Sym);
  s->name = name;
  s->value = UNBOUND;
  return s;
}

bool keywordp(val v) { return is(v, T::Sym) && sym(v)->package == pkg_keyword; }

static val gensym_counter_sym;  // *gensym-counter*, once defined

val gensym_counter() { return gensym_counter_sym ? sym(gensym_counter_sym)->value : mkint(int64_t(early_gensyms)); }

void set_gensym_counter(val n) {
  if (gensym_counter_sym) sym(gensym_counter_sym)->value = n;
}

// The name's number is *gensym-counter* after incrementing it.
val gensym(val prefix) {
  std::u32string name = prefix ? std::u32string(sv(prefix)) : U"g";
  std::u32string num;
  if (gensym_counter_sym) {
    val n = sym(gensym_counter_sym)->value;
    if (!integerp(n)) type_err("gensym", n, "an integer (*gensym-counter*)");
    n = num_add(n, mkfix(1));
    sym(gensym_counter_sym)->value = n;
    num = sv(num_to_str(n, 10));
  } else {
    for (char c : std::to_string(++early_gensyms)) num.push_back(char32_t(c));
  }
  while (num.size() < 4) num.insert(num.begin(), U'0');
  name += num;
  return make_sym(mkstr(name));
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
  return boolv(s && (global_value(s) != UNBOUND || sym(s)->symacro));  // symbol macros too, as in TXR
}

static val bi_fboundp(const Args &a) {
  val s = sym_checked(a[0], a.name());
  return boolv(s && (global_fun(s) || sym(s)->macro));
}

static val bi_mboundp(const Args &a) {
  val s = sym_checked(a[0], a.name());
  return boolv(s && global_macro(s));
}

static val bi_symbol_value(const Args &a) { return symbol_value(sym_checked(a[0], a.name()), a.name()); }

static val bi_set_symbol_value(const Args &a) {
  val s = sym_checked(a[0], a.name());
  if (!s || sym(s)->constant) errorf(s_error, "set-symbol-value: ~s is a constant", s);
  sym(s)->value = a[1];
  return a[1];
}

// Function names beyond symbols, as func-get-name gives them: (meth type
// slot) for a method (or the type's :init/:postinit function) and (macro
// name) for a macro's expander.
static bool name_form(val name, const char *head, int nargs) {
  if (!consp(name) || car(name) != intern(head)) return false;
  val l = cdr(name);
  for (int i = 0; i < nargs; ++i, l = cdr(l))
    if (!consp(l)) return false;
  return !l;
}

static val meth_function(val name, const char *self, val *set = nullptr) {
  StructType *t = find_struct_type(car(cdr(name)));
  val slot = car(cdr(cdr(name)));
  if (!t) return nullptr;
  if (slot == keyword("init") || slot == keyword("postinit")) {
    val &cell = slot == keyword("init") ? t->initfun : t->postinitfun;
    if (set) cell = *set;
    return cell;
  }
  if (!struct_has_slot(t, slot) || struct_slot_code(t, slot) >= 0) return nullptr;
  if (set) struct_set_static_slot(t, slot, *set, self);
  return struct_static_slot(t, slot, self);
}

static val bi_symbol_function(const Args &a) {
  val name = a[0];
  if (name_form(name, "meth", 2)) return meth_function(name, a.name());
  if (name_form(name, "macro", 1)) {
    val s = sym_checked(car(cdr(name)), a.name());
    return s ? global_macro(s) : nullptr;
  }
  if (consp(name) && car(name) == s_lambda) return eval_toplevel(name);
  val s = sym_checked(name, a.name());
  return s ? global_fun(s) : nullptr;
}

static val bi_symbol_macro(const Args &a) {
  val s = sym_checked(a[0], a.name());
  return s ? global_macro(s) : nullptr;
}

static val bi_set_macro(const Args &a) {
  val s = sym_checked(a[0], a.name());
  if (!s) type_err(a.name(), a[0], "a symbol");
  sym(s)->macro = a[1] ? fun_checked(a[1], a.name()) : nullptr;
  return a[1];
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

void init_symbols_early() {
  UNBOUND = gc_obj<Box>(T::Box);
  init_packages_early();
  nil_name = mkstr_utf8("nil");
}

static val bi_set_fun(const Args &a) {
  if (name_form(a[0], "meth", 2)) {
    val f = a[1] ? fun_checked(a[1], a.name()) : nullptr;
    if (!meth_function(a[0], "symbol-function", &f) && f)
      errorf(s_error, "~a: ~s does not name a method", a.name(), a[0]);
    return a[1];
  }
  if (name_form(a[0], "macro", 1)) {
    val s = sym_checked(car(cdr(a[0])), a.name());
    if (!s) type_err(a.name(), a[0], "a symbol");
    sym(s)->macro = a[1] ? fun_checked(a[1], a.name()) : nullptr;
    return a[1];
  }
  if (!is(a[0], T::Sym)) type_err(a.name(), a[0], "a symbol");
  sym(a[0])->fun = a[1] ? fun_checked(a[1], a.name()) : nullptr;
  return a[1];
}

static const BuiltinDef symbol_builtins[] = {
    {"sys:set-fun", 2, 0, false, bi_set_fun},
    {"sys:set-macro", 2, 0, false, bi_set_macro},
    {"symbol-macro", 1, 0, false, bi_symbol_macro},
    {"symbol-name", 1, 0, false, bi_symbol_name},
    {"symbol-package", 1, 0, false, bi_symbol_package},
    {"make-sym", 1, 0, false, bi_make_sym},
    {"gensym", 0, 1, false, bi_gensym},
    {"symbolp", 1, 0, false, bi_symbolp},
    {"keywordp", 1, 0, false, bi_keywordp},
    {"bindable", 1, 0, false, bi_bindable},
    {"boundp", 1, 0, false, bi_boundp},
    {"special-var-p", 1, 0, false, bi_special_var_p},
    {"fboundp", 1, 0, false, bi_fboundp},
    {"mboundp", 1, 0, false, bi_mboundp},
    {"symbol-value", 1, 0, false, bi_symbol_value},
    {"set-symbol-value", 2, 0, false, bi_set_symbol_value},
    {"symbol-function", 1, 0, false, bi_symbol_function},
    {"makunbound", 1, 0, false, bi_makunbound},
    {"fmakunbound", 1, 0, false, bi_fmakunbound},
};

void init_symbols() {
  register_builtins(symbol_builtins);
  init_packages();
  defvar_builtin("*gensym-counter*", mkfix(0));
  gensym_counter_sym = intern("*gensym-counter*");
}

}  // namespace tine
