/* tests/unit/test_instance.c — stores, tables, import matching and instantiation on modules
 * built by hand (no decoder needed): segment order and partial effects, start function, limits.
 * Prints one line per failure, then "N passed, N failed"; exits 0 iff nothing failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine/engine.h"

static int npassed, nfailed;

#define CHECK(cond, ...)                                  \
  do {                                                    \
    if (cond) {                                           \
      npassed++;                                          \
    } else {                                              \
      nfailed++;                                          \
      printf("FAIL %s:%d: ", __FILE__, __LINE__);         \
      printf(__VA_ARGS__);                                \
      printf("\n");                                       \
    }                                                     \
  } while (0)

/* ---- tables ---- */
static void test_tables(void) {
  wb_error err;
  wb_table *t = NULL;
  int dummy;
  wb_tabletype tt = {WB_FUNCREF, {3, 5, true}};
  CHECK(wb_table_new(&tt, &dummy, &t, &err) == WB_OK, "table new: %s", err.msg);
  if (!t) return;
  CHECK(t->size == 3 && t->max == 5 && t->elems[0] == &dummy && t->elems[2] == &dummy, "table init");
  CHECK(wb_table_grow(t, 3, NULL) == -1 && t->size == 3, "table grow past max");
  CHECK(wb_table_grow(t, 2, NULL) == 3 && t->size == 5 && t->elems[4] == NULL && t->elems[0] == &dummy,
        "table grow");
  CHECK(t->type.limits.min == 5 && t->type.limits.max == 5, "table type after grow");
  CHECK(wb_table_grow(t, 0, NULL) == 5, "table grow 0");
  wb_table_free(t);

  wb_tabletype open = {WB_EXTERNREF, {0, 0, false}};
  CHECK(wb_table_new(&open, NULL, &t, &err) == WB_OK, "table new empty: %s", err.msg);
  if (!t) return;
  CHECK(t->size == 0 && t->max == UINT32_MAX && t->elems != NULL, "undeclared max");
  CHECK(wb_table_grow(t, 10000001u, NULL) == -1, "grow past the implementation limit");
  CHECK(wb_table_grow(t, UINT32_MAX, NULL) == -1, "grow by UINT32_MAX");
  CHECK(wb_table_grow(t, 1000, &dummy) == 0 && t->size == 1000 && t->elems[999] == &dummy, "grow 1000");
  CHECK(wb_table_grow(t, 10000000u - 1000, NULL) == 1000, "grow to the limit");
  CHECK(wb_table_grow(t, 1, NULL) == -1, "grow past the limit");
  wb_table_free(t);
  wb_tabletype huge = {WB_FUNCREF, {0xFFFFFFFFu, 0, false}};
  CHECK(wb_table_new(&huge, NULL, &t, &err) == WB_ERR_NOMEM, "huge table accepted");
}

/* ---- host functions ---- */
static int start_count;
static wb_trap *count_cb(void *env, wb_instance *caller, const wb_value *args, wb_value *results) {
  (void)env, (void)caller, (void)args, (void)results;
  start_count++;
  return NULL;
}
static wb_trap *trap_cb(void *env, wb_instance *caller, const wb_value *args, wb_value *results) {
  (void)env, (void)caller, (void)args, (void)results;
  return wb_trap_new(WB_TRAP_HOST, "boom from start");
}
static int env_freed;
static void env_free(void *env) {
  (void)env;
  env_freed++;
}

/* ---- a module built by hand ----
 * imports: "env"."start" () -> ()   "env"."tab" table 10 funcref   "env"."mem" memory 1
 *          "env"."g" global i32
 * defined: two functions of type (i32) -> (i32), a table of 3, globals (global.get 0), (ref.func 1)
 * elems:   active table 0 at (global.get 0): ref.func 1, ref.func 2, ref.null; declarative; passive;
 *          active table 1 at 1: ref.func 2
 * datas:   active at 10 "hello"; passive "xyz"
 * start:   function 0 */
