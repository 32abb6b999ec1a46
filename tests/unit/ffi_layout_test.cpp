// FFI layouts agree with the compiler's sizeof/alignof/offsetof for the
// same C declarations, and bit-field structs have the same bytes: each
// declaration below is written twice, in C++ and in FFI syntax.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "tine/tine.hpp"

static tine::Runtime &rt() {
  static tine::Runtime r;
  return r;
}

static long long lisp(const std::string &expr) { return rt().eval(expr).to_int(); }

template <class S>
static std::string hex_of(const S &s) {
  const unsigned char *p = reinterpret_cast<const unsigned char *>(&s);
  std::string hex;
  char buf[3];
  for (size_t i = 0; i < sizeof s; ++i) {
    snprintf(buf, sizeof buf, "%02x", p[i]);
    hex += buf;
  }
  return "#b'" + hex + "'";
}

static int declarations = 0;

// Defines the FFI type name from its syntax and checks size and alignment.
static void declare(const char *name, const std::string &syntax, size_t size, size_t align) {
  ++declarations;
  rt().eval("(ffi-typedef '" + std::string(name) + " (ffi-type-compile '" + syntax + "))");
  EXPECT_EQ(lisp("(ffi-size (ffi " + std::string(name) + "))"), (long long)size) << name;
  EXPECT_EQ(lisp("(ffi-alignof (ffi " + std::string(name) + "))"), (long long)align) << name;
}

static void offset(const char *name, const char *member, size_t off) {
  EXPECT_EQ(lisp("(ffi-offsetof (ffi " + std::string(name) + ") '" + member + ")"), (long long)off)
      << name << "." << member;
}

// The bytes of (new name slot value ...) under the type equal the C image.
static void image(const char *name, const std::string &slots, const std::string &c_hex) {
  std::string expr = "(ffi-put (new " + std::string(name) + " " + slots + ") (ffi " + name + "))";
  EXPECT_EQ(rt().eval(expr).repr(), c_hex) << name;
  // and back again
  std::string back = "(equal (ffi-get " + expr + " (ffi " + name + ")) (new " + name + " " + slots + "))";
  EXPECT_EQ(rt().eval(back).repr(), "t") << name;
}

