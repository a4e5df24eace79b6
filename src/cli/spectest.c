/* cli/spectest.c — the spectest host module. The print functions share one callback; the
 * function's parameter types travel in its env. */
#include "cli/spectest.h"
#include <stdio.h>
#include <string.h>
#include "cli/values.h"

typedef struct print_func {
  const char *name;
  uint32_t nparams;
  uint8_t params[2];
} print_func;

static const print_func print_funcs[] = {
    {"print", 0, {0, 0}},
    {"print_i32", 1, {WB_I32, 0}},
    {"print_i64", 1, {WB_I64, 0}},
    {"print_f32", 1, {WB_F32, 0}},
    {"print_f64", 1, {WB_F64, 0}},
    {"print_i32_f32", 2, {WB_I32, WB_F32}},
    {"print_f64_f64", 2, {WB_F64, WB_F64}},
};

static wb_trap *print_cb(void *env, struct wb_instance *caller, const wb_value *args, wb_value *results) {
  const print_func *pf = env;
  (void)caller;
  (void)results;
  for (uint32_t i = 0; i < pf->nparams; i++) {
    char text[WB_CLI_VALUE_TEXT_MAX];
    wb_cli_format_value(pf->params[i], &args[i], text, sizeof text);
    printf("%s : %s\n", text, wb_valtype_name(pf->params[i]));
  }
  fflush(stdout);
  return NULL;
}

static wb_status define(wb_cli_linker *l, const char *name, uint8_t kind, void *obj, wb_error *err) {
  wb_extern e;
  memset(&e, 0, sizeof e);
  e.kind = kind;
  switch (kind) {
  case WB_EXTERN_FUNC: e.u.func = obj; break;
  case WB_EXTERN_TABLE: e.u.table = obj; break;
  case WB_EXTERN_MEMORY: e.u.mem = obj; break;
  case WB_EXTERN_GLOBAL: e.u.global = obj; break;
  }
  return wb_cli_linker_define(l, "spectest", name, &e, err);
}

static wb_status add_global(wb_store *s, wb_cli_linker *l, const char *name, uint8_t type, wb_value v,
                            wb_error *err) {
  wb_globaltype t = {type, false};
  wb_global_inst *g = wb_store_global(s, t, v);
  if (!g) return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET, "out of memory creating spectest.%s", name);
  return define(l, name, WB_EXTERN_GLOBAL, g, err);
}

wb_status wb_spectest_register(wb_store *s, wb_cli_linker *l, wb_error *err) {
  wb_status st;
  for (size_t i = 0; i < sizeof print_funcs / sizeof print_funcs[0]; i++) {
    const print_func *pf = &print_funcs[i];
    wb_funcinst *f = wb_store_host_func(s, pf->nparams, 0, pf->params, print_cb, (void *)pf, NULL);
    if (!f) return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET, "out of memory creating spectest.%s", pf->name);
    if ((st = define(l, pf->name, WB_EXTERN_FUNC, f, err))) return st;
  }
  wb_value v;
  memset(&v, 0, sizeof v);
  v.i32 = 666;
  if ((st = add_global(s, l, "global_i32", WB_I32, v, err))) return st;
  memset(&v, 0, sizeof v);
  v.i64 = 666;
  if ((st = add_global(s, l, "global_i64", WB_I64, v, err))) return st;
  memset(&v, 0, sizeof v);
  v.f32 = 666.6f;
  if ((st = add_global(s, l, "global_f32", WB_F32, v, err))) return st;
  memset(&v, 0, sizeof v);
  v.f64 = 666.6;
  if ((st = add_global(s, l, "global_f64", WB_F64, v, err))) return st;

  wb_tabletype tt = {WB_FUNCREF, {10, 20, true}};
  wb_table *table;
  if ((st = wb_store_table(s, &tt, NULL, &table, err))) return st;
  if ((st = define(l, "table", WB_EXTERN_TABLE, table, err))) return st;
  wb_memtype mt = {{1, 2, true}};
  wb_memory *mem;
  if ((st = wb_store_memory(s, &mt, &mem, err))) return st;
  return define(l, "memory", WB_EXTERN_MEMORY, mem, err);
}
