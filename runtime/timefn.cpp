// Time: the clock (time, time-usec, time-nsec), broken-down time as lists
// and as the time structure, strftime formatting, strptime parsing, and
// make-time.  The time structure type is defined here, with its methods
// time-local, time-utc, time-string and time-parse in static slots.
#include <sys/time.h>

#include <cstring>
#include <ctime>
#include <string>

#include "lisp.hpp"
#include "struct.hpp"

namespace tine {

static val time_sym, kw_auto;
// The slots of the time structure, in order (the struct tm fields).
enum TimeSlot { Year, Month, Day, Hour, Min, Sec, Wday, Yday, Dst, Gmtoff, Zone, NSlots };
static val slot_syms[NSlots];
static const char *const slot_names[NSlots] = {"year", "month", "day", "hour",   "min", "sec",
                                               "wday", "yday",  "dst", "gmtoff", "zone"};

static val bi_time(const Args &) { return mkint(int64_t(time(nullptr))); }

static val bi_time_usec(const Args &) {
  struct timeval tv;
  gettimeofday(&tv, nullptr);
  return cons(mkint(int64_t(tv.tv_sec)), mkint(int64_t(tv.tv_usec)));
}

static val bi_time_nsec(const Args &) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return cons(mkint(int64_t(ts.tv_sec)), mkint(int64_t(ts.tv_nsec)));
}

// The time argument: an integer, or the current time when absent.
static time_t time_arg(val v, const char *self) {
  if (missing(v)) return time(nullptr);
  return time_t(c_int64(v, self));
}

// A struct tm with the storage its tm_zone may point into.
struct BrokenTime {
  struct tm tm {};
  std::string zone;
};

// Breaks t down in UTC or local time; false if the C library cannot.
static bool break_time(time_t t, bool utc, struct tm &out) {
  return (utc ? gmtime_r(&t, &out) : localtime_r(&t, &out)) != nullptr;
}

// strftime into a string.  A leading space tells an empty result from a
// buffer too small, so the buffer grows until the text fits.
static val format_time(const struct tm &tm, val format, const char *self) {
  std::string fmt = " " + utf8(str_checked(format, self));
  for (size_t size = 256; size <= (size_t(1) << 20); size *= 4) {
    std::string buf(size, '\0');
    size_t n = strftime(buf.data(), size, fmt.c_str(), &tm);
    if (n > 0) return mkstr_utf8(std::string_view(buf.data() + 1, n - 1));
  }
  errorf(s_error, "~a: formatted time is too long", self);
}

static val bi_time_string(const Args &a, val time, val format, bool utc) {
  struct tm tm;
  if (!break_time(time_arg(time, a.name()), utc, tm)) return nullptr;
  // gmtime_r names the zone GMT; UTC is what TXR prints for %Z
  if (utc) tm.tm_zone = "UTC";
  return format_time(tm, format, a.name());
}

static val bi_time_string_local(const Args &a) { return bi_time_string(a, a[0], a[1], false); }
static val bi_time_string_utc(const Args &a) { return bi_time_string(a, a[0], a[1], true); }
static val bi_time_str_local(const Args &a) { return bi_time_string(a, a[1], a[0], false); }
static val bi_time_str_utc(const Args &a) { return bi_time_string(a, a[1], a[0], true); }

static val time_fields(const Args &a, bool utc) {
  struct tm tm;
  if (!break_time(time_arg(a[0], a.name()), utc, tm)) return nullptr;
  return list({mkint(int64_t(tm.tm_year) + 1900), mkint(tm.tm_mon + 1), mkint(tm.tm_mday), mkint(tm.tm_hour),
               mkint(tm.tm_min), mkint(tm.tm_sec), boolv(tm.tm_isdst > 0)});
}

static val bi_time_fields_local(const Args &a) { return time_fields(a, false); }
static val bi_time_fields_utc(const Args &a) { return time_fields(a, true); }

// ---- between struct tm and the time structure --------------------------------------

static StructType *time_type() { return find_struct_type(time_sym); }

