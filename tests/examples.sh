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
# The automation scripts, on data made here.
d=$(mktemp -d)
mkdir -p "$d/t/sub"
for i in 1 2 3; do head -c $((i * 1000)) /dev/zero > "$d/t/f$i.log"; done
head -c 5000 /dev/zero > "$d/t/sub/big.txt"; head -c 10 /dev/zero > "$d/t/sub/small.txt"; head -c 7 /dev/zero > "$d/t/noext"
check "largest-files" ".log: 3 files, 6000 bytes|  3000 f3.log|  2000 f2.log|.txt: 2 files, 5010 bytes|  5000 sub/big.txt|  10 sub/small.txt|(none): 1 files, 7 bytes|  7 noext" \
  "$($tine "$ex/largest-files.tl" "$d/t" 2 | tr '\n' '|' | sed 's/|$//')"
for i in 1 2 3 4 5; do echo $i > "$d/in$i.dat"; done
out=$($tine "$ex/parallel-run.tl" 2 'test $(cat "$1") -lt 4' "$d/in*.dat"); st=$?
check "parallel-run" "0 0 0 1 1|5 ran, 2 failed|1" "$(echo "$out" | head -n 5 | sed 's/.*: //' | tr '\n' ' ' | sed 's/ $//')|$(echo "$out" | tail -n 1)|$st"
for i in $(seq 1 3000); do
  case $((i % 7)) in 0) l=ERROR;; 1|2) l=WARN;; *) l=INFO;; esac
  echo "2024-01-01 12:00:$((i % 60)) $l request $i took $((i % 13))ms"
done > "$d/app.log"
check "log-summary" "1000 lines, 1000 matched|571 INFO|286 WARN|143 ERROR" \
  "$($tine "$ex/log-summary.tl" "$d/app.log" | tr '\n' '|' | sed 's/|$//')"
check "log-summary regex" "26 lines, 26 matched|2 took 0|2 took 1" \
  "$($tine "$ex/log-summary.tl" "$d/app.log" 'took [0-9]+' 26 | head -n 3 | tr '\n' '|' | sed 's/|$//')"
rm -rf "$d"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
