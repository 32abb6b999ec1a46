/* Writes about 256 MiB of log lines; some carry "ERROR <code>". */
#include <stdio.h>
int main(int argc, char **argv) {
  FILE *f = fopen(argv[1], "w");
  if (!f) return 1;
  unsigned long bytes = 0, n = 0, seed = 4242;
  while (bytes < 256ul << 20) {
    char line[160];
    seed = seed * 6364136223846793005ul + 1442695040888963407ul;
    unsigned long r = seed >> 33;
    int len;
    if (r % 17 == 0)
      len = snprintf(line, sizeof line, "2024-05-%02lu %02lu:%02lu:%02lu ERROR %lu upstream %lu failed\n", r % 28 + 1,
                     r % 24, r % 60, (r >> 8) % 60, 500 + r % 4, r >> 12);
    else if (r % 23 == 0)
      len = snprintf(line, sizeof line, "2024-05-%02lu %02lu:%02lu:%02lu ERROR handler for /api/v%lu timed out\n",
                     r % 28 + 1, r % 24, r % 60, (r >> 8) % 60, r % 3);
    else
      len = snprintf(line, sizeof line, "2024-05-%02lu %02lu:%02lu:%02lu INFO request %lu served in %lu ms\n",
                     r % 28 + 1, r % 24, r % 60, (r >> 8) % 60, r >> 10, r % 900);
    fwrite(line, 1, (size_t)len, f);
    bytes += (unsigned long)len;
    ++n;
  }
  fclose(f);
  return 0;
}
