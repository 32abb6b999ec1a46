// Vectors.
#include <cstring>

#include "lisp.hpp"

namespace tine {

val make_vec(size_t n, val fill) {
  Vec *v = gc_obj<Vec>(T::Vec);
  v->len = v->cap = n;
  v->data = static_cast<val *>(gc_scanned(gc_array_bytes(n, sizeof(val))));
  for (size_t i = 0; i < n; ++i) v->data[i] = fill;
  return v;
}

void vec_push(val vv, val item) {
  Vec *v = vec_of(vv);
  if (v->len == v->cap) {
    size_t cap = v->cap * 2 + 4;
    val *d = static_cast<val *>(gc_scanned(cap * sizeof(val)));
    if (v->len) memcpy(d, v->data, v->len * sizeof(val));
    v->data = d;
    v->cap = cap;
  }
  v->data[v->len++] = item;
}

val vec_from_list(val l) {
  val v = make_vec(0, nullptr);
  for (CycleCheck cycle(l); consp(l); cycle.step(l = cdr(l), "vec-list")) vec_push(v, car(l));
  return v;
}

static val vec_checked(val v, const char *self) {
  if (!is(v, T::Vec)) type_err(self, v, "a vector");
  return v;
}

static val bi_vec(const Args &a) {
  val v = make_vec(size_t(a.n), nullptr);
  for (int i = 0; i < a.n; ++i) vec_of(v)->data[i] = a[i];
  return v;
}

static val bi_vector(const Args &a) {
  intptr_t n = c_fixnum(a[0], a.name());
  if (n < 0) range_err(a.name(), "negative length", a[0]);
  return make_vec(size_t(n), missing(a[1]) ? nullptr : a[1]);
}

static val bi_vecref(const Args &a) { return seq_ref(vec_checked(a[0], a.name()), a[1], a.name()); }

static val bi_vec_push(const Args &a) {
  vec_push(vec_checked(a[0], a.name()), a[1]);
  return mkfix(intptr_t(vec_of(a[0])->len - 1));
}

static val bi_vectorp(const Args &a) { return boolv(is(a[0], T::Vec)); }
// (vec-list list): a vector of the list's (or any sequence's) elements.
static val bi_vec_list(const Args &a) { return vec_from_list(seq_list(a[0], a.name())); }

// (list-vec vec): a list of the vector's elements.
static val bi_list_vec(const Args &a) {
  Vec *v = vec_of(vec_checked(a[0], a.name()));
  val out = nullptr;
  for (size_t i = v->len; i > 0; --i) out = cons(v->data[i - 1], out);
  return out;
}

static val bi_length_vec(const Args &a) { return mkfix(intptr_t(vec_of(vec_checked(a[0], a.name()))->len)); }

static val bi_vec_set_length(const Args &a) {
  Vec *v = vec_of(vec_checked(a[0], a.name()));
  intptr_t n = c_fixnum(a[1], a.name());
  if (n < 0) range_err(a.name(), "negative length", a[1]);
  if (size_t(n) > v->cap) {  // one allocation, whatever the growth
    val *d = static_cast<val *>(gc_scanned(gc_array_bytes(size_t(n), sizeof(val))));
    if (v->len) memcpy(d, v->data, v->len * sizeof(val));
    v->data = d;
    v->cap = size_t(n);
  }
  for (size_t i = v->len; i < size_t(n); ++i) v->data[i] = nullptr;
  v->len = size_t(n);
  return a[0];
}

static val bi_copy_vec(const Args &a) {
  Vec *v = vec_of(vec_checked(a[0], a.name()));
  val out = make_vec(v->len, nullptr);
  if (v->len) memcpy(vec_of(out)->data, v->data, v->len * sizeof(val));
  return out;
}

static val bi_fill_vec(const Args &a) {
  Vec *v = vec_of(vec_checked(a[0], a.name()));
  for (size_t i = 0; i < v->len; ++i) v->data[i] = a[1];
  return a[0];
}

static const BuiltinDef vector_builtins[] = {
    {"vec", 0, 0, true, bi_vec},
    {"vector", 1, 1, false, bi_vector},
    {"vecref", 2, 0, false, bi_vecref},
    {"vec-push", 2, 0, false, bi_vec_push},
    {"vectorp", 1, 0, false, bi_vectorp},
    {"list-vec", 1, 0, false, bi_list_vec},
    {"vec-list", 1, 0, false, bi_vec_list},
    {"length-vec", 1, 0, false, bi_length_vec},
    {"vec-set-length", 2, 0, false, bi_vec_set_length},
    {"copy-vec", 1, 0, false, bi_copy_vec},
    {"fill-vec", 2, 0, false, bi_fill_vec},
};

void init_vectors() { register_builtins(vector_builtins); }

}  // namespace tine
