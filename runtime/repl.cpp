// The REPL: line editing and history (readline or libedit), completion of
// symbol names, multi-line input, and Ctrl-C that interrupts evaluation.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "config.h"
#include "dynamic.hpp"
#include "eval.hpp"
#include "reader.hpp"
#include "compiler.hpp"
#include "package.hpp"
#include "printer.hpp"
#include "protect.hpp"
#include "repl.hpp"
#include "stream.hpp"

#if defined(HAVE_READLINE)
#include <readline/history.h>
#include <readline/readline.h>
#elif defined(HAVE_LIBEDIT)
#include <editline/readline.h>
#endif

namespace tine {

// Is the text a complete sequence of forms (brackets closed, strings ended)?
static bool input_complete(const std::string &s) {
  int depth = 0;
  bool in_str = false, in_quasi = false, in_comment = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_comment) {
      if (c == '\n') in_comment = false;
      continue;
    }
    if (in_str || in_quasi) {
      if (c == '\\')
        ++i;
      else if ((in_str && c == '"') || (in_quasi && c == '`'))
        in_str = in_quasi = false;
      continue;
    }
    if (c == '#' && i + 1 < s.size() && s[i + 1] == '\\') {
      i += 2;  // a character literal such as #\( is not a bracket
      continue;
    }
    switch (c) {
      case ';': in_comment = true; break;
      case '"': in_str = true; break;
      case '`': in_quasi = true; break;
      case '(':
      case '[': ++depth; break;
      case ')':
      case ']': --depth; break;
    }
  }
  return depth <= 0 && !in_str && !in_quasi;
}

static void on_sigint_eval(int) { interrupt_pending = 1; }

#if defined(HAVE_READLINE) || defined(HAVE_LIBEDIT)
static std::string history_file() {
  const char *home = getenv("HOME");
  return std::string(home ? home : ".") + "/.tine_history";
}

static char *complete_symbol(const char *text, int state) {
  static val names;
  static size_t len;
  if (state == 0) {
    len = strlen(text);
    names = nullptr;
    auto offer = [&](val k, val s) {
      if (!s) return;
      Sym *p = sym(s);
      if (!(p->fun || p->macro || p->value != UNBOUND || p->autoload || is_special_form(s))) return;
      std::string n = utf8(k);
      if (n.compare(0, len, text) == 0) names = cons(k, names);
    };
    // The current package, then its fallback list.
    val pkg = current_package();
    each_package_symbol(pkg, offer);
    for (val l = pkg_of(pkg)->fallback; consp(l); l = cdr(l)) each_package_symbol(car(l), offer);
  }
  if (!names) return nullptr;
  std::string n = utf8(car(names));
  names = cdr(names);
  return strdup(n.c_str());
}

static char **completion(const char *text, int, int) {
  rl_attempted_completion_over = 1;
  return rl_completion_matches(text, complete_symbol);
}

static bool read_line(const char *prompt, std::string &out) {
  char *line = readline(prompt);
  if (!line) return false;
  out = line;
  free(line);
  return true;
}
#else
static bool read_line(const char *prompt, std::string &out) {
  fputs(prompt, stdout);
  fflush(stdout);
  char buf[4096];
  if (!fgets(buf, sizeof buf, stdin)) return false;
  out = buf;
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return true;
}
#endif

static void eval_and_print(const std::string &text) {
  val stream = make_string_input(mkstr_utf8(text));
  Reader reader(stream, mkstr_utf8("repl"));
  for (;;) {
    ReadResult r = reader.read_toplevel();
    if (r.eof) break;
    val v = eval_in_file(r.form, nullptr);
    std::u32string out;
    print_to(v, out, true);
    out.push_back('\n');
    put_str(current_output(), out);
  }
  flush_all_streams();
}

static void report_error(val sym_, val args) {
  flush_all_streams();
  std::string msg = utf8(exception_message(sym_, args));
  fprintf(stderr, "** %s\n", msg.c_str());
}

void run_repl() {
#if defined(HAVE_READLINE) || defined(HAVE_LIBEDIT)
  std::string hist = history_file();
  read_history(hist.c_str());
  rl_attempted_completion_function = completion;
  rl_basic_word_break_characters = const_cast<char *>(" \t\n()[]'`,@\"");
#endif
  int counter = 1;
  for (;;) {
    std::string prompt = std::to_string(counter) + "> ";
    std::string text, line;
    signal(SIGINT, SIG_DFL);
#if defined(HAVE_READLINE)
    rl_catch_signals = 1;
#endif
    if (!read_line(prompt.c_str(), line)) break;
    text = line;
    while (!input_complete(text)) {
      if (!read_line("", line)) break;
      text += "\n" + line;
    }
    if (text.find_first_not_of(" \t\n") == std::string::npos) continue;
#if defined(HAVE_READLINE) || defined(HAVE_LIBEDIT)
    add_history(text.c_str());
    if (append_history(1, hist.c_str()) != 0) write_history(hist.c_str());
#endif
    interrupt_pending = 0;
    signal(SIGINT, on_sigint_eval);
    try {
      run_protected([&] { eval_and_print(text); });
    } catch (LispThrow &e) {
      report_error(e.sym, e.args);
    }
    signal(SIGINT, SIG_DFL);
    ++counter;
  }
  fputs("\n", stdout);
}

}  // namespace tine
