/* capi/extern.c — globals, tables, memories, the extern views of all four, and instances
 * (imports converted to engine extern values, exports back to references). */
#include <stdlib.h>
#include <string.h>
#include "capi/capi.h"

static void *engine_ptr(const void *ref) { return wb_ref_obj(ref)->ptr; }
static wasm_store_t *store_of(const void *ref) { return wb_ref_obj(ref)->store; }

static void *store_ref(wasm_store_t *s, wb_objkind kind, void *ptr) {
  return ptr ? wb_ref_new(wb_store_identity(s, kind, ptr)) : NULL;
}

/* ---- globals ---- */

wasm_global_t *wasm_global_new(wasm_store_t *s, const wasm_globaltype_t *type,
                               const wasm_val_t *val) {
  wb_globaltype gt = {wb_valkind_to_type(type->content->kind), type->mutability == WASM_VAR};
  wb_value v;
  if (!gt.valtype || val->kind != type->content->kind || !wb_val_to_engine(s, gt.valtype, val, &v)) {
    wb_capi_set_error("wasm_global_new: the value does not match the global's type");
    return NULL;
  }
  return store_ref(s, WB_OBJ_GLOBAL, wb_store_global(s->store, gt, v));
}

wasm_globaltype_t *wasm_global_type(const wasm_global_t *g) {
  return wb_globaltype_from_engine(&((wb_global_inst *)engine_ptr(g))->type);
}

void wasm_global_get(const wasm_global_t *g, wasm_val_t *out) {
  const wb_global_inst *gi = engine_ptr(g);
  wb_val_from_engine(store_of(g), gi->type.valtype, &gi->value, out);
}

void wasm_global_set(wasm_global_t *g, const wasm_val_t *val) {
  wb_global_inst *gi = engine_ptr(g);
  wb_value v;
  if (!gi->type.mutable_ || val->kind != wb_type_to_valkind(gi->type.valtype)) return;
  if (wb_val_to_engine(store_of(g), gi->type.valtype, val, &v)) gi->value = v;
}

/* ---- tables ---- */

wasm_table_t *wasm_table_new(wasm_store_t *s, const wasm_tabletype_t *type, wasm_ref_t *init) {
  wb_tabletype tt;
  tt.elemtype = wb_valkind_to_type(type->element->kind);
  wb_limits_to_engine(&type->limits, &tt.limits);
  void *v;
  if (!wb_valtype_is_ref(tt.elemtype) || !wb_ref_to_engine(s, tt.elemtype, init, &v)) {
    wb_capi_set_error("wasm_table_new: the initial value does not fit the element type");
    return NULL;
  }
  wb_table *t;
  wb_error err;
  if (wb_store_table(s->store, &tt, v, &t, &err) != WB_OK) {
    wb_capi_set_error("wasm_table_new: %s", err.msg);
    return NULL;
  }
  return store_ref(s, WB_OBJ_TABLE, t);
}

wasm_tabletype_t *wasm_table_type(const wasm_table_t *t) {
  return wb_tabletype_from_engine(&((wb_table *)engine_ptr(t))->type);
}

wasm_ref_t *wasm_table_get(const wasm_table_t *t, wasm_table_size_t index) {
  const wb_table *tab = engine_ptr(t);
  if (index >= tab->size) return NULL;
  return wb_ref_from_engine(store_of(t), tab->type.elemtype, tab->elems[index]);
}

bool wasm_table_set(wasm_table_t *t, wasm_table_size_t index, wasm_ref_t *r) {
  wb_table *tab = engine_ptr(t);
  void *v;
  if (index >= tab->size || !wb_ref_to_engine(store_of(t), tab->type.elemtype, r, &v)) return false;
  tab->elems[index] = v;
  return true;
}

wasm_table_size_t wasm_table_size(const wasm_table_t *t) {
  return ((const wb_table *)engine_ptr(t))->size;
}

bool wasm_table_grow(wasm_table_t *t, wasm_table_size_t delta, wasm_ref_t *init) {
  wb_table *tab = engine_ptr(t);
  void *v;
  if (!wb_ref_to_engine(store_of(t), tab->type.elemtype, init, &v)) return false;
  return wb_table_grow(tab, delta, v) >= 0;
}

/* ---- memories ---- */

