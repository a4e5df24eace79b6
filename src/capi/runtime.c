/* capi/runtime.c — configs, engines and stores; identities and references (copy, same, host
 * info, views as wasm_ref_t) for every reference kind; conversions of values between wasm.h and
 * the engine; foreign objects; wasmbox.h's extensions. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "capi/capi.h"
#include "rt/memory.h"

/* ---- errors (wasmbox_last_error) ---- */

static __thread char last_error[WB_ERROR_MSG_MAX + 64];
static __thread bool has_last_error;

void wb_capi_set_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(last_error, sizeof last_error, fmt, ap);
  va_end(ap);
  has_last_error = true;
}

bool wasmbox_last_error(wasm_name_t *out) {
  if (!has_last_error) {
    wasm_name_new_empty(out);
    return false;
  }
  wasm_name_new_from_string_nt(out, last_error);
  return true;
}

const char *wasmbox_version(void) { return WASMBOX_VERSION; }

/* ---- configs and engines ---- */

wasm_config_t *wasm_config_new(void) { return calloc(1, sizeof(wasm_config_t)); }

void wasm_config_delete(wasm_config_t *c) { free(c); }

void wasmbox_config_bounds_checks(wasm_config_t *c, bool enable) { c->store.bounds_checked = enable; }

void wasmbox_config_max_memory(wasm_config_t *c, uint64_t bytes) { c->store.max_memory_bytes = bytes; }

wasm_engine_t *wasm_engine_new(void) { return calloc(1, sizeof(wasm_engine_t)); }

wasm_engine_t *wasm_engine_new_with_config(wasm_config_t *c) {
  wasm_engine_t *e = wasm_engine_new();
  if (e && c) e->store = c->store;
  wasm_config_delete(c);
  return e;
}

void wasm_engine_delete(wasm_engine_t *e) { free(e); }

/* ---- the identity map of a store ---- */

static size_t hash_ptr(const void *p, size_t cap) {
  uint64_t x = (uint64_t)(uintptr_t)p;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return (size_t)x & (cap - 1);
}

