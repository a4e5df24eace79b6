/* bench/kernels/sort.c — sorting a large int array with a comparator called through a function
 * pointer (indirect calls). The sort is our own, not libc's qsort, so every engine runs the same
 * algorithm: quicksort with median-of-three and insertion sort for small runs. */
#include "bench.h"

#define COUNT 400000

typedef int (*cmp_fn)(const void *, const void *);

__attribute__((noinline)) static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

static void swap(int *a, int *b) {
  int t = *a;
  *a = *b;
  *b = t;
}

__attribute__((noinline)) static void sort(int *v, long n, cmp_fn cmp) {
  while (n > 16) {
    long mid = n / 2;
    if (cmp(&v[mid], &v[0]) < 0) swap(&v[mid], &v[0]);
    if (cmp(&v[n - 1], &v[0]) < 0) swap(&v[n - 1], &v[0]);
    if (cmp(&v[n - 1], &v[mid]) < 0) swap(&v[n - 1], &v[mid]);
    int pivot = v[mid];
    long i = 0, j = n - 1;
    for (;;) {
      while (cmp(&v[i], &pivot) < 0) i++;
      while (cmp(&pivot, &v[j]) < 0) j--;
      if (i >= j) break;
      swap(&v[i], &v[j]);
      i++;
      j--;
    }
    /* recurse into the smaller half, loop on the larger: bounded stack depth */
    if (j + 1 < n - j - 1) {
      sort(v, j + 1, cmp);
      v += j + 1;
      n -= j + 1;
    } else {
      sort(v + j + 1, n - j - 1, cmp);
      n = j + 1;
    }
  }
  for (long i = 1; i < n; i++)
    for (long k = i; k > 0 && cmp(&v[k], &v[k - 1]) < 0; k--)
      swap(&v[k], &v[k - 1]);
}

int main(int argc, char **argv) {
  long reps = bench_reps(argc, argv, 7);
  int *v = malloc(COUNT * sizeof *v);
  if (!v)
    return 1;
  uint64_t h = BENCH_SEED;
  uint32_t x = 2463534242u;
  for (long r = 0; r < reps; r++) {
    for (long i = 0; i < COUNT; i++) {
      x ^= x << 13; x ^= x >> 17; x ^= x << 5;   /* xorshift32 */
      v[i] = (int)(x % 1000000) - 500000;
    }
    sort(v, COUNT, cmp_int);
    for (long i = 1; i < COUNT; i++)
      if (v[i - 1] > v[i])
        return printf("sort: not sorted at %ld\n", i), 1;
    h = bench_mix(h, (uint64_t)(uint32_t)v[COUNT / 3] << 32 | (uint32_t)v[COUNT / 2]);
  }
  free(v);
  return bench_done("sort", h);
}
