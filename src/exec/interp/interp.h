/* exec/interp/interp.h — the interpreter tier: lazy translation of validated function bodies
 * into register-style code, and its execution loop. Entered only through wb_call (engine/),
 * which has set up the thread's entry for traps. */
#ifndef WB_EXEC_INTERP_H
#define WB_EXEC_INTERP_H
#include "rt/func.h"
#include "rt/value.h"

/* Runs Wasm function f (not a host function) with args, writing results. Traps unwind past it. */
void wb_interp_call(wb_funcinst *f, const wb_value *args, wb_value *results);

#endif
