/* exec/interp/code.h — the interpreter's internal code: instruction set, translated-function
 * layout, and the call records of its frames. Shared by the translator and the execution loop
 * only.
 *
 * Code is a stream of 32-bit cells. An instruction is one cell naming its handler followed by its
 * operands. While a function is translated the handler cell is its enum wb_iop; the finished code
 * holds instead the handler label's offset from a base label of the loop
 * (wb_interp_handler_cells), so that dispatch adds it to a base kept in a register instead of
 * loading the address from a table first (6.6% less wall time over real programs and kernels).
 * Operands are frame slot indices (every value, local or temporary, lives in an 8-byte slot of the
 * frame; a v128 in two), immediates, or absolute cell indices for branch targets. */
#ifndef WB_EXEC_INTERP_CODE_H
#define WB_EXEC_INTERP_CODE_H
#include <stdint.h>
#include "ir/opcodes.h"
#include "exec/interp/code_simd.h"
#include "rt/func.h"

/* Handlers with their operand layout (d = destination slot, a/b/c = source slots): control and
 * data movement, then the fused instructions written out one by one (the families generated
 * from lists follow further down). */
#define WB_INTERP_CONTROL_OPS(X) \
  X(UNREACHABLE)     /* */ \
  X(BR)              /* target */ \
  X(BR_IF)           /* cond target */ \
  X(BR_UNLESS)       /* cond target */ \
  X(BR_TABLE)        /* index n target*(n+1) */ \
  X(RETURN)          /* (results already in fp[0..]) */ \
  X(RETURN1)         /* a: fp[0] = a, then return */ \
  X(CALL)            /* funcidx arg_slot */ \
  X(CALL_INDIRECT)   /* type_id table arg_slot index_slot */ \
  X(COPY)            /* d a */ \
  X(COPY2)           /* d a (two slots) */ \
  X(CONST32)         /* d imm */ \
  X(CONST64)         /* d lo hi */ \
  X(SELECT)          /* d a b cond */ \
  X(SELECT2)         /* d a b cond (two slots) */ \
  X(GLOBAL_GET)      /* d global */ \
  X(GLOBAL_GET2)     /* d global */ \
  X(GLOBAL_SET)      /* global a */ \
  X(GLOBAL_SET2)     /* global a */ \
  X(REF_IS_NULL)     /* d a */ \
  X(REF_FUNC)        /* d funcidx */ \
  X(TABLE_GET)       /* d table idx */ \
  X(TABLE_SET)       /* table idx val */ \
  X(TABLE_SIZE)      /* d table */ \
  X(TABLE_GROW)      /* d table init delta */ \
  X(TABLE_FILL)      /* table i val n */ \
  X(TABLE_COPY)      /* dst_table src_table d s n */ \
  X(TABLE_INIT)      /* table elem d s n */ \
  X(ELEM_DROP)       /* elem */ \
  X(MEMORY_SIZE)     /* d */ \
  X(MEMORY_GROW)     /* d delta */ \
  X(MEMORY_INIT)     /* data d s n */ \
  X(DATA_DROP)       /* data */ \
  X(MEMORY_COPY)     /* d s n */ \
  X(MEMORY_FILL)     /* d val n */ \
  X(METER)           /* n: charge n instructions of fuel, check for an interrupt */ \
  X(I32_EQZ_BR)      /* a target: branch if a == 0 */ \
  X(I32_LT_S_BR)     /* a b target (fused compare and branch) */ \
  X(I32_LT_U_BR)  X(I32_GT_S_BR) X(I32_GT_U_BR) X(I32_LE_S_BR) X(I32_LE_U_BR) \
  X(I32_GE_S_BR)  X(I32_GE_U_BR) X(I32_EQ_BR)   X(I32_NE_BR) \
  X(I32_ADD_LT_S_BR) /* d a b c target: d = a + b, branch if d < c (same order as above) */ \
  X(I32_ADD_LT_U_BR) X(I32_ADD_GT_S_BR) X(I32_ADD_GT_U_BR) X(I32_ADD_LE_S_BR) X(I32_ADD_LE_U_BR) \
  X(I32_ADD_GE_S_BR) X(I32_ADD_GE_U_BR) X(I32_ADD_EQ_BR) X(I32_ADD_NE_BR) \
  X(I32_SUB_LT_S_BR) /* d a b c target: d = a - b, branch if d < c (a count down; same order) */ \
  X(I32_SUB_LT_U_BR) X(I32_SUB_GT_S_BR) X(I32_SUB_GT_U_BR) X(I32_SUB_LE_S_BR) X(I32_SUB_LE_U_BR) \
  X(I32_SUB_GE_S_BR) X(I32_SUB_GE_U_BR) X(I32_SUB_EQ_BR) X(I32_SUB_NE_BR) \
  X(I64_EQZ_BR)      /* a target: branch if the i64 a == 0 */ \
  X(I64_NEZ_BR)      /* a target: branch if the i64 a != 0 */ \
  X(I64_LT_S_BR)     /* a b target (i64 compare and branch) */ \
  X(I64_LT_U_BR)  X(I64_GT_S_BR) X(I64_GT_U_BR) X(I64_LE_S_BR) X(I64_LE_U_BR) \
  X(I64_GE_S_BR)  X(I64_GE_U_BR) X(I64_EQ_BR)   X(I64_NE_BR) \
  X(I64_ADD_LT_S_BR) /* d a b c target: i64 d = a + b, branch if d < c (same order) */ \
  X(I64_ADD_LT_U_BR) X(I64_ADD_GT_S_BR) X(I64_ADD_GT_U_BR) X(I64_ADD_LE_S_BR) X(I64_ADD_LE_U_BR) \
  X(I64_ADD_GE_S_BR) X(I64_ADD_GE_U_BR) X(I64_ADD_EQ_BR) X(I64_ADD_NE_BR) \
  X(I32_ADD_NZ_BR)   /* d a b target: d = a + b, branch if d != 0 */ \
  X(I32_ADD_Z_BR)    /* d a b target: d = a + b, branch if d == 0 */ \
  X(I32_SUB_NZ_BR)   /* d a b target: d = a - b, branch if d != 0 (a count down) */ \
  X(I32_SUB_Z_BR)    /* d a b target: d = a - b, branch if d == 0 */ \
  X(I32_AND_NZ_BR)   /* a b target: branch if (a & b) != 0 */ \
  X(I32_AND_Z_BR)    /* a b target: branch if (a & b) == 0 */ \
  X(BR_TABLE_SUB)    /* a b n target*(n+1): br_table on a - b */ \
  X(BR_TABLE_LOAD_AX) /* a b off k n target*(n+1): br_table on (i32 at (u32)(a + b) + off) - k (k immediate) */ \
  X(BR_TABLE_LOAD8_U) /* p off k n target*(n+1): br_table on (byte at p+off) - k */ \
  X(COPY_BR)         /* d a target */ \
  X(COPY_BR_IF)      /* d a cond target: d = a, then branch if cond != 0 (cond may be d) */ \
  X(COPY_BR_UNLESS)  /* d a cond target: d = a, then branch if cond == 0 */ \
  X(I32_ADD2)        /* d1 a1 b1 d2 a2 b2: d1 = a1 + b1, then d2 = a2 + b2 (two counters or pointers stepped) */ \
  X(I32_ADD_BR)      /* d a b target: d = a + b, then branch */ \
  X(I64_MUL_LOAD32_U2) /* d pa offa pb offb: d = (u64)u32 at pa+offa * (u64)u32 at pb+offb */ \
  X(I32_WRAP_SHR_U64)  /* d a b: d = (u32)(a >> (b & 63)), i64 a and b (the high half) */ \
  X(I64_MAC_LOAD32_U)  /* d x p off w: d = x + (u64)u32 at p+off * w (a bignum limb step) */ \
  X(I64_MAC_LOAD32_U2) /* d p1 off1 p2 off2 w: d = (u64)u32 at p1+off1 + (u64)u32 at p2+off2 * w */ \
  X(I64_MAC2_CARRY_STORE32) /* d p1 off1 p2 off2 w x y q offq: d = I64_MAC_LOAD32_U2's value + (x >> (y & 63)), \
                               then its low half stored at q+offq (a whole limb step: r[i] += a[i] * w + carry) */ \
  X(I64_MAC2_ADD_STORE32)   /* d p1 off1 p2 off2 w x q offq: the same with + x (the carry already shifted) */ \
  X(I64_MAC2_CARRY_CHAIN)   /* d p1 off1 p2 off2 w x y q offq n: n limb steps in a row, the first as \
                               I64_MAC2_CARRY_STORE32, each next one 4 bytes further in the three arrays \
                               with the step before's value as its carry (an unrolled bn_mul_add_words) */ \
  X(I64_MAC2_ADD_CHAIN)     /* d p1 off1 p2 off2 w x y q offq n: the same, the first step as \
                               I64_MAC2_ADD_STORE32 (+ x) */ \
  X(I32_ADD_WRAP_SHR_U64) /* d a x y: d = a + (u32)(x >> (y & 63)), i64 x and y (adds a product's high half) */ \
  X(I32_ADD_CARRY_LT_U) /* d a x y: d = a + (x < y), unsigned (adds a carry) */ \
  X(I32_ADD_CARRY_GT_U) /* d a x y: d = a + (x > y), unsigned */ \
  X(RMW_F64_MUL_ADD_R)      /* a b q off: the f64 at q+off becomes a * b + itself (x[i] += a * b) */ \
  X(RMW_F64_LOAD_MUL_ADD_L) /* x p poff q off: the f64 at q+off becomes (f64 at p+poff) * x + itself (axpy) */ \
  X(RMW_F64_LOAD_MUL_ADD_R) /* x p poff q off: the same with x * (f64 at p+poff) */ \
  X(RMW2_F64_LOAD_MUL_ADD_R) /* x p poff q off k: RMW_F64_LOAD_MUL_ADD_R x p poff q off, then q = q + k \
                               (i32), then the same step k bytes further: the f64 at q+off becomes \
                               x * (f64 at (u32)(p + k) + poff) + itself (an axpy loop unrolled twice) */ \
  X(RMW2_F64_LOAD_MUL_ADD_R_AX) /* x dp pa pb poff dq qa qb qoff k: p = pa + pb and q = qa + qb (i32) \
                                  stored to dp and dq, then RMW2_F64_LOAD_MUL_ADD_R x p poff q qoff k \
                                  (the I32_ADD2 computing the loop's two addresses, joined) */ \
  X(I32_LOAD_NZ_BR)    /* p off target: branch if the i32 at p+off != 0 */ \
  X(I32_LOAD_Z_BR)     /* p off target: branch if it is 0 */ \
  X(I32_LOAD_EQ_BR)    /* p off b target: branch if the i32 at p+off == b */ \
  X(I32_LOAD_NE_BR)    /* p off b target: branch if != b */ \
  X(I32_LOAD8_U_NZ_BR) X(I32_LOAD8_U_Z_BR) X(I32_LOAD8_U_EQ_BR) X(I32_LOAD8_U_NE_BR) /* a byte */ \
  X(MOVE1) X(MOVE2) X(MOVE4) X(MOVE8) /* p off q off2: copies n bytes from p+off to q+off2 */ \
  X(I32_LOAD_SHR_AND_AX) /* d x k m base off: d = the i32 at (u32)(base + ((x >> k) & m)) + off, \
                            a table lookup (AES's T-tables: an index byte scaled by 4) */ \
  X(I32_LOAD_AND_SHL_AX) /* d x m k base off: the same at (u32)(base + ((x & m) << k)) + off */ \
  X(I32_ROTL2_XOR)       /* d x a b: d = rotl(x, a) ^ rotl(x, b) */ \
  X(I32_ROTL3_XOR)       /* d x a b c: d = rotl(x, a) ^ rotl(x, b) ^ rotl(x, c) (SHA-2's Sigma) */ \
  X(I32_ROTL2_XOR_SHR_U) /* d x a b c: d = rotl(x, a) ^ rotl(x, b) ^ (x >> c) (SHA-2's sigma) */

