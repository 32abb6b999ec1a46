// map_handle: the RAII mapping type.
#include "ffi/map_handle.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>

namespace tine {

range_check check_range(size_t length, size_t offset, size_t size) {
  if (offset > length) return range_check::offset_beyond;
  if (offset + size < offset) return range_check::wraps;
  if (offset + size > length) return range_check::extends_beyond;
  return range_check::ok;
}

size_t map_handle::page_size() {
  static size_t ps = size_t(sysconf(_SC_PAGESIZE));
  return ps;
}

map_handle::map_handle(map_handle &&o) noexcept : addr_(o.addr_), len_(o.len_) {
  o.addr_ = nullptr;
  o.len_ = 0;
}

map_handle &map_handle::operator=(map_handle &&o) noexcept {
  if (this != &o) {
    close();
    addr_ = std::exchange(o.addr_, nullptr);
    len_ = std::exchange(o.len_, 0);
  }
  return *this;
}

map_handle::~map_handle() { close(); }

map_status map_handle::map(map_handle *out, size_t bytes, int prot, int flags, int fd, uint64_t offset,
                           void *addr) {
  out->close();
  if (bytes == 0) return map_status::failure(EINVAL);
  void *p = ::mmap(addr, bytes, prot, flags, fd, off_t(offset));
  if (p == MAP_FAILED) return map_status::failure(errno);
  out->addr_ = static_cast<std::byte *>(p);
  out->len_ = bytes;
  return map_status::success();
}

map_status map_handle::close() {
  if (!addr_) return map_status::success();
  int r = ::munmap(addr_, len_);
  int eno = errno;
  addr_ = nullptr;
  len_ = 0;
  return r == 0 ? map_status::success() : map_status::failure(eno);
}

map_status map_handle::checked(size_t offset, size_t size) const {
  if (!addr_) return map_status::failure(EBADF);
  if (check_range(len_, offset, size) != range_check::ok) return map_status::failure(ERANGE);
  return map_status::success();
}

map_status map_handle::protect(size_t offset, size_t size, int prot) {
  map_status c = checked(offset, size);
  if (!c.ok()) return c;
  if (::mprotect(addr_ + offset, size, prot) < 0) return map_status::failure(errno);
  return map_status::success();
}

map_status map_handle::advise(size_t offset, size_t size, int advice) {
  map_status c = checked(offset, size);
  if (!c.ok()) return c;
  if (::madvise(addr_ + offset, size, advice) < 0) return map_status::failure(errno);
  return map_status::success();
}

map_status map_handle::sync(size_t offset, size_t size, int flags) {
  map_status c = checked(offset, size);
  if (!c.ok()) return c;
  if (::msync(addr_ + offset, size, flags) < 0) return map_status::failure(errno);
  return map_status::success();
}

}  // namespace tine
