/* capi/types.c — type representations of wasm.h (value, function, global, table, memory,
 * extern, import and export types) and their conversions to and from the module IR's types.
 * Extern types share a head (wasm_externtype_t) so one pointer can be viewed as either. */
#include <stdlib.h>
#include <string.h>
#include "capi/capi.h"

/* ---- value types ---- */

wasm_valtype_t *wasm_valtype_new(wasm_valkind_t k) {
  wasm_valtype_t *t = malloc(sizeof *t);
  if (t) t->kind = k;
  return t;
}

void wasm_valtype_delete(wasm_valtype_t *t) { free(t); }

wasm_valtype_t *wasm_valtype_copy(const wasm_valtype_t *t) { return wasm_valtype_new(t->kind); }

wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t *t) { return t->kind; }

uint8_t wb_valkind_to_type(wasm_valkind_t k) {
  switch (k) {
  case WASM_I32: return WB_I32;
  case WASM_I64: return WB_I64;
  case WASM_F32: return WB_F32;
  case WASM_F64: return WB_F64;
  case WASM_EXTERNREF: return WB_EXTERNREF;
  case WASM_FUNCREF: return WB_FUNCREF;
  default: return 0;
  }
}

/* v128 has no wasm.h kind; it maps to 4, which no value can carry, so calls with it fail. */
wasm_valkind_t wb_type_to_valkind(uint8_t t) {
  switch (t) {
  case WB_I32: return WASM_I32;
  case WB_I64: return WASM_I64;
  case WB_F32: return WASM_F32;
  case WB_F64: return WASM_F64;
  case WB_EXTERNREF: return WASM_EXTERNREF;
  case WB_FUNCREF: return WASM_FUNCREF;
  default: return 4;
  }
}

/* ---- function types ---- */

wasm_functype_t *wasm_functype_new(wasm_valtype_vec_t *params, wasm_valtype_vec_t *results) {
  wasm_functype_t *t = malloc(sizeof *t);
  if (!t) return NULL;
  t->ext.kind = WASM_EXTERN_FUNC;
  t->params = *params;
  t->results = *results;
  return t;
}

void wasm_functype_delete(wasm_functype_t *t) {
  if (!t) return;
  wasm_valtype_vec_delete(&t->params);
  wasm_valtype_vec_delete(&t->results);
  free(t);
}

wasm_functype_t *wasm_functype_copy(const wasm_functype_t *t) {
  wasm_valtype_vec_t p, r;
  wasm_valtype_vec_copy(&p, &t->params);
  wasm_valtype_vec_copy(&r, &t->results);
  return wasm_functype_new(&p, &r);
}

const wasm_valtype_vec_t *wasm_functype_params(const wasm_functype_t *t) { return &t->params; }
const wasm_valtype_vec_t *wasm_functype_results(const wasm_functype_t *t) { return &t->results; }

static void valtypes_from_engine(wasm_valtype_vec_t *out, uint32_t n, const uint8_t *types) {
  wasm_valtype_vec_new_uninitialized(out, n);
  for (size_t i = 0; i < out->size; i++) out->data[i] = wasm_valtype_new(wb_type_to_valkind(types[i]));
}

wasm_functype_t *wb_functype_from_engine(const wb_functype *t) {
  wasm_valtype_vec_t p, r;
  valtypes_from_engine(&p, t->nparams, wb_functype_params(t));
  valtypes_from_engine(&r, t->nresults, wb_functype_results(t));
  return wasm_functype_new(&p, &r);
}

bool wb_functype_to_engine(const wasm_functype_t *t, uint32_t *np, uint32_t *nr, uint8_t **types) {
  size_t n = t->params.size + t->results.size;
  uint8_t *a = malloc(n ? n : 1);
  if (!a) return false;
  for (size_t i = 0; i < t->params.size; i++) a[i] = wb_valkind_to_type(t->params.data[i]->kind);
  for (size_t i = 0; i < t->results.size; i++)
    a[t->params.size + i] = wb_valkind_to_type(t->results.data[i]->kind);
  for (size_t i = 0; i < n; i++)
    if (!a[i]) {
      free(a);
      return false;
    }
  *np = (uint32_t)t->params.size;
  *nr = (uint32_t)t->results.size;
  *types = a;
  return true;
}

/* ---- global types ---- */

