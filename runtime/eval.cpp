// Evaluation: node behaviour, the call protocol, top-level evaluation,
// macro expansion and loading files.
#include "config.h"

#include <pthread.h>
#include <unistd.h>
#include <sys/auxv.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>
#include <new>
#include <stdexcept>

#include "cont.hpp"
#include "iter.hpp"
#include "nodes.hpp"
#include "reader.hpp"
#include "regex.hpp"
#include "text.hpp"
#include "seq.hpp"
#include "syserr.hpp"
#include "stream.hpp"
#include "struct.hpp"

namespace tine {

char *stack_floor;
static char *stack_base;        // where evaluation's stack starts
static size_t stack_limit_max;  // the most the thread's stack allows

// ---- the stack guard ----------------------------------------------------------------

void init_stack_guard() {
  char *base = static_cast<char *>(__builtin_frame_address(0));
  struct rlimit rl = {RLIM_INFINITY, RLIM_INFINITY};
  if (getrlimit(RLIMIT_STACK, &rl) != 0) {
    rl.rlim_cur = RLIM_INFINITY;  // unknown: ask the thread library below
  } else if (rlim_t want = 512ul << 20; rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
    struct rlimit raised = rl;
    raised.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
    if (setrlimit(RLIMIT_STACK, &raised) == 0) rl = raised;
  }
  size_t size = 8u << 20;
  if (getpid() == gettid() && rl.rlim_cur != RLIM_INFINITY && getauxval(AT_EXECFN)) {
    // The main thread: its stack may grow to the limit from the top, where
    // the kernel put the program's name.  (pthread_getattr_np would find the
    // same by parsing /proc/self/maps, a tenth of start-up.)
    size_t used = size_t(reinterpret_cast<char *>(getauxval(AT_EXECFN)) - base) + 4096;
    size = rl.rlim_cur > used ? rl.rlim_cur - used : 0;
  } else {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
      void *addr;
      pthread_attr_getstack(&attr, &addr, &size);
      pthread_attr_destroy(&attr);
    }
  }
  // The kernel leaves at least ~128 MiB for the main stack to grow into.
  if (size > (120u << 20)) size = 120u << 20;
#ifdef TINE_SANITIZERS
  // ASan mishandles exceptions thrown across stacks of 64 MiB and more
  // (google/sanitizers#189): keep sanitizer builds below that.
  if (size > (56u << 20)) size = 56u << 20;
#endif
  size_t limit = size > (1u << 20) ? size - (512u << 10) : size / 2;
  stack_base = base;
  stack_limit_max = limit;
  stack_floor = base - limit;
}

// (get-stack-limit): the limit in bytes, or nil when the guard is off.
static val bi_get_stack_limit(const Args &) {
  return stack_floor ? mkuint(uint64_t(stack_base - stack_floor)) : nullptr;
}

// (set-stack-limit value): 0 or nil turns the guard off; a limit is kept
// within what the thread's stack allows.  Returns the previous limit.
static val bi_set_stack_limit(const Args &a) {
  val old = bi_get_stack_limit(a);
  if (!a[0] || a[0] == mkfix(0)) {
    stack_floor = nullptr;
    return old;
  }
  uint64_t v = c_uint64(a[0], a.name());
  if (v > stack_limit_max) v = stack_limit_max;
  if (v < 16384) v = 16384;
  stack_floor = stack_base - v;
  return old;
}

volatile int interrupt_pending;

void raise_interrupt() {
  interrupt_pending = 0;
  errorf(s_error, "interrupted");
}

void stack_overflow() { errorf(s_stack_overflow, "computation exceeded stack limit"); }

// ---- calls ------------------------------------------------------------------------------

bool functionp(val v) { return is(v, T::Fun); }

// Sequences, hashes, integers and ranges are callable as they are in
// [obj arg ...] (TXR's callable objects).
bool callable_object(val v) {
  if (consp(v) || integerp(v)) return true;
  if (!is_ptr(v)) return false;
  switch (v->type) {
    case T::Vec:
    case T::Str:
    case T::Buf:
    case T::Hash:
    case T::Range: return true;
    default: return seq_ops[int(v->type)] || dwim_hooks[int(v->type)];
  }
}

static val call_object(const Args &a) { return dwim_apply(a.self->data, a.v, a.n); }

val fun_checked(val f, const char *self) {
  if (is(f, T::Fun)) return f;
  if (is(f, T::Sym) && f && global_fun(f)) return sym(f)->fun;
  if (regexp(f)) return regex_function(f);
  if (is(f, T::Struct)) return struct_lambda_fun(f);
  if (callable_object(f)) return make_builtin(mkstr_utf8("dwim"), 0, 0, true, call_object, f);
  type_err(self, f, "a function");
}

val make_closure(Lambda *code, Frame *env, val name) {
  Fun *f = gc_obj<Fun>(T::Fun);
  f->kind = FunKind::Closure;
  f->code = code;
  f->env = env;
  f->name = name;
  f->req = int16_t(code->nreq);
  f->opt = int16_t(code->nopt);
  f->variadic = code->rest;
  return f;
}

