import sys
n, h, s = int(sys.argv[1]), {}, 0
for i in range(n):
    h[i] = i
for i in range(n):
    s += h[i]
print(s)
