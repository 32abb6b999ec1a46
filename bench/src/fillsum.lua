local ffi = require("ffi")
ffi.cdef[[void *mmap(void *addr, size_t len, int prot, int flags, int fd, long off);]]
local p = ffi.C.mmap(nil, 4000000, 3, 0x21, -1, 0)
local a = ffi.cast("uint32_t *", p)
for i = 0, 999999 do a[i] = i end
local s = 0
for i = 0, 999999 do s = s + a[i] end
print(string.format("%.0f", s))
