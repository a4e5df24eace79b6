/* exec/interp/simd_lanes.h — v128 lanes as GCC/Clang vector types, and the Wasm SIMD operations
 * whose semantics are more than one vector operator (NaN rules, saturation, narrowing, rounding,
 * bitmasks), so that each handler of interp_simd.inc is a few host instructions.
 * Each operation has a generic form written with vector extensions only (any host) and, where
 * the x86-64 baseline (SSE2) has an instruction for it, a form using that; wb_simd_X picks the
 * one the host compiles (tests/unit/test_simd_lanes.c checks that the two agree).
 * Operations that want SSSE3/SSE4.1 are out of line in simd_x86.c, chosen at run time. */
#ifndef WB_EXEC_INTERP_SIMD_LANES_H
#define WB_EXEC_INTERP_SIMD_LANES_H
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#define WB_SIMD_SSE2 1
#else
#define WB_SIMD_SSE2 0
#endif

#define WB_VEC(T, n) __attribute__((vector_size(n))) T
typedef int8_t wb_i8x16 __attribute__((vector_size(16)));
typedef uint8_t wb_u8x16 __attribute__((vector_size(16)));
typedef int16_t wb_i16x8 __attribute__((vector_size(16)));
typedef uint16_t wb_u16x8 __attribute__((vector_size(16)));
typedef int32_t wb_i32x4 __attribute__((vector_size(16)));
typedef uint32_t wb_u32x4 __attribute__((vector_size(16)));
typedef int64_t wb_i64x2 __attribute__((vector_size(16)));
typedef uint64_t wb_u64x2 __attribute__((vector_size(16)));
typedef float wb_f32x4 __attribute__((vector_size(16)));
typedef double wb_f64x2 __attribute__((vector_size(16)));
/* Halves, for widening and narrowing. */
typedef int8_t wb_i8x8 __attribute__((vector_size(8)));
typedef uint8_t wb_u8x8 __attribute__((vector_size(8)));
typedef int16_t wb_i16x4 __attribute__((vector_size(8)));
typedef uint16_t wb_u16x4 __attribute__((vector_size(8)));
typedef int32_t wb_i32x2 __attribute__((vector_size(8)));
typedef uint32_t wb_u32x2 __attribute__((vector_size(8)));
typedef float wb_f32x2 __attribute__((vector_size(8)));

#define WB_SPLAT16(x) {x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x}
#define WB_SPLAT8(x) {x, x, x, x, x, x, x, x}
#define WB_SPLAT4(x) {x, x, x, x}
#define WB_SPLAT2(x) {x, x}

/* Lane-wise m ? a : b for an all-ones/all-zeros mask m of a's type. */
#define WB_SEL(m, a, b) (((m) & (a)) | (~(m) & (b)))

/* The low and high halves of a vector, as 8-byte vectors. */
#define WB_LO16(v) __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7)
#define WB_HI16(v) __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15)
#define WB_LO8(v) __builtin_shufflevector(v, v, 0, 1, 2, 3)
#define WB_HI8(v) __builtin_shufflevector(v, v, 4, 5, 6, 7)
#define WB_LO4(v) __builtin_shufflevector(v, v, 0, 1)
#define WB_HI4(v) __builtin_shufflevector(v, v, 2, 3)

/* ---- float min/max with Wasm's rules: NaN if either lane is NaN, -0 < +0 ---- */

