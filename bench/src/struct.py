class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def sum(self):
        return self.x + self.y
s = 0
for i in range(1000000):
    p = Point(i, 1)
    s += p.sum()
print(s)
