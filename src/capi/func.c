/* capi/func.c — function instances: host functions (a trampoline converts engine values to
 * wasm.h values around the embedder's callback, and its trap back into an engine trap) and calls
 * from the host into any function through wb_call, which nests in both directions. */
#include <stdlib.h>
#include <string.h>
#include "capi/capi.h"

/* What a host function created through wasm.h carries as its engine environment. */
typedef struct host_env {
  wasm_store_t *store;
  const wb_funcinst *func;
  wasm_func_callback_t cb;
  wasm_func_callback_with_env_t cb_env;
  void *env;
  void (*finalizer)(void *);
} host_env;

/* Small calls keep their values on the stack. */
#define WB_INLINE_VALS 16

static void host_env_free(void *p) {
  host_env *e = p;
  if (e->finalizer) e->finalizer(e->env);
  free(e);
}

static wb_trap *host_trampoline(void *envp, wb_instance *caller, const wb_value *args,
                                wb_value *results) {
  (void)caller; /* wasm.h callbacks are not told who called them */
  host_env *e = envp;
  const wb_functype *t = e->func->type;
  wasm_val_t inline_vals[WB_INLINE_VALS];
  size_t n = (size_t)t->nparams + t->nresults;
  wasm_val_t *vals = n <= WB_INLINE_VALS ? inline_vals : calloc(n, sizeof *vals);
  if (!vals) return wb_trap_new(WB_TRAP_HOST, "out of memory calling a host function");
  wasm_val_vec_t argv = {t->nparams, vals}, resv = {t->nresults, vals + t->nparams};

  wb_trap *trap = NULL;
  for (uint32_t i = 0; i < t->nparams; i++)
    if (!wb_val_from_engine(e->store, wb_functype_params(t)[i], &args[i], &vals[i]) && !trap)
      trap = wb_trap_new(WB_TRAP_HOST, "out of memory converting a host function's argument");
  for (uint32_t i = 0; i < t->nresults; i++) {
    memset(&resv.data[i], 0, sizeof resv.data[i]);
    resv.data[i].kind = wb_type_to_valkind(wb_functype_results(t)[i]);
  }
  if (!trap) {
    wasm_trap_t *ct = e->cb ? e->cb(&argv, &resv) : e->cb_env(e->env, &argv, &resv);
    if (ct) trap = wb_trap_to_engine(ct);
  }
  for (uint32_t i = 0; i < t->nresults && !trap; i++) {
    uint8_t rt = wb_functype_results(t)[i];
    if (resv.data[i].kind != wb_type_to_valkind(rt))
      trap = wb_trap_new(WB_TRAP_HOST, "host function returned a result of the wrong type");
    else if (!wb_val_to_engine(e->store, rt, &resv.data[i], &results[i]))
      trap = wb_trap_new(WB_TRAP_HOST, "host function returned a reference that does not fit its "
                                       "result type");
  }
  /* Arguments were ours to give, results the callback's to hand over: both are released. */
  for (size_t i = 0; i < n; i++) wasm_val_delete(&vals[i]);
  if (vals != inline_vals) free(vals);
  return trap;
}

static wasm_func_t *func_new(wasm_store_t *store, const wasm_functype_t *type,
                             wasm_func_callback_t cb, wasm_func_callback_with_env_t cb_env,
                             void *env, void (*finalizer)(void *)) {
  uint32_t np, nr;
  uint8_t *types;
  if (!wb_functype_to_engine(type, &np, &nr, &types)) {
    wb_capi_set_error("wasm_func_new: unknown value kind in the function type");
    return NULL;
  }
  host_env *e = calloc(1, sizeof *e);
  if (!e) {
    free(types);
    wb_capi_set_error("out of memory");
    return NULL;
  }
  e->store = store;
  e->cb = cb;
  e->cb_env = cb_env;
  e->env = env;
  e->finalizer = finalizer;
  wb_funcinst *f = wb_store_host_func(store->store, np, nr, types, host_trampoline, e, host_env_free);
  free(types);
  if (!f) {
    free(e);
    wb_capi_set_error("out of memory");
    return NULL;
  }
  e->func = f;
  return (wasm_func_t *)wb_ref_new(wb_store_identity(store, WB_OBJ_FUNC, f));
}

