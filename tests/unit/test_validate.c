/* tests/unit/test_validate.c — unit tests of the validator on small modules built directly as IR
 * (no decoder involved): body typing, index checks, encoding errors inside bodies, module rules.
 * Prints one line per failed check and a final "N passed, N failed"; exit status 0 iff none failed. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ir/module.h"
#include "ir/opcodes.h"
#include "valid/validate.h"

static int passed, failed;

#define CHECK(cond, ...)                                                                           \
  do {                                                                                             \
    if (cond) {                                                                                    \
      passed++;                                                                                    \
    } else {                                                                                       \
      failed++;                                                                                    \
      printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                                       \
      printf(__VA_ARGS__);                                                                         \
      printf("\n");                                                                                \
    }                                                                                              \
  } while (0)

/* ---- a tiny IR builder ---- */

/* Function bodies and local declarations live in buffers the module does not own (a decoded
 * module keeps them in its copy of the input and its localdecls array); the builder frees them. */
#define MAX_BODIES 16
static uint8_t *bodies[MAX_BODIES];
static wb_localdecl *decls[MAX_BODIES];
static int nbodies;

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size);
  if (!p) abort();
  return p;
}

#define GROW(arr, count) ((arr) = realloc((arr), ((count) + 1) * sizeof *(arr)), \
                          memset(&(arr)[count], 0, sizeof *(arr)), &(arr)[(count)++])

static uint8_t vt(char c) {
  switch (c) {
  case 'i': return WB_I32;
  case 'I': return WB_I64;
  case 'f': return WB_F32;
  case 'F': return WB_F64;
  case 'r': return WB_FUNCREF;
  case 'e': return WB_EXTERNREF;
  }
  abort();
}

/* A signature as "params:results" with one letter per type (i I f F r e). */
static uint32_t add_type(wb_module *m, const char *sig) {
  const char *colon = strchr(sig, ':');
  uint32_t np = (uint32_t)(colon - sig), nr = (uint32_t)strlen(colon + 1);
  wb_functype *t = GROW(m->types, m->ntypes);
  t->nparams = np;
  t->nresults = nr;
  t->types = xcalloc(np + nr, 1);
  for (uint32_t i = 0; i < np; i++) t->types[i] = vt(sig[i]);
  for (uint32_t i = 0; i < nr; i++) t->types[np + i] = vt(colon[1 + i]);
  t->canon_id = wb_functype_intern(np, nr, t->types);
  return m->ntypes - 1;
}

static wb_module *new_module(void) {
  wb_module *m = xcalloc(1, sizeof *m);
  return m;
}

static void import_func(wb_module *m, uint32_t type) {
  wb_import *im = GROW(m->imports, m->nimports);
  im->module = strdup("env");
  im->name = strdup("f");
  im->module_len = 3;
  im->name_len = 1;
  im->kind = WB_EXTERN_FUNC;
  im->desc.func_type = type;
  *GROW(m->func_types, m->nfuncs) = type;
  m->nimported_funcs++;
}

static void import_global(wb_module *m, char type, bool mut) {
  wb_import *im = GROW(m->imports, m->nimports);
  im->module = strdup("env");
  im->name = strdup("g");
  im->module_len = 3;
  im->name_len = 1;
  im->kind = WB_EXTERN_GLOBAL;
  im->desc.global = (wb_globaltype){vt(type), mut};
  *GROW(m->global_types, m->nglobals) = im->desc.global;
  m->nimported_globals++;
}

/* A defined function; locals as letters; body bytes must include the final `end`. */
static uint32_t add_func_n(wb_module *m, uint32_t type, const char *locals, const void *body, size_t len) {
  uint32_t defined = m->nfuncs - m->nimported_funcs;
  m->funcs = realloc(m->funcs, (defined + 1) * sizeof *m->funcs);
  *GROW(m->func_types, m->nfuncs) = type;
  m->func_declared = realloc(m->func_declared, m->nfuncs);
  memset(m->func_declared, 0, m->nfuncs);
  wb_func *f = &m->funcs[defined];
  memset(f, 0, sizeof *f);
  f->type_index = type;
  size_t nl = strlen(locals);
  if (nbodies == MAX_BODIES) abort();
  f->localdecls = decls[nbodies] = xcalloc(nl, sizeof *f->localdecls);
  for (size_t i = 0; i < nl; i++) f->localdecls[i] = (wb_localdecl){1, vt(locals[i])};
  f->nlocaldecls = (uint32_t)nl;
  f->nlocals = nl;
  uint8_t *b = bodies[nbodies++] = xcalloc(len, 1);
  memcpy(b, body, len);
  f->body = b;
  f->body_end = b + len;
  f->body_offset = 0x100 * (m->nfuncs - 1);
  return m->nfuncs - 1;
}
#define ADD_FUNC(m, type, locals, ...) \
  add_func_n(m, type, locals, (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}))