wasm_globaltype_t *wasm_globaltype_new(wasm_valtype_t *content, wasm_mutability_t mutability) {
  wasm_globaltype_t *t = malloc(sizeof *t);
  if (!t) return NULL;
  t->ext.kind = WASM_EXTERN_GLOBAL;
  t->content = content;
  t->mutability = mutability;
  return t;
}

void wasm_globaltype_delete(wasm_globaltype_t *t) {
  if (!t) return;
  wasm_valtype_delete(t->content);
  free(t);
}

wasm_globaltype_t *wasm_globaltype_copy(const wasm_globaltype_t *t) {
  return wasm_globaltype_new(wasm_valtype_copy(t->content), t->mutability);
}

const wasm_valtype_t *wasm_globaltype_content(const wasm_globaltype_t *t) { return t->content; }
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t *t) { return t->mutability; }

wasm_globaltype_t *wb_globaltype_from_engine(const wb_globaltype *t) {
  return wasm_globaltype_new(wasm_valtype_new(wb_type_to_valkind(t->valtype)),
                             t->mutable_ ? WASM_VAR : WASM_CONST);
}

/* ---- limits ---- */

static wasm_limits_t limits_from_engine(const wb_limits *l) {
  wasm_limits_t r;
  r.min = l->min > UINT32_MAX ? UINT32_MAX : (uint32_t)l->min;
  r.max = l->has_max && l->max < UINT32_MAX ? (uint32_t)l->max : wasm_limits_max_default;
  return r;
}

void wb_limits_to_engine(const wasm_limits_t *l, wb_limits *out) {
  out->min = l->min;
  out->has_max = l->max != wasm_limits_max_default;
  out->max = out->has_max ? l->max : 0;
}

/* ---- table types ---- */

wasm_tabletype_t *wasm_tabletype_new(wasm_valtype_t *element, const wasm_limits_t *limits) {
  wasm_tabletype_t *t = malloc(sizeof *t);
  if (!t) return NULL;
  t->ext.kind = WASM_EXTERN_TABLE;
  t->element = element;
  t->limits = *limits;
  return t;
}

void wasm_tabletype_delete(wasm_tabletype_t *t) {
  if (!t) return;
  wasm_valtype_delete(t->element);
  free(t);
}

wasm_tabletype_t *wasm_tabletype_copy(const wasm_tabletype_t *t) {
  return wasm_tabletype_new(wasm_valtype_copy(t->element), &t->limits);
}

const wasm_valtype_t *wasm_tabletype_element(const wasm_tabletype_t *t) { return t->element; }
const wasm_limits_t *wasm_tabletype_limits(const wasm_tabletype_t *t) { return &t->limits; }

wasm_tabletype_t *wb_tabletype_from_engine(const wb_tabletype *t) {
  wasm_limits_t l = limits_from_engine(&t->limits);
  return wasm_tabletype_new(wasm_valtype_new(wb_type_to_valkind(t->elemtype)), &l);
}

/* ---- memory types ---- */

wasm_memorytype_t *wasm_memorytype_new(const wasm_limits_t *limits) {
  wasm_memorytype_t *t = malloc(sizeof *t);
  if (!t) return NULL;
  t->ext.kind = WASM_EXTERN_MEMORY;
  t->limits = *limits;
  return t;
}

void wasm_memorytype_delete(wasm_memorytype_t *t) { free(t); }

wasm_memorytype_t *wasm_memorytype_copy(const wasm_memorytype_t *t) {
  return wasm_memorytype_new(&t->limits);
}

const wasm_limits_t *wasm_memorytype_limits(const wasm_memorytype_t *t) { return &t->limits; }

wasm_memorytype_t *wb_memorytype_from_engine(const wb_memtype *t) {
  wasm_limits_t l = limits_from_engine(&t->limits);
  return wasm_memorytype_new(&l);
}

/* ---- extern types ---- */

wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t *t) { return t->kind; }

void wasm_externtype_delete(wasm_externtype_t *t) {
  if (!t) return;
  switch (t->kind) {
  case WASM_EXTERN_FUNC: wasm_functype_delete((wasm_functype_t *)t); break;
  case WASM_EXTERN_GLOBAL: wasm_globaltype_delete((wasm_globaltype_t *)t); break;
  case WASM_EXTERN_TABLE: wasm_tabletype_delete((wasm_tabletype_t *)t); break;
  case WASM_EXTERN_MEMORY: wasm_memorytype_delete((wasm_memorytype_t *)t); break;
  }
}