static inline wb_f32x4 wb_simd_f32x4_min(wb_f32x4 a, wb_f32x4 b) {
  wb_i32x4 ai = (wb_i32x4)a, bi = (wb_i32x4)b;
  wb_i32x4 lt = a < b, gt = a > b, un = (a != a) | (b != b);
  wb_i32x4 eq = ~(lt | gt | un);
  return (wb_f32x4)((lt & ai) | (gt & bi) | (eq & (ai | bi)) | (un & (wb_i32x4)(a + b)));
}
static inline wb_f32x4 wb_simd_f32x4_max(wb_f32x4 a, wb_f32x4 b) {
  wb_i32x4 ai = (wb_i32x4)a, bi = (wb_i32x4)b;
  wb_i32x4 lt = a < b, gt = a > b, un = (a != a) | (b != b);
  wb_i32x4 eq = ~(lt | gt | un);
  return (wb_f32x4)((gt & ai) | (lt & bi) | (eq & (ai & bi)) | (un & (wb_i32x4)(a + b)));
}
static inline wb_f64x2 wb_simd_f64x2_min(wb_f64x2 a, wb_f64x2 b) {
  wb_i64x2 ai = (wb_i64x2)a, bi = (wb_i64x2)b;
  wb_i64x2 lt = a < b, gt = a > b, un = (a != a) | (b != b);
  wb_i64x2 eq = ~(lt | gt | un);
  return (wb_f64x2)((lt & ai) | (gt & bi) | (eq & (ai | bi)) | (un & (wb_i64x2)(a + b)));
}
static inline wb_f64x2 wb_simd_f64x2_max(wb_f64x2 a, wb_f64x2 b) {
  wb_i64x2 ai = (wb_i64x2)a, bi = (wb_i64x2)b;
  wb_i64x2 lt = a < b, gt = a > b, un = (a != a) | (b != b);
  wb_i64x2 eq = ~(lt | gt | un);
  return (wb_f64x2)((gt & ai) | (lt & bi) | (eq & (ai & bi)) | (un & (wb_i64x2)(a + b)));
}
/* Pseudo-min/max: b < a ? b : a and a < b ? b : a, lane by lane (what x86's minps/maxps do). */
static inline wb_f32x4 wb_simd_f32x4_pmin(wb_f32x4 a, wb_f32x4 b) {
  wb_i32x4 m = b < a;
  return (wb_f32x4)((m & (wb_i32x4)b) | (~m & (wb_i32x4)a));
}
static inline wb_f32x4 wb_simd_f32x4_pmax(wb_f32x4 a, wb_f32x4 b) {
  wb_i32x4 m = a < b;
  return (wb_f32x4)((m & (wb_i32x4)b) | (~m & (wb_i32x4)a));
}
static inline wb_f64x2 wb_simd_f64x2_pmin(wb_f64x2 a, wb_f64x2 b) {
  wb_i64x2 m = b < a;
  return (wb_f64x2)((m & (wb_i64x2)b) | (~m & (wb_i64x2)a));
}
static inline wb_f64x2 wb_simd_f64x2_pmax(wb_f64x2 a, wb_f64x2 b) {
  wb_i64x2 m = a < b;
  return (wb_f64x2)((m & (wb_i64x2)b) | (~m & (wb_i64x2)a));
}

static inline wb_f32x4 wb_simd_f32x4_sqrt(wb_f32x4 a) {
#if WB_SIMD_SSE2
  return (wb_f32x4)_mm_sqrt_ps((__m128)a);
#else
  wb_f32x4 r;
  for (int i = 0; i < 4; i++) r[i] = __builtin_sqrtf(a[i]);
  return r;
#endif
}
static inline wb_f64x2 wb_simd_f64x2_sqrt(wb_f64x2 a) {
#if WB_SIMD_SSE2
  return (wb_f64x2)_mm_sqrt_pd((__m128d)a);
#else
  wb_f64x2 r;
  for (int i = 0; i < 2; i++) r[i] = __builtin_sqrt(a[i]);
  return r;
#endif
}

/* ---- rounding without SSE4.1: adding and subtracting 2^23 (2^52) rounds a magnitude below it
 * to an integer, ties to even, in the default rounding mode; larger values, infinities and NaNs
 * are integral already (a NaN is quieted by adding 0). The sign is put back afterwards, so
 * -0.3 rounds to -0. mode: 0 nearest, 1 floor, 2 ceil, 3 trunc. ---- */