// The body of a closure: a function with an implicit block (defun, flet
// ...) catches a dynamic return-from of its name.
static inline val run_body(Lambda *L, Frame *fr) {
  if (!L->has_block) return L->body->eval(fr);
  ActiveBlock active(L->block_name);
  try {
    return L->body->eval(fr);
  } catch (DynReturn &d) {
    if (!L->has_block || d.name != L->block_name) throw;
    return d.value;
  }
}

// Bind parameters into a fresh frame; specials are bound dynamically by the caller.
// tail: what follows the arguments in a dotted argument list (apply's atom
// tail); it ends the rest parameter's list.
static void bind_params(Lambda *L, Frame *fr, val *args, int n, val *special_vals, val tail = nullptr,
                        RestArgs *fwd = nullptr) {
  int i = 0;
  auto put = [&](int k, val v) {
    if (L->param_special[k])
      special_vals[k] = v;
    else
      fr->slots[L->param_ref[k].idx] = v;
  };
  for (; i < L->nreq; ++i) put(i, args[i]);
  for (int k = 0; k < L->nopt; ++k, ++i) {
    bool present = i < n && args[i] != s_colon;
    val v = present ? args[i] : (L->opt_default[k] ? L->opt_default[k]->eval(fr) : nullptr);
    put(i, v);
    if (L->has_present[k]) fr->slots[L->opt_present[k].idx] = boolv(present);
  }
  if (L->rest) {
    if (fwd) {
      fwd->n = n > i ? n - i : 0;
      fwd->tail = tail;
      for (int j = i; j < n; ++j) fwd->vals[j - i] = args[j];
      put(i, reinterpret_cast<val>(fwd));
      return;
    }
    val r = tail;
    if (!L->rest_unused)
      for (int j = n - 1; j >= i; --j) r = cons(args[j], r);
    put(i, r);
  }
}

static val call_with_specials(Lambda *L, Frame *fr, val *args, int n, val tail = nullptr) {
  int total = L->nreq + L->nopt + (L->rest ? 1 : 0);
  val *vals = static_cast<val *>(alloca(sizeof(val) * size_t(total + 1)));
  DynBind *binds = static_cast<DynBind *>(alloca(sizeof(DynBind) * size_t(total + 1)));
  bind_params(L, fr, args, n, vals, tail);
  int nb = 0;
  for (int k = 0; k < total; ++k)
    if (val s = L->param_special[k]) dynbind(binds[nb++], s, vals[k]);
  auto restore = [&] {
    while (nb > 0) dynunbind(binds[--nb]);
  };
  try {
    val v = run_body(L, fr);
    restore();
    return v;
  } catch (...) {
    restore();
    throw;
  }
}

val call_closure(Fun *fn, val *args, int n, val tail) {
  Lambda *L = fn->code;
  if (n < L->nreq || (!L->rest && n > L->nreq + L->nopt)) arg_count_err(fn, n);
  if (tail && !L->rest) errorf(s_eval_error, "~a: no rest parameter takes the dotted argument ~s", fn->name, tail);
  check_stack_depth();
  Frame *fr;
  if (L->heap) {
    fr = alloc_heap_frame(L->nslots, fn->env);
  } else {
    size_t bytes = sizeof(Frame) + size_t(L->nslots) * sizeof(val);
    // Every slot is written before it is read (parameters, let inits, block
    // tokens, pattern variables), so the frame needs no clearing.  (Argument
    // blocks do: see clear_args.)
    fr = static_cast<Frame *>(alloca(bytes));
    fr->up = fn->env;
  }
  if (L->has_specials) return call_with_specials(L, fr, args, n, tail);
  if (!L->nopt && !L->rest) {
    for (int i = 0; i < n; ++i) fr->slots[L->param_ref[i].idx] = args[i];
  } else if (L->rest_forward) {
    int fixed = L->nreq + L->nopt, extra = n > fixed ? n - fixed : 0;
    auto *fwd = static_cast<RestArgs *>(alloca(sizeof(RestArgs) + sizeof(val) * size_t(extra)));
    bind_params(L, fr, args, n, nullptr, tail, fwd);
  } else {
    bind_params(L, fr, args, n, nullptr, tail);
  }
  return run_body(L, fr);
}

// A C++ exception from a builtin's own code (a container that could not
// grow, a library's throw) becomes a Lisp error at the builtin's boundary,
// where catch frames can claim it.  Call only inside a catch handler.
[[noreturn]] static void foreign_exception(Fun *fn) {
  try {
    throw;
  } catch (std::bad_alloc &) {
    out_of_memory();
  } catch (std::length_error &) {
    out_of_memory();
  } catch (std::exception &e) {
    errorf(s_error, "~a: ~a", fn->cname ? fn->cname : "lambda", e.what());
  }
}

static bool builtin_accepts(Fun *fn, int n) { return n >= fn->req && (fn->variadic || n <= fn->req + fn->opt); }

