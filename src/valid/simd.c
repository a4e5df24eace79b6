/* valid/simd.c — immediates and typing of the fixed-width SIMD instructions, table-driven from
 * ir/opcodes_simd.h: every instruction is a fixed signature plus one of a few immediate shapes
 * (memarg, memarg + lane, lane, 16 constant bytes, 16 shuffle lanes). */
#include "valid/simd.h"
#include <stddef.h>
#include "ir/opcodes_simd.h"

typedef struct simd_desc {
  uint8_t present;         /* the sub-opcode exists */
  uint8_t imm;             /* enum wb_simd_imm, or WB_SIMD_IMM_MEM + memory kind */
  uint8_t max_align;       /* memory accesses: log2 of the bytes accessed */
  uint8_t lanes;           /* lane immediates: the lane count */
  uint8_t params[3], result;
} simd_desc;

#define WB_SIMD_IMM_MEM 16
#define LANES_none 0
#define LANES_lane16 16
#define LANES_lane8 8
#define LANES_lane4 4
#define LANES_lane2 2
#define LANES_const 0
#define LANES_shuffle 0
#define LOG2(b) ((b) == 16 ? 4 : (b) == 8 ? 3 : (b) == 4 ? 2 : (b) == 2 ? 1 : 0)
#define MEM_PARAM2_load 0
#define MEM_PARAM2_store WB_V128
#define MEM_PARAM2_load_lane WB_V128
#define MEM_PARAM2_store_lane WB_V128
#define MEM_RESULT_load WB_V128
#define MEM_RESULT_store 0
#define MEM_RESULT_load_lane WB_V128
#define MEM_RESULT_store_lane 0

static const simd_desc k_simd[256] = {
#define X(name, code, imm, p1, p2, p3, res) \
  [code] = {1, WB_SIMD_IMM_##imm, 0, LANES_##imm, {WB_T_##p1, WB_T_##p2, WB_T_##p3}, WB_T_##res},
  WB_SIMD_OPS(X)
#undef X
#define X(name, code, kind, bytes) \
  [code] = {1, WB_SIMD_IMM_MEM + WB_SIMD_MEM_##kind, LOG2(bytes), 16 / (bytes), \
            {WB_I32, MEM_PARAM2_##kind, 0}, MEM_RESULT_##kind},
  WB_SIMD_MEMORY_OPS(X)
#undef X
};

static const char *const E_END = "unexpected end of section or function";

/* An unsigned LEB128 of at most 32 bits, with the validator's messages (valid/validate.c). */
static const char *rd_u32(const uint8_t **pp, const uint8_t *end, uint32_t *out) {
  const uint8_t *p = *pp;
  uint32_t x = 0;
  for (int n = 32, shift = 0;; n -= 7, shift += 7) {
    if (p >= end) return E_END;
    uint8_t b = *p++;
    if (n < 7 && (b & 0x7f) >= (1u << n)) return "integer too large";
    x |= (uint32_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) break;
    if (n <= 7) return "integer representation too long";
  }
  *pp = p;
  *out = x;
  return NULL;
}

static const char *rd_byte(const uint8_t **pp, const uint8_t *end, uint8_t *out) {
  if (*pp >= end) return E_END;
  *out = *(*pp)++;
  return NULL;
}

const char *wb_simd_read(uint32_t sub, const uint8_t **pp, const uint8_t *end, wb_simd_check *out) {
  if (sub >= 256 || !k_simd[sub].present) return "illegal opcode";
  const simd_desc *d = &k_simd[sub];
  out->nparams = 0;
  for (int i = 0; i < 3; i++)
    if (d->params[i]) out->params[out->nparams++] = d->params[i];
  out->result = d->result;
  out->uses_memory = d->imm >= WB_SIMD_IMM_MEM;
  out->invalid = NULL;
  const char *e;
  uint8_t lane;
  if (out->uses_memory) {
    uint32_t align, offset;
    if ((e = rd_u32(pp, end, &align)) || (e = rd_u32(pp, end, &offset))) return e;
    if (align > d->max_align) out->invalid = "alignment must not be larger than natural";
    unsigned kind = d->imm - WB_SIMD_IMM_MEM;
    if (kind == WB_SIMD_MEM_load_lane || kind == WB_SIMD_MEM_store_lane) {
      if ((e = rd_byte(pp, end, &lane))) return e;
      if (lane >= d->lanes && !out->invalid) out->invalid = "invalid lane index";
    }
    return NULL;
  }
  switch (d->imm) {
  case WB_SIMD_IMM_none:
    return NULL;
  case WB_SIMD_IMM_const:
    if (end - *pp < 16) return E_END;
    *pp += 16;
    return NULL;
  case WB_SIMD_IMM_shuffle:
    for (int i = 0; i < 16; i++) {
      if ((e = rd_byte(pp, end, &lane))) return e;
      if (lane >= 32 && !out->invalid) out->invalid = "invalid lane index";
    }
    return NULL;
  default: /* one lane byte */
    if ((e = rd_byte(pp, end, &lane))) return e;
    if (lane >= d->lanes) out->invalid = "invalid lane index";
    return NULL;
  }
}
