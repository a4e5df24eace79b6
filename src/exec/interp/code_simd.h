/* exec/interp/code_simd.h — the SIMD part of the interpreter's instruction set (code.h appends it
 * to enum wb_iop): one handler per 0xFD instruction of ir/opcodes_simd.h, the two variants of
 * each memory access, and the handlers that use SSSE3/SSE4.1, chosen at translation time when
 * the CPU has them (translate_simd.c).
 *
 * Operand layouts (d = destination slot, a/b/c/x = source slots; a v128 takes two slots):
 *   unary            d a                  binary, shifts   d a b (a shift's b is its i32 count)
 *   v128.bitselect   d a b c              splat            d x
 *   extract_lane     d a lane_byte        replace_lane     d a x lane_byte
 *   v128.const       d c0 c1 c2 c3        (the 16 bytes, little-endian)
 *   i8x16.shuffle    d a b l0..l3         (the 16 lane bytes)
 *   ..._SSSE3        d a b ma0..ma3 mb0..mb3 (pshufb masks for a and for b, precomputed)
 *   load             d addr offset        store            v addr offset
 *   load_lane        d addr offset v lane_byte            store_lane  v addr offset lane_byte
 * lane_byte is the lane's byte offset in the vector (lane index times lane size). */
#ifndef WB_EXEC_INTERP_CODE_SIMD_H
#define WB_EXEC_INTERP_CODE_SIMD_H
#include "ir/opcodes_simd.h"
#include "exec/interp/simd_lanes.h"

/* Handlers that need more than the x86-64 baseline (SSE2): X(NAME, portable NAME, level), with
 * level 1 = SSSE3, 2 = SSE4.1 (see wb_simd_host_level). */
#define WB_SIMD_ACCEL_OPS(X) \
  X(I8X16_SWIZZLE_SSSE3, I8X16_SWIZZLE, 1) X(I8X16_SHUFFLE_SSSE3, I8X16_SHUFFLE, 1) \
  X(I8X16_POPCNT_SSSE3, I8X16_POPCNT, 1) X(I16X8_Q15MULR_SAT_S_SSSE3, I16X8_Q15MULR_SAT_S, 1) \
  X(F32X4_CEIL_SSE41, F32X4_CEIL, 2) X(F32X4_FLOOR_SSE41, F32X4_FLOOR, 2) \
  X(F32X4_TRUNC_SSE41, F32X4_TRUNC, 2) X(F32X4_NEAREST_SSE41, F32X4_NEAREST, 2) \
  X(F64X2_CEIL_SSE41, F64X2_CEIL, 2) X(F64X2_FLOOR_SSE41, F64X2_FLOOR, 2) \
  X(F64X2_TRUNC_SSE41, F64X2_TRUNC, 2) X(F64X2_NEAREST_SSE41, F64X2_NEAREST, 2)

/* Every handler without a memory access, for enum wb_iop and the handler table: X(NAME, ...). */
#define WB_SIMD_IOPS(X) WB_SIMD_OPS(X) WB_SIMD_ACCEL_OPS(X)

/* Memory accesses: each gets NAME and NAME_CHK (explicit bounds check), like WB_MEMORY_OPS. */
#define WB_SIMD_MEM_IOPS(X) WB_SIMD_MEMORY_OPS(X)

/* Fused SIMD instructions (translate_simd.c), guard-page mode only, chosen by counting executed
 * pairs in SIMD loops (bench/kernels/simd_*.c):
 * - A binary operation whose right operand is a whole vector just loaded into a temporary (a
 *   memory operand, as x86 has): NAME_LD d a p off computes d = a op (the v128 at p + off),
 *   NAME_LD_AX d a x y off loads it from (u32)(x + y) + off. X(NAME, lane type, a op b)
 * - A multiplication of two vectors just loaded by the same widening load, both addresses an
 *   i32.add (a 16-bit dot product's step, as clang vectorizes it): MUL_LOAD_AX2 d x1 y1 off1 x2
 *   y2 off2 multiplies the loads from (u32)(x1 + y1) + off1 and (u32)(x2 + y2) + off2.
 *   X(MUL, LOAD, loaded lane type, widened lane type); the products fit the wider lanes. */