static void store_tm(val obj, const struct tm &tm, const char *self) {
  const int64_t ints[] = {
      int64_t(tm.tm_year) + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_wday, tm.tm_yday};
  for (int i = Year; i <= Yday; ++i) struct_set_slot(obj, slot_syms[i], mkint(ints[i]), self);
  struct_set_slot(obj, slot_syms[Dst], boolv(tm.tm_isdst > 0), self);
  struct_set_slot(obj, slot_syms[Gmtoff], mkint(int64_t(tm.tm_gmtoff)), self);
  struct_set_slot(obj, slot_syms[Zone], tm.tm_zone ? mkstr_utf8(tm.tm_zone) : nullptr, self);
}

static val time_struct_of(const struct tm &tm, const char *self) {
  val obj = make_struct(time_type(), nullptr, self);
  store_tm(obj, tm, self);
  return obj;
}

static val time_struct(const Args &a, bool utc) {
  struct tm tm;
  if (!break_time(time_arg(a[0], a.name()), utc, tm)) return nullptr;
  return time_struct_of(tm, a.name());
}

static val bi_time_struct_local(const Args &a) { return time_struct(a, false); }
static val bi_time_struct_utc(const Args &a) { return time_struct(a, true); }

// A field value: nil counts as zero.
static int field_int(val v, const char *self) { return v ? c_int(v, self) : 0; }

// dst-advice: nil is standard time, :auto asks the C library, else DST.
static int dst_advice(val v) { return !v ? 0 : v == kw_auto ? -1 : 1; }

// The struct tm described by year ... sec and dst (wday, yday, gmtoff and
// zone as given, nil meaning zero or absent).
static void fill_tm(BrokenTime &bt, const val *f, const char *self) {
  struct tm &tm = bt.tm;
  tm.tm_year = field_int(f[Year], self) - 1900;
  tm.tm_mon = field_int(f[Month], self) - 1;
  tm.tm_mday = field_int(f[Day], self);
  tm.tm_hour = field_int(f[Hour], self);
  tm.tm_min = field_int(f[Min], self);
  tm.tm_sec = field_int(f[Sec], self);
  tm.tm_wday = field_int(f[Wday], self);
  tm.tm_yday = field_int(f[Yday], self);
  tm.tm_isdst = dst_advice(f[Dst]);
  tm.tm_gmtoff = f[Gmtoff] ? long(c_int64(f[Gmtoff], self)) : 0;
  if (f[Zone]) {
    bt.zone = utf8(str_checked(f[Zone], self));
    tm.tm_zone = bt.zone.c_str();
  }
}

static void struct_to_tm(BrokenTime &bt, val obj, const char *self) {
  val f[NSlots];
  for (int i = 0; i < NSlots; ++i) f[i] = struct_slot(obj, slot_syms[i], self);
  fill_tm(bt, f, self);
}

// make-time, make-time-utc: mktime or timegm of the fields; nil if the C
// library cannot represent the time.
static val make_time(const val *fields7, bool utc, const char *self) {
  val f[NSlots] = {};
  for (int i = Year; i <= Sec; ++i) f[i] = fields7[i];
  f[Dst] = fields7[6];
  BrokenTime bt;
  fill_tm(bt, f, self);
  errno = 0;
  time_t t = utc ? timegm(&bt.tm) : mktime(&bt.tm);
  if (t == time_t(-1) && errno) return nullptr;
  return mkint(int64_t(t));
}

static val bi_make_time(const Args &a) {
  val f[7];
  for (int i = 0; i < 7; ++i) f[i] = a[i];
  return make_time(f, false, a.name());
}

static val bi_make_time_utc(const Args &a) {
  val f[7];
  for (int i = 0; i < 7; ++i) f[i] = a[i];
  return make_time(f, true, a.name());
}

// ---- the methods ---------------------------------------------------------------------

// time-local, time-utc: the fields through make-time, less gmtoff.
static val time_method(val obj, bool utc, const char *self) {
  val f[7];
  static const TimeSlot order[7] = {Year, Month, Day, Hour, Min, Sec, Dst};
  for (int i = 0; i < 7; ++i) f[i] = struct_slot(obj, slot_syms[order[i]], self);
  val t = make_time(f, utc, self);
  val off = struct_slot(obj, slot_syms[Gmtoff], self);
  if (t && off) t = num_sub(t, off);
  return t;
}

static val bi_time_local_meth(const Args &a) { return time_method(a[0], false, a.name()); }
static val bi_time_utc_meth(const Args &a) { return time_method(a[0], true, a.name()); }

static val bi_time_string_meth(const Args &a) {
  BrokenTime bt;
  struct_to_tm(bt, a[0], a.name());
  return format_time(bt.tm, a[1], a.name());
}