static uint8_t ty_void[1];
static uint8_t ty_i32_i32[2] = {WB_I32, WB_I32};
static wb_functype types[2];
static wb_import imports[4];
static uint32_t func_types[3] = {0, 1, 1};
static wb_func funcs[2];
static wb_tabletype tables[2];
static wb_memtype mems[1];
static wb_globaltype global_types[3];
static wb_global globals[2];
static wb_export exports[6];
static wb_constexpr items0[3], items3[1], items_passive[1];
static wb_elem elems[4];
static uint8_t hello[] = "hello", xyz[] = "xyz";
static wb_data datas[2];
static wb_module mod;

static wb_constexpr cx_i32(uint32_t v) {
  wb_constexpr e;
  memset(&e, 0, sizeof e);
  e.op = WB_CONST_I32;
  e.value.i32 = v;
  return e;
}
static wb_constexpr cx_op(uint8_t op, uint32_t index) {
  wb_constexpr e;
  memset(&e, 0, sizeof e);
  e.op = op;
  e.index = index;
  e.type = WB_FUNCREF;
  return e;
}

static void build_module(void) {
  memset(&mod, 0, sizeof mod);
  types[0] = (wb_functype){0, 0, ty_void, 0};
  types[1] = (wb_functype){1, 1, ty_i32_i32, 0};
  imports[0] = (wb_import){.module = "env", .name = "start", .kind = WB_EXTERN_FUNC, .desc.func_type = 0};
  imports[1] = (wb_import){.module = "env", .name = "tab", .kind = WB_EXTERN_TABLE,
                           .desc.table = {WB_FUNCREF, {10, 0, false}}};
  imports[2] = (wb_import){.module = "env", .name = "mem", .kind = WB_EXTERN_MEMORY,
                           .desc.mem = {{1, 0, false}}};
  imports[3] = (wb_import){.module = "env", .name = "g", .kind = WB_EXTERN_GLOBAL,
                           .desc.global = {WB_I32, false}};
  tables[0] = imports[1].desc.table;
  tables[1] = (wb_tabletype){WB_FUNCREF, {3, 0, false}};
  mems[0] = imports[2].desc.mem;
  global_types[0] = imports[3].desc.global;
  global_types[1] = (wb_globaltype){WB_I32, true};
  global_types[2] = (wb_globaltype){WB_FUNCREF, false};
  globals[0] = (wb_global){global_types[1], cx_op(WB_CONST_GLOBAL_GET, 0)};
  globals[1] = (wb_global){global_types[2], cx_op(WB_CONST_REF_FUNC, 1)};
  exports[0] = (wb_export){"f1", 2, WB_EXTERN_FUNC, 1};
  exports[1] = (wb_export){"mem", 3, WB_EXTERN_MEMORY, 0};
  exports[2] = (wb_export){"tab1", 4, WB_EXTERN_TABLE, 1};
  exports[3] = (wb_export){"g1", 2, WB_EXTERN_GLOBAL, 1};
  exports[4] = (wb_export){"start", 5, WB_EXTERN_FUNC, 0};
  exports[5] = (wb_export){"a\0b", 3, WB_EXTERN_FUNC, 2};
  items0[0] = cx_op(WB_CONST_REF_FUNC, 1);
  items0[1] = cx_op(WB_CONST_REF_FUNC, 2);
  items0[2] = cx_op(WB_CONST_REF_NULL, 0);
  items3[0] = cx_op(WB_CONST_REF_FUNC, 2);
  items_passive[0] = cx_op(WB_CONST_REF_FUNC, 1);
  elems[0] = (wb_elem){WB_SEG_ACTIVE, WB_FUNCREF, 0, cx_op(WB_CONST_GLOBAL_GET, 0), 3, items0};
  elems[1] = (wb_elem){WB_SEG_DECLARATIVE, WB_FUNCREF, 0, cx_i32(0), 1, items_passive};
  elems[2] = (wb_elem){WB_SEG_PASSIVE, WB_FUNCREF, 0, cx_i32(0), 1, items_passive};
  elems[3] = (wb_elem){WB_SEG_ACTIVE, WB_FUNCREF, 1, cx_i32(1), 1, items3};
  datas[0] = (wb_data){WB_SEG_ACTIVE, 0, cx_i32(10), hello, 5};
  datas[1] = (wb_data){WB_SEG_PASSIVE, 0, cx_i32(0), xyz, 3};

  mod.ntypes = 2, mod.types = types;
  mod.nimports = 4, mod.imports = imports;
  mod.nimported_funcs = mod.nimported_tables = mod.nimported_mems = mod.nimported_globals = 1;
  mod.nfuncs = 3, mod.func_types = func_types, mod.funcs = funcs;
  mod.ntables = 2, mod.tables = tables;
  mod.nmems = 1, mod.mems = mems;
  mod.nglobals = 3, mod.global_types = global_types, mod.globals = globals;
  mod.nexports = 6, mod.exports = exports;
  mod.has_start = true, mod.start = 0;
  mod.nelems = 4, mod.elems = elems;
  mod.ndatas = 2, mod.datas = datas;
}

