/* Writes 1,000,000 lines of four comma-separated integers. */
#include <stdio.h>
int main(int argc, char **argv) {
  FILE *f = fopen(argv[1], "w");
  if (!f) return 1;
  unsigned long seed = 12345;
  for (int n = 0; n < 1000000; n++) {
    unsigned long v[4];
    for (int k = 0; k < 4; k++) {
      seed = seed * 6364136223846793005ul + 1442695040888963407ul;
      v[k] = (seed >> 33) % 1000000;
    }
    fprintf(f, "%lu,%lu,%lu,%lu\n", v[0], v[1], v[2], v[3]);
  }
  fclose(f);
  return 0;
}
