/* exec/interp/simd_x86.c — the SIMD operations that want more than SSE2 (pshufb, pmulhrsw, roundps),
 * compiled for SSSE3/SSE4.1 function by function, and the run-time choice of whether to use them.
 * Off x86 only wb_simd_host_level exists (it says 0, and the translator never asks for the rest). */
#include "exec/interp/simd_lanes.h"
#include <stdlib.h>
#include <string.h>

static int detect_level(void) {
  const char *env = getenv("WASMBOX_SIMD_PORTABLE");
  if (env && *env && strcmp(env, "0") != 0) return 0;
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("sse4.1") && __builtin_cpu_supports("ssse3")) return 2;
  if (__builtin_cpu_supports("ssse3")) return 1;
#endif
  return 0;
}

int wb_simd_host_level(void) {
  /* -1 until known; racing first calls compute the same answer. */
  static int level = -1;
  int l = __atomic_load_n(&level, __ATOMIC_RELAXED);
  if (l < 0) {
    l = detect_level();
    __atomic_store_n(&level, l, __ATOMIC_RELAXED);
  }
  return l;
}

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define M(v) ((__m128i)(v))

/* pshufb zeroes a lane whose index byte has its top bit set: indices >= 16 get it by a
 * saturating add of 0x70 (which keeps 0..15 in the low nibble). */
__attribute__((target("ssse3"))) wb_u8x16 wb_simd_swizzle_ssse3(wb_u8x16 a, wb_u8x16 idx) {
  return (wb_u8x16)_mm_shuffle_epi8(M(a), _mm_adds_epu8(M(idx), _mm_set1_epi8(0x70)));
}

__attribute__((target("ssse3"))) wb_u8x16 wb_simd_shuffle_ssse3(wb_u8x16 a, wb_u8x16 b, wb_u8x16 mask_a, wb_u8x16 mask_b) {
  return (wb_u8x16)_mm_or_si128(_mm_shuffle_epi8(M(a), M(mask_a)), _mm_shuffle_epi8(M(b), M(mask_b)));
}

/* Each nibble's count from a 16-entry table. */
__attribute__((target("ssse3"))) wb_u8x16 wb_simd_popcnt_ssse3(wb_u8x16 a) {
  const __m128i table = _mm_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
  const __m128i low = _mm_set1_epi8(0x0f);
  __m128i lo = _mm_and_si128(M(a), low), hi = _mm_and_si128(_mm_srli_epi16(M(a), 4), low);
  return (wb_u8x16)_mm_add_epi8(_mm_shuffle_epi8(table, lo), _mm_shuffle_epi8(table, hi));
}

/* pmulhrsw rounds like Wasm but wraps -32768 * -32768 to -32768 (0x8000, which no other product
 * gives): flip those lanes to 32767. */
__attribute__((target("ssse3"))) wb_i16x8 wb_simd_q15mulr_ssse3(wb_i16x8 a, wb_i16x8 b) {
  __m128i r = _mm_mulhrs_epi16(M(a), M(b));
  return (wb_i16x8)_mm_xor_si128(r, _mm_cmpeq_epi16(r, _mm_set1_epi16(INT16_MIN)));
}

/* roundps quiets NaNs and keeps signs (-0.3 -> -0) as Wasm wants. */
#define ROUND(name, mode) \
  __attribute__((target("sse4.1"))) wb_f32x4 wb_simd_f32x4_##name##_sse41(wb_f32x4 a) { \
    return (wb_f32x4)_mm_round_ps((__m128)a, mode | _MM_FROUND_NO_EXC); \
  } \
  __attribute__((target("sse4.1"))) wb_f64x2 wb_simd_f64x2_##name##_sse41(wb_f64x2 a) { \
    return (wb_f64x2)_mm_round_pd((__m128d)a, mode | _MM_FROUND_NO_EXC); \
  }
ROUND(ceil, _MM_FROUND_TO_POS_INF)
ROUND(floor, _MM_FROUND_TO_NEG_INF)
ROUND(trunc, _MM_FROUND_TO_ZERO)
ROUND(nearest, _MM_FROUND_TO_NEAREST_INT)
#endif
