local n, h, s = tonumber(arg[1]), {}, 0
for i = 0, n - 1 do h[i * 7 + 1] = i end
for i = 0, n - 1 do s = s + h[i * 7 + 1] end
print(string.format("%d", s))
