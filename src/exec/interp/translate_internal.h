/* exec/interp/translate_internal.h — what translate.c lends the translators of instruction groups
 * kept in files of their own (translate_simd.c): reading immediates, the virtual operand stack,
 * and emitting code. The translator itself stays private to translate.c. */
#ifndef WB_EXEC_INTERP_TRANSLATE_INTERNAL_H
#define WB_EXEC_INTERP_TRANSLATE_INTERNAL_H
#include <stdbool.h>
#include <stdint.h>

typedef struct translator translator;

/* Immediates of the (validated) body at the translator's position. */
uint32_t wb_tr_u32(translator *t);
const uint8_t *wb_tr_bytes(translator *t, uint32_t n);   /* takes n bytes in place */

/* The virtual operand stack: pop returns the slot holding the value, push the slot (the new
 * entry's home) an instruction must write. */
uint32_t wb_tr_pop(translator *t);
uint32_t wb_tr_push(translator *t, uint8_t type);

/* Pushes a v128.const (pooled when there is room). */
void wb_tr_push_v128_const(translator *t, const uint8_t bytes[16]);

/* Emitting: an instruction's handler, then its operand cells; emit_dst emits the destination
 * slot (so a following local.set can retarget it). */
void wb_tr_op(translator *t, uint32_t iop);
void wb_tr_emit(translator *t, uint32_t cell);
void wb_tr_emit_dst(translator *t, uint32_t slot);

/* When the instruction just emitted is an i32.add whose result is the temporary `addr`, takes it
 * back and returns its operands: the access that follows computes the address itself. */
bool wb_tr_take_add_address(translator *t, uint32_t addr, uint32_t *x, uint32_t *y);

/* When the instruction just emitted wrote the temporary `slot` (a value consumed now, so the two
 * may become one): its handler, with *cells pointing at its cells (the handler's first, operands
 * after it) for reading or rewriting in place. 0 otherwise. */
uint32_t wb_tr_last_made(translator *t, uint32_t slot, uint32_t **cells);
/* The same for the instruction before that one, when it is `len` cells long. */
uint32_t wb_tr_prev_made(translator *t, uint32_t slot, uint32_t len, uint32_t **cells);
/* Takes back the code from `cells` (as the two above returned it) on. keep_pos: the fused
 * instruction replacing it reports a trap at the Wasm offset of the first instruction taken back
 * (a load's), not at the current one's. */
void wb_tr_take_back(translator *t, const uint32_t *cells, bool keep_pos);

/* True when memory accesses need the explicit-check (_CHK) handlers. */
bool wb_tr_checked(const translator *t);

/* The 0xFD instructions (translate_simd.c), called after the prefix byte: translates one, or in
 * unreachable code only skips its immediates. */
void wb_translate_simd(translator *t);
void wb_translate_simd_skip(translator *t);

#endif
