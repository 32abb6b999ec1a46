local t = {}
for i = 0, 999999 do t[#t + 1] = tostring(i) end
print(#table.concat(t, ","))