static inline wb_f32x4 wb_simd_f32x4_round(wb_f32x4 a, int mode) {
  const wb_u32x4 sign = WB_SPLAT4(0x80000000u);
  const wb_f32x4 big = WB_SPLAT4(8388608.0f), one = WB_SPLAT4(1.0f), zero = WB_SPLAT4(0.0f);
  wb_u32x4 ai = (wb_u32x4)a;
  wb_f32x4 mag = (wb_f32x4)(ai & ~sign);
  wb_i32x4 small = mag < big;
  wb_f32x4 t;
  if (mode == 3) {
    t = (mag + big) - big;
    t -= (wb_f32x4)((wb_i32x4)one & (t > mag));
  } else {
    t = (wb_f32x4)((wb_u32x4)((mag + big) - big) | (ai & sign));
    if (mode == 1) t -= (wb_f32x4)((wb_i32x4)one & (t > a));
    if (mode == 2) t += (wb_f32x4)((wb_i32x4)one & (t < a));
  }
  t = (wb_f32x4)((wb_u32x4)t | (ai & sign));
  return (wb_f32x4)((small & (wb_i32x4)t) | (~small & (wb_i32x4)(a + zero)));
}
static inline wb_f64x2 wb_simd_f64x2_round(wb_f64x2 a, int mode) {
  const wb_u64x2 sign = WB_SPLAT2(0x8000000000000000ull);
  const wb_f64x2 big = WB_SPLAT2(4503599627370496.0), one = WB_SPLAT2(1.0), zero = WB_SPLAT2(0.0);
  wb_u64x2 ai = (wb_u64x2)a;
  wb_f64x2 mag = (wb_f64x2)(ai & ~sign);
  wb_i64x2 small = mag < big;
  wb_f64x2 t;
  if (mode == 3) {
    t = (mag + big) - big;
    t -= (wb_f64x2)((wb_i64x2)one & (t > mag));
  } else {
    t = (wb_f64x2)((wb_u64x2)((mag + big) - big) | (ai & sign));
    if (mode == 1) t -= (wb_f64x2)((wb_i64x2)one & (t > a));
    if (mode == 2) t += (wb_f64x2)((wb_i64x2)one & (t < a));
  }
  t = (wb_f64x2)((wb_u64x2)t | (ai & sign));
  return (wb_f64x2)((small & (wb_i64x2)t) | (~small & (wb_i64x2)(a + zero)));
}

/* ---- conversions ---- */

/* Lanes outside the target range saturate, NaN becomes 0; only in-range lanes are converted (the
 * others as 0), so no conversion is undefined. */
static inline wb_i32x4 wb_simd_i32x4_trunc_sat_f32x4_s(wb_f32x4 a) {
  const wb_f32x4 lo = WB_SPLAT4(-2147483648.0f), hi = WB_SPLAT4(2147483648.0f);
  const wb_i32x4 imax = WB_SPLAT4(INT32_MAX), imin = WB_SPLAT4(INT32_MIN);
  wb_i32x4 ok = (a >= lo) & (a < hi);
  wb_i32x4 r = __builtin_convertvector((wb_f32x4)((wb_i32x4)a & ok), wb_i32x4);
  return r | ((a >= hi) & imax) | ((a < lo) & imin);
}
static inline wb_u32x4 wb_simd_i32x4_trunc_sat_f32x4_u(wb_f32x4 a) {
  const wb_f32x4 lo = WB_SPLAT4(-1.0f), hi = WB_SPLAT4(4294967296.0f);
  wb_i32x4 ok = (a > lo) & (a < hi);
  wb_u32x4 r = __builtin_convertvector((wb_f32x4)((wb_i32x4)a & ok), wb_u32x4);
  return r | (wb_u32x4)(a >= hi);
}
static inline wb_i32x4 wb_simd_i32x4_trunc_sat_f64x2_s_zero(wb_f64x2 a) {
  const wb_f64x2 lo = WB_SPLAT2(-2147483649.0), hi = WB_SPLAT2(2147483648.0);
  wb_i64x2 ok = (a > lo) & (a < hi);
  wb_i32x2 r = __builtin_convertvector((wb_f64x2)((wb_i64x2)a & ok), wb_i32x2);
  wb_i32x2 big = __builtin_convertvector(a >= hi, wb_i32x2), small = __builtin_convertvector(a <= lo, wb_i32x2);
  const wb_i32x2 imax = WB_SPLAT2(INT32_MAX), imin = WB_SPLAT2(INT32_MIN), z = WB_SPLAT2(0);
  r |= (big & imax) | (small & imin);
  return __builtin_shufflevector(r, z, 0, 1, 2, 3);
}
static inline wb_u32x4 wb_simd_i32x4_trunc_sat_f64x2_u_zero(wb_f64x2 a) {
  const wb_f64x2 lo = WB_SPLAT2(-1.0), hi = WB_SPLAT2(4294967296.0);
  wb_i64x2 ok = (a > lo) & (a < hi);
  wb_u32x2 r = __builtin_convertvector((wb_f64x2)((wb_i64x2)a & ok), wb_u32x2);
  r |= (wb_u32x2)__builtin_convertvector(a >= hi, wb_i32x2);
  const wb_u32x2 z = WB_SPLAT2(0);
  return __builtin_shufflevector(r, z, 0, 1, 2, 3);
}