/* Fused instructions (superinstructions), chosen by counting executed pairs (dump.c's profile):
 * - COPY_COPY d1 a1 d2 a2: two copies, in order.
 * - Two dependent binary operations on the same type (i32, i64, f64), where the first one's result is a
 *   temporary consumed by the second: FUSE_T_OP1_OP2_L d x y b computes d = (x op1 y) op2 b,
 *   _R d a x y computes d = a op2 (x op1 y). The temporary is never stored.
 * - A load or store whose address is an i32.add of two slots: NAME_AX d/v x y offset accesses
 *   (u32)(x + y) + offset (NAME_AX_CHK with the explicit bounds check). */
#define WB_FUSE_I32_OPS_A(X, a) X(I32, a, ADD) X(I32, a, SUB) X(I32, a, MUL) X(I32, a, AND) \
  X(I32, a, OR) X(I32, a, XOR) X(I32, a, SHL) X(I32, a, SHR_S) X(I32, a, SHR_U) X(I32, a, ROTL) \
  X(I32, a, ROTR)
#define WB_FUSE_I32_OPS_B(Y, c) Y(c, I32, ADD) Y(c, I32, SUB) Y(c, I32, MUL) Y(c, I32, AND) Y(c, I32, OR) Y(c, I32, XOR) \
  Y(c, I32, SHL) Y(c, I32, SHR_S) Y(c, I32, SHR_U) Y(c, I32, ROTL) Y(c, I32, ROTR)
