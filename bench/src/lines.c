#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
int main(int argc, char **argv) {
  int fd = open(argv[1], O_RDONLY);
  struct stat st;
  fstat(fd, &st);
  const char *m = mmap(0, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
  const char *p = m, *end = m + st.st_size;
  long count = 0;
  while ((p = memmem(p, (size_t)(end - p), "needle", 6))) {
    ++count;
    const char *e = memchr(p, '\n', (size_t)(end - p));
    p = e ? e + 1 : end;
  }
  printf("%ld\n", count);
  return 0;
}
