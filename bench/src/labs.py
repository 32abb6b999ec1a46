import ctypes
libc = ctypes.CDLL(None)
labs = libc.labs
labs.restype = ctypes.c_long
labs.argtypes = [ctypes.c_long]
s = 0
for i in range(1000000):
    s += labs(-i)
print(s)