typedef struct env {
  wb_store *s;
  wb_funcinst *start;
  wb_table *tab;
  wb_memory *mem;
  wb_global_inst *g;
  wb_extern ext[4];
} env;

static void make_env(env *e, wb_store *s, int32_t g) {
  wb_error err;
  e->s = s;
  e->start = wb_store_host_func(s, 0, 0, NULL, count_cb, NULL, NULL);
  wb_tabletype tt = {WB_FUNCREF, {10, 0, false}};
  wb_store_table(s, &tt, NULL, &e->tab, &err);
  wb_memtype mt = {{1, 0, false}};
  wb_store_memory(s, &mt, &e->mem, &err);
  wb_value v = {.i32 = g};
  e->g = wb_store_global(s, (wb_globaltype){WB_I32, false}, v);
  e->ext[0] = (wb_extern){WB_EXTERN_FUNC, {.func = e->start}};
  e->ext[1] = (wb_extern){WB_EXTERN_TABLE, {.table = e->tab}};
  e->ext[2] = (wb_extern){WB_EXTERN_MEMORY, {.mem = e->mem}};
  e->ext[3] = (wb_extern){WB_EXTERN_GLOBAL, {.global = e->g}};
}

static void test_instantiate(void) {
  build_module();
  wb_store *s = wb_store_new(NULL);
  env e;
  make_env(&e, s, 5);
  wb_instance *inst = NULL;
  wb_trap *trap = NULL;
  wb_error err;
  start_count = 0;
  wb_status st = wb_instantiate(s, &mod, e.ext, &inst, &trap, &err);
  CHECK(st == WB_OK && inst, "instantiate: %s", err.msg);
  if (!inst) {
    wb_store_free(s);
    return;
  }
  CHECK(start_count == 1, "start ran %d times", start_count);
  CHECK(inst->store == s && inst->module == &mod, "instance header");
  CHECK(inst->funcs[0] == e.start, "imported function");
  CHECK(inst->funcs[1] == &inst->own_funcs[0] && inst->funcs[2] == &inst->own_funcs[1], "own funcs");
  CHECK(inst->funcs[1]->instance == inst && inst->funcs[2]->func_index == 2 && !inst->funcs[1]->host,
        "own func fields");
  CHECK(inst->funcs[1]->type == &types[1] &&
            inst->funcs[1]->type_id == wb_functype_intern(1, 1, ty_i32_i32) &&
            inst->funcs[1]->type_id != e.start->type_id && e.start->type_id == wb_functype_intern(0, 0, NULL),
        "type ids");
  CHECK(inst->tables[0] == e.tab && inst->mems[0] == e.mem && inst->globals[0] == e.g, "imports placed");
  CHECK(inst->tables[1] && inst->tables[1]->size == 3, "own table");
  CHECK(inst->globals[1]->value.i32 == 5 && inst->globals[1]->type.mutable_, "global.get init");
  CHECK(inst->globals[2]->value.ref == inst->funcs[1], "ref.func init");
  CHECK(e.tab->elems[4] == NULL && e.tab->elems[5] == inst->funcs[1] && e.tab->elems[6] == inst->funcs[2] &&
            e.tab->elems[7] == NULL,
        "active element segment");
  CHECK(inst->tables[1]->elems[1] == inst->funcs[2] && inst->tables[1]->elems[0] == NULL, "second table");
  CHECK(inst->elem_dropped[0] && inst->elem_dropped[1] && !inst->elem_dropped[2] && inst->elem_dropped[3],
        "elem dropped flags");
  CHECK(memcmp(e.mem->base + 10, "hello", 5) == 0 && e.mem->base[9] == 0 && e.mem->base[15] == 0,
        "active data segment");
  CHECK(inst->data_dropped[0] && !inst->data_dropped[1], "data dropped flags");

  wb_extern x;
  CHECK(wb_instance_export(inst, "f1", &x) && x.kind == WB_EXTERN_FUNC && x.u.func == inst->funcs[1], "export f1");
  CHECK(wb_instance_export(inst, "mem", &x) && x.kind == WB_EXTERN_MEMORY && x.u.mem == e.mem, "export mem");
  CHECK(wb_instance_export(inst, "tab1", &x) && x.u.table == inst->tables[1], "export tab1");
  CHECK(wb_instance_export(inst, "g1", &x) && x.u.global == inst->globals[1], "export g1");
  CHECK(wb_instance_export(inst, "start", &x) && x.u.func == e.start, "re-export of an import");
  CHECK(!wb_instance_export(inst, "nope", &x) && !wb_instance_export(inst, "f", &x), "absent export");
  CHECK(wb_instance_export_n(inst, "a\0b", 3, &x) && x.u.func == inst->funcs[2], "name with NUL");
  CHECK(!wb_instance_export(inst, "a", &x) && !wb_instance_export_n(inst, "a\0c", 3, &x), "NUL name prefix");

  /* The second instance imports the first one's exports and shares its table. */
  wb_extern ext2[4] = {{WB_EXTERN_FUNC, {.func = inst->funcs[0]}}, {WB_EXTERN_TABLE, {.table = e.tab}},
                       {WB_EXTERN_MEMORY, {.mem = e.mem}}, {WB_EXTERN_GLOBAL, {.global = e.g}}};
  wb_instance *inst2 = NULL;
  CHECK(wb_instantiate(s, &mod, ext2, &inst2, NULL, &err) == WB_OK, "second instance: %s", err.msg);
  if (inst2)
    CHECK(e.tab->elems[5] == inst2->funcs[1] && inst2->funcs[1] != inst->funcs[1], "second instance's elements");
  CHECK(start_count == 2, "start count %d", start_count);
  wb_store_free(s);
}

