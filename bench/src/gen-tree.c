/* Makes a tree of 100,000 files (100 x 10 directories of 100 files) whose
   sizes run from 0 to 996 bytes: the directory-walk workload's data. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
int main(int argc, char **argv) {
  static char zeros[1000];
  char path[4096];
  unsigned long n = 0;
  memset(zeros, 'x', sizeof zeros);
  if (mkdir(argv[1], 0755) < 0) return 1;
  for (int a = 0; a < 100; ++a) {
    snprintf(path, sizeof path, "%s/d%02d", argv[1], a);
    if (mkdir(path, 0755) < 0) return 1;
    for (int b = 0; b < 10; ++b) {
      snprintf(path, sizeof path, "%s/d%02d/s%d", argv[1], a, b);
      if (mkdir(path, 0755) < 0) return 1;
      for (int c = 0; c < 100; ++c, ++n) {
        snprintf(path, sizeof path, "%s/d%02d/s%d/f%03d.dat", argv[1], a, b, c);
        FILE *f = fopen(path, "w");
        if (!f) return 1;
        fwrite(zeros, 1, n % 997, f);
        if (fclose(f) != 0) return 1;
      }
    }
  }
  return 0;
}
