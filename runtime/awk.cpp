// Run-time support for the awk macro (stdlib/awk.tl): the state vector,
// splitting records into fields and joining them back, and the per-record
// loop over one input, which runs for every record and so is native code.
#include "regex.hpp"
#include "stream.hpp"
#include "text.hpp"

namespace tine {

// The state is a vector; the macro addresses its slots through
// sys:awk-slot, which maps these names to their indices.
enum AwkSlot {
  RS,
  KRS,
  FS,
  FT,
  FW,
  KFS,
  OFS,
  ORS,
  INPUTS,
  OUTPUT,
  FILE_NUM,
  FILE_NAME,
  FILE_REC_NUM,
  REC_NUM,
  REC,
  OREC,
  FIELDS,
  NF,
  RNGS,
  PAR_MODE,
  STREAMS,
  PAR_FS_KEY,  // the fs for which PAR_FS_RE was made
  PAR_FS_RE,   // fs or newline, for paragraph mode
  SNAP,        // the fields as rec was last made from or split into (a vector)
  NSLOTS
};

static const char *const slot_names[] = {"rs",           "krs",      "fs",      "ft",         "fw",        "kfs",
                                         "ofs",          "ors",      "inputs",  "output",     "file-num",  "file-name",
                                         "file-rec-num", "rec-num",  "rec",     "orec",       "fields",    "nf",
                                         "rngs",         "par-mode", "streams", "par-fs-key", "par-fs-re", "snap"};

static val slot_syms[NSLOTS];
static_assert(sizeof(slot_names) / sizeof(slot_names[0]) == NSLOTS);
static val default_token_re, s_reader, k_again;

static val *state(val st, const char *self) {
  if (!is(st, T::Vec) || vec_of(st)->len != NSLOTS) type_err(self, st, "an awk state");
  return vec_of(st)->data;
}

static val bi_awk_slot(const Args &a) {
  for (int i = 0; i < NSLOTS; ++i)
    if (slot_syms[i] == a[0]) return mkfix(i);
  errorf(s_error, "~a: no awk state slot ~s", a.name(), a[0]);
}

static val bi_awk_make_vec(const Args &) {
  val st = make_vec(NSLOTS, nullptr);
  val *s = vec_of(st)->data;
  s[RS] = mkstr(U"\n");
  s[OFS] = mkstr(U" ");
  s[ORS] = mkstr(U"\n");
  s[FILE_NUM] = s[FILE_REC_NUM] = s[REC_NUM] = s[NF] = mkfix(0);
  s[STREAMS] = make_hash(HashKind::Equal);
  return st;
}

// ---- fields -------------------------------------------------------------------------------

struct ListBuilder {
  val head = nullptr, tail = nullptr;
  void add(val v) {
    val c = cons(v, nullptr);
    if (tail)
      rplacd(tail, c);
    else
      head = c;
    tail = c;
  }
};

// The default: runs of characters other than space, tab and newline.
static val blank_tokens(std::u32string_view s) {
  ListBuilder out;
  size_t i = 0, n = s.size();
  while (i < n) {
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) ++i;
    size_t j = i;
    while (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '\n') ++j;
    if (j > i) out.add(mkstr(s.substr(i, j - i)));
    i = j;
  }
  return out.head;
}

static val fixed_widths(std::u32string_view s, val widths, const char *self) {
  ListBuilder out;
  size_t pos = 0;
  for (val l = widths; consp(l); l = cdr(l)) {
    if (pos >= s.size()) return out.head;
    intptr_t w = c_fixnum(car(l), self);
    if (w < 0) range_err(self, "negative field width", car(l));
    out.add(mkstr(s.substr(pos, size_t(w))));
    pos += size_t(w);
  }
  if (pos < s.size()) out.add(mkstr(s.substr(pos)));
  return out.head;
}