static void add_memory(wb_module *m, uint64_t min, bool has_max, uint64_t max) {
  *GROW(m->mems, m->nmems) = (wb_memtype){{min, max, has_max}};
}

static void add_table(wb_module *m, uint8_t elemtype, uint64_t min) {
  *GROW(m->tables, m->ntables) = (wb_tabletype){elemtype, {min, 0, false}};
}

static void add_global(wb_module *m, char type, bool mut, wb_constexpr init) {
  uint32_t defined = m->nglobals - m->nimported_globals;
  m->globals = realloc(m->globals, (defined + 1) * sizeof *m->globals);
  m->globals[defined] = (wb_global){{vt(type), mut}, init};
  *GROW(m->global_types, m->nglobals) = m->globals[defined].type;
}

static void add_export(wb_module *m, const char *name, uint8_t kind, uint32_t index) {
  wb_export *e = GROW(m->exports, m->nexports);
  e->name = strdup(name);
  e->name_len = (uint32_t)strlen(name);
  e->kind = kind;
  e->index = index;
}

static void free_all(wb_module *m) {
  wb_module_free(m);
  for (int i = 0; i < nbodies; i++) {
    free(bodies[i]);
    free(decls[i]);
  }
  nbodies = 0;
}

static const wb_constexpr I32C = {.op = WB_CONST_I32};

/* ---- expectations ---- */

static void expect(int line, wb_module *m, wb_status want, const char *prefix) {
  wb_error err;
  wb_status st = wb_validate(m, &err);
  bool ok = st == want && (want == WB_OK || strncmp(err.msg, prefix, strlen(prefix)) == 0);
  if (ok) passed++;
  else {
    failed++;
    printf("FAIL line %d: want %s \"%s\", got %s \"%s\"\n", line, wb_status_name(want), prefix ? prefix : "",
           wb_status_name(st), st ? err.msg : "");
  }
  free_all(m);
}
#define VALID(m) expect(__LINE__, m, WB_OK, NULL)
#define INVALID(m, msg) expect(__LINE__, m, WB_ERR_INVALID, msg)
#define MALFORMED(m, msg) expect(__LINE__, m, WB_ERR_MALFORMED, msg)

/* A module with one function of signature sig, locals and body (and a memory when mem). */
#define BODY(sig, locals, ...) body_module(sig, locals, false, (const uint8_t[]){__VA_ARGS__}, \
                                           sizeof((const uint8_t[]){__VA_ARGS__}))
#define BODY_MEM(sig, locals, ...) body_module(sig, locals, true, (const uint8_t[]){__VA_ARGS__}, \
                                               sizeof((const uint8_t[]){__VA_ARGS__}))
static wb_module *body_module(const char *sig, const char *locals, bool mem, const uint8_t *b, size_t len) {
  wb_module *m = new_module();
  if (mem) add_memory(m, 1, false, 0);
  add_func_n(m, add_type(m, sig), locals, b, len);
  return m;
}

/* Opcode shorthands. */
enum {
  UNREACHABLE = 0x00, NOP = 0x01, BLOCK = 0x02, LOOP = 0x03, IF = 0x04, ELSE = 0x05, END = 0x0B,
  BR = 0x0C, BR_IF = 0x0D, BR_TABLE = 0x0E, RETURN = 0x0F, CALL = 0x10, CALL_INDIRECT = 0x11,
  DROP = 0x1A, SELECT = 0x1B, SELECT_T = 0x1C, LGET = 0x20, LSET = 0x21, LTEE = 0x22,
  GGET = 0x23, GSET = 0x24, I32C_ = 0x41, I64C_ = 0x42, F32C_ = 0x43, I32ADD = 0x6A, I64ADD = 0x7C,
  I32LOAD = 0x28, I32STORE = 0x36, MEMSIZE = 0x3F, REFNULL = 0xD0, REFISNULL = 0xD1, REFFUNC = 0xD2,
  EMPTY = 0x40, TI32 = 0x7F, TI64 = 0x7E, FUNCREF = 0x70, EXTERNREF = 0x6F,
};

/* ---- body typing ---- */

