#include <stdio.h>
#include <stdlib.h>
int main(void) {
  long (*volatile f)(long) = labs;
  long s = 0;
  for (long i = 0; i < 1000000; ++i) s += f(-i);
  printf("%ld\n", s);
  return 0;
}