// strptime over UTF-8 text: the unparsed rest, or nullptr if it fails.
static const char *parse_time(const std::string &text, val format, struct tm &tm, const char *self) {
  std::string fmt = utf8(str_checked(format, self));
  return strptime(text.c_str(), fmt.c_str(), &tm);
}

// The method: updates the structure only when the parse succeeds.
static val bi_time_parse_meth(const Args &a) {
  BrokenTime bt;
  struct_to_tm(bt, a[0], a.name());
  std::string text = utf8(str_checked(a[2], a.name()));
  const char *rest = parse_time(text, a[1], bt.tm, a.name());
  if (!rest) return nullptr;
  store_tm(a[0], bt.tm, a.name());
  return mkstr_utf8(rest);
}

// The functions start from the epoch, as the UTC time 0 broken down.
static bool parse_from_epoch(const Args &a, struct tm &tm) {
  tm = {};
  tm.tm_year = 70;
  tm.tm_mday = 1;
  std::string text = utf8(str_checked(a[1], a.name()));
  return parse_time(text, a[0], tm, a.name()) != nullptr;
}

static val bi_time_parse(const Args &a) {
  struct tm tm;
  if (!parse_from_epoch(a, tm)) return nullptr;
  return time_struct_of(tm, a.name());
}

static val time_parse_to_int(const Args &a, bool utc) {
  struct tm tm;
  if (!parse_from_epoch(a, tm)) return nullptr;
  long off = tm.tm_gmtoff;
  time_t t = utc ? timegm(&tm) : mktime(&tm);
  return mkint(int64_t(t) - off);
}

static val bi_time_parse_local(const Args &a) { return time_parse_to_int(a, false); }
static val bi_time_parse_utc(const Args &a) { return time_parse_to_int(a, true); }

static const BuiltinDef time_builtins[] = {
    {"time", 0, 0, false, bi_time},
    {"time-usec", 0, 0, false, bi_time_usec},
    {"time-nsec", 0, 0, false, bi_time_nsec},
    {"time-string-local", 2, 0, false, bi_time_string_local},
    {"time-string-utc", 2, 0, false, bi_time_string_utc},
    {"time-str-local", 1, 1, false, bi_time_str_local},
    {"time-str-utc", 1, 1, false, bi_time_str_utc},
    {"time-fields-local", 0, 1, false, bi_time_fields_local},
    {"time-fields-utc", 0, 1, false, bi_time_fields_utc},
    {"time-struct-local", 0, 1, false, bi_time_struct_local},
    {"time-struct-utc", 0, 1, false, bi_time_struct_utc},
    {"make-time", 7, 0, false, bi_make_time},
    {"make-time-utc", 7, 0, false, bi_make_time_utc},
    {"time-parse", 2, 0, false, bi_time_parse},
    {"time-parse-local", 2, 0, false, bi_time_parse_local},
    {"time-parse-utc", 2, 0, false, bi_time_parse_utc},
};

// (defstruct time nil year month day hour min sec wday yday dst gmtoff zone)
// with the four methods as static slots.
static void define_time_struct() {
  val slots = nullptr;
  for (int i = NSlots - 1; i >= 0; --i) slots = cons(slot_syms[i], slots);
  struct Method {
    const char *name;
    int req;
    BuiltinFn fn;
  };
  static const Method methods[] = {{"time-local", 1, bi_time_local_meth},
                                   {"time-utc", 1, bi_time_utc_meth},
                                   {"time-string", 2, bi_time_string_meth},
                                   {"time-parse", 3, bi_time_parse_meth}};
  val statics = nullptr;
  for (int i = 3; i >= 0; --i) statics = cons(intern(methods[i].name), statics);
  val type = make_struct_type(time_sym, nullptr, statics, slots, nullptr, nullptr, nullptr, nullptr, "time");
  for (const Method &m : methods)
    struct_set_static_slot(static_cast<StructType *>(type), intern(m.name),
                           make_builtin(mkstr_utf8(m.name), m.req, 0, false, m.fn), "time");
}

void init_time() {
  time_sym = intern("time");
  kw_auto = keyword("auto");
  for (int i = 0; i < NSlots; ++i) slot_syms[i] = intern(slot_names[i]);
  register_builtins(time_builtins);
  define_time_struct();
}

}  // namespace tine
