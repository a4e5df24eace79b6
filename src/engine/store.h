/* engine/store.h — engine-internal: what instance.c needs from the store beyond engine.h
 * (taking ownership of instances). Not for use outside engine/. */
#ifndef WB_ENGINE_STORE_H
#define WB_ENGINE_STORE_H
#include "engine/engine.h"

/* Hands inst to the store, which frees it (and its arrays) in wb_store_free.
 * Returns false when out of memory (inst is then still the caller's). */
bool wb_store_adopt_instance(wb_store *s, wb_instance *inst);

/* Frees an instance's own arrays (not the objects they point at, which the store owns). */
void wb_instance_free(wb_instance *inst);

#endif
