/* rt/instance.h — a module instance as execution tiers see it: resolved index spaces, segment
 * states, and the module. Built by engine/instance.c. */
#ifndef WB_RT_INSTANCE_H
#define WB_RT_INSTANCE_H
#include <stdbool.h>
#include "ir/module.h"
#include "rt/func.h"
#include "rt/global.h"
#include "rt/memory.h"
#include "rt/meter.h"
#include "rt/table.h"

typedef struct wb_instance {
  const wb_module *module;
  wb_funcinst **funcs;           /* nfuncs: imported ones point at the exporter's instances */
  wb_funcinst *own_funcs;        /* the defined functions' instances (funcs[] points into this) */
  wb_table **tables;             /* ntables */
  wb_memory **mems;              /* nmems */
  wb_global_inst **globals;      /* nglobals */
  bool *elem_dropped;            /* nelems: passive segments dropped (or active/declarative ones used) */
  bool *data_dropped;            /* ndatas */
  struct wb_store *store;
  wb_meter *meter;               /* the store's limits, read by the execution tier */
  void *host_data;               /* for embedders (C API, WASI) */
} wb_instance;

#endif
