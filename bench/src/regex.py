import re, sys
pat = re.compile(r"ERROR [0-9]+")
n = 0
with open(sys.argv[1], encoding="utf-8", errors="surrogateescape") as f:
    for line in f:
        if pat.search(line):
            n += 1
print(n)
