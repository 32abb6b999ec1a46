// Embedding reliability (issue 11): output is written out at Runtime
// destruction and at exit, write errors reach the host, any C++ exception
// of a host function is a catchable Lisp error, and Lisp -> host -> Lisp
// recursion ends in one stack-overflow error.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "tine/tine.hpp"

static tine::Runtime &rt() {
  static tine::Runtime r;
  return r;
}

// Runs child in a forked process with its standard output on a new file;
// returns what the file holds once the child has ended (and its status).
template <class F>
static std::string child_output(F child, int *status) {
  char path[] = "/tmp/tine-embed-XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fd, 1);
    child();
    _exit(99);  // child() ends the process itself
  }
  close(fd);
  waitpid(pid, status, 0);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  unlink(path);
  return text.str();
}

TEST(RobustEmbed, OutputIsWrittenAtExit) {
  rt();
  int status = 0;
  std::string out = child_output(
      [] {
        rt().eval("(put-string \"written at exit\")");
        std::exit(0);  // no flush by the host: the runtime's exit handler writes it
      },
      &status);
  EXPECT_EQ(out, "written at exit");
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST(RobustEmbed, OutputIsWrittenAtRuntimeDestruction) {
  rt();
  int status = 0;
  std::string out = child_output(
      [] {
        {
          tine::Runtime r;
          r.eval("(put-string \"written by the destructor\")");
        }
        _exit(0);  // no exit handlers: only the destructor can have written it
      },
      &status);
  EXPECT_EQ(out, "written by the destructor");
}

TEST(RobustEmbed, FlushReportsWriteErrors) {
  rt();
  int status = 0;
  child_output(
      [] {
        int full = open("/dev/full", O_WRONLY);
        dup2(full, 1);
        rt().eval("(put-string \"lost\")");
        try {
          rt().flush();
        } catch (tine::Error &e) {
          _exit(e.type() == "file-error" && std::string(e.what()).find("28/") != std::string::npos ? 0 : 2);
        }
        _exit(3);
      },
      &status);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(RobustEmbed, NonStdExceptionsAreLispErrors) {
  rt().defun("emb-throw-int", 0, 0, [](const std::vector<tine::Value> &) -> tine::Value { throw 42; });
  rt().defun("emb-throw-std", 0, 0,
             [](const std::vector<tine::Value> &) -> tine::Value { throw std::runtime_error("bad thing"); });
  EXPECT_EQ(rt().eval("(catch (emb-throw-int) (error (m) m))").to_string(),
            "emb-throw-int: a C++ exception that is not a std::exception");
  EXPECT_EQ(rt().eval("(catch (emb-throw-int) (t (. a) :caught))").repr(), ":caught");
  EXPECT_EQ(rt().eval("(catch (emb-throw-std) (error (m) m))").to_string(), "emb-throw-std: bad thing");
  try {
    rt().eval("(emb-throw-int)");
    FAIL() << "no error";
  } catch (tine::Error &e) {
    EXPECT_EQ(e.type(), "error");
  }
}

// A host function that evaluates Lisp code: Lisp -> host -> Lisp.
static void define_host_eval() {
  rt().defun("emb-host-eval", 1, 1, [](const std::vector<tine::Value> &a) { return rt().eval(a[0].to_string()); });
}

TEST(RobustEmbed, ErrorsPassThroughTheHostUnwrapped) {
  define_host_eval();
  rt().eval("(defun emb-nest (n) (if (zerop n) (car 5) (emb-host-eval `(emb-nest @(pred n))`)))");
  // 2000 levels of Lisp -> host -> Lisp: the error keeps its type and its
  // one message (it was wrapped again at every level).
  EXPECT_EQ(rt().eval("(catch (emb-nest 2000) (type-error (m) m))").to_string(), "car: 5 is not a cons");
  try {
    rt().eval("(emb-nest 100)");
    FAIL() << "no error";
  } catch (tine::Error &e) {
    EXPECT_EQ(e.type(), "type-error");
    EXPECT_STREQ(e.what(), "car: 5 is not a cons");
  }
}

TEST(RobustEmbed, UnboundedHostRecursionIsOneStackOverflow) {
  define_host_eval();
  rt().eval("(defun emb-forever () (emb-host-eval \"(emb-forever)\"))");
  tine::Value old_limit = rt().eval("(set-stack-limit 8000000)");  // a quicker test
  rt().set_global("emb-old-limit", old_limit);
  EXPECT_EQ(rt().eval("(catch (emb-forever) (stack-overflow (m) m))").to_string(), "computation exceeded stack limit");
  try {
    rt().eval("(emb-forever)");
    FAIL() << "no error";
  } catch (tine::Error &e) {
    EXPECT_EQ(e.type(), "stack-overflow");
    EXPECT_STREQ(e.what(), "computation exceeded stack limit");
  }
  EXPECT_EQ(rt().eval("(+ 1 2)").to_int(), 3);  // and the runtime goes on
  rt().eval("(set-stack-limit emb-old-limit)");
}
