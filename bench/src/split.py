import sys
s = 0
with open(sys.argv[1]) as f:
    for line in f:
        for x in line.split(","):
            s += int(x)
print(s)
