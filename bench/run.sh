#!/bin/bash
# make bench: runs every workload in tine and in its peers (Lua 5.4,
# LuaJIT, Python 3, C, grep), prints the median wall time of several runs
# and the ratio tine/peer, and writes the table to bench/RESULTS.md.
# bash: for $EPOCHREALTIME.
srcdir=$(cd "${1:-.}" && pwd)
builddir=$(cd "${2:-.}" && pwd)
tine="$builddir/tine"
src="$srcdir/bench/src"
out="$builddir/bench/results"
bin="$out/bin"
runs=${BENCH_RUNS:-5}
mkdir -p "$bin"

need() {  # need COMMAND PACKAGE: install a missing peer when we can
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y "$2" >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1; apt-get install -y "$2" >/dev/null 2>&1; }
  fi
  command -v "$1" >/dev/null 2>&1
}
need python3 python3; need lua5.4 lua5.4; need luajit luajit; need /usr/bin/time time; need mawk mawk
cc=${CC:-cc}
for c in fib fillsum labs timespec lines fork exit gen-lines gen-tree gen-log gen-fields gen-csv gen-sexp; do
  "$cc" -O2 -o "$bin/$c" "$src/$c.c" || exit 1
done
# BENCH_ONLY="walk ..." runs only the named workloads (fib fillsum labs
# timespec lines churn fork walk regex awk mapred closure struct join sort
# hash split builddrop sexp startup) and leaves RESULTS.md alone.
only() { [ -z "${BENCH_ONLY:-}" ] || [[ " $BENCH_ONLY " == *" $1 "* ]]; }
data="$out/lines.txt"
only lines && { [ -s "$data" ] || "$bin/gen-lines" "$data"; }
tree="$out/tree"
only walk && { [ -d "$tree" ] || "$bin/gen-tree" "$tree" || { rm -rf "$tree"; exit 1; }; }
txr=${TXR:-$srcdir/../shared/reference/txr/txr}  # TXR itself, where it is at hand
logdata="$out/log.txt"
only regex && { [ -s "$logdata" ] || "$bin/gen-log" "$logdata"; }
fielddata="$out/fields.txt"
only awk && { [ -s "$fielddata" ] || "$bin/gen-fields" "$fielddata"; }
csvdata="$out/csv.txt"
only split && { [ -s "$csvdata" ] || "$bin/gen-csv" "$csvdata"; }
sexpdata="$out/data.sexp"; jsondata="$out/data.json"
only sexp && { [ -s "$sexpdata" ] && [ -s "$jsondata" ] || "$bin/gen-sexp" "$sexpdata" "$jsondata"; }

# The machine may be shared and noisy: each workload's commands (tine
# first, then its peers) run in turn, round after round, so that every
# command sees the same conditions, and each gets the median of its rounds.
# Times come from $EPOCHREALTIME: no process is started to read the clock.

