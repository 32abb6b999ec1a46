// FFI types: the type table, compilation of type specs, layout, and the
// conversions between Lisp values and C memory.
#include "ffi/ffi_type.hpp"

#include <cstring>
#include <cwchar>

#include "ffi/call.hpp"
#include "runtime/printer.hpp"
#include "runtime/struct.hpp"

namespace tine {

static val type_table;  // eq hash: symbol -> FfiType
static val s_array, s_zarray, s_ptr, s_ptr_in, s_ptr_out, s_ptr_in_out, s_struct, s_union, s_enum, s_cptr, s_bit,
    s_char, s_bchar, s_wchar, s_closure;

static FfiType *new_type(FK kind, size_t size, size_t align, ffi_type *lf, val syntax) {
  FfiType *t = gc_obj<FfiType>(T::FfiType);
  t->kind = kind;
  t->size = size;
  t->align = align ? align : 1;
  t->lf = lf;
  t->syntax = syntax;
  return t;
}

FfiType *ffi_type_checked(val v, const char *self) {
  if (!is(v, T::FfiType)) type_err(self, v, "an ffi-type");
  return ffi_type_of(v);
}

bool ffi_is_byte_type(FfiType *t) { return t->kind == FK::Int && t->size == 1; }

// ---- integers --------------------------------------------------------------------

static ffi_type *int_lf(size_t size, bool sign) {
  switch (size) {
    case 1: return sign ? &ffi_type_sint8 : &ffi_type_uint8;
    case 2: return sign ? &ffi_type_sint16 : &ffi_type_uint16;
    case 4: return sign ? &ffi_type_sint32 : &ffi_type_uint32;
    default: return sign ? &ffi_type_sint64 : &ffi_type_uint64;
  }
}

static void def_int(const char *name, size_t size, bool sign, bool swap = false, bool text = false) {
  val s = intern(name);
  FfiType *t = new_type(FK::Int, size, size, int_lf(size, sign), s);
  t->is_signed = sign;
  t->swap = swap;
  if (text) t->tag = s;  // char-like: arrays of it convert to strings
  sethash(type_table, s, t);
}

static val int_get(FfiType *t, const void *mem) { return ffi_int_value(t, ffi_load_uint(mem, t->size, t->swap)); }

// Checks that v fits the integer type; returns its bits.
static uint64_t int_bits(FfiType *t, val v, const char *self) {
  if (is_chr(v) && t->tag) v = mkfix(intptr_t(chrval(v)));
  if (is_fixnum(v)) {
    // The common case: a fixnum checked against the type's bounds directly.
    if (!ffi_fixnum_fits(t, fixval(v))) errorf(s_range_error, "~a: ~s is out of range for type ~s", self, v, t->syntax);
    return uint64_t(fixval(v));
  }
  if (!integerp(v)) errorf(s_type_error, "~a: ~s is not an integer, as type ~s requires", self, v, t->syntax);
  unsigned bits = unsigned(8 * t->size);
  if (t->is_signed) {
    int64_t lo = bits == 64 ? INT64_MIN : -(int64_t(1) << (bits - 1));
    int64_t hi = bits == 64 ? INT64_MAX : (int64_t(1) << (bits - 1)) - 1;
    if (!is_fixnum(v) && !(is(v, T::Big) && num_cmp(v, mkint(lo), self) >= 0 && num_cmp(v, mkint(hi), self) <= 0))
      errorf(s_range_error, "~a: ~s is out of range for type ~s", self, v, t->syntax);
    int64_t n = c_int64(v, self);
    if (n < lo || n > hi) errorf(s_range_error, "~a: ~s is out of range for type ~s", self, v, t->syntax);
    return uint64_t(n);
  }
  if (num_cmp(v, mkfix(0), self) < 0) errorf(s_range_error, "~a: ~s is out of range for type ~s", self, v, t->syntax);
  if (bits == 64) {
    if (is(v, T::Big) && num_cmp(v, mkuint(UINT64_MAX), self) > 0)
      errorf(s_range_error, "~a: ~s is out of range for type ~s", self, v, t->syntax);
    return c_uint64(v, self);
  }
  uint64_t hi = (uint64_t(1) << bits) - 1;
  if (!is_fixnum(v) || uint64_t(fixval(v)) > hi)
    errorf(s_range_error, "~a: ~s is out of range for type ~s", self, v, t->syntax);
  return uint64_t(fixval(v));
}

// ---- cptr ---------------------------------------------------------------------------

val make_cptr(void *p, val tag) {
  CPtrObj *c = gc_obj<CPtrObj>(T::CPtr);
  c->ptr = p;
  c->tag = tag;
  return c;
}

void *cptr_address(val v, const char *self) {
  if (!v) return nullptr;
  if (is(v, T::CPtr)) return static_cast<CPtrObj *>(v)->ptr;
  type_err(self, v, "a cptr");
}

// ---- conversion -----------------------------------------------------------------------

static val text_array_get(FfiType *t, const void *mem, size_t n) {
  FfiType *e = t->elem;
  std::u32string s;
  if (e->size == 1) {
    const unsigned char *p = static_cast<const unsigned char *>(mem);
    // Text stops at the first NUL, as in C.
    size_t len = strnlen(reinterpret_cast<const char *>(p), n);
    if (e->tag == s_bchar) {
      for (size_t i = 0; i < len; ++i) s.push_back(p[i]);
      return mkstr(s);
    }
    return mkstr_utf8(std::string_view(reinterpret_cast<const char *>(p), len));
  }
  const int32_t *w = static_cast<const int32_t *>(mem);
  for (size_t i = 0; i < n && w[i] != 0; ++i) s.push_back(char32_t(w[i]));
  return mkstr(s);
}

static void text_array_put(FfiType *t, val v, void *mem, size_t n, const char *self) {
  FfiType *e = t->elem;
  if (!stringp(v)) type_err(self, v, "a string");
  if (e->size == 1) {
    std::string b;
    if (e->tag == s_bchar)
      for (char32_t c : sv(v)) b.push_back(char(c));
    else
      b = utf8(v);
    memset(mem, 0, n);
    memcpy(mem, b.data(), std::min(b.size(), t->kind == FK::ZArray && n ? n - 1 : n));
    return;
  }
  int32_t *w = static_cast<int32_t *>(mem);
  memset(mem, 0, n * 4);
  size_t lim = t->kind == FK::ZArray && n ? n - 1 : n;
  size_t i = 0;
  for (char32_t c : sv(v)) {
    if (i >= lim) break;
    w[i++] = int32_t(c);
  }
}

static val struct_get(FfiType *t, const void *mem, const char *self);
static void struct_put(FfiType *t, val v, void *mem, const char *self);

val ffi_get(FfiType *t, const void *mem, const char *self) {
  switch (t->kind) {
    case FK::Void: return nullptr;
    case FK::Int: return int_get(t, mem);
    case FK::Bool: return boolv(*static_cast<const uint8_t *>(mem) != 0);
    case FK::Float: {
      float f;
      memcpy(&f, mem, 4);
      return mkfloat(f);
    }
    case FK::Double: {
      double d;
      memcpy(&d, mem, 8);
      return mkfloat(d);
    }
    case FK::Enum: {
      val n = int_get(t, mem);
      for (val l = t->enum_map; l; l = cdr(l))
        if (eql(cdr(car(l)), n)) return car(car(l));
      return n;
    }
    case FK::Str:
    case FK::WStr:
    case FK::Buf:
    case FK::CPtr:
    case FK::Closure:
    case FK::Ptr: {
      void *p;
      memcpy(&p, mem, sizeof p);
      if (t->kind == FK::CPtr) return make_cptr(p, t->tag);
      if (t->kind == FK::Closure) return make_cptr(p, s_closure);
      if (!p) return nullptr;
      if (t->kind == FK::Str) return mkstr_utf8(static_cast<const char *>(p));
      if (t->kind == FK::WStr) {
        std::u32string s;
        for (const wchar_t *w = static_cast<const wchar_t *>(p); *w; ++w) s.push_back(char32_t(*w));
        return mkstr(s);
      }
      if (t->kind == FK::Buf) errorf(s_error, "~a: a buf pointer has no known length", self);
      return ffi_get(t->elem, p, self);
    }
    case FK::Array:
    case FK::ZArray: {
      if (t->elem->tag && t->elem->kind == FK::Int) return text_array_get(t, mem, t->nelem);
      val v = make_vec(t->nelem, nullptr);
      for (size_t i = 0; i < t->nelem; ++i)
        vec_of(v)->data[i] = ffi_get(t->elem, static_cast<const char *>(mem) + i * t->elem->size, self);
      return v;
    }
    case FK::Struct:
    case FK::Union: return struct_get(t, mem, self);
  }
  return nullptr;
}

static void check_put(FfiType *t, val v, const char *self);

void ffi_put(FfiType *t, val v, void *mem, const char *self) {
  // Aggregates are validated whole first, so that nothing is written unless
  // the whole value fits; scalars validate before their single store.
  if (t->kind >= FK::Ptr) check_put(t, v, self);
  switch (t->kind) {
    case FK::Void: return;
    case FK::Int: ffi_store_uint(mem, t->size, t->swap, int_bits(t, v, self)); return;
    case FK::Bool: *static_cast<uint8_t *>(mem) = v ? 1 : 0; return;
    case FK::Float: {
      float f = float(c_double(v, self));
      memcpy(mem, &f, 4);
      return;
    }
    case FK::Double: {
      double d = c_double(v, self);
      memcpy(mem, &d, 8);
      return;
    }
    case FK::Enum: {
      val n = v;
      if (is(v, T::Sym))
        for (val l = t->enum_map; l; l = cdr(l))
          if (car(car(l)) == v) n = cdr(car(l));
      ffi_store_uint(mem, t->size, false, int_bits(t, n, self));
      return;
    }
    case FK::CPtr: {
      void *p = cptr_address(v, self);
      memcpy(mem, &p, sizeof p);
      return;
    }
    case FK::Closure: {
      void *p = is(v, T::FfiClosure) ? static_cast<FfiClosure *>(v)->code : cptr_address(v, self);
      memcpy(mem, &p, sizeof p);
      return;
    }
    case FK::Str:
    case FK::WStr:
    case FK::Buf:
    case FK::Ptr: {
      // The pointed-to copy lives on the collected heap; it stays valid while
      // the memory holding the pointer is reachable from the C stack (calls).
      void *p = nullptr;
      if (v) {
        if (t->kind == FK::Str) {
          std::string s = utf8(v);
          p = gc_atomic(s.size() + 1);
          memcpy(p, s.c_str(), s.size() + 1);
        } else if (t->kind == FK::WStr) {
          std::u32string_view s = sv(v);
          wchar_t *w = static_cast<wchar_t *>(gc_atomic((s.size() + 1) * sizeof(wchar_t)));
          for (size_t i = 0; i < s.size(); ++i) w[i] = wchar_t(s[i]);
          w[s.size()] = 0;
          p = w;
        } else if (t->kind == FK::Buf) {
          p = buf_of(v)->data;
        } else if (is(v, T::CPtr)) {
          p = static_cast<CPtrObj *>(v)->ptr;
        } else {
          p = gc_scanned(t->elem->size);  // zeroed
          if (t->copy_in) ffi_put(t->elem, v, p, self);
        }
      }
      memcpy(mem, &p, sizeof p);
      return;
    }
    case FK::Array:
    case FK::ZArray: {
      if (t->elem->tag && t->elem->kind == FK::Int && stringp(v)) {
        text_array_put(t, v, mem, t->nelem, self);
        return;
      }
      memset(mem, 0, t->size);
      size_t i = 0;
      SeqIter it(v, self);
      for (val x; i < t->nelem && it.next(&x); ++i)
        ffi_put(t->elem, x, static_cast<char *>(mem) + i * t->elem->size, self);
      return;
    }
    case FK::Struct:
    case FK::Union: struct_put(t, v, mem, self); return;
  }
}

// Validation pass for ffi_put, so that a failing store leaves memory intact.
static void check_put(FfiType *t, val v, const char *self) {
  switch (t->kind) {
    case FK::Int: int_bits(t, v, self); return;
    case FK::Enum:
      if (!is(v, T::Sym)) int_bits(t, v, self);
      return;
    case FK::Float:
    case FK::Double:
      if (!numberp(v)) type_err(self, v, "a number");
      return;
    case FK::Str:
    case FK::WStr:
      if (v && !stringp(v)) type_err(self, v, "a string");
      return;
    case FK::Buf:
      if (v && !is(v, T::Buf)) type_err(self, v, "a buf");
      return;
    case FK::CPtr:
      if (v && !is(v, T::CPtr)) type_err(self, v, "a cptr");
      return;
    case FK::Closure:
      if (v && !is(v, T::CPtr) && !is(v, T::FfiClosure)) type_err(self, v, "an ffi-closure or cptr");
      return;
    case FK::Array:
    case FK::ZArray: {
      if (t->elem->tag && t->elem->kind == FK::Int && stringp(v)) return;
      size_t i = 0;
      SeqIter it(v, self);
      for (val x; i < t->nelem && it.next(&x); ++i) check_put(t->elem, x, self);
      return;
    }
    case FK::Struct:
    case FK::Union:
      if (v) {
        StructObj *o = struct_checked(v, self);
        for (size_t i = 0; i < t->nmembers; ++i)
          if (!t->members[i].bit_width && memq_list(t->members[i].name, o->stype->slots))
            check_put(t->members[i].type, struct_slot(v, t->members[i].name, self), self);
      }
      return;
    default: return;
  }
}

// Struct values are tine structures: the FFI struct type named name maps to
// the defstruct type of that name, which is defined (with the FFI slots) if
// it does not exist yet.  Unions convert through their first slot.
static StructType *lisp_struct_type(FfiType *t, const char *self) {
  if (!t->tag) errorf(s_error, "~a: an anonymous struct type cannot be converted", self);
  if (StructType *st = find_struct_type(t->tag)) return st;
  val slots = nullptr;
  for (size_t i = t->nmembers; i > 0; --i) slots = cons(t->members[i - 1].name, slots);
  return static_cast<StructType *>(define_struct_type(t->tag, nullptr, slots, nullptr, nullptr));
}

static val member_get(FfiMember &m, const char *p, const char *self) {
  if (!m.bit_width) return ffi_get(m.type, p, self);
  uint64_t unit = ffi_load_uint(p, m.type->size, false);
  uint64_t bits = (unit >> m.bit_shift) & ((uint64_t(1) << m.bit_width) - 1);
  if (m.type->is_signed && (bits >> (m.bit_width - 1)) & 1) return mkint(int64_t(bits) - (int64_t(1) << m.bit_width));
  return mkuint(bits);
}

static void member_put(FfiMember &m, val x, char *p, const char *self) {
  if (!m.bit_width) {
    ffi_put(m.type, x, p, self);
    return;
  }
  int64_t n = c_int64(x, self);
  uint64_t mask = (uint64_t(1) << m.bit_width) - 1;
  uint64_t unit = ffi_load_uint(p, m.type->size, false);
  unit = (unit & ~(mask << m.bit_shift)) | ((uint64_t(n) & mask) << m.bit_shift);
  ffi_store_uint(p, m.type->size, false, unit);
}

static val struct_get(FfiType *t, const void *mem, const char *self) {
  StructType *st = lisp_struct_type(t, self);
  val obj = make_struct(st, nullptr, self);
  size_t n = t->kind == FK::Union ? std::min<size_t>(1, t->nmembers) : t->nmembers;
  for (size_t i = 0; i < n; ++i) {
    FfiMember &m = t->members[i];
    if (memq_list(m.name, st->slots))
      struct_set_slot(obj, m.name, member_get(m, static_cast<const char *>(mem) + m.offset, self), self);
  }
  return obj;
}

static void struct_put(FfiType *t, val v, void *mem, const char *self) {
  memset(mem, 0, t->size);
  if (!v) return;
  StructObj *o = struct_checked(v, self);
  size_t n = t->kind == FK::Union ? std::min<size_t>(1, t->nmembers) : t->nmembers;
  for (size_t i = 0; i < n; ++i) {
    FfiMember &m = t->members[i];
    if (!memq_list(m.name, o->stype->slots)) continue;
    member_put(m, struct_slot(v, m.name, self), static_cast<char *>(mem) + m.offset, self);
  }
}

// ---- compiling type specs ----------------------------------------------------------

static size_t align_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

static ffi_type *aggregate_lf(FfiType *t) {
  // libffi describes arrays and structs alike as a struct of elements.
  ffi_type *lf = static_cast<ffi_type *>(gc_scanned(sizeof(ffi_type)));
  lf->type = FFI_TYPE_STRUCT;
  lf->size = 0;
  lf->alignment = 0;
  size_t n = t->kind == FK::Struct ? t->nmembers : (t->kind == FK::Union ? 1 : t->nelem);
  ffi_type **elems = static_cast<ffi_type **>(gc_scanned(sizeof(ffi_type *) * (n + 1)));
  for (size_t i = 0; i < n; ++i) {
    if (t->kind == FK::Struct)
      elems[i] = t->members[i].type->lf;
    else if (t->kind == FK::Union)
      elems[i] = &ffi_type_uint8;
    else
      elems[i] = t->elem->lf;
  }
  if (t->kind == FK::Union) {
    // A union is passed as its largest member, padded to its size.
    size_t big = 0;
    for (size_t i = 0; i < t->nmembers; ++i)
      if (t->members[i].type->size > t->members[big].type->size) big = i;
    elems[0] = t->nmembers ? t->members[big].type->lf : &ffi_type_uint8;
  }
  elems[n] = nullptr;
  lf->elements = elems;
  return lf;
}

static FfiType *compile_struct(val spec, bool is_union, const char *self) {
  val name = car(cdr(spec));
  val slots = cdr(cdr(spec));
  FfiType *t = new_type(is_union ? FK::Union : FK::Struct, 0, 1, nullptr, spec);
  t->tag = name;
  size_t n = 0;
  for (val l = slots; l; l = cdr(l)) ++n;
  t->members = static_cast<FfiMember *>(gc_scanned(sizeof(FfiMember) * (n + 1)));
  t->nmembers = n;
  size_t offset = 0, bitpos = 0;  // bitpos: bits used in the current bit-field unit
  size_t size = 0;
  bool in_bits = false;
  size_t unit_start = 0;
  FfiType *unit_type = nullptr;
  size_t i = 0;
  for (val l = slots; l; l = cdr(l), ++i) {
    val slot = car(l);
    if (!consp(slot) || !is(car(slot), T::Sym) || !consp(cdr(slot)))
      errorf(s_error, "~a: bad slot ~s in ~s", self, slot, spec);
    val tspec = car(cdr(slot));
    FfiMember &m = t->members[i];
    m.name = car(slot);
    if (consp(tspec) && car(tspec) == s_bit) {
      int width = c_int(car(cdr(tspec)), self);
      FfiType *bt = ffi_type_of(ffi_type_compile(car(cdr(cdr(tspec))), self));
      if (bt->kind != FK::Int || width <= 0 || size_t(width) > 8 * bt->size)
        errorf(s_error, "~a: bad bit-field ~s", self, tspec);
      m.type = bt;
      m.bit_width = width;
      if (is_union) {
        m.offset = 0;
        m.bit_shift = 0;
      } else {
        // Continue the current unit when the field fits in it, as GCC does.
        size_t abs_bit = in_bits ? unit_start * 8 + bitpos : offset * 8;
        size_t ubits = 8 * bt->size;
        size_t unit = abs_bit / ubits * ubits;
        if (abs_bit + size_t(width) > unit + ubits) unit += ubits;
        size_t field_bit = std::max(abs_bit, unit);
        m.offset = unit / 8;
        m.bit_shift = int(field_bit - unit);
        in_bits = true;
        unit_start = 0;
        bitpos = field_bit + size_t(width);
        offset = (bitpos + 7) / 8;
        unit_type = bt;
      }
      t->align = std::max(t->align, bt->align);
      size = std::max(size, is_union ? bt->size : offset);
      continue;
    }
    in_bits = false;
    (void)unit_type;
    FfiType *mt = ffi_type_of(ffi_type_compile(tspec, self));
    if (mt->size == 0) errorf(s_error, "~a: slot ~s has zero-sized type", self, m.name);
    m.type = mt;
    m.offset = is_union ? 0 : align_up(offset, mt->align);
    offset = m.offset + mt->size;
    t->align = std::max(t->align, mt->align);
    size = std::max(size, is_union ? mt->size : offset);
  }
  t->size = align_up(size, t->align);
  t->lf = aggregate_lf(t);
  if (name) {
    sethash(type_table, name, t);
    lisp_struct_type(t, self);  // as in TXR, the Lisp struct type exists from here on
  }
  return t;
}

val ffi_type_compile(val spec, const char *self) {
  if (is(spec, T::FfiType)) return spec;
  if (is(spec, T::Sym)) {
    bool found;
    val t = gethash(type_table, spec, &found);
    if (!found) errorf(s_error, "~a: unrecognized type specifier ~s", self, spec);
    return t;
  }
  if (!consp(spec)) errorf(s_error, "~a: unrecognized type specifier ~s", self, spec);
  val head = car(spec);
  if (head == s_array || head == s_zarray) {
    val n = car(cdr(spec));
    intptr_t count = c_fixnum(n, self);
    if (count < 0) range_err(self, "negative array dimension", n);
    FfiType *e = ffi_type_of(ffi_type_compile(car(cdr(cdr(spec))), self));
    if (e->size == 0) errorf(s_error, "~a: array of zero-sized type ~s", self, e->syntax);
    FfiType *t = new_type(head == s_array ? FK::Array : FK::ZArray, e->size * size_t(count), e->align, nullptr, spec);
    t->elem = e;
    t->nelem = size_t(count);
    t->lf = aggregate_lf(t);
    return t;
  }
  if (head == s_ptr || head == s_ptr_in || head == s_ptr_out || head == s_ptr_in_out) {
    FfiType *e = ffi_type_of(ffi_type_compile(car(cdr(spec)), self));
    FfiType *t = new_type(FK::Ptr, sizeof(void *), alignof(void *), &ffi_type_pointer, spec);
    t->elem = e;
    t->copy_out = head != s_ptr_in;
    t->copy_in = head != s_ptr_out;
    return t;
  }
  if (head == s_cptr) {
    FfiType *t = new_type(FK::CPtr, sizeof(void *), alignof(void *), &ffi_type_pointer, spec);
    t->tag = car(cdr(spec));
    return t;
  }
  if (head == s_struct || head == s_union) return compile_struct(spec, head == s_union, self);
  if (head == s_enum) {
    FfiType *t = new_type(FK::Enum, 4, 4, &ffi_type_sint32, spec);
    t->is_signed = true;
    t->tag = car(cdr(spec));
    val map = nullptr;
    intptr_t next = 0;
    for (val l = cdr(cdr(spec)); l; l = cdr(l)) {
      val item = car(l);
      val s = consp(item) ? car(item) : item;
      if (consp(item)) next = c_fixnum(car(cdr(item)), self);
      map = cons(cons(s, mkfix(next++)), map);
    }
    t->enum_map = nreverse(map);
    if (t->tag) sethash(type_table, t->tag, t);
    return t;
  }
  errorf(s_error, "~a: unrecognized type specifier ~s", self, spec);
}

// ---- builtins ----------------------------------------------------------------------------

static val bi_ffi_type_compile(const Args &a) { return ffi_type_compile(a[0], a.name()); }

static val bi_typedef(const Args &a) {
  if (!is(a[0], T::Sym)) type_err("typedef", a[0], "a symbol");
  val t = ffi_type_compile(a[1], "typedef");
  sethash(type_table, a[0], t);
  return t;
}

static val bi_sizeof(const Args &a) { return mkuint(ffi_type_of(ffi_type_compile(a[0], "sizeof"))->size); }
static val bi_alignof(const Args &a) { return mkuint(ffi_type_of(ffi_type_compile(a[0], "alignof"))->align); }

static val bi_offsetof(const Args &a) {
  FfiType *t = ffi_type_of(ffi_type_compile(a[0], "offsetof"));
  if (t->kind != FK::Struct && t->kind != FK::Union) type_err("offsetof", a[0], "a struct type");
  for (size_t i = 0; i < t->nmembers; ++i)
    if (t->members[i].name == a[1]) {
      if (t->members[i].bit_width) errorf(s_error, "offsetof: ~s is a bit-field", a[1]);
      return mkuint(t->members[i].offset);
    }
  errorf(s_error, "offsetof: ~s has no slot ~s", t->syntax, a[1]);
}

static val bi_ffi_type_p(const Args &a) { return boolv(is(a[0], T::FfiType)); }

static val bi_ffi_put(const Args &a) {
  FfiType *t = ffi_type_of(ffi_type_compile(a[1], a.name()));
  val b = make_buf(t->size, 0);
  ffi_put(t, a[0], buf_of(b)->data, a.name());
  return b;
}

static val bi_ffi_get(const Args &a) {
  FfiType *t = ffi_type_of(ffi_type_compile(a[1], a.name()));
  if (!is(a[0], T::Buf)) type_err(a.name(), a[0], "a buf");
  if (buf_of(a[0])->len < t->size) errorf(s_error, "ffi-get: buf ~s is too short for ~s", a[0], t->syntax);
  return ffi_get(t, buf_of(a[0])->data, a.name());
}

static val bi_cptr_int(const Args &a) {
  return make_cptr(reinterpret_cast<void *>(uintptr_t(c_uint64(a[0], a.name()))), missing(a[1]) ? nullptr : a[1]);
}

static val bi_int_cptr(const Args &a) { return mkuint(uintptr_t(cptr_address(a[0], a.name()))); }
static val bi_cptrp(const Args &a) { return boolv(is(a[0], T::CPtr)); }
static val bi_cptr_null(const Args &a) { return make_cptr(nullptr, missing(a[0]) ? nullptr : a[0]); }
static val bi_cptr_type(const Args &a) {
  if (!is(a[0], T::CPtr)) type_err(a.name(), a[0], "a cptr");
  return static_cast<CPtrObj *>(a[0])->tag;
}

static void print_ffi_type(val obj, std::u32string &out, bool escape) {
  out += U"#<ffi-type ";
  print_to(ffi_type_of(obj)->syntax, out, escape);
  out += U">";
}

static void print_cptr(val obj, std::u32string &out, bool escape) {
  CPtrObj *c = static_cast<CPtrObj *>(obj);
  char buf[40];
  snprintf(buf, sizeof buf, "%jx", uintmax_t(uintptr_t(c->ptr)));
  out += U"#<cptr";
  if (c->tag) {
    out += U" ";
    print_to(c->tag, out, escape);
  }
  out += U": ";
  out += utf8_decode(buf);
  out += U">";
}

static const BuiltinDef ffi_type_builtins[] = {
    {"sys:ffi-type-compile", 1, 0, false, bi_ffi_type_compile},
    {"ffi-type-p", 1, 0, false, bi_ffi_type_p},
    {"sys:typedef-fn", 2, 0, false, bi_typedef},
    {"ffi-size", 1, 0, false, bi_sizeof},
    {"ffi-alignof", 1, 0, false, bi_alignof},
    {"ffi-offsetof", 2, 0, false, bi_offsetof},
    {"ffi-put", 2, 0, false, bi_ffi_put},
    {"ffi-get", 2, 0, false, bi_ffi_get},
    {"cptr-int", 1, 1, false, bi_cptr_int},
    {"int-cptr", 1, 0, false, bi_int_cptr},
    {"cptrp", 1, 0, false, bi_cptrp},
    {"cptr-null", 0, 1, false, bi_cptr_null},
    {"cptr-type", 1, 0, false, bi_cptr_type},
};

void init_ffi_types() {
  type_table = make_hash(HashKind::Eq);
  s_array = intern("array");
  s_zarray = intern("zarray");
  s_ptr = intern("ptr");
  s_ptr_in = intern("ptr-in");
  s_ptr_out = intern("ptr-out");
  s_ptr_in_out = intern("ptr-in-out");
  s_struct = intern("struct");
  s_union = intern("union");
  s_enum = intern("enum");
  s_cptr = intern("cptr");
  s_bit = intern("bit");
  s_char = intern("char");
  s_bchar = intern("bchar");
  s_wchar = intern("wchar");
  s_closure = intern("closure");
  def_int("int8", 1, true);
  def_int("uint8", 1, false);
  def_int("int16", 2, true);
  def_int("uint16", 2, false);
  def_int("int32", 4, true);
  def_int("uint32", 4, false);
  def_int("int64", 8, true);
  def_int("uint64", 8, false);
  def_int("char", 1, true, false, true);
  def_int("schar", 1, true);
  def_int("uchar", 1, false);
  def_int("bchar", 1, false, false, true);
  def_int("wchar", sizeof(wchar_t), true, false, true);
  def_int("short", sizeof(short), true);
  def_int("ushort", sizeof(short), false);
  def_int("int", sizeof(int), true);
  def_int("uint", sizeof(int), false);
  def_int("long", sizeof(long), true);
  def_int("ulong", sizeof(long), false);
  def_int("longlong", sizeof(long long), true);
  def_int("ulonglong", sizeof(long long), false);
  def_int("size-t", sizeof(size_t), false);
  def_int("ssize-t", sizeof(size_t), true);
  def_int("ptrdiff-t", sizeof(ptrdiff_t), true);
  bool little = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
  for (int sz : {2, 4, 8}) {
    std::string bits = std::to_string(8 * sz);
    def_int(("be-int" + bits).c_str(), size_t(sz), true, little);
    def_int(("be-uint" + bits).c_str(), size_t(sz), false, little);
    def_int(("le-int" + bits).c_str(), size_t(sz), true, !little);
    def_int(("le-uint" + bits).c_str(), size_t(sz), false, !little);
  }
  auto simple = [](const char *name, FK kind, size_t size, ffi_type *lf) {
    val s = intern(name);
    sethash(type_table, s, new_type(kind, size, size ? size : 1, lf, s));
  };
  simple("float", FK::Float, 4, &ffi_type_float);
  simple("double", FK::Double, 8, &ffi_type_double);
  simple("void", FK::Void, 0, &ffi_type_void);
  simple("bool", FK::Bool, 1, &ffi_type_uint8);
  simple("str", FK::Str, sizeof(void *), &ffi_type_pointer);
  simple("wstr", FK::WStr, sizeof(void *), &ffi_type_pointer);
  simple("buf", FK::Buf, sizeof(void *), &ffi_type_pointer);
  simple("cptr", FK::CPtr, sizeof(void *), &ffi_type_pointer);
  simple("closure", FK::Closure, sizeof(void *), &ffi_type_pointer);
  print_ops[int(T::FfiType)] = print_ffi_type;
  print_ops[int(T::CPtr)] = print_cptr;
  register_builtins(ffi_type_builtins);
}

}  // namespace tine
