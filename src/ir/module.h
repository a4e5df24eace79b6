/* ir/module.h — the module IR: what the binary (and later text) front end produces and every
 * later layer (validator, engine, execution tiers, CLI) reads. Plain data, owned by wb_module.
 * Function bodies stay as byte ranges into the module's own copy of the input: the validator
 * and the execution tiers decode instructions themselves. */
#ifndef WB_IR_MODULE_H
#define WB_IR_MODULE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Value types use their binary encodings. */
typedef enum wb_valtype {
  WB_I32 = 0x7F,
  WB_I64 = 0x7E,
  WB_F32 = 0x7D,
  WB_F64 = 0x7C,
  WB_V128 = 0x7B,
  WB_FUNCREF = 0x70,
  WB_EXTERNREF = 0x6F,
} wb_valtype;

static inline bool wb_valtype_is_ref(uint8_t t) { return t == WB_FUNCREF || t == WB_EXTERNREF; }
/* Interpreter slots are 8 bytes; a v128 takes two. */
static inline uint32_t wb_valtype_slots(uint8_t t) { return t == WB_V128 ? 2 : 1; }
const char *wb_valtype_name(uint8_t t);

typedef enum wb_externkind {
  WB_EXTERN_FUNC = 0,
  WB_EXTERN_TABLE = 1,
  WB_EXTERN_MEMORY = 2,
  WB_EXTERN_GLOBAL = 3,
} wb_externkind;

typedef struct wb_functype {
  uint32_t nparams, nresults;
  uint8_t *types;        /* nparams parameter types followed by nresults result types */
  uint32_t canon_id;     /* process-wide id; equal ids <=> structurally equal types */
} wb_functype;

static inline const uint8_t *wb_functype_params(const wb_functype *t) { return t->types; }
static inline const uint8_t *wb_functype_results(const wb_functype *t) { return t->types + t->nparams; }

/* Returns the process-wide canonical id of a structural function type (thread-safe);
 * used for call_indirect's type check and import matching across modules. */
uint32_t wb_functype_intern(uint32_t nparams, uint32_t nresults, const uint8_t *types);

typedef struct wb_limits {
  uint64_t min, max;     /* in pages (memories) or elements (tables) */
  bool has_max;
} wb_limits;

typedef struct wb_tabletype {
  uint8_t elemtype;      /* WB_FUNCREF or WB_EXTERNREF */
  wb_limits limits;
} wb_tabletype;

typedef struct wb_memtype {
  wb_limits limits;      /* pages of 64 KiB; room for memory64/shared flags later */
} wb_memtype;

typedef struct wb_globaltype {
  uint8_t valtype;
  bool mutable_;
} wb_globaltype;

/* A constant expression of Wasm 2.0: exactly one of these instructions followed by `end`.
 * (Extended constant expressions of 3.0 will add a sequence form.) */
typedef enum wb_constop {
  WB_CONST_I32 = 0x41,
  WB_CONST_I64 = 0x42,
  WB_CONST_F32 = 0x43,
  WB_CONST_F64 = 0x44,
  WB_CONST_V128 = 0xFD,    /* v128.const */
  WB_CONST_GLOBAL_GET = 0x23,
  WB_CONST_REF_NULL = 0xD0,
  WB_CONST_REF_FUNC = 0xD2,
} wb_constop;

typedef struct wb_constexpr {
  uint8_t op;              /* a wb_constop */
  uint8_t type;            /* for REF_NULL: the reference type */
  uint32_t index;          /* global index (GLOBAL_GET) or function index (REF_FUNC) */
  union {
    uint32_t i32;          /* also f32 bits */
    uint64_t i64;          /* also f64 bits */
    uint8_t v128[16];
  } value;
  size_t offset;           /* byte offset of the expression in the input, for messages */
} wb_constexpr;

typedef struct wb_import {
  char *module, *name;     /* NUL-terminated copies (valid UTF-8, may contain no NUL) */
  uint32_t module_len, name_len;
  uint8_t kind;            /* wb_externkind */
  union {
    uint32_t func_type;    /* index into the type section */
    wb_tabletype table;
    wb_memtype mem;
    wb_globaltype global;
  } desc;
} wb_import;

typedef struct wb_export {
  char *name;
  uint32_t name_len;
  uint8_t kind;            /* wb_externkind */
  uint32_t index;          /* in the kind's index space (imports first) */
} wb_export;

typedef struct wb_global {
  wb_globaltype type;
  wb_constexpr init;
} wb_global;

