/* valid/simd.h — the fixed-width SIMD instructions (prefix 0xFD) for the validator: reading their
 * immediates and describing their types, from the tables of ir/opcodes_simd.h. validate.c calls
 * it from its 0xFD hooks (the body check and the encoding-only skim). */
#ifndef WB_VALID_SIMD_H
#define WB_VALID_SIMD_H
#include <stdbool.h>
#include <stdint.h>

/* How to type one SIMD instruction, once its immediates are read. */
typedef struct wb_simd_check {
  uint8_t nparams;
  uint8_t params[3];       /* operand types, bottom of the stack first */
  uint8_t result;          /* its result type, or 0 for none (stores) */
  bool uses_memory;        /* needs memory 0 */
  const char *invalid;     /* the first rule its immediates break, or NULL: "alignment must not
                            * be larger than natural" or "invalid lane index" */
} wb_simd_check;

/* Reads the immediates of the 0xFD instruction with sub-opcode `sub` from *pp (not past end),
 * advancing *pp, and fills *out. Returns NULL, or the encoding error that makes the body
 * malformed: "illegal opcode", "unexpected end of section or function", "integer too large",
 * "integer representation too long". */
const char *wb_simd_read(uint32_t sub, const uint8_t **pp, const uint8_t *end, wb_simd_check *out);

#endif
