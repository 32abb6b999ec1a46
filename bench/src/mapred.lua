local r = {}
for i = 1, 1000000 do r[i] = i end
local function map(f, t) local m = {} for i = 1, #t do m[i] = f(t[i]) end return m end
local function reduce(f, t) local a = t[1] for i = 2, #t do a = f(a, t[i]) end return a end
print(reduce(function(a, b) return a + b end, map(function(x) return x * 2 end, r)))
