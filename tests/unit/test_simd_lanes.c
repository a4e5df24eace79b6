/* tests/unit/test_simd_lanes.c — the SIMD lane operations of exec/interp/simd_lanes.h and
 * simd_x86.c against scalar references, lane by lane, on edge values and random ones: the generic
 * forms (what non-x86 hosts run), the SSE2 forms, and the SSSE3/SSE4.1 forms when the CPU has them.
 * Prints one line per failure, then "N passed, N failed"; exits 0 iff nothing failed. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "exec/interp/simd_lanes.h"

static int npassed, nfailed;

/* One check per operation and input set: the first mismatching case is printed. */
static void report(bool ok, const char *what, const void *in1, const void *in2) {
  if (ok) {
    npassed++;
    return;
  }
  nfailed++;
  const uint8_t *a = in1, *b = in2;
  printf("FAIL %s: a =", what);
  for (int i = 0; i < 16; i++) printf(" %02x", a[i]);
  if (b) {
    printf(", b =");
    for (int i = 0; i < 16; i++) printf(" %02x", b[i]);
  }
  printf("\n");
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

/* Inputs: random bytes, with lanes often replaced by an edge value of the lane's kind. */
static const uint32_t f32_edges[] = {0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3f000000, 0xbf000000,
                                     0x3fc00000, 0xbfc00000, 0x40200000, 0xc0200000, 0x4b000000, 0xcb000000,
                                     0x4afffffe, 0x4b7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000,
                                     0x7fa00000, 0x7f800001, 0x4f000000, 0xcf000000, 0x4effffff, 0x4f800000,
                                     0x4f7fffff, 0xbf7fffff, 0x3effffff, 0x00000001, 0x80000001, 0x7f7fffff};
static const uint64_t f64_edges[] = {0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
                                     0x3fe0000000000000ull, 0xbfe0000000000000ull, 0x4330000000000000ull,
                                     0xc330000000000000ull, 0x432fffffffffffffull, 0x7ff0000000000000ull,
                                     0xfff0000000000000ull, 0x7ff8000000000000ull, 0xfff8000000000000ull,
                                     0x7ff4000000000000ull, 0x41e0000000000000ull, 0xc1e0000000000000ull,
                                     0x41dfffffffc00000ull, 0xc1e0000000200000ull, 0x41efffffffe00000ull,
                                     0x41f0000000000000ull, 0x3fdfffffffffffffull, 0xbfefffffffffffffull, 1};
static const uint16_t i16_edges[] = {0, 1, 0xffff, 0x7fff, 0x8000, 0x8001, 0x7ffe, 0x00ff, 0xff00, 0x0080, 0xff7f, 0x4000};
static const uint8_t i8_edges[] = {0, 1, 0xff, 0x7f, 0x80, 0x81, 0x7e, 0x40, 0xc0};
static const uint32_t i32_edges[] = {0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x80000001, 0x0000ffff, 0xffff0000,
                                     0x00008000, 0xffff7fff, 0x00010000, 0x7fff8000};

static void gen(void *out, int kind) {
  uint8_t *o = out;
  for (int i = 0; i < 16; i += 8) {
    uint64_t r = next();
    memcpy(o + i, &r, 8);
  }
  for (int i = 0; i < 16; i++) {
    if (next() % 3) continue;
    uint64_t e = next();
    switch (kind) {
    case 1: o[i] = i8_edges[e % (sizeof i8_edges / sizeof *i8_edges)]; break;
    case 2: memcpy(o + (i & ~1), &i16_edges[e % (sizeof i16_edges / 2)], 2); break;
    case 4: memcpy(o + (i & ~3), &i32_edges[e % (sizeof i32_edges / 4)], 4); break;
    case 5: memcpy(o + (i & ~3), &f32_edges[e % (sizeof f32_edges / 4)], 4); break;
    case 6: memcpy(o + (i & ~7), &f64_edges[e % (sizeof f64_edges / 8)], 8); break;
    default: break;
    }
  }
}

#define ROUNDS 20000

static int32_t clamp(int64_t v, int64_t lo, int64_t hi) { return (int32_t)(v < lo ? lo : v > hi ? hi : v); }

static bool f32_same(float want, float got) {
  uint32_t w, g;
  memcpy(&w, &want, 4);
  memcpy(&g, &got, 4);
  if (want != want) return got != got && (g & 0x00400000u); /* any quiet NaN */
  return w == g;
}
static bool f64_same(double want, double got) {
  uint64_t w, g;
  memcpy(&w, &want, 8);
  memcpy(&g, &got, 8);
  if (want != want) return got != got && (g & 0x0008000000000000ull);
  return w == g;
}

/* ---- saturating arithmetic, narrowing, bitmasks, averages, multiplies ---- */
static void test_integer(void) {
  bool ok[32] = {0};
  for (int k = 0; k < 32; k++) ok[k] = true;
  for (int n = 0; n < ROUNDS; n++) {
    wb_i8x16 a8, b8;
    wb_i16x8 a16, b16;
    wb_i32x4 a32, b32;
    gen(&a8, 1); gen(&b8, 1); gen(&a16, 2); gen(&b16, 2); gen(&a32, 4); gen(&b32, 4);
    wb_u8x16 ua8 = (wb_u8x16)a8, ub8 = (wb_u8x16)b8;
    wb_u16x8 ua16 = (wb_u16x8)a16, ub16 = (wb_u16x8)b16;
    wb_i8x16 r8s[2] = {wb_simd_gen_add_sat_s8(a8, b8), wb_simd_add_sat_s8(a8, b8)};
    wb_i8x16 q8s[2] = {wb_simd_gen_sub_sat_s8(a8, b8), wb_simd_sub_sat_s8(a8, b8)};
    wb_u8x16 r8u[2] = {wb_simd_gen_add_sat_u8(ua8, ub8), wb_simd_add_sat_u8(ua8, ub8)};
    wb_u8x16 q8u[2] = {wb_simd_gen_sub_sat_u8(ua8, ub8), wb_simd_sub_sat_u8(ua8, ub8)};
    wb_u8x16 av8[2] = {wb_simd_gen_avgr_u8(ua8, ub8), wb_simd_avgr_u8(ua8, ub8)};
    for (int v = 0; v < 2; v++)
      for (int i = 0; i < 16; i++) {
        ok[0 + v] &= r8s[v][i] == clamp((int64_t)a8[i] + b8[i], -128, 127);
        ok[2 + v] &= q8s[v][i] == clamp((int64_t)a8[i] - b8[i], -128, 127);
        ok[4 + v] &= r8u[v][i] == clamp((int64_t)ua8[i] + ub8[i], 0, 255);
        ok[6 + v] &= q8u[v][i] == clamp((int64_t)ua8[i] - ub8[i], 0, 255);
        ok[8 + v] &= av8[v][i] == (ua8[i] + ub8[i] + 1) >> 1;
      }
    wb_i16x8 r16s[2] = {wb_simd_gen_add_sat_s16(a16, b16), wb_simd_add_sat_s16(a16, b16)};
    wb_i16x8 q16s[2] = {wb_simd_gen_sub_sat_s16(a16, b16), wb_simd_sub_sat_s16(a16, b16)};
    wb_u16x8 r16u[2] = {wb_simd_gen_add_sat_u16(ua16, ub16), wb_simd_add_sat_u16(ua16, ub16)};
    wb_u16x8 q16u[2] = {wb_simd_gen_sub_sat_u16(ua16, ub16), wb_simd_sub_sat_u16(ua16, ub16)};
    wb_u16x8 av16[2] = {wb_simd_gen_avgr_u16(ua16, ub16), wb_simd_avgr_u16(ua16, ub16)};
    wb_i16x8 q15[2] = {wb_simd_gen_q15mulr(a16, b16), wb_simd_q15mulr(a16, b16)};
    wb_i8x16 n8s[2] = {wb_simd_gen_narrow_s16_s8(a16, b16), wb_simd_narrow_s16_s8(a16, b16)};
    wb_u8x16 n8u[2] = {wb_simd_gen_narrow_s16_u8(a16, b16), wb_simd_narrow_s16_u8(a16, b16)};
    wb_i32x4 dot[2] = {wb_simd_gen_dot16(a16, b16), wb_simd_dot16(a16, b16)};
    uint32_t bm8[2] = {wb_simd_gen_bitmask8(a8), wb_simd_bitmask8(a8)};
    uint32_t bm16[2] = {wb_simd_gen_bitmask16(a16), wb_simd_bitmask16(a16)};
    uint32_t want8 = 0, want16 = 0;
    for (int i = 0; i < 16; i++) want8 |= (uint32_t)(a8[i] < 0) << i;
    for (int i = 0; i < 8; i++) want16 |= (uint32_t)(a16[i] < 0) << i;
    for (int v = 0; v < 2; v++) {
      for (int i = 0; i < 8; i++) {
        ok[10 + v] &= r16s[v][i] == clamp((int64_t)a16[i] + b16[i], -32768, 32767);
        ok[12 + v] &= q16s[v][i] == clamp((int64_t)a16[i] - b16[i], -32768, 32767);
        ok[14 + v] &= r16u[v][i] == clamp((int64_t)ua16[i] + ub16[i], 0, 65535);
        ok[16 + v] &= q16u[v][i] == clamp((int64_t)ua16[i] - ub16[i], 0, 65535);
        ok[18 + v] &= av16[v][i] == (ua16[i] + ub16[i] + 1) >> 1;
        ok[20 + v] &= q15[v][i] == clamp(((int64_t)a16[i] * b16[i] + 0x4000) >> 15, -32768, 32767);
      }
      for (int i = 0; i < 16; i++) {
        int16_t x = i < 8 ? a16[i] : b16[i - 8];
        ok[22 + v] &= n8s[v][i] == clamp(x, -128, 127);
        ok[24 + v] &= n8u[v][i] == clamp(x, 0, 255);
      }
      for (int i = 0; i < 4; i++)
        ok[26 + v] &= (uint32_t)dot[v][i] == (uint32_t)((int64_t)a16[2 * i] * b16[2 * i] + (int64_t)a16[2 * i + 1] * b16[2 * i + 1]);
      ok[28 + v] &= bm8[v] == want8 && bm16[v] == want16;
    }
    wb_i16x8 n16s[2] = {wb_simd_gen_narrow_s32_s16(a32, b32), wb_simd_narrow_s32_s16(a32, b32)};
    wb_u16x8 n16u[2] = {wb_simd_gen_narrow_s32_u16(a32, b32), wb_simd_narrow_s32_u16(a32, b32)};
    uint32_t bm32[2] = {wb_simd_gen_bitmask32(a32), wb_simd_bitmask32(a32)};
    uint32_t bm64[2] = {wb_simd_gen_bitmask64((wb_i64x2)a32), wb_simd_bitmask64((wb_i64x2)a32)};
    uint32_t want32 = 0, want64 = (uint32_t)(a32[1] < 0) | (uint32_t)(a32[3] < 0) << 1;
    for (int i = 0; i < 4; i++) want32 |= (uint32_t)(a32[i] < 0) << i;
    for (int v = 0; v < 2; v++) {
      for (int i = 0; i < 8; i++) {
        int32_t x = i < 4 ? a32[i] : b32[i - 4];
        ok[30 + v] &= n16s[v][i] == clamp(x, -32768, 32767) && n16u[v][i] == clamp(x, 0, 65535) &&
                      bm32[v] == want32 && bm64[v] == want64;
      }
    }
    static const char *const names[16] = {"add_sat_s8", "sub_sat_s8", "add_sat_u8", "sub_sat_u8", "avgr_u8",
                                          "add_sat_s16", "sub_sat_s16", "add_sat_u16", "sub_sat_u16", "avgr_u16",
                                          "q15mulr", "narrow_s16_s8", "narrow_s16_u8", "dot16", "bitmask8/16",
                                          "narrow32/bitmask32/64"};
    for (int k = 0; k < 32; k++)
      if (!ok[k]) {
        char what[64];
        snprintf(what, sizeof what, "%s (%s)", names[k / 2], k % 2 ? "host" : "generic");
        report(false, what, k < 10 ? (void *)&a8 : k < 30 ? (void *)&a16 : (void *)&a32,
               k < 10 ? (void *)&b8 : k < 30 ? (void *)&b16 : (void *)&b32);
        return;
      }
  }
  for (int k = 0; k < 32; k++) report(true, "", NULL, NULL);
}

/* ---- float lanes: min/max, rounding, conversions ---- */
static float wasm_fmin(float a, float b) {
  if (a != a || b != b) return NAN;
  if (a == 0 && b == 0) return signbit(a) ? a : b;
  return a < b ? a : b;
}
static float wasm_fmax(float a, float b) {
  if (a != a || b != b) return NAN;
  if (a == 0 && b == 0) return signbit(a) ? b : a;
  return a > b ? a : b;
}
static double wasm_dmin(double a, double b) {
  if (a != a || b != b) return NAN;
  if (a == 0 && b == 0) return signbit(a) ? a : b;
  return a < b ? a : b;
}
static double wasm_dmax(double a, double b) {
  if (a != a || b != b) return NAN;
  if (a == 0 && b == 0) return signbit(a) ? b : a;
  return a > b ? a : b;
}
static int32_t sat_s32(double x) { return x != x ? 0 : x <= -2147483648.0 ? INT32_MIN : x >= 2147483647.0 ? INT32_MAX : (int32_t)x; }
static uint32_t sat_u32(double x) { return x != x || x <= 0 ? 0 : x >= 4294967295.0 ? UINT32_MAX : (uint32_t)x; }

static void test_float(void) {
  int level = wb_simd_host_level();
  bool ok_minmax = true, ok_round = true, ok_round41 = true, ok_conv = true;
  const char *bad = NULL;
  wb_f32x4 bad_a = {0}, bad_b = {0};
  for (int n = 0; n < ROUNDS && !bad; n++) {
    wb_f32x4 a, b;
    wb_f64x2 c, d;
    gen(&a, 5); gen(&b, 5); gen(&c, 6); gen(&d, 6);
    wb_f32x4 mn = wb_simd_f32x4_min(a, b), mx = wb_simd_f32x4_max(a, b);
    wb_f64x2 dmn = wb_simd_f64x2_min(c, d), dmx = wb_simd_f64x2_max(c, d);
    for (int i = 0; i < 4; i++) ok_minmax &= f32_same(wasm_fmin(a[i], b[i]), mn[i]) && f32_same(wasm_fmax(a[i], b[i]), mx[i]);
    for (int i = 0; i < 2; i++) ok_minmax &= f64_same(wasm_dmin(c[i], d[i]), dmn[i]) && f64_same(wasm_dmax(c[i], d[i]), dmx[i]);
    float (*const f32fn[4])(float) = {nearbyintf, floorf, ceilf, truncf};
    double (*const f64fn[4])(double) = {nearbyint, floor, ceil, trunc};
    for (int mode = 0; mode < 4; mode++) {
      wb_f32x4 r = wb_simd_f32x4_round(a, mode);
      wb_f64x2 s = wb_simd_f64x2_round(c, mode);
      for (int i = 0; i < 4; i++) ok_round &= f32_same(f32fn[mode](a[i]), r[i]);
      for (int i = 0; i < 2; i++) ok_round &= f64_same(f64fn[mode](c[i]), s[i]);
#if defined(__x86_64__) || defined(__i386__)
      if (level >= 2) {
        wb_f32x4 (*const f41[4])(wb_f32x4) = {wb_simd_f32x4_nearest_sse41, wb_simd_f32x4_floor_sse41,
                                              wb_simd_f32x4_ceil_sse41, wb_simd_f32x4_trunc_sse41};
        wb_f64x2 (*const d41[4])(wb_f64x2) = {wb_simd_f64x2_nearest_sse41, wb_simd_f64x2_floor_sse41,
                                              wb_simd_f64x2_ceil_sse41, wb_simd_f64x2_trunc_sse41};
        r = f41[mode](a);
        s = d41[mode](c);
        for (int i = 0; i < 4; i++) ok_round41 &= f32_same(f32fn[mode](a[i]), r[i]);
        for (int i = 0; i < 2; i++) ok_round41 &= f64_same(f64fn[mode](c[i]), s[i]);
      }
#endif
    }
    wb_i32x4 ts = wb_simd_i32x4_trunc_sat_f32x4_s(a);
    wb_u32x4 tu = wb_simd_i32x4_trunc_sat_f32x4_u(a);
    wb_i32x4 tds = wb_simd_i32x4_trunc_sat_f64x2_s_zero(c);
    wb_u32x4 tdu = wb_simd_i32x4_trunc_sat_f64x2_u_zero(c);
    for (int i = 0; i < 4; i++) ok_conv &= ts[i] == sat_s32(a[i]) && tu[i] == sat_u32(a[i]);
    for (int i = 0; i < 2; i++) ok_conv &= tds[i] == sat_s32(c[i]) && tdu[i] == sat_u32(c[i]);
    ok_conv &= tds[2] == 0 && tds[3] == 0 && tdu[2] == 0 && tdu[3] == 0;
    if (!ok_minmax) bad = "f32x4/f64x2 min/max";
    else if (!ok_round) bad = "f32x4/f64x2 rounding (portable)";
    else if (!ok_round41) bad = "f32x4/f64x2 rounding (SSE4.1)";
    else if (!ok_conv) bad = "trunc_sat";
    if (bad) { bad_a = a; bad_b = b; }
  }
  (void)level;
  if (bad) report(false, bad, &bad_a, &bad_b);
  else for (int k = 0; k < 4; k++) report(true, "", NULL, NULL);
}

/* ---- the byte shuffles and popcnt ---- */
static void test_bytes(void) {
  int level = wb_simd_host_level();
  for (int n = 0; n < ROUNDS; n++) {
    wb_u8x16 a, b, idx;
    gen(&a, 1); gen(&b, 1); gen(&idx, 0);
    for (int i = 0; i < 16; i++)
      if (n % 2) idx[i] &= 31; /* mostly in range for the swizzle half the time */
    wb_u8x16 pc = wb_simd_popcnt8(a);
    bool ok = true;
    for (int i = 0; i < 16; i++) ok &= pc[i] == __builtin_popcount(a[i]);
    if (!ok) { report(false, "popcnt (generic)", &a, NULL); return; }
#if defined(__x86_64__) || defined(__i386__)
    if (level >= 1) {
      pc = wb_simd_popcnt_ssse3(a);
      for (int i = 0; i < 16; i++) ok &= pc[i] == __builtin_popcount(a[i]);
      if (!ok) { report(false, "popcnt (SSSE3)", &a, NULL); return; }
      wb_u8x16 sw = wb_simd_swizzle_ssse3(a, idx);
      for (int i = 0; i < 16; i++) ok &= sw[i] == (idx[i] < 16 ? a[idx[i]] : 0);
      if (!ok) { report(false, "swizzle (SSSE3)", &a, &idx); return; }
      uint8_t lanes[16], ma[16], mb[16], cat[32];
      for (int i = 0; i < 16; i++) {
        lanes[i] = idx[i] & 31;
        ma[i] = lanes[i] < 16 ? lanes[i] : 0x80;
        mb[i] = lanes[i] >= 16 ? (uint8_t)(lanes[i] - 16) : 0x80;
      }
      memcpy(cat, &a, 16);
      memcpy(cat + 16, &b, 16);
      wb_u8x16 vma, vmb;
      memcpy(&vma, ma, 16);
      memcpy(&vmb, mb, 16);
      wb_u8x16 sh = wb_simd_shuffle_ssse3(a, b, vma, vmb);
      for (int i = 0; i < 16; i++) ok &= sh[i] == cat[lanes[i]];
      if (!ok) { report(false, "shuffle (SSSE3)", &a, &b); return; }
      wb_i16x8 x, y;
      gen(&x, 2); gen(&y, 2);
      wb_i16x8 q = wb_simd_q15mulr_ssse3(x, y);
      for (int i = 0; i < 8; i++) ok &= q[i] == clamp(((int64_t)x[i] * y[i] + 0x4000) >> 15, -32768, 32767);
      if (!ok) { report(false, "q15mulr (SSSE3)", &x, &y); return; }
    }
#endif
  }
  (void)level;
  report(true, "", NULL, NULL);
}

int main(void) {
  test_integer();
  test_float();
  test_bytes();
  printf("simd host level %d\n", wb_simd_host_level());
  printf("%d passed, %d failed\n", npassed, nfailed);
  return nfailed != 0;
}