#define WB_FUSE_I64_OPS_A(X, a) X(I64, a, ADD) X(I64, a, SUB) X(I64, a, MUL) X(I64, a, AND) \
  X(I64, a, OR) X(I64, a, XOR) X(I64, a, SHL) X(I64, a, SHR_U)
#define WB_FUSE_I64_OPS_B(Y, c) Y(c, I64, ADD) Y(c, I64, SUB) Y(c, I64, MUL) Y(c, I64, AND) Y(c, I64, OR) Y(c, I64, XOR) \
  Y(c, I64, SHL) Y(c, I64, SHR_U)
#define WB_FUSE_F64_OPS_A(X, a) X(F64, a, ADD) X(F64, a, SUB) X(F64, a, MUL) X(F64, a, DIV)
#define WB_FUSE_F64_OPS_B(Y, c) Y(c, F64, ADD) Y(c, F64, SUB) Y(c, F64, MUL) Y(c, F64, DIV)
#define WB_FUSE_I32_COUNT 11
#define WB_FUSE_I64_COUNT 8
#define WB_FUSE_F64_COUNT 4
/* WB_FUSE_PAIRS(CELL) expands CELL(T, OP1, OP2) for every pair; the first operation is
 * outermost (the order the translator's index arithmetic assumes). */
#define WB_FUSE_ROW_I32(cell, T, op1) WB_FUSE_I32_OPS_A(cell, op1)
#define WB_FUSE_ROW_I64(cell, T, op1) WB_FUSE_I64_OPS_A(cell, op1)
#define WB_FUSE_ROW_F64(cell, T, op1) WB_FUSE_F64_OPS_A(cell, op1)
#define WB_FUSE_PAIRS(cell) WB_FUSE_I32_OPS_B(WB_FUSE_ROW_I32, cell) \
  WB_FUSE_I64_OPS_B(WB_FUSE_ROW_I64, cell) WB_FUSE_F64_OPS_B(WB_FUSE_ROW_F64, cell)

