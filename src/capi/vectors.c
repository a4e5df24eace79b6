/* capi/vectors.c — the wasm_*_vec_t functions of wasm.h. Three shapes: bytes (copied as bytes),
 * values (references inside are copied / deleted), and vectors of pointers to owned objects
 * (copy copies each element, delete deletes each). */
#include <stdlib.h>
#include <string.h>
#include "capi/capi.h"

/* Allocation failure leaves an empty vector: the API has no other way to report it. */
#define WB_VEC_COMMON(name, elem_t)                                                              \
  void wasm_##name##_vec_new_empty(wasm_##name##_vec_t *out) {                                   \
    out->size = 0;                                                                               \
    out->data = NULL;                                                                            \
  }                                                                                              \
  void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t *out, size_t size) {              \
    out->data = size ? calloc(size, sizeof(elem_t)) : NULL;                                      \
    out->size = out->data ? size : 0;                                                            \
  }                                                                                              \
  void wasm_##name##_vec_new(wasm_##name##_vec_t *out, size_t size, elem_t const data[]) {       \
    wasm_##name##_vec_new_uninitialized(out, size);                                              \
    if (out->size) memcpy(out->data, data, size * sizeof(elem_t));                               \
  }

WB_VEC_COMMON(byte, wasm_byte_t)

void wasm_byte_vec_copy(wasm_byte_vec_t *out, const wasm_byte_vec_t *v) {
  wasm_byte_vec_new(out, v->size, v->data);
}

void wasm_byte_vec_delete(wasm_byte_vec_t *v) {
  if (!v) return;
  free(v->data);
  v->data = NULL;
  v->size = 0;
}

WB_VEC_COMMON(val, wasm_val_t)

void wasm_val_vec_copy(wasm_val_vec_t *out, const wasm_val_vec_t *v) {
  wasm_val_vec_new_uninitialized(out, v->size);
  for (size_t i = 0; i < out->size; i++) wasm_val_copy(&out->data[i], &v->data[i]);
}

void wasm_val_vec_delete(wasm_val_vec_t *v) {
  if (!v) return;
  for (size_t i = 0; i < v->size; i++) wasm_val_delete(&v->data[i]);
  free(v->data);
  v->data = NULL;
  v->size = 0;
}

#define WB_VEC_OF_OWNED(name)                                                                    \
  WB_VEC_COMMON(name, wasm_##name##_t *)                                                         \
  void wasm_##name##_vec_copy(wasm_##name##_vec_t *out, const wasm_##name##_vec_t *v) {          \
    wasm_##name##_vec_new_uninitialized(out, v->size);                                           \
    for (size_t i = 0; i < out->size; i++)                                                       \
      out->data[i] = v->data[i] ? wasm_##name##_copy(v->data[i]) : NULL;                         \
  }                                                                                              \
  void wasm_##name##_vec_delete(wasm_##name##_vec_t *v) {                                        \
    if (!v) return;                                                                              \
    for (size_t i = 0; i < v->size; i++)                                                         \
      if (v->data[i]) wasm_##name##_delete(v->data[i]);                                          \
    free(v->data);                                                                               \
    v->data = NULL;                                                                              \
    v->size = 0;                                                                                 \
  }

WB_VEC_OF_OWNED(valtype)
WB_VEC_OF_OWNED(functype)
WB_VEC_OF_OWNED(globaltype)
WB_VEC_OF_OWNED(tabletype)
WB_VEC_OF_OWNED(memorytype)
WB_VEC_OF_OWNED(externtype)
WB_VEC_OF_OWNED(importtype)
WB_VEC_OF_OWNED(exporttype)
WB_VEC_OF_OWNED(frame)
WB_VEC_OF_OWNED(extern)

void wasm_val_delete(wasm_val_t *v) {
  if (v && wasm_valkind_is_ref(v->kind) && v->of.ref) {
    wasm_ref_delete(v->of.ref);
    v->of.ref = NULL;
  }
}

void wasm_val_copy(wasm_val_t *out, const wasm_val_t *v) {
  *out = *v;
  if (wasm_valkind_is_ref(v->kind) && v->of.ref) out->of.ref = wasm_ref_copy(v->of.ref);
}
