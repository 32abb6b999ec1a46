// Shared by the mmap family and the operations beyond TXR's.
#pragma once
#include "ffi/carray.hpp"

namespace tine {

CArray *mapped_checked(val v, const char *self);  // a carray made by mmap
CArray *open_mapping(val v, const char *self);    // ... and not yet unmapped
// The descriptor of a stream, or an integer taken as a descriptor.
int fd_of(val v, const char *self);
// Resolves [offset [size]] against the mapping with TXR's defaults, and
// throws TXR's range errors.
void mapping_range(CArray *c, val ca, val offset, val size, const char *self, size_t *off, size_t *sz);
[[noreturn]] void mapping_op_failed(val ca, const char *self, int eno);
void account_resize(size_t old_bytes, size_t new_bytes);
void init_mmap_ext();
void init_atomics();
void init_shm();
void init_carray_stream();

}  // namespace tine
