/* rt/func.c — host function instances (Wasm function instances are built by engine/instance.c
 * inside their instance). */
#include "rt/func.h"
#include <stdlib.h>
#include <string.h>

wb_funcinst *wb_funcinst_new_host(uint32_t nparams, uint32_t nresults, const uint8_t *types,
                                  wb_host_callback cb, void *env, void (*env_free)(void *)) {
  wb_funcinst *f = calloc(1, sizeof *f);
  if (!f) return NULL;
  size_t n = (size_t)nparams + nresults;
  f->host_type.types = malloc(n ? n : 1);
  if (!f->host_type.types) {
    free(f);
    return NULL;
  }
  if (n) memcpy(f->host_type.types, types, n);
  f->host_type.nparams = nparams;
  f->host_type.nresults = nresults;
  f->host_type.canon_id = wb_functype_intern(nparams, nresults, f->host_type.types);
  f->type = &f->host_type;
  f->type_id = f->host_type.canon_id;
  f->host = cb;
  f->host_env = env;
  f->host_env_free = env_free;
  return f;
}

void wb_funcinst_free_host(wb_funcinst *f) {
  if (!f) return;
  if (f->host_env_free) f->host_env_free(f->host_env);
  free(f->host_type.types);
  free(f);
}