static void test_basic_typing(void) {
  VALID(BODY(":", "", END));
  VALID(BODY(":i", "", I32C_, 1, I32C_, 2, I32ADD, END));
  VALID(BODY("iI:I", "", LGET, 1, END));
  INVALID(BODY(":i", "", I32C_, 1, I64C_, 2, I32ADD, END), "type mismatch");
  INVALID(BODY(":i", "", END), "type mismatch");                         /* missing result */
  INVALID(BODY(":", "", I32C_, 1, END), "type mismatch");                /* value left over */
  INVALID(BODY(":", "", I32ADD, DROP, END), "type mismatch");            /* underflow */
  VALID(BODY(":", "f", LGET, 0, LSET, 0, END));
  INVALID(BODY(":", "f", I32C_, 0, LSET, 0, END), "type mismatch");
  INVALID(BODY(":", "i", LGET, 1, DROP, END), "unknown local");
  INVALID(BODY("i:", "", LGET, 1, DROP, END), "unknown local 1");
  VALID(BODY("i:i", "", LGET, 0, LTEE, 0, END));
  /* The saturating conversions (0xFC 0-7) use their table signatures. */
  VALID(BODY(":i", "", F32C_, 0, 0, 0, 0, 0xFC, 0, END));
  INVALID(BODY(":I", "", F32C_, 0, 0, 0, 0, 0xFC, 0, END), "type mismatch");
  /* Sign extension. */
  VALID(BODY(":I", "", I64C_, 1, 0xC4, END));
}

static void test_unreachable_and_branches(void) {
  /* A polymorphic stack supplies whatever is needed. */
  VALID(BODY(":i", "", UNREACHABLE, I32ADD, END));
  VALID(BODY(":i", "", UNREACHABLE, SELECT, END));
  VALID(BODY(":", "", UNREACHABLE, DROP, DROP, END));
  VALID(BODY(":i", "", BLOCK, TI32, UNREACHABLE, END, END));
  INVALID(BODY(":i", "", UNREACHABLE, I64C_, 0, I32ADD, END), "type mismatch");
  /* ... but only for its own frame: values below the block are out of reach. */
  INVALID(BODY(":", "", I32C_, 0, BLOCK, EMPTY, DROP, END, DROP, END), "type mismatch");
  VALID(BODY(":i", "", BLOCK, TI32, I32C_, 1, BR, 0, END, END));
  INVALID(BODY(":i", "", BLOCK, TI32, I64C_, 1, BR, 0, END, END), "type mismatch");
  INVALID(BODY(":", "", BR, 1, END), "unknown label");
  VALID(BODY(":", "", BR, 0, END));                                      /* the function's label */
  VALID(BODY(":i", "", I32C_, 1, I32C_, 0, BR_IF, 0, END));
  /* A loop's label takes its parameters, not its results. */
  VALID(BODY(":i", "", LOOP, TI32, BR, 0, END, END));
  wb_module *m = new_module();
  uint32_t t0 = add_type(m, ":");
  add_type(m, "i:");
  ADD_FUNC(m, t0, "", I32C_, 1, LOOP, 1, BR, 0, END, END);
  VALID(m);
  m = new_module();
  t0 = add_type(m, ":");
  add_type(m, "i:");
  ADD_FUNC(m, t0, "", I32C_, 1, LOOP, 1, DROP, BR, 0, END, END);
  INVALID(m, "type mismatch");
  /* br_table: every target must have the default's arity. */
  VALID(BODY(":", "", BLOCK, EMPTY, BLOCK, EMPTY, I32C_, 0, BR_TABLE, 1, 0, 1, END, END, END));
  INVALID(BODY(":", "", BLOCK, TI32, BLOCK, EMPTY, I32C_, 0, BR_TABLE, 1, 0, 1, END, UNREACHABLE, END, DROP, END),
          "type mismatch");
  INVALID(BODY(":", "", BLOCK, EMPTY, I32C_, 0, BR_TABLE, 1, 5, 0, END, END), "unknown label");
  VALID(BODY(":i", "", BLOCK, TI32, UNREACHABLE, BR_TABLE, 0, 0, END, END));
  VALID(BODY(":i", "", I32C_, 1, RETURN, END));
  INVALID(BODY(":i", "", I64C_, 1, RETURN, END), "type mismatch");
}

