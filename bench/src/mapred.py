from functools import reduce
print(reduce(lambda a, b: a + b, list(map(lambda x: x * 2, range(1, 1000001)))))