// A builtin receives its arguments padded with : up to its optional count.
static int builtin_block_size(Fun *fn, int n) { return std::max(n, fn->req + fn->opt); }

val funcall(val f, val *args, int n) {
  if (!is(f, T::Fun)) {
    if (is(f, T::Struct)) return struct_call(f, args, n);
    if (callable_object(f)) return dwim_apply(f, args, n);
    f = fun_checked(f, "call");
  }
  Fun *fn = fun_of(f);
  if (fn->kind == FunKind::Closure) return call_closure(fn, args, n);
  if (!builtin_accepts(fn, n)) arg_count_err(f, n);
  int na = builtin_block_size(fn, n);
  val *a = args;
  if (na > n) {
    a = static_cast<val *>(alloca(sizeof(val) * size_t(na)));
    for (int i = 0; i < n; ++i) a[i] = args[i];
    for (int i = n; i < na; ++i) a[i] = s_colon;
  }
  try {
    return fn->fn(Args{a, na, fn});
  } catch (std::exception &) {
    foreign_exception(fn);
  }
}

val funcall0(val f) { return funcall(f, nullptr, 0); }
val funcall1(val f, val a) { return funcall(f, &a, 1); }
val funcall2(val f, val a, val b) {
  val args[2] = {a, b};
  return funcall(f, args, 2);
}

// Long argument lists go on the collected heap rather than the stack.
// A call whose argument list ends in an atom (apply's last argument, a
// dotted call form): only a closure's rest parameter can take it.
val funcall_dotted(val f, val *args, int n, val tail) {
  if (!tail) return funcall(f, args, n);
  if (is(f, T::Sym) && f) f = fun_checked(f, "apply");
  if (is(f, T::Fun) && fun_of(f)->kind == FunKind::Closure) return call_closure(fun_of(f), args, n, tail);
  errorf(s_eval_error, "apply: ~s cannot take the dotted argument ~s", f, tail);
}

val apply_list(val f, val args) {
  int n = 0;
  CycleCheck cycle(args);
  val l = args;
  for (; consp(l); cycle.step(l = cdr(l), "apply"))
    if (++n == INT32_MAX) errorf(s_error, "apply: too many arguments");
  size_t bytes = sizeof(val) * size_t(n + 1);
  val *argv = static_cast<val *>(n > 4096 ? gc_scanned(bytes) : alloca(bytes));
  int i = 0;
  for (val m = args; consp(m); m = cdr(m)) argv[i++] = car(m);
  return funcall_dotted(f, argv, n, l);
}

val call_global_undefined(Sym *s) {
  if (s->macro) errorf(s_eval_error, "~s is a macro, not a function", static_cast<val>(s));
  errorf(s_eval_error, "~s is not a function", static_cast<val>(s));
}

static void annotate(LispThrow &e, int line, val file) {
  if (!e.line && line) {
    e.line = line;
    e.file = file;
  }
}

// The global function as it is now, applied to evaluated arguments: the
// general path, and the way out when evaluating the arguments redefined it.
val CallGlobal::call_current(val *argv) {
  if (!global_fun(s)) call_global_undefined(s);
  return funcall(s->fun, argv, n);
}

// Builtins: the arguments go straight into a block already padded for it.
val CallGlobal::call_builtin(Fun *fn, Frame *f) {
  int na = builtin_block_size(fn, n);
  val *argv = static_cast<val *>(alloca(sizeof(val) * size_t(na + 1)));
  clear_args(argv, n);
  for (int i = 0; i < n; ++i) argv[i] = ev(args[i], f);
  if (s->fun != fn) return call_current(argv);
  for (int i = n; i < na; ++i) argv[i] = s_colon;
  try {
    return fn->fn(Args{argv, na, fn});
  } catch (std::exception &) {
    foreign_exception(fn);
  }
}

val CallGlobal::eval(Frame *f) {
  try {
    if (val fv = s->fun) {
      Fun *fn = fun_of(fv);
      if (fn->kind == FunKind::Closure && fn->code->direct && fn->code->nreq == n) {
        // Closures with required parameters only: the arguments go straight
        // into the callee's frame (here, not in a helper: this is the hot path
        // of recursion).
        Lambda *L = fn->code;
        check_stack_depth();
        Frame *fr = static_cast<Frame *>(alloca(sizeof(Frame) + size_t(L->nslots) * sizeof(val)));
        for (int i = 0; i < n; ++i) fr->slots[i] = ev(args[i], f);
        if (s->fun != fv) return call_current(fr->slots);
        fr->up = fn->env;
        return run_body(L, fr);
      }
      if (fn->kind == FunKind::Builtin && builtin_accepts(fn, n)) return call_builtin(fn, f);
    }
    TINE_EVAL_ARGS(argv, args, n, f);
    return call_current(argv);
  } catch (LispThrow &e) {
    annotate(e, line, file);
    throw;
  }
}

val CallValue::eval(Frame *f) {
  val fv = fn->eval(f);
  TINE_EVAL_ARGS(argv, args, n, f);
  try {
    return funcall(fv, argv, n);
  } catch (LispThrow &e) {
    annotate(e, line, file);
    throw;
  }
}