wasm_externtype_t *wasm_externtype_copy(const wasm_externtype_t *t) {
  switch (t->kind) {
  case WASM_EXTERN_FUNC: return &wasm_functype_copy((const wasm_functype_t *)t)->ext;
  case WASM_EXTERN_GLOBAL: return &wasm_globaltype_copy((const wasm_globaltype_t *)t)->ext;
  case WASM_EXTERN_TABLE: return &wasm_tabletype_copy((const wasm_tabletype_t *)t)->ext;
  case WASM_EXTERN_MEMORY: return &wasm_memorytype_copy((const wasm_memorytype_t *)t)->ext;
  }
  return NULL;
}

/* The head is the first member, so a NULL copy stays NULL through these views. */
#define WB_EXTERNTYPE_VIEWS(name, KIND)                                                          \
  wasm_externtype_t *wasm_##name##_as_externtype(wasm_##name##_t *t) {                           \
    return (wasm_externtype_t *)t;                                                               \
  }                                                                                              \
  const wasm_externtype_t *wasm_##name##_as_externtype_const(const wasm_##name##_t *t) {         \
    return (const wasm_externtype_t *)t;                                                         \
  }                                                                                              \
  wasm_##name##_t *wasm_externtype_as_##name(wasm_externtype_t *t) {                             \
    return t && t->kind == KIND ? (wasm_##name##_t *)t : NULL;                                   \
  }                                                                                              \
  const wasm_##name##_t *wasm_externtype_as_##name##_const(const wasm_externtype_t *t) {         \
    return t && t->kind == KIND ? (const wasm_##name##_t *)t : NULL;                             \
  }

WB_EXTERNTYPE_VIEWS(functype, WASM_EXTERN_FUNC)
WB_EXTERNTYPE_VIEWS(globaltype, WASM_EXTERN_GLOBAL)
WB_EXTERNTYPE_VIEWS(tabletype, WASM_EXTERN_TABLE)
WB_EXTERNTYPE_VIEWS(memorytype, WASM_EXTERN_MEMORY)

/* ---- import and export types ---- */

wasm_importtype_t *wasm_importtype_new(wasm_name_t *module, wasm_name_t *name,
                                       wasm_externtype_t *type) {
  wasm_importtype_t *t = malloc(sizeof *t);
  if (!t) return NULL;
  t->module = *module;
  t->name = *name;
  t->type = type;
  return t;
}

void wasm_importtype_delete(wasm_importtype_t *t) {
  if (!t) return;
  wasm_name_delete(&t->module);
  wasm_name_delete(&t->name);
  wasm_externtype_delete(t->type);
  free(t);
}

wasm_importtype_t *wasm_importtype_copy(const wasm_importtype_t *t) {
  wasm_name_t module, name;
  wasm_name_copy(&module, &t->module);
  wasm_name_copy(&name, &t->name);
  return wasm_importtype_new(&module, &name, wasm_externtype_copy(t->type));
}

const wasm_name_t *wasm_importtype_module(const wasm_importtype_t *t) { return &t->module; }
const wasm_name_t *wasm_importtype_name(const wasm_importtype_t *t) { return &t->name; }
const wasm_externtype_t *wasm_importtype_type(const wasm_importtype_t *t) { return t->type; }

wasm_exporttype_t *wasm_exporttype_new(wasm_name_t *name, wasm_externtype_t *type) {
  wasm_exporttype_t *t = malloc(sizeof *t);
  if (!t) return NULL;
  t->name = *name;
  t->type = type;
  return t;
}

void wasm_exporttype_delete(wasm_exporttype_t *t) {
  if (!t) return;
  wasm_name_delete(&t->name);
  wasm_externtype_delete(t->type);
  free(t);
}

wasm_exporttype_t *wasm_exporttype_copy(const wasm_exporttype_t *t) {
  wasm_name_t name;
  wasm_name_copy(&name, &t->name);
  return wasm_exporttype_new(&name, wasm_externtype_copy(t->type));
}

const wasm_name_t *wasm_exporttype_name(const wasm_exporttype_t *t) { return &t->name; }
const wasm_externtype_t *wasm_exporttype_type(const wasm_exporttype_t *t) { return t->type; }