// In paragraph mode newlines also separate fields: fs becomes fs|\n.
static val paragraph_fs(val *s) {
  if (s[PAR_FS_RE] && equal(s[PAR_FS_KEY], s[FS])) return s[PAR_FS_RE];
  val fs = s[FS];
  val tree = list({intern("or"), regexp(fs) ? static_cast<RegexObj *>(fs)->source : fs, mkchr('\n')});
  s[PAR_FS_KEY] = fs;
  return s[PAR_FS_RE] = regex_compile(tree, "awk");
}

// [f i] assignments change the field list in place, not through f: rec
// is brought up to date when it is next read, by comparing the fields
// with the snapshot taken when rec and the fields last agreed.
static void snapshot(val *s) {
  // One vector per state, reused: no allocation per record.
  if (!s[SNAP]) s[SNAP] = make_vec(0, nullptr);
  Vec *v = vec_of(s[SNAP]);
  v->len = 0;
  for (val l = s[FIELDS]; consp(l); l = cdr(l)) vec_push(s[SNAP], car(l));
  if (s[FIELDS] && !consp(s[FIELDS])) s[SNAP] = nullptr;  // not a list: no in-place changes to watch
}

static bool fields_changed(val *s) {
  if (!s[SNAP]) return false;
  Vec *v = vec_of(s[SNAP]);
  size_t i = 0;
  val l = s[FIELDS];
  for (; consp(l) && i < v->len; l = cdr(l), ++i)
    if (car(l) != v->data[i]) return true;
  return consp(l) || i != v->len;
}

static void awk_split(val st, const char *self) {
  val *s = state(st, self);
  val rec = str_checked(s[REC], "awk");
  val fields;
  if (s[FW]) {
    fields = fixed_widths(sv(rec), s[FW], self);
  } else if (s[FS]) {
    if (s[FT]) errorf(s_eval_error, "awk: both fs and ft set");
    if (!s[KFS] && sv(rec).empty())
      fields = nullptr;
    else
      fields = split_str(rec, s[PAR_MODE] ? paragraph_fs(s) : s[FS], s[KFS], nullptr, "awk");
  } else if (s[FT]) {
    val ft = s[FT];
    if (stringp(ft)) ft = regex_compile(list({intern("compound"), ft}), "awk");
    fields = tok_str(rec, ft, s[KFS], nullptr, "awk");
  } else if (!s[KFS]) {
    fields = blank_tokens(sv(rec));
  } else {
    fields = tok_str(rec, default_token_re, s_t, nullptr, "awk");
  }
  s[FIELDS] = fields;
  s[NF] = list_length(fields, self);
  snapshot(s);
}

static void awk_join(val *s) {
  std::u32string out;
  quasi_text(s[FIELDS], s[OFS] ? s[OFS] : mkstr(U""), out);
  s[REC] = mkstr(out);
  snapshot(s);
}

// rec, rejoined first if fields were assigned in place.
static val current_rec(val *s) {
  if (fields_changed(s)) awk_join(s);
  return s[REC];
}

static val bi_awk_split(const Args &a) {
  awk_split(a[0], a.name());
  return nullptr;
}

static val bi_awk_rec(const Args &a) { return current_rec(state(a[0], a.name())); }

static val bi_awk_set_rec(const Args &a) {
  state(a[0], a.name())[REC] = a[1];
  awk_split(a[0], a.name());
  return a[1];
}

static val bi_awk_fields(const Args &a) { return state(a[0], a.name())[FIELDS]; }

static val bi_awk_set_fields(const Args &a) {
  val *s = state(a[0], a.name());
  s[FIELDS] = a[1];
  s[NF] = mkfix(seq_length(a[1], a.name()));
  awk_join(s);
  return a[1];
}

static val bi_awk_nf(const Args &a) { return state(a[0], a.name())[NF]; }

// Fields dropped from the end, or empty ones added.
static val bi_awk_set_nf(const Args &a) {
  val *s = state(a[0], a.name());
  intptr_t n = c_fixnum(a[1], a.name());
  if (n < 0) range_err(a.name(), "negative field count", a[1]);
  ListBuilder out;
  val old = seq_list(s[FIELDS], a.name());
  for (intptr_t i = 0; i < n; ++i, old = cdr(old)) out.add(old ? car(old) : mkstr(U""));
  s[FIELDS] = out.head;
  s[NF] = a[1];
  awk_join(s);
  return a[1];
}

