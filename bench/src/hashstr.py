import sys
n, h, s = int(sys.argv[1]), {}, 0
for i in range(n):
    h[str(i)] = i
for i in range(n):
    s += h[str(i)]
print(s)
