/* bench/kernels/bench.h — what every kernel shares: the work scale from argv[1] (a percentage
 * of the default workload, so QUICK runs do less of the same thing) and the checksum line that
 * bench/run compares across engines. */
#ifndef BENCH_KERNEL_H
#define BENCH_KERNEL_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Marks a kernel's unit of work, called once per repetition. Kept out of line on purpose: an
 * engine that tiers up per function (V8) then runs the optimized code from the next call on, as
 * it would in a real program, instead of finishing the whole run in its baseline tier inside
 * main (there is no on-stack replacement for Wasm code there). */
#define BENCH_UNIT __attribute__((noinline))

/* Repetitions of the kernel's unit of work for `full` at scale 100; never fewer than one. */
static inline long bench_reps(int argc, char **argv, long full) {
  long pct = argc > 1 ? strtol(argv[1], NULL, 10) : 100;
  long reps = pct > 0 ? full * pct / 100 : full;
  return reps > 0 ? reps : 1;
}

/* FNV-1a over 64-bit words: order-sensitive, so any engine that computes differently shows. */
static inline uint64_t bench_mix(uint64_t h, uint64_t v) {
  for (int i = 0; i < 8; i++) {
    h ^= (v >> (i * 8)) & 0xff;
    h *= 0x100000001b3ULL;
  }
  return h;
}
#define BENCH_SEED 0xcbf29ce484222325ULL

static inline int bench_done(const char *name, uint64_t h) {
  printf("checksum %s %016llx\n", name, (unsigned long long)h);
  return 0;
}
#endif
