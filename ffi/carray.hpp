// carray: a typed view of C memory.  The memory is borrowed (kept alive
// through ref), malloc-owned, or a mapping owned through a map_handle.
#pragma once
#include "ffi/ffi_type.hpp"
#include "ffi/map_handle.hpp"

namespace tine {

enum class Owner : uint8_t { Borrowed, Malloced, Mapped, View };

struct CArray : Obj {
  Owner owner;
  bool int_elements;  // integers of 1-8 bytes, on the short element path (not views:
                      // their base is found through the parent)
  FfiType *eltype;
  uint8_t *data;  // Borrowed/Malloced/Mapped: the memory; null once freed
  size_t nelem;
  val ref;          // Borrowed: the object owning the memory; View: the parent carray
  size_t offset;    // View: byte offset into the parent
  map_handle *map;  // Mapped: the mapping (owned)
};

inline CArray *carray_of(val v) { return static_cast<CArray *>(v); }
CArray *carray_checked(val v, const char *self);
bool carray_is_mapped(CArray *c);                   // the memory is (part of) a mapping
uint8_t *carray_base(CArray *c, const char *self);  // errors when freed/unmapped
// The one error for a fault (SIGBUS, SIGSEGV) while touching mapped memory
// through a guard: an mmap-fault naming self and ca, with the byte offset
// of the faulting address from base (fallback_off when the address is not
// known to lie past base).
[[noreturn]] void mmap_fault_error(val ca, const uint8_t *base, size_t fallback_off, const char *self);
// The one error for storage that is gone: a mapping after munmap, or
// malloc'd storage after carray-free.
[[noreturn]] void storage_gone_error(CArray *c, const char *self);
val make_carray(FfiType *t, uint8_t *data, size_t nelem, Owner owner, val ref);
val carray_ref(CArray *c, intptr_t i, const char *self);
void carray_set(CArray *c, intptr_t i, val v, const char *self);

}  // namespace tine
