#!/bin/sh
# make bench: runs every workload in tine and in its peers (Lua 5.4,
# LuaJIT, Python 3, C, grep), prints the median wall time of several runs
# and the ratio tine/peer, and writes the table to bench/RESULTS.md.
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
need python3 python3; need lua5.4 lua5.4; need luajit luajit; need /usr/bin/time time
cc=${CC:-cc}
for c in fib fillsum labs lines fork exit gen-lines; do
  "$cc" -O2 -o "$bin/$c" "$src/$c.c" || exit 1
done
data="$out/lines.txt"
[ -s "$data" ] || "$bin/gen-lines" "$data"

now() { date +%s%N; }
# median_ms CMD...: runs CMD $runs times; prints the median in ms, and
# keeps its last output in $out/last.txt.
median_ms() {
  times=""
  i=0
  while [ $i -lt "$runs" ]; do
    t0=$(now)
    "$@" >"$out/last.txt" 2>&1 || { echo "FAILED"; return; }
    t1=$(now)
    times="$times $(( (t1 - t0) / 1000 ))"
    i=$((i + 1))
  done
  echo $times | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%.1f", m/1000}'
}

table="$out/table.md"
: > "$table"
row() {  # row WORKLOAD PEER TINE_MS PEER_MS NOTE
  ratio=$(awk -v a="$3" -v b="$4" 'BEGIN { if (b > 0 && a != "FAILED" && b != "FAILED") printf "%.2f", a / b; else print "-" }')
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" "$ratio" "$5" >>"$table"
  printf '%-14s %-12s tine %9s ms   peer %9s ms   tine/peer %6s  %s\n' "$1" "$2" "$3" "$4" "$ratio" "$5"
}
check_out() {  # check_out EXPECTED: the last run printed EXPECTED
  got=$(tail -n 1 "$out/last.txt")
  [ "$got" = "$1" ] && echo ok || echo "WRONG OUTPUT ($got)"
}

# 1. fib(30)
t=$(median_ms "$tine" "$src/fib.tl"); ok=$(check_out 832040)
row "fib(30)" "lua5.4" "$t" "$(median_ms lua5.4 "$src/fib.lua")" "$ok"
row "fib(30)" "luajit" "$t" "$(median_ms luajit "$src/fib.lua")" "$ok"
row "fib(30)" "python3" "$t" "$(median_ms python3 "$src/fib.py")" "$ok"
row "fib(30)" "C -O2" "$t" "$(median_ms "$bin/fib")" "$ok"

# 2. fill and sum 1,000,000 uint32 in a shared anonymous mapping
t=$(median_ms "$tine" "$src/fillsum.tl"); ok=$(check_out 499999500000)
row "fill/sum" "python3" "$t" "$(median_ms python3 "$src/fillsum.py")" "$ok"
row "fill/sum" "luajit" "$t" "$(median_ms luajit "$src/fillsum.lua")" "$ok"
row "fill/sum" "C -O2" "$t" "$(median_ms "$bin/fillsum")" "$ok"

# 3. 1,000,000 calls of labs
t=$(median_ms "$tine" "$src/labs.tl"); ok=$(check_out 499999500000)
row "labs x 1e6" "python3" "$t" "$(median_ms python3 "$src/labs.py")" "$ok"
row "labs x 1e6" "luajit" "$t" "$(median_ms luajit "$src/labs.lua")" "$ok"
row "labs x 1e6" "C -O2" "$t" "$(median_ms "$bin/labs")" "$ok"

# 4. lines containing a word in a 256 MiB file, through a mapping
expected=$("$bin/lines" "$data")
t=$(median_ms "$tine" "$src/lines.tl" "$data"); ok=$(check_out "$expected")
row "line count" "grep -c" "$t" "$(median_ms grep -c needle "$data")" "$ok"
row "line count" "python3" "$t" "$(median_ms python3 "$src/lines.py" "$data")" "$ok"
row "line count" "C memmem" "$t" "$(median_ms "$bin/lines" "$data")" "$ok"

# 5. mapping churn: 100,000 one-MiB maps dropped without munmap
t=$(median_ms "$tine" "$src/churn.tl")
peak=$(tail -n 1 "$out/last.txt")
row "churn" "python3" "$t" "$(median_ms python3 "$src/churn.py")" "peak live mappings: $peak"

# 6. fork sharing: 4 processes x 1,000,000 increments of their own slot
t=$(median_ms "$tine" "$src/fork.tl"); ok=$(check_out 4000000)
row "fork 4x1e6" "python3" "$t" "$(median_ms python3 "$src/fork.py")" "$ok"
row "fork 4x1e6" "C -O2" "$t" "$(median_ms "$bin/fork")" "$ok"

# 7. start-up
runs_saved=$runs; runs=$((runs * 4))
t=$(median_ms "$tine" -e '(exit)')
mem=$(/usr/bin/time -f %M "$tine" -e '(exit)' 2>&1 | tail -n 1)
row "start-up" "python3" "$t" "$(median_ms python3 -c pass)" "tine peak RSS ${mem} KiB"
row "start-up" "lua5.4" "$t" "$(median_ms lua5.4 -e '')" ""
row "start-up" "C" "$t" "$(median_ms "$bin/exit")" ""
runs=$runs_saved

{
  echo "# Benchmark results"
  echo
  echo "Produced by \`make bench\` ($(date -u +%Y-%m-%d), $(uname -m), $(nproc) cores, median of $runs runs;"
  echo "start-up: median of $((runs * 4))). Ratio = tine time / peer time (below 1: tine is faster)."
  echo
  echo "| workload | peer | tine ms | peer ms | tine/peer | note |"
  echo "| --- | --- | --- | --- | --- | --- |"
  cat "$table"
  if [ -f "$srcdir/bench/NOTES.md" ]; then echo; cat "$srcdir/bench/NOTES.md"; fi
} > "$srcdir/bench/RESULTS.md"
echo "wrote $srcdir/bench/RESULTS.md"
