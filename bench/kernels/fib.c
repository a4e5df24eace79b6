/* bench/kernels/fib.c — naive recursive Fibonacci: almost nothing but calls and returns,
 * the measure of an engine's call overhead. */
#include "bench.h"

__attribute__((noinline)) static uint32_t fib(uint32_t n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int main(int argc, char **argv) {
  long reps = bench_reps(argc, argv, 200);
  /* volatile keeps the compiler from hoisting the pure call out of the loop */
  volatile uint32_t base = 27;
  uint64_t h = BENCH_SEED;
  for (long i = 0; i < reps; i++)
    h = bench_mix(h, fib(base + (uint32_t)(i & 3)));
  return bench_done("fib", h);
}