static void test_blocks(void) {
  /* Multi-value: a block typed by index takes and returns several values. */
  wb_module *m = new_module();
  uint32_t t0 = add_type(m, ":");
  uint32_t bt = add_type(m, "ii:i");
  (void)bt;
  ADD_FUNC(m, t0, "", I32C_, 1, I32C_, 2, BLOCK, 1, I32ADD, END, DROP, END);
  VALID(m);
  m = new_module();
  t0 = add_type(m, ":");
  add_type(m, "ii:i");
  ADD_FUNC(m, t0, "", I32C_, 1, BLOCK, 1, I32ADD, END, DROP, END);
  INVALID(m, "type mismatch");
  INVALID(BODY(":", "", BLOCK, 5, END, END), "unknown type");
  /* An `if` without `else` must pass its parameters through unchanged. */
  INVALID(BODY(":i", "", I32C_, 1, IF, TI32, I32C_, 1, END, END), "type mismatch");
  VALID(BODY(":i", "", I32C_, 1, IF, TI32, I32C_, 1, ELSE, I32C_, 2, END, END));
  INVALID(BODY(":i", "", I32C_, 1, IF, TI32, I32C_, 1, ELSE, END, END), "type mismatch");
  INVALID(BODY(":", "", IF, EMPTY, END, END), "type mismatch");          /* no condition */
  MALFORMED(BODY(":", "", BLOCK, EMPTY, ELSE, END, END), "END opcode expected");
  MALFORMED(BODY(":", "", I32C_, 0, IF, EMPTY, ELSE, ELSE, END, END), "END opcode expected");
  MALFORMED(BODY(":", "", BLOCK, 0x60, END, END), "malformed value type");
}

static void test_select_and_refs(void) {
  VALID(BODY(":i", "", I32C_, 1, I32C_, 2, I32C_, 0, SELECT, END));
  INVALID(BODY(":i", "", I32C_, 1, I64C_, 2, I32C_, 0, SELECT, END), "type mismatch");
  INVALID(BODY(":r", "", REFNULL, FUNCREF, REFNULL, FUNCREF, I32C_, 0, SELECT, END), "type mismatch");
  VALID(BODY(":r", "", REFNULL, FUNCREF, REFNULL, FUNCREF, I32C_, 0, SELECT_T, 1, FUNCREF, END));
  INVALID(BODY(":i", "", I32C_, 1, I32C_, 2, I32C_, 0, SELECT_T, 2, TI32, TI32, END), "invalid result arity");
  INVALID(BODY(":i", "", I32C_, 1, I32C_, 2, I32C_, 0, SELECT_T, 0, END), "invalid result arity");
  VALID(BODY(":i", "", REFNULL, EXTERNREF, REFISNULL, END));
  INVALID(BODY(":i", "", I32C_, 0, REFISNULL, END), "type mismatch");
  MALFORMED(BODY(":", "", REFNULL, TI32, DROP, END), "malformed reference type");

  /* ref.func names only functions declared outside bodies. */
  wb_module *m = new_module();
  uint32_t t = add_type(m, ":r");
  ADD_FUNC(m, t, "", REFFUNC, 0, END);
  INVALID(m, "undeclared function reference");
  m = new_module();
  t = add_type(m, ":r");
  ADD_FUNC(m, t, "", REFFUNC, 0, END);
  m->func_declared[0] = true;
  VALID(m);
  INVALID(BODY(":r", "", REFFUNC, 7, END), "unknown function 7");
}