/* A load whose result is a temporary consumed by a binary operation: LD_LOAD_OP_L d addr off y
 * computes d = load(addr + off) op y, _R d x addr off computes d = x op load(addr + off). And a
 * binary operation whose result is stored: ST_T_OP_STORE x y addr off stores x op y. Guard-page
 * mode only (the _CHK translations do not fuse them). */
#define WB_FUSE_LOAD_OPS(X) \
  X(F64_LOAD, F64, ADD) X(F64_LOAD, F64, SUB) X(F64_LOAD, F64, MUL) X(F64_LOAD, F64, DIV) \
  X(I32_LOAD, I32, ADD) X(I32_LOAD, I32, SUB) X(I32_LOAD, I32, MUL) X(I32_LOAD, I32, AND) \
  X(I32_LOAD, I32, OR) X(I32_LOAD, I32, XOR) X(I32_LOAD, I32, SHL) X(I32_LOAD, I32, SHR_U) \
  X(I64_LOAD, I64, ADD) X(I64_LOAD, I64, SUB) X(I64_LOAD, I64, MUL) X(I64_LOAD, I64, AND) \
  X(I64_LOAD, I64, OR) X(I64_LOAD, I64, XOR) X(I64_LOAD32_U, I64, ADD) X(I64_LOAD32_U, I64, MUL)
#define WB_FUSE_STORE_OPS(X) \
  X(F64, ADD, F64_STORE) X(F64, SUB, F64_STORE) X(F64, MUL, F64_STORE) X(F64, DIV, F64_STORE) \
  X(I32, ADD, I32_STORE) X(I32, SUB, I32_STORE) X(I32, AND, I32_STORE) X(I32, OR, I32_STORE) \
  X(I32, XOR, I32_STORE) X(I32, SHL, I32_STORE) X(I32, SHR_U, I32_STORE) \
  X(I64, ADD, I64_STORE) X(I64, SUB, I64_STORE) X(I64, AND, I64_STORE) X(I64, OR, I64_STORE) \
  X(I64, XOR, I64_STORE) X(I64, ADD, I64_STORE32)

