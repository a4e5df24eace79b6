/* ir/opcodes.h — the instruction set as one source of truth (X-macro tables), shared by the
 * validator and every execution tier. Plain numeric and memory instructions are described
 * entirely by the tables; structured/variable instructions have named opcodes only. */
#ifndef WB_IR_OPCODES_H
#define WB_IR_OPCODES_H
#include "ir/module.h"

/* Abbreviations used in the tables below. */
#define WB_T_i32 WB_I32
#define WB_T_i64 WB_I64
#define WB_T_f32 WB_F32
#define WB_T_f64 WB_F64
#define WB_T_none 0

/* Numeric instructions: X(NAME, opcode, param1, param2 or none, result). */
#define WB_NUMERIC_OPS(X) \
  X(I32_EQZ, 0x45, i32, none, i32) X(I32_EQ, 0x46, i32, i32, i32) X(I32_NE, 0x47, i32, i32, i32) \
  X(I32_LT_S, 0x48, i32, i32, i32) X(I32_LT_U, 0x49, i32, i32, i32) X(I32_GT_S, 0x4A, i32, i32, i32) \
  X(I32_GT_U, 0x4B, i32, i32, i32) X(I32_LE_S, 0x4C, i32, i32, i32) X(I32_LE_U, 0x4D, i32, i32, i32) \
  X(I32_GE_S, 0x4E, i32, i32, i32) X(I32_GE_U, 0x4F, i32, i32, i32) \
  X(I64_EQZ, 0x50, i64, none, i32) X(I64_EQ, 0x51, i64, i64, i32) X(I64_NE, 0x52, i64, i64, i32) \
  X(I64_LT_S, 0x53, i64, i64, i32) X(I64_LT_U, 0x54, i64, i64, i32) X(I64_GT_S, 0x55, i64, i64, i32) \
  X(I64_GT_U, 0x56, i64, i64, i32) X(I64_LE_S, 0x57, i64, i64, i32) X(I64_LE_U, 0x58, i64, i64, i32) \
  X(I64_GE_S, 0x59, i64, i64, i32) X(I64_GE_U, 0x5A, i64, i64, i32) \
  X(F32_EQ, 0x5B, f32, f32, i32) X(F32_NE, 0x5C, f32, f32, i32) X(F32_LT, 0x5D, f32, f32, i32) \
  X(F32_GT, 0x5E, f32, f32, i32) X(F32_LE, 0x5F, f32, f32, i32) X(F32_GE, 0x60, f32, f32, i32) \
  X(F64_EQ, 0x61, f64, f64, i32) X(F64_NE, 0x62, f64, f64, i32) X(F64_LT, 0x63, f64, f64, i32) \
  X(F64_GT, 0x64, f64, f64, i32) X(F64_LE, 0x65, f64, f64, i32) X(F64_GE, 0x66, f64, f64, i32) \
  X(I32_CLZ, 0x67, i32, none, i32) X(I32_CTZ, 0x68, i32, none, i32) X(I32_POPCNT, 0x69, i32, none, i32) \
  X(I32_ADD, 0x6A, i32, i32, i32) X(I32_SUB, 0x6B, i32, i32, i32) X(I32_MUL, 0x6C, i32, i32, i32) \
  X(I32_DIV_S, 0x6D, i32, i32, i32) X(I32_DIV_U, 0x6E, i32, i32, i32) X(I32_REM_S, 0x6F, i32, i32, i32) \
  X(I32_REM_U, 0x70, i32, i32, i32) X(I32_AND, 0x71, i32, i32, i32) X(I32_OR, 0x72, i32, i32, i32) \
  X(I32_XOR, 0x73, i32, i32, i32) X(I32_SHL, 0x74, i32, i32, i32) X(I32_SHR_S, 0x75, i32, i32, i32) \
  X(I32_SHR_U, 0x76, i32, i32, i32) X(I32_ROTL, 0x77, i32, i32, i32) X(I32_ROTR, 0x78, i32, i32, i32) \
  X(I64_CLZ, 0x79, i64, none, i64) X(I64_CTZ, 0x7A, i64, none, i64) X(I64_POPCNT, 0x7B, i64, none, i64) \
  X(I64_ADD, 0x7C, i64, i64, i64) X(I64_SUB, 0x7D, i64, i64, i64) X(I64_MUL, 0x7E, i64, i64, i64) \
  X(I64_DIV_S, 0x7F, i64, i64, i64) X(I64_DIV_U, 0x80, i64, i64, i64) X(I64_REM_S, 0x81, i64, i64, i64) \
  X(I64_REM_U, 0x82, i64, i64, i64) X(I64_AND, 0x83, i64, i64, i64) X(I64_OR, 0x84, i64, i64, i64) \
  X(I64_XOR, 0x85, i64, i64, i64) X(I64_SHL, 0x86, i64, i64, i64) X(I64_SHR_S, 0x87, i64, i64, i64) \
  X(I64_SHR_U, 0x88, i64, i64, i64) X(I64_ROTL, 0x89, i64, i64, i64) X(I64_ROTR, 0x8A, i64, i64, i64) \
  X(F32_ABS, 0x8B, f32, none, f32) X(F32_NEG, 0x8C, f32, none, f32) X(F32_CEIL, 0x8D, f32, none, f32) \
  X(F32_FLOOR, 0x8E, f32, none, f32) X(F32_TRUNC, 0x8F, f32, none, f32) X(F32_NEAREST, 0x90, f32, none, f32) \
  X(F32_SQRT, 0x91, f32, none, f32) X(F32_ADD, 0x92, f32, f32, f32) X(F32_SUB, 0x93, f32, f32, f32) \
  X(F32_MUL, 0x94, f32, f32, f32) X(F32_DIV, 0x95, f32, f32, f32) X(F32_MIN, 0x96, f32, f32, f32) \
  X(F32_MAX, 0x97, f32, f32, f32) X(F32_COPYSIGN, 0x98, f32, f32, f32) \
  X(F64_ABS, 0x99, f64, none, f64) X(F64_NEG, 0x9A, f64, none, f64) X(F64_CEIL, 0x9B, f64, none, f64) \
  X(F64_FLOOR, 0x9C, f64, none, f64) X(F64_TRUNC, 0x9D, f64, none, f64) X(F64_NEAREST, 0x9E, f64, none, f64) \
  X(F64_SQRT, 0x9F, f64, none, f64) X(F64_ADD, 0xA0, f64, f64, f64) X(F64_SUB, 0xA1, f64, f64, f64) \
  X(F64_MUL, 0xA2, f64, f64, f64) X(F64_DIV, 0xA3, f64, f64, f64) X(F64_MIN, 0xA4, f64, f64, f64) \
  X(F64_MAX, 0xA5, f64, f64, f64) X(F64_COPYSIGN, 0xA6, f64, f64, f64) \
  X(I32_WRAP_I64, 0xA7, i64, none, i32) X(I32_TRUNC_F32_S, 0xA8, f32, none, i32) \
  X(I32_TRUNC_F32_U, 0xA9, f32, none, i32) X(I32_TRUNC_F64_S, 0xAA, f64, none, i32) \
  X(I32_TRUNC_F64_U, 0xAB, f64, none, i32) X(I64_EXTEND_I32_S, 0xAC, i32, none, i64) \
  X(I64_EXTEND_I32_U, 0xAD, i32, none, i64) X(I64_TRUNC_F32_S, 0xAE, f32, none, i64) \
  X(I64_TRUNC_F32_U, 0xAF, f32, none, i64) X(I64_TRUNC_F64_S, 0xB0, f64, none, i64) \
  X(I64_TRUNC_F64_U, 0xB1, f64, none, i64) X(F32_CONVERT_I32_S, 0xB2, i32, none, f32) \
  X(F32_CONVERT_I32_U, 0xB3, i32, none, f32) X(F32_CONVERT_I64_S, 0xB4, i64, none, f32) \
  X(F32_CONVERT_I64_U, 0xB5, i64, none, f32) X(F32_DEMOTE_F64, 0xB6, f64, none, f32) \
  X(F64_CONVERT_I32_S, 0xB7, i32, none, f64) X(F64_CONVERT_I32_U, 0xB8, i32, none, f64) \
  X(F64_CONVERT_I64_S, 0xB9, i64, none, f64) X(F64_CONVERT_I64_U, 0xBA, i64, none, f64) \
  X(F64_PROMOTE_F32, 0xBB, f32, none, f64) X(I32_REINTERPRET_F32, 0xBC, f32, none, i32) \
  X(I64_REINTERPRET_F64, 0xBD, f64, none, i64) X(F32_REINTERPRET_I32, 0xBE, i32, none, f32) \
  X(F64_REINTERPRET_I64, 0xBF, i64, none, f64) \
  X(I32_EXTEND8_S, 0xC0, i32, none, i32) X(I32_EXTEND16_S, 0xC1, i32, none, i32) \
  X(I64_EXTEND8_S, 0xC2, i64, none, i64) X(I64_EXTEND16_S, 0xC3, i64, none, i64) \
  X(I64_EXTEND32_S, 0xC4, i64, none, i64)

