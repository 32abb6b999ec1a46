// The printer: the readable (escaped) and pretty representations of values.
#include <cctype>
#include <algorithm>
#include <cstdio>
#include <vector>

#include "compiler.hpp"
#include "eval.hpp"
#include "hash.hpp"
#include "lisp.hpp"
#include "number.hpp"
#include "printer.hpp"
#include "package.hpp"
#include "stream.hpp"
#include "struct.hpp"

namespace tine {

PrintFn print_ops[64];

static void out_ascii(std::u32string &out, const char *s) {
  while (*s) out.push_back(char32_t(*s++));
}

static const char *char_name(char32_t c) {
  switch (c) {
    case ' ': return "space";
    case '\n': return "newline";
    case '\t': return "tab";
    case '\r': return "return";
    case 0: return "nul";
    case 27: return "esc";
    case 8: return "backspace";
    case 7: return "alarm";
    case 127: return "rubout";
    case 12: return "page";
    case 11: return "vtab";
    default: return nullptr;
  }
}

static void print_char(char32_t c, std::u32string &out, bool escape) {
  if (!escape) {
    out.push_back(c);
    return;
  }
  out_ascii(out, "#\\");
  if (const char *n = char_name(c)) {
    out_ascii(out, n);
  } else if (c < 32 || (c >= 0x7F && c < 0xA0) || (c >= 0xDC00 && c <= 0xDCFF) || (c & 0xFFFE) == 0xFFFE) {
    char buf[16];
    snprintf(buf, sizeof buf, "x%X", unsigned(c));
    out_ascii(out, buf);
  } else {
    out.push_back(c);
  }
}

// Control characters, C1 controls, raw bytes (U+DCxx) and the
// noncharacters ending each plane print as hex escapes.
static bool escaped_in_string(char32_t c) {
  return c < 32 || (c >= 0x7F && c < 0xA0) || (c >= 0xDC00 && c <= 0xDCFF) || (c & 0xFFFE) == 0xFFFE;
}

static void print_string(std::u32string_view s, std::u32string &out, bool escape) {
  if (!escape) {
    out += s;
    return;
  }
  out.push_back('"');
  for (size_t k = 0; k < s.size(); ++k) {
    char32_t c = s[k];
    switch (c) {
      case '"': out_ascii(out, "\\\""); break;
      case '\\': out_ascii(out, "\\\\"); break;
      case '\n': out_ascii(out, "\\n"); break;
      case '\t': out_ascii(out, "\\t"); break;
      case '\r': out_ascii(out, "\\r"); break;
      case 27: out_ascii(out, "\\e"); break;
      case 0: out_ascii(out, "\\x0;"); break;
      default:
        if (escaped_in_string(c)) {
          // TXR's form: 2, 4 or 6 digits, and a ; only where a hex digit
          // follows and would otherwise extend the escape.
          char buf[16];
          snprintf(buf, sizeof buf, "\\x%0*X", c < 0x100 ? 2 : c < 0x10000 ? 4 : 6, unsigned(c));
          out_ascii(out, buf);
          if (k + 1 < s.size() && s[k + 1] < 128 && isxdigit(int(s[k + 1]))) out.push_back(';');
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

static bool symbol_char(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c > 127 ||
         std::u32string_view(U"!$%&*+-<=>?\\_~/^").find(c) != std::u32string_view::npos;
}

static void print_symbol(val s, std::u32string &out, bool escape) {
  if (!s) {
    out_ascii(out, "nil");
    return;
  }
  Sym *p = sym(s);
  if (escape) {
    // A prefix when the reader would not find the symbol from *package*.
    if (p->package == pkg_keyword) {
      out.push_back(':');
    } else if (!p->package) {
      out_ascii(out, "#:");
    } else if (!symbol_visible(s)) {
      out += sv(static_cast<Pkg *>(p->package)->name);
      out.push_back(':');
    }
  } else if (p->package == pkg_keyword) {
    out.push_back(':');
  }
  std::u32string_view name = sv(p->name);
  if (!escape) {
    out += name;
    return;
  }
  for (char32_t c : name) {
    if (!symbol_char(c)) out.push_back('\\');
    out.push_back(c);
  }
}

static bool circle_shared(val v);  // under *print-circle*, reached more than once

// A proper list none of whose conses is shared: [...] and a.b syntax can
// show it.
static bool proper_unshared(val l) {
  CycleCheck cycle(l);
  for (; consp(l); cycle.step(l = cdr(l), "print"))
    if (circle_shared(l)) return false;
  return !l;
}

// Forms printed in their read syntax: 'x ^x ,x ,*x @x [..] a..b a.b
// (qref a b (m x)) prints as a.b.(m x), (qref (t a) b) as a.?b, (uref a) as
// .a and (uref t a) as .?a, when every part can be read back that way.
static bool null_safe_part(val x) { return consp(x) && car(x) == s_t && consp(cdr(x)) && !cdr(cdr(x)); }

static bool ref_part_ok(val x, bool last) {
  if (null_safe_part(x)) return !last && ref_part_ok(car(cdr(x)), true);
  if (consp(x)) return car(x) != s_qref && car(x) != s_uref && car(x) != s_t;
  return symbolp(x);
}

static bool print_ref(val head, val rest, std::u32string &out, bool escape) {
  bool uref = head == s_uref;
  if (uref && car(rest) == s_t && consp(cdr(rest))) {
    out_ascii(out, ".?");
    rest = cdr(rest);
  } else if (uref) {
    out.push_back('.');
  } else if (!consp(cdr(rest))) {
    return false;
  }
  if (!proper_unshared(rest)) return false;  // also ends at a circular list
  for (val l = rest; l; l = cdr(l))
    if (!ref_part_ok(car(l), !cdr(l))) return false;
  for (val l = rest; l; l = cdr(l)) {
    bool safe = null_safe_part(car(l));
    print_to(safe ? car(cdr(car(l))) : car(l), out, escape);
    if (cdr(l)) out_ascii(out, safe ? ".?" : ".");
  }
  return true;
}

static bool print_special(val obj, std::u32string &out, bool escape) {
  val head = car(obj), rest = cdr(obj);
  if (!consp(rest) || circle_shared(rest)) return false;
  static val s_json = intern("json");
  if (head == s_json && print_json_form(obj, out)) return true;
  bool one = !cdr(rest);
  const char *prefix = nullptr;
  if (one && head == s_quote)
    prefix = "'";
  else if (one && head == s_qquote)
    prefix = "^";
  else if (one && head == s_unquote)
    prefix = ",";
  else if (one && head == s_splice)
    prefix = ",*";
  else if (one && head == s_var)
    prefix = "@";
  if (prefix) {
    out_ascii(out, prefix);
    print_to(car(rest), out, escape);
    return true;
  }
  if (head == s_struct_lit) {  // #S(...) read inside a quasiquote
    out_ascii(out, "#S");
    print_to(rest, out, escape);
    return true;
  }
  if (head == s_qref || head == s_uref) {
    // checked before printing anything: a uref prefix is only written once
    // the parts are known to be printable
    std::u32string tmp;
    if (print_ref(head, rest, tmp, escape)) {
      out += tmp;
      return true;
    }
  }
  if (head == s_expr && one) {
    out.push_back('@');
    print_to(car(rest), out, escape);
    return true;
  }
  if (head == s_dwim && proper_unshared(rest)) {
    out.push_back('[');
    for (val l = rest; l; l = cdr(l)) {
      print_to(car(l), out, escape);
      if (cdr(l)) out.push_back(' ');
    }
    out.push_back(']');
    return true;
  }
  // a..b..c groups to the right: a range on the left needs the list form.
  if (head == s_rcons && consp(cdr(rest)) && !cdr(cdr(rest)) && !circle_shared(cdr(rest)) &&
      !(consp(car(rest)) && car(car(rest)) == s_rcons)) {
    print_to(car(rest), out, escape);
    out_ascii(out, "..");
    print_to(car(cdr(rest)), out, escape);
    return true;
  }
  return false;
}

static void print_obj(val obj, std::u32string &out, bool escape);

// ---- *print-circle*: #n= and #n# for objects reached more than once -----------------

struct CircleState {
  val seen;  // eq hash: object -> 0 (once), -1 (shared, unlabeled), n (label)
  intptr_t next = 0;
};
static CircleState *circle;  // while a *print-circle* print is under way
static val print_circle_sym;

// Objects that get labels: aggregates, non-empty strings and bignums.
static bool labelable(val v) {
  if (!is_ptr(v)) return false;
  switch (v->type) {
    case T::Cons:
    case T::LCons:
    case T::Vec:
    case T::Hash:
    case T::Range:
    case T::Big:
    case T::Struct: return true;
    case T::Str: return str_of(v)->len > 0;
    default: return false;
  }
}

// Mark every object reached more than once from root.
static void find_shared(val root, val seen) {
  std::vector<val, gc_allocator_val> todo{root};
  while (!todo.empty()) {
    val v = todo.back();
    todo.pop_back();
    if (!labelable(v)) continue;
    bool found;
    gethash(seen, v, &found);
    if (found) {
      sethash(seen, v, mkfix(-1));
      continue;
    }
    sethash(seen, v, mkfix(0));
    switch (v->type) {
      case T::Cons:
      case T::LCons:
        todo.push_back(cdr(v));
        todo.push_back(car(v));
        break;
      case T::Vec:
        for (size_t i = vec_of(v)->len; i > 0; --i) todo.push_back(vec_of(v)->data[i - 1]);
        break;
      case T::Range:
        todo.push_back(static_cast<Range *>(v)->to);
        todo.push_back(static_cast<Range *>(v)->from);
        break;
      case T::Hash: {
        val k, x;
        for (size_t c = 0; hash_next(v, &c, &k, &x);) {
          todo.push_back(x);
          todo.push_back(k);
        }
        break;
      }
      case T::Struct: {
        StructObj *o = static_cast<StructObj *>(v);
        for (size_t i = 0; i < o->n; ++i) todo.push_back(o->slots[i]);
        break;
      }
      default: break;
    }
  }
}

static intptr_t circle_state(val obj) {
  val st = gethash(circle->seen, obj);
  return st ? fixval(st) : 0;
}

static bool circle_shared(val v) { return circle && labelable(v) && circle_state(v) != 0; }

bool print_circle_printed(val obj) { return circle && labelable(obj) && circle_state(obj) > 0; }

bool print_circle_ref(val obj, std::u32string &out) {
  if (!circle || !labelable(obj)) return false;
  intptr_t st = circle_state(obj);
  if (st == 0) return false;
  std::string label = "#" + std::to_string(st > 0 ? st : circle->next + 1);
  if (st > 0) {
    out_ascii(out, (label + "#").c_str());
    return true;
  }
  sethash(circle->seen, obj, mkfix(++circle->next));
  out_ascii(out, (label + "=").c_str());
  return false;
}

// ---- line breaking ----------------------------------------------------------------

// The indentation state of the text being printed into one buffer (TXR keeps
// it in the stream: a print starts at column 0, or after the buffer's last
// newline).
enum IndentMode { IndentOff = 0, IndentData = 1, IndentCode = 2, IndentForceOff = 3 };
struct Layout {
  std::u32string *out;
  size_t line_start, scanned;
  int mode = IndentOff;
  long indent = 0;
  bool force = false;
};
static Layout *layout;  // for the buffer being printed into

static long column() {
  Layout &l = *layout;
  const std::u32string &o = *l.out;
  for (size_t i = l.scanned; i < o.size(); ++i)
    if (o[i] == '\n') {
      l.line_start = i + 1;
      l.force = false;
    }
  l.scanned = o.size();
  return long(o.size() - l.line_start);
}

// Outside a print (no layout for the buffer) nothing is ever broken.
PrintAggregate::PrintAggregate(std::u32string &out) : out_(out) {
  if (!layout || layout->out != &out) {
    saved_mode_ = IndentForceOff;
    saved_indent_ = 0;
    return;
  }
  saved_mode_ = layout->mode;
  saved_indent_ = layout->indent;
  if (layout->mode == IndentOff) layout->mode = IndentData;
}

PrintAggregate::~PrintAggregate() {
  if (!layout || layout->out != &out_) return;
  if (broke_) layout->force = true;
  layout->mode = saved_mode_;
  layout->indent = saved_indent_;
}

bool PrintAggregate::laid_out() const { return layout && layout->out == &out_; }

void PrintAggregate::indent_here(long delta) {
  if (laid_out()) layout->indent = std::max(0L, column() + delta);
}

void PrintAggregate::code_mode() {
  if (laid_out() && layout->mode != IndentForceOff) layout->mode = IndentCode;
}

bool PrintAggregate::code() const { return laid_out() && layout->mode == IndentCode; }

void PrintAggregate::separator() {
  if (!laid_out()) {
    out_.push_back(' ');
    return;
  }
  Layout &l = *layout;
  long col = column();
  bool on = l.mode == IndentData || l.mode == IndentCode;
  if ((l.mode == IndentCode && col >= l.indent + 10) || (l.mode == IndentData && col >= l.indent + 60) ||
      (on && l.force)) {
    out_.push_back('\n');
    l.line_start = l.scanned = out_.size();
    out_.append(size_t(l.indent), U' ');
    l.force = false;
    broke_ = true;
  } else {
    out_.push_back(' ');
  }
}

static bool code_mode_now() { return layout && layout->mode == IndentCode; }

// Runs print for a buffer with its own layout when out is not the buffer
// being printed into already (a print method's string, say).
template <class F>
static void with_layout(std::u32string &out, F print) {
  if (layout && layout->out == &out) {
    print();
    return;
  }
  size_t nl = out.rfind(U'\n');
  Layout l{&out, nl == std::u32string::npos ? 0 : nl + 1, out.size()};
  struct Restore {
    Layout *saved = layout;
    ~Restore() { layout = saved; }
  } restore;
  layout = &l;
  print();
}

static bool force_circle;  // print_to_circle under way

// Deep structure (a struct whose slot holds its parent, say) ends in the
// stack check's stack-overflow error, not a crash.
static void print_to_laid_out(val obj, std::u32string &out, bool escape);

void print_to(val obj, std::u32string &out, bool escape) {
  with_layout(out, [&] { print_to_laid_out(obj, out, escape); });
}

static void print_to_laid_out(val obj, std::u32string &out, bool escape) {
  if (is_ptr(obj)) check_stack_depth();
  if (!circle && is_ptr(obj) && labelable(obj) &&
      (force_circle || (sym(print_circle_sym)->value && sym(print_circle_sym)->value != UNBOUND))) {
    CircleState state{make_hash(HashKind::Eq)};
    find_shared(obj, state.seen);
    circle = &state;
    try {
      print_obj(obj, out, escape);
    } catch (...) {
      circle = nullptr;
      throw;
    }
    circle = nullptr;
    return;
  }
  print_obj(obj, out, escape);
}

// The head of a form decides its layout: a special operator or macro form
// hangs its arguments two columns in from the parenthesis, a function call
// under its first argument; both in code mode.  Other lists align their
// elements under the first.
enum class ListKind { Data, Operator, Call, Lambda };

static ListKind list_kind(val obj) {
  val head = car(obj);
  if (!head || !is(head, T::Sym)) return ListKind::Data;
  if (head == s_lambda && consp(cdr(obj)) && symbolp(car(cdr(obj)))) return ListKind::Lambda;
  if (is_special_form(head) || global_macro(head)) return ListKind::Operator;
  if (global_fun(head)) return ListKind::Call;
  return ListKind::Data;
}

// Without circle notation a circular list is an error, not endless output.
static void print_list(val obj, std::u32string &out, bool escape) {
  PrintAggregate agg(out);
  if (print_special(obj, out, escape)) return;
  out.push_back('(');
  val l = obj;
  bool skip_first = false;  // the first element was printed with the head
  switch (list_kind(obj)) {
    case ListKind::Data: agg.indent_here(0); break;
    case ListKind::Operator:
      agg.indent_here(1);
      agg.code_mode();
      break;
    case ListKind::Call:
      print_to(car(obj), out, escape);
      agg.indent_here(1);
      agg.code_mode();
      skip_first = true;
      break;
    case ListKind::Lambda:
      agg.indent_here(1);
      agg.code_mode();
      print_to(car(obj), out, escape);
      if (val params = car(cdr(obj))) {
        out_ascii(out, " (. ");
        print_to(params, out, escape);
        out.push_back(')');
      } else {
        out_ascii(out, " ()");
      }
      l = cdr(obj);
      skip_first = true;
      break;
  }
  CycleCheck cycle(obj);
  for (;;) {
    if (!skip_first) print_to(car(l), out, escape);
    skip_first = false;
    l = cdr(l);
    if (!circle) cycle.step(l, "print");
    if (!l) break;
    if (!consp(l) || (circle && circle_state(l) != 0)) {
      out_ascii(out, " . ");
      print_to(l, out, escape);
      break;
    }
    agg.separator();
  }
  out.push_back(')');
}

static void print_hash(val h, std::u32string &out, bool escape) {
  PrintAggregate agg(out);
  out_ascii(out, "#H(");
  agg.indent_here(0);
  val opts = hash_print_options(h);
  if (opts)
    print_to(opts, out, escape);
  else
    out_ascii(out, "()");
  val k, v;
  for (size_t c = 0; hash_next(h, &c, &k, &v);) {
    agg.separator();
    out.push_back('(');
    print_to(k, out, escape);
    out.push_back(' ');
    print_to(v, out, escape);
    out.push_back(')');
  }
  out.push_back(')');
}

// A float, through *print-flo-format* (escaped) or *pprint-flo-format*:
// their defaults "~s" and "~a" are done here directly.
static void print_float(val f, std::u32string &out, bool escape) {
  static val print_fmt = intern("*print-flo-format*"), pprint_fmt = intern("*pprint-flo-format*");
  val fmt = sym(escape ? print_fmt : pprint_fmt)->value;
  if (stringp(fmt) && !(str_of(fmt)->len == 2 && sv(fmt)[0] == '~' && (sv(fmt)[1] == 's' || sv(fmt)[1] == 'a'))) {
    val arg = f;
    out += sv(format_str(fmt, Args{&arg, 1}, 0, escape ? "print" : "pprint"));
    return;
  }
  bool readable = stringp(fmt) ? sv(fmt)[1] == 's' : escape;
  out_ascii(out, flo_text(flo(f), flo_print_precision(), readable).c_str());
}

static void print_fun(val f, std::u32string &out, bool escape) {
  Fun *fn = fun_of(f);
  if (fn->kind == FunKind::Closure) {
    // as TXR: the name (or lambda) and the parameter list
    out_ascii(out, "#<interpreted fun: ");
    if (fn->name)
      print_to(fn->name, out, escape);
    else
      out_ascii(out, "lambda");
    out.push_back(' ');
    print_to(fn->code->params, out, escape);
    out.push_back('>');
    return;
  }
  out_ascii(out, "#<intrinsic fun: ");
  if (fn->name) print_to(fn->name, out, false);
  out.push_back('>');
}

// *print-base*: 2, 8, 10 or 16 (others count as 10).
static int print_base() {
  static val base_sym = intern("*print-base*");
  val b = sym(base_sym)->value;
  if (b == mkfix(10) || !is_fixnum(b)) return 10;
  intptr_t n = fixval(b);
  return n == 2 || n == 8 || n == 16 ? int(n) : 10;
}

// An integer in a base; hex digits in upper case, as TXR prints them.
static void print_integer(val n, int base, std::u32string &out) {
  std::u32string digits(sv(num_to_str(n, base)));
  for (char32_t &c : digits)
    if (c >= 'a' && c <= 'z') c -= 32;
  out += digits;
}

static void print_obj(val obj, std::u32string &out, bool escape) {
  if (circle && print_circle_ref(obj, out)) return;
  if (!obj) {
    out_ascii(out, code_mode_now() ? "()" : "nil");
    return;
  }
  if (is_fixnum(obj)) {
    if (int base = print_base(); base != 10)
      print_integer(obj, base, out);
    else
      out_ascii(out, std::to_string(fixval(obj)).c_str());
    return;
  }
  if (is_chr(obj)) {
    print_char(chrval(obj), out, escape);
    return;
  }
  switch (obj->type) {
    case T::Cons:
    case T::LCons: print_list(obj, out, escape); return;
    case T::Sym: print_symbol(obj, out, escape); return;
    case T::Str: print_string(sv(obj), out, escape); return;
    case T::Big: print_integer(obj, print_base(), out); return;
    case T::Flo: print_float(obj, out, escape); return;
    case T::Vec: {
      PrintAggregate agg(out);
      out_ascii(out, "#(");
      agg.indent_here(0);
      Vec *v = vec_of(obj);
      for (size_t i = 0; i < v->len; ++i) {
        if (i) agg.separator();
        print_to(v->data[i], out, escape);
      }
      out.push_back(')');
      return;
    }
    case T::Hash: print_hash(obj, out, escape); return;
    case T::Buf: {
      out_ascii(out, "#b'");
      Buf *b = buf_of(obj);
      char hex[3];
      for (size_t i = 0; i < b->len; ++i) {
        snprintf(hex, sizeof hex, "%02x", b->data[i]);
        out_ascii(out, hex);
      }
      out.push_back('\'');
      return;
    }
    case T::Range: {
      out_ascii(out, "#R(");
      print_to(static_cast<Range *>(obj)->from, out, escape);
      out.push_back(' ');
      print_to(static_cast<Range *>(obj)->to, out, escape);
      out.push_back(')');
      return;
    }
    case T::Fun: print_fun(obj, out, escape); return;
    case T::Pkg:
      out_ascii(out, "#<package: ");
      out += sv(static_cast<Pkg *>(obj)->name);
      out.push_back('>');
      return;
    case T::Stream: {
      Stream *s = static_cast<StreamObj *>(obj)->impl;
      out_ascii(out, "#<");
      out_ascii(out, s->kind_name());
      out.push_back(' ');
      if (s->name) print_to(s->name, out, false);
      if (s->closed) out_ascii(out, " (closed)");
      out.push_back('>');
      return;
    }
    default:
      if (PrintFn fn = print_ops[int(obj->type)]) {
        fn(obj, out, escape);
        return;
      }
      char buf[64];
      snprintf(buf, sizeof buf, "#<object %p>", static_cast<void *>(obj));
      out_ascii(out, buf);
  }
}

void print_to_circle(val obj, std::u32string &out, bool escape) {
  struct Force {
    bool saved = force_circle;
    Force() { force_circle = true; }
    ~Force() { force_circle = saved; }
  } force;
  print_to(obj, out, escape);
}

val tostring(val obj) {
  std::u32string out;
  print_to(obj, out, true);
  return mkstr(out);
}

val tostringp(val obj) {
  std::u32string out;
  print_to(obj, out, false);
  return mkstr(out);
}

std::string repr(val obj) {
  std::u32string out;
  print_to(obj, out, true);
  return utf8_encode(out);
}

// ---- builtins --------------------------------------------------------------------

static val print_with(const Args &a, bool escape, bool newline, const char *self) {
  Stream *s = stream_arg(a[1], current_output(), self);
  std::u32string out;
  print_to(a[0], out, escape);
  if (newline) out.push_back('\n');
  s->put_string(out);
  return a[0];
}

static val bi_print(const Args &a) { return print_with(a, true, false, a.name()); }
static val bi_pprint(const Args &a) { return print_with(a, false, false, a.name()); }
static val bi_prinl(const Args &a) { return print_with(a, true, true, a.name()); }
static val bi_pprinl(const Args &a) { return print_with(a, false, true, a.name()); }
// tprint: lists and vectors flattened, every other object on its own line.
static void tprint_to(val obj, Stream *s) {
  if (!obj || consp(obj)) {
    CycleCheck cycle(obj);
    for (val l = obj; consp(l); cycle.step(l = cdr(l), "tprint")) tprint_to(car(l), s);
  } else if (is(obj, T::Vec)) {
    for (size_t i = 0; i < vec_of(obj)->len; ++i) tprint_to(vec_of(obj)->data[i], s);
  } else {
    std::u32string out;
    print_to(obj, out, false);
    out.push_back('\n');
    s->put_string(out);
  }
}

static val bi_tprint(const Args &a) {
  tprint_to(a[0], stream_arg(a[1], current_output(), a.name()));
  return nullptr;
}

static val bi_tostring(const Args &a) { return tostring(a[0]); }
static val bi_tostringp(const Args &a) { return tostringp(a[0]); }

static const BuiltinDef printer_builtins[] = {
    {"print", 1, 1, false, bi_print},         {"pprint", 1, 1, false, bi_pprint},
    {"prinl", 1, 1, false, bi_prinl},         {"pprinl", 1, 1, false, bi_pprinl},
    {"tprint", 1, 1, false, bi_tprint},       {"tostring", 1, 0, false, bi_tostring},
    {"tostringp", 1, 0, false, bi_tostringp},
};

void init_printer() {
  register_builtins(printer_builtins);
  defvar_builtin("*print-circle*", nullptr);
  print_circle_sym = intern("*print-circle*");
}

}  // namespace tine
