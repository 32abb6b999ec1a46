// JSON: the #J read syntax, get-json/get-jsons, and put-json/tojson.
//
// JSON maps to Lisp as TXR maps it: numbers to floats (integers too, with
// *read-json-int*), strings to strings, arrays to vectors, objects to
// equal-based hash tables, true/false/null to t, nil and null.  Inside JSON,
// ~form and ~*form stand for (sys:unquote form) and (sys:splice form), for
// #J^ quasiquotes.
#include <cstdio>

#include "dynamic.hpp"
#include "eval.hpp"
#include "hash.hpp"
#include "lisp.hpp"
#include "number.hpp"
#include "printer.hpp"
#include "reader.hpp"
#include "stream.hpp"
#include "struct.hpp"

namespace tine {

static val s_json, s_null, read_bad_json_sym, read_json_int_sym, print_json_type_sym;

static bool flag(val sym_) { return sym(sym_)->value && sym(sym_)->value != UNBOUND; }

// ---- reading ---------------------------------------------------------------------------

struct JsonParser {
  Reader &r;
  explicit JsonParser(Reader &reader) : r(reader) {}

  // Blanks and Lisp comments; the next character, left unread.
  int32_t skip_blanks() {
    for (;;) {
      int32_t c = r.get();
      if (c == ';') {
        while (c >= 0 && c != '\n') c = r.get();
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
      r.unget(c);
      return c;
    }
  }

  void expect(char32_t want, const char *what) {
    int32_t c = r.get();
    if (c != int32_t(want)) r.fail(what);
  }

  val value() {
    int32_t c = skip_blanks();
    switch (c) {
      case -1: r.fail("end of input reached without seeing object");
      case '"': r.get(); return string();
      case '[': r.get(); return array();
      case '{': r.get(); return object();
      case '#': {
        // circle notation: #n=value, #n#
        r.get();
        int32_t d = r.get();
        if (d < '0' || d > '9') r.fail("JSON: unexpected #");
        return read_json_label(
            r, d, [](void *self) { return static_cast<JsonParser *>(self)->value(); }, this);
      }
      case '~': {
        r.get();
        bool splice = false;
        if (r.peek() == '*') {
          r.get();
          splice = true;
        }
        return list({splice ? s_splice : s_unquote, r.read_datum()});
      }
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        if (c >= 'a' && c <= 'z') return keyword();
        r.fail("JSON: unexpected character", mkchr(char32_t(c)));
    }
  }

  val keyword() {
    std::u32string w;
    while (r.peek() >= 'a' && r.peek() <= 'z') w.push_back(char32_t(r.get()));
    if (w == U"true") return s_t;
    if (w == U"false") return nullptr;
    if (w == U"null") return s_null;
    r.fail("JSON: unrecognized word", mkstr(w));
  }

  void digits(std::u32string &out) {
    if (!(r.peek() >= '0' && r.peek() <= '9')) r.fail("JSON: digits expected in number");
    while (r.peek() >= '0' && r.peek() <= '9') out.push_back(char32_t(r.get()));
  }

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  val number() {
    std::u32string t;
    if (r.peek() == '-') t.push_back(char32_t(r.get()));
    if (r.peek() == '0') {
      t.push_back(char32_t(r.get()));
    } else {
      digits(t);
    }
    bool integral = true;
    if (r.peek() == '.') {
      t.push_back(char32_t(r.get()));
      digits(t);
      integral = false;
    }
    if (r.peek() == 'e' || r.peek() == 'E') {
      t.push_back(char32_t(r.get()));
      if (r.peek() == '+' || r.peek() == '-') t.push_back(char32_t(r.get()));
      digits(t);
      integral = false;
    }
    int32_t after = r.peek();
    if ((after >= '0' && after <= '9') || after == '.' || (after >= 'a' && after <= 'z') ||
        (after >= 'A' && after <= 'Z'))
      r.fail("JSON: bad number");
    if (integral && flag(read_json_int_sym)) return str_to_num(t, 10);
    if (integral) t += U".0";
    val n = str_to_num(t, 10);
    if (!n) r.fail("JSON: number out of range", mkstr(t));
    return n;
  }

  unsigned hex4() {
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      int32_t c = r.get();
      int d = c >= '0' && c <= '9'   ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                     : -1;
      if (d < 0) r.fail("JSON: bad \\u escape");
      v = v * 16 + unsigned(d);
    }
    return v;
  }

