// map_handle: the RAII mapping type.
#include "ffi/map_handle.hpp"

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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

map_status map_handle::map(map_handle *out, size_t bytes, int prot, int flags, int fd, uint64_t offset, void *addr) {
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

// Checks the sub-range, then applies one of mprotect/madvise/msync to it.
map_status map_handle::apply(size_t offset, size_t size, int (*call)(void *, size_t, int), int arg) {
  map_status c = checked(offset, size);
  if (!c.ok()) return c;
  if (call(addr_ + offset, size, arg) < 0) return map_status::failure(errno);
  return map_status::success();
}

map_status map_handle::protect(size_t offset, size_t size, int prot) { return apply(offset, size, ::mprotect, prot); }
map_status map_handle::advise(size_t offset, size_t size, int advice) { return apply(offset, size, ::madvise, advice); }
map_status map_handle::sync(size_t offset, size_t size, int flags) { return apply(offset, size, ::msync, flags); }

map_status map_handle::zero(size_t offset, size_t size) {
  map_status c = checked(offset, size);
  if (!c.ok()) return c;
  // Cleared by hand rather than discarded, so that shared and file-backed
  // pages (and so the file) see the zeros too.
  std::memset(addr_ + offset, 0, size);
  return map_status::success();
}

map_status map_handle::do_not_store(size_t offset, size_t size) {
  map_status c = checked(offset, size);
  if (!c.ok()) return c;
#ifdef MADV_FREE
  if (::madvise(addr_ + offset, size, MADV_FREE) == 0) return map_status::success();
#endif
  return apply(offset, size, ::madvise, MADV_DONTNEED);
}

map_status map_handle::prefetch(size_t offset, size_t size) { return advise(offset, size, MADV_WILLNEED); }

map_status map_handle::commit(size_t offset, size_t size, int prot) { return protect(offset, size, prot); }

map_status map_handle::decommit(size_t offset, size_t size) {
  map_status c = checked(offset, size);
  if (!c.ok()) return c;
  if (::madvise(addr_ + offset, size, MADV_DONTNEED) < 0) return map_status::failure(errno);
  if (::mprotect(addr_ + offset, size, PROT_NONE) < 0) return map_status::failure(errno);
  return map_status::success();
}

map_status map_handle::residency(unsigned char *out, size_t npages) const {
  if (!addr_) return map_status::failure(EBADF);
  if (npages < page_count()) return map_status::failure(ERANGE);
  if (::mincore(addr_, len_, out) < 0) return map_status::failure(errno);
  for (size_t i = 0; i < page_count(); ++i) out[i] &= 1;
  return map_status::success();
}

map_status map_handle::resize(size_t bytes, bool may_move) {
  if (!addr_) return map_status::failure(EBADF);
  if (bytes == 0) return map_status::failure(EINVAL);
#ifdef MREMAP_MAYMOVE
  void *p = ::mremap(addr_, len_, bytes, may_move ? MREMAP_MAYMOVE : 0);
  if (p == MAP_FAILED) return map_status::failure(errno);
  addr_ = static_cast<std::byte *>(p);
  len_ = bytes;
  return map_status::success();
#else
  (void)may_move;
  return map_status::failure(ENOSYS);
#endif
}

}  // namespace tine
