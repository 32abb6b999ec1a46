import json, sys
with open(sys.argv[1]) as f:
    data = json.load(f)
with open("/dev/null", "w") as out:
    for r in data:
        json.dump(r, out)
        out.write("\n")
print(len(data))