static void test_calls_globals_tables(void) {
  wb_module *m = new_module();
  uint32_t t1 = add_type(m, "iI:f");
  uint32_t t0 = add_type(m, ":f");
  import_func(m, t1);
  ADD_FUNC(m, t0, "", I32C_, 1, I64C_, 2, CALL, 0, END);
  VALID(m);
  m = new_module();
  t1 = add_type(m, "iI:f");
  t0 = add_type(m, ":f");
  import_func(m, t1);
  ADD_FUNC(m, t0, "", I64C_, 2, I32C_, 1, CALL, 0, END);
  INVALID(m, "type mismatch");
  INVALID(BODY(":", "", CALL, 3, END), "unknown function 3");

  /* call_indirect needs a funcref table and a known type. */
  m = new_module();
  t0 = add_type(m, ":");
  add_table(m, WB_FUNCREF, 1);
  ADD_FUNC(m, t0, "", I32C_, 0, CALL_INDIRECT, 0, 0, END);
  VALID(m);
  INVALID(BODY(":", "", I32C_, 0, CALL_INDIRECT, 0, 0, END), "unknown table 0");
  m = new_module();
  t0 = add_type(m, ":");
  add_table(m, WB_EXTERNREF, 1);
  ADD_FUNC(m, t0, "", I32C_, 0, CALL_INDIRECT, 0, 0, END);
  INVALID(m, "type mismatch");
  m = new_module();
  t0 = add_type(m, ":");
  add_table(m, WB_FUNCREF, 1);
  ADD_FUNC(m, t0, "", I32C_, 0, CALL_INDIRECT, 9, 0, END);
  INVALID(m, "unknown type");

  /* Tables: get/set/size/grow/fill/copy/init. */
  m = new_module();
  t0 = add_type(m, ":");
  add_table(m, WB_FUNCREF, 1);
  add_table(m, WB_EXTERNREF, 1);
  ADD_FUNC(m, t0, "", I32C_, 0, 0x25, 1, I32C_, 0, 0x26, 0, END);        /* externref into a funcref table */
  INVALID(m, "type mismatch");
  m = new_module();
  t0 = add_type(m, ":");
  add_table(m, WB_FUNCREF, 1);
  add_table(m, WB_EXTERNREF, 1);
  ADD_FUNC(m, t0, "", I32C_, 0, 0x25, 1, DROP, 0xFC, 16, 1, DROP,
           REFNULL, EXTERNREF, I32C_, 1, 0xFC, 15, 1, DROP,
           I32C_, 0, REFNULL, EXTERNREF, I32C_, 1, 0xFC, 17, 1, END);
  VALID(m);
  m = new_module();
  t0 = add_type(m, ":");
  add_table(m, WB_FUNCREF, 1);
  add_table(m, WB_EXTERNREF, 1);
  ADD_FUNC(m, t0, "", I32C_, 0, I32C_, 0, I32C_, 0, 0xFC, 14, 0, 1, END);
  INVALID(m, "type mismatch");
  INVALID(BODY(":", "", 0xFC, 13, 4, END), "unknown elem segment 4");

  /* Globals: mutability and types. */
  m = new_module();
  t0 = add_type(m, ":");
  import_global(m, 'i', false);
  add_global(m, 'I', true, (wb_constexpr){.op = WB_CONST_I64});
  ADD_FUNC(m, t0, "", I64C_, 1, GSET, 1, GGET, 0, DROP, END);
  VALID(m);
  m = new_module();
  t0 = add_type(m, ":");
  import_global(m, 'i', false);
  ADD_FUNC(m, t0, "", I32C_, 1, GSET, 0, END);
  INVALID(m, "global is immutable");
  INVALID(BODY(":", "", GGET, 0, DROP, END), "unknown global 0");
}

static void test_memory(void) {
  VALID(BODY_MEM(":i", "", I32C_, 0, I32LOAD, 2, 0, END));
  INVALID(BODY_MEM(":i", "", I32C_, 0, I32LOAD, 3, 0, END), "alignment must not be larger than natural");
  INVALID(BODY(":i", "", I32C_, 0, I32LOAD, 2, 0, END), "unknown memory 0");
  VALID(BODY_MEM(":", "", I32C_, 0, I32C_, 0, I32STORE, 0, 0x80, 0x80, 0x04, END));
  INVALID(BODY_MEM(":", "", I32C_, 0, I64C_, 0, I32STORE, 0, 0, END), "type mismatch");
  VALID(BODY_MEM(":i", "", MEMSIZE, 0, END));
  MALFORMED(BODY_MEM(":i", "", MEMSIZE, 1, END), "zero byte expected");
  MALFORMED(BODY_MEM(":i", "", MEMSIZE, 0x80, 0x00, END), "zero byte expected");
  INVALID(BODY(":i", "", MEMSIZE, 0, END), "unknown memory");
  VALID(BODY_MEM(":", "", I32C_, 0, I32C_, 0, I32C_, 0, 0xFC, 11, 0, END));   /* memory.fill */
  VALID(BODY_MEM(":", "", I32C_, 0, I32C_, 0, I32C_, 0, 0xFC, 10, 0, 0, END)); /* memory.copy */

  /* memory.init / data.drop: indices need the data count section when there are segments. */
  wb_module *m = body_module(":", "", true, (const uint8_t[]){0xFC, 9, 0, END}, 4);
  m->datas = xcalloc(1, sizeof *m->datas);
  m->ndatas = 1;
  m->datas[0].mode = WB_SEG_PASSIVE;
  MALFORMED(m, "data count section required");
  m = body_module(":", "", true, (const uint8_t[]){0xFC, 9, 0, END}, 4);
  m->datas = xcalloc(1, sizeof *m->datas);
  m->ndatas = 1;
  m->datas[0].mode = WB_SEG_PASSIVE;
  m->has_data_count = true;
  m->data_count = 1;
  VALID(m);
  INVALID(BODY_MEM(":", "", 0xFC, 9, 1, END), "unknown data segment 1");
}

