/* exec/interp/code.h — the interpreter's internal code: instruction set, translated-function
 * layout, and the call records of its frames. Shared by the translator and the execution loop
 * only.
 *
 * Code is a stream of 32-bit cells. An instruction is one cell naming its handler (the offset of
 * the handler's label from a base label, for computed-goto dispatch) followed by its operands.
 * Operands are frame slot indices (every value, local or temporary, lives in an 8-byte slot of the
 * frame; a v128 in two), immediates, or absolute cell indices for branch targets. */
#ifndef WB_EXEC_INTERP_CODE_H
#define WB_EXEC_INTERP_CODE_H
#include <stdint.h>
#include "ir/opcodes.h"
#include "exec/interp/code_simd.h"
#include "rt/func.h"

/* Handlers with their operand layout (d = destination slot, a/b/c = source slots). */
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
  X(I32_GE_S_BR)  X(I32_GE_U_BR) X(I32_EQ_BR)   X(I32_NE_BR)

enum wb_iop {
#define WB_X(name) WB_IOP_##name,
  WB_INTERP_CONTROL_OPS(WB_X)
#undef WB_X
#define WB_X(name, ...) WB_IOP_##name,
  WB_NUMERIC_OPS(WB_X) WB_SATURATING_OPS(WB_X) WB_SIMD_IOPS(WB_X)
#undef WB_X
  /* Loads and stores: d/a addr offset. The _CHK variants check bounds explicitly. */
#define WB_X(name, ...) WB_IOP_##name, WB_IOP_##name##_CHK,
  WB_MEMORY_OPS(WB_X) WB_SIMD_MEM_IOPS(WB_X)
#undef WB_X
  WB_IOP_COUNT
};

/* Maps translated code back to Wasm byte offsets: entries sorted by cell index. */
typedef struct wb_code_pos {
  uint32_t cell;
  uint32_t offset;              /* byte offset in the module */
} wb_code_pos;

/* Distinct constants a function keeps in frame slots (more are materialized by instructions). */
#define WB_MAX_POOLED_CONSTS 64

typedef struct wb_code {
  uint32_t *cells;
  uint32_t ncells;
  uint32_t param_slots;         /* slots taken by the parameters (fp[0..]) */
  uint32_t local_slots;         /* parameters + declared locals (zeroed on entry) */
  uint32_t const_base, nconsts; /* constants copied to fp[const_base..] on entry */
  uint64_t *consts;
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

/* Offsets of the handlers from the base label, indexed by enum wb_iop (filled once). */
extern int32_t wb_interp_handler_offsets[WB_IOP_COUNT];
void wb_interp_init_handlers(void);

/* Translation modes: explicit bounds checks; fuel/interrupt checks (METER at function entries
 * and loops). Each mode has its own cached translation. */
#define WB_CODE_CHECKED 1u
#define WB_CODE_METERED 2u
#define WB_CODE_MODES 4u

/* Returns the translated code of a Wasm function in the given mode, translating on first use
 * (thread-safe: published with compare-and-swap). Returns NULL only when memory is exhausted. */
const wb_code *wb_interp_get_code(const wb_module *m, uint32_t func_index, unsigned mode);

#endif
