// The FFI module's entry point: registers its parts in dependency order.
#include "ffi/ffi_compile.hpp"
#include "ffi/mmap.hpp"

namespace tine {

void init_ffi() {
  init_ffi_layout();
  init_ffi_conv();
  init_ffi_aggregate();
  init_ffi_types();
  init_ffi_builtins();
  init_cptr();
  init_carray();
  init_carray_ops();
  init_ffi_calls();
  init_ffi_unions();
  init_setjmp();
  init_mmap();
  init_mmap_ext();
  init_atomics();
  init_shm();
  init_carray_stream();
}

}  // namespace tine
