/* rt/table.h — tables of references (funcref: wb_funcinst pointers; externref: opaque). */
#ifndef WB_RT_TABLE_H
#define WB_RT_TABLE_H
#include <stdbool.h>
#include <stdint.h>
#include "ir/module.h"
#include "util/error.h"

typedef struct wb_table {
  void **elems;                /* size entries, NULL = null reference */
  uint32_t size;
  uint32_t max;                /* declared maximum or UINT32_MAX */
  wb_tabletype type;           /* current type (min = current size), for import matching */
} wb_table;

/* Creates a table of type->limits.min entries, all set to init. */
wb_status wb_table_new(const wb_tabletype *type, void *init, wb_table **out, wb_error *err);
void wb_table_free(wb_table *t);
/* table.grow: returns the old size, or -1 when refused. */
int64_t wb_table_grow(wb_table *t, uint32_t delta, void *init);

#endif
