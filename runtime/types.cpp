// TXR's type hierarchy: typeof, subtypep, typep, built-in-type-p.  Built-in
// types are symbols with their direct supertypes listed below; struct types
// take part through their inheritance, under the abstract type struct, and
// under sequence when they have a car or length method.  The types atom
// (anything but a cons) and nil (the empty type) are handled by rule.
#include "stream.hpp"
#include "struct.hpp"

namespace tine {

static const struct {
  const char *name;
  const char *supers;  // space-separated direct supertypes
} type_table[] = {
    {"t", ""},
    {"atom", "t"},
    {"sequence", "t"},
    {"string", "sequence"},
    {"str", "string"},
    {"lstr", "string"},
    {"lit", "string"},
    {"list", "sequence"},
    {"null", "list sym"},
    {"cons", "list"},
    {"lcons", "cons"},
    {"vec", "sequence"},
    {"number", "t"},
    {"float", "number"},
    {"integer", "number"},
    {"fixnum", "integer"},
    {"bignum", "integer"},
    {"chr", "t"},
    {"sym", "t"},
    {"env", "t"},
    {"range", "t"},
    {"tnode", "t"},
    {"pkg", "t"},
    {"fun", "t"},
    {"args", "t"},
    {"struct", "t"},
    // TXR's cobj types: no common supertype visible to programs.
    {"hash", "t"},
    {"hash-iter", "t"},
    {"stream", "t"},
    {"stdio-stream", "stream"},
    {"random-state", "t"},
    {"regex", "t"},
    {"buf", "t"},
    {"tree", "t"},
    {"tree-iter", "t"},
    {"seq-iter", "t"},
    {"seq-iter", "t"},
    {"cptr", "t"},
    {"carray", "t"},
    {"ffi-type", "t"},
    {"ffi-call-desc", "t"},
    {"ffi-closure", "t"},
    {"union", "t"},
    {"struct-type", "t"},
    {"digest-ctx", "t"},
    {"box", "t"},
};

static val supers_table;  // eq hash: built-in type symbol -> list of direct supertypes
static val s_atom, s_struct, s_sequence, s_cons, s_lcons, s_null, s_car, s_length;

// The name of each object type; nullptr where typeof needs more than the tag.
static const char *type_name(T t) {
  switch (t) {
    case T::Cons: return "cons";
    case T::LCons: return "lcons";
    case T::Sym: return "sym";
    case T::Pkg: return "pkg";
    case T::Str: return "str";
    case T::Big: return "bignum";
    case T::Flo: return "float";
    case T::Vec: return "vec";
    case T::Hash: return "hash";
    case T::Fun: return "fun";
    case T::Buf: return "buf";
    case T::Stream: return nullptr;
    case T::Range: return "range";
    case T::RandState: return "random-state";
    case T::Struct: return nullptr;
    case T::StructType: return "struct-type";
    case T::CPtr: return "cptr";
    case T::CArray: return "carray";
    case T::FfiType: return "ffi-type";
    case T::FfiCallDesc: return "ffi-call-desc";
    case T::FfiClosure: return "ffi-closure";
    case T::FfiUnion: return "union";
    case T::Regex: return "regex";
    case T::Env: return "env";
    case T::Box: return "box";
    case T::HashIter: return "hash-iter";
    case T::Digest: return "digest-ctx";
    case T::Tree: return "tree";
    case T::TNode: return "tnode";
    case T::TreeIter: return "tree-iter";
    case T::LazyStr: return "lazy-str";
    case T::SeqIter: return "seq-iter";
  }
  return "t";
}

val type_of(val v) {
  if (!v) return s_null;
  if (is_fixnum(v)) return intern("fixnum");
  if (is_chr(v)) return intern("chr");
  switch (v->type) {
    case T::Struct: return static_cast<StructObj *>(v)->stype->name;
    case T::Stream:
      return intern(dynamic_cast<FdStream *>(static_cast<StreamObj *>(v)->impl) ? "stdio-stream" : "stream");
    default: return intern(type_name(v->type));
  }
}

static bool builtin_type_p(val sym) {
  bool found = false;
  gethash(supers_table, sym, &found);
  return found;
}

// A type argument: a struct type (object or name), else a symbol.
struct TypeArg {
  val sym = nullptr;
  StructType *st = nullptr;
};

static TypeArg type_arg(val v, const char *self) {
  TypeArg t;
  if (is(v, T::StructType)) {
    t.st = static_cast<StructType *>(v);
    t.sym = t.st->name;
    return t;
  }
  if (!symbolp(v)) type_err(self, v, "a type symbol or struct type");
  t.sym = v;
  if (v && !builtin_type_p(v)) t.st = find_struct_type(v);
  return t;
}

static bool builtin_subtype(val left, val right) {
  if (left == right) return true;
  for (val l = gethash(supers_table, left); l; l = cdr(l))
    if (builtin_subtype(car(l), right)) return true;
  return false;
}

static bool struct_sequence_p(StructType *t) { return struct_type_method(t, s_car) || struct_type_method(t, s_length); }

static bool subtype(const TypeArg &l, const TypeArg &r) {
  if (l.st && r.st) return struct_subtype_p(l.st, r.st);
  if (l.sym == r.sym) return true;
  if (!l.sym) return true;   // nil: the empty type
  if (!r.sym) return false;  // nothing else is a subtype of nil
  if (r.sym == s_t) return true;
  if (l.sym == s_t) return false;
  if (r.sym == s_atom) return l.sym != s_cons && l.sym != s_lcons;
  if (l.st) return r.sym == s_struct || (r.sym == s_sequence && struct_sequence_p(l.st));
  if (r.st) return false;
  return builtin_subtype(l.sym, r.sym);
}

static val bi_typeof(const Args &a) { return type_of(a[0]); }

static val bi_subtypep(const Args &a) { return boolv(subtype(type_arg(a[0], a.name()), type_arg(a[1], a.name()))); }

static val bi_typep(const Args &a) {
  TypeArg r = type_arg(a[1], a.name());
  val obj = a[0];
  if (structp(obj)) {
    StructType *st = static_cast<StructObj *>(obj)->stype;
    if (r.st) return boolv(struct_subtype_p(st, r.st));
    TypeArg l;
    l.sym = st->name;
    l.st = st;
    return boolv(subtype(l, r));
  }
  if (r.st) return nullptr;
  TypeArg l;
  l.sym = type_of(obj);
  return boolv(subtype(l, r));
}

static val bi_built_in_type_p(const Args &a) { return boolv(symbolp(a[0]) && a[0] && builtin_type_p(a[0])); }

static const BuiltinDef type_builtins[] = {
    {"typeof", 1, 0, false, bi_typeof},
    {"subtypep", 2, 0, false, bi_subtypep},
    {"typep", 2, 0, false, bi_typep},
    {"built-in-type-p", 1, 0, false, bi_built_in_type_p},
};

void init_types() {
  register_builtins(type_builtins);
  supers_table = make_hash(HashKind::Eq);
  for (auto &e : type_table) {
    val supers = nullptr;
    std::string s = e.supers;
    for (size_t i = 0; i < s.size();) {
      size_t j = s.find(' ', i);
      if (j == std::string::npos) j = s.size();
      supers = cons(intern(s.substr(i, j - i).c_str()), supers);
      i = j + 1;
    }
    sethash(supers_table, intern(e.name), nreverse(supers));  // t's entry is nil
  }
  s_atom = intern("atom");
  s_struct = intern("struct");
  s_sequence = intern("sequence");
  s_cons = intern("cons");
  s_lcons = intern("lcons");
  s_null = intern("null");
  s_car = intern("car");
  s_length = intern("length");
  def_exception(intern("case-error"), s_error);
}

}  // namespace tine
