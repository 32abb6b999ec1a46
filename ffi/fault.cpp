// The guarded copy and the SIGBUS/SIGSEGV handler behind it.
#include "ffi/fault.hpp"

#include <setjmp.h>
#include <signal.h>
#include <ucontext.h>

#include <cstring>

#if defined(__x86_64__) && defined(__linux__)
// tine_guarded_copy(dst, src, n) -> 1, or 0 via the fix-up after a fault.
// Every instruction between _begin and _end may fault; nothing there has
// side effects that a restart from the fix-up would need to undo.
asm(R"(
    .text
    .globl tine_guarded_copy
    .type tine_guarded_copy, @function
tine_guarded_copy:
    cmp $8, %rdx
    je 8f
    cmp $4, %rdx
    je 4f
    cmp $1, %rdx
    je 1f
    cmp $2, %rdx
    je 2f
    mov %rdx, %rcx
    .globl tine_guarded_copy_begin
tine_guarded_copy_begin:
    rep movsb
    jmp 9f
8:  mov (%rsi), %rax
    mov %rax, (%rdi)
    jmp 9f
4:  mov (%rsi), %eax
    mov %eax, (%rdi)
    jmp 9f
2:  movw (%rsi), %ax
    movw %ax, (%rdi)
    jmp 9f
1:  movb (%rsi), %al
    movb %al, (%rdi)
    .globl tine_guarded_copy_end
tine_guarded_copy_end:
9:  mov $1, %eax
    ret
    .globl tine_guarded_copy_fixup
tine_guarded_copy_fixup:
    xor %eax, %eax
    ret
    .size tine_guarded_copy, .-tine_guarded_copy
)");
extern "C" int tine_guarded_copy(void *dst, const void *src, size_t n);
extern "C" char tine_guarded_copy_begin[], tine_guarded_copy_end[], tine_guarded_copy_fixup[];
#define TINE_HAVE_GUARD 1
#endif

namespace tine {

static volatile sig_atomic_t fault_signal;
static void *volatile fault_address;
static struct sigaction previous[2];  // SIGBUS, SIGSEGV

static sigjmp_buf *bulk_env;
static const char *bulk_lo, *bulk_hi;

int last_fault_signal() { return fault_signal; }

bool guarded_bulk(const void *lo, size_t len, void (*fn)(void *), void *ctx) {
  sigjmp_buf env;
  sigjmp_buf *saved = bulk_env;
  const char *saved_lo = bulk_lo, *saved_hi = bulk_hi;
  if (sigsetjmp(env, 0)) {
    bulk_env = saved;
    bulk_lo = saved_lo;
    bulk_hi = saved_hi;
    return false;
  }
  bulk_env = &env;
  bulk_lo = static_cast<const char *>(lo);
  bulk_hi = bulk_lo + len;
  fn(ctx);
  bulk_env = saved;
  bulk_lo = saved_lo;
  bulk_hi = saved_hi;
  return true;
}
void *last_fault_address() { return fault_address; }

#ifdef TINE_HAVE_GUARD
static void on_fault(int sig, siginfo_t *info, void *ctx) {
  ucontext_t *uc = static_cast<ucontext_t *>(ctx);
  char *pc = reinterpret_cast<char *>(uc->uc_mcontext.gregs[REG_RIP]);
  if (pc >= tine_guarded_copy_begin && pc <= tine_guarded_copy_end) {
    fault_signal = sig;
    fault_address = info->si_addr;
    uc->uc_mcontext.gregs[REG_RIP] = reinterpret_cast<greg_t>(tine_guarded_copy_fixup);
    return;
  }
  const char *addr = static_cast<const char *>(info->si_addr);
  if (bulk_env && addr >= bulk_lo && addr < bulk_hi) {
    fault_signal = sig;
    fault_address = info->si_addr;
    siglongjmp(*bulk_env, 1);
  }
  // Not ours: restore what was there before and let the fault happen again.
  struct sigaction *prev = &previous[sig == SIGBUS ? 0 : 1];
  sigaction(sig, prev, nullptr);
  if (prev->sa_flags & SA_SIGINFO && prev->sa_sigaction) prev->sa_sigaction(sig, info, ctx);
}

bool guarded_copy(void *dst, const void *src, size_t n) { return tine_guarded_copy(dst, src, n) != 0; }

void install_fault_handler() {
  static bool done = false;
  if (done) return;
  done = true;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGBUS, &sa, &previous[0]);
  sigaction(SIGSEGV, &sa, &previous[1]);
}
#else
#warning "no fault guard for this platform: faults in mapped memory stay fatal"
bool guarded_bulk(const void *, size_t, void (*fn)(void *), void *ctx) {
  fn(ctx);
  return true;
}
bool guarded_copy(void *dst, const void *src, size_t n) {
  memcpy(dst, src, n);
  return true;
}
void install_fault_handler() {}
#endif

}  // namespace tine
