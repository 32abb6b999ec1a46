// Faults in mapped memory as recoverable events.  A copy made through
// guarded_copy that touches a page which faults (file truncated under the
// mapping, prot-none, a write to a read-only page, an I/O error) returns
// false instead of killing the process.  The fast path is a plain load or
// store: the signal handler recognises the faulting instruction by its
// address and resumes at a fix-up that returns false.
#pragma once
#include <cstddef>

namespace tine {

bool guarded_copy(void *dst, const void *src, size_t n);
// Runs fn(ctx), a bulk operation (memchr, memmem) over [lo, lo+len) of a
// mapping: returns false if it faulted inside that range.  One sigsetjmp
// per call (no signal mask is saved: no system call).  fn must not own
// resources that need destructors.
bool guarded_bulk(const void *lo, size_t len, void (*fn)(void *ctx), void *ctx);

int last_fault_signal();       // SIGBUS or SIGSEGV of the last failed copy
void *last_fault_address();    // the address it faulted on
void install_fault_handler();  // idempotent

}  // namespace tine
