// carray: a typed view of C memory.  The memory is borrowed (kept alive
// through ref; foreign memory has no ref), malloc-owned, a mapping owned
// through a map_handle, or a view into another carray.
#pragma once
#include "ffi/ffi_type.hpp"
#include "ffi/map_handle.hpp"

namespace tine {

enum class Owner : uint8_t { Borrowed, Malloced, Mapped, View };

struct CArray : Obj {
  Owner owner;
  bool int_elements;  // plain integers of 1-8 bytes with a known length, on the short
                      // element path (not views: their base is found through the parent)
  bool len_known;     // false: a pointer from C whose length carray-set-length gives
  FfiType *eltype;
  uint8_t *data;  // Borrowed/Malloced/Mapped: the memory; null once freed
  size_t nelem;
  val ref;          // Borrowed: the object owning the memory (a buf); View: the parent carray
  size_t offset;    // View: byte offset into the parent; Borrowed from a buf: into the buf
  map_handle *map;  // Mapped: the mapping (owned)
};

inline CArray *carray_of(val v) { return static_cast<CArray *>(v); }
CArray *carray_checked(val v, const char *self);
bool carray_is_mapped(CArray *c);                         // the memory is (part of) a mapping
uint8_t *carray_base(CArray *c, const char *self);        // errors when freed/unmapped
size_t carray_known_length(CArray *c, const char *self);  // errors when unknown
// The one error for a fault (SIGBUS, SIGSEGV) while touching mapped memory
// through a guard: an mmap-fault naming self and ca, with the byte offset
// of the faulting address from base (fallback_off when the address is not
// known to lie past base).
[[noreturn]] void mmap_fault_error(val ca, const uint8_t *base, size_t fallback_off, const char *self);
// The one error for storage that is gone: a mapping after munmap, or
// malloc'd storage after carray-free.
[[noreturn]] void storage_gone_error(CArray *c, const char *self);
val make_carray(FfiType *t, uint8_t *data, size_t nelem, Owner owner, val ref);
val make_owned_carray(FfiType *t, uint8_t *mem, size_t nelem);  // takes over malloc'd mem
val make_foreign_carray(FfiType *t, void *p);                   // unknown length, not owned
val make_carray_view(CArray *parent, FfiType *t, size_t byte_off, size_t nelem);
void carray_set_ptr(CArray *c, FfiType *elem, void *p, const char *self);  // the carray FFI type's in
void carray_refresh(CArray *c);
// The carray owns mem (malloc'd) from now on, and frees it when collected.
void carray_take_ownership(CArray *c, uint8_t *mem);  // after a change of owner, type or length
// Replaces elements from..to (in range) by items' elements without changing
// the length: excess is dropped, a shortfall zero-filled at the end.
void carray_replace(CArray *c, val items, size_t from, size_t to, const char *self);
val carray_ref(CArray *c, intptr_t i, const char *self);
void carray_set(CArray *c, intptr_t i, val v, const char *self);
// Copies n bytes out of / into a carray's memory at byte offset off,
// through the fault guard when it is mapped.
void carray_read(CArray *c, size_t off, void *dst, size_t n, const char *self);
void carray_write(CArray *c, size_t off, const void *src, size_t n, const char *self);

}  // namespace tine