/* ---- integer saturation ---- */

static inline wb_u8x16 wb_simd_gen_add_sat_u8(wb_u8x16 a, wb_u8x16 b) {
  wb_u8x16 r = a + b;
  return r | (wb_u8x16)(r < a);
}
static inline wb_u8x16 wb_simd_gen_sub_sat_u8(wb_u8x16 a, wb_u8x16 b) {
  wb_u8x16 r = a - b;
  return r & (wb_u8x16)(r <= a);
}
/* Signed: overflow iff the operands' signs agree (add) or differ (sub) and the result's sign is
 * not the first operand's; the result is then INT_MAX for a non-negative a, else INT_MIN. */
static inline wb_i8x16 wb_simd_gen_add_sat_s8(wb_i8x16 a, wb_i8x16 b) {
  wb_i8x16 r = (wb_i8x16)((wb_u8x16)a + (wb_u8x16)b);
  wb_i8x16 ovf = ((a ^ r) & (b ^ r)) < 0;
  wb_i8x16 sat = (a >> 7) ^ 0x7f;
  return (ovf & sat) | (~ovf & r);
}
static inline wb_i8x16 wb_simd_gen_sub_sat_s8(wb_i8x16 a, wb_i8x16 b) {
  wb_i8x16 r = (wb_i8x16)((wb_u8x16)a - (wb_u8x16)b);
  wb_i8x16 ovf = ((a ^ b) & (a ^ r)) < 0;
  wb_i8x16 sat = (a >> 7) ^ 0x7f;
  return (ovf & sat) | (~ovf & r);
}
static inline wb_u16x8 wb_simd_gen_add_sat_u16(wb_u16x8 a, wb_u16x8 b) {
  wb_u16x8 r = a + b;
  return r | (wb_u16x8)(r < a);
}
static inline wb_u16x8 wb_simd_gen_sub_sat_u16(wb_u16x8 a, wb_u16x8 b) {
  wb_u16x8 r = a - b;
  return r & (wb_u16x8)(r <= a);
}
static inline wb_i16x8 wb_simd_gen_add_sat_s16(wb_i16x8 a, wb_i16x8 b) {
  wb_i16x8 r = (wb_i16x8)((wb_u16x8)a + (wb_u16x8)b);
  wb_i16x8 ovf = ((a ^ r) & (b ^ r)) < 0;
  wb_i16x8 sat = (a >> 15) ^ 0x7fff;
  return (ovf & sat) | (~ovf & r);
}
static inline wb_i16x8 wb_simd_gen_sub_sat_s16(wb_i16x8 a, wb_i16x8 b) {
  wb_i16x8 r = (wb_i16x8)((wb_u16x8)a - (wb_u16x8)b);
  wb_i16x8 ovf = ((a ^ b) & (a ^ r)) < 0;
  wb_i16x8 sat = (a >> 15) ^ 0x7fff;
  return (ovf & sat) | (~ovf & r);
}

