// Runtime start-up: the core symbols, builtin registration, and the order
// in which modules initialise.
#include <clocale>
#include <cstring>

#include "compiler.hpp"
#include "iter.hpp"
#include "lazy.hpp"
#include "cont.hpp"
#include "load.hpp"
#include "seq.hpp"
#include "lisp.hpp"
#include "env.hpp"
#include "match.hpp"
#include "params.hpp"
#include "types.hpp"
#include "tree.hpp"
#include "ffi/ffi_type.hpp"
#include "regex.hpp"
#include "text.hpp"
#include "struct.hpp"
#include "fs.hpp"
#include "socket.hpp"
#include "syserr.hpp"

namespace tine {

val s_t, s_quote, s_qquote, s_unquote, s_splice, s_lambda, s_dwim, s_rcons, s_var, s_expr, s_qref, s_uref, s_colon,
    s_env_k, s_form_k, s_struct_lit, s_error, s_type_error, s_range_error, s_file_error, s_system_error,
    s_process_error, s_eval_error, s_syntax_error, s_arith_error, s_numeric_error, s_internal_error, s_unbound_error,
    s_mmap_fault, s_assert_error, s_warning, s_restart, s_path_not_found, s_path_exists, s_path_permission, s_quasi,
    s_match_error, s_progn, s_let, s_set, s_block, s_fun, s_stack_overflow, s_alloc_error;

// The name as UTF-8 on the collected heap, for Args::name().
static const char *c_name(val name) {
  if (!name) return nullptr;
  std::string u = utf8(stringp(name) ? name : sym(name)->name);
  char *p = static_cast<char *>(gc_atomic(u.size() + 1));
  memcpy(p, u.c_str(), u.size() + 1);
  return p;
}

static Fun *new_builtin(val name, const char *cname, int req, int opt, bool variadic, BuiltinFn fn, val data) {
  Fun *f = gc_obj<Fun>(T::Fun);
  f->cname = cname;
  f->kind = FunKind::Builtin;
  f->name = name;
  f->req = int16_t(req);
  f->opt = int16_t(opt);
  f->variadic = variadic;
  f->fn = fn;
  f->data = data;
  return f;
}

val make_builtin(val name, int req, int opt, bool variadic, BuiltinFn fn, val data) {
  return new_builtin(name, c_name(name), req, opt, variadic, fn, data);
}

void register_builtins(const BuiltinDef *defs, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const BuiltinDef &d = defs[i];
    bool in_sys = strncmp(d.name, "sys:", 4) == 0;
    val s = in_sys ? intern_sys(d.name + 4) : intern(d.name);
    sym(s)->provided = 1;
    sym(s)->fun = new_builtin(s, in_sys ? d.name + 4 : d.name, d.req, d.opt, d.variadic, d.fn, nullptr);
  }
}

void defvar_builtin(const char *name, val value, bool special) {
  val s = intern(name);
  sym(s)->provided = 1;
  sym(s)->value = value;
  sym(s)->special = special;
}

static void init_core_symbols() {
  s_t = intern("t");
  sym(s_t)->value = s_t;
  sym(s_t)->constant = 1;
  s_quote = intern("quote");
  s_qquote = intern_sys("qquote");
  s_unquote = intern_sys("unquote");
  s_splice = intern_sys("splice");
  s_lambda = intern("lambda");
  s_dwim = intern("dwim");
  s_rcons = intern("rcons");
  s_var = intern_sys("var");
  s_expr = intern_sys("expr");
  s_qref = intern("qref");
  s_uref = intern("uref");
  s_colon = keyword("");
  s_env_k = keyword("env");
  s_form_k = keyword("form");
  s_struct_lit = intern_sys("struct-lit");
  s_error = intern("error");
  s_type_error = intern("type-error");
  s_range_error = intern("range-error");
  s_file_error = intern("file-error");
  s_system_error = intern("system-error");
  s_process_error = intern("process-error");
  s_eval_error = intern("eval-error");
  s_syntax_error = intern("syntax-error");
  s_arith_error = intern("arith-error");
  s_numeric_error = intern("numeric-error");
  s_internal_error = intern("internal-error");
  s_unbound_error = s_eval_error;
  s_mmap_fault = intern("mmap-fault");
  s_assert_error = intern("assert");
  s_warning = intern("warning");
  s_restart = intern("restart");
  s_path_not_found = intern("path-not-found");
  s_path_exists = intern("path-exists");
  s_path_permission = intern("path-permission");
  s_quasi = intern_sys("quasi");
  s_match_error = intern("match-error");
  s_stack_overflow = intern("stack-overflow");
  s_alloc_error = intern("alloc-error");
  s_progn = intern("progn");
  s_let = intern("let");
  s_set = intern("set");
  s_block = intern("block");
  s_fun = intern("fun");
}

void runtime_init(int argc, char **argv) {
  static bool done = false;
  if (done) return;
  done = true;
  setlocale(LC_CTYPE, "C.UTF-8");
  gc_init();
  init_stack_guard();
  init_symbols_early();
  init_core_symbols();
  init_errors();
  init_symbols();
  init_numbers();
  init_strings();
  init_strsplit();
  init_quasi();
  init_pic();
  init_trie();
  init_textstream();
  init_lists();
  init_plists();
  init_seqs();
  init_lazy();
  init_iter();
  init_sort();
  init_seqmap();
  init_listlib();
  init_lazylib();
  init_seqfind();
  init_seqsplit();
  init_vectors();
  init_bufs();
  init_buf_io();
  init_hashes();
  init_strlib();
  init_webcode();
  init_combin();
  init_gc();
  init_chksum();
  init_random();
  init_trees();
  init_setops();
  init_json();
  init_bufstream();
  init_streams();
  init_printer();
  init_format();
  init_regex();
  init_awk();
  init_lazystr();
  init_funcomb();
  init_reader();
  init_compiler();
  init_eval();
  init_expand();
  init_params();
  init_env();
  init_match();
  init_types();
  init_combinators();
  init_debug();
  init_structs();
  init_sys(argc, argv);
  init_time();
  init_load();
  init_cont();
  init_errno();
  init_identity();
  init_process();
  init_signals();
  init_paths();
  init_fs();
  init_path_tests();
  init_dirs();
  init_fsops();
  init_inaddr();
  init_sockets();
  init_gzip();
  init_getput();
  init_delegate_streams();
  init_fdio();
  init_syslog();
  init_termios();
  init_ffi();
  init_stdlib_lisp();
  init_docs();
}

}  // namespace tine