/* A run of locals of one type, as declared in the code section. */
typedef struct wb_localdecl {
  uint32_t count;
  uint8_t type;
} wb_localdecl;

typedef struct wb_func {
  uint32_t type_index;
  uint32_t nlocaldecls;
  wb_localdecl *localdecls; /* into the module's localdecls (not owned) */
  uint64_t nlocals;        /* declared locals, excluding parameters (checked <= 50000 by the decoder) */
  const uint8_t *body;     /* first instruction (after the local declarations) */
  const uint8_t *body_end; /* one past the final `end` */
  size_t body_offset;      /* byte offset of `body` in the input */
} wb_func;

typedef enum wb_segmode {
  WB_SEG_ACTIVE = 0,
  WB_SEG_PASSIVE = 1,
  WB_SEG_DECLARATIVE = 2,  /* element segments only */
} wb_segmode;

typedef struct wb_elem {
  uint8_t mode;            /* wb_segmode */
  uint8_t elemtype;        /* WB_FUNCREF or WB_EXTERNREF */
  uint32_t table;          /* active only */
  wb_constexpr offset;     /* active only */
  uint32_t count;
  wb_constexpr *items;     /* each REF_FUNC, REF_NULL or GLOBAL_GET */
} wb_elem;

typedef struct wb_data {
  uint8_t mode;            /* WB_SEG_ACTIVE or WB_SEG_PASSIVE */
  uint32_t memory;         /* active only */
  wb_constexpr offset;     /* active only */
  const uint8_t *bytes;    /* into the module's copy of the input */
  uint32_t len;
} wb_data;

typedef struct wb_custom_section {
  char *name;
  const uint8_t *bytes;    /* contents after the name */
  uint32_t len;
  size_t offset;           /* byte offset of the section's id byte */
} wb_custom_section;

/* Byte offset and size of one section as found in the input (for `inspect`). */
typedef struct wb_section_info {
  uint8_t id;
  size_t offset, size;
} wb_section_info;

typedef struct wb_module {
  uint8_t *bytes;          /* the module's own copy of the input; body/data pointers refer into it */
  size_t len;

  uint32_t ntypes;         wb_functype *types;
  uint32_t nimports;       wb_import *imports;
  /* Index spaces: imported entities come first, in import order. */
  uint32_t nimported_funcs, nimported_tables, nimported_mems, nimported_globals;
  uint32_t nfuncs;         uint32_t *func_types;   /* type index of every function, imports included */
  wb_func *funcs;          /* defined functions only: funcs[i] is function index nimported_funcs+i */
  wb_localdecl *localdecls; /* every body's local declarations, in order: funcs[i].localdecls point in */
  uint32_t ntables;        wb_tabletype *tables;   /* all tables, imports included */
  uint32_t nmems;          wb_memtype *mems;       /* all memories, imports included */
  uint32_t nglobals;       wb_globaltype *global_types; /* all globals, imports included */
  wb_global *globals;      /* defined globals only: globals[i] is global index nimported_globals+i */
  uint32_t nexports;       wb_export *exports;
  bool has_start;          uint32_t start;
  uint32_t nelems;         wb_elem *elems;
  bool has_data_count;     uint32_t data_count;
  uint32_t ndatas;         wb_data *datas;
  uint32_t ncustoms;       wb_custom_section *customs;
  uint32_t nsections;      wb_section_info *sections;

  /* From the `name` custom section (absent names are NULL). */
  char *module_name;
  char **func_names;       /* nfuncs entries, or NULL when the section has no function names */

  /* Functions referenced outside function bodies (exports, element segments, globals):
   * the only ones `ref.func` may name. nfuncs flags, filled by the decoder. */
  bool *func_declared;

  /* Per-module cache owned by the execution tier (translated code per defined function),
   * freed through exec_cache_free when the module is freed. */
  void *exec_cache;
  void (*exec_cache_free)(struct wb_module *m);
} wb_module;

/* Frees everything the module owns. Accepts NULL. */
void wb_module_free(wb_module *m);

/* The function type of function `func_index` (imports included). */
static inline const wb_functype *wb_module_func_type(const wb_module *m, uint32_t func_index) {
  return &m->types[m->func_types[func_index]];
}

/* The name of a function from the name section, or NULL. */
static inline const char *wb_module_func_name(const wb_module *m, uint32_t func_index) {
  return (m->func_names && func_index < m->nfuncs) ? m->func_names[func_index] : NULL;
}

#endif
