/* engine/store.c — stores: the owner of every run-time object created in them. Objects are
 * kept in per-kind lists and freed together; nothing is freed individually, because references
 * between instances (imports, table entries) may point at anything in the store. */
#include "engine/store.h"
#include <stdlib.h>

typedef struct ptrvec {
  void **items;
  size_t n, cap;
} ptrvec;

struct wb_store {
  wb_store_config config;
  wb_meter meter;
  ptrvec instances, memories, tables, globals, host_funcs;
};

static bool ptrvec_push(ptrvec *v, void *p) {
  if (v->n == v->cap) {
    size_t cap = v->cap ? v->cap * 2 : 16;
    void **items = realloc(v->items, cap * sizeof *items);
    if (!items) return false;
    v->items = items;
    v->cap = cap;
  }
  v->items[v->n++] = p;
  return true;
}

wb_store *wb_store_new(const wb_store_config *config) {
  wb_store *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  if (config) s->config = *config;
  /* The process-wide switch (environment, spec runner flag) forces checks on every store. */
  s->config.bounds_checked = s->config.bounds_checked || wb_memory_default_bounds_checked();
  s->meter.fuel_limited = s->config.fuel != 0;
  s->meter.fuel = s->config.fuel > INT64_MAX ? INT64_MAX : (int64_t)s->config.fuel;
  s->meter.metered = s->meter.fuel_limited || s->config.interruptible;
  return s;
}

void wb_instance_free(wb_instance *inst) {
  if (!inst) return;
  free(inst->funcs);
  free(inst->own_funcs);
  free(inst->tables);
  free(inst->mems);
  free(inst->globals);
  free(inst->elem_dropped);
  free(inst->data_dropped);
  free(inst);
}

void wb_store_free(wb_store *s) {
  if (!s) return;
  for (size_t i = 0; i < s->instances.n; i++) wb_instance_free(s->instances.items[i]);
  for (size_t i = 0; i < s->memories.n; i++) wb_memory_free(s->memories.items[i]);
  for (size_t i = 0; i < s->tables.n; i++) wb_table_free(s->tables.items[i]);
  for (size_t i = 0; i < s->globals.n; i++) free(s->globals.items[i]);
  for (size_t i = 0; i < s->host_funcs.n; i++) wb_funcinst_free_host(s->host_funcs.items[i]);
  free(s->instances.items);
  free(s->memories.items);
  free(s->tables.items);
  free(s->globals.items);
  free(s->host_funcs.items);
  free(s);
}

const wb_store_config *wb_store_get_config(const wb_store *s) { return &s->config; }

void wb_store_interrupt(wb_store *s) { atomic_store(&s->meter.interrupt, 1); }

uint64_t wb_store_fuel_remaining(const wb_store *s) {
  return s->meter.fuel > 0 ? (uint64_t)s->meter.fuel : 0;
}

bool wb_store_adopt_instance(wb_store *s, wb_instance *inst) {
  inst->store = s;
  inst->meter = &s->meter;
  return ptrvec_push(&s->instances, inst);
}

wb_funcinst *wb_store_host_func(wb_store *s, uint32_t nparams, uint32_t nresults,
                                const uint8_t *types, wb_host_callback cb, void *env,
                                void (*env_free)(void *)) {
  wb_funcinst *f = wb_funcinst_new_host(nparams, nresults, types, cb, env, env_free);
  if (!f) return NULL;
  if (!ptrvec_push(&s->host_funcs, f)) {
    f->host_env_free = NULL; /* on failure the caller keeps its env */
    wb_funcinst_free_host(f);
    return NULL;
  }
  return f;
}

wb_status wb_store_memory(wb_store *s, const wb_memtype *t, wb_memory **out, wb_error *err) {
  uint64_t limit_bytes = s->config.max_memory_bytes;
  uint64_t limit_pages = limit_bytes / WB_PAGE_SIZE;
  /* A limit below one page allows no pages at all, which limit_pages == 0 cannot express. */
  bool zero_limit = limit_bytes && !limit_pages;
  if (zero_limit && t->limits.min > 0) {
    *out = NULL;
    return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET,
                   "memory of %llu pages exceeds the store's limit of %llu bytes",
                   (unsigned long long)t->limits.min, (unsigned long long)limit_bytes);
  }
  wb_status st = wb_memory_new(t, s->config.bounds_checked, limit_pages, out, err);
  if (st != WB_OK) return st;
  if (zero_limit) (*out)->max_pages = 0;
  if (!ptrvec_push(&s->memories, *out)) {
    wb_memory_free(*out);
    *out = NULL;
    return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET, "out of memory");
  }
  return WB_OK;
}

wb_status wb_store_table(wb_store *s, const wb_tabletype *t, void *init, wb_table **out,
                         wb_error *err) {
  wb_status st = wb_table_new(t, init, out, err);
  if (st != WB_OK) return st;
  if (!ptrvec_push(&s->tables, *out)) {
    wb_table_free(*out);
    *out = NULL;
    return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET, "out of memory");
  }
  return WB_OK;
}

wb_global_inst *wb_store_global(wb_store *s, wb_globaltype t, wb_value v) {
  wb_global_inst *g = malloc(sizeof *g);
  if (!g) return NULL;
  g->value = v;
  g->type = t;
  if (!ptrvec_push(&s->globals, g)) {
    free(g);
    return NULL;
  }
  return g;
}
