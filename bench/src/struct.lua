local Point = {}
Point.__index = Point
function Point.new(x, y) return setmetatable({x = x, y = y}, Point) end
function Point:sum() return self.x + self.y end
local s = 0
for i = 0, 999999 do local p = Point.new(i, 1); s = s + p:sum() end
print(s)
