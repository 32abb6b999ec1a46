// Loading the Lisp half of the standard library, and the reference entries
// behind (doc 'name).
#include <cstring>

#include "compiler.hpp"
#include "eval.hpp"
#include "package.hpp"
#include "embedded.hpp"
#include "printer.hpp"
#include "stream.hpp"

namespace tine {

// ---- autoloading -------------------------------------------------------------------

// A stdlib module is loaded the first time a name it defines is needed:
// start-up only records which module defines which name.
enum class ModuleState : uint8_t { Unloaded, Loading, Loaded };
static ModuleState *module_state;
static int module_count;

static val index_symbol(const char *name) {
  return strncmp(name, "sys:", 4) == 0 ? intern_sys(name + 4) : intern(name);
}

static void load_module(int m) {
  module_state[m] = ModuleState::Loading;
  if (getenv("TINE_TRACE_AUTOLOAD")) fprintf(stderr, "autoload: %s\n", stdlib_sources[m].name);
  // Names of the module are defined by loading it, not looked up again.
  for (const AutoloadEntry *e = stdlib_index; e->name; ++e)
    if (e->module == m) sym(index_symbol(e->name))->autoload = sym(index_symbol(e->name))->autoload_var = 0;
  const EmbeddedFile &f = stdlib_sources[m];
  SpecialBind lp(load_path_sym, nullptr);
  SpecialBind pk(cur_package_sym, pkg_usr);
  struct LazyMode {
    bool saved = Compiler::lazy_lambdas;
    LazyMode() { Compiler::lazy_lambdas = true; }
    ~LazyMode() { Compiler::lazy_lambdas = saved; }
  } lazy;
  GensymCounterKeep keep;
  try {
    load_text_forms(mkstr_utf8(f.text), mkstr_utf8(std::string("stdlib/") + f.name));
  } catch (...) {
    module_state[m] = ModuleState::Loaded;
    throw;
  }
  module_state[m] = ModuleState::Loaded;
}

bool autoload(val s) {
  if (!is(s, T::Sym) || !s) return false;
  int m = sym(s)->autoload - 1;
  if (m < 0) return false;
  sym(s)->autoload = sym(s)->autoload_var = 0;
  if (module_state[m] != ModuleState::Unloaded) return false;
  load_module(m);
  return true;
}

void init_stdlib_lisp() {
  while (stdlib_sources[module_count].name) ++module_count;
  module_state = static_cast<ModuleState *>(gc_atomic(size_t(module_count) + 1));
  for (int m = 0; m < module_count; ++m) module_state[m] = ModuleState::Unloaded;
  for (const AutoloadEntry *e = stdlib_index; e->name; ++e) {
    Sym *p = sym(index_symbol(e->name));
    p->provided = 1;
    // A struct type shares its name with functions of the same name.
    if (e->type || (!p->fun && !p->macro && p->value == UNBOUND)) {
      p->autoload = uint8_t(e->module + 1);
      p->autoload_var |= e->variable;
    }
  }
}

static val doc_table;  // equal hash: name string -> entry text

// Entries start with a line "@ name [name...]"; the text runs to the next one.
static void parse_docs(const char *text) {
  const char *p = text;
  std::string names, body;
  auto flush = [&] {
    if (names.empty()) return;
    val entry = mkstr_utf8(body);
    size_t i = 0;
    while (i < names.size()) {
      size_t j = names.find(' ', i);
      if (j == std::string::npos) j = names.size();
      if (j > i) sethash(doc_table, mkstr_utf8(names.substr(i, j - i)), entry);
      i = j + 1;
    }
    names.clear();
    body.clear();
  };
  while (*p) {
    const char *e = strchr(p, '\n');
    std::string line = e ? std::string(p, size_t(e - p)) : std::string(p);
    p = e ? e + 1 : p + strlen(p);
    if (line.rfind("@ ", 0) == 0) {
      flush();
      names = line.substr(2);
    } else if (!names.empty()) {
      body += line;
      body += '\n';
    }
  }
  flush();
}

// The entries are parsed the first time one is looked up.
val doc_lookup(val s) {
  if (!doc_table) {
    doc_table = make_hash(HashKind::Equal);
    for (const EmbeddedFile *f = doc_sources; f->name; ++f) parse_docs(f->text);
  }
  val name = s ? sym(s)->name : mkstr_utf8("nil");
  return gethash(doc_table, name);
}

static val bi_doc(const Args &a) {
  if (!symbolp(a[0])) type_err(a.name(), a[0], "a symbol");
  val text = doc_lookup(a[0]);
  if (!text) return nullptr;
  put_str(current_output(), sv(text));
  return s_t;
}

static val bi_doc_string(const Args &a) {
  if (!symbolp(a[0])) type_err(a.name(), a[0], "a symbol");
  return doc_lookup(a[0]);
}

// Names the runtime and its stdlib provide in the usr package; the test
// suite requires every one to have a reference entry.
static val provided_names() {
  val out = nullptr;
  each_package_symbol(pkg_usr, [&](val, val s) {
    if (s && sym(s)->provided && sym(s)->package == pkg_usr) out = cons(s, out);
  });
  return out;
}

static val bi_provided(const Args &) { return provided_names(); }

static val bi_undocumented(const Args &) {
  val out = nullptr;
  for (val l = provided_names(); l; l = cdr(l))
    if (!doc_lookup(car(l))) out = cons(car(l), out);
  return out;
}

static const BuiltinDef stdlib_builtins[] = {
    {"doc", 1, 0, false, bi_doc},
    {"doc-string", 1, 0, false, bi_doc_string},
    {"sys:undocumented", 0, 0, false, bi_undocumented},
    {"sys:provided-names", 0, 0, false, bi_provided},
};

void init_docs() { register_builtins(stdlib_builtins); }

}  // namespace tine
