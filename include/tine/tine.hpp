// tine embedding API: start the runtime, register C++ functions, evaluate
// code and read the results.  One runtime per process; all calls must come
// from the thread that created it.
#pragma once
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// Only what is marked TINE_API is exported from libtine.
#define TINE_API __attribute__((visibility("default")))

namespace tine {

struct Obj;
struct ValueAccess;

// A Lisp value held by C++ code.  Each Value is a root: the collector keeps
// the object alive for as long as the Value exists.
class TINE_API Value {
 public:
  Value();  // nil
  Value(long long n);
  Value(int n) : Value(static_cast<long long>(n)) {}
  Value(double d);
  Value(const char *s);
  Value(const std::string &s);
  static Value boolean(bool b);
  static Value list(const std::vector<Value> &items);
  Value(const Value &other);
  Value &operator=(const Value &other);
  ~Value();

  bool is_nil() const;
  bool is_integer() const;  // fixnum or bignum
  bool is_float() const;
  bool is_string() const;
  bool is_list() const;  // nil or a cons

  long long to_int() const;       // throws tine::Error unless an integer that fits
  double to_double() const;       // integers convert
  std::string to_string() const;  // contents of a string (UTF-8)
  std::vector<Value> to_list() const;
  std::string repr() const;  // the printed (readable) representation

 private:
  friend struct ValueAccess;  // the runtime's access to the object
  static Value from_raw(Obj *o);
  Obj *raw() const;
  Obj **root_;
};

// A Lisp exception that reached C++: the exception type and its message.
class TINE_API Error : public std::runtime_error {
 public:
  Error(std::string type, std::string message, std::string where = "")
      : std::runtime_error(message), type_(std::move(type)), where_(std::move(where)) {}
  const std::string &type() const { return type_; }
  const std::string &where() const { return where_; }  // "file:line" when known

 private:
  std::string type_;
  std::string where_;
};

class TINE_API Runtime {
 public:
  using Function = std::function<Value(const std::vector<Value> &)>;

  explicit Runtime(int argc = 0, char **argv = nullptr);
  // Output that Lisp code writes to streams is buffered.  It is written out
  // by flush(), when the Runtime is destroyed, and at process exit (an
  // output that fails then is reported on stderr: the data could not be
  // written).  A write error during evaluation is a Lisp file-error.
  ~Runtime();
  void flush();  // throws tine::Error (type file-error) when a write fails

  Value eval(std::string_view code);    // evaluates every form; returns the last value
  Value load(const std::string &path);  // like (load path)
  Value call(const std::string &function, const std::vector<Value> &args);

  // Registers a builtin callable from Lisp; max_args < 0 means variadic.
  // Any C++ exception thrown by fn (a std::exception or not) becomes a Lisp
  // error naming the function, which Lisp code can catch; a tine::Error
  // (a Lisp error from Lisp that fn called) goes on with its own type and
  // message.
  void defun(const std::string &name, int min_args, int max_args, Function fn);
  void set_global(const std::string &name, const Value &v);  // defvar-style special
  Value global(const std::string &name) const;
};

}  // namespace tine