static wb_obj *map_get(const wb_objmap *m, const void *key) {
  if (!m->cap) return NULL;
  for (size_t i = hash_ptr(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
    if (!m->keys[i]) return NULL;
    if (m->keys[i] == key) return m->vals[i];
  }
}

static bool map_put(wb_objmap *m, void *key, wb_obj *val) {
  if ((m->n + 1) * 2 > m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 64;
    void **keys = calloc(cap, sizeof *keys);
    wb_obj **vals = calloc(cap, sizeof *vals);
    if (!keys || !vals) {
      free(keys);
      free(vals);
      return false;
    }
    for (size_t i = 0; i < m->cap; i++) {
      if (!m->keys[i]) continue;
      size_t j = hash_ptr(m->keys[i], cap);
      while (keys[j]) j = (j + 1) & (cap - 1);
      keys[j] = m->keys[i];
      vals[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
  }
  size_t i = hash_ptr(key, m->cap);
  while (m->keys[i]) i = (i + 1) & (m->cap - 1);
  m->keys[i] = key;
  m->vals[i] = val;
  m->n++;
  return true;
}

static bool push_obj(wb_obj ***items, size_t *n, size_t *cap, wb_obj *o) {
  if (*n == *cap) {
    size_t c = *cap ? *cap * 2 : 32;
    wb_obj **p = realloc(*items, c * sizeof *p);
    if (!p) return false;
    *items = p;
    *cap = c;
  }
  (*items)[(*n)++] = o;
  return true;
}

/* ---- stores ---- */

wasm_store_t *wasm_store_new(wasm_engine_t *e) {
  wasm_store_t *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->store = wb_store_new(e ? &e->store : NULL);
  if (!s->store) {
    free(s);
    return NULL;
  }
  return s;
}

void wasm_store_delete(wasm_store_t *s) {
  if (!s) return;
  /* Host info goes first, while every object it may describe still exists. */
  for (size_t i = 0; i < s->nowned; i++) {
    wb_obj *o = s->owned[i];
    if (o->finalizer) o->finalizer(o->host_info);
  }
  wb_store_free(s->store);
  for (size_t i = 0; i < s->nowned; i++) free(s->owned[i]);
  /* Instances pointed into these modules, so they go last. */
  for (size_t i = 0; i < s->nretained; i++) wb_obj_release(s->retained[i]);
  free(s->owned);
  free(s->retained);
  free(s->map.keys);
  free(s->map.vals);
  free(s);
}

static wb_obj *new_store_obj(wasm_store_t *s, wb_objkind kind, void *ptr) {
  wb_obj *o = calloc(1, sizeof *o);
  if (!o) return NULL;
  o->kind = kind;
  o->ptr = ptr;
  o->store = s;
  if (!push_obj(&s->owned, &s->nowned, &s->capowned, o)) {
    free(o);
    return NULL;
  }
  return o;
}

wb_obj *wb_store_identity(wasm_store_t *s, wb_objkind kind, void *ptr) {
  wb_obj *o = map_get(&s->map, ptr);
  if (o) return o;
  o = new_store_obj(s, kind, ptr);
  if (!o) return NULL;
  if (!map_put(&s->map, ptr, o)) {
    /* Leave it in owned (freed with the store) but unreachable: a later request makes another. */
    return NULL;
  }
  return o;
}

wb_obj *wb_store_new_foreign(wasm_store_t *s) { return new_store_obj(s, WB_OBJ_FOREIGN, NULL); }

bool wb_store_retain(wasm_store_t *s, wb_obj *o) {
  if (map_get(&s->map, o)) return true;
  if (!push_obj(&s->retained, &s->nretained, &s->capretained, o)) return false;
  if (!map_put(&s->map, o, o)) {
    s->nretained--;
    return false;
  }
  wb_obj_retain(o);
  return true;
}

/* ---- counted objects ---- */

void wb_obj_retain(wb_obj *o) { atomic_fetch_add(&o->refs, 1); }

void wb_obj_release(wb_obj *o) {
  if (atomic_fetch_sub(&o->refs, 1) != 1) return;
  if (o->finalizer) o->finalizer(o->host_info);
  if (o->kind == WB_OBJ_MODULE) {
    wb_module_free(((wb_module_obj *)o)->module);
  } else {
    wb_trap_obj *t = (wb_trap_obj *)o;
    free(t->message);
    free(t->frames);
  }
  free(o);
}

/* ---- references ---- */

wasm_ref_t *wb_ref_new(wb_obj *o) {
  if (!o) return NULL;
  wasm_ref_t *r = malloc(sizeof *r);
  if (!r) return NULL;
  r->obj = o;
  if (wb_obj_counted(o)) wb_obj_retain(o);
  return r;
}

static void ref_delete(wasm_ref_t *r) {
  if (!r) return;
  if (wb_obj_counted(r->obj)) wb_obj_release(r->obj);
  free(r);
}

static void set_host_info(wasm_ref_t *r, void *info, void (*finalizer)(void *)) {
  wb_obj *o = r->obj;
  /* Replacing host info finalizes the old one, unless the same data is set again. */
  if (o->finalizer && o->host_info != info) o->finalizer(o->host_info);
  o->host_info = info;
  o->finalizer = finalizer;
}

static bool obj_is(const wb_obj *o, int kind) {
  if (kind == -1) return o->kind <= WB_OBJ_MEMORY; /* extern: func, global, table, memory */
  return o->kind == kind;
}

#define WB_REF_BASE(name)                                                                        \
  void wasm_##name##_delete(wasm_##name##_t *r) { ref_delete(wb_ref(r)); }                       \
  wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *r) {                                \
    return r ? (wasm_##name##_t *)wb_ref_new(wb_ref_obj(r)) : NULL;                              \
  }                                                                                              \
  bool wasm_##name##_same(const wasm_##name##_t *a, const wasm_##name##_t *b) {                  \
    return wb_ref_obj(a) == wb_ref_obj(b);                                                       \
  }                                                                                              \
  void *wasm_##name##_get_host_info(const wasm_##name##_t *r) {                                  \
    return r ? wb_ref_obj(r)->host_info : NULL;                                                  \
  }                                                                                              \
  void wasm_##name##_set_host_info(wasm_##name##_t *r, void *info) {                             \
    set_host_info(wb_ref(r), info, NULL);                                                        \
  }                                                                                              \
  void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t *r, void *info,                \
                                                  void (*finalizer)(void *)) {                   \
    set_host_info(wb_ref(r), info, finalizer);                                                   \
  }