/* Narrowing with signed saturation to signed or unsigned lanes: a's lanes then b's. */
static inline wb_i8x16 wb_simd_gen_narrow_s16_s8(wb_i16x8 a, wb_i16x8 b) {
  const wb_i16x8 lo = WB_SPLAT8(-128), hi = WB_SPLAT8(127);
  a = WB_SEL(a < lo, lo, a); a = WB_SEL(a > hi, hi, a);
  b = WB_SEL(b < lo, lo, b); b = WB_SEL(b > hi, hi, b);
  return __builtin_shufflevector((wb_i8x16)a, (wb_i8x16)b, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
}
static inline wb_u8x16 wb_simd_gen_narrow_s16_u8(wb_i16x8 a, wb_i16x8 b) {
  const wb_i16x8 lo = WB_SPLAT8(0), hi = WB_SPLAT8(255);
  a = ((a >= lo) & a); a = WB_SEL(a > hi, hi, a);
  b = ((b >= lo) & b); b = WB_SEL(b > hi, hi, b);
  return __builtin_shufflevector((wb_u8x16)a, (wb_u8x16)b, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
}
static inline wb_i16x8 wb_simd_gen_narrow_s32_s16(wb_i32x4 a, wb_i32x4 b) {
  const wb_i32x4 lo = WB_SPLAT4(-32768), hi = WB_SPLAT4(32767);
  a = WB_SEL(a < lo, lo, a); a = WB_SEL(a > hi, hi, a);
  b = WB_SEL(b < lo, lo, b); b = WB_SEL(b > hi, hi, b);
  return __builtin_shufflevector((wb_i16x8)a, (wb_i16x8)b, 0, 2, 4, 6, 8, 10, 12, 14);
}
static inline wb_u16x8 wb_simd_gen_narrow_s32_u16(wb_i32x4 a, wb_i32x4 b) {
  const wb_i32x4 lo = WB_SPLAT4(0), hi = WB_SPLAT4(65535);
  a = ((a >= lo) & a); a = WB_SEL(a > hi, hi, a);
  b = ((b >= lo) & b); b = WB_SEL(b > hi, hi, b);
  return __builtin_shufflevector((wb_u16x8)a, (wb_u16x8)b, 0, 2, 4, 6, 8, 10, 12, 14);
}

/* ---- bitmasks: the top bit of each lane, lane 0 in bit 0 ---- */

static inline uint32_t wb_simd_gen_bitmask8(wb_i8x16 a) {
  uint32_t r = 0;
  for (int i = 0; i < 16; i++) r |= (uint32_t)((uint8_t)a[i] >> 7) << i;
  return r;
}
static inline uint32_t wb_simd_gen_bitmask16(wb_i16x8 a) {
  uint32_t r = 0;
  for (int i = 0; i < 8; i++) r |= (uint32_t)((uint16_t)a[i] >> 15) << i;
  return r;
}
static inline uint32_t wb_simd_gen_bitmask32(wb_i32x4 a) {
  uint32_t r = 0;
  for (int i = 0; i < 4; i++) r |= ((uint32_t)a[i] >> 31) << i;
  return r;
}
static inline uint32_t wb_simd_gen_bitmask64(wb_i64x2 a) {
  return (uint32_t)((uint64_t)a[0] >> 63) | (uint32_t)((uint64_t)a[1] >> 63) << 1;
}

/* ---- multiplies ---- */

/* (a * b + 2^14) >> 15 with signed saturation (only -32768 * -32768 overflows). */
static inline wb_i16x8 wb_simd_gen_q15mulr(wb_i16x8 a, wb_i16x8 b) {
  const wb_i32x4 round = WB_SPLAT4(0x4000), hi = WB_SPLAT4(32767);
  wb_i32x4 lo = __builtin_convertvector(WB_LO8(a), wb_i32x4) * __builtin_convertvector(WB_LO8(b), wb_i32x4);
  wb_i32x4 up = __builtin_convertvector(WB_HI8(a), wb_i32x4) * __builtin_convertvector(WB_HI8(b), wb_i32x4);
  lo = (lo + round) >> 15;
  up = (up + round) >> 15;
  lo = WB_SEL(lo > hi, hi, lo);
  up = WB_SEL(up > hi, hi, up);
  return __builtin_shufflevector((wb_i16x8)lo, (wb_i16x8)up, 0, 2, 4, 6, 8, 10, 12, 14);
}
/* Pairwise i16 products summed into i32 lanes (2 * 2^30 wraps, as Wasm wants). */
static inline wb_i32x4 wb_simd_gen_dot16(wb_i16x8 a, wb_i16x8 b) {
  wb_i32x4 a32 = (wb_i32x4)a, b32 = (wb_i32x4)b;
  wb_i32x4 ae = (a32 << 16) >> 16, ao = a32 >> 16, be = (b32 << 16) >> 16, bo = b32 >> 16;
  return (wb_i32x4)((wb_u32x4)(ae * be) + (wb_u32x4)(ao * bo));
}

static inline wb_u8x16 wb_simd_popcnt8(wb_u8x16 v) {
  const wb_u8x16 m1 = WB_SPLAT16(0x55), m2 = WB_SPLAT16(0x33), m4 = WB_SPLAT16(0x0f);
  v = v - ((v >> 1) & m1);
  v = (v & m2) + ((v >> 2) & m2);
  return (v + (v >> 4)) & m4;
}

/* ---- the host's choice among the generic and SSE2 forms ---- */
#if WB_SIMD_SSE2
#define WB_M(v) ((__m128i)(v))
static inline wb_u8x16 wb_simd_add_sat_u8(wb_u8x16 a, wb_u8x16 b) { return (wb_u8x16)_mm_adds_epu8(WB_M(a), WB_M(b)); }
static inline wb_u8x16 wb_simd_sub_sat_u8(wb_u8x16 a, wb_u8x16 b) { return (wb_u8x16)_mm_subs_epu8(WB_M(a), WB_M(b)); }
static inline wb_i8x16 wb_simd_add_sat_s8(wb_i8x16 a, wb_i8x16 b) { return (wb_i8x16)_mm_adds_epi8(WB_M(a), WB_M(b)); }
static inline wb_i8x16 wb_simd_sub_sat_s8(wb_i8x16 a, wb_i8x16 b) { return (wb_i8x16)_mm_subs_epi8(WB_M(a), WB_M(b)); }
static inline wb_u16x8 wb_simd_add_sat_u16(wb_u16x8 a, wb_u16x8 b) { return (wb_u16x8)_mm_adds_epu16(WB_M(a), WB_M(b)); }
static inline wb_u16x8 wb_simd_sub_sat_u16(wb_u16x8 a, wb_u16x8 b) { return (wb_u16x8)_mm_subs_epu16(WB_M(a), WB_M(b)); }
static inline wb_i16x8 wb_simd_add_sat_s16(wb_i16x8 a, wb_i16x8 b) { return (wb_i16x8)_mm_adds_epi16(WB_M(a), WB_M(b)); }
static inline wb_i16x8 wb_simd_sub_sat_s16(wb_i16x8 a, wb_i16x8 b) { return (wb_i16x8)_mm_subs_epi16(WB_M(a), WB_M(b)); }
static inline wb_i8x16 wb_simd_narrow_s16_s8(wb_i16x8 a, wb_i16x8 b) { return (wb_i8x16)_mm_packs_epi16(WB_M(a), WB_M(b)); }
static inline wb_u8x16 wb_simd_narrow_s16_u8(wb_i16x8 a, wb_i16x8 b) { return (wb_u8x16)_mm_packus_epi16(WB_M(a), WB_M(b)); }
static inline wb_i16x8 wb_simd_narrow_s32_s16(wb_i32x4 a, wb_i32x4 b) { return (wb_i16x8)_mm_packs_epi32(WB_M(a), WB_M(b)); }
/* packusdw is SSE4.1: clamp below at 0, then bias into packssdw's range and back. */
static inline wb_u16x8 wb_simd_narrow_s32_u16(wb_i32x4 a, wb_i32x4 b) {
  const wb_i32x4 zero = WB_SPLAT4(0), hi = WB_SPLAT4(65535), bias = WB_SPLAT4(32768);
  a &= a > zero; b &= b > zero;
  a = WB_SEL(a > hi, hi, a); b = WB_SEL(b > hi, hi, b);
  const wb_i16x8 bias16 = WB_SPLAT8(-32768);
  return (wb_u16x8)((wb_i16x8)_mm_packs_epi32(WB_M(a - bias), WB_M(b - bias)) ^ bias16);
}
static inline uint32_t wb_simd_bitmask8(wb_i8x16 a) { return (uint32_t)_mm_movemask_epi8(WB_M(a)); }
static inline uint32_t wb_simd_bitmask16(wb_i16x8 a) {
  return (uint32_t)_mm_movemask_epi8(_mm_packs_epi16(WB_M(a), _mm_setzero_si128())) & 0xff;
}
static inline uint32_t wb_simd_bitmask32(wb_i32x4 a) { return (uint32_t)_mm_movemask_ps((__m128)a); }
static inline uint32_t wb_simd_bitmask64(wb_i64x2 a) { return (uint32_t)_mm_movemask_pd((__m128d)a); }
static inline wb_i32x4 wb_simd_dot16(wb_i16x8 a, wb_i16x8 b) { return (wb_i32x4)_mm_madd_epi16(WB_M(a), WB_M(b)); }
static inline wb_u8x16 wb_simd_avgr_u8(wb_u8x16 a, wb_u8x16 b) { return (wb_u8x16)_mm_avg_epu8(WB_M(a), WB_M(b)); }
static inline wb_u16x8 wb_simd_avgr_u16(wb_u16x8 a, wb_u16x8 b) { return (wb_u16x8)_mm_avg_epu16(WB_M(a), WB_M(b)); }
/* From the high and low halves of the 32-bit products: see wb_simd_gen_q15mulr. */
static inline wb_i16x8 wb_simd_q15mulr(wb_i16x8 a, wb_i16x8 b) {
  const wb_u16x8 low15 = WB_SPLAT8(0x7fff), round = WB_SPLAT8(0x4000);
  const wb_i16x8 min = WB_SPLAT8(INT16_MIN);
  wb_u16x8 hi = (wb_u16x8)_mm_mulhi_epi16(WB_M(a), WB_M(b)), lo = (wb_u16x8)_mm_mullo_epi16(WB_M(a), WB_M(b));
  wb_i16x8 r = (wb_i16x8)((hi << 1) + (lo >> 15) + (((lo & low15) + round) >> 15));
  return r ^ (r == min);
}
#undef WB_M
#else
#define wb_simd_add_sat_u8 wb_simd_gen_add_sat_u8
#define wb_simd_sub_sat_u8 wb_simd_gen_sub_sat_u8
#define wb_simd_add_sat_s8 wb_simd_gen_add_sat_s8
#define wb_simd_sub_sat_s8 wb_simd_gen_sub_sat_s8
#define wb_simd_add_sat_u16 wb_simd_gen_add_sat_u16
#define wb_simd_sub_sat_u16 wb_simd_gen_sub_sat_u16
#define wb_simd_add_sat_s16 wb_simd_gen_add_sat_s16
#define wb_simd_sub_sat_s16 wb_simd_gen_sub_sat_s16
#define wb_simd_narrow_s16_s8 wb_simd_gen_narrow_s16_s8
#define wb_simd_narrow_s16_u8 wb_simd_gen_narrow_s16_u8
#define wb_simd_narrow_s32_s16 wb_simd_gen_narrow_s32_s16
#define wb_simd_narrow_s32_u16 wb_simd_gen_narrow_s32_u16
#define wb_simd_bitmask8 wb_simd_gen_bitmask8
#define wb_simd_bitmask16 wb_simd_gen_bitmask16
#define wb_simd_bitmask32 wb_simd_gen_bitmask32
#define wb_simd_bitmask64 wb_simd_gen_bitmask64
#define wb_simd_dot16 wb_simd_gen_dot16
#define wb_simd_q15mulr wb_simd_gen_q15mulr
static inline wb_u8x16 wb_simd_avgr_u8(wb_u8x16 a, wb_u8x16 b) { return (a | b) - ((a ^ b) >> 1); }
static inline wb_u16x8 wb_simd_avgr_u16(wb_u16x8 a, wb_u16x8 b) { return (a | b) - ((a ^ b) >> 1); }
#endif

/* Generic rounding averages, for the unit test on SSE2 hosts too. */
static inline wb_u8x16 wb_simd_gen_avgr_u8(wb_u8x16 a, wb_u8x16 b) { return (a | b) - ((a ^ b) >> 1); }
static inline wb_u16x8 wb_simd_gen_avgr_u16(wb_u16x8 a, wb_u16x8 b) { return (a | b) - ((a ^ b) >> 1); }

/* ---- beyond SSE2 (simd_x86.c, x86 hosts only); the translator emits the handlers that call
 * these only when the CPU has the instructions. ---- */

/* 0 = baseline only, 1 = SSSE3, 2 = SSE4.1 (and SSSE3); always 0 off x86 or when the environment
 * sets WASMBOX_SIMD_PORTABLE=1. Decided once per process. */
int wb_simd_host_level(void);

wb_u8x16 wb_simd_swizzle_ssse3(wb_u8x16 a, wb_u8x16 idx);
wb_u8x16 wb_simd_shuffle_ssse3(wb_u8x16 a, wb_u8x16 b, wb_u8x16 mask_a, wb_u8x16 mask_b);
wb_u8x16 wb_simd_popcnt_ssse3(wb_u8x16 a);
wb_i16x8 wb_simd_q15mulr_ssse3(wb_i16x8 a, wb_i16x8 b);
#define WB_SIMD_ROUND_SSE41(name) \
  wb_f32x4 wb_simd_f32x4_##name##_sse41(wb_f32x4 a); wb_f64x2 wb_simd_f64x2_##name##_sse41(wb_f64x2 a);
WB_SIMD_ROUND_SSE41(ceil) WB_SIMD_ROUND_SSE41(floor) WB_SIMD_ROUND_SSE41(trunc) WB_SIMD_ROUND_SSE41(nearest)
#undef WB_SIMD_ROUND_SSE41

#endif
