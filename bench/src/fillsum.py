import mmap
m = mmap.mmap(-1, 4000000, flags=mmap.MAP_SHARED | mmap.MAP_ANONYMOUS)
v = memoryview(m).cast('I')
for i in range(1000000):
    v[i] = i
s = 0
for i in range(1000000):
    s += v[i]
print(s)
