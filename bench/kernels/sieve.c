/* bench/kernels/sieve.c — sieve of Eratosthenes over a byte array: tight loops of byte stores
 * with strided addresses. */
#include <string.h>
#include "bench.h"

#define LIMIT (4 * 1024 * 1024)

BENCH_UNIT static uint32_t sieve(uint8_t *composite, uint32_t limit) {
  memset(composite, 0, limit);
  uint32_t count = 0;
  for (uint32_t i = 2; i < limit; i++) {
    if (composite[i])
      continue;
    count++;
    for (uint64_t j = (uint64_t)i * i; j < limit; j += i)
      composite[j] = 1;
  }
  return count;
}

int main(int argc, char **argv) {
  long reps = bench_reps(argc, argv, 30);
  uint8_t *composite = malloc(LIMIT);
  if (!composite)
    return 1;
  uint64_t h = BENCH_SEED;
  for (long r = 0; r < reps; r++)
    h = bench_mix(h, sieve(composite, LIMIT - (uint32_t)(r & 7)));
  free(composite);
  return bench_done("sieve", h);
}