wasm_memory_t *wasm_memory_new(wasm_store_t *s, const wasm_memorytype_t *type) {
  wb_memtype mt;
  wb_limits_to_engine(&type->limits, &mt.limits);
  wb_memory *m;
  wb_error err;
  if (mt.limits.min > WB_MAX_PAGES || (mt.limits.has_max && mt.limits.max > WB_MAX_PAGES) ||
      (mt.limits.has_max && mt.limits.max < mt.limits.min)) {
    wb_capi_set_error("wasm_memory_new: invalid limits (min %u, max %u pages)", type->limits.min,
                      type->limits.max);
    return NULL;
  }
  if (wb_store_memory(s->store, &mt, &m, &err) != WB_OK) {
    wb_capi_set_error("wasm_memory_new: %s", err.msg);
    return NULL;
  }
  return store_ref(s, WB_OBJ_MEMORY, m);
}

wasm_memorytype_t *wasm_memory_type(const wasm_memory_t *m) {
  return wb_memorytype_from_engine(&((wb_memory *)engine_ptr(m))->type);
}

byte_t *wasm_memory_data(wasm_memory_t *m) { return (byte_t *)((wb_memory *)engine_ptr(m))->base; }

size_t wasm_memory_data_size(const wasm_memory_t *m) {
  return (size_t)((const wb_memory *)engine_ptr(m))->size;
}

wasm_memory_pages_t wasm_memory_size(const wasm_memory_t *m) {
  return (wasm_memory_pages_t)(((const wb_memory *)engine_ptr(m))->size / WB_PAGE_SIZE);
}

bool wasm_memory_grow(wasm_memory_t *m, wasm_memory_pages_t delta) {
  return wb_memory_grow(engine_ptr(m), delta) >= 0;
}

/* ---- externs ---- */

static const wasm_externkind_t extern_kinds[] = {
    [WB_OBJ_FUNC] = WASM_EXTERN_FUNC,
    [WB_OBJ_GLOBAL] = WASM_EXTERN_GLOBAL,
    [WB_OBJ_TABLE] = WASM_EXTERN_TABLE,
    [WB_OBJ_MEMORY] = WASM_EXTERN_MEMORY,
};

wasm_externkind_t wasm_extern_kind(const wasm_extern_t *e) { return extern_kinds[wb_ref_obj(e)->kind]; }

wasm_externtype_t *wasm_extern_type(const wasm_extern_t *e) {
  switch (wb_ref_obj(e)->kind) {
  case WB_OBJ_FUNC: return wasm_functype_as_externtype(wasm_func_type((const wasm_func_t *)e));
  case WB_OBJ_GLOBAL:
    return wasm_globaltype_as_externtype(wasm_global_type((const wasm_global_t *)e));
  case WB_OBJ_TABLE: return wasm_tabletype_as_externtype(wasm_table_type((const wasm_table_t *)e));
  case WB_OBJ_MEMORY:
    return wasm_memorytype_as_externtype(wasm_memory_type((const wasm_memory_t *)e));
  }
  return NULL;
}

/* Every reference has the same representation, so the views are the same pointer. */
#define WB_EXTERN_VIEWS(name, KIND)                                                              \
  wasm_extern_t *wasm_##name##_as_extern(wasm_##name##_t *x) { return (wasm_extern_t *)x; }      \
  const wasm_extern_t *wasm_##name##_as_extern_const(const wasm_##name##_t *x) {                 \
    return (const wasm_extern_t *)x;                                                             \
  }                                                                                              \
  wasm_##name##_t *wasm_extern_as_##name(wasm_extern_t *e) {                                     \
    return e && wb_ref_obj(e)->kind == KIND ? (wasm_##name##_t *)e : NULL;                       \
  }                                                                                              \
  const wasm_##name##_t *wasm_extern_as_##name##_const(const wasm_extern_t *e) {                 \
    return e && wb_ref_obj(e)->kind == KIND ? (const wasm_##name##_t *)e : NULL;                 \
  }

WB_EXTERN_VIEWS(func, WB_OBJ_FUNC)
WB_EXTERN_VIEWS(global, WB_OBJ_GLOBAL)
WB_EXTERN_VIEWS(table, WB_OBJ_TABLE)
WB_EXTERN_VIEWS(memory, WB_OBJ_MEMORY)