static val index_with_range(val obj, val idx, const char *self) {
  Range *r = static_cast<Range *>(idx);
  return seq_sub(obj, r->from, r->to, self);
}

val dwim_apply(val obj, val *args, int n) {
  if (is(obj, T::Fun)) return funcall(obj, args, n);
  if (regexp(obj)) return funcall(regex_function(obj), args, n);
  if (n == 1 && is_fixnum(args[0]) && is_ptr(obj))
    if (SeqOps *ops = seq_ops[int(obj->type)]) return ops->ref(obj, fixval(args[0]));  // carrays
  if (hashp(obj)) {
    if (n < 1 || n > 2) errorf(s_eval_error, "dwim: hash ~s takes a key and an optional default", obj);
    bool found;
    val v = gethash(obj, args[0], &found);
    return found ? v : (n == 2 ? args[1] : nullptr);
  }
  if (is(obj, T::Sym) && obj && global_fun(obj)) return funcall(sym(obj)->fun, args, n);
  if (is_ptr(obj) && dwim_hooks[int(obj->type)]) return dwim_hooks[int(obj->type)](obj, args, n);
  // [1 seq] is [seq 1]; [1..3 x] indexes the range by an integer, or else
  // slices x (which may itself be a range) as [x 1..3] does.
  if (n == 1 && is(obj, T::Range)) {
    if (integerp(args[0])) return range_ref(obj, args[0], "dwim");
    return index_with_range(args[0], obj, "dwim");
  }
  if (n == 1 && integerp(obj) && !integerp(args[0]) && !is(args[0], T::Range)) return dwim_apply(args[0], &obj, 1);
  if (n == 1) {
    if (is(args[0], T::Range)) return index_with_range(obj, args[0], "dwim");
    return seq_ref(obj, args[0], "dwim");
  }
  if (n == 2) return seq_sub(obj, args[0], args[1], "dwim");
  errorf(s_eval_error, "dwim: cannot apply ~s to ~a arguments", obj, mkfix(n));
}

val DwimNode::eval(Frame *f) {
  val o = ev(obj, f);
  if (n == 1 && is_ptr(o)) {
    // [carray i]: straight to the element, without building an argument array.
    if (SeqOps *ops = seq_ops[int(o->type)]) {
      val i = ev(args[0], f);
      if (is_fixnum(i)) {
        try {
          return ops->ref(o, fixval(i));
        } catch (LispThrow &e) {
          annotate(e, line, file);
          throw;
        }
      }
      return dwim_apply(o, &i, 1);
    }
  }
  TINE_EVAL_ARGS(argv, args, n, f);
  try {
    return dwim_apply(o, argv, n);
  } catch (LispThrow &e) {
    annotate(e, line, file);
    throw;
  }
}

val BinOpNode::slow(val x, val y) {
  val argv[2] = {x, y};
  if (!global_fun(s)) call_global_undefined(s);
  try {
    return funcall(s->fun, argv, 2);
  } catch (LispThrow &e) {
    annotate(e, line, file);
    throw;
  }
}

static BinOpNode *new_binop(BinOpNode::Op op) {
  switch (op) {
    case BinOpNode::Add: return gc_new<BinOp<BinOpNode::Add>>();
    case BinOpNode::Sub: return gc_new<BinOp<BinOpNode::Sub>>();
    case BinOpNode::Lt: return gc_new<BinOp<BinOpNode::Lt>>();
    case BinOpNode::Gt: return gc_new<BinOp<BinOpNode::Gt>>();
    case BinOpNode::Le: return gc_new<BinOp<BinOpNode::Le>>();
    case BinOpNode::Ge: return gc_new<BinOp<BinOpNode::Ge>>();
    case BinOpNode::NumEq: return gc_new<BinOp<BinOpNode::NumEq>>();
    case BinOpNode::Eq: return gc_new<BinOp<BinOpNode::Eq>>();
    case BinOpNode::Cons: break;
  }
  return gc_new<BinOp<BinOpNode::Cons>>();
}

BinOpNode *make_binop(BinOpNode::Op op) {
  BinOpNode *b = new_binop(op);
  b->op = op;
  return b;
}

// ---- loops -------------------------------------------------------------------------------

void ForNode::recognise_counted() {
  auto *c = dynamic_cast<BinOpNode *>(test);
  auto *st = dynamic_cast<LocalSet *>(step);
  if (!c || !st || c->a->kind != NodeKind::Local || c->b->kind == NodeKind::Other) return;
  if (c->op != BinOpNode::Lt && c->op != BinOpNode::Gt && c->op != BinOpNode::Le && c->op != BinOpNode::Ge) return;
  auto *add = dynamic_cast<BinOpNode *>(st->value);
  if (!add || (add->op != BinOpNode::Add && add->op != BinOpNode::Sub)) return;
  if (add->a->kind != NodeKind::Local || add->b->kind != NodeKind::Const) return;
  val k = static_cast<ConstNode *>(add->b)->v;
  if (!is_fixnum(k) || fixval(k) > (intptr_t(1) << 40) || fixval(k) < -(intptr_t(1) << 40)) return;
  intptr_t word = intptr_t(k) - 1;
  inc_word = add->op == BinOpNode::Add ? word : -word;
  cmp = c;
  inc = st;
}

