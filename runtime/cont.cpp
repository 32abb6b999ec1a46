// Delimited continuations (sys:capture-cont), by copying the C++ stack.
//
// Every block is a prompt.  Capturing saves the registers and copies the
// stack from the capture point up to the top of the block's C++ frame.  A
// continuation is resumed by copying that segment back onto the stack below
// the resuming call, adding the distance moved to every word that pointed
// into the original segment (frames link to each other through such
// pointers), re-linking the runtime's chains of dynamic records (catch and
// handler frames, exit points, special bindings, active blocks) onto the
// current ones, and jumping to the capture point.  The resumed copy of the
// block, when it finishes, jumps back to the resuming call with its value or
// its exception.  Words that only look like pointers into the segment are
// moved too: the risk TXR takes as well.  x86-64 only, as the fault guard.
#include "cont.hpp"

#include <cstring>
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
#endif
#include <exception>

#include "dynamic.hpp"
#include "eval.hpp"
#include "nodes.hpp"

namespace tine {

// ---- registers --------------------------------------------------------------------

// The callee-saved registers, the stack pointer and the resume address.
struct Ctx {
  uint64_t rbx, rbp, r12, r13, r14, r15, rsp, rip;
};

extern "C" __attribute__((returns_twice)) int tine_ctx_save(Ctx *c);  // 0; 1 when restored
extern "C" [[noreturn]] void tine_ctx_restore(Ctx *c, int v);

asm(R"(
  .text
  .globl tine_ctx_save
  .type tine_ctx_save, @function
tine_ctx_save:
  movq %rbx, 0(%rdi)
  movq %rbp, 8(%rdi)
  movq %r12, 16(%rdi)
  movq %r13, 24(%rdi)
  movq %r14, 32(%rdi)
  movq %r15, 40(%rdi)
  leaq 8(%rsp), %rax
  movq %rax, 48(%rdi)
  movq (%rsp), %rax
  movq %rax, 56(%rdi)
  xorl %eax, %eax
  ret
  .size tine_ctx_save, .-tine_ctx_save

  .globl tine_ctx_restore
  .type tine_ctx_restore, @function
tine_ctx_restore:
  movq 0(%rdi), %rbx
  movq 8(%rdi), %rbp
  movq 16(%rdi), %r12
  movq 24(%rdi), %r13
  movq 32(%rdi), %r14
  movq 40(%rdi), %r15
  movq 48(%rdi), %rsp
  movl %esi, %eax
  jmpq *56(%rdi)
  .size tine_ctx_restore, .-tine_ctx_restore
)");

// ---- continuations -----------------------------------------------------------------

// Where a resumed block delivers its outcome.
struct ResumeRec {
  Ctx ctx;
  val value = nullptr;
  std::exception_ptr exc;
};

struct Cont {
  Ctx ctx;           // at the capture point
  char *low, *high;  // the original segment
  uint64_t *copy;    // its words (collected memory, scanned)
  size_t words;
  ExitPoint *prompt;  // the prompt's exit point, in the original segment
  // The innermost records of each chain at capture (in the segment or not).
  DynFrame *dyn;
  ExitPoint *exits;
  DynBind *binds;
  ActiveBlock *active;
  val *bind_values;  // the value of each binding of the segment, innermost first
  bool freed = false;
};

// Thrown at the capture point of a poisoned continuation: it unwinds every
// frame of the resumed copy (running their cleanups), and no Lisp handler
// catches it.
struct ContPoison {};

static val resume_value;  // handed from the resuming call to the capture point
static val s_cont_poison, s_cont_free;

static bool in_segment(const void *p, const char *low, const char *high) {
  return static_cast<const char *>(p) >= low && static_cast<const char *>(p) < high;
}

// The values special bindings of the segment hold at capture: the symbol's
// value for its innermost binding, what the next inner binding saved for
// the others.
static val *binding_values(DynBind *top, const char *low, const char *high, size_t *count) {
  size_t n = 0;
  for (DynBind *b = top; b && in_segment(b, low, high); b = b->up) ++n;
  val *vals = static_cast<val *>(gc_scanned(sizeof(val) * (n + 1)));
  size_t i = 0;
  for (DynBind *b = top; b && in_segment(b, low, high); b = b->up, ++i) {
    vals[i] = b->s->value;
    for (DynBind *inner = top; inner != b; inner = inner->up)
      if (inner->s == b->s) vals[i] = inner->saved;  // the nearest inner one wins: last assignment
  }
  *count = n;
  return vals;
}

// A segment copied back to new addresses.  Whether a link of a copied
// record pointed into the segment is decided on the original word: a link
// to an outer frame was not moved, and may by chance fall inside the new
// addresses.
struct Placed {
  const Cont *c;
  char *dest;
  bool links_inside(const void *field) const {
    size_t i = size_t(static_cast<const char *>(field) - dest) / 8;
    return in_segment(reinterpret_cast<const void *>(c->copy[i]), c->low, c->high);
  }
  // Calls fn on each copied record of a chain, innermost first.
  template <class R, class F>
  void each(R *inner, F fn) const {
    for (R *r = inner; r; r = links_inside(&r->up) ? r->up : nullptr) fn(r);
  }
  // The outermost copied record continues with top; returns the innermost
  // copied record (or top if there is none).
  template <class R>
  R *relink(R *inner, R *top) const {
    if (!inner) return top;
    R *outermost = inner;
    each(inner, [&](R *r) { outermost = r; });
    outermost->up = top;
    return inner;
  }
};

// The stack is read and written as plain words: no sanitizer redzones.
[[gnu::noinline, gnu::no_sanitize_address]] static val capture(ExitPoint *prompt, val receive) {
  Cont *c = static_cast<Cont *>(gc_scanned(sizeof(Cont)));
  new (c) Cont();
  if (tine_ctx_save(&c->ctx)) {
    // Resumed: this is a copy of the capture, returning the resume value.
    val v = resume_value;
    resume_value = nullptr;
    if (v == s_cont_poison) throw ContPoison{};
    return v;
  }
  c->low = reinterpret_cast<char *>(c->ctx.rsp) - 128;  // the red zone of the frame below, to be safe
  c->low -= reinterpret_cast<uintptr_t>(c->low) & 15;
  c->high = prompt->stack_last + 8;
  size_t bytes = size_t(c->high - c->low);
  c->words = bytes / 8;
  c->copy = static_cast<uint64_t *>(gc_scanned(bytes + 8));
  const uint64_t *from = reinterpret_cast<const uint64_t *>(c->low);
  for (size_t i = 0; i < c->words; ++i) c->copy[i] = from[i];
  c->prompt = prompt;
  c->dyn = dyn_top;
  c->exits = exit_top;
  c->binds = dynbind_top;
  c->active = active_top;
  size_t nb;
  c->bind_values = binding_values(dynbind_top, c->low, c->high, &nb);
  val k = make_builtin(intern_sys("continuation"), 0, 1, false, call_continuation);
  fun_of(k)->ctx = c;
  return funcall1(receive, k);
}

// The segment is put back below this function's frame, 16-byte aligned as
// it was, every pointer into it moved, the chains re-linked, and entered.
[[gnu::noinline, gnu::no_sanitize_address]] static val resume(Cont *c, val v) {
  size_t bytes = c->words * 8;
  char *area = static_cast<char *>(alloca(bytes + 32));
  char *dest = area + ((reinterpret_cast<uintptr_t>(c->low) - reinterpret_cast<uintptr_t>(area)) & 15);
  intptr_t delta = dest - c->low;
  uint64_t *to = reinterpret_cast<uint64_t *>(dest);
#ifdef __SANITIZE_ADDRESS__
  // The frames that used these addresses before left their redzones
  // poisoned; the copied frames' own redzones are not restored.
  __asan_unpoison_memory_region(dest, c->words * 8);
#endif
  uint64_t lo = reinterpret_cast<uint64_t>(c->low), hi = reinterpret_cast<uint64_t>(c->high);
  for (size_t i = 0; i < c->words; ++i) {
    uint64_t w = c->copy[i];
    to[i] = w >= lo && w < hi ? w + uint64_t(delta) : w;
  }
  auto moved = [&](auto *p) { return reinterpret_cast<decltype(p)>(reinterpret_cast<char *>(p) + delta); };
  auto in_old = [&](const void *p) { return in_segment(p, c->low, c->high); };

  ResumeRec rec;
  ExitPoint *prompt = moved(c->prompt);
  *prompt->resumed = &rec;

  DynFrame *saved_dyn = dyn_top;
  ExitPoint *saved_exits = exit_top;
  DynBind *saved_binds = dynbind_top;
  ActiveBlock *saved_active = active_top;
  DynFrame *dyn = in_old(c->dyn) ? moved(c->dyn) : nullptr;
  ExitPoint *exits = in_old(c->exits) ? moved(c->exits) : nullptr;
  DynBind *binds = in_old(c->binds) ? moved(c->binds) : nullptr;
  ActiveBlock *active = in_old(c->active) ? moved(c->active) : nullptr;
  Placed placed{c, dest};
  dyn_top = placed.relink(dyn, saved_dyn);
  exit_top = placed.relink(exits, saved_exits);
  active_top = placed.relink(active, saved_active);
  // Special bindings: made again from the outermost, saving today's values.
  size_t nb = 0;
  placed.each(binds, [&](DynBind *) { ++nb; });
  DynBind **order = static_cast<DynBind **>(alloca(sizeof(DynBind *) * (nb + 1)));
  size_t i = 0;
  placed.each(binds, [&](DynBind *b) { order[i++] = b; });
  dynbind_top = placed.relink(binds, saved_binds);
  for (size_t k = nb; k-- > 0;) {
    order[k]->saved = order[k]->s->value;
    order[k]->s->value = c->bind_values[k];
  }

  if (tine_ctx_save(&rec.ctx) == 0) {
    Ctx ctx = c->ctx;
    for (uint64_t *r : {&ctx.rbx, &ctx.rbp, &ctx.r12, &ctx.r13, &ctx.r14, &ctx.r15, &ctx.rsp})
      if (*r >= lo && *r < hi) *r += uint64_t(delta);
    resume_value = v;
    tine_ctx_restore(&ctx, 1);
  }
  // The resumed block has finished; its records are gone.
  dyn_top = saved_dyn;
  exit_top = saved_exits;
  dynbind_top = saved_binds;
  active_top = saved_active;
  if (rec.exc) std::rethrow_exception(rec.exc);
  return rec.value;
}

void finish_resumed(ResumeRec *rec, val value, std::exception_ptr exc) {
  rec->value = value;
  rec->exc = std::move(exc);
  tine_ctx_restore(&rec->ctx, 1);
}

val call_continuation(const Args &a) {
  Cont *c = static_cast<Cont *>(a.self->ctx);
  val v = missing(a[0]) ? nullptr : a[0];
  if (v == s_cont_free) {
    c->freed = true;
    c->copy = nullptr;
    return nullptr;
  }
  if (c->freed) errorf(s_error, "continuation: this continuation has been freed");
  if (v == s_cont_poison) {
    // Resume only to unwind every frame of the continuation.
    try {
      resume(c, v);
    } catch (ContPoison &) {
    }
    return nullptr;
  }
  return resume(c, v);
}

// (sys:capture-cont name receive-fun [context-form])
static val bi_capture_cont(const Args &a) {
  for (ExitPoint *p = exit_top; p; p = p->up)
    if (p->stack_last && p->name == a[0]) return capture(p, a[1]);
  val self = consp(a[2]) && is(car(a[2]), T::Sym) ? car(a[2]) : intern_sys("capture-cont");
  errorf(s_eval_error, "~s: no block named ~s is visible", self, a[0]);
}

// (sys:abscond* name [value]): leave the block without running the
// unwind-protect cleanups on the way.
static val bi_abscond_star(const Args &a) {
  for (ExitPoint *p = exit_top; p; p = p->up)
    if (p->stack_last && p->name == a[0]) throw Abscond{a[0], missing(a[1]) ? nullptr : a[1]};
  errorf(s_eval_error, "sys:abscond*: no block named ~s is visible", a[0]);
}

static const BuiltinDef cont_builtins[] = {
    {"sys:capture-cont", 2, 1, false, bi_capture_cont},
    {"sys:abscond*", 1, 1, false, bi_abscond_star},
};

void init_cont() {
  register_builtins(cont_builtins);
  s_cont_poison = intern_sys("cont-poison");
  s_cont_free = intern_sys("cont-free");
}

}  // namespace tine
