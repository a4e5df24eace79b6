/* engine/engine.h — stores, instantiation and calls. A store owns every run-time object created
 * in it (instances, memories, tables, globals, host functions) and frees them together.
 * Linking is by explicit extern values: the caller (CLI, wast runner, C API) resolves imports
 * by name and passes them in import order; wb_instantiate checks them with the spec's
 * import-matching rules. */
#ifndef WB_ENGINE_ENGINE_H
#define WB_ENGINE_ENGINE_H
#include <stdbool.h>
#include <stdint.h>
#include "ir/module.h"
#include "rt/func.h"
#include "rt/global.h"
#include "rt/instance.h"
#include "rt/memory.h"
#include "rt/table.h"
#include "rt/trap.h"
#include "util/error.h"

typedef struct wb_store_config {
  bool bounds_checked;           /* explicit bounds checks instead of guard pages */
  uint64_t max_memory_bytes;     /* 0 = no limit beyond the module's own */
  uint64_t fuel;                 /* 0 = unlimited; else Wasm instructions the store may run */
  bool interruptible;            /* code checks for wb_store_interrupt (time limits) */
  uint64_t max_stack_bytes;      /* 0 = the thread's whole Wasm stack; else a smaller bound */
} wb_store_config;

typedef struct wb_store wb_store;

/* An extern value: what an import is bound to and what an export yields. */
typedef struct wb_extern {
  uint8_t kind;                  /* wb_externkind */
  union {
    wb_funcinst *func;
    wb_table *table;
    wb_memory *mem;
    wb_global_inst *global;
  } u;
} wb_extern;

/* config may be NULL for defaults (bounds checks from wb_memory_default_bounds_checked()). */
wb_store *wb_store_new(const wb_store_config *config);
void wb_store_free(wb_store *s);
const wb_store_config *wb_store_get_config(const wb_store *s);

/* Makes running code of an interruptible store trap ("interrupted") at its next check; safe to
 * call from any thread or a signal handler. The flag clears when the trap fires. */
void wb_store_interrupt(wb_store *s);
/* Fuel left in a store created with a fuel budget (0 once exhausted). */
uint64_t wb_store_fuel_remaining(const wb_store *s);

/* Objects created directly in a store (host side: spectest, C API). */
wb_funcinst *wb_store_host_func(wb_store *s, uint32_t nparams, uint32_t nresults, const uint8_t *types,
                                wb_host_callback cb, void *env, void (*env_free)(void *));
wb_status wb_store_memory(wb_store *s, const wb_memtype *t, wb_memory **out, wb_error *err);
wb_status wb_store_table(wb_store *s, const wb_tabletype *t, void *init, wb_table **out, wb_error *err);
wb_global_inst *wb_store_global(wb_store *s, wb_globaltype t, wb_value v);

/* Instantiates a validated module. imports has m->nimports entries in import order.
 * Errors: WB_ERR_LINK (type mismatch, message names the import), WB_ERR_INSTANTIATE
 * (segment out of bounds: "out of bounds memory access" / "out of bounds table access"),
 * WB_ERR_TRAP (the start function trapped; *trap receives it when trap is non-NULL).
 * On WB_ERR_INSTANTIATE/WB_ERR_TRAP the instance's effects on imported objects remain, as the spec says. */
wb_status wb_instantiate(wb_store *s, const wb_module *m, const wb_extern *imports,
                         wb_instance **out, wb_trap **trap, wb_error *err);

/* Looks up an export by name; returns false when absent. */
bool wb_instance_export(const wb_instance *inst, const char *name, wb_extern *out);
/* The same for a name of len bytes, which may contain NUL (names are any UTF-8). */
bool wb_instance_export_n(const wb_instance *inst, const char *name, size_t len, wb_extern *out);

/* Calls a function from the host: args has one value per parameter, results room for every
 * result. Returns WB_OK, or WB_ERR_TRAP with *trap set (caller frees it). Reentrant: host
 * functions may call back into Wasm. */
wb_status wb_call(wb_funcinst *f, const wb_value *args, wb_value *results, wb_trap **trap);

/* Import matching (exported for the C API and messages): whether ext can satisfy import imp. */
bool wb_extern_matches_import(const wb_module *m, const wb_import *imp, const wb_extern *ext,
                              wb_error *err);

#endif
