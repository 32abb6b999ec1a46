#!/bin/sh
# Output that cannot be written is an error and a non-zero exit status,
# never silently lost (issue 11); the Lisp side is tests/robust-io.tl.
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
full='error writing #<file-stream stdout>: 28/"No space left on device"'

# A little output, written only at exit, to a full device.
$tine -e '(put-line "hello")' >/dev/full 2>"$tmp/err"; check "final flush fails: status" 1 $?
check "final flush fails: message" "tine: $full" "$(cat "$tmp/err")"
# Enough output to fail during the run.
$tine -e '(dotimes (i 10000) (put-line "hello"))' >/dev/full 2>"$tmp/err"
check "write fails: status" 1 $?
grep -q "$full" "$tmp/err"; check "write fails: message" 0 $?
# (exit 0) cannot succeed when its output is lost; another status stays.
$tine -e '(put-line "hello") (exit 0)' >/dev/full 2>/dev/null; check "exit 0 to a full device" 1 $?
$tine -e '(put-line "hello") (exit 3)' >/dev/full 2>/dev/null; check "exit 3 to a full device" 3 $?
printf '(put-line "hello")\n' >"$tmp/s.tl"
$tine "$tmp/s.tl" >/dev/full 2>/dev/null; check "script to a full device" 1 $?
# A writer into a closed pipe with SIGPIPE ignored: EPIPE ends it with an
# error (it used to spin forever).
st=$( (trap '' PIPE; timeout 20 $tine -e '(while t (put-line "xxxxxxxxxxxxxxxx"))' 2>"$tmp/err"; echo $? >"$tmp/st") | head -n 1 >/dev/null; cat "$tmp/st")
check "closed pipe: status" 1 "$st"
grep -q 'error writing #<file-stream stdout>: 32/"Broken pipe"' "$tmp/err"; check "closed pipe: message" 0 $?
# Output that can be written still exits 0.
out=$($tine -e '(put-line "ok")'); check "normal output" "ok:0" "$out:$?"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
