// load: finding a file by TXR's rules (suffix probing, *load-search-dirs*),
// and evaluating its forms, or the expanded forms of a compiled .tlo file,
// inside a block named load with *load-path*, *load-args*, *package* and
// *load-hooks* bound.
#include "load.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "compiler.hpp"
#include "package.hpp"
#include "reader.hpp"
#include "stream.hpp"
#include "syserr.hpp"

namespace tine {

val load_path_sym;
static val load_args_sym, load_search_dirs_sym, self_path_sym, s_load;

static bool ends_with(const std::string &s, const char *suffix) {
  size_t n = strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

static bool suffixed(const std::string &p) {
  for (const char *suf : {".tlo", ".tlo.gz", ".tl", ".txr", ".txr-profile", ".txr_profile"})
    if (ends_with(p, suf)) return true;
  return false;
}

// A relative path that does not start with ./ or ../ (TXR's pure-rel-path-p).
static bool pure_relative(const std::string &p) {
  if (p.empty() || p[0] == '/') return false;
  if (p == "." || p == "..") return false;
  return p.compare(0, 2, "./") != 0 && p.compare(0, 3, "../") != 0;
}

static std::string dir_part(const std::string &p) {
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? std::string() : p.substr(0, slash + 1);
}

static std::string join_path(const std::string &dir, const std::string &rel) {
  if (dir.empty()) return rel;
  return dir.back() == '/' ? dir + rel : dir + "/" + rel;
}

// Tries path and, when unsuffixed, path.tlo, path.tlo.gz, path.tl.  Sets
// *found on success; returns false when nothing exists; throws on other
// errors (permissions, a directory).
static bool probe(const std::string &path, std::string *found, const char *self) {
  std::string tries[4] = {path};
  int n = 1;
  if (!suffixed(path)) {
    tries[n++] = path + ".tlo";
    tries[n++] = path + ".tlo.gz";
    tries[n++] = path + ".tl";
  }
  for (int i = 0; i < n; ++i) {
    struct stat st;
    if (stat(tries[i].c_str(), &st) != 0) {
      if (errno == ENOENT || errno == ENOTDIR) {
        if (i == 0 && suffixed(path)) return false;
        continue;
      }
      sys_err(self, "stat", errno, mkstr_utf8(tries[i]));
    }
    if (S_ISDIR(st.st_mode)) sys_err(self, "open", EISDIR, mkstr_utf8(tries[i]));
    if (access(tries[i].c_str(), R_OK) != 0) sys_err(self, "open", errno, mkstr_utf8(tries[i]));
    *found = tries[i];
    return true;
  }
  return false;
}

std::string find_load_file(val target, const char *self) {
  std::string t = utf8(str_checked(target, self));
  std::string path = t;
  val lp = sym(load_path_sym)->value;
  if (pure_relative(t) && stringp(lp)) path = dir_part(utf8(lp)) + t;
  std::string found;
  if (probe(path, &found, self)) return found;
  if (!t.empty() && t[0] != '/') {
    for (val l = sym(load_search_dirs_sym)->value; consp(l); l = cdr(l))
      if (stringp(car(l)) && probe(join_path(utf8(car(l)), t), &found, self)) return found;
  }
  errorf(s_path_not_found, "~a: can't find ~s", self, target);
}

// The whole content of a file, decoded.
static val file_text(const std::string &path, const char *self) {
  bool gz = ends_with(path, ".gz");
  val stream = open_file(mkstr_utf8(path), mkstr_utf8(gz ? "rz" : "r"), self);
  Stream *s = stream_checked(stream, self);
  std::u32string text;
  for (int32_t c; (c = s->read_char()) >= 0;) text.push_back(char32_t(c));
  s->close();
  return mkstr(text);
}

// The first form of a .tlo file written by compile-file.
static val tlo_header() { return list({intern_sys("tine-compiled"), mkfix(1)}); }

// A compiled file (compile-file) holds a header form, the name of a
// package private to the file, and its fully expanded top-level forms.
// Files catenated together repeat header and package; the gensyms written
// as symbols of such a package are uninterned once the file is loaded.
static val load_compiled(Reader &r, val name, const char *self) {
  val result = nullptr;
  gcvec<val> packages;
  auto forget = [&] {
    for (val p : packages) funcall1(intern("delete-package"), p);
  };
  try {
    for (ReadResult f = {false, tlo_header()}; !f.eof; f = r.read_toplevel()) {
      if (equal(f.form, tlo_header())) {
        ReadResult pkg = r.read_toplevel();
        if (pkg.eof || !stringp(pkg.form)) errorf(s_error, "~a: ~a: bad compiled file", self, name);
        packages.push_back(find_package(pkg.form) ? find_package(pkg.form) : make_package(pkg.form));
        continue;
      }
      result = eval_hoisted(f.form);
    }
  } catch (...) {
    forget();
    throw;
  }
  forget();
  return result;
}

// Source, or compiled code when the first form is the compiled-file header
// (whatever the file's name: a compiled file may be run as a script).
static val load_found(const std::string &path, const char *self) {
  val name = mkstr_utf8(path);
  if (ends_with(path, ".txr") && !ends_with(path, ".txr-profile"))
    errorf(s_error, "~a: ~a: the TXR pattern language is not part of tine", self, name);
  val text = file_text(path, self);
  Reader r = Reader::over_text(text, name);
  ReadResult first = r.read_toplevel();
  if (first.eof) return nullptr;
  if (equal(first.form, tlo_header())) return load_compiled(r, name, self);
  if (ends_with(path, ".tlo") || ends_with(path, ".tlo.gz"))
    errorf(s_error, "~a: ~a is not a compiled file of this version of tine", self, name);
  val result = eval_in_file(first.form, name);
  return load_forms_from(r, name, result);
}

val load_file(val target, val args, const char *self, bool *returned) {
  std::string path = find_load_file(target, self);
  val name = mkstr_utf8(path);
  SpecialBind lp(load_path_sym, name);
  SpecialBind la(load_args_sym, args);
  SpecialBind pk(cur_package_sym, sym(cur_package_sym)->value);  // in-package stays in the file
  SpecialBind lh(load_hooks_symbol(), nullptr);                  // push-after-load forms run at the end
  ActiveBlock block(s_load);
  if (returned) *returned = false;
  val v = nullptr;
  try {
    load_found(path, self);
  } catch (DynReturn &d) {
    if (d.name != s_load) {
      run_load_hooks();
      throw;
    }
    v = d.value;
    if (returned) *returned = true;
  } catch (...) {
    run_load_hooks();
    throw;
  }
  run_load_hooks();
  return v;
}

val load_file(val path, const char *self) { return load_file(path, nullptr, self, nullptr); }

static val bi_load(const Args &a) {
  val args = nullptr;
  for (int i = a.n - 1; i >= 1; --i) args = cons(a[i], args);
  return load_file(a[0], args, a.name(), nullptr);
}

// The path load would use for a target, without loading it.
static val bi_load_path_of(const Args &a) { return mkstr_utf8(find_load_file(a[0], a.name())); }

static const BuiltinDef load_builtins[] = {
    {"load", 1, 0, true, bi_load},
    {"sys:load-path-of", 1, 0, false, bi_load_path_of},
};

void init_load() {
  register_builtins(load_builtins);
  s_load = intern("load");
  defvar_builtin("*load-path*", nullptr);
  load_path_sym = intern("*load-path*");
  defvar_builtin("*load-args*", nullptr);
  load_args_sym = intern("*load-args*");
  // A lib directory beside the installed share files, as TXR has beside
  // its executable.
  val exe = sym(intern("txr-exe-path"))->value;
  std::string lib = stringp(exe) ? dir_part(utf8(exe)) + "../share/tine/lib" : "/usr/local/share/tine/lib";
  defvar_builtin("*load-search-dirs*", list({mkstr_utf8(lib)}));
  load_search_dirs_sym = intern("*load-search-dirs*");
  defvar_builtin("self-path", nullptr);
  self_path_sym = intern("self-path");
}

void set_self_path(const char *path) { sym(self_path_sym)->value = mkstr_utf8(path); }

}  // namespace tine
