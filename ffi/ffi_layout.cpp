// Struct and union types: member compilation, the Lisp struct type that
// goes with a struct, and layout, bit-fields included, following the
// manual's "Bitfield Allocation Rules" (which match GCC's).
#include "ffi/ffi_compile.hpp"
#include "runtime/struct.hpp"

namespace tine {

static val s_struct_sym, s_union_sym;

static size_t align_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

static size_t list_len(val l) {
  size_t n = 0;
  for (; consp(l); l = cdr(l)) ++n;
  return n;
}

// A member spec (slot type [init-form]), compiled.  *flex is set when the
// member is a flexible array or struct, which only the last may be.
static FfiType *compile_member(val mspec, bool last, bool *flex, val spec) {
  const char *self = "ffi-type-compile";
  if (!consp(mspec) || !symbolp(car(mspec)) || !consp(cdr(mspec)))
    errorf(s_error, "~a: invalid member ~s in ~s", self, mspec, spec);
  if (cdr(cdr(cdr(mspec)))) errorf(s_error, "~a: excess elements in type-member pair ~s", self, mspec);
  val tsyn = car(cdr(mspec));
  FfiType *mt = ffi_compile(tsyn);
  if (mt->flexible || (mt->incomplete && mt->kind == FK::Array)) {
    if (!last) errorf(s_error, "~a: flexible type ~s can only be last member", self, tsyn);
    *flex = true;
  } else if (mt->incomplete) {
    errorf(s_error, "~a: incomplete type ~s can't be struct/union member", self, tsyn);
  }
  return mt;
}

// How a named bit-field adds to its struct's alignment: by its alignment,
// unless weakened; weakened by pack to 1 it adds nothing more than 1, any
// other weakening falls back to the type's natural alignment.
static size_t bitfield_align(FfiType *t) {
  if (t->align >= t->natural_align) return t->align;
  return t->packed1 ? 1 : t->natural_align;
}

struct Placement {
  size_t offs = 0;      // whole bytes allocated
  size_t bit_offs = 0;  // bits allocated in the byte after them (0-7)
  size_t most_align = 1;
  bool have_prev = false;
  bool prev_swap = false;