static void test_encoding(void) {
  MALFORMED(BODY(":", "", 0x06, END), "illegal opcode");
  /* SIMD (valid/simd.c): a reserved sub-opcode, a short v128.const, lanes, memargs, types. */
  MALFORMED(BODY(":", "", 0xFD, 0x9A, 0x01, END), "illegal opcode");
  MALFORMED(BODY(":", "", 0xFD, 0x0C, END), "unexpected end");
  VALID(BODY(":i", "", I32C_, 0, 0xFD, 0x0F, 0xFD, 0x15, 15, END));       /* splat, extract_lane_s 15 */
  INVALID(BODY(":i", "", I32C_, 0, 0xFD, 0x0F, 0xFD, 0x15, 16, END), "invalid lane index");
  INVALID(BODY(":i", "", I64C_, 0, 0xFD, 0x0F, 0xFD, 0x15, 0, END), "type mismatch");
  INVALID(BODY(":", "", I32C_, 0, 0xFD, 0x00, 4, 0, DROP, END), "unknown memory");
  VALID(BODY_MEM(":", "", I32C_, 0, 0xFD, 0x00, 4, 0, DROP, END));        /* v128.load align=16 */
  INVALID(BODY_MEM(":", "", I32C_, 0, 0xFD, 0x00, 5, 0, DROP, END), "alignment must not be larger than natural");
  INVALID(BODY_MEM(":", "", I32C_, 0, I32C_, 0, 0xFD, 0x0F, 0xFD, 0x57, 3, 0, 2, DROP, END), "invalid lane index");
  MALFORMED(BODY(":", "", 0xFC, 0x12, END), "illegal opcode");
  MALFORMED(BODY(":i", "", I32C_, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, END), "integer representation too long");
  MALFORMED(BODY(":i", "", I32C_, 0x80, 0x80, 0x80, 0x80, 0x70, END), "integer too large");
  VALID(BODY(":i", "", I32C_, 0x80, 0x80, 0x80, 0x80, 0x78, END));       /* -2^31: sign bits set */
  VALID(BODY(":I", "", I64C_, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f, END));
  MALFORMED(BODY(":I", "", I64C_, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x70, END),
            "integer too large");
  MALFORMED(BODY(":", "i", LGET, 0xff, 0xff, 0xff, 0xff, 0x1f, DROP, END), "integer too large");
  VALID(BODY(":", "i", LGET, 0x80, 0x80, 0x80, 0x80, 0x00, DROP, END));  /* padded zero */
  MALFORMED(BODY(":i", "", I32C_, 0x80), "unexpected end");
  MALFORMED(BODY(":", "", NOP), "END opcode expected");
  MALFORMED(BODY(":", "", BLOCK, EMPTY, END), "END opcode expected");
  MALFORMED(BODY(":", "", END, NOP), "section size mismatch");
  MALFORMED(BODY(":", "", F32C_, 0, 0, END), "unexpected end");
}

static void test_precedence_and_context(void) {
  /* An invalid function followed by a malformed one: the module is malformed. */
  wb_module *m = new_module();
  uint32_t t = add_type(m, ":");
  ADD_FUNC(m, t, "", LGET, 5, DROP, END);
  ADD_FUNC(m, t, "", 0x06, END);
  MALFORMED(m, "illegal opcode");
  /* ... and an encoding error later in the same body counts too. */
  MALFORMED(BODY(":", "", LGET, 5, DROP, BLOCK, EMPTY, I32C_, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, DROP, END, END),
            "integer representation too long");
  MALFORMED(BODY(":", "", I32C_, 0, IF, EMPTY, LGET, 5, ELSE, ELSE, END, END), "END opcode expected");
  /* A module-level error does not hide a malformed body either. */
  m = new_module();
  t = add_type(m, ":");
  add_memory(m, 2, true, 1);
  ADD_FUNC(m, t, "", 0xFF, END);
  MALFORMED(m, "illegal opcode");
  /* Without a malformed body, the first invalid finding is reported. */
  m = new_module();
  t = add_type(m, ":");
  ADD_FUNC(m, t, "", LGET, 5, DROP, END);
  ADD_FUNC(m, t, "", GGET, 5, DROP, END);
  INVALID(m, "unknown local 5");

  /* The error names the function and the instruction's offset. */
  m = new_module();
  t = add_type(m, ":");
  import_func(m, t);
  ADD_FUNC(m, t, "", END);
  ADD_FUNC(m, t, "", NOP, NOP, I32ADD, END);
  wb_error err;
  wb_status st = wb_validate(m, &err);
  CHECK(st == WB_ERR_INVALID && err.offset == 0x202 && strstr(err.msg, "function 2"),
        "got %s at 0x%zx: %s", wb_status_name(st), err.offset, err.msg);
  free_all(m);
  m = new_module();
  CHECK(wb_validate(m, NULL) == WB_OK, "an empty module is valid, err may be NULL");
  free_all(m);
}