/* A loop's closing branch joined with the instruction before it (the step of the pointers that
 * is not the counter's): FIRST_BRANCH does FIRST (its cells first), then BRANCH (its cells after,
 * target last). X(FIRST, FIRST's length in cells, BRANCH); chosen by counting executed pairs. */
#define WB_FUSE_BRANCH_JOINS(X) \
  X(I32_ADD2, 7, I32_NE_BR) X(I32_ADD2, 7, I32_EQ_BR) X(I32_ADD2, 7, I32_LT_S_BR) X(I32_ADD2, 7, I32_LT_U_BR) \
  X(I32_ADD2, 7, I32_SUB_NZ_BR) X(I32_ADD2, 7, I32_SUB_GE_U_BR) X(I32_ADD2, 7, I32_ADD_NE_BR) \
  X(I32_ADD, 4, I32_SUB_NZ_BR) X(I32_ADD, 4, I32_SUB_GT_U_BR) X(RMW2_F64_LOAD_MUL_ADD_R_AX, 11, I32_ADD_NE_BR)

/* A load through a pointer just loaded: LL_NAME d a off1 off2 loads (an i32) from a + off1,
 * then NAME from that + off2. Guard-page mode only. X(NAME, bytes, sign-extends) */
#define WB_FUSE_LOAD_LOAD_OPS(X) \
  X(I32_LOAD, 4, 0) X(I32_LOAD8_U, 1, 0) X(I32_LOAD8_S, 1, 1) X(I32_LOAD16_U, 2, 0) \
  X(I32_LOAD16_S, 2, 1) X(I64_LOAD, 8, 0) X(F64_LOAD, 8, 0)

/* Read-modify-write: an LD_ fused load-and-operate whose result is stored back where it was
 * loaded from: RMW_LOAD_OP_L x addr off stores load op x, _R stores x op load. */
#define WB_FUSE_RMW_OPS(X) \
  X(F64_LOAD, F64, ADD, F64_STORE) X(F64_LOAD, F64, SUB, F64_STORE) X(F64_LOAD, F64, MUL, F64_STORE) \
  X(I32_LOAD, I32, ADD, I32_STORE) X(I32_LOAD, I32, SUB, I32_STORE) X(I32_LOAD, I32, AND, I32_STORE) \
  X(I32_LOAD, I32, OR, I32_STORE) X(I32_LOAD, I32, XOR, I32_STORE) \
  X(I64_LOAD, I64, ADD, I64_STORE) X(I64_LOAD, I64, SUB, I64_STORE)

/* Accumulator variants. Every instruction that computes a value (a float as its bits) and every
 * load leaves its result in a register of the loop (acc) as well as in its destination slot; an
 * instruction right after it, with no branch target between, that reads that slot reads acc
 * instead: the variant NAME_A takes one source operand from acc, the stores' NAME_V their value,
 * subtractions' NAME_B their second operand. The operand layout
 * is the plain instruction's (the slot operand is kept, unread), so the translator only swaps
 * handler cells, in a pass over the finished code (translate.c, use_acc). Without them every
 * dependent instruction waited for a store to its slot to be forwarded to its load.
 * Which operand each takes, for those not derived from a list: X(NAME, operand, SWAPPED) where
 * SWAPPED is the instruction computing the same with the operands at `operand` and the next one
 * exchanged (so a value produced for the second of them can be taken too), or NONE. */
