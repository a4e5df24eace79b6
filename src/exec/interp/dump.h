/* exec/interp/dump.h — a listing of translated code for tuning the translator
 * (WASMBOX_DUMP_CODE=1; see dump.c). */
#ifndef WB_EXEC_INTERP_DUMP_H
#define WB_EXEC_INTERP_DUMP_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct wb_code;

bool wb_interp_dump_enabled(void);
/* starts: the cell index of each instruction, in order. */
void wb_interp_dump(FILE *out, uint32_t func_index, const struct wb_code *code, const uint32_t *starts,
                    uint32_t nstarts);

#ifdef WB_INTERP_PROFILE
void wb_interp_profile_note(uint32_t iop);
#endif

#endif
