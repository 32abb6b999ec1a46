// GC glue: values survive collections while reachable, GMP limbs live on
// the collected heap, and finalizers release descriptors.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/lisp.hpp"
#include "runtime/stream.hpp"
#include "tine/tine.hpp"

using namespace tine;

static Runtime &rt() {
  static Runtime r;
  return r;
}

TEST(Gc, RootedValueSurvivesCollection) {
  rt();
  Value keep = rt().eval("(let ((l nil)) (dotimes (i 1000) (push i l)) l)");
  for (int i = 0; i < 20; ++i) rt().eval("(let ((l nil)) (dotimes (i 10000) (push (cons i i) l)))");
  GC_gcollect();
  auto items = keep.to_list();
  ASSERT_EQ(items.size(), 1000u);
  EXPECT_EQ(items.front().to_int(), 999);
  EXPECT_EQ(items.back().to_int(), 0);
}

TEST(Gc, BignumsAcrossCollections) {
  rt();
  Value big = rt().eval("(expt 7 500)");
  std::string before = big.repr();
  for (int i = 0; i < 10; ++i) rt().eval("(dotimes (i 2000) (expt 3 (+ 100 i)))");
  GC_gcollect();
  EXPECT_EQ(big.repr(), before);
  EXPECT_EQ(rt().eval("(- (expt 7 500) (expt 7 500))").to_int(), 0);
}

static int open_fd_count() {
  int n = 0;
  for (int fd = 0; fd < 4096; ++fd) {
    struct stat st;
    if (fstat(fd, &st) == 0) ++n;
  }
  return n;
}

TEST(Gc, FinalizerClosesDroppedStreams) {
  rt();
  int before = open_fd_count();
  rt().eval("(dotimes (i 200) (open-file \"/dev/null\"))");
  for (int i = 0; i < 5; ++i) {
    GC_gcollect();
    GC_invoke_finalizers();
  }
  EXPECT_LT(open_fd_count(), before + 50);
}

TEST(Gc, ExplicitCloseIsIdempotent) {
  rt();
  EXPECT_EQ(rt().eval("(let ((s (open-file \"/dev/null\"))) (list (close-stream s) (close-stream s)))").repr(),
            "(t t)");  // the first result is retained, as the manual says
}

TEST(Gc, ManyAllocationsStayBounded) {
  rt();
  rt().eval("(dotimes (i 200000) (make-buf 1024))");
  EXPECT_LT(GC_get_heap_size(), size_t(512) << 20);
}