wasm_func_t *wasm_func_new(wasm_store_t *store, const wasm_functype_t *type,
                           wasm_func_callback_t cb) {
  return func_new(store, type, cb, NULL, NULL, NULL);
}

wasm_func_t *wasm_func_new_with_env(wasm_store_t *store, const wasm_functype_t *type,
                                    wasm_func_callback_with_env_t cb, void *env,
                                    void (*finalizer)(void *)) {
  return func_new(store, type, NULL, cb, env, finalizer);
}

static const wb_funcinst *funcinst(const wasm_func_t *func) {
  return (const wb_funcinst *)wb_ref_obj(func)->ptr;
}

wasm_functype_t *wasm_func_type(const wasm_func_t *func) {
  return wb_functype_from_engine(funcinst(func)->type);
}

size_t wasm_func_param_arity(const wasm_func_t *func) { return funcinst(func)->type->nparams; }
size_t wasm_func_result_arity(const wasm_func_t *func) { return funcinst(func)->type->nresults; }

static const char *kind_name(wasm_valkind_t k) {
  switch (k) {
  case WASM_I32: return "i32";
  case WASM_I64: return "i64";
  case WASM_F32: return "f32";
  case WASM_F64: return "f64";
  case WASM_EXTERNREF: return "externref";
  case WASM_FUNCREF: return "funcref";
  default: return "unknown";
  }
}

wasm_trap_t *wasm_func_call(const wasm_func_t *func, const wasm_val_vec_t *args,
                            wasm_val_vec_t *results) {
  wb_obj *o = wb_ref_obj(func);
  wasm_store_t *s = o->store;
  wb_funcinst *f = o->ptr;
  const wb_functype *t = f->type;
  size_t nargs = args ? args->size : 0, nres = results ? results->size : 0;
  if (nargs != t->nparams)
    return wb_trap_from_message("wasm_func_call: expected %u arguments, got %zu", t->nparams, nargs);
  if (nres < t->nresults)
    return wb_trap_from_message("wasm_func_call: room for %zu results, the function has %u", nres,
                                t->nresults);
  for (uint32_t i = 0; i < t->nparams; i++) {
    wasm_valkind_t want = wb_type_to_valkind(wb_functype_params(t)[i]);
    if (args->data[i].kind != want)
      return wb_trap_from_message("wasm_func_call: argument %u is %s, expected %s", i,
                                  kind_name(args->data[i].kind), kind_name(want));
  }

  wb_value inline_vals[WB_INLINE_VALS];
  size_t n = (size_t)t->nparams + t->nresults;
  wb_value *vals = n <= WB_INLINE_VALS ? inline_vals : calloc(n, sizeof *vals);
  if (!vals) return wb_trap_from_message("out of memory");
  wb_value *argv = vals, *resv = vals + t->nparams;
  for (uint32_t i = 0; i < t->nparams; i++) {
    if (!wb_val_to_engine(s, wb_functype_params(t)[i], &args->data[i], &argv[i])) {
      if (vals != inline_vals) free(vals);
      return wb_trap_from_message("wasm_func_call: argument %u is a reference that does not fit "
                                  "its type", i);
    }
  }
  wb_trap *engine_trap = NULL;
  wasm_trap_t *trap = NULL;
  if (wb_call(f, argv, resv, &engine_trap) != WB_OK) {
    trap = engine_trap ? wb_trap_from_engine(s, engine_trap) : wb_trap_from_message("call failed");
  } else {
    for (uint32_t i = 0; i < t->nresults; i++)
      if (!wb_val_from_engine(s, wb_functype_results(t)[i], &resv[i], &results->data[i]) && !trap)
        trap = wb_trap_from_message("out of memory converting a result");
  }
  if (vals != inline_vals) free(vals);
  return trap;
}
