// Places: set, inc, dec, push, pop, pushnew, del, zap, swap and flip on
// variables, c[ad]r forms, [seq i], [seq a..b], gethash, vecref and friends.
// Each place expands into temporaries, a getter form and a setter.
#include "nodes.hpp"

namespace tine {

struct PlaceX {
  val lets = nullptr;  // ((tmp expr) ...) evaluated once, in order
  val get = nullptr;
  val set_fn = nullptr;    // symbol of a function (args... value) -> value
  val set_args = nullptr;  // leading arguments to set_fn
  val del_fn = nullptr;    // function (args...) -> old value, or nil
  val var = nullptr;       // when the place is a plain variable
  bool once = false;       // the place is only stored to: no temporaries needed
  val setter(val v) const {
    if (var) return list({intern_sys("setq"), var, v});
    return cons(set_fn, append2(set_args, list({v})));
  }
};

static val tmp_for(PlaceX &px, val expr) {
  // Constants need no temporary, nor does a place that is only stored to:
  // its subforms are then evaluated once, left to right, by the setter.
  if (px.once || (!consp(expr) && !is(expr, T::Sym))) return expr;
  val g = gensym(mkstr_utf8("p"));
  px.lets = append2(px.lets, list({list({g, expr})}));
  return g;
}

// c[ad]+r accessor name -> its letters (without c and r), or empty.
static std::u32string cxr_path(val sy) {
  if (!is(sy, T::Sym) || sym(sy)->package != pkg_usr) return U"";
  std::u32string_view n = sv(sym(sy)->name);
  if (n.size() < 3 || n.front() != 'c' || n.back() != 'r') return U"";
  std::u32string_view mid = n.substr(1, n.size() - 2);
  for (char32_t ch : mid)
    if (ch != 'a' && ch != 'd') return U"";
  return std::u32string(mid);
}

static PlaceX expand_place(Compiler &c, val place, Scope *s, bool store_only = false) {
  PlaceX px;
  px.once = store_only;
  if (is(place, T::Sym) && place != s_t && !keywordp(place)) {
    val exp;
    if (c.lookup_symacro(place, s, &exp)) return expand_place(c, exp, s, store_only);
    px.var = px.get = place;
    return px;
  }
  if (!consp(place)) c.fail(place, "~s is not a place", place);
  val head = car(place), args = cdr(place);
  auto sys = [](const char *n) { return intern_sys(n); };
  std::u32string path = cxr_path(head);
  if (!path.empty()) {
    // (cadr x) == (car (cdr x)): reduce to car/cdr of an inner form.
    val inner = car(args);
    for (size_t i = path.size() - 1; i > 0; --i) inner = list({path[i] == 'a' ? intern("car") : intern("cdr"), inner});
    val t = tmp_for(px, inner);
    bool is_car = path[0] == 'a';
    px.get = list({is_car ? intern("car") : intern("cdr"), t});
    px.set_fn = sys(is_car ? "rplaca-v" : "rplacd-v");
    px.set_args = list({t});
    return px;
  }
  if (head == intern("first") || head == intern("rest"))
    return expand_place(c, list({head == intern("first") ? intern("car") : intern("cdr"), car(args)}), s);
  if (head == intern("second")) return expand_place(c, list({intern("cadr"), car(args)}), s);
  if (head == intern("third")) return expand_place(c, list({intern("caddr"), car(args)}), s);
  if (head == intern("nth"))
    return expand_place(c, list({intern("car"), list({intern("nthcdr"), car(args), car(cdr(args))})}), s);
  if (head == s_dwim || head == intern("ref") || head == intern("vecref") || head == intern("gethash")) {
    bool hash_only = head == intern("gethash");
    val obj = tmp_for(px, car(args));
    val idx = tmp_for(px, car(cdr(args)));
    val dflt_form = cdr(cdr(args));
    val dflt = consp(dflt_form) ? tmp_for(px, car(dflt_form)) : nullptr;
    px.get = consp(dflt_form) ? list({hash_only ? head : s_dwim, obj, idx, dflt})
                              : list({hash_only ? head : s_dwim, obj, idx});
    px.set_fn = hash_only ? sys("sethash-v") : sys("dwim-set");
    px.set_args = list({obj, idx});
    px.del_fn = sys("dwim-del");
    return px;
  }
  if (head == intern("symbol-value")) {
    val t = tmp_for(px, car(args));
    px.get = list({head, t});
    px.set_fn = intern("set-symbol-value");
    px.set_args = list({t});
    return px;
  }
  if (head == intern("slot") || head == s_qref) {
    val obj = tmp_for(px, car(args));
    val slotname = head == s_qref ? list({s_quote, car(cdr(args))}) : tmp_for(px, car(cdr(args)));
    px.get = list({intern("slot"), obj, slotname});
    px.set_fn = intern("slotset");
    px.set_args = list({obj, slotname});
    return px;
  }
  if (is(head, T::Sym)) {
    if (val m = c.lookup_macro(head, s)) {
      val margs[2] = {place, make_macro_env(s)};
      val exp = funcall(m, margs, 2);
      if (exp != place) return expand_place(c, exp, s);
    }
  }
  c.fail(place, "~s is not a place", place);
}

static val s_let_star_sym() { return intern("let*"); }
static val wrap(const PlaceX &px, val body) { return px.lets ? list({s_let_star_sym(), px.lets, body}) : body; }

Node *Compiler::compile_place_op(val head, val form, Scope *s) {
  val args = cdr(form);
  std::u32string_view op = sv(sym(head)->name);
  auto fn = [](const char *n) { return intern(n); };
  if (op == U"set") {
    val out = nullptr;
    for (val l = args; l; l = cdr(cdr(l))) {
      if (!consp(cdr(l))) fail(form, "set: odd number of arguments in ~s", form);
      PlaceX px = expand_place(*this, car(l), s, true);
      out = cons(wrap(px, px.setter(car(cdr(l)))), out);
    }
    return compile(cons(s_progn, nreverse(out)), s);
  }
  if (op == U"inc" || op == U"dec") {
    PlaceX px = expand_place(*this, car(args), s);
    val delta = consp(cdr(args)) ? car(cdr(args)) : mkfix(1);
    return compile(wrap(px, px.setter(list({fn(op == U"inc" ? "+" : "-"), px.get, delta}))), s);
  }
  if (op == U"flip") {
    PlaceX px = expand_place(*this, car(args), s);
    return compile(wrap(px, px.setter(list({fn("not"), px.get}))), s);
  }
  if (op == U"push" || op == U"pushnew") {
    val item = gensym(mkstr_utf8("item"));
    PlaceX px = expand_place(*this, car(cdr(args)), s);
    val newval = list({fn("cons"), item, px.get});
    val body = px.setter(newval);
    if (op == U"pushnew") {
      val test = consp(cdr(cdr(args))) ? car(cdr(cdr(args))) : list({s_fun, fn("eql")});
      body = list({intern("if"), list({fn("member"), item, px.get, test}), px.get, body});
    }
    return compile(list({s_let, list({list({item, car(args)})}), wrap(px, body)}), s);
  }
  if (op == U"pop") {
    PlaceX px = expand_place(*this, car(args), s);
    val cell = gensym(mkstr_utf8("cell"));
    val body = list({s_let, list({list({cell, px.get})}), px.setter(list({fn("cdr"), cell})), list({fn("car"), cell})});
    return compile(wrap(px, body), s);
  }
  if (op == U"zap") {
    PlaceX px = expand_place(*this, car(args), s);
    val nv = consp(cdr(args)) ? car(cdr(args)) : nullptr;
    return compile(wrap(px, list({intern("prog1"), px.get, px.setter(nv)})), s);
  }
  if (op == U"del") {
    PlaceX px = expand_place(*this, car(args), s);
    if (!px.del_fn) fail(form, "del: ~s is not a deletable place", car(args));
    return compile(wrap(px, cons(px.del_fn, px.set_args)), s);
  }
  if (op == U"swap") {
    PlaceX a = expand_place(*this, car(args), s);
    PlaceX b = expand_place(*this, car(cdr(args)), s);
    val t = gensym(mkstr_utf8("swap"));
    val body = list({s_let, list({list({t, a.get})}), a.setter(b.get), b.setter(t), t});
    return compile(list({s_let_star_sym(), append2(a.lets, b.lets), body}), s);
  }
  fail(form, "unknown place operator ~s", head);
}

}  // namespace tine
