import io
s = io.StringIO()
for i in range(1000000):
    s.write(str(i))
    s.write(",")
print(len(s.getvalue()))
