/* exec/interp/translate_simd.c — translation of the 0xFD (SIMD) instructions into the handlers of
 * code_simd.h, driven by the tables of ir/opcodes_simd.h: operands come off the virtual stack
 * like any other instruction's, immediates become operand cells (lane indices as byte offsets,
 * shuffle lanes as pshufb masks when the SSSE3 handler is chosen). */
#include <string.h>
#include "exec/interp/code.h"
#include "exec/interp/translate_internal.h"

typedef struct simd_op {
  uint16_t iop;            /* its handler */
  uint8_t imm;             /* enum wb_simd_imm */
  uint8_t nparams, result;
} simd_op;

typedef struct simd_accel {
  uint16_t iop;            /* the handler needing SSSE3/SSE4.1, or 0 */
  uint8_t level;           /* what it needs, as wb_simd_host_level reports */
} simd_accel;

typedef struct simd_mem {
  uint16_t iop;            /* the guard-page handler; the _CHK one follows it */
  uint16_t ax_iop;         /* whole-vector accesses: the handler taking an i32.add address */
  uint8_t kind;            /* enum wb_simd_memkind */
  uint8_t bytes;           /* 0: not a memory access */
} simd_mem;

#define NPARAMS(p1, p2, p3) ((WB_T_##p1 != 0) + (WB_T_##p2 != 0) + (WB_T_##p3 != 0))
#define LANE_BYTES(imm) ((imm) == WB_SIMD_IMM_lane16 ? 1 : (imm) == WB_SIMD_IMM_lane8 ? 2 : \
                         (imm) == WB_SIMD_IMM_lane4 ? 4 : 8)

static const simd_op k_ops[256] = {
#define WB_X(name, code, imm, p1, p2, p3, res) [code] = {WB_IOP_##name, WB_SIMD_IMM_##imm, NPARAMS(p1, p2, p3), WB_T_##res},
  WB_SIMD_OPS(WB_X)
#undef WB_X
};
static const simd_accel k_accel[256] = {
#define WB_X(name, base, level) [WB_FD_##base] = {WB_IOP_##name, level},
  WB_SIMD_ACCEL_OPS(WB_X)
#undef WB_X
};
static const simd_mem k_mem[256] = {
#define AX_IOP_load(name) WB_IOP_##name##_AX
#define AX_IOP_store(name) WB_IOP_##name##_AX
#define AX_IOP_load_lane(name) 0
#define AX_IOP_store_lane(name) 0
#define WB_X(name, code, kind, bytes) [code] = {WB_IOP_##name, AX_IOP_##kind(name), WB_SIMD_MEM_##kind, bytes},
  WB_SIMD_MEMORY_OPS(WB_X)
#undef WB_X
#undef AX_IOP_load
#undef AX_IOP_store
#undef AX_IOP_load_lane
#undef AX_IOP_store_lane
};

/* Binary operations taking a just-loaded right operand from memory: NAME_LD (NAME_LD_AX after
 * it), or 0 (code_simd.h). */
static const uint16_t k_load_op[256] = {
#define WB_X(name, ...) [WB_FD_##name] = WB_IOP_##name##_LD,
  WB_SIMD_FUSE_LOAD_OPS(WB_X)
#undef WB_X
};

