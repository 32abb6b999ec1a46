local function build(n) local t = {} for i = 1, n do t[i] = i - 1 end return t end
local s = 0
for k = 1, 50 do local t = build(1000000); s = s + t[#t] end
print(s)