static bool compare_words(BinOpNode::Op op, intptr_t x, intptr_t y) {
  switch (op) {
    case BinOpNode::Lt: return x < y;
    case BinOpNode::Gt: return x > y;
    case BinOpNode::Le: return x <= y;
    default: return x >= y;
  }
}

val ForNode::counted(Frame *f, val *i) {
  BinOpNode *add = static_cast<BinOpNode *>(inc->value);
  for (;;) {
    val x = *i, y = ev(cmp->b, f);
    bool go = is_fixnum(x) && is_fixnum(y) && cmp->original() ? compare_words(cmp->op, intptr_t(x), intptr_t(y))
                                                              : cmp->eval(f) != nullptr;
    if (!go) break;
    body->eval(f);
    x = *i;
    intptr_t r;
    if (is_fixnum(x) && add->original() && !__builtin_add_overflow(intptr_t(x), inc_word, &r))
      *i = val(r);
    else
      inc->eval(f);
    poll_interrupt();
  }
  return result->eval(f);
}

val ForNode::eval(Frame *f) {
  if (cmp) {
    // The test, the store and the sum must all name the same variable.
    val *i = static_cast<LocalRef *>(cmp->a)->ref.resolve(f);
    BinOpNode *add = static_cast<BinOpNode *>(inc->value);
    if (i == inc->ref.resolve(f) && i == static_cast<LocalRef *>(add->a)->ref.resolve(f)) return counted(f, i);
  }
  while (!test || ev(test, f)) {
    body->eval(f);
    step->eval(f);
    poll_interrupt();
  }
  return result->eval(f);
}

val DwimSetNode::eval(Frame *f) {
  val argv[3] = {ev(obj, f), ev(idx, f), ev(value, f)};
  try {
    if (is_fixnum(argv[1]) && is_ptr(argv[0]))
      if (SeqOps *ops = seq_ops[int(argv[0]->type)]) {
        ops->set(argv[0], fixval(argv[1]), argv[2]);
        return argv[2];
      }
    if (s->fun != orig) return funcall(global_fun(static_cast<val>(s)), argv, 3);
    val seq = dwim_store(argv[0], argv[1], argv[2]);
    if (seq != argv[0]) {
      if (local)
        *local->resolve(f) = seq;
      else if (global)
        global->value = seq;
    }
    return argv[2];
  } catch (LispThrow &e) {
    annotate(e, line, file);
    throw;
  }
}

// ---- binding forms -------------------------------------------------------------------------

val LetNode::eval(Frame *f) {
  if (!any_special) {
    Frame *fr = info->enter(f);
    if (fr == f || inits_inside) {
      // Without a frame of its own the new slots are fresh ones of f, which
      // no init can see; labels inits see the new frame.
      for (int i = 0; i < n; ++i) *targets[i].resolve(fr) = inits[i]->eval(fr);
    } else {
      // Inits see the outer frame; the new frame is filled afterwards.
      val *vals = static_cast<val *>(alloca(sizeof(val) * size_t(n + 1)));
      for (int i = 0; i < n; ++i) vals[i] = inits[i]->eval(f);
      for (int i = 0; i < n; ++i) *targets[i].resolve(fr) = vals[i];
    }
    return body->eval(fr);
  }
  val *vals = static_cast<val *>(alloca(sizeof(val) * size_t(n + 1)));
  DynBind *binds = static_cast<DynBind *>(alloca(sizeof(DynBind) * size_t(n + 1)));
  for (int i = 0; i < n; ++i) vals[i] = inits[i]->eval(f);
  Frame *fr = info->enter(f);
  int nb = 0;
  for (int i = 0; i < n; ++i) {
    if (specials[i])
      dynbind(binds[nb++], specials[i], vals[i]);
    else
      *targets[i].resolve(fr) = vals[i];
  }
  auto restore = [&] {
    while (nb > 0) dynunbind(binds[--nb]);
  };
  try {
    val v = body->eval(fr);
    restore();
    return v;
  } catch (...) {
    restore();
    throw;
  }
}

static uint64_t token_counter;
ExitPoint *exit_top;
ActiveBlock *active_top;
DynBind *dynbind_top;