/* Non-trapping float-to-int conversions, prefix 0xFC: X(NAME, subopcode, param, none, result). */
#define WB_SATURATING_OPS(X) \
  X(I32_TRUNC_SAT_F32_S, 0, f32, none, i32) X(I32_TRUNC_SAT_F32_U, 1, f32, none, i32) \
  X(I32_TRUNC_SAT_F64_S, 2, f64, none, i32) X(I32_TRUNC_SAT_F64_U, 3, f64, none, i32) \
  X(I64_TRUNC_SAT_F32_S, 4, f32, none, i64) X(I64_TRUNC_SAT_F32_U, 5, f32, none, i64) \
  X(I64_TRUNC_SAT_F64_S, 6, f64, none, i64) X(I64_TRUNC_SAT_F64_U, 7, f64, none, i64)

/* Loads and stores: X(NAME, opcode, value type, bytes accessed, is_store, signed extension).
 * The natural alignment (the largest valid alignment exponent) is log2(bytes). */
#define WB_MEMORY_OPS(X) \
  X(I32_LOAD, 0x28, i32, 4, 0, 0) X(I64_LOAD, 0x29, i64, 8, 0, 0) X(F32_LOAD, 0x2A, f32, 4, 0, 0) \
  X(F64_LOAD, 0x2B, f64, 8, 0, 0) X(I32_LOAD8_S, 0x2C, i32, 1, 0, 1) X(I32_LOAD8_U, 0x2D, i32, 1, 0, 0) \
  X(I32_LOAD16_S, 0x2E, i32, 2, 0, 1) X(I32_LOAD16_U, 0x2F, i32, 2, 0, 0) \
  X(I64_LOAD8_S, 0x30, i64, 1, 0, 1) X(I64_LOAD8_U, 0x31, i64, 1, 0, 0) \
  X(I64_LOAD16_S, 0x32, i64, 2, 0, 1) X(I64_LOAD16_U, 0x33, i64, 2, 0, 0) \
  X(I64_LOAD32_S, 0x34, i64, 4, 0, 1) X(I64_LOAD32_U, 0x35, i64, 4, 0, 0) \
  X(I32_STORE, 0x36, i32, 4, 1, 0) X(I64_STORE, 0x37, i64, 8, 1, 0) X(F32_STORE, 0x38, f32, 4, 1, 0) \
  X(F64_STORE, 0x39, f64, 8, 1, 0) X(I32_STORE8, 0x3A, i32, 1, 1, 0) X(I32_STORE16, 0x3B, i32, 2, 1, 0) \
  X(I64_STORE8, 0x3C, i64, 1, 1, 0) X(I64_STORE16, 0x3D, i64, 2, 1, 0) X(I64_STORE32, 0x3E, i64, 4, 1, 0)