/* Segments run in order and earlier effects stay when a later one fails. */
static void test_partial_failure(void) {
  build_module();
  wb_store *s = wb_store_new(NULL);
  env e;
  wb_instance *inst;
  wb_trap *trap;
  wb_error err;

  /* global = 8: the first segment [8, 11) overruns the 10-entry table. */
  make_env(&e, s, 8);
  start_count = 0;
  CHECK(wb_instantiate(s, &mod, e.ext, &inst, &trap, &err) == WB_ERR_INSTANTIATE && !inst,
        "elem overrun accepted");
  CHECK(strncmp(err.msg, "out of bounds table access", 26) == 0, "message: %s", err.msg);
  CHECK(e.tab->elems[8] == NULL, "failed segment wrote");
  CHECK(e.mem->base[10] == 0 && start_count == 0, "data or start ran after elem failure");

  /* Offset exactly at the end with 0 items is fine; past it is not. */
  make_env(&e, s, 7);
  elems[0].count = 3;
  CHECK(wb_instantiate(s, &mod, e.ext, &inst, &trap, &err) == WB_OK, "exact fit: %s", err.msg);
  make_env(&e, s, 11);
  elems[0].count = 0;
  CHECK(wb_instantiate(s, &mod, e.ext, &inst, &trap, &err) == WB_ERR_INSTANTIATE, "empty segment past end");
  make_env(&e, s, 10);
  CHECK(wb_instantiate(s, &mod, e.ext, &inst, &trap, &err) == WB_OK, "empty segment at end: %s", err.msg);
  elems[0].count = 3;

  /* The second element segment fails: the first one's entries stay in the imported table. */
  make_env(&e, s, 0);
  elems[3].offset = cx_i32(3);
  start_count = 0;
  CHECK(wb_instantiate(s, &mod, e.ext, &inst, &trap, &err) == WB_ERR_INSTANTIATE, "second elem overrun");
  CHECK(e.tab->elems[0] != NULL && e.tab->elems[1] != NULL, "first segment's effects lost");
  CHECK(e.tab->elems[0] && ((wb_funcinst *)e.tab->elems[0])->func_index == 1, "kept entry is a funcinst");
  elems[3].offset = cx_i32(1);

  /* A data segment fails: earlier data stays, start does not run. */
  wb_data two[2] = {{WB_SEG_ACTIVE, 0, cx_i32(10), hello, 5}, {WB_SEG_ACTIVE, 0, cx_i32(65534), xyz, 3}};
  mod.datas = two;
  make_env(&e, s, 0);
  CHECK(wb_instantiate(s, &mod, e.ext, &inst, &trap, &err) == WB_ERR_INSTANTIATE, "data overrun");
  CHECK(strncmp(err.msg, "out of bounds memory access", 27) == 0, "message: %s", err.msg);
  CHECK(memcmp(e.mem->base + 10, "hello", 5) == 0 && e.mem->base[65534] == 0, "data effects");
  CHECK(e.tab->elems[0] != NULL, "elements before data kept");
  CHECK(start_count == 0, "start ran after failure");
  two[1].offset = cx_i32(65533);
  make_env(&e, s, 0);
  CHECK(wb_instantiate(s, &mod, e.ext, &inst, &trap, &err) == WB_OK, "data exact fit: %s", err.msg);
  CHECK(memcmp(e.mem->base + 65533, "xyz", 3) == 0, "data at the end");
  two[1].len = 0;
  two[1].offset = cx_i32(65537);
  make_env(&e, s, 0);
  CHECK(wb_instantiate(s, &mod, e.ext, &inst, &trap, &err) == WB_ERR_INSTANTIATE, "empty data past end");
  two[1].offset = cx_i32(65536);
  make_env(&e, s, 0);
  CHECK(wb_instantiate(s, &mod, e.ext, &inst, &trap, &err) == WB_OK, "empty data at end");
  mod.datas = datas;

  /* The start function traps. */
  make_env(&e, s, 0);
  e.ext[0].u.func = wb_store_host_func(s, 0, 0, NULL, trap_cb, NULL, NULL);
  trap = NULL;
  CHECK(wb_instantiate(s, &mod, e.ext, &inst, &trap, &err) == WB_ERR_TRAP && !inst, "start trap");
  CHECK(trap && trap->message && strcmp(trap->message, "boom from start") == 0, "trap handed back");
  CHECK(memcmp(e.mem->base + 10, "hello", 5) == 0, "data before start kept");
  if (trap) wb_trap_free(trap);
  CHECK(wb_instantiate(s, &mod, e.ext, &inst, NULL, &err) == WB_ERR_TRAP, "start trap without trap out");
  wb_store_free(s);
}

