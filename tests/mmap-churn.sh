#!/bin/sh
# Mapping pressure: 200,000 one-MiB anonymous mappings dropped without
# munmap complete under a 4 GB address-space limit, and the process never
# holds more than a few hundred mappings at once.
tine=${TINE:-./tine}
if ldd "$tine" 2>/dev/null | grep -q libasan; then
  # ASan reserves terabytes of address space, so ulimit -v cannot apply.
  echo "skipped under AddressSanitizer"
  echo "0 passed, 0 failed"
  exit 0
fi
out=$( (ulimit -v 4000000; $tine -e '(dotimes (i 200000) (mmap (ffi uint8) 1048576 (logior prot-read prot-write) (logior map-anon map-private))) (prinl (sys:mmap-stats))') 2>&1)
st=$?
peak=$(echo "$out" | sed -n 's/^(\([0-9]*\) [0-9]* \([0-9]*\))$/\2/p')
pass=0; fail=0
if [ $st -eq 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: status $st: $out"; fi
if [ -n "$peak" ] && [ "$peak" -le 600 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: peak live mappings [$peak]"; fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