// Every block is a prompt for continuations (cont.cpp): its exit point
// records the top of this frame, and a resumed copy of the block, told so
// through resumed, hands its outcome to the resuming call instead of
// returning.
val BlockNode::eval(Frame *f) {
  val nm = name_form ? ev(name_form, f) : name;
  ResumeRec *volatile resumed = nullptr;
  Frame *fr = f;
  val tok = nullptr;
  if (binding->referenced) {
    fr = info->enter(f);
    tok = mkfix(intptr_t(++token_counter));
    *token.resolve(fr) = tok;
  }
  char *top = static_cast<char *>(__builtin_frame_address(0)) + 8;
  val v = nullptr;
  std::exception_ptr lost;  // what a resumed copy hands on instead of throwing
  try {
    ActiveBlock active(nm);
    EnterExitPoint exit(nm, tok, top, &resumed);
    v = body->eval(fr);
  } catch (ReturnFrom &r) {
    if (tok && r.token == tok)
      v = r.value;
    else if (resumed)
      lost = std::current_exception();
    else
      throw;
  } catch (DynReturn &d) {
    if (d.name == nm)
      v = d.value;
    else if (resumed)
      lost = std::current_exception();
    else
      throw;
  } catch (Abscond &d) {
    if (d.name == nm)
      v = d.value;
    else if (resumed)
      lost = std::current_exception();
    else
      throw;
  } catch (...) {
    if (!resumed) throw;
    lost = std::current_exception();
  }
  if (resumed) finish_resumed(resumed, v, std::move(lost));
  return v;
}

static bool exit_active(val token) {
  for (ExitPoint *p = exit_top; p; p = p->up)
    if (p->token == token) return true;
  return false;
}

val ReturnFromNode::eval(Frame *f) {
  val v = ev(value, f);
  if (!lexical) {
    bool active = false;
    for (ActiveBlock *a = active_top; a && !active; a = a->up) active = a->name == name;
    for (ExitPoint *p = exit_top; p && !active; p = p->up) active = p->name == name;
    if (active) throw DynReturn{name, v};
    errorf(s_eval_error, "return-from: no block named ~s is visible", name);
  }
  val tok = *token.resolve(f);
  if (!exit_active(tok)) errorf(s_eval_error, "return-from: no block named ~s is visible", name);
  throw ReturnFrom{tok, v};
}

val GoNode::eval(Frame *f) {
  val tok = *token.resolve(f);
  if (!exit_active(tok)) errorf(s_eval_error, "go: the tagbody of tag ~s is no longer active", tag);
  throw GoTo{tok, index};
}

val TagbodyNode::eval(Frame *f) {
  Frame *fr = info->enter(f);
  val tok = mkfix(intptr_t(++token_counter));
  *token.resolve(fr) = tok;
  EnterExitPoint exit(UNBOUND, tok);
  int pc = 0;
  while (pc < n) {
    try {
      for (; pc < n; ++pc) stmts[pc]->eval(fr);
    } catch (GoTo &g) {
      if (g.token != tok) throw;
      pc = label_at[g.index];
    }
  }
  return nullptr;
}

val CatchNode::eval(Frame *f) {
  DynPush push(DynFrame::Catch, types, nullptr, descs ? descs->eval(f) : nullptr);
  try {
    return body->eval(f);
  } catch (CatchUnwind &u) {
    if (u.target != &push.frame) throw;
    dyn_top = push.saved;
    int i = 0;
    for (val t = types; t; t = cdr(t), ++i)
      if (exception_subtype(u.sym, car(t)))
        return apply_list(clauses[i]->eval(f), pass_type ? cons(u.sym, u.args) : u.args);
    return nullptr;
  }
}

val HandleNode::eval(Frame *f) {
  val fn = fun->eval(f);
  DynPush push(DynFrame::Handler, types, fn);
  return body->eval(f);
}

val QuasiNode::eval(Frame *f) {
  std::u32string out;
  for (int i = 0; i < n; ++i) {
    val v = parts[i]->eval(f);
    if (literal[i])
      out += sv(v);
    else
      quasi_text(v, nullptr, out);
  }
  return mkstr(out);
}

val DestructureNode::eval(Frame *f) {
  val v = value->eval(f);
  val w = whole ? whole->eval(f) : v;
  val e = env ? env->eval(f) : nullptr;
  Frame *fr = info->enter(f);
  run_dpat(pat, v, fr, true, name, w, e);
  return body->eval(fr);
}

val EachNode::eval(Frame *f) {
  val *seqv = static_cast<val *>(alloca(sizeof(val) * size_t(n + 1)));
  for (int i = 0; i < n; ++i) seqv[i] = seqs[i]->eval(f);
  // SeqIters live on the C++ stack, which the collector scans.
  SeqIter *its = static_cast<SeqIter *>(alloca(sizeof(SeqIter) * size_t(n + 1)));
  for (int i = 0; i < n; ++i) new (&its[i]) SeqIter(seqv[i], "each");
  val out = nullptr, tail = nullptr, last = nullptr;
  for (;;) {
    Frame *fr = info->enter(f);
    for (int i = 0; i < n; ++i) {
      val x;
      if (!its[i].next(&x)) {
        if (mode == Append && tail) rplacd(tail, last);
        return mode == Append && !tail ? last : out;
      }
      *targets[i].resolve(fr) = x;
    }
    val v = body->eval(fr);
    poll_interrupt();
    if (mode == Collect) {
      val cell = cons(v, nullptr);
      if (tail)
        rplacd(tail, cell);
      else
        out = cell;
      tail = cell;
    } else if (mode == Append) {
      // Each value but the last is copied; the last is shared, as append does.
      if (last) {
        for (val l = last; consp(l); l = cdr(l)) {
          val cell = cons(car(l), nullptr);
          if (tail)
            rplacd(tail, cell);
          else
            out = cell;
          tail = cell;
        }
      }
      last = v;
    }
  }
}