/* A multiplication of two vectors just loaded by the same widening load (code_simd.h). */
static uint32_t mul_loads_fused(uint32_t mul_sub, uint32_t load_iop) {
#define WB_X(mul, load, ...) \
  if (mul_sub == WB_FD_##mul && load_iop == WB_IOP_##load##_AX) return WB_IOP_##mul##_##load##_AX2;
  WB_SIMD_FUSE_MUL_LOADS(WB_X)
#undef WB_X
  return 0;
}

/* Fuses binary operation `sub` (operands args) with the whole-vector loads just emitted for its
 * operands, when code_simd.h has the instruction (guard-page mode only: the loads' accesses are
 * not checked by instructions of their own). */
static bool fuse_loads(translator *t, uint32_t sub, const uint32_t args[2]) {
  uint32_t *c, *p;
  uint32_t last = wb_tr_checked(t) ? 0 : wb_tr_last_made(t, args[1], &c);
  if (!last) return false;
  uint32_t iop = mul_loads_fused(sub, last);
  if (iop && wb_tr_prev_made(t, args[0], 5, &p) == last) {
    uint32_t x1 = p[2], y1 = p[3], off1 = p[4], x2 = c[2], y2 = c[3], off2 = c[4];
    wb_tr_take_back(t, p, true);
    wb_tr_op(t, iop);
    wb_tr_emit_dst(t, wb_tr_push(t, WB_V128));
    wb_tr_emit(t, x1); wb_tr_emit(t, y1); wb_tr_emit(t, off1);
    wb_tr_emit(t, x2); wb_tr_emit(t, y2); wb_tr_emit(t, off2);
    return true;
  }
  if (!k_load_op[sub] || (last != WB_IOP_V128_LOAD && last != WB_IOP_V128_LOAD_AX)) return false;
  bool ax = last == WB_IOP_V128_LOAD_AX;
  uint32_t addr[3] = {c[2], c[3], ax ? c[4] : 0};
  wb_tr_take_back(t, c, true);
  wb_tr_op(t, k_load_op[sub] + (ax ? 1 : 0));
  wb_tr_emit_dst(t, wb_tr_push(t, WB_V128));
  wb_tr_emit(t, args[0]);
  for (int i = 0; i < (ax ? 3 : 2); i++) wb_tr_emit(t, addr[i]);
  return true;
}

/* The fused pair (code_simd.h) for float operation `first_iop` feeding operation `sub`, or 0. */
static uint32_t pair_fused(uint32_t first_iop, uint32_t sub) {
#define WB_X(op1, e1, op2, e2, T, VT) \
  if (first_iop == WB_IOP_##T##_##op1 && sub == WB_FD_##T##_##op2) return WB_IOP_FUSE_##T##_##op1##_##op2##_L;
  WB_SIMD_FUSE_PAIRS(WB_X)
#undef WB_X
  return 0;
}

/* Fuses float operation `sub` with the one just emitted when that one made one of its operands
 * (args) into a temporary: one instruction, the intermediate vector never stored. */
static bool fuse_pair(translator *t, uint32_t sub, const uint32_t args[2]) {
  uint32_t *c, iop;
  bool right = false;
  uint32_t last = wb_tr_last_made(t, args[0], &c);
  if (!last) { last = wb_tr_last_made(t, args[1], &c); right = true; }
  if (!last || !(iop = pair_fused(last, sub))) return false;
  uint32_t x = c[2], y = c[3];
  wb_tr_take_back(t, c, false);
  wb_tr_op(t, iop + (right ? 1 : 0));
  wb_tr_emit_dst(t, wb_tr_push(t, WB_V128));
  if (!right) { wb_tr_emit(t, x); wb_tr_emit(t, y); wb_tr_emit(t, args[1]); }
  else { wb_tr_emit(t, args[0]); wb_tr_emit(t, x); wb_tr_emit(t, y); }
  return true;
}

static void translate_mem(translator *t, const simd_mem *d) {
  wb_tr_u32(t); /* alignment: only a hint */
  uint32_t offset = wb_tr_u32(t);
  uint32_t lane_byte = 0;
  if (d->kind == WB_SIMD_MEM_load_lane || d->kind == WB_SIMD_MEM_store_lane) lane_byte = *wb_tr_bytes(t, 1) * d->bytes;
  uint32_t iop = d->iop + (wb_tr_checked(t) ? 1 : 0);
  uint32_t x, y;
  switch (d->kind) {
  case WB_SIMD_MEM_load: {
    uint32_t a = wb_tr_pop(t);
    if (!wb_tr_checked(t) && wb_tr_take_add_address(t, a, &x, &y)) {
      wb_tr_op(t, d->ax_iop);
      wb_tr_emit_dst(t, wb_tr_push(t, WB_V128)); wb_tr_emit(t, x); wb_tr_emit(t, y); wb_tr_emit(t, offset);
      return;
    }
    wb_tr_op(t, iop);
    wb_tr_emit_dst(t, wb_tr_push(t, WB_V128)); wb_tr_emit(t, a); wb_tr_emit(t, offset);
    return;
  }
  case WB_SIMD_MEM_store: {
    uint32_t v = wb_tr_pop(t), a = wb_tr_pop(t);
    if (!wb_tr_checked(t) && wb_tr_take_add_address(t, a, &x, &y)) {
      wb_tr_op(t, d->ax_iop);
      wb_tr_emit(t, v); wb_tr_emit(t, x); wb_tr_emit(t, y); wb_tr_emit(t, offset);
      return;
    }
    wb_tr_op(t, iop);
    wb_tr_emit(t, v); wb_tr_emit(t, a); wb_tr_emit(t, offset);
    return;
  }
  case WB_SIMD_MEM_load_lane: {
    uint32_t v = wb_tr_pop(t), a = wb_tr_pop(t);
    wb_tr_op(t, iop);
    wb_tr_emit_dst(t, wb_tr_push(t, WB_V128)); wb_tr_emit(t, a); wb_tr_emit(t, offset);
    wb_tr_emit(t, v); wb_tr_emit(t, lane_byte);
    return;
  }
  default: {
    uint32_t v = wb_tr_pop(t), a = wb_tr_pop(t);
    wb_tr_op(t, iop);
    wb_tr_emit(t, v); wb_tr_emit(t, a); wb_tr_emit(t, offset); wb_tr_emit(t, lane_byte);
    return;
  }
  }
}

/* The zero-extensions move bytes and fill the rest with zeros: as a pshufb mask (0x80: a zero
 * byte), output byte j takes input byte map[j]. Returns false for every other instruction. */
static bool zext_map(uint32_t sub, uint8_t map[16]) {
  uint32_t in, base;
  switch (sub) {
  case WB_FD_I16X8_EXTEND_LOW_I8X16_U: in = 1; base = 0; break;
  case WB_FD_I16X8_EXTEND_HIGH_I8X16_U: in = 1; base = 8; break;
  case WB_FD_I32X4_EXTEND_LOW_I16X8_U: in = 2; base = 0; break;
  case WB_FD_I32X4_EXTEND_HIGH_I16X8_U: in = 2; base = 8; break;
  case WB_FD_I64X2_EXTEND_LOW_I32X4_U: in = 4; base = 0; break;
  case WB_FD_I64X2_EXTEND_HIGH_I32X4_U: in = 4; base = 8; break;
  default: return false;
  }
  for (uint32_t j = 0; j < 16; j++) {
    uint32_t lane = j / (2 * in), k = j % (2 * in);
    map[j] = k < in ? (uint8_t)(base + lane * in + k) : 0x80;
  }
  return true;
}

/* mask after map: the pshufb mask doing `mask`'s shuffle, then `map`'s extension. */
static void compose_mask(uint8_t out[16], const uint8_t mask[16], const uint8_t map[16]) {
  for (int j = 0; j < 16; j++) out[j] = map[j] & 0x80 ? 0x80 : mask[map[j]];
}

static void emit_bytes(translator *t, const uint8_t b[16]);

/* A zero-extension (byte map `map`) of the value just made by a pshufb shuffle, or by another
 * zero-extension, becomes one pshufb shuffle: i8x16.shuffle then i16x8.extend_low_i8x16_u (how
 * clang widens the bytes of a vector's upper part) and the two-step u8 -> u32 widening each
 * take one instruction instead of two or three. Needs the SSSE3 shuffle handler. */
static bool fold_zext(translator *t, uint32_t arg, const uint8_t map[16]) {
  uint32_t *c;
  uint32_t last = wb_tr_last_made(t, arg, &c);
  if (!last || wb_simd_host_level() < 1) return false;
  uint8_t ma[16], mb[16];
  if (last == WB_IOP_I8X16_SHUFFLE_SSSE3) {
    /* Rewritten in place: its destination is arg, which the extension's result replaces. */
    memcpy(ma, c + 4, 16);
    memcpy(mb, c + 8, 16);
    compose_mask((uint8_t *)(c + 4), ma, map);
    compose_mask((uint8_t *)(c + 8), mb, map);
    wb_tr_push(t, WB_V128);
    return true;
  }
  uint8_t first[16];
  if (!zext_map(last == WB_IOP_I16X8_EXTEND_LOW_I8X16_U ? WB_FD_I16X8_EXTEND_LOW_I8X16_U :
                last == WB_IOP_I16X8_EXTEND_HIGH_I8X16_U ? WB_FD_I16X8_EXTEND_HIGH_I8X16_U :
                last == WB_IOP_I32X4_EXTEND_LOW_I16X8_U ? WB_FD_I32X4_EXTEND_LOW_I16X8_U :
                last == WB_IOP_I32X4_EXTEND_HIGH_I16X8_U ? WB_FD_I32X4_EXTEND_HIGH_I16X8_U : 0, first))
    return false;
  uint32_t x = c[2];
  wb_tr_take_back(t, c, false);
  compose_mask(ma, first, map);
  memset(mb, 0x80, 16);
  wb_tr_op(t, WB_IOP_I8X16_SHUFFLE_SSSE3);
  wb_tr_emit_dst(t, wb_tr_push(t, WB_V128)); wb_tr_emit(t, x); wb_tr_emit(t, x);
  emit_bytes(t, ma);
  emit_bytes(t, mb);
  return true;
}

static void emit_bytes(translator *t, const uint8_t b[16]) {
  for (int i = 0; i < 16; i += 4) {
    uint32_t c;
    memcpy(&c, b + i, 4);
    wb_tr_emit(t, c);
  }
}

void wb_translate_simd(translator *t) {
  uint32_t sub = wb_tr_u32(t) & 255; /* validated: in the tables */
  if (k_mem[sub].bytes) {
    translate_mem(t, &k_mem[sub]);
    return;
  }
  if (sub == WB_FD_V128_CONST) {
    wb_tr_push_v128_const(t, wb_tr_bytes(t, 16));
    return;
  }
  const simd_op *d = &k_ops[sub];
  const uint8_t *imm = NULL;
  uint32_t lane_byte = 0;
  if (d->imm == WB_SIMD_IMM_const || d->imm == WB_SIMD_IMM_shuffle) imm = wb_tr_bytes(t, 16);
  else if (d->imm != WB_SIMD_IMM_none) lane_byte = *wb_tr_bytes(t, 1) * LANE_BYTES(d->imm);
  uint32_t args[3];
  for (uint32_t i = d->nparams; i-- > 0;) args[i] = wb_tr_pop(t);
  uint8_t map[16];
  if (zext_map(sub, map) && fold_zext(t, args[0], map)) return;
  if (d->nparams == 2 && d->imm == WB_SIMD_IMM_none && (fuse_loads(t, sub, args) || fuse_pair(t, sub, args)))
    return;
  bool accel = k_accel[sub].iop && wb_simd_host_level() >= k_accel[sub].level;
  wb_tr_op(t, accel ? k_accel[sub].iop : d->iop);
  wb_tr_emit_dst(t, wb_tr_push(t, d->result));
  for (uint32_t i = 0; i < d->nparams; i++) wb_tr_emit(t, args[i]);
  switch (d->imm) {
  case WB_SIMD_IMM_none: return;
  case WB_SIMD_IMM_const: emit_bytes(t, imm); return;
  case WB_SIMD_IMM_shuffle:
    if (accel) {
      /* pshufb masks: a lane takes a's byte or b's; 0x80 zeroes it in the other's shuffle. */
      uint8_t ma[16], mb[16];
      for (int i = 0; i < 16; i++) {
        ma[i] = imm[i] < 16 ? imm[i] : 0x80;
        mb[i] = imm[i] >= 16 ? (uint8_t)(imm[i] - 16) : 0x80;
      }
      emit_bytes(t, ma);
      emit_bytes(t, mb);
    } else {
      emit_bytes(t, imm);
    }
    return;
  default: wb_tr_emit(t, lane_byte); return;
  }
}

void wb_translate_simd_skip(translator *t) {
  uint32_t sub = wb_tr_u32(t) & 255;
  if (k_mem[sub].bytes) {
    wb_tr_u32(t);
    wb_tr_u32(t);
    if (k_mem[sub].kind == WB_SIMD_MEM_load_lane || k_mem[sub].kind == WB_SIMD_MEM_store_lane) wb_tr_bytes(t, 1);
    return;
  }
  uint8_t imm = k_ops[sub].imm;
  if (imm == WB_SIMD_IMM_const || imm == WB_SIMD_IMM_shuffle) wb_tr_bytes(t, 16);
  else if (imm != WB_SIMD_IMM_none) wb_tr_bytes(t, 1);
}
