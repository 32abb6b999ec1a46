local n, v, x = 200000, {}, 42
for i = 1, n do x = (x * 16807) % 2147483647; v[i] = string.format("%d", x) end
table.sort(v)
print(v[1] .. " " .. v[100001] .. " " .. v[n])
