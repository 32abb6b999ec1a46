// map_handle on its own: mapping, release, moves, sub-range operations and
// every error return.
#include "ffi/map_handle.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

using tine::check_range;
using tine::map_handle;
using tine::range_check;

static const size_t PS = map_handle::page_size();

TEST(MapHandle, AnonymousMapAndClose) {
  map_handle m;
  EXPECT_FALSE(m.is_open());
  ASSERT_TRUE(map_handle::map(&m, 3 * PS, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE).ok());
  EXPECT_TRUE(m.is_open());
  EXPECT_EQ(m.length(), 3 * PS);
  m.address()[PS] = std::byte{42};
  EXPECT_EQ(m.address()[PS], std::byte{42});
  EXPECT_TRUE(m.close().ok());
  EXPECT_FALSE(m.is_open());
  EXPECT_TRUE(m.close().ok());  // idempotent
}

TEST(MapHandle, MapFailureReturnsErrno) {
  map_handle m;
  auto st = map_handle::map(&m, PS, PROT_READ, MAP_ANONYMOUS);  // neither shared nor private
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.error, EINVAL);
  EXPECT_FALSE(m.is_open());
  EXPECT_EQ(map_handle::map(&m, 0, PROT_READ, MAP_ANONYMOUS | MAP_PRIVATE).error, EINVAL);
  EXPECT_EQ(map_handle::map(&m, PS, PROT_READ, MAP_PRIVATE, 12345).error, EBADF);
}

TEST(MapHandle, MoveTransfersOwnership) {
  map_handle a;
  ASSERT_TRUE(map_handle::map(&a, PS, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE).ok());
  std::byte *p = a.address();
  map_handle b(std::move(a));
  EXPECT_FALSE(a.is_open());
  EXPECT_EQ(b.address(), p);
  map_handle c;
  c = std::move(b);
  EXPECT_EQ(c.address(), p);
  EXPECT_FALSE(b.is_open());
}

TEST(MapHandle, DestructorUnmaps) {
  std::byte *p;
  {
    map_handle m;
    ASSERT_TRUE(map_handle::map(&m, PS, PROT_READ, MAP_ANONYMOUS | MAP_PRIVATE).ok());
    p = m.address();
  }
  unsigned char vec;
  EXPECT_EQ(mincore(p, PS, &vec), -1);  // no longer mapped
  EXPECT_EQ(errno, ENOMEM);
}

TEST(MapHandle, FileMappingAndSync) {
  char path[] = "/tmp/tine-mh-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, off_t(2 * PS)), 0);
  map_handle m;
  ASSERT_TRUE(map_handle::map(&m, 2 * PS, PROT_READ | PROT_WRITE, MAP_SHARED, fd).ok());
  memcpy(m.address() + PS, "tine", 4);
  EXPECT_TRUE(m.sync(0, 2 * PS, MS_SYNC).ok());
  char buf[4];
  ASSERT_EQ(pread(fd, buf, 4, off_t(PS)), 4);
  EXPECT_EQ(memcmp(buf, "tine", 4), 0);
  map_handle at_offset;
  ASSERT_TRUE(map_handle::map(&at_offset, PS, PROT_READ, MAP_SHARED, fd, PS).ok());
  EXPECT_EQ(memcmp(at_offset.address(), "tine", 4), 0);
  EXPECT_EQ(map_handle::map(&at_offset, PS, PROT_READ, MAP_SHARED, fd, 1).error, EINVAL);
  close(fd);
  unlink(path);
}

TEST(MapHandle, ProtectAdviseRanges) {
  map_handle m;
  ASSERT_TRUE(map_handle::map(&m, 4 * PS, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE).ok());
  EXPECT_TRUE(m.protect(PS, PS, PROT_READ).ok());
  EXPECT_TRUE(m.advise(0, 4 * PS, MADV_SEQUENTIAL).ok());
  EXPECT_TRUE(m.sync(4 * PS, 0, MS_ASYNC).ok());
  EXPECT_EQ(m.protect(5 * PS, 0, PROT_READ).error, ERANGE);
  EXPECT_EQ(m.advise(PS, 4 * PS, MADV_NORMAL).error, ERANGE);
  EXPECT_EQ(m.sync(PS, SIZE_MAX, MS_SYNC).error, ERANGE);
  EXPECT_EQ(m.protect(1, PS, PROT_READ).error, EINVAL);  // unaligned: the system refuses
  EXPECT_EQ(m.advise(0, PS, 12345).error, EINVAL);
  m.close();
  EXPECT_EQ(m.protect(0, PS, PROT_READ).error, EBADF);
}

TEST(MapHandle, CheckRange) {
  EXPECT_EQ(check_range(100, 0, 100), range_check::ok);
  EXPECT_EQ(check_range(100, 100, 0), range_check::ok);
  EXPECT_EQ(check_range(100, 101, 0), range_check::offset_beyond);
  EXPECT_EQ(check_range(100, 50, SIZE_MAX), range_check::wraps);
  EXPECT_EQ(check_range(100, 50, 51), range_check::extends_beyond);
}

TEST(MapHandle, ZeroDecommitCommit) {
  map_handle m;
  ASSERT_TRUE(map_handle::map(&m, 4 * PS, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE).ok());
  memset(m.address(), 7, 4 * PS);
  EXPECT_TRUE(m.zero(PS, PS).ok());
  EXPECT_EQ(m.address()[PS], std::byte{0});
  EXPECT_EQ(m.address()[0], std::byte{7});
  EXPECT_TRUE(m.decommit(2 * PS, PS).ok());
  EXPECT_TRUE(m.commit(2 * PS, PS, PROT_READ | PROT_WRITE).ok());
  EXPECT_EQ(m.address()[2 * PS], std::byte{0});  // decommitted contents are gone
  EXPECT_TRUE(m.prefetch(0, 4 * PS).ok());
  EXPECT_TRUE(m.do_not_store(3 * PS, PS).ok());
  EXPECT_EQ(m.zero(5 * PS, 1).error, ERANGE);
  EXPECT_EQ(m.decommit(1, PS).error, EINVAL);
}

TEST(MapHandle, Residency) {
  map_handle m;
  ASSERT_TRUE(map_handle::map(&m, 3 * PS, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE).ok());
  m.address()[0] = std::byte{1};
  unsigned char vec[3];
  ASSERT_TRUE(m.residency(vec, 3).ok());
  EXPECT_EQ(vec[0], 1);
  EXPECT_EQ(vec[2], 0);
  EXPECT_EQ(m.residency(vec, 2).error, ERANGE);
  m.close();
  EXPECT_EQ(m.residency(vec, 3).error, EBADF);
}

TEST(MapHandle, Resize) {
  map_handle m;
  ASSERT_TRUE(map_handle::map(&m, PS, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE).ok());
  m.address()[10] = std::byte{42};
  ASSERT_TRUE(m.resize(256 * PS, true).ok());
  EXPECT_EQ(m.length(), 256 * PS);
  EXPECT_EQ(m.address()[10], std::byte{42});
  m.address()[255 * PS] = std::byte{1};
  ASSERT_TRUE(m.resize(PS, false).ok());  // shrinking never needs to move
  EXPECT_EQ(m.length(), PS);
  EXPECT_EQ(m.resize(0, true).error, EINVAL);
  m.close();
  EXPECT_EQ(m.resize(PS, true).error, EBADF);
}
