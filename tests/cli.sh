#!/bin/sh
# Command-line behaviour of the tine program.
tine=${TINE:-./tine}
tine=$(cd "$(dirname "$tine")" && pwd)/$(basename "$tine")
pass=0
fail=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL $1: expected [$2] got [$3]"; fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check "-p bignum" "1461501637330902918203684832716283019655932542976" "$($tine -p '(expt 256 20)')"
check "-e output" "hi" "$($tine -e '(put-line "hi")')"
check "several -e" "12" "$($tine -e '(put-string "1")' -e '(put-string "2")')"
check "--version" "tine" "$($tine --version | cut -d' ' -f1)"
$tine --help | grep -q "usage: tine"; check "--help" 0 $?
$tine --bogus >/dev/null 2>&1; check "unknown option status" 2 $?
$tine -e '(exit 7)'; check "exit 7" 7 $?
$tine -e '(exit t)'; check "exit t" 0 $?
$tine -e '(exit nil)'; check "exit nil" 1 $?
$tine -e '(car 1)' 2>"$tmp/err"; check "uncaught error status" 1 $?
grep -q "car: 1 is not a cons" "$tmp/err"; check "error message" 0 $?

# An error inside a function of another file is located in that file, for
# calls through a variable ([f x]) too; a go to a tagbody that was left is
# an error, not an abort; so is a dynamic return-from with no block.
printf '(defun callee (x)\n  (let ((y x))\n    [car y]))\n' > "$tmp/callee.tl"
printf '(load "callee")\n\n\n(callee 5)\n' > "$tmp/caller.tl"
$tine "$tmp/caller.tl" 2>"$tmp/err"; check "error in loaded file: status" 1 $?
grep -q "callee.tl:3: car: 5 is not a cons" "$tmp/err"; check "error in loaded file: location" 0 $?
$tine -e "(defvar g) (tagbody a (set g (lambda () (go a)))) (call g)" 2>"$tmp/err"
check "go to a left tagbody: status" 1 $?
grep -q "tagbody of tag a is no longer active" "$tmp/err"; check "go to a left tagbody: message" 0 $?
$tine -e "(defun f () (return-from nowhere 1)) (f)" 2>"$tmp/err"; check "return-from no block: status" 1 $?
grep -q "no block named nowhere" "$tmp/err"; check "return-from no block: message" 0 $?

printf '(prinl *args*)\n(defun f () (cdr 5))\n(f)\n' > "$tmp/s.tl"
out=$($tine "$tmp/s.tl" a "b c" 2>"$tmp/err"); st=$?
check "script args" '("a" "b c")' "$out"
check "script error status" 1 $st
grep -q "s.tl:2: cdr: 5 is not a cons" "$tmp/err"; check "error file:line" 0 $?

printf '#!/usr/bin/env tine\n(put-line "shebang ok")\n' > "$tmp/sh.tl"
check "shebang line" "shebang ok" "$($tine "$tmp/sh.tl")"

printf '(defvar x 5)\n' > "$tmp/lib.tl"
printf '(load "lib")\n(prinl x)\n' > "$tmp/main.tl"
check "relative load" "5" "$(cd / && $tine "$tmp/main.tl")"

check "stdin forms" "3" "$(echo '(prinl (+ 1 2))' | $tine)"

# The evaluator's inline arithmetic and counted loops stop as soon as the
# global functions are redefined (in a process of its own: it breaks +).
printf '%s\n' '(defun f (x) (+ x 1))' \
  '(defun g () (let ((c 0)) (dotimes (i 3) (inc c)) c))' \
  '(defun h () (let ((c 0)) (for ((i 0)) ((< i 3) c) ((inc i)) (inc c))))' \
  '(prinl (list (f 1) (g) (h)))' \
  '(defun + (a b) (- a (- 0 b) -5))' '(prinl (list (f 1) (g)))' \
  '(defun < (a b) nil)' '(prinl (h))' > "$tmp/redef.tl"
check "redefined + and <" "(2 3 3) (7 6) 0" "$($tine "$tmp/redef.tl" | tr "\n" " " | sed "s/ $//")"
$tine "$tmp/missing.tl" 2>/dev/null; check "missing script" 1 $?
check "missing script message" "tine: startup: can't find \"$tmp/missing.tl\"" "$($tine "$tmp/missing.tl" 2>&1)"
check "syntax error status" 1 "$(printf '(a b' > "$tmp/bad.tl"; $tine "$tmp/bad.tl" 2>/dev/null; echo $?)"
check "repl -i after -e" "3" "$(echo '(+ q 2)' | $tine -e '(defvar q 1)' -i 2>/dev/null | grep -x '3')"
check "doc" "t" "$($tine -p "(stringp (doc-string 'car))")"

# Named shared memory: an unrelated process opens the section by name.
name="/tine-cli-$$"
$tine -e "(let ((fd (shm-open \"$name\" (logior o-rdwr o-creat o-excl)))) (ftruncate fd 4096) (set [(mmap (ffi uint8) 4096 (logior prot-read prot-write) map-shared fd) 7] 77))"
check "shm by name" "77" "$($tine -e "(let ((fd (shm-open \"$name\" o-rdwr))) (prinl [(mmap (ffi uint8) 4096 prot-read map-shared fd) 7]) (shm-unlink \"$name\"))")"
$tine -e "(shm-open \"$name\" o-rdwr)" 2>/dev/null; check "shm unlinked" 1 $?

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