static void test_module_rules(void) {
  wb_module *m = new_module();
  add_memory(m, 65537, false, 0);
  INVALID(m, "memory size must be at most 65536 pages (4GiB)");
  m = new_module();
  add_memory(m, 1, true, 65537);
  INVALID(m, "memory size must be at most 65536 pages (4GiB)");
  m = new_module();
  add_memory(m, 2, true, 1);
  INVALID(m, "size minimum must not be greater than maximum");
  m = new_module();
  add_memory(m, 0, true, 65536);
  VALID(m);
  m = new_module();
  add_memory(m, 0, false, 0);
  add_memory(m, 0, false, 0);
  INVALID(m, "multiple memories");
  m = new_module();
  *GROW(m->tables, m->ntables) = (wb_tabletype){WB_FUNCREF, {3, 2, true}};
  INVALID(m, "size minimum must not be greater than maximum");
  m = new_module();
  add_table(m, WB_FUNCREF, 0);
  add_table(m, WB_EXTERNREF, 0);
  VALID(m);                                                               /* several tables are fine */

  /* Function type indices. */
  m = new_module();
  add_type(m, ":");
  import_func(m, 3);
  INVALID(m, "unknown type");

  /* Exports: valid indices, unique names. */
  m = new_module();
  add_func_n(m, add_type(m, ":"), "", (const uint8_t[]){END}, 1);
  add_export(m, "a", WB_EXTERN_FUNC, 0);
  add_export(m, "b", WB_EXTERN_FUNC, 0);
  VALID(m);
  m = new_module();
  add_func_n(m, add_type(m, ":"), "", (const uint8_t[]){END}, 1);
  add_export(m, "a", WB_EXTERN_FUNC, 0);
  add_export(m, "a", WB_EXTERN_FUNC, 0);
  INVALID(m, "duplicate export name");
  m = new_module();
  add_export(m, "m", WB_EXTERN_MEMORY, 0);
  INVALID(m, "unknown memory 0");

  /* Start function: [] -> [] only. */
  m = new_module();
  add_func_n(m, add_type(m, "i:"), "", (const uint8_t[]){END}, 1);
  m->has_start = true;
  INVALID(m, "start function");
  m = new_module();
  m->has_start = true;
  m->start = 2;
  INVALID(m, "unknown function");

  /* Global initializers: the type, and global.get only of imported immutable globals. */
  m = new_module();
  add_global(m, 'I', false, I32C);
  INVALID(m, "type mismatch");
  m = new_module();
  add_global(m, 'i', false, I32C);
  add_global(m, 'i', false, (wb_constexpr){.op = WB_CONST_GLOBAL_GET, .index = 0});
  INVALID(m, "unknown global 0");
  m = new_module();
  import_global(m, 'i', true);
  add_global(m, 'i', false, (wb_constexpr){.op = WB_CONST_GLOBAL_GET, .index = 0});
  INVALID(m, "constant expression required");
  m = new_module();
  import_global(m, 'i', false);
  add_global(m, 'i', false, (wb_constexpr){.op = WB_CONST_GLOBAL_GET, .index = 0});
  VALID(m);
  m = new_module();
  add_global(m, 'r', false, (wb_constexpr){.op = WB_CONST_REF_FUNC, .index = 0});
  INVALID(m, "unknown function 0");
  m = new_module();
  add_global(m, 'r', false, (wb_constexpr){.op = WB_CONST_REF_NULL, .type = WB_EXTERNREF});
  INVALID(m, "type mismatch");

  /* Element segments: table, types, items. */
  m = new_module();
  add_table(m, WB_EXTERNREF, 1);
  m->elems = xcalloc(1, sizeof *m->elems);
  m->nelems = 1;
  m->elems[0] = (wb_elem){.mode = WB_SEG_ACTIVE, .elemtype = WB_FUNCREF, .table = 0, .offset = I32C};
  INVALID(m, "type mismatch");
  m = new_module();
  m->elems = xcalloc(1, sizeof *m->elems);
  m->nelems = 1;
  m->elems[0] = (wb_elem){.mode = WB_SEG_ACTIVE, .elemtype = WB_FUNCREF, .table = 0, .offset = I32C};
  INVALID(m, "unknown table 0");
  m = new_module();
  m->elems = xcalloc(1, sizeof *m->elems);
  m->nelems = 1;
  m->elems[0] = (wb_elem){.mode = WB_SEG_PASSIVE, .elemtype = WB_FUNCREF, .count = 1};
  m->elems[0].items = xcalloc(1, sizeof(wb_constexpr));
  m->elems[0].items[0] = (wb_constexpr){.op = WB_CONST_REF_NULL, .type = WB_EXTERNREF};
  INVALID(m, "type mismatch");

  /* Data segments. */
  m = new_module();
  m->datas = xcalloc(1, sizeof *m->datas);
  m->ndatas = 1;
  m->datas[0] = (wb_data){.mode = WB_SEG_ACTIVE, .memory = 1, .offset = I32C};
  INVALID(m, "unknown memory 1");
  m = new_module();
  add_memory(m, 1, false, 0);
  m->datas = xcalloc(1, sizeof *m->datas);
  m->ndatas = 1;
  m->datas[0] = (wb_data){.mode = WB_SEG_ACTIVE, .memory = 0, .offset = {.op = WB_CONST_I64}};
  INVALID(m, "type mismatch");
}

