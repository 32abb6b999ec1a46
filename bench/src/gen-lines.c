/* Writes about 256 MiB of text lines; every 7th line contains "needle". */
#include <stdio.h>
int main(int argc, char **argv) {
  FILE *f = fopen(argv[1], "w");
  if (!f) return 1;
  unsigned long bytes = 0, n = 0, seed = 12345;
  while (bytes < 256ul << 20) {
    char line[128];
    seed = seed * 6364136223846793005ul + 1442695040888963407ul;
    int len = (n % 7 == 3)
      ? snprintf(line, sizeof line, "line %lu has a needle in it %lu\n", n, seed >> 40)
      : snprintf(line, sizeof line, "line %lu is plain hay %lu %lu\n", n, seed >> 40, seed >> 20);
    fwrite(line, 1, (size_t)len, f);
    bytes += (unsigned long)len;
    ++n;
  }
  fclose(f);
  return 0;
}
