#!/bin/sh
# The example scripts run and produce what they promise.
tine=${TINE:-./tine}
ex="${SRCDIR:-.}/examples"
pass=0; fail=0
check() { if [ "$2" = "$3" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1: expected [$2] got [$3]"; fi; }
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
check "hello" "hello from tine" "$($tine "$ex/hello.tl" | head -n 1 | cut -d, -f1)"
check "shared-fill" "4 children filled 40000 slots; 0 wrong" "$($tine "$ex/shared-fill.tl" 4 10000)"
seq 1 12345 > "$tmp"
check "count-lines" "12345" "$($tine "$ex/count-lines.tl" "$tmp")"
: > "$tmp"
check "count-lines empty" "0" "$($tine "$ex/count-lines.tl" "$tmp")"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
