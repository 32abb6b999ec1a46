local ffi = require("ffi")
ffi.cdef[[long labs(long);]]
local s = 0
for i = 0, 999999 do s = s + tonumber(ffi.C.labs(-i)) end
print(string.format("%.0f", s))
