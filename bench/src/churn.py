import mmap
for i in range(100000):
    m = mmap.mmap(-1, 1048576)
print(1)
