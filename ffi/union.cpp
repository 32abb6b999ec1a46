// The union functions of TXR's "Foreign Unions": a union object's members
// are converted on request, since only the program knows which one holds.
#include "ffi/union.hpp"

#include "ffi/ffi_compile.hpp"
#include "runtime/printer.hpp"

namespace tine {

UnionObj *union_checked(val v, const char *self) {
  if (!is(v, T::FfiUnion)) type_err(self, v, "a union");
  return static_cast<UnionObj *>(v);
}

val make_union_obj(FfiType *t, const void *bytes) {
  UnionObj *u = gc_obj<UnionObj>(T::FfiUnion);
  u->utype = t;
  u->data = static_cast<uint8_t *>(gc_atomic(t->size ? t->size : 1));
  if (bytes)
    memcpy(u->data, bytes, t->size);
  else
    memset(u->data, 0, t->size ? t->size : 1);
  return u;
}

static FfiMember *member_checked(UnionObj *u, val name, const char *self) {
  if (FfiMember *m = ffi_find_member(u->utype, name)) return m;
  errorf(s_error, "~a: ~s doesn't name a member of ~s", self, name, static_cast<val>(u->utype));
}

static val put_member(UnionObj *u, val name, val v, const char *self) {
  FfiMember *m = member_checked(u, name, self);
  ffi_put(m->type, v, u->data, self);
  return v;
}

static val bi_make_union(const Args &a) {
  FfiType *t = ffi_type_checked(a[0], a.name());
  if (t->kind != FK::Union) type_err(a.name(), a[0], "a union type");
  UnionObj *u = static_cast<UnionObj *>(make_union_obj(t, nullptr));
  if (!missing(a[1])) {
    if (!t->nmembers) errorf(s_error, "~a: ~s cannot be initialized: no members", a.name(), a[0]);
    put_member(u, missing(a[2]) ? t->members[0].name : a[2], a[1], a.name());
  }
  return u;
}

static val bi_union_members(const Args &a) {
  UnionObj *u = union_checked(a[0], a.name());
  val out = nullptr;
  for (size_t i = u->utype->nmembers; i > 0; --i) out = cons(u->utype->members[i - 1].name, out);
  return out;
}

static val bi_union_get(const Args &a) {
  UnionObj *u = union_checked(a[0], a.name());
  FfiType *mt = member_checked(u, a[1], a.name())->type;
  FfiReadLimit limit(u->data + u->utype->size);
  return ffi_get(mt, u->data, a.name());
}

static val bi_union_put(const Args &a) { return put_member(union_checked(a[0], a.name()), a[1], a[2], a.name()); }

static val bi_union_in(const Args &a) {
  UnionObj *u = union_checked(a[0], a.name());
  return ffi_in(member_checked(u, a[1], a.name())->type, false, u->data, a[2], a.name());
}

static val bi_union_out(const Args &a) {
  UnionObj *u = union_checked(a[0], a.name());
  FfiType *mt = member_checked(u, a[1], a.name())->type;
  if (mt->has_out) ffi_out(mt, false, a[2], u->data, a.name());
  return a[2];
}

static void print_union(val obj, std::u32string &out, bool escape) {
  UnionObj *u = static_cast<UnionObj *>(obj);
  out += U"#<union ";
  print_to(u->utype->tag, out, escape);
  out += U">";
}

static const BuiltinDef union_builtins[] = {
    {"make-union", 1, 2, false, bi_make_union}, {"union-members", 1, 0, false, bi_union_members},
    {"union-get", 2, 0, false, bi_union_get},   {"union-put", 3, 0, false, bi_union_put},
    {"union-in", 3, 0, false, bi_union_in},     {"union-out", 3, 0, false, bi_union_out},
};

void init_ffi_unions() {
  print_ops[int(T::FfiUnion)] = print_union;
  register_builtins(union_builtins);
}

}  // namespace tine
