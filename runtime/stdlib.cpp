// Loading the Lisp half of the standard library, and the reference entries
// behind (doc 'name).
#include <cstring>

#include "compiler.hpp"
#include "embedded.hpp"
#include "printer.hpp"
#include "stream.hpp"

namespace tine {

void init_stdlib_lisp() {
  for (const EmbeddedFile *f = stdlib_sources; f->name; ++f)
    load_stream_forms(make_string_input(mkstr_utf8(f->text)), mkstr_utf8(std::string("stdlib/") + f->name));
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

val doc_lookup(val s) {
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

// Names registered by the runtime and defined by the stdlib that have no
// reference entry; the test suite requires this to be empty.
static val provided;  // every usr symbol with a definition after start-up

static val collect_provided() {
  val out = nullptr, k, s;
  val table = static_cast<Pkg *>(pkg_usr)->table;
  for (size_t c = 0; hash_next(table, &c, &k, &s);) {
    Sym *p = sym(s);
    if (p->fun || p->macro || p->value != UNBOUND || p->symacro || is_special_form(s)) out = cons(s, out);
  }
  return out;
}

static val bi_provided(const Args &) { return provided; }

static val bi_undocumented(const Args &) {
  val out = nullptr;
  for (val l = provided; l; l = cdr(l))
    if (!doc_lookup(car(l))) out = cons(car(l), out);
  return out;
}

static const BuiltinDef stdlib_builtins[] = {
    {"doc", 1, 0, false, bi_doc},
    {"doc-string", 1, 0, false, bi_doc_string},
    {"sys:undocumented", 0, 0, false, bi_undocumented},
    {"sys:provided-names", 0, 0, false, bi_provided},
};

void init_docs() {
  doc_table = make_hash(HashKind::Equal);
  for (const EmbeddedFile *f = doc_sources; f->name; ++f) parse_docs(f->text);
  register_builtins(stdlib_builtins);
  provided = collect_provided();
}

}  // namespace tine
