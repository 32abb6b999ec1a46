n, v, x = 1000000, [], 42
for i in range(n):
    x = (x * 16807) % 2147483647
    v.append(x)
v.sort()
print(v[0] + v[500000] + v[n - 1])
