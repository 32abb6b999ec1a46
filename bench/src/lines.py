import mmap, sys
with open(sys.argv[1], "rb") as f:
    m = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ)
    count = 0
    start = 0
    while True:
        p = m.find(b"needle", start)
        if p < 0:
            break
        count += 1
        e = m.find(b"\n", p)
        start = e + 1 if e >= 0 else len(m)
    print(count)
