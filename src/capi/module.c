/* capi/module.c — modules: decoding and validation through the engine, their import and export
 * types, serialization (a header and the original binary), and sharing between threads
 * (a module is immutable once validated; the interpreter publishes translations atomically). */
#include <stdlib.h>
#include <string.h>
#include "binary/decode.h"
#include "capi/capi.h"
#include "valid/validate.h"

/* Serialized form: magic, format version (little-endian u32), then the module's binary. */
static const char serial_magic[4] = {'\0', 'w', 'b', 'x'};
#define SERIAL_VERSION 1u
#define SERIAL_HEADER 8u

static wb_status load(const uint8_t *bytes, size_t len, wb_module **out) {
  wb_error err;
  wb_error_clear(&err);
  *out = NULL;
  wb_status st = wb_decode(bytes, len, out, &err);
  if (st == WB_OK) st = wb_validate(*out, &err);
  if (st != WB_OK) {
    if (err.offset != WB_NO_OFFSET)
      wb_capi_set_error("%s module (at byte %zu): %s", wb_status_name(st), err.offset, err.msg);
    else
      wb_capi_set_error("%s module: %s", wb_status_name(st), err.msg);
    wb_module_free(*out);
    *out = NULL;
  }
  return st;
}

static wasm_module_t *module_ref(wb_module *m) {
  wb_module_obj *o = calloc(1, sizeof *o);
  if (!o) {
    wb_module_free(m);
    wb_capi_set_error("out of memory");
    return NULL;
  }
  o->base.kind = WB_OBJ_MODULE;
  o->module = m;
  wasm_module_t *r = (wasm_module_t *)wb_ref_new(&o->base);
  if (!r) {
    atomic_store(&o->base.refs, 1);
    wb_obj_release(&o->base);
  }
  return r;
}

wasm_module_t *wasm_module_new(wasm_store_t *store, const wasm_byte_vec_t *binary) {
  (void)store; /* modules belong to no store: any store may instantiate them */
  wb_module *m;
  if (load((const uint8_t *)binary->data, binary->size, &m) != WB_OK) return NULL;
  return module_ref(m);
}

bool wasm_module_validate(wasm_store_t *store, const wasm_byte_vec_t *binary) {
  (void)store;
  wb_module *m;
  if (load((const uint8_t *)binary->data, binary->size, &m) != WB_OK) return false;
  wb_module_free(m);
  return true;
}

static const wb_module *module_of(const wasm_module_t *module) {
  return ((const wb_module_obj *)wb_ref_obj(module))->module;
}

static wasm_externtype_t *import_type(const wb_module *m, const wb_import *imp) {
  switch (imp->kind) {
  case WB_EXTERN_FUNC: return (wasm_externtype_t *)wb_functype_from_engine(&m->types[imp->desc.func_type]);
  case WB_EXTERN_TABLE: return (wasm_externtype_t *)wb_tabletype_from_engine(&imp->desc.table);
  case WB_EXTERN_MEMORY: return (wasm_externtype_t *)wb_memorytype_from_engine(&imp->desc.mem);
  case WB_EXTERN_GLOBAL: return (wasm_externtype_t *)wb_globaltype_from_engine(&imp->desc.global);
  }
  return NULL;
}

static wasm_externtype_t *export_type(const wb_module *m, const wb_export *e) {
  switch (e->kind) {
  case WB_EXTERN_FUNC: return (wasm_externtype_t *)wb_functype_from_engine(wb_module_func_type(m, e->index));
  case WB_EXTERN_TABLE: return (wasm_externtype_t *)wb_tabletype_from_engine(&m->tables[e->index]);
  case WB_EXTERN_MEMORY: return (wasm_externtype_t *)wb_memorytype_from_engine(&m->mems[e->index]);
  case WB_EXTERN_GLOBAL: return (wasm_externtype_t *)wb_globaltype_from_engine(&m->global_types[e->index]);
  }
  return NULL;
}

void wasm_module_imports(const wasm_module_t *module, wasm_importtype_vec_t *out) {
  const wb_module *m = module_of(module);
  wasm_importtype_vec_new_uninitialized(out, m->nimports);
  for (size_t i = 0; i < out->size; i++) {
    const wb_import *imp = &m->imports[i];
    wasm_name_t mod, name;
    wasm_name_new(&mod, imp->module_len, imp->module);
    wasm_name_new(&name, imp->name_len, imp->name);
    out->data[i] = wasm_importtype_new(&mod, &name, import_type(m, imp));
  }
}

void wasm_module_exports(const wasm_module_t *module, wasm_exporttype_vec_t *out) {
  const wb_module *m = module_of(module);
  wasm_exporttype_vec_new_uninitialized(out, m->nexports);
  for (size_t i = 0; i < out->size; i++) {
    const wb_export *e = &m->exports[i];
    wasm_name_t name;
    wasm_name_new(&name, e->name_len, e->name);
    out->data[i] = wasm_exporttype_new(&name, export_type(m, e));
  }
}

void wasm_module_serialize(const wasm_module_t *module, wasm_byte_vec_t *out) {
  const wb_module *m = module_of(module);
  wasm_byte_vec_new_uninitialized(out, SERIAL_HEADER + m->len);
  if (!out->size) return;
  memcpy(out->data, serial_magic, 4);
  for (unsigned i = 0; i < 4; i++) out->data[4 + i] = (char)((SERIAL_VERSION >> (8 * i)) & 0xFF);
  memcpy(out->data + SERIAL_HEADER, m->bytes, m->len);
}

wasm_module_t *wasm_module_deserialize(wasm_store_t *store, const wasm_byte_vec_t *bytes) {
  (void)store;
  const uint8_t *p = (const uint8_t *)bytes->data;
  if (bytes->size < SERIAL_HEADER || memcmp(p, serial_magic, 4) != 0) {
    wb_capi_set_error("not a serialized wasmbox module (bad header)");
    return NULL;
  }
  uint32_t version = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;
  if (version != SERIAL_VERSION) {
    wb_capi_set_error("serialized module has format version %u, this library reads %u", version,
                      SERIAL_VERSION);
    return NULL;
  }
  wb_module *m;
  if (load(p + SERIAL_HEADER, bytes->size - SERIAL_HEADER, &m) != WB_OK) return NULL;
  return module_ref(m);
}

/* ---- sharing ---- */

wasm_shared_module_t *wasm_module_share(const wasm_module_t *module) {
  wasm_shared_module_t *s = malloc(sizeof *s);
  if (!s) return NULL;
  s->module = (wb_module_obj *)wb_ref_obj(module);
  wb_obj_retain(&s->module->base);
  return s;
}

wasm_module_t *wasm_module_obtain(wasm_store_t *store, const wasm_shared_module_t *shared) {
  (void)store;
  return (wasm_module_t *)wb_ref_new(&shared->module->base);
}

void wasm_shared_module_delete(wasm_shared_module_t *s) {
  if (!s) return;
  wb_obj_release(&s->module->base);
  free(s);
}
