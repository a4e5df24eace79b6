/* capi/capi.h — what lies behind wasm.h's opaque types, shared by the files of src/capi only.
 * Every reference kind (func, global, table, memory, extern, instance, foreign, module, trap,
 * ref) is the same small struct pointing at an identity object: several references may share
 * one object, which holds the host info. Store objects' identities belong to their store (found
 * again through a per-store map from engine pointer to identity); modules and traps are counted. */
#ifndef WB_CAPI_CAPI_H
#define WB_CAPI_CAPI_H
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include "../../include/wasm.h"
#include "../../include/wasmbox.h"
#include "engine/engine.h"

/* ---- identities ---- */

typedef enum wb_objkind {
  WB_OBJ_FUNC,
  WB_OBJ_GLOBAL,
  WB_OBJ_TABLE,
  WB_OBJ_MEMORY,
  WB_OBJ_INSTANCE,
  WB_OBJ_FOREIGN,
  WB_OBJ_MODULE,     /* counted, not store-owned */
  WB_OBJ_TRAP,       /* counted, not store-owned */
} wb_objkind;

typedef struct wb_obj {
  uint8_t kind;                  /* wb_objkind */
  void *host_info;
  void (*finalizer)(void *);
  void *ptr;                     /* the engine object (wb_funcinst*, ...); NULL for foreign */
  wasm_store_t *store;           /* store objects: their store */
  _Atomic size_t refs;           /* modules and traps: references + stores retaining it */
} wb_obj;

typedef struct wb_module_obj {
  wb_obj base;
  wb_module *module;
} wb_module_obj;

typedef struct wb_frame_data {
  wb_obj *instance;              /* NULL when unknown */
  uint32_t func_index;
  size_t func_offset, module_offset;
} wb_frame_data;

typedef struct wb_trap_obj {
  wb_obj base;
  char *message;                 /* NUL-terminated */
  size_t message_len;            /* including the NUL */
  uint8_t kind;                  /* wb_trap_kind */
  int exit_code;                 /* WB_TRAP_EXIT */
  uint32_t nframes;
  wb_frame_data *frames;         /* innermost first */
} wb_trap_obj;

/* What every reference type points at (wasm_func_t*, wasm_extern_t*, ... are all this). */
struct wasm_ref_t {
  wb_obj *obj;
};

struct wasm_frame_t {
  wasm_ref_t instance;           /* what wasm_frame_instance returns; obj NULL when unknown */
  uint32_t func_index;
  size_t func_offset, module_offset;
};

struct wasm_shared_module_t {
  wb_module_obj *module;
};

static inline wasm_ref_t *wb_ref(const void *r) { return (wasm_ref_t *)r; }
static inline wb_obj *wb_ref_obj(const void *r) { return r ? ((const wasm_ref_t *)r)->obj : NULL; }
static inline bool wb_obj_counted(const wb_obj *o) {
  return o->kind == WB_OBJ_MODULE || o->kind == WB_OBJ_TRAP;
}

/* A new reference to o (counted objects gain a count). NULL when out of memory. */
wasm_ref_t *wb_ref_new(wb_obj *o);
/* Adds / drops one count of a counted object; the last drop runs the finalizer and frees it. */
void wb_obj_retain(wb_obj *o);
void wb_obj_release(wb_obj *o);

/* ---- runtime environment ---- */

struct wasm_config_t {
  wb_store_config store;
};

struct wasm_engine_t {
  wb_store_config store;
};

typedef struct wb_objmap {       /* engine pointer -> identity, open addressing */
  void **keys;
  wb_obj **vals;
  size_t n, cap;
} wb_objmap;

struct wasm_store_t {
  wb_store *store;
  wb_objmap map;
  wb_obj **owned;                /* every store identity (map entries and foreigns) */
  size_t nowned, capowned;
  wb_obj **retained;             /* counted objects kept alive by the store */
  size_t nretained, capretained;
};

/* The store's identity for an engine object, created on first request. NULL when out of memory. */
wb_obj *wb_store_identity(wasm_store_t *s, wb_objkind kind, void *ptr);
/* A new store identity with no engine object (foreign). */
wb_obj *wb_store_new_foreign(wasm_store_t *s);
/* Keeps a counted object alive until the store is deleted (modules of instances, externrefs). */
bool wb_store_retain(wasm_store_t *s, wb_obj *o);

/* ---- values ---- */

/* wasm.h value kinds <-> binary value types. */
uint8_t wb_valkind_to_type(wasm_valkind_t k);
wasm_valkind_t wb_type_to_valkind(uint8_t t);

/* Converts a wasm.h value to an engine value of type t (the kind must already match). Returns
 * false when a reference does not fit t (a non-function in a funcref) or on out of memory. */
bool wb_val_to_engine(wasm_store_t *s, uint8_t t, const wasm_val_t *v, wb_value *out);
/* Converts an engine value of type t; references become new own references. */
bool wb_val_from_engine(wasm_store_t *s, uint8_t t, const wb_value *v, wasm_val_t *out);
/* A reference for an engine reference value of type t (NULL for the null reference). */
wasm_ref_t *wb_ref_from_engine(wasm_store_t *s, uint8_t t, void *v);
/* The engine reference value for r in a slot of type t; false when r cannot go there. */
bool wb_ref_to_engine(wasm_store_t *s, uint8_t t, const wasm_ref_t *r, void **out);

/* ---- types ---- */

struct wasm_valtype_t {
  wasm_valkind_t kind;
};

struct wasm_externtype_t {       /* the head of every extern type */
  wasm_externkind_t kind;
};

struct wasm_functype_t {
  wasm_externtype_t ext;
  wasm_valtype_vec_t params, results;
};

struct wasm_globaltype_t {
  wasm_externtype_t ext;
  wasm_valtype_t *content;
  wasm_mutability_t mutability;
};

struct wasm_tabletype_t {
  wasm_externtype_t ext;
  wasm_valtype_t *element;
  wasm_limits_t limits;
};

struct wasm_memorytype_t {
  wasm_externtype_t ext;
  wasm_limits_t limits;
};

struct wasm_importtype_t {
  wasm_name_t module, name;
  wasm_externtype_t *type;
};

struct wasm_exporttype_t {
  wasm_name_t name;
  wasm_externtype_t *type;
};

/* Engine types -> new own wasm.h types (NULL when out of memory). */
wasm_functype_t *wb_functype_from_engine(const wb_functype *t);
wasm_globaltype_t *wb_globaltype_from_engine(const wb_globaltype *t);
wasm_tabletype_t *wb_tabletype_from_engine(const wb_tabletype *t);
wasm_memorytype_t *wb_memorytype_from_engine(const wb_memtype *t);
/* wasm.h types -> engine types. A function type's array is malloc'ed (*types, caller frees). */
bool wb_functype_to_engine(const wasm_functype_t *t, uint32_t *np, uint32_t *nr, uint8_t **types);
void wb_limits_to_engine(const wasm_limits_t *l, wb_limits *out);

/* ---- traps and errors ---- */

/* A new own trap from an engine trap (consumed); frames name instances of store s. */
wasm_trap_t *wb_trap_from_engine(wasm_store_t *s, wb_trap *t);
/* A new own trap with a message (printf-style). */
wasm_trap_t *wb_trap_from_message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* An engine trap carrying a C API trap's message (the C API trap is deleted). */
wb_trap *wb_trap_to_engine(wasm_trap_t *t);

/* Records why the current call failed, for wasmbox_last_error. */
void wb_capi_set_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