  val string() {
    std::u32string s;
    for (;;) {
      int32_t c = r.get();
      if (c < 0) r.fail("JSON: unterminated string");
      if (c == '"') break;
      if (c < 0x20) r.fail("JSON: control character in string");
      if (c == 0) c = 0xDC00;
      if (c != '\\') {
        s.push_back(char32_t(c));
        continue;
      }
      int32_t e = r.get();
      switch (e) {
        case '"':
        case '\\':
        case '/': s.push_back(char32_t(e)); break;
        case 'b': s.push_back(8); break;
        case 'f': s.push_back(12); break;
        case 'n': s.push_back('\n'); break;
        case 'r': s.push_back('\r'); break;
        case 't': s.push_back('\t'); break;
        case 'u': {
          unsigned u = hex4();
          if (u >= 0xD800 && u < 0xDC00 && r.peek() == '\\') {
            // A surrogate pair names one character beyond the BMP.
            r.get();
            if (r.get() != 'u') r.fail("JSON: bad escape after high surrogate");
            unsigned lo = hex4();
            if (lo >= 0xDC00 && lo < 0xE000) {
              s.push_back(char32_t(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)));
              break;
            }
            s.push_back(char32_t(u));
            u = lo;
          }
          s.push_back(u == 0 ? char32_t(0xDC00) : char32_t(u));
          break;
        }
        default: r.fail("JSON: bad escape in string");
      }
    }
    return mkstr(s);
  }

  // After an element: ',' and more, or the closing bracket (a trailing
  // comma is allowed with *read-bad-json*).
  bool more(char32_t close) {
    int32_t c = skip_blanks();
    if (c == int32_t(close)) {
      r.get();
      return false;
    }
    if (c != ',') r.fail("JSON: expected , or closing bracket");
    r.get();
    if (skip_blanks() == int32_t(close) && flag(read_bad_json_sym)) {
      r.get();
      return false;
    }
    return true;
  }

  val array() {
    val v = make_vec(0, nullptr);
    if (skip_blanks() == ']') {
      r.get();
      return v;
    }
    do vec_push(v, value());
    while (more(']'));
    return v;
  }

  val object() {
    val h = make_hash(HashKind::Equal);
    if (skip_blanks() == '}') {
      r.get();
      return h;
    }
    do {
      val k = value();
      skip_blanks();
      expect(':', "JSON: expected : in object");
      sethash(h, k, value());
    } while (more('}'));
    return h;
  }
};

// #J<json> or #J^<json>: (json quote obj) or (json sys:qquote obj).
val read_json_literal(Reader &r) {
  bool quasi = r.peek() == '^';
  if (quasi) r.get();
  JsonParser p(r);
  val obj = p.value();
  return list({s_json, quasi ? s_qquote : s_quote, obj});
}

// ---- writing -------------------------------------------------------------------------------

static void out_ascii(std::u32string &out, const char *s) {
  while (*s) out.push_back(char32_t(*s++));
}

static void out_u(std::u32string &out, unsigned u) {
  char b[8];
  snprintf(b, sizeof b, "\\u%04X", u);
  out_ascii(out, b);
}

static bool starts(std::u32string_view s, size_t i, std::u32string_view w) { return s.substr(i, w.size()) == w; }

