// The FFI module's entry point: registers its parts in dependency order.
#include "ffi/ffi_type.hpp"

namespace tine {

void init_ffi() {
  init_ffi_types();
  init_carray();
  init_ffi_calls();
  init_mmap();
}

}  // namespace tine
