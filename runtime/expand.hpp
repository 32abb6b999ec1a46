// Macro expansion without compilation: macroexpand, macroexpand-1 and the
// code walker behind expand, which expands every macro in a form the way
// the compiler would see it.
#pragma once
#include "compiler.hpp"

namespace tine {

struct Expander {
  Compiler c;  // scopes and lookups only: nothing is compiled
  val walk(val form, Scope *s);
  val walk_forms(val forms, Scope *s);  // each element of a list of forms
  val walk_call(val form, Scope *s);    // (op arg...): the arguments
  // Walks a lambda list's default forms, binding its variables in ls.
  val walk_params(val params, Scope *ls);
  val walk_lambda_tail(val params_and_body, Scope *s, ScopeKind kind = ScopeKind::Lambda);
};

// The walkers of the special form table (special_forms.cpp).
val walk_quote(Expander &e, val form, Scope *s);
val walk_verbatim(Expander &e, val form, Scope *s);  // the form unchanged: its arguments are data
void check_quote_form(val form);                     // an error unless (quote x)
// A quasi-string field (sys:var x ...) as a local sys:var macro rewrites it.
val quasi_var_macro(Compiler &c, val part, Scope *s);
val walk_qquote(Expander &e, val form, Scope *s);
val walk_let(Expander &e, val form, Scope *s);
val walk_lambda(Expander &e, val form, Scope *s);
val walk_flet(Expander &e, val form, Scope *s);
val walk_macrolet(Expander &e, val form, Scope *s);
val walk_symacrolet(Expander &e, val form, Scope *s);
val walk_block(Expander &e, val form, Scope *s);
val walk_return_from(Expander &e, val form, Scope *s);
val walk_for_loop(Expander &e, val form, Scope *s);
val walk_each_loop(Expander &e, val form, Scope *s);
val walk_tagbody(Expander &e, val form, Scope *s);
val walk_clauses(Expander &e, val form, Scope *s);
val walk_catch_star(Expander &e, val form, Scope *s);
val walk_handler_bind(Expander &e, val form, Scope *s);
val walk_setq(Expander &e, val form, Scope *s);
val walk_defun(Expander &e, val form, Scope *s);
val walk_defvar(Expander &e, val form, Scope *s);
val walk_tree_bind(Expander &e, val form, Scope *s);
val walk_tree_case(Expander &e, val form, Scope *s);
val walk_dwim(Expander &e, val form, Scope *s);
val walk_fun(Expander &e, val form, Scope *s);
val walk_quasi(Expander &e, val form, Scope *s);
val walk_load_time(Expander &e, val form, Scope *s);

// A macro that returns its form unchanged declines: the arguments are
// expanded, and when that changed them the macro m is asked again.  Returns
// the new expansion (*accepted) or the form with its arguments expanded.
val expand_declined(val m, val form, Scope *s, bool *accepted);

val expand_form(val form, val menv);  // (expand form env)
val macroexpand(val form, val menv);
val macroexpand_1(val form, val menv, bool *expanded);
void init_expand();

}  // namespace tine