// ---- conditions and printing ----------------------------------------------------------

// A condition that is a regex or a function is applied to the record.
static val bi_awk_test(const Args &a) {
  if (regexp(a[0]) || functionp(a[0])) return funcall1(a[0], a[1]);
  return a[0];
}

static val bi_awk_prn(const Args &a) {
  val *s = state(a[0], a.name());
  std::u32string out;
  if (a.n == 1) {
    quasi_text(current_rec(s), nullptr, out);
    quasi_text(s[ORS], nullptr, out);
  }
  for (int i = 1; i < a.n; ++i) {
    quasi_text(a[i], nullptr, out);
    quasi_text(i + 1 < a.n ? s[OFS] : s[ORS], nullptr, out);
  }
  put_str(current_output(), std::u32string_view(out));
  return nullptr;
}

// ---- the record loop ---------------------------------------------------------------------

// (sys:awk-read-source st stream rec-fn): for each record of stream, sets
// the record variables, splits the fields and calls rec-fn (again while it
// returns :again).  Lines come straight from the stream while rs is a
// newline without krs; other separators use the reader sys:awk-reader makes.
static val bi_awk_read_source(const Args &a) {
  val st = a[0];
  val *s = state(st, a.name());
  Stream *in = stream_checked(a[1], a.name());
  val rec_fn = a[2];
  s[FILE_REC_NUM] = mkfix(0);
  val seen_rs = UNBOUND, seen_krs = UNBOUND, reader = nullptr;
  bool lines = false;
  for (;;) {
    if (!equal(seen_rs, s[RS]) || seen_krs != s[KRS]) {
      seen_rs = s[RS];
      seen_krs = s[KRS];
      lines = stringp(seen_rs) && sv(seen_rs) == U"\n" && !seen_krs;
      s[PAR_MODE] = seen_rs ? nullptr : s_t;
      reader = lines ? nullptr : funcall2(sym(s_reader)->fun, st, a[1]);
    }
    val rec = lines ? in->get_line() : funcall0(reader);
    if (!rec) return nullptr;
    s[REC] = s[OREC] = rec;
    s[REC_NUM] = num_add(s[REC_NUM], mkfix(1));
    s[FILE_REC_NUM] = num_add(s[FILE_REC_NUM], mkfix(1));
    awk_split(st, a.name());
    while (funcall0(rec_fn) == k_again) awk_split(st, a.name());
  }
}

static const BuiltinDef awk_builtins[] = {
    {"sys:awk-slot", 1, 0, false, bi_awk_slot},
    {"sys:awk-make-vec", 0, 0, false, bi_awk_make_vec},
    {"sys:awk-split", 1, 0, false, bi_awk_split},
    {"sys:awk-rec", 1, 0, false, bi_awk_rec},
    {"sys:awk-set-rec", 2, 0, false, bi_awk_set_rec},
    {"sys:awk-fields", 1, 0, false, bi_awk_fields},
    {"sys:awk-set-fields", 2, 0, false, bi_awk_set_fields},
    {"sys:awk-nf", 1, 0, false, bi_awk_nf},
    {"sys:awk-set-nf", 2, 0, false, bi_awk_set_nf},
    {"sys:awk-test", 2, 0, false, bi_awk_test},
    {"sys:awk-prn", 1, 0, true, bi_awk_prn},
    {"sys:awk-read-source", 3, 0, false, bi_awk_read_source},
};

void init_awk() {
  for (int i = 0; i < NSLOTS; ++i) slot_syms[i] = intern(slot_names[i]);
  default_token_re = regex_compile(mkstr(U"[^ \t\n]+"), "awk");
  s_reader = intern_sys("awk-reader");
  k_again = keyword("again");
  register_builtins(awk_builtins);
}

}  // namespace tine