/* ---- large modules: bodies checked by two threads (valid/validate.c, util/helper.c) ---- */

#define LARGE_FUNCS 640
#define LARGE_BODY 512 /* 640 * 512 bytes: above WB_HELPER_MIN_CODE_BYTES */

/* LARGE_FUNCS functions [] -> [] of LARGE_BODY bytes each (nops, then `end`), in one buffer the
 * caller frees; bad[] lists functions whose body starts with `i32.const 0` (a value left over),
 * or, for an index given as -k, with `local.get 0` (unknown local) in function k. */
static wb_module *large_module(uint8_t **buf, const int *bad, int nbad) {
  wb_module *m = new_module();
  uint32_t t = add_type(m, ":");
  uint8_t *b = *buf = xcalloc(LARGE_FUNCS, LARGE_BODY);
  m->funcs = xcalloc(LARGE_FUNCS, sizeof *m->funcs);
  for (uint32_t i = 0; i < LARGE_FUNCS; i++) {
    uint8_t *body = b + (size_t)i * LARGE_BODY;
    memset(body, NOP, LARGE_BODY - 1);
    body[LARGE_BODY - 1] = END;
    *GROW(m->func_types, m->nfuncs) = t;
    m->funcs[i] = (wb_func){.type_index = t, .body = body, .body_end = body + LARGE_BODY,
                            .body_offset = 0x1000 + (size_t)i * LARGE_BODY};
  }
  m->func_declared = xcalloc(m->nfuncs, 1);
  for (int k = 0; k < nbad; k++) {
    uint8_t *body = b + (size_t)(bad[k] < 0 ? -bad[k] : bad[k]) * LARGE_BODY;
    body[0] = bad[k] < 0 ? LGET : I32C_;
    body[1] = 0;
  }
  return m;
}

static void *validate_large(void *arg) {
  (void)arg;
  uint8_t *buf;
  wb_module *m = large_module(&buf, NULL, 0);
  wb_status st = wb_validate(m, NULL);
  wb_module_free(m);
  free(buf);
  return (void *)(intptr_t)st;
}

/* The first failing body in index order is reported, whichever thread met which body first. */
static void expect_large(int line, const int *bad, int nbad, const char *want) {
  uint8_t *buf;
  wb_module *m = large_module(&buf, bad, nbad);
  wb_error err;
  wb_status st = wb_validate(m, &err);
  bool ok = want ? st == WB_ERR_INVALID && strcmp(err.msg, want) == 0 : st == WB_OK;
  if (ok) passed++;
  else {
    failed++;
    printf("FAIL line %d: want \"%s\", got %s \"%s\"\n", line, want ? want : "valid", wb_status_name(st),
           st ? err.msg : "");
  }
  wb_module_free(m);
  free(buf);
}

static void test_large_modules(void) {
  expect_large(__LINE__, NULL, 0, NULL);
  /* Offsets: 0x1000 + index * 512, plus 511 for the `end` that finds the value left over. */
  expect_large(__LINE__, (const int[]){600}, 1,
               "type mismatch: 1 value(s) left on the stack at end of block (function 600, offset 0x4c1ff)");
  expect_large(__LINE__, (const int[]){620, -3, 500}, 3,
               "unknown local 0 (function 3, offset 0x1600)");
  expect_large(__LINE__, (const int[]){639, 1}, 2,
               "type mismatch: 1 value(s) left on the stack at end of block (function 1, offset 0x13ff)");
  /* Two validations at once: one shares with the helper, the other finds it busy. */
  pthread_t th;
  CHECK(pthread_create(&th, NULL, validate_large, NULL) == 0, "thread");
  CHECK(validate_large(NULL) == (void *)(intptr_t)WB_OK, "valid alongside another validation");
  void *other;
  CHECK(pthread_join(th, &other) == 0 && other == (void *)(intptr_t)WB_OK, "the other one too");
}

int main(void) {
  test_basic_typing();
  test_unreachable_and_branches();
  test_blocks();
  test_select_and_refs();
  test_calls_globals_tables();
  test_memory();
  test_encoding();
  test_precedence_and_context();
  test_module_rules();
  test_large_modules();
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
