// bench-cflags: -msimd128
/* bench/kernels/simd_autovec.c — plain C loops that clang's loop vectorizer turns into SIMD at -O2
 * (v128 instructions with -msimd128, SSE natively): saxpy on floats, a 16-bit dot product into
 * 32-bit sums, a byte threshold with clamping, an int32 min/max reduction. */
#include "bench.h"

#define N 4096

static float x[N], y[N];
static int16_t p[N], q[N];
static uint8_t pix[N], mask[N];
static int32_t v[N];

static void saxpy(float a) {
  for (int i = 0; i < N; i++) y[i] = a * x[i] + y[i];
}

static int32_t dot16(void) {
  int32_t s = 0;
  for (int i = 0; i < N; i++) s += (int32_t)p[i] * q[i];
  return s;
}

static void threshold(uint8_t t, uint8_t add) {
  for (int i = 0; i < N; i++) {
    unsigned s = pix[i] + add;
    uint8_t c = s > 255 ? 255 : (uint8_t)s;
    mask[i] = c > t ? 255 : 0;
  }
}

static int64_t minmax(void) {
  int32_t lo = INT32_MAX, hi = INT32_MIN;
  for (int i = 0; i < N; i++) {
    lo = v[i] < lo ? v[i] : lo;
    hi = v[i] > hi ? v[i] : hi;
  }
  return (int64_t)hi - lo;
}

int main(int argc, char **argv) {
  long reps = bench_reps(argc, argv, 60000);
  for (int i = 0; i < N; i++) {
    x[i] = (float)(i % 97) * 0.25f - 12.0f;
    y[i] = (float)(i % 13) * 0.5f;
    p[i] = (int16_t)(i * 37 - 20000);
    q[i] = (int16_t)(i * 11 % 3001 - 1500);
    pix[i] = (uint8_t)(i * 29);
    v[i] = (int32_t)(i * 2654435761u);
  }
  uint64_t h = BENCH_SEED;
  for (long r = 0; r < reps; r++) {
    saxpy(r % 2 ? 0.5f : -0.5f);
    h = bench_mix(h, (uint64_t)(uint32_t)dot16());
    threshold((uint8_t)(r * 7), (uint8_t)(r % 64));
    h = bench_mix(h, (uint64_t)minmax());
    p[r % N] = (int16_t)(p[r % N] + mask[(r * 3) % N]);
    v[(r * 5) % N] ^= (int32_t)r;
  }
  uint64_t fs = 0;
  for (int i = 0; i < N; i++) {
    uint32_t b;
    __builtin_memcpy(&b, &y[i], 4);
    fs += b + mask[i];
  }
  h = bench_mix(h, fs);
  return bench_done("simd_autovec", h);
}
