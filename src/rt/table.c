/* rt/table.c — tables of references: a plain array of pointers that grows by reallocation
 * (tables are small next to memories, and every access is bounds-checked by the tier). */
#include "rt/table.h"
#include <stdlib.h>

/* An implementation limit well below UINT32_MAX: a table entry costs 8 bytes, and the spec
 * allows table.grow to fail for any reason. */
#define WB_TABLE_LIMIT 10000000u

wb_status wb_table_new(const wb_tabletype *type, void *init, wb_table **out, wb_error *err) {
  *out = NULL;
  uint64_t max = type->limits.has_max && type->limits.max < UINT32_MAX ? type->limits.max
                                                                       : UINT32_MAX;
  if (type->limits.min > WB_TABLE_LIMIT || type->limits.min > max)
    return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET,
                   "table of %llu entries exceeds the implementation limit of %u",
                   (unsigned long long)type->limits.min, WB_TABLE_LIMIT);
  wb_table *t = calloc(1, sizeof *t);
  if (!t) return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET, "out of memory allocating a table");
  t->size = (uint32_t)type->limits.min;
  t->max = (uint32_t)max;
  t->type = *type;
  /* One spare entry keeps elems non-NULL for empty tables (zero-length copies pass it on). */
  t->elems = malloc(((size_t)t->size + 1) * sizeof *t->elems);
  if (!t->elems) {
    free(t);
    return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET, "out of memory allocating a table of %u entries",
                   (unsigned)type->limits.min);
  }
  for (uint32_t i = 0; i < t->size; i++) t->elems[i] = init;
  *out = t;
  return WB_OK;
}

void wb_table_free(wb_table *t) {
  if (!t) return;
  free(t->elems);
  free(t);
}

int64_t wb_table_grow(wb_table *t, uint32_t delta, void *init) {
  uint32_t old = t->size;
  if (delta > t->max - old || delta > WB_TABLE_LIMIT - old) return -1;
  if (delta == 0) return old;
  uint32_t n = old + delta;
  void **e = realloc(t->elems, ((size_t)n + 1) * sizeof *e);
  if (!e) return -1;
  for (uint32_t i = old; i < n; i++) e[i] = init;
  t->elems = e;
  t->size = n;
  t->type.limits.min = n;
  return old;
}
