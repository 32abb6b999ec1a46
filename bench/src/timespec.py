import ctypes
class timespec(ctypes.Structure):
    _fields_ = [("sec", ctypes.c_long), ("nsec", ctypes.c_long)]
libc = ctypes.CDLL(None)
clock_gettime = libc.clock_gettime
clock_gettime.restype = ctypes.c_int
clock_gettime.argtypes = [ctypes.c_int, ctypes.POINTER(timespec)]
ts = timespec()
ok = 0
for i in range(1000000):
    if clock_gettime(1, ctypes.byref(ts)) == 0:
        ok += 1
print(ok if ts.sec > 0 else 0)
