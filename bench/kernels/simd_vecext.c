// bench-cflags: -msimd128
/* bench/kernels/simd_vecext.c — explicit SIMD written with GCC/Clang vector extensions: 16-byte
 * vectors become v128 instructions with -msimd128 and SSE natively. A 4-wide f32 Mandelbrot
 * (lane masks, any-lane exit) and an 8-bit image pass (widen, multiply, saturate, narrow, sum of
 * absolute differences). */
#include <string.h>
#include "bench.h"

typedef float f32x4 __attribute__((vector_size(16)));
typedef int32_t i32x4 __attribute__((vector_size(16)));
typedef uint8_t u8x16 __attribute__((vector_size(16)));
typedef uint16_t u16x8 __attribute__((vector_size(16)));
typedef uint8_t u8x8 __attribute__((vector_size(8)));
typedef uint64_t u64x2 __attribute__((vector_size(16)));

#define W 256
#define H 128

/* Iteration counts of a W/4 x H grid of 4-pixel groups, summed per lane. */
static i32x4 mandel(float x0, float y0, float step, int maxit) {
  i32x4 total = {0, 0, 0, 0};
  const f32x4 four = {4, 4, 4, 4}, two = {2, 2, 2, 2}, lane = {0, 1, 2, 3};
  for (int py = 0; py < H / 2; py++) {
    f32x4 ci = (f32x4){1, 1, 1, 1} * (y0 + py * step);
    for (int px = 0; px < W / 2; px += 4) {
      f32x4 cr = (lane + (float)px) * step + x0;
      f32x4 zr = {0, 0, 0, 0}, zi = {0, 0, 0, 0};
      i32x4 count = {0, 0, 0, 0};
      for (int it = 0; it < maxit; it++) {
        f32x4 rr = zr * zr, ii = zi * zi;
        i32x4 live = rr + ii <= four;
        u64x2 any = (u64x2)live;
        if (!(any[0] | any[1])) break;
        count -= live;                     /* live lanes are -1 */
        zi = two * zr * zi + ci;
        zr = rr - ii + cr;
      }
      total += count;
    }
  }
  return total;
}

static uint8_t img[H][W], ref[H][W], out[H][W];

/* out = saturate((img * gain >> 7) + bias), 16 pixels at a time; returns the sum of absolute
 * differences between out and ref. */
static uint64_t image_pass(uint16_t gain, uint16_t bias) {
  const u16x8 g = {gain, gain, gain, gain, gain, gain, gain, gain};
  const u16x8 b = {bias, bias, bias, bias, bias, bias, bias, bias};
  const u16x8 max = {255, 255, 255, 255, 255, 255, 255, 255};
  uint64_t sad = 0;
  for (int y = 0; y < H; y++) {
    u16x8 acc = {0};
    for (int x = 0; x < W; x += 16) {
      u8x16 v, r;
      memcpy(&v, &img[y][x], 16);
      memcpy(&r, &ref[y][x], 16);
      u8x8 lo8 = __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7);
      u8x8 hi8 = __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
      u16x8 lo = (__builtin_convertvector(lo8, u16x8) * g >> 7) + b;
      u16x8 hi = (__builtin_convertvector(hi8, u16x8) * g >> 7) + b;
      u16x8 mlo = (u16x8)(lo > max), mhi = (u16x8)(hi > max);
      lo = (lo & ~mlo) | (max & mlo);
      hi = (hi & ~mhi) | (max & mhi);
      u8x16 o = __builtin_shufflevector(__builtin_convertvector(lo, u8x8), __builtin_convertvector(hi, u8x8),
                                        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
      memcpy(&out[y][x], &o, 16);
      u8x16 gt = (u8x16)(o > r);
      u8x16 d = ((o - r) & gt) | ((r - o) & ~gt);
      acc += __builtin_convertvector(__builtin_shufflevector(d, d, 0, 2, 4, 6, 8, 10, 12, 14), u16x8) +
             __builtin_convertvector(__builtin_shufflevector(d, d, 1, 3, 5, 7, 9, 11, 13, 15), u16x8);
    }
    for (int i = 0; i < 8; i++) sad += acc[i];
  }
  return sad;
}

int main(int argc, char **argv) {
  long reps = bench_reps(argc, argv, 300);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      img[y][x] = (uint8_t)((x * 7 + y * 13) ^ (x * y));
      ref[y][x] = (uint8_t)(x + 2 * y);
    }
  uint64_t h = BENCH_SEED;
  for (long r = 0; r < reps; r++) {
    i32x4 m = mandel(-2.0f + (float)(r % 7) * 0.01f, -1.0f, 2.5f / (W / 2), 200);
    for (int i = 0; i < 4; i++) h = bench_mix(h, (uint32_t)m[i]);
    for (int k = 0; k < 40; k++) {
      h = bench_mix(h, image_pass((uint16_t)(100 + (r + k) % 90), (uint16_t)((r * 3 + k) % 40)));
      img[(r + k) % H][(r * 5 + k) % W] ^= out[k % H][(k * 3) % W];
    }
  }
  return bench_done("simd_vecext", h);
}