// The C image: zeroed, then the members assigned (padding bits stay zero).
#define IMG(name, ctype, slots, ...)              \
  {                                               \
    ctype v;                                      \
    memset(static_cast<void *>(&v), 0, sizeof v); \
    __VA_ARGS__;                                  \
    image(#name, slots, hex_of(v));               \
  }

#define DECL(name, ctype, syntax) declare(#name, syntax, sizeof(ctype), alignof(ctype))
#define OFF(name, ctype, m) offset(#name, #m, offsetof(ctype, m))

// ---- plain structs, arrays, unions ---------------------------------------------------

struct P1 {
  char a;
  int b;
  double c;
};
struct P2 {
  char a;
  short b;
  char c;
};
struct P3 {
  int a[3];
  char b;
};
struct P4 {
  char a;
  P1 inner;
  char b;
};
struct P5 {
  long long a;
  char b;
};
struct P6 {
  char a;
  char b[7];
  double c;
};
struct P7 {
  float a;
  char b;
  float c;
};
struct P8 {
  short a;
  int8_t b;
  int64_t c;
  short d;
};
struct P9 {
  char a;
  void *p;
  char b;
};
struct P10 {
  double a;
  int b;
};
struct P11 {
  char a[3];
};
struct P12 {
  uint16_t a[5];
  uint32_t b;
};
struct P13 {
  P2 a[3];
  char b;
};
struct P14 {
  char a;
  const char *s;
  wchar_t w;
};
union U1 {
  char a;
  double b;
  int c[3];
};
union U2 {
  short a;
  char b[5];
};
union U3 {
  P2 s;
  int x;
};

TEST(FfiLayout, Plain) {
  DECL(p1, P1, "(struct p1 (a char) (b int) (c double))");
  OFF(p1, P1, b);
  OFF(p1, P1, c);
  DECL(p2, P2, "(struct p2 (a char) (b short) (c char))");
  OFF(p2, P2, c);
  DECL(p3, P3, "(struct p3 (a (array 3 int)) (b char))");
  OFF(p3, P3, b);
  DECL(p4, P4, "(struct p4 (a char) (inner p1) (b char))");
  OFF(p4, P4, inner);
  OFF(p4, P4, b);
  DECL(p5, P5, "(struct p5 (a longlong) (b char))");
  DECL(p6, P6, "(struct p6 (a char) (b (array 7 char)) (c double))");
  OFF(p6, P6, c);
  DECL(p7, P7, "(struct p7 (a float) (b char) (c float))");
  OFF(p7, P7, c);
  DECL(p8, P8, "(struct p8 (a short) (b int8) (c int64) (d short))");
  OFF(p8, P8, c);
  OFF(p8, P8, d);
  DECL(p9, P9, "(struct p9 (a char) (p cptr) (b char))");
  OFF(p9, P9, b);
  DECL(p10, P10, "(struct p10 (a double) (b int))");
  DECL(p11, P11, "(struct p11 (a (array 3 char)))");
  DECL(p12, P12, "(struct p12 (a (array 5 uint16)) (b uint32))");
  OFF(p12, P12, b);
  DECL(p13, P13, "(struct p13 (a (array 3 p2)) (b char))");
  OFF(p13, P13, b);
  DECL(p14, P14, "(struct p14 (a char) (s str) (w wchar))");
  OFF(p14, P14, w);
  DECL(u1, U1, "(union u1 (a char) (b double) (c (array 3 int)))");
  DECL(u2, U2, "(union u2 (a short) (b (array 5 char)))");
  DECL(u3, U3, "(union u3 (s p2) (x int))");
  EXPECT_EQ(lisp("(sizeof (array 7 int16))"), 14);
  EXPECT_EQ(lisp("(sizeof long)"), (long long)sizeof(long));
  EXPECT_EQ(lisp("(sizeof size-t)"), (long long)sizeof(size_t));
  EXPECT_EQ(lisp("(alignof int64)"), (long long)alignof(int64_t));
  EXPECT_EQ(lisp("(sizeof wchar)"), (long long)sizeof(wchar_t));
}

// ---- packing and alignment ------------------------------------------------------------

struct __attribute__((packed)) K1 {
  char a;
  int b;
  short c;
};
struct __attribute__((packed)) K2 {
  char a;
  double b;
};
struct K3 {
  char a;
  int b __attribute__((packed));
};
struct __attribute__((packed)) K4 {
  char a;
  int b __attribute__((aligned(2)));
};
struct A1 {
  char a;
  int b __attribute__((aligned(16)));
};
struct A2 {
  char a __attribute__((aligned(8)));
  char b;
};
struct __attribute__((packed)) K5 {
  char a;
  P1 p;
};
struct K6 {
  char a;
  K1 k;
  char b;
};

TEST(FfiLayout, PackAlign) {
  DECL(k1, K1, "(pack (struct k1 (a char) (b int) (c short)))");
  OFF(k1, K1, c);
  DECL(k2, K2, "(pack (struct k2 (a char) (b double)))");
  DECL(k3, K3, "(struct k3 (a char) (b (pack int)))");
  OFF(k3, K3, b);
  DECL(k4, K4, "(pack (struct k4 (a char) (b (align 2 int))))");
  OFF(k4, K4, b);
  DECL(a1, A1, "(struct a1 (a char) (b (align 16 int)))");
  OFF(a1, A1, b);
  DECL(a2, A2, "(struct a2 (a (align 8 char)) (b char))");
  OFF(a2, A2, b);
  DECL(k5, K5, "(pack (struct k5 (a char) (p p1)))");
  OFF(k5, K5, p);
  DECL(k6, K6, "(struct k6 (a char) (k k1) (b char))");
  OFF(k6, K6, b);
}

// ---- bit-fields ---------------------------------------------------------------------------

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
struct B3 {
  uint8_t x;
  uint32_t b0 : 8, b1 : 8, b2 : 8, b3 : 8;
};
struct B4 {
  int a : 3;
  int b : 13;
  short c : 7;
  char d;
};
struct B5 {
  char a;
  short b : 10;
};
struct B6 {
  unsigned a : 7;
  unsigned long long b : 40;
  unsigned c : 20;
};
struct B7 {
  uint16_t a : 12;
  uint16_t b : 12;
};
struct B8 {
  uint8_t a : 4;
  uint16_t b : 12;
  uint32_t c : 16;
};
struct B9 {
  int a : 1;
  int : 0;
  int b : 1;
};
struct B10 {
  char a;
  int : 0;
  char b;
};
struct B11 {
  long long a : 3;
  char b;
};
struct B12 {
  short a : 3;
  char b : 4;
  short c : 9;
};
struct B13 {
  int a : 4;
  int b : 5;
  signed char c : 3;
  long long d : 33;
};
struct B14 {
  bool a : 1;
  unsigned b : 2;
};
enum Color : unsigned { red, green, blue };
struct B15 {
  Color a : 2;
  unsigned b : 3;
};
struct __attribute__((packed)) B16 {
  uint8_t x;
  uint32_t a : 9;
  uint32_t b : 7;
};
struct B17 {
  uint64_t a : 1;
  uint32_t b : 31;
  uint8_t c : 4;
  uint16_t d;
};
struct B18 {
  char a : 2;
  char b : 7;
  char c : 7;
};
struct B19 {
  unsigned a : 31;
  unsigned b : 2;
};
struct B20 {
  uint8_t a;
  uint64_t b : 3;
};
struct B21 {
  unsigned : 5;
  unsigned a : 3;
  unsigned char : 2;
  unsigned char b;
};
struct B22 {
  uint32_t a : 20;
  uint64_t b : 44;
  uint8_t c : 8;
};
struct B23 {
  short s;
  uint32_t a : 17;
  uint32_t b : 17;
};

TEST(FfiLayout, BitFields) {
  DECL(b1, B1, "(struct b1 (a (bit 3 uint)) (b (bit 6 uint)) (c (bit 30 uint)))");
  IMG(b1, B1, "a 5 b 33 c 123456", v.a = 5, v.b = 33, v.c = 123456);
  DECL(b2, B2, "(struct b2 (a (bit 3 uchar)) (b (bit 6 uchar)) (c uchar))");
  IMG(b2, B2, "a 7 b 63 c 200", v.a = 7, v.b = 63, v.c = 200);
  OFF(b2, B2, c);
  DECL(b3, B3, "(struct b3 (x uint8) (b0 (bit 8 uint32)) (b1 (bit 8 uint32)) (b2 (bit 8 uint32)) (b3 (bit 8 uint32)))");
  IMG(b3, B3, "x 255 b0 170 b1 187 b2 204 b3 221", v.x = 255, v.b0 = 170, v.b1 = 187, v.b2 = 204, v.b3 = 221);
  DECL(b4, B4, "(struct b4 (a (bit 3 int)) (b (bit 13 int)) (c (bit 7 short)) (d char))");
  IMG(b4, B4, "a -2 b 4000 c -60 d #\\A", v.a = -2, v.b = 4000, v.c = -60, v.d = 65);
  OFF(b4, B4, d);
  DECL(b5, B5, "(struct b5 (a char) (b (bit 10 short)))");
  IMG(b5, B5, "a #\\x1 b -300", v.a = 1, v.b = -300);
  DECL(b6, B6, "(struct b6 (a (bit 7 uint)) (b (bit 40 uint64)) (c (bit 20 uint)))");
  IMG(b6, B6, "a 100 b 1099511627775 c 1048575", v.a = 100, v.b = 1099511627775ull, v.c = 1048575);
  DECL(b7, B7, "(struct b7 (a (bit 12 uint16)) (b (bit 12 uint16)))");
  IMG(b7, B7, "a 4095 b 1234", v.a = 4095, v.b = 1234);
  DECL(b8, B8, "(struct b8 (a (bit 4 uint8)) (b (bit 12 uint16)) (c (bit 16 uint32)))");
  IMG(b8, B8, "a 9 b 3000 c 65000", v.a = 9, v.b = 3000, v.c = 65000);
  DECL(b9, B9, "(struct b9 (a (bit 1 int)) (nil (bit 0 int)) (b (bit 1 int)))");
  IMG(b9, B9, "a -1 b -1", v.a = -1, v.b = -1);
  DECL(b10, B10, "(struct b10 (a char) (nil (bit 0 int)) (b char))");
  OFF(b10, B10, b);
  DECL(b11, B11, "(struct b11 (a (bit 3 int64)) (b char))");
  OFF(b11, B11, b);
  IMG(b11, B11, "a 3 b #\\x", v.a = 3, v.b = 'x');
  DECL(b12, B12, "(struct b12 (a (bit 3 short)) (b (bit 4 char)) (c (bit 9 short)))");
  IMG(b12, B12, "a 3 b -8 c 255", v.a = 3, v.b = -8, v.c = 255);
  DECL(b13, B13, "(struct b13 (a (bit 4 int)) (b (bit 5 int)) (c (bit 3 int8)) (d (bit 33 int64)))");
  IMG(b13, B13, "a -8 b 15 c -4 d -4294967296", v.a = -8, v.b = 15, v.c = -4, v.d = -4294967296ll);
  DECL(b14, B14, "(struct b14 (a (bool (bit 1 uint8))) (b (bit 2 uint)))");
  IMG(b14, B14, "a t b 3", v.a = true, v.b = 3);
  DECL(b15, B15, "(struct b15 (a (enumed (bit 2 uint) color red green blue)) (b (bit 3 uint)))");
  IMG(b15, B15, "a 'blue b 5", v.a = blue, v.b = 5);
  DECL(b16, B16, "(pack (struct b16 (x uint8) (a (bit 9 uint32)) (b (bit 7 uint32))))");
  IMG(b16, B16, "x 1 a 511 b 127", v.x = 1, v.a = 511, v.b = 127);
  DECL(b17, B17, "(struct b17 (a (bit 1 uint64)) (b (bit 31 uint32)) (c (bit 4 uint8)) (d uint16))");
  IMG(b17, B17, "a 1 b 2147483647 c 10 d 65535", v.a = 1, v.b = 2147483647, v.c = 10, v.d = 65535);
  OFF(b17, B17, d);
  DECL(b18, B18, "(struct b18 (a (bit 2 char)) (b (bit 7 char)) (c (bit 7 char)))");
  IMG(b18, B18, "a 1 b 60 c -64", v.a = 1, v.b = 60, v.c = -64);
  DECL(b19, B19, "(struct b19 (a (bit 31 uint)) (b (bit 2 uint)))");
  IMG(b19, B19, "a 2147483647 b 2", v.a = 2147483647u, v.b = 2);
  DECL(b20, B20, "(struct b20 (a uint8) (b (bit 3 uint64)))");
  IMG(b20, B20, "a 9 b 7", v.a = 9, v.b = 7);
  DECL(b21, B21, "(struct b21 (nil (bit 5 uint)) (a (bit 3 uint)) (nil (bit 2 uchar)) (b uchar))");
  {
    B21 v{};
    v.a = 5;
    v.b = 77;
    image("b21", "a 5 b 77", hex_of(v));
  }
  DECL(b22, B22, "(struct b22 (a (bit 20 uint32)) (b (bit 44 uint64)) (c (bit 8 uint8)))");
  IMG(b22, B22, "a 1048575 b 17592186044415 c 129", v.a = 1048575, v.b = 17592186044415ull, v.c = 129);
  DECL(b23, B23, "(struct b23 (s short) (a (bit 17 uint32)) (b (bit 17 uint32)))");
  IMG(b23, B23, "s -1 a 131071 b 65537", v.s = -1, v.a = 131071, v.b = 65537);
}

// ---- flexible array members --------------------------------------------------------------

struct F1 {
  uint8_t n;
  uint16_t items[];
};
struct F2 {
  int n;
  char s[];
};
struct F3 {
  char c;
  double d[];
};

TEST(FfiLayout, Flexible) {
  DECL(f1, F1, "(struct f1 (n uint8) (items (array uint16)))");
  OFF(f1, F1, items);
  DECL(f2, F2, "(struct f2 (n int) (s (zarray char)))");
  DECL(f3, F3, "(struct f3 (c char) (d (array double)))");
  OFF(f3, F3, d);
  EXPECT_EQ(rt().eval("(ffi-put (new f2 n 1 s \"ab\") (ffi f2))").repr(), "#b'01000000616200'");
}

TEST(FfiLayout, Count) {
  // The tests above run first (definition order); at least 40 declarations.
  EXPECT_GE(declarations, 40);
}
