// map_handle: a memory mapping as a move-only RAII value (modelled on
// llfio's map_handle).  Plain C++ with no Lisp inside; every operation
// returns its error as a value carrying errno and never throws.
#pragma once
#include <cstddef>
#include <cstdint>
#include <utility>

namespace tine {

// The outcome of an operation: ok, or the errno that made it fail.
struct map_status {
  int error = 0;  // 0: success
  bool ok() const { return error == 0; }
  static map_status success() { return {}; }
  static map_status failure(int eno) { return {eno}; }
};

// Where a sub-range (offset, size) stands against a mapping of a length.
enum class range_check { ok, offset_beyond, wraps, extends_beyond };
range_check check_range(size_t length, size_t offset, size_t size);

class map_handle {
 public:
  map_handle() = default;
  map_handle(const map_handle &) = delete;
  map_handle &operator=(const map_handle &) = delete;
  map_handle(map_handle &&o) noexcept;             // o is left closed
  map_handle &operator=(map_handle &&o) noexcept;  // closes this first
  ~map_handle();                                   // unmaps

  // Maps bytes (rounded up to pages by the system) with mmap's prot and
  // flags; fd < 0 is an anonymous mapping.  On failure *out stays closed.
  static map_status map(map_handle *out, size_t bytes, int prot, int flags, int fd = -1, uint64_t offset = 0,
                        void *addr = nullptr);

  map_status close();  // unmaps; closing a closed handle succeeds
  bool is_open() const { return addr_ != nullptr; }
  std::byte *address() const { return addr_; }
  size_t length() const { return len_; }  // the requested length in bytes
  static size_t page_size();

  // Sub-range operations; offset and size are checked against length().
  map_status protect(size_t offset, size_t size, int prot);
  map_status advise(size_t offset, size_t size, int advice);
  map_status sync(size_t offset, size_t size, int flags);

  // llfio's memory operations, on page-aligned sub-ranges:
  map_status zero(size_t offset, size_t size);              // contents read as zero afterwards
  map_status do_not_store(size_t offset, size_t size);      // contents may be discarded
  map_status prefetch(size_t offset, size_t size);          // start reading the pages in
  map_status commit(size_t offset, size_t size, int prot);  // make usable with prot
  map_status decommit(size_t offset, size_t size);          // release memory, make inaccessible
  // One byte per page of the mapping: 1 where the page is resident.
  map_status residency(unsigned char *out, size_t npages) const;
  size_t page_count() const { return (len_ + page_size() - 1) / page_size(); }
  // Grows or shrinks to bytes, in place or (when may_move) by moving.
  map_status resize(size_t bytes, bool may_move);

 private:
  map_status checked(size_t offset, size_t size) const;
  map_status apply(size_t offset, size_t size, int (*call)(void *, size_t, int), int arg);
  std::byte *addr_ = nullptr;
  size_t len_ = 0;
};

}  // namespace tine
