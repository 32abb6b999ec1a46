// Quasiquote: (sys:qquote x) becomes the list-building code it stands for.
#include "compiler.hpp"
#include "hash.hpp"

namespace tine {

static val second(val f) { return car(cdr(f)); }

static val qq(val x, int depth);

static bool is_op(val x, val op) { return consp(x) && car(x) == op && consp(cdr(x)) && !cdr(cdr(x)); }

// @,form: (sys:var (sys:unquote form)).  The value takes the place of the
// variable name, so a compound value becomes (sys:expr value), as the
// reader would have read @(...).
static bool is_var_unquote(val x) { return is_op(x, s_var) && is_op(second(x), s_unquote); }

static val var_or_expr(val form) {
  val v = gensym(mkstr_utf8("val"));
  return list({s_let, list({list({v, form})}),
               list({intern("if"), list({intern("consp"), v}), list({intern("list"), list({s_quote, s_expr}), v}),
                     list({intern("list"), list({s_quote, s_var}), v})})});
}

// Joins the segments ((list item) or a spliced sequence) and the tail, as
// TXR writes it: runs of items as one (list ...), or a quoted list when all
// are constant; (list* items... tail) when only items precede the tail;
// append otherwise.
static bool quoted(val x) { return consp(x) && car(x) == s_quote && consp(cdr(x)) && !cdr(cdr(x)); }

static val qq_join(val segs, val tail) {
  val parts = nullptr, run = nullptr;
  bool run_const = true;
  auto close_run = [&] {
    if (!run) return;
    val items = nreverse(run);
    if (run_const) {
      val consts = nullptr;
      for (val l = items; l; l = cdr(l)) consts = cons(second(car(l)), consts);
      parts = cons(list({s_quote, nreverse(consts)}), parts);
    } else {
      parts = cons(cons(intern("list"), items), parts);
    }
    run = nullptr;
    run_const = true;
  };
  val splices = nullptr;
  for (val l = segs; l; l = cdr(l)) {
    val seg = car(l);
    if (car(seg) == intern("list")) {
      run = cons(second(seg), run);
      run_const = run_const && quoted(second(seg));
    } else {
      close_run();
      parts = cons(seg, parts);
      splices = s_t;
    }
  }
  if (!splices && run) {
    // Items only, then perhaps a tail.
    val items = nreverse(run);
    if (!tail) return cons(intern("list"), items);
    return cons(intern("list*"), append2(items, list({tail})));
  }
  close_run();
  if (tail) parts = cons(tail, parts);
  parts = nreverse(parts);
  if (!parts) return nullptr;
  if (!cdr(parts)) return car(parts);
  return cons(intern("append"), parts);
}

static val qq_list(val x, int depth) {
  // Segments to append: each either (list elem) or a spliced expression.
  val segs = nullptr;
  val tail = nullptr;
  for (; x; x = cdr(x)) {
    if (!consp(x)) {
      tail = list({s_quote, x});
      break;
    }
    if (car(x) == s_unquote && consp(cdr(x)) && !cdr(cdr(x))) {
      // (a . ,b) reads as (a sys:unquote b)
      tail = depth == 1 ? second(x) : qq(x, depth);
      break;
    }
    if (car(x) == s_qquote && consp(cdr(x)) && !cdr(cdr(x))) {
      tail = qq(x, depth);
      break;
    }
    if (depth == 1 && car(x) == s_var && consp(cdr(x)) && !cdr(cdr(x)) && is_op(second(x), s_unquote)) {
      // (a . @,b) reads as (a sys:var (sys:unquote b))
      tail = var_or_expr(second(second(x)));
      break;
    }
    val item = car(x);
    if (is_op(item, s_splice) && depth == 1 && !cdr(x)) {
      // A splice in the last place is shared, and may be an atom: (a . x).
      tail = second(item);
      break;
    }
    if (is_op(item, s_splice) && depth == 1)
      segs = cons(list({intern_sys("copy-list-seq"), second(item)}), segs);
    else
      segs = cons(list({intern("list"), qq(item, depth)}), segs);
  }
  return qq_join(nreverse(segs), tail);
}

// A hash table in a template (from #J^ JSON objects): rebuilt with its
// keys and values as templates.
static val qq_hash(val h, int depth) {
  val pairs = nullptr, k, v;
  for (size_t c = 0; hash_next(h, &c, &k, &v);) pairs = cons(list({intern("list"), qq(k, depth), qq(v, depth)}), pairs);
  return list(
      {intern("hash-construct"), list({s_quote, hash_print_options(h)}), cons(intern("list"), nreverse(pairs))});
}

static val qq(val x, int depth) {
  StackDepthGuard guard;
  if (!consp(x)) {
    if (is(x, T::Vec)) return list({intern("vec-list"), qq_list(seq_list(x, "qquote"), depth)});
    if (hashp(x)) return qq_hash(x, depth);
    if (is(x, T::Sym) && x != s_t && !keywordp(x)) return list({s_quote, x});
    return x;
  }
  if (depth == 1 && is_var_unquote(x)) return var_or_expr(second(second(x)));
  if (is_op(x, s_unquote)) {
    if (depth == 1) return second(x);
    return list({intern("list"), list({s_quote, s_unquote}), qq(second(x), depth - 1)});
  }
  if (is_op(x, s_splice) && depth > 1)
    return list({intern("list"), list({s_quote, s_splice}), qq(second(x), depth - 1)});
  if (is_op(x, s_qquote)) return list({intern("list"), list({s_quote, s_qquote}), qq(second(x), depth + 1)});
  // #S(type slot value ...) read inside a template
  if (car(x) == s_struct_lit && depth == 1)
    return list({intern_sys("make-struct-lit"), qq(second(x), depth), qq_list(cdr(cdr(x)), depth)});
  // #H(options (key value)...) read inside a template
  if (car(x) == intern_sys("hash-lit") && depth == 1)
    return list(
        {intern("apply"), list({s_fun, intern("hash-from-pairs")}), qq_list(cdr(cdr(x)), depth), qq(second(x), depth)});
  return qq_list(x, depth);
}

val expand_qquote(val x) { return qq(x, 1); }

}  // namespace tine
