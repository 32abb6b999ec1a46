local s = 0
for line in io.lines(arg[1]) do
  for f in string.gmatch(line, "[^,]+") do s = s + tonumber(f) end
end
print(string.format("%d", s))
