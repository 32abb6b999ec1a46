def build(n):
    return [i for i in range(n)]
s = 0
for k in range(50):
    s += build(1000000)[-1]
print(s)
