n, v, x = 200000, [], 42
for i in range(n):
    x = (x * 16807) % 2147483647
    v.append(str(x))
v.sort()
print(v[0] + " " + v[100000] + " " + v[n - 1])
