// The FFI module's entry point: registers its parts in dependency order.
#include "ffi/ffi_type.hpp"
#include "ffi/mmap.hpp"

namespace tine {

void init_ffi() {
  init_ffi_types();
  init_carray();
  init_ffi_calls();
  init_mmap();
  init_mmap_ext();
  init_atomics();
  init_shm();
  init_carray_stream();
}

}  // namespace tine
