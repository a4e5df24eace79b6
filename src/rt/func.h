/* rt/func.h — function instances: what a funcref points at. A Wasm function knows its instance
 * and index; a host function carries a callback. Tiers call host functions only through here. */
#ifndef WB_RT_FUNC_H
#define WB_RT_FUNC_H
#include <stdint.h>
#include "ir/module.h"
#include "rt/trap.h"
#include "rt/value.h"

struct wb_instance;

/* A host function: reads args (one wb_value per parameter), writes results; returns NULL on
 * success or a trap (ownership passes to the caller). `caller` is the calling instance when the
 * call comes from Wasm, else NULL. */
typedef wb_trap *(*wb_host_callback)(void *env, struct wb_instance *caller, const wb_value *args,
                                     wb_value *results);

typedef struct wb_funcinst {
  const wb_functype *type;       /* points into the owning module, or into host_type */
  uint32_t type_id;              /* canonical id (wb_functype_intern) */
  struct wb_instance *instance;  /* Wasm functions: the defining instance; host: NULL */
  uint32_t func_index;           /* Wasm functions: index in the module's function space */
  wb_host_callback host;         /* non-NULL for host functions */
  void *host_env;
  void (*host_env_free)(void *env);
  wb_functype host_type;         /* host functions: owned copy of the type */
  const void *tier_code;         /* Wasm functions: the execution tier's translated code, cached
                                    by the tier on first call (atomic; NULL until then) */
} wb_funcinst;

/* Creates a host function of the given type (types copied). */
wb_funcinst *wb_funcinst_new_host(uint32_t nparams, uint32_t nresults, const uint8_t *types,
                                  wb_host_callback cb, void *env, void (*env_free)(void *));
/* Frees a host function (Wasm function instances belong to their instance). */
void wb_funcinst_free_host(wb_funcinst *f);

#endif
