// Compile-time structures: scopes, bindings and the compiler context that
// turns macro-expanded forms into node trees with resolved variables.
#pragma once
#include <vector>

#include "eval.hpp"

namespace tine {

template <class X>
using gcvec = std::vector<X, gc_allocator<X>>;

struct Scope;

struct Binding {
  val sym;
  Scope *scope;
  int index = -1;
  bool captured = false;
  bool special = false;
  bool referenced = false;
  // A lambda's rest parameter: how often it is read or set, and how many of
  // those reads are the last argument of an apply call in the lambda's own
  // body, which can take the arguments without a list (ApplyRestNode).
  Lambda *rest_of = nullptr;
  int uses = 0, forward_uses = 0;
};

// Frame layout of a scope that may own a frame; shared with its node.
struct ScopeInfo {
  bool own_frame = false;
  int nslots = 0;
  Frame *enter(Frame *f) const { return own_frame ? alloc_heap_frame(nslots, f) : f; }
};

enum class ScopeKind { Lambda, Let, Block, Tagbody, Macro };

struct Scope {
  Scope *parent;
  ScopeKind kind;
  gcvec<Binding *> vars;
  gcvec<Binding *> funs;
  val macros = nullptr;    // alist (symbol . expander) from macrolet
  val symacros = nullptr;  // alist (symbol . expansion) from symacrolet
  val block_name = nullptr;
  val tags = nullptr;         // tagbody: list of tags, index = position
  Binding *hidden = nullptr;  // block token or tagbody token
  ScopeInfo *info = nullptr;
  Lambda *lambda = nullptr;
  bool has_closure = false;
  Scope(Scope *p, ScopeKind k) : parent(p), kind(k) {}
};

struct MacroEnv : Obj {
  Scope *scope;
};

struct Compiler {
  // Compile lambdas at top level (no enclosing bindings) on their first call:
  // set while a stdlib module loads, whose functions are mostly never called.
  static bool lazy_lambdas;
  // Compiled code: load-time forms run before the top-level form (see
  // LoadTimeNode); they are collected here, in the order they appear.
  bool hoist_load_time = false;
  gcvec<Node *> load_times;
  val file = nullptr;
  int cur_line = 0;
  gcvec<Scope *> scopes;
  gcvec<Binding *> bindings;
  struct Fix {
    SlotRef *ref;
    Binding *b;
    Scope *from;
  };
  gcvec<Fix> fixes;
  gcvec<Lambda *> block_lambdas;  // lambdas whose body is an implicit block
  gcvec<Binding *> rest_params;   // rest parameters, decided on by finalize

  Scope *new_scope(Scope *parent, ScopeKind kind);
  Binding *bind(Scope *s, val sym, bool in_fun_namespace = false);
  void add_fix(SlotRef *ref, Binding *b, Scope *from);
  void finalize();

  Node *compile(val form, Scope *s);
  Node *compile_body(val forms, Scope *s);  // progn semantics
  Node *compile_lambda(val params, val body, Scope *s, val name, bool implicit_block);
  Lambda *build_lambda(val params, val body, Scope *s, val name, bool implicit_block, Scope **out_scope);
  Node *compile_call(val form, Scope *s);
  Node *compile_symbol(val sym, Scope *s);
  Node *compile_setq(val sym, val value_form, Scope *s);
  Node *compile_fun(val form, Scope *s);
  Node *compile_block(val name, val body, Scope *s);
  Node *compile_return_from(val name, val value_form, Scope *s);
  Node *compile_lisp1(val sym, Scope *s);
  // (apply fn args... rest) with rest a rest parameter of the enclosing
  // lambda: a node that may pass the arguments on without a list (null
  // when the form is not of that shape).
  Node *compile_apply_rest(val fn_form, val fixed, val rest, Scope *s, bool lisp1);

  // Lookups.
  Binding *lookup_var(val sym, Scope *s, Scope **found_in, bool *crossed_lambda);
  Binding *lookup_fun(val sym, Scope *s, bool *crossed_lambda);
  bool lookup_symacro(val sym, Scope *s, val *expansion);
  val lookup_macro(val sym, Scope *s);  // expander function or nil
  Node *ref_binding(Binding *b, Scope *from, bool crossed);
  void note_closure(Scope *s);
  int line_of(val form);

  // An eval-error for a malformed form, located at the current line.
  template <class... A>
  [[noreturn]] void fail(val form, ErrFormat<sizeof...(A)> fmt, const A &...a) {
    const ErrArg args[] = {ErrArg(a)..., ErrArg(nullptr)};
    fail_with(form, format_message(fmt.text, args, sizeof...(A)));
  }
  [[noreturn]] void fail_with(val form, val message);
};

// The name of the file whose top-level form is being compiled (nil when
// unknown): the file of source-loc.
val current_source_file();

// Quasiquote expansion: (sys:qquote x) -> list-building code.
val expand_qquote(val x);

// Destructuring of macro and tree-bind lambda lists.
struct DPat;
DPat *compile_dpat(Compiler &c, val params, Scope *s, bool macro_style);
bool run_dpat(DPat *p, val obj, Frame *f, bool strict, val name, val whole, val env);

// Local macros: the scope in which (macrolet specs ...) and (symacrolet
// specs ...) bodies are compiled or expanded.
Scope *macrolet_scope(Compiler &c, val specs, Scope *s);
Scope *symacrolet_scope(Compiler &c, val specs, Scope *s);
// The scope inside (defun name ...) and (defmacro name ...), where the
// symbol macro %fun% is name.
Scope *function_name_scope(Compiler &c, val name, Scope *s);
// The expander function of (defmacro name params body...).
Node *compile_macro_function(Compiler &c, val name, val params, val body, Scope *s);

// Special forms (special_forms.cpp): one row per operator.
struct Expander;
struct SpecialFormDef {
  const char *name;                                 // "sys:x" for the system package
  Node *(*compile)(Compiler &, val form, Scope *);  // the node tree of the form
  val (*walk)(Expander &, val form, Scope *);       // expand's walk; null: every argument is a form
};
const SpecialFormDef *find_special_form(val sym);
bool is_special_form(val sym);
void init_special_forms();

val make_macro_env(Scope *s);
val eval_in_file(val form, val file);  // top-level evaluation; errors name file

}  // namespace tine
