local n, v, x = 1000000, {}, 42
for i = 1, n do x = (x * 16807) % 2147483647; v[i] = x end
table.sort(v)
print(string.format("%d", v[1] + v[500001] + v[n]))
