local t = {}
for i = 0, 999999 do t[#t + 1] = tostring(i); t[#t + 1] = "," end
print(#table.concat(t))
