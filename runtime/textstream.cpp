// Streams of records: string lists as input and output streams
// (make-strlist-input-stream, make-strlist-output-stream,
// get-list-from-stream) and record-adapter, whose get-line returns the text
// between matches of a regex.
#include "regex.hpp"
#include "stream.hpp"
#include "text.hpp"

namespace tine {

// Each string of the list is a line: get-line returns the strings, and
// character reads see them with a newline after each.
struct StrListInStream : Stream {
  val lines;         // the strings not yet read
  gc_u32string cur;  // the rest of the line being read by characters
  size_t pos = 0;
  bool in_line = false;
  const char *kind_name() const override { return "strlist-input-stream"; }
  int32_t get_char() override {
    if (!in_line) {
      if (!lines) return -1;
      cur = sv(car(lines));
      lines = cdr(lines);
      pos = 0;
      in_line = true;
    }
    if (pos < cur.size()) return int32_t(cur[pos++]);
    in_line = false;
    return '\n';
  }
  int get_byte() override {
    int32_t c = get_char();
    return c < 0 ? -1 : int(c & 0xFF);
  }
  val get_line() override {
    if (!pushback.empty() || in_line) return Stream::get_line();
    if (!lines) return nullptr;
    val l = car(lines);
    lines = cdr(lines);
    return l;
  }
};

// Output split into lines; get-list-from-stream returns them (with the
// unterminated last line, if any).
struct StrListOutStream : Stream {
  val done = nullptr;  // finished lines, last first
  gc_u32string partial;
  bool is_output() const override { return true; }
  const char *kind_name() const override { return "strlist-output-stream"; }
  void put_string(std::u32string_view s) override {
    for (char32_t c : s) {
      if (c == '\n') {
        done = cons(mkstr(partial), done);
        partial.clear();
      } else {
        partial.push_back(c);
      }
    }
  }
  bool put_bytes(const char *p, size_t n) override {
    put_string(utf8_decode(std::string_view(p, n)));
    return true;
  }
};

// Reads from another stream; get-line returns the text up to the next
// match of the regex (with the match when include is set).
struct RecordAdapter : Stream {
  val regex;
  val target;  // the stream object read from
  bool include;
  Stream *in() const { return static_cast<StreamObj *>(target)->impl; }
  const char *kind_name() const override { return "record-adapter"; }
  int32_t get_char() override { return in()->read_char(); }
  int get_byte() override { return in()->get_byte(); }
  void put_string(std::u32string_view s) override { in()->put_string(s); }
  void flush() override { in()->flush(); }
  bool close() override { return in()->close(); }
  int fd() const override { return in()->fd(); }
  val get_line() override {
    // Characters ungot on the adapter are read before the target's.
    while (!pushback.empty()) {
      in()->unget_char(pushback.back());
      pushback.pop_back();
    }
    std::u32string text, matched;
    bool found = regex_stream_scan(regex_engine(regex), in(), text, matched);
    if (!found && text.empty()) return nullptr;
    if (found && include) text += matched;
    return mkstr(text);
  }
};

static val bi_make_strlist_input_stream(const Args &a) {
  for (val l = a[0]; l; l = cdr(l))
    if (!consp(l) || !stringp(car(l))) type_err(a.name(), a[0], "a list of strings");
  StrListInStream *s = gc_new<StrListInStream>();
  s->lines = a[0];
  return make_stream_obj(s);
}

static val bi_make_strlist_output_stream(const Args &) { return make_stream_obj(gc_new<StrListOutStream>()); }

static val bi_get_list_from_stream(const Args &a) {
  auto *s = dynamic_cast<StrListOutStream *>(stream_checked(a[0], a.name()));
  if (!s) type_err(a.name(), a[0], "a string list output stream");
  val out = s->partial.empty() ? nullptr : cons(mkstr(s->partial), nullptr);
  for (val l = s->done; l; l = cdr(l)) out = cons(car(l), out);  // a fresh list, oldest first
  return out;
}

static val bi_record_adapter(const Args &a) {
  regex_checked(a[0], a.name());
  val target = missing(a[1]) || !a[1] ? current_input() : a[1];
  stream_checked(target, a.name());
  RecordAdapter *r = gc_new<RecordAdapter>();
  r->regex = a[0];
  r->target = target;
  r->include = !missing(a[2]) && a[2];
  r->name = stream_checked(target, a.name())->name;
  return make_stream_obj(r);
}

static const BuiltinDef textstream_builtins[] = {
    {"make-strlist-input-stream", 1, 0, false, bi_make_strlist_input_stream},
    {"make-strlist-output-stream", 0, 0, false, bi_make_strlist_output_stream},
    {"get-list-from-stream", 1, 0, false, bi_get_list_from_stream},
    {"record-adapter", 1, 2, false, bi_record_adapter},
};

void init_textstream() { register_builtins(textstream_builtins); }

}  // namespace tine
