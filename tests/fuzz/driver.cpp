// Fuzz driver (make fuzz): one input, from the file named last on the
// command line or from stdin, is read as Lisp text (mode "read": every
// form is read and printed, with and without *print-circle*) or read and
// evaluated form by form (mode "eval").  Errors are expected; a crash, a
// sanitizer report or an abort is a finding.
//
// Built with AFL++'s compiler (afl-clang-fast++) and ASan/UBSan.  The
// runtime is initialised once, before __AFL_INIT: each input then runs in
// a fresh fork of that process, so what one input defines or changes
// cannot affect the next, and a crash reproduces from its input alone.
//
// In eval mode the functions that reach outside the process (files,
// processes, signals, sockets, the FFI and mmap, exit) are replaced by
// stubs that throw, and a timer ends each input after a second.
#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>
#include <string>

#include "runtime/embedded.hpp"
#include "runtime/eval.hpp"
#include "runtime/lisp.hpp"
#include "runtime/protect.hpp"
#include "runtime/reader.hpp"

using namespace tine;

// Reference files (doc/ref) whose every name is stubbed in eval mode.
static const char *const denied_files[] = {
    "fs.txt",       "process.txt",    "unix.txt",   "system.txt", "mmap.txt",   "ffi.txt",
    "ffi-call.txt", "ffi-carray.txt", "shared.txt", "socket.txt", "getput.txt", nullptr,
};

// Further names that write files, load code, or turn safety off.
static const char *const denied_names[] = {
    "open-file",
    "open-fileno",
    "load",
    "compile-file",
    "clean-file",
    "set-stack-limit",
    "open-directory",
    "make-struct-delegate-stream",
    "compile-update-file",
    "load-for",
    "load-args-process",
    "load-args-recurse",
    nullptr,
};

static val stub(const Args &a) { errorf(s_error, "~a: not available in the fuzzer", a.name()); }

static void deny(std::string_view name) {
  val s = intern(std::string(name).c_str());
  if (sym(s)->fun) sym(s)->fun = make_builtin(s, 0, 0, true, stub);
  if (sym(s)->macro) sym(s)->macro = make_builtin(s, 0, 0, true, stub);
}

// Each "@ name name..." header line of a denied reference file.
static void deny_file(const char *text) {
  for (const char *p = text; *p;) {
    const char *eol = strchr(p, '\n');
    std::string_view line(p, eol ? size_t(eol - p) : strlen(p));
    if (line.size() > 2 && line[0] == '@' && line[1] == ' ') {
      std::string_view rest = line.substr(2);
      while (!rest.empty()) {
        size_t sp = rest.find(' ');
        std::string_view name = rest.substr(0, sp);
        if (!name.empty()) deny(name);
        if (sp == std::string_view::npos) break;
        rest = rest.substr(sp + 1);
      }
    }
    if (!eol) break;
    p = eol + 1;
  }
}

// Every stdlib module, loaded once here rather than by each forked input
// that uses one of its names.
static void load_stdlib() {
  for (const AutoloadEntry *e = stdlib_index; e->name; ++e) {
    bool in_sys = strncmp(e->name, "sys:", 4) == 0;
    try {
      run_protected([&] { return autoload(in_sys ? intern_sys(e->name + 4) : intern(e->name)); });
    } catch (LispThrow &) {
    }
  }
}

static void sandbox() {
  for (const EmbeddedFile *f = doc_sources; f->name; ++f)
    for (const char *const *d = denied_files; *d; ++d)
      if (strcmp(f->name, *d) == 0) deny_file(f->text);
  for (const char *const *d = denied_names; *d; ++d) deny(*d);
}

static void on_alarm(int) { _exit(0); }

// Reads (and in eval mode evaluates) every form; an error ends the input.
static void run(val text, bool eval_mode) {
  try {
    run_protected([&] {
      Reader r = Reader::over_text(text, mkstr_utf8("fuzz"));
      for (;;) {
        ReadResult res = r.read_toplevel();
        if (res.eof) break;
        val v = eval_mode ? eval_toplevel(res.form) : res.form;
        std::u32string out;
        print_to(v, out, true);
        out.clear();
        print_to_circle(v, out, true);
      }
      return 0;
    });
  } catch (LispThrow &) {
  }
}

int main(int argc, char **argv) {
  bool eval_mode = argc > 1 && strcmp(argv[1], "eval") == 0;
  const char *path = argc > 2 ? argv[argc - 1] : nullptr;
  runtime_init(0, nullptr);
  GC_set_max_heap_size(size_t(1) << 30);
  if (eval_mode) {
    load_stdlib();
    sandbox();
  }
  // Each input starts with the collector's allocation budget fresh, rather
  // than every forked child paying for the collection start-up was due.
  GC_gcollect();
#ifdef __AFL_HAVE_MANUAL_CONTROL
  __AFL_INIT();
#endif
  std::string bytes;
  if (path) {
    FILE *f = fopen(path, "rb");
    if (!f) return 2;
    char buf[65536];
    for (size_t n; (n = fread(buf, 1, sizeof buf, f)) > 0;) bytes.append(buf, n);
    fclose(f);
  } else {
    bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  if (eval_mode) {
    signal(SIGALRM, on_alarm);
    struct itimerval it = {{0, 0}, {1, 0}};
    setitimer(ITIMER_REAL, &it, nullptr);
  }
  run(mkstr_utf8(bytes), eval_mode);
  _exit(0);  // no flushing of what the input printed, no finalizers
}
