// Printer hooks for foreign object types.
#pragma once
#include <string>

#include "lisp.hpp"

namespace tine {

using PrintFn = void (*)(val obj, std::u32string &out, bool escape);
extern PrintFn print_ops[64];  // indexed by T

// Line breaking as TXR's printer does it: an aggregate being printed turns
// on data indentation (unless it is already on or forced off), sets its
// hanging indentation, and separates its elements with separator(), which
// writes a space or, past the width (60 columns from the indentation for
// data, 10 for code), a newline and the indentation.  An aggregate broken
// over lines forces a break after itself in the enclosing one.
class PrintAggregate {
 public:
  explicit PrintAggregate(std::u32string &out);
  ~PrintAggregate();
  void indent_here(long delta);  // hanging indentation: the current column + delta
  void code_mode();              // code indentation (a form: special operator, macro, function call)
  void separator();              // a space, or a line break
  void first_separator() { out_.push_back(' '); }
  bool code() const;      // in code mode (nil prints as ())
  bool laid_out() const;  // out is the buffer being printed into

 private:
  std::u32string &out_;
  int saved_mode_;
  long saved_indent_;
  bool broke_ = false;
};

// Under *print-circle*: obj's #n# when it was printed before (true), or its
// #n= when it is shared and printed now (false); false for others.
bool print_circle_ref(val obj, std::u32string &out);
bool print_circle_printed(val obj);  // would print as #n#

// (json quote obj) as #J<json> (json.cpp); false when obj has no JSON form.
bool print_json_form(val form, std::u32string &out);

}  // namespace tine
