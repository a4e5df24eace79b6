/* bench/kernels/matmul.c — dense f64 matrix multiply (i-k-j order): loads, multiplies and adds
 * of doubles in a cache-friendly inner loop. */
#include <string.h>
#include "bench.h"

#define N 160

static double a[N][N], b[N][N], c[N][N];

BENCH_UNIT static void matmul(void) {
  memset(c, 0, sizeof c);
  for (int i = 0; i < N; i++)
    for (int k = 0; k < N; k++) {
      double aik = a[i][k];
      for (int j = 0; j < N; j++)
        c[i][j] += aik * b[k][j];
    }
}

int main(int argc, char **argv) {
  long reps = bench_reps(argc, argv, 300);
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      a[i][j] = (double)((i * 7 + j * 3) % 17) / 8.0 - 1.0;
      b[i][j] = (double)((i * 5 + j * 11) % 13) / 4.0 - 1.5;
    }
  uint64_t h = BENCH_SEED;
  for (long r = 0; r < reps; r++) {
    a[r % N][(r * 3) % N] += 0.5;  /* each round multiplies a slightly different matrix */
    matmul();
    double trace = 0;
    for (int i = 0; i < N; i++)
      trace += c[i][i] + c[i][N - 1 - i];
    uint64_t bits;
    memcpy(&bits, &trace, sizeof bits);
    h = bench_mix(h, bits);
  }
  return bench_done("matmul", h);
}
