// A C++ program that embeds tine: it registers two host functions, hands a
// script its data, runs the script and reads the results back.
// Built and run by `make check`; prints "N passed, N failed".
#include <tine/tine.hpp>

#include <cstdio>
#include <string>
#include <vector>

static int passed = 0, failed = 0;

static void expect(bool ok, const char *what) {
  if (ok) {
    ++passed;
  } else {
    ++failed;
    fprintf(stderr, "FAIL: %s\n", what);
  }
}

int main(int argc, char **argv) {
  tine::Runtime rt(argc, argv);

  // Host data offered to scripts as a function.
  std::vector<long long> readings = {12, 7, 30, 5};
  rt.defun("host-readings", 0, 0, [&](const std::vector<tine::Value> &) {
    std::vector<tine::Value> items(readings.begin(), readings.end());
    return tine::Value::list(items);
  });
  rt.defun("host-scale", 2, 2,
           [](const std::vector<tine::Value> &args) { return tine::Value(args[0].to_double() * args[1].to_double()); });
  rt.defun("host-fail", 0, 0,
           [](const std::vector<tine::Value> &) -> tine::Value { throw std::runtime_error("refused by host"); });

  tine::Value n = rt.eval("(+ 1 2)");
  expect(n.to_int() == 3, "eval returns an integer");
  expect(rt.eval("(expt 2 100)").repr() == "1267650600228229401496703205376", "bignum result");
  expect(rt.eval("\"h\\xE9llo\"").to_string() == "h\xc3\xa9llo", "string result is UTF-8");
  expect(rt.eval("1.5").to_double() == 1.5, "float result");

  rt.load("script.tl");  // defines summarize, using the host functions
  tine::Value summary = rt.call("summarize", {});
  std::vector<tine::Value> parts = summary.to_list();
  expect(parts.size() == 3, "summary has three parts");
  expect(parts.size() == 3 && parts[0].to_int() == 54, "sum of readings");
  expect(parts.size() == 3 && parts[1].to_int() == 30, "max of readings");
  expect(parts.size() == 3 && parts[2].to_double() == 108.0, "scaled sum");

  try {
    rt.eval("(car 5)");
    expect(false, "a Lisp error reaches C++ as tine::Error");
  } catch (tine::Error &e) {
    expect(e.type() == "type-error", "error type is type-error");
    expect(std::string(e.what()).find("car: 5 is not a cons") != std::string::npos, "error message");
  }
  try {
    rt.eval("(host-fail)");
    expect(false, "a host exception becomes a Lisp error");
  } catch (tine::Error &e) {
    expect(std::string(e.what()).find("host-fail: refused by host") != std::string::npos,
           "host exception message names the function");
  }
  expect(rt.eval("(catch (host-fail) (error (m) :caught))").repr() == ":caught", "scripts can catch host errors");

  rt.set_global("*host-name*", tine::Value("embed-example"));
  expect(rt.eval("*host-name*").to_string() == "embed-example", "host global");

  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