static void json_string(std::u32string_view s, std::u32string &out) {
  out.push_back('"');
  for (size_t i = 0; i < s.size(); ++i) {
    char32_t c = s[i];
    switch (c) {
      case '"': out_ascii(out, "\\\""); continue;
      case '\\': out_ascii(out, "\\\\"); continue;
      case 8: out_ascii(out, "\\b"); continue;
      case 9: out_ascii(out, "\\t"); continue;
      case 10: out_ascii(out, "\\n"); continue;
      case 12: out_ascii(out, "\\f"); continue;
      case 13: out_ascii(out, "\\r"); continue;
      default: break;
    }
    // Sequences that could end an HTML script element are broken up.
    if (c == '<' && starts(s, i, U"</script")) {
      out_ascii(out, "<\\/");
      ++i;
      continue;
    }
    if (c == '<' && starts(s, i, U"<!--")) {
      out.push_back('<');
      out_u(out, '!');
      ++i;
      continue;
    }
    if (c == '-' && starts(s, i, U"-->")) {
      out.push_back('-');
      out_u(out, '-');
      ++i;
      continue;
    }
    if (c == 0xDC00) {
      out_u(out, 0);
    } else if (c < 0x20 || (c >= 0x7F && c <= 0xBF) || (c >= 0xD800 && c <= 0xDBFF) || (c >= 0xDD00 && c <= 0xDFFF) ||
               c == 0xFFFE || c == 0xFFFF) {
      out_u(out, unsigned(c));
    } else if (c >= 0x10000) {
      unsigned v = unsigned(c) - 0x10000;
      out_u(out, 0xD800 + (v >> 10));
      out_u(out, 0xDC00 + (v & 0x3FF));
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

[[noreturn]] static void invalid(val obj) { errorf(s_type_error, "~a: invalid object ~s in JSON", "print", obj); }

static void json_value(val obj, std::u32string &out);

static val last_cons(val l) {
  while (consp(cdr(l))) l = cdr(l);
  return l;
}

static void json_seq(val obj, std::u32string &out) {
  out.push_back('[');
  bool first = true;
  SeqIter it(obj, "put-json");
  for (val x; it.next(&x); first = false) {
    if (!first) out.push_back(',');
    json_value(x, out);
  }
  out.push_back(']');
}

static void json_hash(val h, std::u32string &out) {
  out.push_back('{');
  val k, v;
  bool first = true;
  for (size_t c = 0; hash_next(h, &c, &k, &v); first = false) {
    if (!first) out.push_back(',');
    json_value(k, out);
    out.push_back(':');
    json_value(v, out);
  }
  out.push_back('}');
}

// A struct: {"__type":"name", "slot":value ...} (the type with *print-json-type*).
static void json_struct(val obj, std::u32string &out) {
  StructObj *o = struct_checked(obj, "put-json");
  out.push_back('{');
  bool first = true;
  auto key = [&](val sy) {
    std::u32string name;
    print_to(sy, name, false);
    json_string(name, out);
    out.push_back(':');
  };
  if (flag(print_json_type_sym)) {
    json_string(U"__type", out);
    out.push_back(':');
    std::u32string name;
    print_to(o->stype->name, name, false);
    json_string(name, out);
    first = false;
  }
  for (int i = 0; i < o->stype->ninst; ++i) {
    if (!first) out.push_back(',');
    first = false;
    key(o->stype->inst_names[i]);
    json_value(o->slots[i], out);
  }
  out.push_back('}');
}

static void json_value(val obj, std::u32string &out) {
  check_stack_depth();                     // nested sequences recurse here
  if (print_circle_ref(obj, out)) return;  // #n# under *print-circle*
  if (!obj) return out_ascii(out, "false");
  if (obj == s_t) return out_ascii(out, "true");
  if (obj == s_null) return out_ascii(out, "null");
  if (is_fixnum(obj) || is(obj, T::Big)) return out_ascii(out, num_repr(obj).c_str());
  if (floatp(obj)) return out_ascii(out, flo_text(flo(obj), flo_print_precision(), false).c_str());
  if (stringp(obj)) return json_string(sv(obj), out);
  if (consp(obj) || is(obj, T::Vec)) return json_seq(obj, out);
  if (hashp(obj)) return json_hash(obj, out);
  if (is(obj, T::Struct)) return json_struct(obj, out);
  invalid(obj);
}

val json_text(val obj) {
  std::u32string out;
  json_value(obj, out);
  return mkstr(out);
}

// Whether obj has a JSON form (so that printing it cannot fail).
static bool json_ok(val obj, int depth = 0) {
  if (depth > 1000) return false;
  if (print_circle_printed(obj)) return true;  // printed as #n#
  if (!obj || obj == s_t || obj == s_null || numberp(obj) || stringp(obj)) return true;
  if (consp(obj) || is(obj, T::Vec)) {
    SeqIter it(obj, "put-json");
    for (val x; it.next(&x);)
      if (!json_ok(x, depth + 1)) return false;
    return true;
  }
  if (hashp(obj)) {
    val k, v;
    for (size_t c = 0; hash_next(obj, &c, &k, &v);)
      if (!json_ok(k, depth + 1) || !json_ok(v, depth + 1)) return false;
    return true;
  }
  return false;
}

// (json quote obj) prints as #J<json>; false when obj has no JSON form.
bool print_json_form(val form, std::u32string &out) {
  if (car(form) != s_json || !consp(cdr(form)) || car(cdr(form)) != s_quote || !consp(cdr(cdr(form))) ||
      cdr(cdr(cdr(form))))
    return false;
  val obj = car(cdr(cdr(form)));
  if ((consp(obj) && cdr(last_cons(obj))) || !json_ok(obj)) return false;
  out_ascii(out, "#J");
  json_value(obj, out);
  return true;
}

// ---- builtins ----------------------------------------------------------------------------

static val json_source(val src) {
  if (missing(src) || !src) return current_input();
  if (stringp(src)) return make_string_input(src);
  return src;
}

static val read_one(Reader &r, bool whole) {
  JsonParser p(r);
  val v = p.value();
  if (whole && p.skip_blanks() >= 0) r.fail("JSON: unexpected material after object");
  return v;
}

// (get-json [source [err-stream [err-retval [name [lineno]]]]]): with
// err-retval, a syntax error returns it instead of throwing.
static val bi_get_json(const Args &a) {
  bool whole = !missing(a[0]) && stringp(a[0]);  // a string holds one object
  Reader r(json_source(a[0]), missing(a[3]) || !a[3] ? mkstr_utf8("string") : a[3]);
  if (!missing(a[4]) && a[4]) r.line = c_int(a[4], a.name());
  if (missing(a[2])) return read_one(r, whole);
  DynPush push(DynFrame::Catch, list({s_error}), nullptr);
  try {
    return read_one(r, whole);
  } catch (CatchUnwind &u) {
    if (u.target != &push.frame) throw;
    dyn_top = push.saved;
    return a[2];
  } catch (LispThrow &) {
    return a[2];
  }
}

static val bi_get_jsons(const Args &a) {
  Reader r(json_source(a[0]), mkstr_utf8("string"));
  JsonParser p(r);
  val out = nullptr;
  while (p.skip_blanks() >= 0) out = cons(p.value(), out);
  return nreverse(out);
}

static val put(val obj, val stream, bool newline, const char *self) {
  Stream *s = stream_arg(stream, current_output(), self);
  std::u32string out;
  json_value(obj, out);
  if (newline) out.push_back('\n');
  s->put_string(out);
  return s_t;
}

static val bi_put_json(const Args &a) { return put(a[0], a[1], false, a.name()); }
static val bi_put_jsonl(const Args &a) { return put(a[0], a[1], true, a.name()); }

static val bi_put_jsons(const Args &a) {
  SeqIter it(a[0], a.name());
  for (val x; it.next(&x);) put(x, a[1], true, a.name());
  return s_t;
}

static val bi_tojson(const Args &a) { return json_text(a[0]); }

static const BuiltinDef json_builtins[] = {
    {"get-json", 0, 5, false, bi_get_json},   {"get-jsons", 0, 1, false, bi_get_jsons},
    {"put-json", 1, 2, false, bi_put_json},   {"put-jsonl", 1, 2, false, bi_put_jsonl},
    {"put-jsons", 1, 2, false, bi_put_jsons}, {"tojson", 1, 1, false, bi_tojson},
};

void init_json() {
  s_json = intern("json");
  s_null = intern("null");
  register_builtins(json_builtins);
  defvar_builtin("*read-bad-json*", nullptr);
  defvar_builtin("*read-json-int*", nullptr);
  defvar_builtin("*print-json-format*", nullptr);
  defvar_builtin("*print-json-type*", s_t);
  read_bad_json_sym = intern("*read-bad-json*");
  read_json_int_sym = intern("*read-json-int*");
  print_json_type_sym = intern("*print-json-type*");
}

}  // namespace tine