#define WB_ACC_CONTROL_OPS(X) \
  X(BR_IF, 1, NONE) X(BR_UNLESS, 1, NONE) X(BR_TABLE, 1, NONE) X(I32_EQZ_BR, 1, NONE) \
  X(I32_EQ_BR, 1, I32_EQ_BR) X(I32_NE_BR, 1, I32_NE_BR) X(I32_LT_S_BR, 1, I32_GT_S_BR) \
  X(I32_LT_U_BR, 1, I32_GT_U_BR) X(I32_GT_S_BR, 1, I32_LT_S_BR) X(I32_GT_U_BR, 1, I32_LT_U_BR) \
  X(I32_LE_S_BR, 1, I32_GE_S_BR) X(I32_LE_U_BR, 1, I32_GE_U_BR) X(I32_GE_S_BR, 1, I32_LE_S_BR) \
  X(I32_GE_U_BR, 1, I32_LE_U_BR) \
  X(I64_EQ_BR, 1, I64_EQ_BR) X(I64_NE_BR, 1, I64_NE_BR) X(I64_LT_S_BR, 1, I64_GT_S_BR) \
  X(I64_LT_U_BR, 1, I64_GT_U_BR) X(I64_GT_S_BR, 1, I64_LT_S_BR) X(I64_GT_U_BR, 1, I64_LT_U_BR) \
  X(I64_LE_S_BR, 1, I64_GE_S_BR) X(I64_LE_U_BR, 1, I64_GE_U_BR) X(I64_GE_S_BR, 1, I64_LE_S_BR) \
  X(I64_GE_U_BR, 1, I64_LE_U_BR) X(I64_EQZ_BR, 1, NONE) X(I64_NEZ_BR, 1, NONE) \
  X(I32_ADD_NZ_BR, 2, I32_ADD_NZ_BR) X(I32_ADD_Z_BR, 2, I32_ADD_Z_BR) X(I32_SUB_NZ_BR, 2, NONE) \
  X(I32_SUB_Z_BR, 2, NONE) X(I32_AND_NZ_BR, 1, I32_AND_NZ_BR) X(I32_AND_Z_BR, 1, I32_AND_Z_BR) \
  X(BR_TABLE_SUB, 1, NONE) X(BR_TABLE_LOAD_AX, 1, BR_TABLE_LOAD_AX) X(BR_TABLE_LOAD8_U, 1, NONE) \
  X(COPY_BR, 2, NONE) X(COPY_BR_IF, 2, NONE) X(COPY_BR_UNLESS, 2, NONE) X(I32_ADD_BR, 2, I32_ADD_BR) X(I32_ADD2, 2, I32_ADD2) \
  X(I32_LOAD_NZ_BR, 1, NONE) X(I32_LOAD_Z_BR, 1, NONE) X(I32_LOAD_EQ_BR, 1, NONE) X(I32_LOAD_NE_BR, 1, NONE) \
  X(I32_LOAD8_U_NZ_BR, 1, NONE) X(I32_LOAD8_U_Z_BR, 1, NONE) X(I32_LOAD8_U_EQ_BR, 1, NONE) \
  X(I32_LOAD8_U_NE_BR, 1, NONE) X(MOVE1, 1, NONE) X(MOVE2, 1, NONE) X(MOVE4, 1, NONE) X(MOVE8, 1, NONE) \
  X(COPY, 2, NONE) X(COPY_COPY, 2, NONE) X(GLOBAL_SET, 2, NONE) X(RETURN1, 1, NONE) X(SELECT, 4, NONE) \
  X(I32_ADD_WRAP_SHR_U64, 2, NONE) X(I32_ADD_CARRY_LT_U, 2, NONE) X(I32_ADD_CARRY_GT_U, 2, NONE) \
  X(I32_WRAP_SHR_U64, 2, NONE) X(I64_MAC_LOAD32_U, 2, NONE) X(I64_MAC2_CARRY_STORE32, 7, NONE) \
  X(I32_ROTL2_XOR, 2, NONE) X(I32_ROTL3_XOR, 2, NONE) X(I32_ROTL2_XOR_SHR_U, 2, NONE)
