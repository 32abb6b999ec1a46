// FFI layouts agree with the compiler's sizeof/alignof/offsetof for the
// same C declarations.
#include <gtest/gtest.h>

#include <cstddef>

#include "tine/tine.hpp"

static tine::Runtime &rt() {
  static tine::Runtime r;
  return r;
}

static long long lisp(const char *expr) { return rt().eval(expr).to_int(); }

struct S1 {
  char a;
  int b;
  double c;
};
struct S2 {
  char a;
  short b;
  char c;
};
struct S3 {
  int a[3];
  char b;
};
struct S4 {
  char a;
  S1 inner;
  char b;
};
struct B1 {
  unsigned a : 3;
  unsigned b : 6;
  unsigned c : 30;
};
struct B2 {
  unsigned char a : 3;
  unsigned char b : 6;
  unsigned char c;
};
union U1 {
  char a;
  double b;
  int c[3];
};

TEST(FfiLayout, Structs) {
  EXPECT_EQ(lisp("(sizeof (struct s1 (a char) (b int) (c double)))"), (long long)sizeof(S1));
  EXPECT_EQ(lisp("(alignof s1)"), (long long)alignof(S1));
  EXPECT_EQ(lisp("(offsetof s1 b)"), (long long)offsetof(S1, b));
  EXPECT_EQ(lisp("(offsetof s1 c)"), (long long)offsetof(S1, c));
  EXPECT_EQ(lisp("(sizeof (struct s2 (a char) (b short) (c char)))"), (long long)sizeof(S2));
  EXPECT_EQ(lisp("(offsetof s2 c)"), (long long)offsetof(S2, c));
  EXPECT_EQ(lisp("(sizeof (struct s3 (a (array 3 int)) (b char)))"), (long long)sizeof(S3));
  EXPECT_EQ(lisp("(offsetof s3 b)"), (long long)offsetof(S3, b));
  EXPECT_EQ(lisp("(sizeof (struct s4 (a char) (inner s1) (b char)))"), (long long)sizeof(S4));
  EXPECT_EQ(lisp("(offsetof s4 inner)"), (long long)offsetof(S4, inner));
  EXPECT_EQ(lisp("(offsetof s4 b)"), (long long)offsetof(S4, b));
}

TEST(FfiLayout, BitFields) {
  EXPECT_EQ(lisp("(sizeof (struct b1 (a (bit 3 uint)) (b (bit 6 uint)) (c (bit 30 uint))))"), (long long)sizeof(B1));
  EXPECT_EQ(lisp("(sizeof (struct b2 (a (bit 3 uchar)) (b (bit 6 uchar)) (c uchar)))"), (long long)sizeof(B2));
  B1 v{};
  v.a = 5;
  v.b = 33;
  v.c = 123456;
  const unsigned char *bytes = reinterpret_cast<const unsigned char *>(&v);
  std::string hex;
  char buf[3];
  for (size_t i = 0; i < sizeof v; ++i) {
    snprintf(buf, sizeof buf, "%02x", bytes[i]);
    hex += buf;
  }
  EXPECT_EQ(rt().eval("(ffi-put (new b1 a 5 b 33 c 123456) (ffi b1))").repr(), "#b'" + hex + "'");
}

TEST(FfiLayout, UnionsAndArrays) {
  EXPECT_EQ(lisp("(sizeof (union u1 (a char) (b double) (c (array 3 int))))"), (long long)sizeof(U1));
  EXPECT_EQ(lisp("(alignof u1)"), (long long)alignof(U1));
  EXPECT_EQ(lisp("(sizeof (array 7 int16))"), 14);
  EXPECT_EQ(lisp("(sizeof long)"), (long long)sizeof(long));
  EXPECT_EQ(lisp("(sizeof size-t)"), (long long)sizeof(size_t));
  EXPECT_EQ(lisp("(sizeof double)"), (long long)sizeof(double));
  EXPECT_EQ(lisp("(alignof int64)"), (long long)alignof(int64_t));
}
