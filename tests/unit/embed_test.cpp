// The embedding API: evaluation, conversion, registration and errors.
#include <gtest/gtest.h>

#include "tine/tine.hpp"

static tine::Runtime &rt() {
  static tine::Runtime r;
  return r;
}

TEST(Embed, EvalIntegers) { EXPECT_EQ(rt().eval("(* 6 7)").to_int(), 42); }

TEST(Embed, EvalReturnsLastForm) { EXPECT_EQ(rt().eval("1 2 3").to_int(), 3); }

TEST(Embed, Conversions) {
  EXPECT_TRUE(rt().eval("nil").is_nil());
  EXPECT_TRUE(rt().eval("'(1 2)").is_list());
  EXPECT_TRUE(rt().eval("\"s\"").is_string());
  EXPECT_TRUE(rt().eval("2.5").is_float());
  EXPECT_DOUBLE_EQ(rt().eval("2").to_double(), 2.0);
  EXPECT_EQ(rt().eval("(list 1 \"a\" 'b)").repr(), "(1 \"a\" b)");
  EXPECT_THROW(rt().eval("\"x\"").to_int(), tine::Error);
  EXPECT_THROW(rt().eval("(expt 2 80)").to_int(), tine::Error);
  EXPECT_THROW(rt().eval("5").to_string(), tine::Error);
}

TEST(Embed, ValuesFromCpp) {
  tine::Value l = tine::Value::list({tine::Value(1), tine::Value("two"), tine::Value(3.5)});
  EXPECT_EQ(l.repr(), "(1 \"two\" 3.5)");
  EXPECT_EQ(tine::Value::boolean(true).repr(), "t");
  tine::Value copy = l;
  EXPECT_EQ(copy.to_list().size(), 3u);
}

TEST(Embed, RegisteredFunction) {
  rt().defun("emb-add", 2, 2,
             [](const std::vector<tine::Value> &a) { return tine::Value(a[0].to_int() + a[1].to_int()); });
  EXPECT_EQ(rt().eval("(emb-add 40 2)").to_int(), 42);
  EXPECT_EQ(rt().eval("(mapcar (fun emb-add) '(1 2) '(10 20))").repr(), "(11 22)");
  EXPECT_THROW(rt().eval("(emb-add 1)"), tine::Error);
  EXPECT_THROW(rt().eval("(emb-add 1 2 3)"), tine::Error);
}

TEST(Embed, VariadicAndOptional) {
  rt().defun("emb-count", 0, -1,
             [](const std::vector<tine::Value> &a) { return tine::Value(static_cast<long long>(a.size())); });
  rt().defun("emb-opt", 1, 2, [](const std::vector<tine::Value> &a) { return tine::Value::boolean(a[1].is_nil()); });
  EXPECT_EQ(rt().eval("(emb-count 1 2 3 4)").to_int(), 4);
  EXPECT_EQ(rt().eval("(emb-opt 1)").repr(), "t");
}

TEST(Embed, CallByName) {
  rt().eval("(defun emb-sq (x) (* x x))");
  EXPECT_EQ(rt().call("emb-sq", {tine::Value(9)}).to_int(), 81);
  EXPECT_THROW(rt().call("emb-no-such-fn", {}), tine::Error);
}

TEST(Embed, ErrorsCarryTypeAndMessage) {
  try {
    rt().eval("(error \"custom ~a\" 7)");
    FAIL() << "expected an exception";
  } catch (tine::Error &e) {
    EXPECT_EQ(e.type(), "error");
    EXPECT_STREQ(e.what(), "custom 7");
  }
  // The runtime stays usable after an error.
  EXPECT_EQ(rt().eval("(+ 1 1)").to_int(), 2);
}

TEST(Embed, SyntaxErrors) { EXPECT_THROW(rt().eval("(1 2"), tine::Error); }

TEST(Embed, Globals) {
  rt().set_global("*emb-g*", tine::Value(5));
  EXPECT_EQ(rt().eval("(let ((*emb-g* 6)) (+ *emb-g* 1))").to_int(), 7);
  EXPECT_EQ(rt().global("*emb-g*").to_int(), 5);
  EXPECT_THROW(rt().global("emb-unbound-xyz"), tine::Error);
}

// Unwinds whose target is gone reach the host as tine::Error, like any error.
TEST(Embed, StaleExitsAreErrors) {
  EXPECT_THROW(rt().eval("(defvar emb-g) (tagbody a (set emb-g (lambda () (go a)))) (call emb-g)"), tine::Error);
  EXPECT_THROW(rt().eval("(defun emb-f () (return-from emb-nowhere 1)) (emb-f)"), tine::Error);
  try {
    rt().eval("(let ((f (block k (lambda () (return-from k 5))))) (call f))");
    FAIL() << "no error";
  } catch (tine::Error &e) {
    EXPECT_EQ(e.type(), "eval-error");
    EXPECT_NE(std::string(e.what()).find("no block named k"), std::string::npos);
  }
  EXPECT_EQ(rt().eval("(+ 1 2)").to_int(), 3);  // the runtime is still usable
}
