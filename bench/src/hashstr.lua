local n, h, s = tonumber(arg[1]), {}, 0
for i = 0, n - 1 do h[tostring(i)] = i end
for i = 0, n - 1 do s = s + h[tostring(i)] end
print(string.format("%d", s))
