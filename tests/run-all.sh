#!/bin/sh
# Runs every test: the Lisp tests (tests/*.tl), the GoogleTest unit tests,
# the CLI tests and the embedding example.  Ends with "N passed, N failed".
srcdir=${1:-.}
builddir=${2:-.}
srcdir=$(cd "$srcdir" && pwd)
builddir=$(cd "$builddir" && pwd)
tine="$builddir/tine"
passed=0
failed=0
count() {  # count NAME LOGFILE STATUS
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$2" | tail -n 1)
  if [ -n "$line" ]; then
    p=${line%% passed*}; f=${line#*, }; f=${f%% failed*}
  else
    p=0; f=1
  fi
  if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
  printf '%-28s %s passed, %s failed\n' "$1" "$p" "$f"
  if [ "$f" -ne 0 ]; then sed 's/^/    /' "$2" | tail -n 30; fi
}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t in "$srcdir"/tests/*.tl; do
  case $(basename "$t") in harness.tl) continue ;; esac
  (cd "$(dirname "$t")" && timeout 300 "$tine" "$(basename "$t")") >"$log" 2>&1
  count "$(basename "$t")" "$log" $?
done
for t in "$srcdir"/tests/*.sh; do
  case $(basename "$t") in run-all.sh) continue ;; esac
  TINE="$tine" SRCDIR="$srcdir" timeout 300 sh "$t" >"$log" 2>&1
  count "$(basename "$t")" "$log" $?
done
if [ -x "$builddir/tests/unit/run-unit" ]; then
  "$builddir/tests/unit/run-unit" >"$log" 2>&1
  st=$?
  p=$(sed -n 's/.*\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
  f=$(sed -n 's/.*\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
  echo "${p:-0} passed, ${f:-0} failed" >>"$log"
  count "unit (gtest)" "$log" $st
fi
if [ -x "$builddir/examples/embed/host" ]; then
  (cd "$srcdir/examples/embed" && "$builddir/examples/embed/host") >"$log" 2>&1
  count "examples/embed/host" "$log" $?
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
