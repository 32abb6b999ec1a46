// Parameter list macros (see params.hpp).  The expanders themselves live
// in the hash table *param-macro* (stdlib/param.tl): this file only finds
// the invocations in a lambda list and threads the body through them.
#include "params.hpp"

namespace tine {

static val s_param_macro, s_whole_k;

// A keyword at the head of a lambda list is a parameter macro, except the
// ones lambda lists use themselves.
static bool param_macro_key(val x) {
  return x != s_colon && x != s_env_k && x != s_form_k && x != s_whole_k && keywordp(x);
}

// In a macro-style list, the destructuring sublist an item stands for:
// the item itself when required, its first element when optional.
static val nested_list(val item, bool optional) {
  val pat = optional && consp(item) ? car(item) : item;
  return consp(pat) ? pat : nullptr;
}

bool has_param_macros(val params, bool macro_style) {
  if (!consp(params)) return false;
  if (param_macro_key(car(params))) return true;
  if (!macro_style) return false;
  bool optional = false;
  for (val l = params; consp(l); l = cdr(l)) {
    if (car(l) == s_colon) {
      optional = true;
      continue;
    }
    if (val sub = nested_list(car(l), optional); sub && has_param_macros(sub, true)) return true;
  }
  return false;
}

static val form_name(val form) { return consp(form) ? car(form) : form; }

// (kw . rest): rest is expanded first, then handed to kw's expander, whose
// result may start with another parameter macro.
static val expand_head(val params, val *body, val env, val form, bool macro_style) {
  val kw = car(params);
  val rest = expand_param_macros(cdr(params), body, env, form, macro_style);
  val table = global_value(s_param_macro);
  val fn = is(table, T::Hash) ? gethash(table, kw) : nullptr;
  if (!fn) errorf(s_eval_error, "~a: keyword ~s has no param macro binding", form_name(form), kw);
  val args[4] = {rest, *body, env, form};
  val r = funcall(fn, args, 4);
  if (!consp(r)) errorf(s_eval_error, "~a: param macro ~s returned ~s, not (params . body)", form_name(form), kw, r);
  *body = cdr(r);
  return expand_param_macros(car(r), body, env, form, macro_style);
}

val expand_param_macros(val params, val *body, val env, val form, bool macro_style) {
  if (!has_param_macros(params, macro_style)) return params;
  if (param_macro_key(car(params))) return expand_head(params, body, env, form, macro_style);
  // Only nested lists have macros: rebuild the list with them expanded.
  val out = nullptr;
  bool optional = false;
  val l = params;
  for (; consp(l); l = cdr(l)) {
    val item = car(l);
    if (item == s_colon) {
      optional = true;
    } else if (val sub = nested_list(item, optional); sub && has_param_macros(sub, true)) {
      val expanded = expand_param_macros(sub, body, env, form, true);
      item = optional ? cons(expanded, cdr(item)) : expanded;
    }
    out = cons(item, out);
  }
  val result = l;
  for (; out; out = cdr(out)) result = cons(car(out), result);
  return result;
}

// (macroexpand-params (name params body...) [env])
static val bi_macroexpand_params(const Args &a) {
  val form = a[0];
  if (!consp(form) || !consp(cdr(form))) return form;
  val params = car(cdr(form));
  if (!has_param_macros(params, false)) return form;
  val body = cdr(cdr(form));
  val env = missing(a[1]) ? nullptr : a[1];
  params = expand_param_macros(params, &body, env, form, false);
  return cons(car(form), cons(params, body));
}

static const BuiltinDef params_builtins[] = {
    {"macroexpand-params", 1, 1, false, bi_macroexpand_params},
};

void init_params() {
  register_builtins(params_builtins);
  s_param_macro = intern("*param-macro*");
  s_whole_k = keyword("whole");
}

}  // namespace tine
