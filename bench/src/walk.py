# The apparent size of everything under a tree (what du -sb reports).
import os, sys
root = sys.argv[1]
total = os.lstat(root).st_size
for d, dirs, files in os.walk(root):
    for n in dirs + files:
        total += os.lstat(os.path.join(d, n)).st_size
print(total)
