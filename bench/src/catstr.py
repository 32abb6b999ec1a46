strs = [str(i) for i in range(1000000)]
print(len(",".join(strs)))