/* The arithmetic-compare-branch family (d a b c target) takes a from acc; the add commutes. */
#define WB_ACC_ARITH_CMP_BR(X, W, A, SW) \
  X(I##W##_##A##_EQ_BR, 2, SW(I##W##_##A##_EQ_BR)) X(I##W##_##A##_NE_BR, 2, SW(I##W##_##A##_NE_BR)) \
  X(I##W##_##A##_LT_S_BR, 2, SW(I##W##_##A##_LT_S_BR)) X(I##W##_##A##_LT_U_BR, 2, SW(I##W##_##A##_LT_U_BR)) \
  X(I##W##_##A##_GT_S_BR, 2, SW(I##W##_##A##_GT_S_BR)) X(I##W##_##A##_GT_U_BR, 2, SW(I##W##_##A##_GT_U_BR)) \
  X(I##W##_##A##_LE_S_BR, 2, SW(I##W##_##A##_LE_S_BR)) X(I##W##_##A##_LE_U_BR, 2, SW(I##W##_##A##_LE_U_BR)) \
  X(I##W##_##A##_GE_S_BR, 2, SW(I##W##_##A##_GE_S_BR)) X(I##W##_##A##_GE_U_BR, 2, SW(I##W##_##A##_GE_U_BR))
#define WB_ACC_SELF(name) name
#define WB_ACC_NONE(name) NONE
#define WB_ACC_FIXED_OPS(X) WB_ACC_CONTROL_OPS(X) WB_ACC_ARITH_CMP_BR(X, 32, ADD, WB_ACC_SELF) \
  WB_ACC_ARITH_CMP_BR(X, 32, SUB, WB_ACC_NONE) WB_ACC_ARITH_CMP_BR(X, 64, ADD, WB_ACC_SELF)
#define WB_IOP_ACC_FIXED(name, pos, swapped) WB_IOP(name##_A)
/* And subtractions take their second operand from acc: NAME_B. */
#define WB_ACC_SUB_B(X) X(I32_SUB) X(I64_SUB)
#define WB_IOP_ACC_B(name) WB_IOP(name##_B)
/* Numeric instructions take their first operand from acc (operand 2). */
#define WB_IOP_ACC_NUM(name, ...) WB_IOP(name##_A)
/* Loads and stores take their address from acc (operand 2, NAME_A and NAME_AX_A: the first term),
 * stores also their value (operand 1, NAME_V and NAME_AX_V); guard-page mode only. */
#define WB_IOP_ACC_MEM(name, code, vt, bytes, is_store, sx) \
  WB_IOP(name##_A) WB_IOP(name##_AX_A) WB_IOP_ACC_STORE_##is_store(name)
#define WB_IOP_ACC_STORE_0(name)
#define WB_IOP_ACC_STORE_1(name) WB_IOP(name##_V) WB_IOP(name##_AX_V)
/* Fused pairs take their first operand from acc (operand 2), loads feeding an operation their
 * address (_L) or the other operand (_R) (operand 2), operations feeding a store their first
 * operand (operand 1), loads through a loaded pointer the first address (operand 2). */
#define WB_IOP_ACC_PAIR(T, op1, op2) WB_IOP(FUSE_##T##_##op1##_##op2##_L_A) WB_IOP(FUSE_##T##_##op1##_##op2##_R_A)
#define WB_IOP_ACC_LOAD_OP(load, T, op) WB_IOP(LD_##load##_##op##_L_A) WB_IOP(LD_##load##_##op##_R_A)
#define WB_IOP_ACC_OP_STORE(T, op, store) WB_IOP(ST_##T##_##op##_##store##_A)
#define WB_IOP_ACC_LL(name, ...) WB_IOP(LL_##name##_A)
#define WB_ACC_IOPS \
  WB_ACC_FIXED_OPS(WB_IOP_ACC_FIXED) WB_ACC_SUB_B(WB_IOP_ACC_B) WB_NUMERIC_OPS(WB_IOP_ACC_NUM) \
  WB_SATURATING_OPS(WB_IOP_ACC_NUM) WB_MEMORY_OPS(WB_IOP_ACC_MEM) \
  WB_FUSE_PAIRS(WB_IOP_ACC_PAIR) WB_FUSE_LOAD_OPS(WB_IOP_ACC_LOAD_OP) WB_FUSE_STORE_OPS(WB_IOP_ACC_OP_STORE) \
  WB_FUSE_LOAD_LOAD_OPS(WB_IOP_ACC_LL)

/* Every instruction, in enum order: expands WB_IOP(NAME) for each (define it around a use). */
#define WB_IOP_ONE(name, ...) WB_IOP(name)
#define WB_IOP_MEM(name, ...) WB_IOP(name) WB_IOP(name##_CHK)
#define WB_IOP_MEM_AX(name, ...) WB_IOP(name##_AX) WB_IOP(name##_AX_CHK)
#define WB_IOP_PAIR(T, op1, op2) WB_IOP(FUSE_##T##_##op1##_##op2##_L) WB_IOP(FUSE_##T##_##op1##_##op2##_R)
#define WB_IOP_LOAD_OP(load, T, op) WB_IOP(LD_##load##_##op##_L) WB_IOP(LD_##load##_##op##_R)
#define WB_IOP_OP_STORE(T, op, store) WB_IOP(ST_##T##_##op##_##store)
#define WB_IOP_RMW(load, T, op, store) WB_IOP(RMW_##load##_##op##_L) WB_IOP(RMW_##load##_##op##_R)
#define WB_IOP_LL(name, ...) WB_IOP(LL_##name)
#define WB_IOP_BRANCH_JOIN(first, len, branch) WB_IOP(first##_##branch)
/* SIMD loads and stores of a whole vector (not lanes) with an i32.add address: NAME_AX. */
#define WB_IOP_SIMD_AX(name, code, kind, bytes) WB_IOP_SIMD_AX_##kind(name)
#define WB_IOP_SIMD_AX_load(name) WB_IOP(name##_AX)
#define WB_IOP_SIMD_AX_store(name) WB_IOP(name##_AX)
#define WB_IOP_SIMD_AX_load_lane(name)
#define WB_IOP_SIMD_AX_store_lane(name)
#define WB_IOPS \
  WB_INTERP_CONTROL_OPS(WB_IOP_ONE) WB_NUMERIC_OPS(WB_IOP_ONE) WB_SATURATING_OPS(WB_IOP_ONE) \
  WB_SIMD_IOPS(WB_IOP_ONE) \
  /* Loads and stores: d/a addr offset. The _CHK variants check bounds explicitly. */ \
  WB_MEMORY_OPS(WB_IOP_MEM) WB_SIMD_MEM_IOPS(WB_IOP_MEM) \
  WB_IOP(COPY_COPY) WB_MEMORY_OPS(WB_IOP_MEM_AX) WB_FUSE_PAIRS(WB_IOP_PAIR) WB_FUSE_LOAD_OPS(WB_IOP_LOAD_OP) \
  WB_FUSE_STORE_OPS(WB_IOP_OP_STORE) WB_FUSE_RMW_OPS(WB_IOP_RMW) WB_FUSE_LOAD_LOAD_OPS(WB_IOP_LL) \
  WB_FUSE_BRANCH_JOINS(WB_IOP_BRANCH_JOIN) \
  WB_SIMD_MEMORY_OPS(WB_IOP_SIMD_AX) WB_SIMD_FUSED_IOPS WB_ACC_IOPS

enum wb_iop {
#define WB_IOP(name) WB_IOP_##name,
  WB_IOPS
#undef WB_IOP
  WB_IOP_COUNT
};
#define WB_IOP_FUSE_I32_FIRST WB_IOP_FUSE_I32_ADD_ADD_L
#define WB_IOP_FUSE_I64_FIRST WB_IOP_FUSE_I64_ADD_ADD_L
#define WB_IOP_FUSE_F64_FIRST WB_IOP_FUSE_F64_ADD_ADD_L

/* Maps translated code back to Wasm byte offsets: entries sorted by cell index. */
typedef struct wb_code_pos {
  uint32_t cell;
  uint32_t offset;              /* byte offset in the module */
} wb_code_pos;

/* Distinct constants a function keeps in frame slots (more are materialized by instructions):
 * the first WB_FIRST_POOLED_CONSTS met; a function with more is translated again with up to
 * WB_MAX_POOLED_CONSTS of them, the most used first. */
#define WB_FIRST_POOLED_CONSTS 64
#define WB_MAX_POOLED_CONSTS 256

typedef struct wb_code {
  uint32_t *cells;
  uint32_t ncells;
  uint32_t param_slots;         /* slots taken by the parameters (fp[0..]) */
  uint32_t local_slots;         /* parameters + declared locals (zeroed on entry) */
  uint32_t const_base, nconsts; /* constants at fp[const_base..] (const_base == local_slots) */
  /* What a call writes above the parameters: zeros for the declared locals, then the constants
   * (fp[param_slots .. const_base + nconsts)), one copy for both. */
  uint64_t *frame_init;
  uint32_t nframe_init;
  uint32_t frame_slots;         /* locals + constants + the deepest operand stack */
  wb_code_pos *pos;
  uint32_t npos;
} wb_code;

/* A call record: one per active Wasm function on a thread (kept apart from the value stack
 * so that a caller's argument slots become the callee's parameters without copying). */
typedef struct wb_call_rec {
  wb_funcinst *func;
  uint64_t *fp;
  const uint32_t *pc;           /* where this frame continues (saved when it calls or traps) */
  const wb_code *code;
} wb_call_rec;

/* Instruction names, indexed by enum wb_iop (dump.c). */
extern const char *const wb_interp_iop_names[WB_IOP_COUNT];

/* Translation modes: explicit bounds checks; fuel/interrupt checks (METER at function entries
 * and loops). Each mode has its own cached translation. */
#define WB_CODE_CHECKED 1u
#define WB_CODE_METERED 2u
#define WB_CODE_MODES 4u

/* Returns the translated code of a Wasm function in the given mode, translating on first use
 * (thread-safe: published with compare-and-swap). Returns NULL only when memory is exhausted. */
const wb_code *wb_interp_get_code(const wb_module *m, uint32_t func_index, unsigned mode);

/* The handler cell of finished code for each enum wb_iop (interp.c; the enum value itself in the
 * profiling build, which counts handlers by it). */
const uint32_t *wb_interp_handler_cells(void);

#endif