val TreeCaseNode::eval(Frame *f) {
  val v = value->eval(f);
  for (int i = 0; i < n; ++i) {
    Frame *fr = infos[i]->enter(f);
    if (!run_dpat(pats[i], v, fr, false, nullptr, v, nullptr)) continue;
    val r = bodies[i]->eval(fr);
    if (r != s_colon) return r;
  }
  return nullptr;
}

// ---- top level ------------------------------------------------------------------------------

// The node tree of a top-level form and its frame size; with hoist, its
// load-time forms have been evaluated.
static val compiling_file;  // the file of the top-level form being compiled
val current_source_file() { return compiling_file; }

// Sets the file of the forms being expanded and compiled, for its scope.
struct SourceFileNow {
  val saved = compiling_file;
  explicit SourceFileNow(val f) {
    if (f) compiling_file = f;
  }
  ~SourceFileNow() { compiling_file = saved; }
};

static Node *compile_toplevel_form(val form, val file, bool hoist, int *nslots) {
  SourceFileNow file_now(file);
  Compiler c;
  c.file = file;
  c.hoist_load_time = hoist;
  Scope *top = c.new_scope(nullptr, ScopeKind::Lambda);
  Node *n = c.compile(form, top);
  c.finalize();
  *nslots = top->info->nslots;
  for (Node *lt : c.load_times) lt->eval(nullptr);
  return n;
}

static val eval_compiled(val form, val file, bool hoist = false) {
  int nslots;
  Node *n = compile_toplevel_form(form, file, hoist, &nslots);
  return n->eval(alloc_heap_frame(nslots, nullptr));
}

val eval_hoisted(val form) { return eval_compiled(form, nullptr, true); }

// (compile-toplevel form): a function of no arguments running form,
// compiled now, its load-time forms evaluated now.
static val toplevel_thunk(const Args &a) {
  auto *n = static_cast<Node *>(a.self->ctx);  // a collected node, reachable from the function
  return n->eval(alloc_heap_frame(int(fixval(a.self->data)), nullptr));
}

// (sys:progv symbols values thunk): the symbols' global value cells are
// bound to the values (nil when values run out) while thunk runs.
static val bi_progv(const Args &a) {
  int n = 0;
  for (val l = a[0]; l; l = cdr(l)) {
    if (!consp(l) || !is(car(l), T::Sym) || !car(l) || sym(car(l))->constant)
      type_err("progv", a[0], "a list of bindable symbols");
    ++n;
  }
  DynBind *binds = static_cast<DynBind *>(alloca(sizeof(DynBind) * size_t(n + 1)));
  int nb = 0;
  val v = a[1];
  for (val l = a[0]; l; l = cdr(l)) {
    dynbind(binds[nb++], car(l), consp(v) ? car(v) : nullptr);
    v = consp(v) ? cdr(v) : nullptr;
  }
  auto restore = [&] {
    while (nb > 0) dynunbind(binds[--nb]);
  };
  try {
    val r = funcall0(a[2]);
    restore();
    return r;
  } catch (...) {
    restore();
    throw;
  }
}

static val bi_compile_toplevel(const Args &a) {
  int nslots;
  Node *n = compile_toplevel_form(a[0], nullptr, true, &nslots);
  val f = make_builtin(intern_sys("toplevel-form"), 0, 0, false, toplevel_thunk, mkfix(nslots));
  fun_of(f)->ctx = n;
  return f;
}

// Evaluate with TXR's top-level rule: the subforms of a top-level progn
// (also one produced by a macro) are processed one after another, so that
// a macro defined by one is available to the next.
static val eval_top(val form, val file) {
  StackDepthGuard guard;
  for (;;) {
    if (consp(form) && car(form) == s_progn) {
      val result = nullptr;
      for (val l = cdr(form); l; l = cdr(l)) result = eval_top(car(l), file);
      return result;
    }
    if (consp(form) && is(car(form), T::Sym) && car(form) && !is_special_form(car(form)) && global_macro(car(form))) {
      val args[2] = {form, nullptr};
      val exp = funcall(sym(car(form))->macro, args, 2);
      if (consp(exp) && !line_of_cons(exp)) static_cast<Cons *>(exp)->line = uint32_t(line_of_cons(form));
      if (exp == form) return eval_compiled(form, file);  // expanded no further, as in the expander
      form = exp;
      continue;
    }
    return eval_compiled(form, file);
  }
}