#define WB_SIMD_FUSE_LOAD_OPS(X) \
  X(F32X4_ADD, wb_f32x4, a + b) X(F32X4_SUB, wb_f32x4, a - b) X(F32X4_MUL, wb_f32x4, a * b) \
  X(F64X2_ADD, wb_f64x2, a + b) X(F64X2_SUB, wb_f64x2, a - b) X(F64X2_MUL, wb_f64x2, a * b) \
  X(I32X4_ADD, wb_u32x4, a + b) X(I32X4_SUB, wb_u32x4, a - b) X(I32X4_MUL, wb_u32x4, a * b) \
  X(I16X8_ADD, wb_u16x8, a + b) X(I16X8_MUL, wb_u16x8, a * b) X(I8X16_ADD, wb_u8x16, a + b)
#define WB_SIMD_FUSE_MUL_LOADS(X) \
  X(I32X4_MUL, V128_LOAD16X4_S, wb_i16x4, wb_i32x4) X(I32X4_MUL, V128_LOAD16X4_U, wb_u16x4, wb_u32x4) \
  X(I16X8_MUL, V128_LOAD8X8_S, wb_i8x8, wb_i16x8) X(I16X8_MUL, V128_LOAD8X8_U, wb_u8x8, wb_u16x8)
/* - Two dependent float operations on the same lane type, the first one's result a temporary
 *   consumed by the second (code.h's FUSE pairs for vectors): FUSE_T_OP1_OP2_L d x y b computes
 *   d = (x op1 y) op2 b, _R d a x y computes d = a op2 (x op1 y); each operation still rounds
 *   on its own. WB_SIMD_FUSE_PAIRS(cell) expands cell(OP1, op1, OP2, op2, T, lane type). */
#define WB_SIMD_PAIR_OPS_A(X, ...) X(ADD, +, __VA_ARGS__) X(SUB, -, __VA_ARGS__) X(MUL, *, __VA_ARGS__)
#define WB_SIMD_PAIR_OPS_B(X, ...) X(ADD, +, __VA_ARGS__) X(SUB, -, __VA_ARGS__) X(MUL, *, __VA_ARGS__)
#define WB_SIMD_PAIR_ROW(op2, e2, cell, T, VT) WB_SIMD_PAIR_OPS_A(cell, op2, e2, T, VT)
#define WB_SIMD_FUSE_PAIRS(cell) WB_SIMD_PAIR_OPS_B(WB_SIMD_PAIR_ROW, cell, F32X4, wb_f32x4) \
  WB_SIMD_PAIR_OPS_B(WB_SIMD_PAIR_ROW, cell, F64X2, wb_f64x2)
/* - Lane tests, fused where the scalar instructions consuming them are translated (translate.c):
 *   I64X2_OR_LANES d a computes the i64 d = lane 0 | lane 1 of a (clang's `v[0] | v[1]`, asking
 *   whether any lane of a mask is set); V128_ANY_BR a target and V128_NONE_BR a target branch
 *   when some bit of a is set, and when none is: a branch on v128.any_true, or on I64X2_OR_LANES,
 *   through any number of i32.eqz/i64.eqz. */
#define WB_SIMD_LANE_TESTS(X) X(I64X2_OR_LANES) X(V128_ANY_BR) X(V128_NONE_BR)
#define WB_IOP_SIMD_LD(name, ...) WB_IOP(name##_LD) WB_IOP(name##_LD_AX)
#define WB_IOP_SIMD_MUL_LOADS(mul, load, ...) WB_IOP(mul##_##load##_AX2)
#define WB_IOP_SIMD_PAIR(op1, e1, op2, e2, T, VT) WB_IOP(FUSE_##T##_##op1##_##op2##_L) WB_IOP(FUSE_##T##_##op1##_##op2##_R)
#define WB_SIMD_FUSED_IOPS WB_SIMD_FUSE_LOAD_OPS(WB_IOP_SIMD_LD) WB_SIMD_FUSE_MUL_LOADS(WB_IOP_SIMD_MUL_LOADS) \
  WB_SIMD_FUSE_PAIRS(WB_IOP_SIMD_PAIR) WB_SIMD_LANE_TESTS(WB_IOP_ONE)

#endif
