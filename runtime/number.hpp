// Internals shared by number.cpp and arith.cpp.
#pragma once
#include <gmp.h>

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
val big_op(val a, val b, void (*op)(mpz_ptr, mpz_srcptr, mpz_srcptr), const char *self);

}  // namespace tine