/* Every other single-byte opcode. */
enum wb_opcode {
  WB_OP_UNREACHABLE = 0x00, WB_OP_NOP = 0x01, WB_OP_BLOCK = 0x02, WB_OP_LOOP = 0x03,
  WB_OP_IF = 0x04, WB_OP_ELSE = 0x05, WB_OP_END = 0x0B, WB_OP_BR = 0x0C, WB_OP_BR_IF = 0x0D,
  WB_OP_BR_TABLE = 0x0E, WB_OP_RETURN = 0x0F, WB_OP_CALL = 0x10, WB_OP_CALL_INDIRECT = 0x11,
  WB_OP_DROP = 0x1A, WB_OP_SELECT = 0x1B, WB_OP_SELECT_T = 0x1C,
  WB_OP_LOCAL_GET = 0x20, WB_OP_LOCAL_SET = 0x21, WB_OP_LOCAL_TEE = 0x22,
  WB_OP_GLOBAL_GET = 0x23, WB_OP_GLOBAL_SET = 0x24, WB_OP_TABLE_GET = 0x25, WB_OP_TABLE_SET = 0x26,
  WB_OP_MEMORY_SIZE = 0x3F, WB_OP_MEMORY_GROW = 0x40,
  WB_OP_I32_CONST = 0x41, WB_OP_I64_CONST = 0x42, WB_OP_F32_CONST = 0x43, WB_OP_F64_CONST = 0x44,
  WB_OP_REF_NULL = 0xD0, WB_OP_REF_IS_NULL = 0xD1, WB_OP_REF_FUNC = 0xD2,
  WB_OP_PREFIX_FC = 0xFC, WB_OP_PREFIX_FD = 0xFD,
#define WB_X_ENUM(name, code, ...) WB_OP_##name = code,
  WB_NUMERIC_OPS(WB_X_ENUM) WB_MEMORY_OPS(WB_X_ENUM)
#undef WB_X_ENUM
};

/* Sub-opcodes after the 0xFC prefix (a u32 LEB128). */
enum wb_opcode_fc {
#define WB_X_ENUM(name, code, ...) WB_FC_##name = code,
  WB_SATURATING_OPS(WB_X_ENUM)
#undef WB_X_ENUM
  WB_FC_MEMORY_INIT = 8, WB_FC_DATA_DROP = 9, WB_FC_MEMORY_COPY = 10, WB_FC_MEMORY_FILL = 11,
  WB_FC_TABLE_INIT = 12, WB_FC_ELEM_DROP = 13, WB_FC_TABLE_COPY = 14, WB_FC_TABLE_GROW = 15,
  WB_FC_TABLE_SIZE = 16, WB_FC_TABLE_FILL = 17,
};

/* Block types: 0x40 = empty, a value type = one result, otherwise a type index (s33). */
#define WB_BLOCKTYPE_EMPTY 0x40

#endif