/* ---- instances ---- */

static const uint8_t engine_extern_kinds[] = {
    [WB_OBJ_FUNC] = WB_EXTERN_FUNC,
    [WB_OBJ_GLOBAL] = WB_EXTERN_GLOBAL,
    [WB_OBJ_TABLE] = WB_EXTERN_TABLE,
    [WB_OBJ_MEMORY] = WB_EXTERN_MEMORY,
};

static wasm_instance_t *instance_fail(wasm_trap_t **trap, wasm_trap_t *t) {
  if (t) {
    wasm_message_t msg;
    wasm_trap_message(t, &msg);
    wb_capi_set_error("%s", msg.size ? msg.data : "instantiation failed");
    wasm_byte_vec_delete(&msg);
  }
  if (trap)
    *trap = t;
  else
    wasm_trap_delete(t);
  return NULL;
}

wasm_instance_t *wasm_instance_new(wasm_store_t *s, const wasm_module_t *module,
                                   const wasm_extern_vec_t *imports, wasm_trap_t **trap) {
  if (trap) *trap = NULL;
  wb_module_obj *mo = (wb_module_obj *)wb_ref_obj(module);
  const wb_module *m = mo->module;
  size_t given = imports ? imports->size : 0;
  if (given < m->nimports)
    return instance_fail(trap, wb_trap_from_message("module needs %u imports, %zu were given",
                                                    m->nimports, given));
  wb_extern *ext = calloc(m->nimports ? m->nimports : 1, sizeof *ext);
  if (!ext) return instance_fail(trap, wb_trap_from_message("out of memory"));
  for (uint32_t i = 0; i < m->nimports; i++) {
    wb_obj *o = wb_ref_obj(imports->data[i]);
    if (!o || o->kind > WB_OBJ_MEMORY) {
      free(ext);
      return instance_fail(trap, wb_trap_from_message("import %u (\"%s\".\"%s\") is missing", i,
                                                      m->imports[i].module, m->imports[i].name));
    }
    ext[i].kind = engine_extern_kinds[o->kind];
    switch (o->kind) {
    case WB_OBJ_FUNC: ext[i].u.func = o->ptr; break;
    case WB_OBJ_GLOBAL: ext[i].u.global = o->ptr; break;
    case WB_OBJ_TABLE: ext[i].u.table = o->ptr; break;
    case WB_OBJ_MEMORY: ext[i].u.mem = o->ptr; break;
    }
  }
  /* The instance points into the module: the store keeps the module alive. */
  if (!wb_store_retain(s, &mo->base)) {
    free(ext);
    return instance_fail(trap, wb_trap_from_message("out of memory"));
  }
  wb_instance *inst;
  wb_trap *t = NULL;
  wb_error err;
  wb_error_clear(&err);
  wb_status st = wb_instantiate(s->store, m, ext, &inst, &t, &err);
  free(ext);
  if (st != WB_OK) {
    if (t) {
      wasm_trap_t *ct = wb_trap_from_engine(s, t);
      return instance_fail(trap, ct);
    }
    return instance_fail(trap, wb_trap_from_message("%s", err.msg));
  }
  return (wasm_instance_t *)store_ref(s, WB_OBJ_INSTANCE, inst);
}

void wasm_instance_exports(const wasm_instance_t *instance, wasm_extern_vec_t *out) {
  wasm_store_t *s = store_of(instance);
  const wb_instance *inst = engine_ptr(instance);
  const wb_module *m = inst->module;
  wasm_extern_vec_new_uninitialized(out, m->nexports);
  for (size_t i = 0; i < out->size; i++) {
    const wb_export *e = &m->exports[i];
    switch (e->kind) {
    case WB_EXTERN_FUNC: out->data[i] = store_ref(s, WB_OBJ_FUNC, inst->funcs[e->index]); break;
    case WB_EXTERN_GLOBAL: out->data[i] = store_ref(s, WB_OBJ_GLOBAL, inst->globals[e->index]); break;
    case WB_EXTERN_TABLE: out->data[i] = store_ref(s, WB_OBJ_TABLE, inst->tables[e->index]); break;
    case WB_EXTERN_MEMORY: out->data[i] = store_ref(s, WB_OBJ_MEMORY, inst->mems[e->index]); break;
    }
  }
}
