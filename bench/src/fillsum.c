#include <stdio.h>
#include <stdint.h>
#include <sys/mman.h>
int main(void) {
  volatile uint32_t *a = mmap(0, 4000000, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_SHARED, -1, 0);
  for (uint32_t i = 0; i < 1000000; ++i) a[i] = i;
  uint64_t s = 0;
  for (uint32_t i = 0; i < 1000000; ++i) s += a[i];
  printf("%llu\n", (unsigned long long)s);
  return 0;
}
