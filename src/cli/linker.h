/* cli/linker.h — resolving a module's imports by name for the front ends (run, wast; WASI later):
 * named providers are whole instances (wast `register`) or single host objects (spectest, WASI
 * functions). The engine then checks the resolved externs' types (wb_instantiate). */
#ifndef WB_CLI_LINKER_H
#define WB_CLI_LINKER_H
#include "engine/engine.h"

typedef struct wb_cli_linker wb_cli_linker;

/* NULL when out of memory. */
wb_cli_linker *wb_cli_linker_new(void);
void wb_cli_linker_free(wb_cli_linker *l);

/* Offers every export of inst as module `name`. A later registration of a name hides earlier ones. */
wb_status wb_cli_linker_add_instance(wb_cli_linker *l, const char *name, const wb_instance *inst, wb_error *err);

/* Offers one object as "module"."name" (copied). */
wb_status wb_cli_linker_define(wb_cli_linker *l, const char *module, const char *name, const wb_extern *ext,
                               wb_error *err);

/* Fills imports[0 .. m->nimports) in import order. Failure (WB_ERR_LINK), with the spec's words:
 * `unknown import "mod"."name" (func [i32] -> [])` or
 * `incompatible import type "mod"."name": expected func, found memory`. */
wb_status wb_cli_linker_resolve(const wb_cli_linker *l, const wb_module *m, wb_extern *imports, wb_error *err);

/* Looks up an export by its exact bytes: names may contain NUL, which wb_instance_export's
 * C string cannot carry. */
bool wb_cli_instance_export(const wb_instance *inst, const char *name, size_t len, wb_extern *out);

#endif
