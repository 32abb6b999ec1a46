// Internals shared by number.cpp and arith.cpp.
#pragma once
#include <gmp.h>

#include <string>

#include "lisp.hpp"

namespace tine {

inline Big *big(val v) { return static_cast<Big *>(v); }
inline double flo(val v) { return static_cast<Flo *>(v)->d; }

// A scratch mpz on the C++ stack (its limbs live on the collected heap).
struct MpzTemp {
  mpz_t z;
  MpzTemp() { mpz_init(z); }
  ~MpzTemp() { mpz_clear(z); }
  MpzTemp(const MpzTemp &) = delete;
  MpzTemp &operator=(const MpzTemp &) = delete;
};

void to_mpz(val v, mpz_t out, const char *self);

// GMP aborts the process ("overflow in mpz type") when an integer would
// pass its largest size (INT_MAX limbs): a result that needs more bits is
// an alloc-error here instead.  Below that, a failed allocation is one too.
void check_result_bits(uint64_t bits, const char *self);
// The bits of |z|, at least 1.
inline uint64_t mpz_bits(mpz_srcptr z) { return uint64_t(mpz_sizeinbase(z, 2)); }

// TXR's text for a float: %.Pg with a tidy exponent (1e5, 1.5e-7);
// readable adds ".0" when the text would read back as an integer.
std::string flo_text(double d, int precision, bool readable);
// ~f and ~e: digits after the point, and the tidy exponent.
std::string flo_fixed_text(double d, int digits, bool exponent);
int flo_print_precision();  // *print-flo-precision* (flo-dig, 15, by default)
// A float result, or a numeric-error when it is infinite or not a number.
val flo_result(double d, const char *self);
void init_flo_print_vars();  // after the variables are defined (mathlib.cpp)

val num_div(val a, val b);  // /, with struct operands
val num_mod(val a, val b);  // mod
val float_to_int(double d, const char *self);

void init_numconv();
void init_mathlib();
void init_bitops();
val big_op(val a, val b, void (*op)(mpz_ptr, mpz_srcptr, mpz_srcptr), const char *self);

}  // namespace tine
