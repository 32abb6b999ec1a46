#!/bin/sh
# tests/fuzz/run.sh MODE SECONDS [OUT]: fuzz tine with AFL++ for SECONDS,
# reniced, on one core.  MODE is read (the reader and printer) or eval
# (reading and evaluating, with the outside world stubbed out).  The seed
# corpus is tests/fuzz/corpus-MODE; findings go to OUT (default
# fuzz-out-MODE): crashes in OUT/default/crashes, each reproduced with
#   fuzz-build/tests/fuzz/tine-fuzz MODE FILE
# Build first with `make fuzz`.
set -e
mode=${1:?usage: run.sh read|eval SECONDS [OUT]}
secs=${2:?usage: run.sh read|eval SECONDS [OUT]}
out=${3:-fuzz-out-$mode}
here=$(cd "$(dirname "$0")" && pwd)
bin=${TINE_FUZZ:-fuzz-build/tests/fuzz/tine-fuzz}
[ -x "$bin" ] || bin=$here/../../fuzz-build/tests/fuzz/tine-fuzz
[ -x "$bin" ] || { echo "run.sh: build fuzz-build/tests/fuzz/tine-fuzz with make fuzz first" >&2; exit 2; }
# AFL++ on a shared machine: no CPU binding, no frequency checks, and the
# system's core pattern left alone (crashes are still recorded).
export AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_UI=1 AFL_QUIET=1
# The collector's heap is not malloc's: leaks are not findings.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:symbolize=0:allocator_may_return_null=1
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1
if [ -d "$out" ]; then in=-; else in=$here/corpus-$mode; fi
exec nice -n 19 afl-fuzz -i "$in" -o "$out" -m none -t 3000 -V "$secs" -- "$bin" "$mode" @@
