local function make_adder(k) return function(x) return x + k end end
local f, acc = make_adder(1), 0
for i = 1, 10000000 do acc = f(acc) end
print(acc)