#define WB_REF(name, KIND)                                                                       \
  WB_REF_BASE(name)                                                                              \
  wasm_ref_t *wasm_##name##_as_ref(wasm_##name##_t *r) { return (wasm_ref_t *)r; }               \
  const wasm_ref_t *wasm_##name##_as_ref_const(const wasm_##name##_t *r) {                       \
    return (const wasm_ref_t *)r;                                                                \
  }                                                                                              \
  wasm_##name##_t *wasm_ref_as_##name(wasm_ref_t *r) {                                           \
    return r && obj_is(r->obj, KIND) ? (wasm_##name##_t *)r : NULL;                              \
  }                                                                                              \
  const wasm_##name##_t *wasm_ref_as_##name##_const(const wasm_ref_t *r) {                       \
    return r && obj_is(r->obj, KIND) ? (const wasm_##name##_t *)r : NULL;                        \
  }

WB_REF_BASE(ref)
WB_REF(trap, WB_OBJ_TRAP)
WB_REF(foreign, WB_OBJ_FOREIGN)
WB_REF(module, WB_OBJ_MODULE)
WB_REF(func, WB_OBJ_FUNC)
WB_REF(global, WB_OBJ_GLOBAL)
WB_REF(table, WB_OBJ_TABLE)
WB_REF(memory, WB_OBJ_MEMORY)
WB_REF(extern, -1)
WB_REF(instance, WB_OBJ_INSTANCE)

/* ---- foreign objects ---- */

wasm_foreign_t *wasm_foreign_new(wasm_store_t *s) {
  return (wasm_foreign_t *)wb_ref_new(wb_store_new_foreign(s));
}

/* ---- values ---- */

bool wb_ref_to_engine(wasm_store_t *s, uint8_t t, const wasm_ref_t *r, void **out) {
  *out = NULL;
  if (!r) return true;
  wb_obj *o = r->obj;
  if (t == WB_FUNCREF) {
    if (o->kind != WB_OBJ_FUNC) return false;
    *out = o->ptr;
    return true;
  }
  if (t != WB_EXTERNREF) return false;
  /* The engine keeps the identity itself; a counted one must outlive the reference. */
  if (wb_obj_counted(o) && !wb_store_retain(s, o)) return false;
  *out = o;
  return true;
}

wasm_ref_t *wb_ref_from_engine(wasm_store_t *s, uint8_t t, void *v) {
  if (!v) return NULL;
  if (t == WB_FUNCREF) return wb_ref_new(wb_store_identity(s, WB_OBJ_FUNC, v));
  return wb_ref_new((wb_obj *)v);
}

bool wb_val_to_engine(wasm_store_t *s, uint8_t t, const wasm_val_t *v, wb_value *out) {
  memset(out, 0, sizeof *out);
  switch (t) {
  case WB_I32: out->i32 = v->of.i32; return true;
  case WB_I64: out->i64 = v->of.i64; return true;
  case WB_F32: out->f32 = v->of.f32; return true;
  case WB_F64: out->f64 = v->of.f64; return true;
  case WB_FUNCREF:
  case WB_EXTERNREF: return wb_ref_to_engine(s, t, v->of.ref, &out->ref);
  default: return false;
  }
}

bool wb_val_from_engine(wasm_store_t *s, uint8_t t, const wb_value *v, wasm_val_t *out) {
  out->kind = wb_type_to_valkind(t);
  switch (t) {
  case WB_I32: out->of.i32 = v->i32; return true;
  case WB_I64: out->of.i64 = v->i64; return true;
  case WB_F32: out->of.f32 = v->f32; return true;
  case WB_F64: out->of.f64 = v->f64; return true;
  case WB_FUNCREF:
  case WB_EXTERNREF:
    out->of.ref = wb_ref_from_engine(s, t, v->ref);
    return out->of.ref || !v->ref;
  default: out->of.i64 = 0; return false;
  }
}
