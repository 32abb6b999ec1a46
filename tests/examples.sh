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
# The P1031 (section 2) use cases.
printf 'abc tine def tine\n' > "$tmp"
check "p1031 search" "4 13 2 matches" "$($tine "$ex/p1031-search.tl" "$tmp" tine | tr '\n' ' ' | sed 's/ $//')"
check "p1031 grow" "followed the file to 97 bytes" "$($tine "$ex/p1031-grow.tl" | tail -n 1)"
check "p1031 grow reads" "6" "$($tine "$ex/p1031-grow.tl" | grep -c '^read: ')"
out=$($tine "$ex/p1031-reserve.tl")
check "p1031 reserve fault" "touching a decommitted page: mmap-fault, as expected" "$(echo "$out" | sed -n 4p)"
check "p1031 reserve recommit" "after recommitting, the page reads 5" "$(echo "$out" | tail -n 1)"
check "p1031 reserve decommit" "resident after decommitting half: 32" "$(echo "$out" | sed -n 3p)"
out=$($tine "$ex/p1031-section.tl")
check "p1031 section views" "word written, bytes seen: 4 3 2 1" "$(echo "$out" | head -n 1)"
check "p1031 section child" "child wrote through its own view: 12345" "$(echo "$out" | tail -n 1)"
out=$($tine "$ex/p1031-sparse.tl")
check "p1031 sparse values" "a[123456789] = 246913578, a[999999999] = 1999999998, a[500] = 0" "$(echo "$out" | sed -n 2p)"
res=$(echo "$out" | sed -n 's/.*: \([0-9]*\) of \([0-9]*\)$/\1 \2/p')
check "p1031 sparse residency small" "yes" "$(echo "$res" | awk '{print ($1 * 100 < $2) ? "yes" : "no"}')"
# The C library through the FFI: structs, strings and callbacks.
out=$($tine "$ex/libc-ffi.tl")
check "libc uname" "uname: $(uname -s) on $(uname -m)" "$(echo "$out" | sed -n 1p)"
check "libc getpwnam" "root: uid 0, home $(getent passwd root | cut -d: -f6)" "$(echo "$out" | sed -n 2p)"
check "libc clock" "clock: monotonic time does not go back: t" "$(echo "$out" | sed -n 3p)"
check "libc qsort strings" "sorted: apple banana cherry date elderberry" "$(echo "$out" | sed -n 4p)"
check "libc qsort ints" "sorted: 3 7 19 42 61 88" "$(echo "$out" | sed -n 5p)"
check "libc bsearch" "bsearch 19: 19, bsearch 20: nil" "$(echo "$out" | sed -n 6p)"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