static void test_matching(void) {
  build_module();
  wb_store *s = wb_store_new(NULL);
  wb_error err;
  env e;
  make_env(&e, s, 0);
  for (int i = 0; i < 4; i++)
    CHECK(wb_extern_matches_import(&mod, &imports[i], &e.ext[i], &err), "import %d: %s", i, err.msg);

  wb_funcinst *other = wb_store_host_func(s, 2, 1, (const uint8_t[]){WB_I32, WB_I64, WB_I32}, count_cb, NULL, NULL);
  wb_extern x = {WB_EXTERN_FUNC, {.func = other}};
  CHECK(!wb_extern_matches_import(&mod, &imports[0], &x, &err), "func type mismatch accepted");
  CHECK(err.status == WB_ERR_LINK && strncmp(err.msg, "incompatible import type", 24) == 0 &&
            strstr(err.msg, "\"env\".\"start\"") && strstr(err.msg, "(param i32 i64)"),
        "message: %s", err.msg);
  CHECK(!wb_extern_matches_import(&mod, &imports[0], &e.ext[1], &err), "kind mismatch accepted");
  CHECK(strstr(err.msg, "expected function") && strstr(err.msg, "found table"), "message: %s", err.msg);

  /* Tables: current size against min, declared max against the actual max. */
  wb_import ti = {.module = "m", .name = "t", .kind = WB_EXTERN_TABLE, .desc.table = {WB_FUNCREF, {10, 20, true}}};
  struct {
    wb_tabletype t;
    bool ok;
  } tc[] = {
      {{WB_FUNCREF, {10, 20, true}}, true},  {{WB_FUNCREF, {15, 20, true}}, true},
      {{WB_FUNCREF, {10, 15, true}}, true},  {{WB_FUNCREF, {9, 20, true}}, false},
      {{WB_FUNCREF, {10, 21, true}}, false}, {{WB_FUNCREF, {10, 0, false}}, false},
      {{WB_EXTERNREF, {10, 20, true}}, false},
  };
  for (size_t i = 0; i < sizeof tc / sizeof tc[0]; i++) {
    wb_table *t;
    wb_store_table(s, &tc[i].t, NULL, &t, &err);
    x = (wb_extern){WB_EXTERN_TABLE, {.table = t}};
    CHECK(wb_extern_matches_import(&mod, &ti, &x, &err) == tc[i].ok, "table case %zu: %s", i, err.msg);
  }
  wb_table *t5;
  wb_tabletype small = {WB_FUNCREF, {5, 0, false}};
  wb_store_table(s, &small, NULL, &t5, &err);
  x = (wb_extern){WB_EXTERN_TABLE, {.table = t5}};
  ti.desc.table.limits = (wb_limits){8, 0, false};
  CHECK(!wb_extern_matches_import(&mod, &ti, &x, &err), "small table accepted");
  wb_table_grow(t5, 3, NULL);
  CHECK(wb_extern_matches_import(&mod, &ti, &x, &err), "grown table rejected: %s", err.msg);

  /* Memories: the same rule in pages, with the current size after growth. */
  wb_import mi = {.module = "m", .name = "m", .kind = WB_EXTERN_MEMORY, .desc.mem = {{2, 4, true}}};
  struct {
    wb_memtype t;
    bool ok;
  } mc[] = {
      {{{2, 4, true}}, true}, {{{3, 3, true}}, true},  {{{1, 4, true}}, false},
      {{{2, 5, true}}, false}, {{{2, 0, false}}, false},
  };
  for (size_t i = 0; i < sizeof mc / sizeof mc[0]; i++) {
    wb_memory *m;
    CHECK(wb_store_memory(s, &mc[i].t, &m, &err) == WB_OK, "memory %zu: %s", i, err.msg);
    x = (wb_extern){WB_EXTERN_MEMORY, {.mem = m}};
    CHECK(wb_extern_matches_import(&mod, &mi, &x, &err) == mc[i].ok, "memory case %zu: %s", i, err.msg);
    if (i == 2) {
      wb_memory_grow(m, 1);
      CHECK(wb_extern_matches_import(&mod, &mi, &x, &err), "grown memory rejected: %s", err.msg);
    }
  }

  /* Globals: same value type and mutability. */
  wb_import gi = {.module = "m", .name = "g", .kind = WB_EXTERN_GLOBAL, .desc.global = {WB_I64, true}};
  wb_value zero = {.u64 = 0};
  x = (wb_extern){WB_EXTERN_GLOBAL, {.global = wb_store_global(s, (wb_globaltype){WB_I64, true}, zero)}};
  CHECK(wb_extern_matches_import(&mod, &gi, &x, &err), "global match: %s", err.msg);
  x.u.global = wb_store_global(s, (wb_globaltype){WB_I64, false}, zero);
  CHECK(!wb_extern_matches_import(&mod, &gi, &x, &err), "immutable for mutable accepted");
  CHECK(strstr(err.msg, "(global (mut i64))") && strstr(err.msg, "(global i64)"), "message: %s", err.msg);
  x.u.global = wb_store_global(s, (wb_globaltype){WB_I32, true}, zero);
  CHECK(!wb_extern_matches_import(&mod, &gi, &x, &err), "wrong global type accepted");

  /* A link failure allocates nothing and runs nothing. */
  wb_extern bad[4];
  memcpy(bad, e.ext, sizeof bad);
  bad[3] = x;
  wb_instance *inst = (wb_instance *)1;
  start_count = 0;
  CHECK(wb_instantiate(s, &mod, bad, &inst, NULL, &err) == WB_ERR_LINK && !inst && start_count == 0,
        "bad import instantiated");
  CHECK(strstr(err.msg, "\"env\".\"g\""), "message: %s", err.msg);
  wb_store_free(s);
}

