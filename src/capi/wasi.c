/* capi/wasi.c — include/wasi.h (Wasmer's shape) over wasi/wasi.h: configs and environments,
 * imports resolved to host functions created in the caller's store, the instance's memory bound
 * for calls from the host, captured output. */
#include <stdlib.h>
#include <string.h>
#include "../../include/wasi.h"
#include "capi/capi.h"
#include "wasi/wasi.h"

struct wasi_config_t {
  wb_wasi_config *config;
  wb_error first_error;   /* the first refused setting, reported by wasi_env_new */
  bool failed;
};

struct wasi_env_t {
  wb_wasi_env *env;
  wasm_store_t *store;
};

/* The setters of wasi.h return nothing: a refused setting fails wasi_env_new later. */
static void note(wasi_config_t *c, wb_status st, const wb_error *err) {
  if (st == WB_OK || c->failed) return;
  c->failed = true;
  c->first_error = *err;
}

wasi_config_t *wasi_config_new(const char *program_name) {
  wasi_config_t *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->config = wb_wasi_config_new();
  if (!c->config) {
    free(c);
    return NULL;
  }
  wb_error err;
  note(c, wb_wasi_config_arg(c->config, program_name ? program_name : "", &err), &err);
  return c;
}

static void config_delete(wasi_config_t *c) {
  if (!c) return;
  wb_wasi_config_free(c->config);
  free(c);
}

void wasi_config_arg(wasi_config_t *c, const char *arg) {
  wb_error err;
  note(c, wb_wasi_config_arg(c->config, arg, &err), &err);
}

void wasi_config_env(wasi_config_t *c, const char *key, const char *value) {
  wb_error err;
  note(c, wb_wasi_config_env(c->config, key, value, &err), &err);
}

bool wasi_config_preopen_dir(wasi_config_t *c, const char *dir) {
  return wasi_config_mapdir(c, dir, dir);
}

bool wasi_config_mapdir(wasi_config_t *c, const char *alias, const char *dir) {
  wb_error err;
  wb_status st = wb_wasi_config_preopen(c->config, dir, alias, false, &err);
  if (st != WB_OK) wb_capi_set_error("%s", err.msg);
  return st == WB_OK;
}

static void stdio(wasi_config_t *c, int fd, wb_wasi_stdio_mode mode) {
  wb_error err;
  note(c, wb_wasi_config_stdio(c->config, fd, mode, -1, &err), &err);
}

void wasi_config_inherit_stdin(wasi_config_t *c) { stdio(c, 0, WB_WASI_STDIO_INHERIT); }
void wasi_config_inherit_stdout(wasi_config_t *c) { stdio(c, 1, WB_WASI_STDIO_INHERIT); }
void wasi_config_inherit_stderr(wasi_config_t *c) { stdio(c, 2, WB_WASI_STDIO_INHERIT); }
void wasi_config_capture_stdout(wasi_config_t *c) { stdio(c, 1, WB_WASI_STDIO_CAPTURE); }
void wasi_config_capture_stderr(wasi_config_t *c) { stdio(c, 2, WB_WASI_STDIO_CAPTURE); }

wasi_env_t *wasi_env_new(wasm_store_t *store, wasi_config_t *c) {
  if (!store || !c) {
    wb_capi_set_error("wasi_env_new: %s is NULL", store ? "the config" : "the store");
    config_delete(c);
    return NULL;
  }
  if (c->failed) {
    wb_capi_set_error("wasi_env_new: %s", c->first_error.msg);
    config_delete(c);
    return NULL;
  }
  wasi_env_t *e = calloc(1, sizeof *e);
  wb_error err;
  if (!e || wb_wasi_new(c->config, &e->env, &err) != WB_OK) {
    wb_capi_set_error("wasi_env_new: %s", e ? err.msg : "out of memory");
    free(e);
    config_delete(c);
    return NULL;
  }
  config_delete(c);
  e->store = store;
  return e;
}

void wasi_env_delete(wasi_env_t *e) {
  if (!e) return;
  wb_wasi_free(e->env);
  free(e);
}

intptr_t wasi_env_read_stdout(wasi_env_t *e, char *buffer, size_t len) {
  if (!e || (!buffer && len)) return -1;
  return (intptr_t)wb_wasi_read_stdout(e->env, buffer, len);
}

intptr_t wasi_env_read_stderr(wasi_env_t *e, char *buffer, size_t len) {
  if (!e || (!buffer && len)) return -1;
  return (intptr_t)wb_wasi_read_stderr(e->env, buffer, len);
}

bool wasi_get_imports(const wasm_store_t *store, wasi_env_t *e, const wasm_module_t *module,
                      wasm_extern_vec_t *out) {
  wasm_extern_vec_new_empty(out);
  /* The functions are created in the environment's store (Wasmer ignores the argument too). */
  (void)store;
  const wb_module *m = ((const wb_module_obj *)wb_ref_obj(module))->module;
  wb_extern *ext = calloc(m->nimports ? m->nimports : 1, sizeof *ext);
  if (!ext) {
    wb_capi_set_error("out of memory");
    return false;
  }
  wb_error err;
  if (wb_wasi_resolve_imports(e->env, e->store->store, m, ext, &err) != WB_OK) {
    wb_capi_set_error("wasi_get_imports: %s", err.msg);
    free(ext);
    return false;
  }
  for (uint32_t i = 0; i < m->nimports; i++) {
    if (ext[i].kind != WB_EXTERN_FUNC || !ext[i].u.func) {
      wb_capi_set_error("wasi_get_imports: import \"%s\".\"%s\" is not a WASI function",
                        m->imports[i].module, m->imports[i].name);
      free(ext);
      return false;
    }
  }
  wasm_extern_vec_new_uninitialized(out, m->nimports);
  bool ok = out->size == m->nimports;
  for (size_t i = 0; ok && i < out->size; i++) {
    out->data[i] = (wasm_extern_t *)wb_ref_new(wb_store_identity(e->store, WB_OBJ_FUNC, ext[i].u.func));
    ok = out->data[i] != NULL;
  }
  free(ext);
  if (!ok) {
    wasm_extern_vec_delete(out);
    wb_capi_set_error("out of memory");
  }
  return ok;
}

bool wasi_env_initialize_instance(wasi_env_t *e, wasm_store_t *store, wasm_instance_t *instance) {
  (void)store;
  wb_extern mem;
  const wb_instance *inst = wb_ref_obj(instance)->ptr;
  if (!wb_instance_export(inst, "memory", &mem) || mem.kind != WB_EXTERN_MEMORY) {
    wb_capi_set_error("wasi_env_initialize_instance: the instance exports no memory \"memory\"");
    return false;
  }
  wb_wasi_bind_memory(e->env, mem.u.mem);
  return true;
}

wasm_func_t *wasi_get_start_function(wasm_instance_t *instance) {
  wb_obj *o = wb_ref_obj(instance);
  wb_extern start;
  if (!wb_instance_export(o->ptr, "_start", &start) || start.kind != WB_EXTERN_FUNC) {
    wb_capi_set_error("wasi_get_start_function: the instance exports no function \"_start\"");
    return NULL;
  }
  return (wasm_func_t *)wb_ref_new(wb_store_identity(o->store, WB_OBJ_FUNC, start.u.func));
}
