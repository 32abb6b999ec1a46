/* Writes the same records, about 10 MiB of each, as s-expressions
   (argv[1]) and as JSON arrays (argv[2]). */
#include <stdio.h>
int main(int argc, char **argv) {
  FILE *s = fopen(argv[1], "w"), *j = fopen(argv[2], "w");
  if (!s || !j) return 1;
  static const char *words[] = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta"};
  unsigned long seed = 12345, bytes = 0;
  fputs("[\n", j);
  for (int n = 0; bytes < 10ul << 20; n++) {
    unsigned long v[6];
    for (int k = 0; k < 6; k++) {
      seed = seed * 6364136223846793005ul + 1442695040888963407ul;
      v[k] = (seed >> 33) % 100000;
    }
    const char *w = words[v[0] % 6], *w2 = words[v[1] % 6];
    int len = fprintf(s, "(%d \"%s %lu\" (%s %s) (%lu %lu (%lu %lu)))\n", n, w, v[2], w, w2,
                      v[3], v[4], v[5], v[0]);
    fprintf(j, "%s[%d, \"%s %lu\", [\"%s\", \"%s\"], [%lu, %lu, [%lu, %lu]]]\n", n ? "," : "",
            n, w, v[2], w, w2, v[3], v[4], v[5], v[0]);
    bytes += (unsigned long)len;
  }
  fputs("]\n", j);
  fclose(s);
  fclose(j);
  return 0;
}