// Code from the reader can be circular (#1=(progn . #1#)): outside quote,
// the expander and compiler would walk it forever.  Car-wise circles end
// in the stack check, cdr-wise ones in the cycle check.
static void check_code_shape(val form) {
  if (!consp(form) || car(form) == s_quote) return;
  check_stack_depth();
  CycleCheck cycle(form);
  for (; consp(form); cycle.step(form = cdr(form), "eval")) check_code_shape(car(form));
}

val eval_toplevel(val form) {
  check_code_shape(form);
  return eval_top(form, nullptr);
}

val eval_in_file(val form, val file) {
  check_code_shape(form);
  SourceFileNow file_now(file);
  return eval_top(form, file);
}

// ---- loading --------------------------------------------------------------------------------------

// The collector scans the stack conservatively: values the previous form
// left in the stack below us would reappear in the uninitialized slots of
// the next form's frames and keep garbage alive (an object whose finalizer
// a script expects to run at the next sys:gc, say).  Zero that area.
[[gnu::noinline]] static void clear_stack_below() {
  char area[16384];
  memset(area, 0, sizeof area);
  asm volatile("" : : "r"(area) : "memory");
}

val load_stream_forms(val stream, val name) {
  Reader r(stream, name);
  return load_forms_from(r, name, nullptr);
}

val load_text_forms(val text, val name) {
  Reader r = Reader::over_text(text, name);
  return load_forms_from(r, name, nullptr);
}

val load_forms_from(Reader &r, val name, val first_result) {
  // Volatile: no register copy of the previous value lives on (and gets
  // saved into the next form's frames) while the next form runs.
  val volatile result = first_result;
  for (;;) {
    ReadResult res = r.read_toplevel();
    if (res.eof) break;
    result = nullptr;
    if (!Compiler::lazy_lambdas) clear_stack_below();  // not for stdlib modules: their forms keep no garbage
    if (finalizers_pending) run_pending_finalizers();
    result = eval_in_file(res.form, name);
  }
  return result;
}

// ---- builtins ---------------------------------------------------------------------------------------

static val bi_eval(const Args &a) { return eval_toplevel(a[0]); }

static val bi_call(const Args &a) { return funcall(a[0], a.v + 1, a.n - 1); }

// The last argument is spread: a list (whose atom tail, if any, ends the
// argument list), another sequence, or an atom that is the tail itself.
static val bi_apply(const Args &a) {
  val last = a.n > 1 ? a[a.n - 1] : nullptr;
  bool spread = is(last, T::Vec) || stringp(last) || is(last, T::Buf) || is(last, T::CArray);
  val args = spread ? seq_list(last, a.name()) : last;
  for (int i = a.n - 2; i >= 1; --i) args = cons(a[i], args);
  val f = a[0];
  if (!is(f, T::Fun) && !is(f, T::Struct) && !callable_object(f)) f = fun_checked(f, a.name());
  return apply_list(f, args);
}

static val bi_functionp(const Args &a) { return boolv(functionp(a[0])); }
// Parameter counts: fixed ones include the optional ones, as in TXR.
static val bi_fun_fixparam_count(const Args &a) {
  Fun *f = fun_of(fun_checked(a[0], a.name()));
  return mkfix(f->req + f->opt);
}
static val bi_fun_optparam_count(const Args &a) { return mkfix(fun_of(fun_checked(a[0], a.name()))->opt); }
static val bi_fun_variadic(const Args &a) { return boolv(fun_of(fun_checked(a[0], a.name()))->variadic); }

// The name a function was defined under: a symbol for defun and builtins,
// (meth type slot) for a function in a struct's static slot, else
// (lambda params) for a closure.
static val bi_func_get_name(const Args &a) {
  Fun *f = fun_of(fun_checked(a[0], a.name()));
  if (is(f->name, T::Sym) && f->name) return f->name;
  if (val m = struct_method_name(f)) return m;
  if (f->kind == FunKind::Closure) return list({s_lambda, f->code->params});
  return nullptr;
}

static val bi_special_operator_p(const Args &a) { return boolv(is_special_form(a[0])); }

static const BuiltinDef eval_builtins[] = {
    {"compile-toplevel", 1, 1, false, bi_compile_toplevel},
    {"sys:progv", 3, 0, false, bi_progv},
    {"eval", 1, 1, false, bi_eval},
    {"call", 1, 0, true, bi_call},
    {"funcall", 1, 0, true, bi_call},
    {"apply", 1, 0, true, bi_apply},
    {"functionp", 1, 0, false, bi_functionp},
    {"fun-fixparam-count", 1, 0, false, bi_fun_fixparam_count},
    {"fun-optparam-count", 1, 0, false, bi_fun_optparam_count},
    {"fun-variadic", 1, 0, false, bi_fun_variadic},
    {"func-get-name", 1, 1, false, bi_func_get_name},
    {"special-operator-p", 1, 0, false, bi_special_operator_p},
    {"get-stack-limit", 0, 0, false, bi_get_stack_limit},
    {"set-stack-limit", 1, 0, false, bi_set_stack_limit},
};

void init_eval() { register_builtins(eval_builtins); }

}  // namespace tine
