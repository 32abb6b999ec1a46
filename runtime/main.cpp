// The tine program: command-line options, scripts and the REPL.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "config.h"
#include "dynamic.hpp"
#include "eval.hpp"
#include "printer.hpp"
#include "load.hpp"
#include "protect.hpp"
#include "repl.hpp"
#include "stream.hpp"
#include "syserr.hpp"

using namespace tine;

static const char usage[] =
    "usage: tine [options] [script [args...]]\n"
    "\n"
    "Runs a TXR Lisp script, evaluates expressions, or starts the REPL.\n"
    "\n"
    "options:\n"
    "  -e EXPR     evaluate EXPR (may be repeated)\n"
    "  -p EXPR     evaluate EXPR and print its value\n"
    "  -i          enter the REPL after the script and expressions\n"
    "  --lisp      accepted for TXR scripts' #! lines (every file is Lisp)\n"
    "  --help      print this text and exit\n"
    "  --version   print the version and exit\n"
    "  --          end of options: the next argument is the script\n"
    "\n"
    "With no script and no -e/-p, tine starts the REPL when standard input\n"
    "is a terminal, and otherwise evaluates the forms read from it.\n"
    "The script's own arguments are in *args*; (exit n) sets the status.\n"
    "An uncaught error prints its message with file:line and exits with 1.\n";

// Output that could not be written makes the exit status 1 (data was lost).
static int end_status(int status) {
  std::string lost;
  if (finish_output(&lost)) return status;
  fprintf(stderr, "tine: %s\n", lost.c_str());
  return status ? status : 1;
}

static int report(const LispThrow &e) {
  flush_all_streams();
  std::string msg = utf8(exception_message(e.sym, e.args));
  std::string where;
  if (e.file)
    where = utf8(e.file) + ":" + std::to_string(e.line) + ": ";
  else if (e.line)
    where = "line " + std::to_string(e.line) + ": ";
  fprintf(stderr, "tine: %s%s\n", where.c_str(), msg.c_str());
  return 1;
}

static val eval_string(const char *text) {
  val stream = make_string_input(mkstr_utf8(text));
  return load_stream_forms(stream, mkstr_utf8("-e"));
}

static void set_args(int argc, char **argv, int from) {
  val args = nullptr;
  for (int i = argc - 1; i >= from; --i) args = cons(mkstr_utf8(argv[i]), args);
  sym(intern("*args*"))->value = args;
}

// Runs the options, expressions and script in order.  Returns the exit
// status when an option ends the program (--help, a usage error), else -1.
static int run_arguments(int argc, char **argv, bool *repl_after, bool *did_something) {
  int i = 1;
  for (; i < argc; ++i) {
    const char *a = argv[i];
    if (!strcmp(a, "--help")) {
      fputs(usage, stdout);
      return 0;
    }
    if (!strcmp(a, "--version")) {
      printf("tine %s\n", PACKAGE_VERSION);
      return 0;
    }
    if (!strcmp(a, "-i")) {
      *repl_after = true;
      continue;
    }
    if (!strcmp(a, "--lisp")) continue;  // TXR's: every file is Lisp here (#! lines of TXR scripts use it)
    if (!strcmp(a, "-e") || !strcmp(a, "-p")) {
      if (i + 1 >= argc) {
        fprintf(stderr, "tine: %s needs an expression\n%s", a, usage);
        return 2;
      }
      set_args(argc, argv, argc);
      set_self_path("cmdline-expr");
      val v = eval_string(argv[++i]);
      if (a[1] == 'p') {
        std::u32string out;
        print_to(v, out, true);
        out.push_back('\n');
        put_str(current_output(), out);
      }
      *did_something = true;
      continue;
    }
    if (!strcmp(a, "--")) {
      ++i;
      break;
    }
    if (a[0] == '-' && a[1]) {
      fprintf(stderr, "tine: unknown option %s\n%s", a, usage);
      return 2;
    }
    break;
  }
  if (i < argc) {
    set_args(argc, argv, i + 1);
    val script = mkstr_utf8(argv[i]);
    set_self_path(find_load_file(script, "startup").c_str());
    bool returned;
    val v;
    try {
      v = load_file(script, nullptr, "startup", &returned);
    } catch (...) {
      run_load_hooks();
      throw;
    }
    run_load_hooks();
    // (return-from load v) in the script: v is the exit status, as for exit.
    if (returned && !*repl_after) funcall1(intern("exit"), v);
    *did_something = true;
  } else if (!*did_something && !*repl_after && !isatty(0)) {
    load_stream_forms(std_input, mkstr_utf8("stdin"));
    *did_something = true;
  }
  return -1;
}

int main(int argc, char **argv) {
  try {
    run_protected([&] { runtime_init(argc, argv); });
  } catch (LispThrow &e) {
    fputs("tine: start-up failed\n", stderr);
    return report(e);
  }
  bool repl_after = false, did_something = false;
  int status;
  try {
    status = run_protected([&] { return run_arguments(argc, argv, &repl_after, &did_something); });
  } catch (LispThrow &e) {
    return report(e);
  }
  if (status >= 0) return end_status(status);
  if (!did_something || repl_after) run_repl();
  try {
    run_protected([&] { run_exit_functions(); });
  } catch (LispThrow &e) {
    return report(e);
  }
  return end_status(0);
}
