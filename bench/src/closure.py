def make_adder(k):
    return lambda x: x + k
f, acc = make_adder(1), 0
for i in range(10000000):
    acc = f(acc)
print(acc)
