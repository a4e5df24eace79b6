/* tests/fuzz/fuzz_exec.c — libFuzzer target: bytes that decode and validate are instantiated
 * (every import satisfied by a dummy object of the right type) and every exported function is
 * called with zero arguments. A fuel budget per call bounds execution, so a hang is a finding. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "binary/decode.h"
#include "engine/engine.h"
#include "valid/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Wasm instructions the start function and each exported call may run, and the bounds that keep
 * an input's memory and time small: the fuzzer looks for wrong behaviour, not for big modules. */
#define FUZZ_FUEL 100000u
#define FUZZ_MAX_MEMORY (32u << 20)
#define FUZZ_MAX_STACK (1u << 20)
#define FUZZ_MAX_TABLE 100000u
#define FUZZ_MAX_EXPORTS 32u

/* Every imported function: zero results. */
static wb_trap *dummy_func(void *env, struct wb_instance *caller, const wb_value *args, wb_value *results) {
  const wb_functype *t = env;
  (void)caller;
  (void)args;
  if (t->nresults) memset(results, 0, t->nresults * sizeof *results);
  return NULL;
}

static bool make_import(wb_store *s, const wb_module *m, const wb_import *imp, wb_extern *out) {
  wb_error err;
  memset(out, 0, sizeof *out);
  out->kind = imp->kind;
  switch (imp->kind) {
  case WB_EXTERN_FUNC: {
    const wb_functype *t = &m->types[imp->desc.func_type];
    out->u.func = wb_store_host_func(s, t->nparams, t->nresults, t->types, dummy_func, (void *)t, NULL);
    return out->u.func != NULL;
  }
  case WB_EXTERN_TABLE:
    if (imp->desc.table.limits.min > FUZZ_MAX_TABLE) return false;
    return wb_store_table(s, &imp->desc.table, NULL, &out->u.table, &err) == WB_OK;
  case WB_EXTERN_MEMORY:
    return wb_store_memory(s, &imp->desc.mem, &out->u.mem, &err) == WB_OK;
  case WB_EXTERN_GLOBAL: {
    wb_value zero;
    memset(&zero, 0, sizeof zero);
    out->u.global = wb_store_global(s, imp->desc.global, zero);
    return out->u.global != NULL;
  }
  }
  return false;
}

static void run(const wb_module *m, bool bounds_checked) {
  wb_store_config config = {
      .bounds_checked = bounds_checked,
      .max_memory_bytes = FUZZ_MAX_MEMORY,
      .fuel = FUZZ_FUEL,
      .max_stack_bytes = FUZZ_MAX_STACK,
  };
  wb_store *s = wb_store_new(&config);
  if (!s) return;
  wb_extern *imports = calloc(m->nimports ? m->nimports : 1, sizeof *imports);
  bool linked = imports != NULL;
  for (uint32_t i = 0; linked && i < m->nimports; i++) linked = make_import(s, m, &m->imports[i], &imports[i]);
  for (uint32_t i = m->nimported_tables; linked && i < m->ntables; i++)
    linked = m->tables[i].limits.min <= FUZZ_MAX_TABLE;
  wb_instance *inst = NULL;
  wb_trap *trap = NULL;
  wb_error err;
  if (linked && wb_instantiate(s, m, imports, &inst, &trap, &err) == WB_OK) {
    uint32_t called = 0;
    for (uint32_t i = 0; i < m->nexports && called < FUZZ_MAX_EXPORTS; i++) {
      const wb_export *e = &m->exports[i];
      if (e->kind != WB_EXTERN_FUNC) continue;
      wb_funcinst *f = inst->funcs[e->index];
      const wb_functype *t = f->type;
      wb_value *args = calloc(t->nparams + t->nresults + 1, sizeof *args);
      if (!args) break;
      /* A budget per call, so that one long export leaves the others theirs. The engine has no
       * call to refuel a store; its meter is what the interpreter reads, so refill that. */
      inst->meter->fuel = FUZZ_FUEL;
      wb_trap *ct = NULL;
      wb_call(f, args, args + t->nparams, &ct);
      wb_trap_free(ct);
      free(args);
      called++;
    }
  }
  wb_trap_free(trap);
  free(imports);
  wb_store_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  wb_module *m = NULL;
  wb_error err;
  if (wb_decode(data, size, &m, &err) != WB_OK) return 0;
  if (wb_validate(m, &err) == WB_OK) {
    /* Both memory modes, chosen by the input's length so that mutations flip between them. */
    run(m, size & 1);
  }
  wb_module_free(m);
  return 0;
}
