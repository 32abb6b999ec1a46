local ffi = require("ffi")
ffi.cdef[[
typedef struct { long sec; long nsec; } bench_timespec;
int clock_gettime(int clk, bench_timespec *ts);
]]
local ts = ffi.new("bench_timespec")
local ok = 0
for i = 1, 1000000 do
  if ffi.C.clock_gettime(1, ts) == 0 then ok = ok + 1 end
end
print(ts.sec > 0 and ok or 0)