static void test_store(void) {
  wb_error err;
  /* max_memory_bytes caps every memory created in the store. */
  wb_store_config cfg = {.max_memory_bytes = 3 * WB_PAGE_SIZE};
  wb_store *s = wb_store_new(&cfg);
  CHECK(wb_store_get_config(s)->max_memory_bytes == 3 * WB_PAGE_SIZE, "config kept");
  wb_memory *m;
  wb_memtype mt = {{1, 10, true}};
  CHECK(wb_store_memory(s, &mt, &m, &err) == WB_OK && m->max_pages == 3, "limit applied");
  CHECK(wb_memory_grow(m, 3) == -1 && wb_memory_grow(m, 2) == 1, "grow under limit");
  wb_memtype big = {{4, 10, true}};
  CHECK(wb_store_memory(s, &big, &m, &err) == WB_ERR_NOMEM, "memory over limit accepted");
  env_freed = 0;
  wb_funcinst *f = wb_store_host_func(s, 1, 0, (const uint8_t[]){WB_F64}, count_cb, &env_freed, env_free);
  CHECK(f && f->host == count_cb && f->type->nparams == 1 && f->type->types[0] == WB_F64 &&
            f->type_id == wb_functype_intern(1, 0, (const uint8_t[]){WB_F64}),
        "host func");
  wb_store_free(s);
  CHECK(env_freed == 1, "host env freed %d times", env_freed);

  /* A limit below one page allows no pages. */
  cfg.max_memory_bytes = 1000;
  s = wb_store_new(&cfg);
  wb_memtype zero = {{0, 0, false}};
  CHECK(wb_store_memory(s, &zero, &m, &err) == WB_OK && wb_memory_grow(m, 1) == -1, "sub-page limit");
  CHECK(wb_store_memory(s, &mt, &m, &err) == WB_ERR_NOMEM, "sub-page limit with min 1");
  wb_store_free(s);

  /* Bounds-checked stores make bounds-checked memories; those cannot go to a guard-page store. */
  cfg = (wb_store_config){.bounds_checked = true};
  wb_store *sc = wb_store_new(&cfg);
  wb_store *sg = wb_store_new(NULL);
  CHECK(wb_store_get_config(sc)->bounds_checked, "checked config");
  wb_memory *mc = NULL, *mg = NULL;
  wb_memtype one = {{1, 0, false}};
  wb_store_memory(sc, &one, &mc, &err);
  wb_store_memory(sg, &one, &mg, &err);
  CHECK(mc && mc->bounds_checked && mc->reserved == 0, "checked store memory");
  if (!wb_memory_default_bounds_checked()) CHECK(mg && !mg->bounds_checked && mg->reserved, "guard store memory");
  build_module();
  env e;
  make_env(&e, sg, 0);
  e.ext[2].u.mem = mc;
  wb_instance *inst;
  if (!wb_store_get_config(sg)->bounds_checked)
    CHECK(wb_instantiate(sg, &mod, e.ext, &inst, NULL, &err) == WB_ERR_LINK, "checked memory in guard store");
  make_env(&e, sc, 0);
  e.ext[2].u.mem = mg;
  CHECK(wb_instantiate(sc, &mod, e.ext, &inst, NULL, &err) == WB_OK, "guard memory in checked store: %s",
        err.msg);
  wb_store_free(sc);
  wb_store_free(sg);

  /* Empty module. */
  wb_module empty;
  memset(&empty, 0, sizeof empty);
  s = wb_store_new(NULL);
  inst = NULL;
  CHECK(wb_instantiate(s, &empty, NULL, &inst, NULL, &err) == WB_OK && inst, "empty module: %s", err.msg);
  wb_extern x;
  if (inst) CHECK(!wb_instance_export(inst, "x", &x), "empty module export");
  wb_store_free(s);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  test_tables();
  test_instantiate();
  test_partial_failure();
  test_matching();
  test_store();
  printf("%d passed, %d failed\n", npassed, nfailed);
  return nfailed ? 1 : 0;
}
