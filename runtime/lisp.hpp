// The runtime's internal API, shared by every module.
#pragma once
#include <string>
#include <string_view>

#include "alloc.hpp"
#include "value.hpp"

namespace tine {

// ---- functions --------------------------------------------------------
struct Fun;
struct Args {
  val *v;
  int n;
  Fun *self = nullptr;
  val operator[](int i) const { return v[i]; }
  const char *name() const;  // the called builtin's name, for error messages
};
using BuiltinFn = val (*)(const Args &);
struct Lambda;
struct Frame;

enum class FunKind : uint8_t { Builtin, Closure };
struct Fun : Obj {
  FunKind kind;
  bool variadic;  // builtin takes any number past req+opt
  int16_t req, opt;
  val name;
  BuiltinFn fn;       // Builtin
  Lambda *code;       // Closure
  Frame *env;         // Closure
  void *ctx;          // Builtin: host data (embedding API)
  val data;           // Builtin: closed-over value for C++-made closures
  const char *cname;  // Builtin: the name as UTF-8, for error messages
};
inline const char *Args::name() const { return self && self->cname ? self->cname : "lambda"; }
inline Fun *fun_of(val v) { return static_cast<Fun *>(v); }
inline bool missing(val v) { return v == s_colon; }
inline val dflt(val v, val d) { return missing(v) ? d : v; }

// One row of a module's table of builtins.  A name "sys:x" goes into the
// system package; every other name into usr.  A builtin reads its own name
// with Args::name() rather than spelling it again.
struct BuiltinDef {
  const char *name;
  int16_t req, opt;
  bool variadic;
  BuiltinFn fn;
};
// Each module's init_* function registers its table with this.
void register_builtins(const BuiltinDef *defs, size_t n);
template <size_t N>
void register_builtins(const BuiltinDef (&defs)[N]) {
  register_builtins(defs, N);
}
val make_builtin(val name, int req, int opt, bool variadic, BuiltinFn fn, val data = nullptr);
void defvar_builtin(const char *name, val value, bool special = true);

// ---- symbols and packages (symbol.cpp) ---------------------------------
extern val pkg_usr, pkg_sys, pkg_keyword, cur_package_sym;
val intern(std::u32string_view name, val pkg);
val intern(const char *utf8name, val pkg = nullptr);  // nullptr: usr
val intern_sys(const char *utf8name);
val keyword(const char *utf8name);
val make_sym(val name);
val gensym(val prefix);
// *gensym-counter*.  Compiling the standard library's own code (modules as
// they load, lazily compiled functions) keeps it unchanged, so that a
// program sees only its own gensyms counted, as with TXR's compiled library.
val gensym_counter();
void set_gensym_counter(val n);
struct GensymCounterKeep {
  val saved = gensym_counter();
  ~GensymCounterKeep() { set_gensym_counter(saved); }
};
val find_package(val name);
bool keywordp(val v);
val symbol_value(val s, const char *self);
void init_symbols_early();
void init_packages_early();
void init_symbols();

// ---- errors (error.cpp) -------------------------------------------------
// A thrown Lisp exception that no catch frame claimed; carries the location.
struct LispThrow {
  val sym;
  val args;
  val file;
  int line;
};
[[noreturn]] void throw_exception(val sym, val args);
[[noreturn]] void throw_error(val type, val message);

// An argument of errorf: a Lisp value, or C text and integers (printed as
// if they were Lisp strings and numbers).
struct ErrArg {
  val v;
  ErrArg(val x) : v(x) {}
  ErrArg(std::nullptr_t) : v(nullptr) {}
  ErrArg(const char *utf8);
  ErrArg(const std::string &utf8);
  ErrArg(int n);
  ErrArg(long n);
  ErrArg(long long n);
  ErrArg(unsigned long n);
};
// A format string whose ~a/~s directives match the argument count, checked
// when compiling.
template <size_t N>
struct ErrFormat {
  const char *text;
  consteval ErrFormat(const char *s) : text(s) {
    size_t k = 0;
    for (const char *p = s; *p; ++p)
      if (*p == '~') {
        if (p[1] == 'a' || p[1] == 's')
          ++k;
        else if (p[1] != '~')
          throw "errorf: only ~a, ~s and ~~ are understood";
        ++p;
      }
    if (k != N) throw "errorf: the number of ~a/~s directives differs from the arguments";
  }
};
val format_message(const char *fmt, const ErrArg *args, size_t n);
[[noreturn]] void errorf_list(val type, const char *fmt, const ErrArg *args, size_t n);
template <class... A>
[[noreturn]] void errorf(val type, ErrFormat<sizeof...(A)> fmt, const A &...a) {
  const ErrArg args[] = {ErrArg(a)..., ErrArg(nullptr)};
  errorf_list(type, fmt.text, args, sizeof...(A));
}
[[noreturn]] void type_err(const char *self, val obj, const char *what);
[[noreturn]] void range_err(const char *self, const char *what, val obj);
[[noreturn]] void sys_err(const char *self, const char *what, int eno, val obj = nullptr);
[[noreturn]] void arg_count_err(val fun, int n);
bool exception_subtype(val sub, val sup);
void def_exception(val sym, val super);
val exception_message(val sym, val args);  // the text an uncaught exception prints
void init_errors();

// ---- numbers (number.cpp, arith.cpp) -------------------------------------
val mkint(int64_t n);
val mkuint(uint64_t n);
val mkfloat(double d);
val big_normalize(Big *b);
Big *new_big();
bool integerp(val v);
bool numberp(val v);
bool floatp(val v);
double c_double(val v, const char *self);
int64_t c_int64(val v, const char *self);
uint64_t c_uint64(val v, const char *self);
intptr_t c_fixnum(val v, const char *self);
int c_int(val v, const char *self);
val num_add(val a, val b);
val num_sub(val a, val b);
val num_mul(val a, val b);
val num_neg(val a);
int num_cmp(val a, val b, const char *self);
bool num_zerop(val a);
val num_to_str(val n, int base);
val str_to_num(std::u32string_view s, int base);  // nullptr if not a number
bool float_out_of_range(std::u32string_view s);   // float syntax, but too large
std::string num_repr(val n);
uint64_t num_hash(val n);
void init_numbers();

// ---- strings and characters (string.cpp) --------------------------------
val mkstr(std::u32string_view s);
val mkstr_utf8(std::string_view s);
val mkstr_n(size_t n, char32_t fill);
std::string utf8(val s);
std::u32string u32(val s);
std::u32string utf8_decode(std::string_view s);
std::string utf8_encode(std::u32string_view s);
void str_push(val s, char32_t c);
void str_append(val s, std::u32string_view more);
inline std::u32string_view sv(val s) { return {str_of(s)->data, str_of(s)->len}; }
val str_checked(val v, const char *self);  // strings (a lazy string is forced)
val lazy_str_force(val ls);                // lazystr.cpp: the whole text, as a string
void init_strings();

// ---- lists and sequences (list.cpp, seq.cpp) -------------------------------
inline val cons(val a, val d) {
  Cons *c = gc_obj<Cons>(T::Cons);
  c->car = a;
  c->cdr = d;
  return c;
}
val list(std::initializer_list<val> items);

// Walks over user lists that would never end on a circular list (length,
// copying, printing, comparing) check each cons they step to with this:
// Brent's method, a compare per step and no allocation.  Its error names
// the caller and does not print the list.
[[noreturn]] void circular_err(const char *self);
struct CycleCheck {
  val mark;
  size_t power = 1, steps = 0;
  explicit CycleCheck(val head) : mark(head) {}
  void step(val l, const char *self) {
    if (l == mark && l) circular_err(self);
    if (++steps == power) {
      mark = l;
      power <<= 1;
      steps = 0;
    }
  }
};
val nreverse(val l);
val list_length(val l, const char *self);
intptr_t seq_length(val seq, const char *self);
val seq_list(val seq, const char *self);  // any sequence as a fresh list
val append2(val a, val b);
val vec_from_list(val l);
void rplaca(val c, val v);
void rplacd(val c, val v);
val car_checked(val c, const char *self);
val cdr_checked(val c, const char *self);
bool equal(val a, val b);
bool eql(val a, val b);
uint64_t equal_hash(val v, int depth = 0, uint64_t seed = 0);
uint64_t eql_hash(val v);
val seq_ref(val seq, val idx, const char *self);
val seq_set(val seq, val idx, val v, const char *self);
val seq_sub(val seq, val from, val to, const char *self);
void init_lists();
void init_seqs();

// Sequence iteration over lists, vectors, strings, ranges, bufs, hashes.
struct SeqIter {
  val seq;
  intptr_t i, n;
  int kind;  // SeqIterKind (iter.hpp); 0 is a list
  val cur;
  const char *self;
  CycleCheck cycle;  // lists: a circular one is an error, not an endless walk
  SeqIter() : seq(nullptr), i(0), n(0), kind(0), cur(nullptr), self("iter"), cycle(nullptr) {}
  SeqIter(val s, const char *self);  // an error unless s is iterable
  bool next(val *out) {
    if (kind != 0) return next_other(out);
    if (pop_item(cur, *out)) {
      cycle.step(cur, self);
      return true;
    }
    if (cur) improper_tail(cur);
    return false;
  }
  bool next_other(val *out);
  [[noreturn]] static void improper_tail(val atom);  // an error, as car of the atom
  // After a copy: a SeqIter that continues independently of the original.
  void detach();
};

// ---- vectors and bufs (vector.cpp, buf.cpp) -----------------------------------
val make_vec(size_t n, val fill);
void vec_push(val v, val item);
val make_buf(size_t n, uint8_t fill);
val buf_from(const void *p, size_t n);
void buf_reserve(val b, size_t n);
void init_vectors();
void init_bufs();
void init_buf_io();  // buf_io.cpp

// ---- hash tables (hash.cpp) ----------------------------------------------------
enum class HashKind : uint8_t { Eq, Eql, Equal };
val make_hash(HashKind kind);
val gethash(val h, val key, bool *found = nullptr);
void sethash(val h, val key, val value);
bool remhash(val h, val key, val *old = nullptr);
size_t hash_count(val h);
HashKind hash_kind(val h);
bool hashp(val v);
// Iterate: returns false at the end; *cursor starts at 0.
bool hash_next(val h, size_t *cursor, val *key, val *value);
bool hash_equal(val a, val b);  // equal applied to two hash tables
uint64_t hash_equal_hash(val h, int depth);
bool tree_equal(val a, val b);  // equal applied to two search trees, or two tnodes
uint64_t tree_equal_hash(val t, int depth);
void init_hashes();

// ---- streams (stream.cpp) --------------------------------------------------------
struct Stream;
extern val std_input, std_output, std_error;
Stream *stream_checked(val v, const char *self);
void put_str(val stream, std::u32string_view s);
void put_str(val stream, std::string_view utf8);
void flush_all_streams();
void init_streams();

// ---- printer and format (printer.cpp, format.cpp) ---------------------------------
void print_to(val obj, std::u32string &out, bool escape);
// Printing in circle notation whatever *print-circle* says: for error
// messages, which must not fail on the circular object they report.
void print_to_circle(val obj, std::u32string &out, bool escape);
val tostring(val obj);
val tostringp(val obj);
std::string repr(val obj);  // UTF-8 printed form (escaped), for messages
val format_str(val fmt, const Args &args, int first, const char *self);
void init_printer();
void init_format();

// ---- reader (reader.cpp) -------------------------------------------------------------
struct Reader;
struct ReadResult {
  bool eof;
  val form;
};
void init_reader();

// ---- evaluator (compiler.cpp, eval.cpp) ------------------------------------------------
val funcall(val f, val *args, int n);
val funcall0(val f);
val funcall1(val f, val a);
val funcall2(val f, val a, val b);
val apply_list(val f, val args);  // args may end in an atom (rest parameter)
val funcall_dotted(val f, val *args, int n, val tail);
val fun_checked(val f, const char *self);  // function designator -> function
bool functionp(val v);
val eval_toplevel(val form);
val eval_hoisted(val form);  // as compiled code: load-time forms first
val load_file(val path, const char *self);
val load_stream_forms(val stream, val name);
val load_text_forms(val text, val name);  // the forms of a string, read without a stream
extern val load_path_sym;
void init_eval();
void init_expand();
void init_combinators();
void init_debug();  // debug.cpp: source-loc, source-loc-str, prof's measurements
void init_compiler();

// ---- system (sys.cpp) and stdlib (stdlib.cpp) ------------------------------------------
void init_sys(int argc, char **argv);
void init_time();
void init_stdlib_lisp();
// Loads the stdlib module that defines s when it is not loaded yet; true
// when a module was loaded (and s may now be defined).
bool autoload(val s);
// A symbol's global function, macro and value, loading its stdlib module
// first when it has not been loaded yet.
inline val global_fun(val s) {
  if (!sym(s)->fun && sym(s)->autoload) autoload(s);
  return sym(s)->fun;
}
inline val global_macro(val s) {
  if (!sym(s)->macro && sym(s)->autoload) autoload(s);
  return sym(s)->macro;
}
inline val global_value(val s) {
  if (sym(s)->value == UNBOUND && sym(s)->autoload) autoload(s);
  return sym(s)->value;
}
void init_docs();
void init_funcomb();  // funcomb.cpp: andf orf notf iff iffi tf nilf
void init_plists();   // plist.cpp: prop memp plist-to-alist
val doc_lookup(val sym);

// Files with no header of their own.
void init_gc();
void init_chksum();
void init_random();
void init_setops();
void init_json();
void init_bufstream();
void runtime_init(int argc = 0, char **argv = nullptr);

}  // namespace tine
