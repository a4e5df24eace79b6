/* cli/spectest.h — the `spectest` host module the official test scripts import: print
 * functions, four immutable globals, a table and a memory, created as host objects in a store. */
#ifndef WB_CLI_SPECTEST_H
#define WB_CLI_SPECTEST_H
#include "cli/linker.h"
#include "engine/engine.h"

/* Creates the spectest objects in s and offers them through l as module "spectest":
 * print, print_i32, print_i64, print_f32, print_f64, print_i32_f32, print_f64_f64 (each argument
 * printed to stdout as "VALUE : TYPE", like the reference interpreter), global_i32 = 666,
 * global_i64 = 666, global_f32 = 666.6, global_f64 = 666.6, table (10..20 funcref),
 * memory (1..2 pages). */
wb_status wb_spectest_register(wb_store *s, wb_cli_linker *l, wb_error *err);

#endif
