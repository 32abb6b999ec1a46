/* Writes about 64 MiB of lines of three numeric fields. */
#include <stdio.h>
int main(int argc, char **argv) {
  FILE *f = fopen(argv[1], "w");
  if (!f) return 1;
  unsigned long bytes = 0, n = 0, seed = 777;
  while (bytes < 64ul << 20) {
    seed = seed * 6364136223846793005ul + 1442695040888963407ul;
    unsigned long r = seed >> 33;
    int len = fprintf(f, "%lu %lu %lu\n", n, r % 100000, r >> 16);
    bytes += (unsigned long)len;
    ++n;
  }
  fclose(f);
  return 0;
}