  void close_byte() {
    if (bit_offs) {
      ++offs;
      bit_offs = 0;
    }
  }
  // A zero-width bit-field ends the unit of its type's size in progress.
  void zero_width(FfiType *t) {
    size_t unit = offs / t->size * t->size;
    if (offs != unit || bit_offs) offs = unit + t->size;
    bit_offs = 0;
  }
  FfiMember place_bits(val name, FfiType *t) {
    // Altered alignment, or a byte order other than the previous member's,
    // starts a new allocation cell.
    if (t->align_altered || (have_prev && t->swap != prev_swap)) {
      close_byte();
      offs = align_up(offs, t->align);
    }
    size_t unit = offs / t->align * t->align;
    size_t used = 8 * (offs - unit) + bit_offs;
    size_t room = 8 * t->size > used ? 8 * t->size - used : 0;
    if (size_t(t->bit_width) > room) {
      offs = unit + t->align;
      bit_offs = 0;
    }
    FfiMember m{name, t, offs, int(bit_offs)};
    bit_offs += size_t(t->bit_width);
    offs += bit_offs / 8;
    bit_offs %= 8;
    if (name) most_align = std::max(most_align, bitfield_align(t));
    return m;
  }
  FfiMember place(val name, FfiType *t) {
    close_byte();
    offs = align_up(offs, t->align);
    FfiMember m{name, t, offs, 0};
    offs += t->size;
    most_align = std::max(most_align, t->align);
    return m;
  }
};

static void layout_struct(FfiType *t, val membs, val spec) {
  t->members = static_cast<FfiMember *>(gc_scanned(sizeof(FfiMember) * (list_len(membs) + 1)));
  t->nmembers = 0;
  Placement p;
  bool flex = false;
  for (val l = membs; consp(l); l = cdr(l)) {
    val name = car(car(l));
    FfiType *mt = compile_member(car(l), !consp(cdr(l)), &flex, spec);
    if (mt->bitfield && mt->bit_width == 0) {
      p.zero_width(mt);
      continue;
    }
    t->members[t->nmembers++] = mt->bitfield ? p.place_bits(name, mt) : p.place(name, mt);
    p.have_prev = true;
    p.prev_swap = mt->swap;
    t->has_in = t->has_in || mt->has_in;
    t->has_out = t->has_out || mt->has_out;
  }
  p.close_byte();
  t->flexible = flex;
  t->incomplete = flex || t->nmembers == 0;
  t->size = flex ? p.offs : align_up(p.offs, p.most_align);
  t->align = t->natural_align = p.most_align;
}

static void layout_union(FfiType *t, val membs, val spec) {
  t->members = static_cast<FfiMember *>(gc_scanned(sizeof(FfiMember) * (list_len(membs) + 1)));
  t->nmembers = 0;
  size_t most_align = 1, biggest = 0;
  bool flex = false;
  for (val l = membs; consp(l); l = cdr(l)) {
    val name = car(car(l));
    FfiType *mt = compile_member(car(l), !consp(cdr(l)), &flex, spec);
    if (flex) errorf(s_error, "~a: unions cannot contain incomplete member", "ffi-type-compile");
    size_t size = mt->size, al = mt->align;
    if (mt->bitfield) {
      if (mt->bit_width == 0) continue;
      size = (size_t(mt->bit_width) + 7) / 8;
      al = name ? mt->align : 1;
    }
    t->members[t->nmembers++] = FfiMember{name, mt, 0, 0};
    most_align = std::max(most_align, al);
    biggest = std::max(biggest, size);
  }
  t->incomplete = t->nmembers == 0;
  t->size = align_up(biggest, most_align);
  t->align = t->natural_align = most_align;
}

// A function of no arguments returning its data: a slot initializer.
static val constant_fn(val v) {
  return make_builtin(
      nullptr, 0, 0, false, [](const Args &a) { return a.self->data; }, v);
}

// The Lisp struct type for an FFI struct: the existing type of that name,
// or a new one with the named members as slots and their init-forms'
// values as initial values.
static val lisp_struct_for(val name, val sname, val membs) {
  if (name)
    if (StructType *st = find_struct_type(sname)) return st;
  val slots = nullptr, inits = nullptr;
  for (val l = membs; consp(l); l = cdr(l)) {
    val slot = car(car(l));
    if (!slot) continue;
    slots = cons(slot, slots);
    if (consp(cdr(cdr(car(l))))) inits = cons(cons(slot, constant_fn(eval_toplevel(car(cdr(cdr(car(l))))))), inits);
  }
  return define_struct_type(sname, nullptr, nreverse(slots), nreverse(inits), nullptr);
}

// The type object for a definition with members: an incomplete type of
// that tag is completed in place (so earlier references see the members),
// any other is replaced.
static FfiType *type_for_definition(FK kind, val sname, val spec) {
  FfiType *existing = static_cast<FfiType *>(gethash(ffi_struct_tags, sname));
  FfiType *t;
  if (existing && existing->nmembers == 0) {
    t = existing;
    *t = FfiType();
    t->type = T::FfiType;
  } else {
    t = new_ffi_type(kind, 0, 1, spec);
  }
  t->kind = kind;
  t->syntax = spec;
  t->tag = sname;
  t->incomplete = true;
  sethash(ffi_struct_tags, sname, t);  // members may refer to the type
  return t;
}

static FfiType *reference_or_declare(FK kind, val head, val name, val sname) {
  if (name)
    if (val existing = gethash(ffi_struct_tags, sname)) return ffi_type_of(existing);
  FfiType *t = new_ffi_type(kind, 0, 1, list({head, sname}));
  t->tag = sname;
  t->incomplete = true;
  sethash(ffi_struct_tags, sname, t);
  return t;
}

FfiType *ffi_compile_struct(val spec) {
  val name = car(cdr(spec));
  val membs = cdr(cdr(spec));
  if (name && !is(name, T::Sym)) errorf(s_error, "~a: struct name ~s is not a symbol", "ffi-type-compile", name);
  val sname = name ? name : gensym(mkstr_utf8("ffi-struct-"));
  if (!membs) return reference_or_declare(FK::Struct, s_struct_sym, name, sname);
  val xspec = cons(s_struct_sym, cons(sname, membs));
  val stype = lisp_struct_for(name, sname, membs);
  FfiType *t = type_for_definition(FK::Struct, sname, xspec);
  t->lisp_type = stype;
  layout_struct(t, membs, xspec);
  return t;
}

FfiType *ffi_compile_union(val spec) {
  val name = car(cdr(spec));
  val membs = cdr(cdr(spec));
  if (name && !is(name, T::Sym)) errorf(s_error, "~a: union name ~s is not a symbol", "ffi-type-compile", name);
  val sname = name ? name : gensym(mkstr_utf8("ffi-union-"));
  if (!membs) return reference_or_declare(FK::Union, s_union_sym, name, sname);
  FfiType *t = type_for_definition(FK::Union, sname, cons(s_union_sym, cons(sname, membs)));
  layout_union(t, membs, t->syntax);
  return t;
}

void init_ffi_layout() {
  s_struct_sym = intern("struct");
  s_union_sym = intern("union");
}

}  // namespace tine