# measure CMD...: runs the commands (strings, run with eval) $runs rounds;
# afterwards median K prints command K's median in ms and last_K.txt
# holds its last output.
measure() {
  local k r t0 t1
  k=0
  for c in "$@"; do k=$((k + 1)); : >"$out/times_$k"; done
  for ((r = 0; r < runs; r++)); do
    k=0
    for c in "$@"; do
      k=$((k + 1))
      t0=${EPOCHREALTIME/./}
      if eval "$c" >"$out/last_$k.txt" 2>&1; then
        t1=${EPOCHREALTIME/./}
        echo $((10#$t1 - 10#$t0)) >>"$out/times_$k"
      else
        echo FAILED >>"$out/times_$k"
      fi
    done
  done
}
median() {
  if grep -q FAILED "$out/times_$1"; then echo FAILED; return; fi
  sort -n "$out/times_$1" | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%.1f", m/1000}'
}

table="$out/table.md"
: > "$table"
row() {  # row WORKLOAD PEER TINE_MS PEER_MS NOTE
  ratio=$(awk -v a="$3" -v b="$4" 'BEGIN { if (b > 0 && a != "FAILED" && b != "FAILED") printf "%.2f", a / b; else print "-" }')
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" "$ratio" "$5" >>"$table"
  printf '%-14s %-12s tine %9s ms   peer %9s ms   tine/peer %6s  %s\n' "$1" "$2" "$3" "$4" "$ratio" "$5"
}
check_out() {  # check_out EXPECTED K: tine (command 1) and command K last printed EXPECTED
  local who got bad=""
  for who in 1 "$2"; do
    got=$(tail -n 1 "$out/last_$who.txt")
    [ "$got" = "$1" ] || bad="$bad $([ "$who" = 1 ] && echo tine || echo peer): $got"
  done
  [ -z "$bad" ] && echo ok || echo "WRONG OUTPUT ($bad )"
}
q() { printf '%q' "$1"; }  # quotes a path for a command string
peak() {  # peak CMD: the command's peak RSS in MiB (one more run)
  /usr/bin/time -f %M bash -c "exec $1" 2>&1 >/dev/null | tail -n 1 | awk '{ printf "%.0f", $1 / 1024 }'
}
# everyday: NAME EXPECTED TINE-CMD PEER-CMD...: one workload against the
# peers named in $peers (one per command after tine's), with peak RSS
everyday() {
  local name=$1 expected=$2 k m t
  shift 2
  measure "$@"
  t=$(median 1)
  local -a rss=()
  k=0
  for c in "$@"; do k=$((k + 1)); rss[$k]=$(peak "$c"); done
  k=1
  for p in $peers; do
    k=$((k + 1))
    row "$name" "$p" "$t" "$(median $k)" "$(check_out "$expected" $k); peak RSS ${rss[1]} / ${rss[$k]} MiB"
  done
}
T=$(q "$tine"); S=$(q "$src"); B=$(q "$bin"); D=$(q "$data")

# 1. fib(30)
only fib && {
measure "$T $S/fib.tl" "lua5.4 $S/fib.lua" "luajit $S/fib.lua" "python3 $S/fib.py" "$B/fib"
t=$(median 1)
row "fib(30)" "lua5.4" "$t" "$(median 2)" "$(check_out 832040 2)"
row "fib(30)" "luajit" "$t" "$(median 3)" "$(check_out 832040 3)"
row "fib(30)" "python3" "$t" "$(median 4)" "$(check_out 832040 4)"
row "fib(30)" "C -O2" "$t" "$(median 5)" "$(check_out 832040 5)"
}

# 2. fill and sum 1,000,000 uint32 in a shared anonymous mapping
only fillsum && {
measure "$T $S/fillsum.tl" "python3 $S/fillsum.py" "luajit $S/fillsum.lua" "$B/fillsum"
t=$(median 1)
row "fill/sum" "python3" "$t" "$(median 2)" "$(check_out 499999500000 2)"
row "fill/sum" "luajit" "$t" "$(median 3)" "$(check_out 499999500000 3)"
row "fill/sum" "C -O2" "$t" "$(median 4)" "$(check_out 499999500000 4)"
}

# 3. 1,000,000 calls of labs
only labs && {
measure "$T $S/labs.tl" "python3 $S/labs.py" "luajit $S/labs.lua" "$B/labs"
t=$(median 1)
row "labs x 1e6" "python3" "$t" "$(median 2)" "$(check_out 499999500000 2)"
row "labs x 1e6" "luajit" "$t" "$(median 3)" "$(check_out 499999500000 3)"
row "labs x 1e6" "C -O2" "$t" "$(median 4)" "$(check_out 499999500000 4)"
}

# 3b. 1,000,000 calls of clock_gettime into a struct passed by pointer
only timespec && {
measure "$T $S/timespec.tl" "python3 $S/timespec.py" "luajit $S/timespec.lua" "$B/timespec"
t=$(median 1)
row "timespec x 1e6" "python3" "$t" "$(median 2)" "$(check_out 1000000 2)"
row "timespec x 1e6" "luajit" "$t" "$(median 3)" "$(check_out 1000000 3)"
row "timespec x 1e6" "C -O2" "$t" "$(median 4)" "$(check_out 1000000 4)"
}

# 4. lines containing a word in a 256 MiB file, through a mapping
only lines && {
expected=$("$bin/lines" "$data")
measure "$T $S/lines.tl $D" "grep -c needle $D" "python3 $S/lines.py $D" "$B/lines $D"
t=$(median 1)
row "line count" "grep -c" "$t" "$(median 2)" "$(check_out "$expected" 2)"
row "line count" "python3" "$t" "$(median 3)" "$(check_out "$expected" 3)"
row "line count" "C memmem" "$t" "$(median 4)" "$(check_out "$expected" 4)"
}

# 5. mapping churn: 100,000 one-MiB maps dropped without munmap
only churn && {
measure "$T $S/churn.tl" "python3 $S/churn.py"
peak=$(tail -n 1 "$out/last_1.txt")
row "churn" "python3" "$(median 1)" "$(median 2)" "peak live mappings: $peak"
}

# 6. fork sharing: 4 processes x 1,000,000 increments of their own slot
only fork && {
measure "$T $S/fork.tl" "python3 $S/fork.py" "$B/fork"
t=$(median 1)
row "fork 4x1e6" "python3" "$t" "$(median 2)" "$(check_out 4000000 2)"
row "fork 4x1e6" "C -O2" "$t" "$(median 3)" "$(check_out 4000000 3)"
}

# 6b. walk a tree of 100,000 files summing their sizes (ftw)
only walk && {
W=$(q "$tree")
expected=$(du -sb "$tree" | cut -f1)
cmds=("$T $S/walk.tl $W" "du -sb $W | cut -f1" "python3 $S/walk.py $W")
[ -x "$txr" ] && cmds+=("$(q "$txr") $S/walk.tl $W")
measure "${cmds[@]}"
t=$(median 1)
row "walk 1e5 files" "du -sb" "$t" "$(median 2)" "$(check_out "$expected" 2)"
row "walk 1e5 files" "python3" "$t" "$(median 3)" "$(check_out "$expected" 3)"
[ -x "$txr" ] && row "walk 1e5 files" "TXR ftw" "$t" "$(median 4)" "$(check_out "$expected" 4)"
}

# 6c. lines of a 256 MiB log matching #/ERROR [0-9]+/: tine searches the
# mapped bytes (regex.tl); regex-lines.tl reads line by line, as TXR and
# Python do.
only regex && {
L=$(q "$logdata")
expected=$(grep -cE 'ERROR [0-9]+' "$logdata")
cmds=("$T $S/regex.tl $L" "grep -cE 'ERROR [0-9]+' $L" "python3 $S/regex.py $L" "$T $S/regex-lines.tl $L")
[ -x "$txr" ] && cmds+=("$(q "$txr") $S/regex-lines.tl $L")
measure "${cmds[@]}"
t=$(median 1)
t4=$(median 4)
row "regex filter" "grep -cE" "$t" "$(median 2)" "$(check_out "$expected" 2)"
row "regex filter" "python3 re" "$t" "$(median 3)" "$(check_out "$expected" 3)"
row "regex, get-line" "grep -cE" "$t4" "$(median 2)" "tine reading lines: $(check_out "$expected" 4)"
row "regex, get-line" "python3 re" "$t4" "$(median 3)" ""
[ -x "$txr" ] && row "regex filter" "TXR lines" "$t" "$(median 5)" "$(check_out "$expected" 5)"
[ -x "$txr" ] && row "regex, get-line" "TXR lines" "$t4" "$(median 5)" ""
}

# 6d. awk: the sum of the second field of a 64 MiB file
only awk && {
F=$(q "$fielddata")
expected=$(mawk '{ s += $2 } END { printf "%.0f\n", s }' "$fielddata")
cmds=("$T $S/awk.tl $F" "mawk '{ s += \$2 } END { printf \"%.0f\\n\", s }' $F")
[ -x "$txr" ] && cmds+=("$(q "$txr") $S/awk.tl $F")
measure "${cmds[@]}"
t=$(median 1)
row "awk field sum" "mawk" "$t" "$(median 2)" "$(check_out "$expected" 2)"
[ -x "$txr" ] && row "awk field sum" "TXR awk" "$t" "$(median 3)" "$(check_out "$expected" 3)"
}

# 6e. everyday work nobody tuned for: lists, closures, structs, strings,
# sorting, hash tables, parsing lines, reading and printing.  Peak RSS is
# tine's / the peer's.
peers="lua5.4 luajit python3"
only mapred && everyday "mapcar/reduce 1e6" 1000001000000 "$T $S/mapred.tl" \
  "lua5.4 $S/mapred.lua" "luajit $S/mapred.lua" "python3 $S/mapred.py"
only closure && everyday "closure x 1e7" 10000000 "$T $S/closure.tl" \
  "lua5.4 $S/closure.lua" "luajit $S/closure.lua" "python3 $S/closure.py"
only struct && everyday "struct+method 1e6" 500000500000 "$T $S/struct.tl" \
  "lua5.4 $S/struct.lua" "luajit $S/struct.lua" "python3 $S/struct.py"
only join && everyday "cat-str 1e6" 6888889 "$T $S/catstr.tl" \
  "lua5.4 $S/catstr.lua" "luajit $S/catstr.lua" "python3 $S/catstr.py"
only join && everyday "string stream 1e6" 6888890 "$T $S/strstream.tl" \
  "lua5.4 $S/strstream.lua" "luajit $S/strstream.lua" "python3 $S/strstream.py"
only sort && everyday "sort 1e6 ints, vector" 3221057455 "$T $S/sortvec.tl" \
  "lua5.4 $S/sortint.lua" "luajit $S/sortint.lua" "python3 $S/sortint.py"
only sort && everyday "sort 1e6 ints, list" 3221057455 "$T $S/sortlist.tl" \
  "lua5.4 $S/sortint.lua" "luajit $S/sortint.lua" "python3 $S/sortint.py"
only sort && everyday "sort 2e5 strings" "1000006744 1965551478 999989343" "$T $S/sortstr.tl" \
  "lua5.4 $S/sortstr.lua" "luajit $S/sortstr.lua" "python3 $S/sortstr.py"
for n in 100000 1000000 4000000; do
  only hash && everyday "hash int keys $n" $((n * (n - 1) / 2)) "$T $S/hashint.tl $n" \
    "lua5.4 $S/hashint.lua $n" "luajit $S/hashint.lua $n" "python3 $S/hashint.py $n"
  only hash && everyday "hash string keys $n" $((n * (n - 1) / 2)) "$T $S/hashstr.tl $n" \
    "lua5.4 $S/hashstr.lua $n" "luajit $S/hashstr.lua $n" "python3 $S/hashstr.py $n"
done
C=$(q "$csvdata")
only split && everyday "split-str + int-str 1e6 lines" 2000089922030 "$T $S/split.tl $C" \
  "lua5.4 $S/split.lua $C" "luajit $S/split.lua $C" "python3 $S/split.py $C"
only builddrop && everyday "build/drop 1e6 list x 50" 49999950 "$T $S/builddrop.tl" \
  "lua5.4 $S/builddrop.lua" "luajit $S/builddrop.lua" "python3 $S/builddrop.py"
# Reading and printing 10 MiB of s-expressions; Python reads and writes
# the same records as JSON (its json module is C), Lua has no reader.
only sexp && {
X=$(q "$sexpdata"); J=$(q "$jsondata")
expected=$(grep -c . "$sexpdata")
peers="python3"
cmds=("$T $S/sexp.tl $X" "python3 $S/sexp.py $J")
[ -x "$txr" ] && { cmds+=("$(q "$txr") $S/sexp.tl $X"); peers="python3 TXR"; }
everyday "read+print 10 MiB" "$expected" "${cmds[@]}"
}

# 7. start-up
only startup && {
runs_saved=$runs; runs=$((runs * 4))
measure "$T -e '(exit)'" "python3 -c pass" "lua5.4 -e ''" "$B/exit"
mem=$(/usr/bin/time -f %M "$tine" -e '(exit)' 2>&1 | tail -n 1)
t=$(median 1)
row "start-up" "python3" "$t" "$(median 2)" "tine peak RSS ${mem} KiB"
row "start-up" "lua5.4" "$t" "$(median 3)" ""
row "start-up" "C" "$t" "$(median 4)" ""
# A script's first inc, when and each load the place and control modules.
measure "$T -e '(let ((x 0)) (inc x) (when x (each ((y (list 1))) (push y x))))'" "lua5.4 -e 'local x = 0; x = x + 1'"
t=$(median 1)
mem=$(/usr/bin/time -f %M "$tine" -e '(let ((x 0)) (inc x) (when x (each ((y (list 1))) (push y x))))' 2>&1 | tail -n 1)
row "start-up + place/control macros" "lua5.4" "$t" "$(median 2)" "tine peak RSS ${mem} KiB"
runs=$runs_saved
}

if [ -n "${BENCH_ONLY:-}" ]; then
  echo "BENCH_ONLY: the rows are in $table; RESULTS.md is left as it is"
  exit 0
fi

{
  echo "# Benchmark results"
  echo
  echo "Produced by \`make bench\` ($(date -u +%Y-%m-%d), $(uname -m), $(nproc) cores, median of $runs interleaved rounds;"
  echo "start-up: median of $((runs * 4))). Ratio = tine time / peer time (below 1: tine is faster)."
  echo
  echo "| workload | peer | tine ms | peer ms | tine/peer | note |"
  echo "| --- | --- | --- | --- | --- | --- |"
  cat "$table"
  if [ -f "$srcdir/bench/NOTES.md" ]; then echo; cat "$srcdir/bench/NOTES.md"; fi
} > "$srcdir/bench/RESULTS.md"
echo "wrote $srcdir/bench/RESULTS.md"
