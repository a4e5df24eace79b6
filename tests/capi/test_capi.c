/* tests/capi/test_capi.c — the standard C API (wasm.h) and wasmbox.h through libwasmbox only:
 * every function, with the ownership rules the standard sets (ASan's leak checker runs it too).
 * Usage: test_capi DIR, where DIR holds the modules compiled from the .wat files of tests/capi.
 * Prints one line per failed check and ends with `N passed, N failed`. */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasm.h>
#include <wasmbox.h>

#include "check.h"

static bool name_is(const wasm_name_t *n, const char *s) {
  return n->size == strlen(s) && memcmp(n->data, s, n->size) == 0;
}

/* The message of a trap (deleted), for comparisons. */
static char *trap_text(wasm_trap_t *trap) {
  static char buf[600];
  if (!trap) return strcpy(buf, "(no trap)");
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  snprintf(buf, sizeof buf, "%s", msg.size ? msg.data : "");
  wasm_byte_vec_delete(&msg);
  wasm_trap_delete(trap);
  return buf;
}

/* ============================================================================================ */

static void test_vectors_and_names(void) {
  wasm_byte_vec_t b, c;
  wasm_byte_vec_new_empty(&b);
  CHECK(b.size == 0 && b.data == NULL);
  wasm_byte_vec_delete(&b);
  wasm_byte_vec_new(&b, 3, "abc");
  wasm_byte_vec_copy(&c, &b);
  CHECK(c.size == 3 && memcmp(c.data, "abc", 3) == 0 && c.data != b.data);
  wasm_byte_vec_delete(&b);
  wasm_byte_vec_delete(&c);
  CHECK(c.size == 0 && c.data == NULL);
  wasm_byte_vec_new_uninitialized(&b, 10);
  CHECK(b.size == 10 && b.data != NULL);
  wasm_byte_vec_delete(&b);

  wasm_name_t n, n2;
  wasm_name_new_from_string(&n, "memory");
  CHECK(n.size == 6);
  wasm_name_new_from_string_nt(&n2, "memory");
  CHECK(n2.size == 7 && n2.data[6] == '\0');
  wasm_name_delete(&n2);
  wasm_name_copy(&n2, &n);
  CHECK(name_is(&n2, "memory"));
  wasm_name_delete(&n);
  wasm_name_delete(&n2);
  wasm_name_new_empty(&n);
  CHECK(n.size == 0);
  wasm_name_new_new_uninitialized(&n, 2);
  CHECK(n.size == 2);
  wasm_name_delete(&n);
  wasm_name_new(&n, 2, "hi");
  CHECK(name_is(&n, "hi"));
  wasm_name_delete(&n);

  /* Values: a vector owns the references inside. */
  wasm_val_vec_t vv, vc;
  wasm_val_vec_new_empty(&vv);
  CHECK(vv.size == 0);
  wasm_val_vec_new_uninitialized(&vv, 2);
  CHECK(vv.size == 2);
  wasm_val_vec_delete(&vv);
  wasm_val_t vals[2] = {WASM_I32_VAL(1), WASM_F64_VAL(2.5)};
  wasm_val_vec_new(&vv, 2, vals);
  wasm_val_vec_copy(&vc, &vv);
  CHECK(vc.size == 2 && vc.data[0].of.i32 == 1 && vc.data[1].of.f64 == 2.5);
  wasm_val_vec_delete(&vv);
  wasm_val_vec_delete(&vc);

  wasm_val_t p;
  int marker;
  wasm_val_init_ptr(&p, &marker);
  CHECK(wasm_val_ptr(&p) == &marker);
  wasm_val_t copy;
  wasm_val_copy(&copy, &p);
  CHECK(wasm_val_ptr(&copy) == &marker);
  wasm_val_delete(&copy);
  wasm_val_delete(&p);
}

static void test_types(void) {
  /* value types */
  wasm_valtype_t *i32 = wasm_valtype_new_i32(), *i64 = wasm_valtype_new_i64();
  wasm_valtype_t *f32 = wasm_valtype_new_f32(), *f64 = wasm_valtype_new_f64();
  wasm_valtype_t *ext = wasm_valtype_new_externref(), *fun = wasm_valtype_new_funcref();
  CHECK(wasm_valtype_kind(i32) == WASM_I32 && wasm_valtype_kind(i64) == WASM_I64);
  CHECK(wasm_valtype_kind(f32) == WASM_F32 && wasm_valtype_kind(f64) == WASM_F64);
  CHECK(wasm_valtype_kind(ext) == WASM_EXTERNREF && wasm_valtype_kind(fun) == WASM_FUNCREF);
  CHECK(wasm_valtype_is_num(i32) && !wasm_valtype_is_ref(i32));
  CHECK(wasm_valtype_is_ref(ext) && !wasm_valtype_is_num(fun));
  CHECK(wasm_valkind_is_num(WASM_F64) && wasm_valkind_is_ref(WASM_FUNCREF));
  wasm_valtype_t *c = wasm_valtype_copy(f64);
  CHECK(c != f64 && wasm_valtype_kind(c) == WASM_F64);
  wasm_valtype_delete(c);
  wasm_valtype_t *vts[6] = {i32, i64, f32, f64, ext, fun};
  wasm_valtype_vec_t vv, vc;
  wasm_valtype_vec_new(&vv, 6, vts);
  wasm_valtype_vec_copy(&vc, &vv);
  CHECK(vc.size == 6 && wasm_valtype_kind(vc.data[5]) == WASM_FUNCREF && vc.data[5] != fun);
  wasm_valtype_vec_delete(&vv);
  wasm_valtype_vec_delete(&vc);
  wasm_valtype_vec_new_empty(&vv);
  wasm_valtype_vec_delete(&vv);
  wasm_valtype_vec_new_uninitialized(&vv, 2);
  CHECK(vv.size == 2 && vv.data[0] == NULL);
  vv.data[0] = wasm_valtype_new(WASM_I32);
  wasm_valtype_vec_delete(&vv); /* NULL elements are skipped */

  /* function types: every shorthand */
  wasm_functype_t *ft[12] = {
      wasm_functype_new_0_0(),
      wasm_functype_new_1_0(wasm_valtype_new_i32()),
      wasm_functype_new_2_0(wasm_valtype_new_i32(), wasm_valtype_new_i64()),
      wasm_functype_new_3_0(wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_f32()),
      wasm_functype_new_0_1(wasm_valtype_new_f64()),
      wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_f64()),
      wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_f64()),
      wasm_functype_new_3_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                            wasm_valtype_new_f64()),
      wasm_functype_new_0_2(wasm_valtype_new_f64(), wasm_valtype_new_f32()),
      wasm_functype_new_1_2(wasm_valtype_new_i32(), wasm_valtype_new_f64(), wasm_valtype_new_f32()),
      wasm_functype_new_2_2(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_f64(),
                            wasm_valtype_new_f32()),
      wasm_functype_new_3_2(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                            wasm_valtype_new_f64(), wasm_valtype_new_f32()),
  };
  static const size_t np[12] = {0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3};
  static const size_t nr[12] = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};
  for (int i = 0; i < 12; i++) {
    CHECK(wasm_functype_params(ft[i])->size == np[i]);
    CHECK(wasm_functype_results(ft[i])->size == nr[i]);
  }
  CHECK(wasm_valtype_kind(wasm_functype_results(ft[11])->data[1]) == WASM_F32);
  wasm_valtype_vec_t params, results;
  wasm_valtype_t *ps[1] = {wasm_valtype_new(WASM_EXTERNREF)};
  wasm_valtype_vec_new(&params, 1, ps);
  wasm_valtype_vec_new_empty(&results);
  wasm_functype_t *direct = wasm_functype_new(&params, &results);
  CHECK(wasm_functype_params(direct)->size == 1 && wasm_functype_results(direct)->size == 0);
  wasm_functype_delete(direct);
  wasm_functype_t *fc = wasm_functype_copy(ft[11]);
  CHECK(wasm_functype_params(fc)->size == 3 && wasm_functype_results(fc)->size == 2);
  wasm_functype_delete(fc);
  wasm_functype_vec_t fv, fvc;
  wasm_functype_vec_new(&fv, 12, ft);
  wasm_functype_vec_copy(&fvc, &fv);
  CHECK(fvc.size == 12 && wasm_functype_params(fvc.data[3])->size == 3);
  wasm_functype_vec_delete(&fvc);
  wasm_functype_vec_delete(&fv);
  wasm_functype_vec_new_empty(&fvc);
  wasm_functype_vec_delete(&fvc);
  wasm_functype_vec_new_uninitialized(&fvc, 1);
  wasm_functype_vec_delete(&fvc);

  /* global types */
  wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(gt)) == WASM_I64);
  CHECK(wasm_globaltype_mutability(gt) == WASM_VAR);
  wasm_globaltype_t *gc = wasm_globaltype_copy(gt);
  CHECK(wasm_globaltype_mutability(gc) == WASM_VAR);
  wasm_globaltype_vec_t gv, gvc;
  wasm_globaltype_vec_new(&gv, 1, &gc);
  wasm_globaltype_vec_copy(&gvc, &gv);
  CHECK(gvc.size == 1);
  wasm_globaltype_vec_delete(&gv);
  wasm_globaltype_vec_delete(&gvc);
  wasm_globaltype_vec_new_empty(&gv);
  wasm_globaltype_vec_delete(&gv);
  wasm_globaltype_vec_new_uninitialized(&gv, 3);
  wasm_globaltype_vec_delete(&gv);

  /* table types */
  wasm_limits_t tl = {2, 10};
  wasm_tabletype_t *tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &tl);
  CHECK(wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_FUNCREF);
  CHECK(wasm_tabletype_limits(tt)->min == 2 && wasm_tabletype_limits(tt)->max == 10);
  wasm_tabletype_t *tc = wasm_tabletype_copy(tt);
  CHECK(wasm_tabletype_limits(tc)->max == 10);
  wasm_tabletype_vec_t tv, tvc;
  wasm_tabletype_vec_new(&tv, 1, &tc);
  wasm_tabletype_vec_copy(&tvc, &tv);
  CHECK(tvc.size == 1 && wasm_tabletype_limits(tvc.data[0])->min == 2);
  wasm_tabletype_vec_delete(&tv);
  wasm_tabletype_vec_delete(&tvc);
  wasm_tabletype_vec_new_empty(&tv);
  wasm_tabletype_vec_delete(&tv);
  wasm_tabletype_vec_new_uninitialized(&tv, 1);
  wasm_tabletype_vec_delete(&tv);

  /* memory types */
  wasm_limits_t ml = {1, wasm_limits_max_default};
  wasm_memorytype_t *mt = wasm_memorytype_new(&ml);
  CHECK(wasm_memorytype_limits(mt)->min == 1);
  CHECK(wasm_memorytype_limits(mt)->max == wasm_limits_max_default);
  wasm_memorytype_t *mc = wasm_memorytype_copy(mt);
  wasm_memorytype_vec_t mv, mvc;
  wasm_memorytype_vec_new(&mv, 1, &mc);
  wasm_memorytype_vec_copy(&mvc, &mv);
  CHECK(mvc.size == 1);
  wasm_memorytype_vec_delete(&mv);
  wasm_memorytype_vec_delete(&mvc);
  wasm_memorytype_vec_new_empty(&mv);
  wasm_memorytype_vec_delete(&mv);
  wasm_memorytype_vec_new_uninitialized(&mv, 1);
  wasm_memorytype_vec_delete(&mv);

  /* extern types: views in both directions, const and not, and mismatches */
  wasm_functype_t *f00 = wasm_functype_new_0_0();
  wasm_externtype_t *ef = wasm_functype_as_externtype(f00);
  wasm_externtype_t *eg = wasm_globaltype_as_externtype(gt);
  wasm_externtype_t *et = wasm_tabletype_as_externtype(tt);
  wasm_externtype_t *em = wasm_memorytype_as_externtype(mt);
  CHECK(wasm_externtype_kind(ef) == WASM_EXTERN_FUNC && wasm_externtype_kind(eg) == WASM_EXTERN_GLOBAL);
  CHECK(wasm_externtype_kind(et) == WASM_EXTERN_TABLE && wasm_externtype_kind(em) == WASM_EXTERN_MEMORY);
  CHECK(wasm_externtype_as_functype(ef) == f00 && wasm_externtype_as_functype(eg) == NULL);
  CHECK(wasm_externtype_as_globaltype(eg) == gt && wasm_externtype_as_globaltype(et) == NULL);
  CHECK(wasm_externtype_as_tabletype(et) == tt && wasm_externtype_as_tabletype(em) == NULL);
  CHECK(wasm_externtype_as_memorytype(em) == mt && wasm_externtype_as_memorytype(ef) == NULL);
  CHECK(wasm_functype_as_externtype_const(f00) == ef);
  CHECK(wasm_globaltype_as_externtype_const(gt) == eg);
  CHECK(wasm_tabletype_as_externtype_const(tt) == et);
  CHECK(wasm_memorytype_as_externtype_const(mt) == em);
  CHECK(wasm_externtype_as_functype_const(ef) == f00 && !wasm_externtype_as_functype_const(em));
  CHECK(wasm_externtype_as_globaltype_const(eg) == gt && !wasm_externtype_as_globaltype_const(ef));
  CHECK(wasm_externtype_as_tabletype_const(et) == tt && !wasm_externtype_as_tabletype_const(eg));
  CHECK(wasm_externtype_as_memorytype_const(em) == mt && !wasm_externtype_as_memorytype_const(et));
  wasm_externtype_t *ec[4] = {wasm_externtype_copy(ef), wasm_externtype_copy(eg),
                              wasm_externtype_copy(et), wasm_externtype_copy(em)};
  CHECK(wasm_externtype_kind(ec[2]) == WASM_EXTERN_TABLE);
  CHECK(wasm_tabletype_limits(wasm_externtype_as_tabletype(ec[2]))->max == 10);
  wasm_externtype_vec_t ev, evc;
  wasm_externtype_vec_new(&ev, 4, ec);
  wasm_externtype_vec_copy(&evc, &ev);
  CHECK(evc.size == 4 && wasm_externtype_kind(evc.data[3]) == WASM_EXTERN_MEMORY);
  wasm_externtype_vec_delete(&ev);
  wasm_externtype_vec_delete(&evc);
  wasm_externtype_vec_new_empty(&ev);
  wasm_externtype_vec_delete(&ev);
  wasm_externtype_vec_new_uninitialized(&ev, 2);
  wasm_externtype_vec_delete(&ev);

  /* import and export types take ownership of their names and types */
  wasm_name_t mod, nm;
  wasm_name_new_from_string(&mod, "env");
  wasm_name_new_from_string(&nm, "g");
  wasm_importtype_t *it = wasm_importtype_new(&mod, &nm, wasm_externtype_copy(eg));
  CHECK(name_is(wasm_importtype_module(it), "env") && name_is(wasm_importtype_name(it), "g"));
  CHECK(wasm_externtype_kind(wasm_importtype_type(it)) == WASM_EXTERN_GLOBAL);
  wasm_importtype_t *ic = wasm_importtype_copy(it);
  CHECK(name_is(wasm_importtype_name(ic), "g"));
  wasm_importtype_vec_t iv, ivc;
  wasm_importtype_vec_new(&iv, 1, &ic);
  wasm_importtype_vec_copy(&ivc, &iv);
  CHECK(ivc.size == 1 && name_is(wasm_importtype_module(ivc.data[0]), "env"));
  wasm_importtype_vec_delete(&iv);
  wasm_importtype_vec_delete(&ivc);
  wasm_importtype_vec_new_empty(&iv);
  wasm_importtype_vec_delete(&iv);
  wasm_importtype_vec_new_uninitialized(&iv, 1);
  wasm_importtype_vec_delete(&iv);
  wasm_importtype_delete(it);

  wasm_name_new_from_string(&nm, "t");
  wasm_exporttype_t *xt = wasm_exporttype_new(&nm, wasm_externtype_copy(et));
  CHECK(name_is(wasm_exporttype_name(xt), "t"));
  CHECK(wasm_externtype_kind(wasm_exporttype_type(xt)) == WASM_EXTERN_TABLE);
  wasm_exporttype_t *xc = wasm_exporttype_copy(xt);
  wasm_exporttype_vec_t xv, xvc;
  wasm_exporttype_vec_new(&xv, 1, &xc);
  wasm_exporttype_vec_copy(&xvc, &xv);
  CHECK(xvc.size == 1 && name_is(wasm_exporttype_name(xvc.data[0]), "t"));
  wasm_exporttype_vec_delete(&xv);
  wasm_exporttype_vec_delete(&xvc);
  wasm_exporttype_vec_new_empty(&xv);
  wasm_exporttype_vec_delete(&xv);
  wasm_exporttype_vec_new_uninitialized(&xv, 1);
  wasm_exporttype_vec_delete(&xv);
  wasm_exporttype_delete(xt);

  wasm_externtype_delete(ef); /* the same object as f00 */
  wasm_globaltype_delete(gt);
  wasm_tabletype_delete(tt);
  wasm_memorytype_delete(mt);
}

/* ============================================================================================ */

static wasm_trap_t *add1(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  results->data[0].of.i32 = args->data[0].of.i32 + 1;
  return NULL;
}

static wasm_trap_t *returns_seven(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  (*(int *)env)++;
  results->data[0].of.i32 = 7;
  return NULL;
}

static int finalized;
static void count_finalizer(void *p) {
  (void)p;
  finalized++;
}

/* Host objects for full.wat's imports, and the instance. */
typedef struct fixture {
  wasm_engine_t *engine;
  wasm_store_t *store;
  wasm_module_t *module;
  wasm_func_t *add1;
  wasm_global_t *counter;
  wasm_table_t *funcs;
  wasm_memory_t *mem;
  wasm_instance_t *instance;
  wasm_extern_vec_t exports;
} fixture;

static wasm_extern_t *export_named(fixture *fx, const char *name) {
  wasm_exporttype_vec_t types;
  wasm_module_exports(fx->module, &types);
  wasm_extern_t *e = NULL;
  for (size_t i = 0; i < types.size; i++)
    if (name_is(wasm_exporttype_name(types.data[i]), name)) e = fx->exports.data[i];
  wasm_exporttype_vec_delete(&types);
  if (!e) printf("FAIL no export %s\n", name), failed++;
  return e;
}

static wasm_func_t *func_named(fixture *fx, const char *name) {
  return wasm_extern_as_func(export_named(fx, name));
}

static bool fixture_open(fixture *fx, wasm_config_t *config) {
  memset(fx, 0, sizeof *fx);
  fx->engine = config ? wasm_engine_new_with_config(config) : wasm_engine_new();
  fx->store = wasm_store_new(fx->engine);
  fx->module = load(fx->store, "full.wasm");
  if (!fx->module) return false;

  wasm_functype_t *ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  fx->add1 = wasm_func_new(fx->store, ft, add1);
  wasm_functype_delete(ft);
  wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_VAR);
  wasm_val_t v = WASM_I32_VAL(10);
  fx->counter = wasm_global_new(fx->store, gt, &v);
  wasm_globaltype_delete(gt);
  wasm_limits_t tl = {2, wasm_limits_max_default};
  wasm_tabletype_t *tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &tl);
  fx->funcs = wasm_table_new(fx->store, tt, NULL);
  wasm_tabletype_delete(tt);
  wasm_limits_t ml = {1, 4};
  wasm_memorytype_t *mt = wasm_memorytype_new(&ml);
  fx->mem = wasm_memory_new(fx->store, mt);
  wasm_memorytype_delete(mt);
  CHECK(fx->add1 && fx->counter && fx->funcs && fx->mem);

  wasm_extern_t *imp[4] = {wasm_func_as_extern(fx->add1), wasm_global_as_extern(fx->counter),
                           wasm_table_as_extern(fx->funcs), wasm_memory_as_extern(fx->mem)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imp);
  wasm_trap_t *trap = NULL;
  fx->instance = wasm_instance_new(fx->store, fx->module, &imports, &trap);
  CHECK(fx->instance != NULL && trap == NULL);
  if (!fx->instance) return false;
  wasm_instance_exports(fx->instance, &fx->exports);
  return true;
}

static void fixture_close(fixture *fx) {
  wasm_extern_vec_delete(&fx->exports);
  wasm_instance_delete(fx->instance);
  wasm_func_delete(fx->add1);
  wasm_global_delete(fx->counter);
  wasm_table_delete(fx->funcs);
  wasm_memory_delete(fx->mem);
  wasm_module_delete(fx->module);
  wasm_store_delete(fx->store);
  wasm_engine_delete(fx->engine);
}

static void test_module(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *m = load(store, "full.wasm");
  if (!m) return;

  wasm_importtype_vec_t imports;
  wasm_module_imports(m, &imports);
  CHECK(imports.size == 4);
  if (imports.size == 4) {
    CHECK(name_is(wasm_importtype_module(imports.data[0]), "host"));
    CHECK(name_is(wasm_importtype_name(imports.data[0]), "add1"));
    const wasm_functype_t *ft = wasm_externtype_as_functype_const(wasm_importtype_type(imports.data[0]));
    CHECK(ft && wasm_functype_params(ft)->size == 1 && wasm_functype_results(ft)->size == 1);
    const wasm_globaltype_t *gt =
        wasm_externtype_as_globaltype_const(wasm_importtype_type(imports.data[1]));
    CHECK(gt && wasm_globaltype_mutability(gt) == WASM_VAR);
    const wasm_tabletype_t *tt = wasm_externtype_as_tabletype_const(wasm_importtype_type(imports.data[2]));
    CHECK(tt && wasm_tabletype_limits(tt)->min == 2 &&
          wasm_tabletype_limits(tt)->max == wasm_limits_max_default);
    const wasm_memorytype_t *mt =
        wasm_externtype_as_memorytype_const(wasm_importtype_type(imports.data[3]));
    CHECK(mt && wasm_memorytype_limits(mt)->min == 1 && wasm_memorytype_limits(mt)->max == 4);
  }
  wasm_importtype_vec_delete(&imports);

  wasm_exporttype_vec_t exports;
  wasm_module_exports(m, &exports);
  CHECK(exports.size == 15);
  if (exports.size >= 4) {
    CHECK(name_is(wasm_exporttype_name(exports.data[0]), "refs"));
    CHECK(wasm_externtype_kind(wasm_exporttype_type(exports.data[0])) == WASM_EXTERN_TABLE);
    CHECK(wasm_externtype_kind(wasm_exporttype_type(exports.data[1])) == WASM_EXTERN_GLOBAL);
    CHECK(name_is(wasm_exporttype_name(exports.data[4]), "numbers"));
    CHECK(wasm_externtype_kind(wasm_exporttype_type(exports.data[4])) == WASM_EXTERN_FUNC);
  }
  wasm_exporttype_vec_delete(&exports);

  /* validation */
  wasm_byte_vec_t bytes;
  wasm_module_serialize(m, &bytes);
  CHECK(bytes.size > 8 && memcmp(bytes.data, "\0wbx", 4) == 0);
  wasm_byte_vec_t raw = {bytes.size - 8, bytes.data + 8};
  CHECK(wasm_module_validate(store, &raw));
  wasm_module_t *d = wasm_module_deserialize(store, &bytes);
  CHECK(d != NULL);
  if (d) {
    wasm_exporttype_vec_t e2;
    wasm_module_exports(d, &e2);
    CHECK(e2.size == 15);
    wasm_exporttype_vec_delete(&e2);
    wasm_module_delete(d);
  }
  CHECK(wasm_module_deserialize(store, &raw) == NULL); /* a plain binary is not serialized */
  wasm_name_t why;
  CHECK(wasmbox_last_error(&why) && strstr(why.data, "serialized") != NULL);
  wasm_name_delete(&why);
  bytes.data[4] = 9;
  CHECK(wasm_module_deserialize(store, &bytes) == NULL); /* unknown format version */
  wasm_byte_vec_delete(&bytes);

  /* invalid modules: decode error and validation error, with the reason */
  static const char not_wasm[] = "\0asm\x01\0\0\0\x01";
  wasm_byte_vec_t bad = {sizeof not_wasm - 1, (char *)not_wasm};
  CHECK(!wasm_module_validate(store, &bad));
  CHECK(wasm_module_new(store, &bad) == NULL);
  CHECK(wasmbox_last_error(&why) && strstr(why.data, "malformed") != NULL);
  wasm_name_delete(&why);
  /* (module (func (result i32))) — an empty body cannot produce an i32 */
  static const char invalid[] = "\0asm\x01\0\0\0\x01\x05\x01\x60\0\x01\x7f\x03\x02\x01\0\x0a\x04\x01\x02\0\x0b";
  wasm_byte_vec_t inv = {sizeof invalid - 1, (char *)invalid};
  CHECK(!wasm_module_validate(store, &inv));
  CHECK(wasm_module_new(store, &inv) == NULL);
  CHECK(wasmbox_last_error(&why) && strstr(why.data, "invalid") != NULL);
  wasm_name_delete(&why);

  /* sharing inside one thread (threads: test_threads) */
  wasm_shared_module_t *shared = wasm_module_share(m);
  wasm_module_delete(m);
  wasm_store_t *store2 = wasm_store_new(engine);
  wasm_module_t *m2 = wasm_module_obtain(store2, shared);
  CHECK(m2 != NULL);
  wasm_exporttype_vec_t e3;
  wasm_module_exports(m2, &e3);
  CHECK(e3.size == 15);
  wasm_exporttype_vec_delete(&e3);
  wasm_module_delete(m2);
  wasm_shared_module_delete(shared);
  wasm_store_delete(store2);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

static void test_calls_and_externs(void) {
  fixture fx;
  if (!fixture_open(&fx, NULL)) return;

  /* numbers: all four kinds both ways */
  wasm_func_t *numbers = func_named(&fx, "numbers");
  CHECK(wasm_func_param_arity(numbers) == 4 && wasm_func_result_arity(numbers) == 4);
  wasm_functype_t *ft = wasm_func_type(numbers);
  CHECK(wasm_valtype_kind(wasm_functype_params(ft)->data[1]) == WASM_I64);
  CHECK(wasm_valtype_kind(wasm_functype_results(ft)->data[0]) == WASM_F64);
  wasm_functype_delete(ft);
  wasm_val_t a4[4] = {WASM_I32_VAL(-1), WASM_I64_VAL(INT64_MIN), WASM_F32_VAL(1.5f), WASM_F64_VAL(-0.25)};
  wasm_val_t r4[4] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(a4), rv = WASM_ARRAY_VEC(r4);
  CHECK(wasm_func_call(numbers, &av, &rv) == NULL);
  CHECK(r4[0].kind == WASM_F64 && r4[0].of.f64 == -0.25);
  CHECK(r4[1].kind == WASM_F32 && r4[1].of.f32 == 1.5f);
  CHECK(r4[2].kind == WASM_I64 && r4[2].of.i64 == INT64_MIN);
  CHECK(r4[3].kind == WASM_I32 && r4[3].of.i32 == -1);

  /* wrong arity and kinds are traps, not crashes */
  wasm_val_vec_t two = {2, a4};
  CHECK(strstr(trap_text(wasm_func_call(numbers, &two, &rv)), "expected 4 arguments") != NULL);
  wasm_val_vec_t small = {1, r4};
  CHECK(strstr(trap_text(wasm_func_call(numbers, &av, &small)), "room for 1") != NULL);
  a4[1].kind = WASM_F64;
  CHECK(strstr(trap_text(wasm_func_call(numbers, &av, &rv)), "argument 1 is f64") != NULL);

  /* the imported host function, global, table and memory, used by the instance */
  wasm_val_t a1[1] = {WASM_I32_VAL(41)}, r1[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av1 = WASM_ARRAY_VEC(a1), rv1 = WASM_ARRAY_VEC(r1), none = WASM_EMPTY_VEC;
  CHECK(wasm_func_call(func_named(&fx, "call_add1"), &av1, &rv1) == NULL && r1[0].of.i32 == 42);
  CHECK(wasm_func_call(fx.add1, &av1, &rv1) == NULL && r1[0].of.i32 == 42); /* host fn from host */
  CHECK(wasm_func_call(func_named(&fx, "bump"), &none, &rv1) == NULL && r1[0].of.i32 == 11);
  wasm_val_t gv;
  wasm_global_get(fx.counter, &gv);
  CHECK(gv.kind == WASM_I32 && gv.of.i32 == 11);

  int seven_calls = 0;
  wasm_functype_t *t01 = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t *seven_host = wasm_func_new_with_env(fx.store, t01, returns_seven, &seven_calls, NULL);
  wasm_functype_delete(t01);
  CHECK(wasm_table_size(fx.funcs) == 2);
  CHECK(wasm_table_set(fx.funcs, 1, wasm_func_as_ref(seven_host)));
  CHECK(!wasm_table_set(fx.funcs, 2, wasm_func_as_ref(seven_host)));
  a1[0].of.i32 = 1;
  CHECK(wasm_func_call(func_named(&fx, "call_slot"), &av1, &rv1) == NULL && r1[0].of.i32 == 7);
  CHECK(seven_calls == 1);
  a1[0].of.i32 = 0;
  CHECK(strstr(trap_text(wasm_func_call(func_named(&fx, "call_slot"), &av1, &rv1)),
               "uninitialized element") != NULL);
  wasm_ref_t *slot = wasm_table_get(fx.funcs, 1);
  CHECK(slot != NULL && wasm_func_same(wasm_ref_as_func(slot), seven_host));
  wasm_ref_delete(slot);
  CHECK(wasm_table_get(fx.funcs, 0) == NULL && wasm_table_get(fx.funcs, 99) == NULL);
  CHECK(wasm_table_grow(fx.funcs, 3, wasm_func_as_ref(fx.add1)));
  CHECK(wasm_table_size(fx.funcs) == 5);
  slot = wasm_table_get(fx.funcs, 4);
  CHECK(slot && wasm_func_same(wasm_ref_as_func(slot), fx.add1));
  wasm_ref_delete(slot);
  wasm_tabletype_t *tt = wasm_table_type(fx.funcs);
  CHECK(wasm_tabletype_limits(tt)->min == 5 && wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_FUNCREF);
  wasm_tabletype_delete(tt);

  byte_t *data = wasm_memory_data(fx.mem);
  CHECK(wasm_memory_data_size(fx.mem) == 65536 && wasm_memory_size(fx.mem) == 1);
  data[100] = 77;
  a1[0].of.i32 = 100;
  CHECK(wasm_func_call(func_named(&fx, "peek"), &av1, &rv1) == NULL && r1[0].of.i32 == 77);
  a1[0].of.i32 = 2;
  CHECK(wasm_func_call(func_named(&fx, "grow_mem"), &av1, &rv1) == NULL && r1[0].of.i32 == 1);
  CHECK(wasm_memory_size(fx.mem) == 3);
  CHECK(wasm_memory_grow(fx.mem, 1) && wasm_memory_size(fx.mem) == 4);
  CHECK(!wasm_memory_grow(fx.mem, 1));
  wasm_memorytype_t *mt = wasm_memory_type(fx.mem);
  CHECK(wasm_memorytype_limits(mt)->max == 4);
  wasm_memorytype_delete(mt);

  /* externs: kinds, types, views and identity */
  wasm_extern_t *e_table = export_named(&fx, "refs"), *e_glob = export_named(&fx, "g64");
  wasm_extern_t *e_func = export_named(&fx, "seven");
  wasm_extern_t *e_mem = wasm_memory_as_extern(fx.mem);
  CHECK(wasm_extern_kind(e_table) == WASM_EXTERN_TABLE && wasm_extern_kind(e_glob) == WASM_EXTERN_GLOBAL);
  CHECK(wasm_extern_kind(e_func) == WASM_EXTERN_FUNC && wasm_extern_kind(e_mem) == WASM_EXTERN_MEMORY);
  wasm_externtype_t *xt;
  xt = wasm_extern_type(e_table);
  CHECK(wasm_externtype_kind(xt) == WASM_EXTERN_TABLE);
  wasm_externtype_delete(xt);
  xt = wasm_extern_type(e_glob);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(wasm_externtype_as_globaltype(xt))) == WASM_I64);
  wasm_externtype_delete(xt);
  xt = wasm_extern_type(e_func);
  CHECK(wasm_functype_results(wasm_externtype_as_functype(xt))->size == 1);
  wasm_externtype_delete(xt);
  xt = wasm_extern_type(e_mem);
  CHECK(wasm_memorytype_limits(wasm_externtype_as_memorytype(xt))->min == 4);
  wasm_externtype_delete(xt);
  CHECK(wasm_extern_as_table(e_table) != NULL && wasm_extern_as_func(e_table) == NULL);
  CHECK(wasm_extern_as_global(e_glob) != NULL && wasm_extern_as_memory(e_glob) == NULL);
  CHECK(wasm_extern_as_memory(e_mem) == fx.mem && wasm_extern_as_table(e_mem) == NULL);
  CHECK(wasm_extern_as_func_const(e_func) != NULL && wasm_extern_as_global_const(e_func) == NULL);
  CHECK(wasm_extern_as_global_const(e_glob) != NULL && wasm_extern_as_table_const(e_glob) == NULL);
  CHECK(wasm_extern_as_table_const(e_table) != NULL && wasm_extern_as_memory_const(e_table) == NULL);
  CHECK(wasm_extern_as_memory_const(e_mem) != NULL && wasm_extern_as_func_const(e_mem) == NULL);
  CHECK(wasm_func_as_extern_const(fx.add1) == wasm_func_as_extern(fx.add1));
  CHECK(wasm_global_as_extern_const(fx.counter) == wasm_global_as_extern(fx.counter));
  CHECK(wasm_table_as_extern_const(fx.funcs) == wasm_table_as_extern(fx.funcs));
  CHECK(wasm_memory_as_extern_const(fx.mem) == e_mem);

  /* the same object through two export lists is the same reference target */
  wasm_extern_vec_t again, copied;
  wasm_instance_exports(fx.instance, &again);
  CHECK(again.size == fx.exports.size);
  CHECK(wasm_extern_same(again.data[0], fx.exports.data[0]));
  CHECK(!wasm_extern_same(again.data[0], again.data[1]));
  wasm_extern_vec_copy(&copied, &again);
  CHECK(wasm_extern_same(copied.data[5], again.data[5]));
  wasm_extern_vec_delete(&again);
  wasm_extern_vec_delete(&copied);
  wasm_extern_vec_t ev;
  wasm_extern_vec_new_empty(&ev);
  wasm_extern_vec_delete(&ev);
  wasm_extern_vec_new_uninitialized(&ev, 2);
  ev.data[0] = wasm_extern_copy(e_mem);
  wasm_extern_vec_delete(&ev);
  wasm_extern_t *one[1] = {wasm_extern_copy(e_func)};
  wasm_extern_vec_new(&ev, 1, one);
  CHECK(wasm_extern_same(ev.data[0], e_func));
  wasm_extern_vec_delete(&ev);

  /* globals of every kind */
  wasm_global_t *g64 = wasm_extern_as_global(e_glob);
  wasm_global_get(g64, &gv);
  CHECK(gv.kind == WASM_I64 && gv.of.i64 == -7);
  wasm_val_t nv = WASM_I64_VAL(1234567890123LL);
  wasm_global_set(g64, &nv);
  wasm_global_get(g64, &gv);
  CHECK(gv.of.i64 == 1234567890123LL);
  wasm_val_t wrong = WASM_I32_VAL(1);
  wasm_global_set(g64, &wrong); /* ignored */
  wasm_global_get(g64, &gv);
  CHECK(gv.of.i64 == 1234567890123LL);
  wasm_globaltype_t *gt = wasm_global_type(g64);
  CHECK(wasm_globaltype_mutability(gt) == WASM_VAR);
  wasm_globaltype_delete(gt);
  wasm_globaltype_t *cgt = wasm_globaltype_new(wasm_valtype_new_f32(), WASM_CONST);
  wasm_val_t fv = WASM_F32_VAL(2.5f);
  wasm_global_t *cg = wasm_global_new(fx.store, cgt, &fv);
  CHECK(wasm_global_new(fx.store, cgt, &wrong) == NULL); /* kind mismatch */
  wasm_globaltype_delete(cgt);
  wasm_val_t fv2 = WASM_F32_VAL(9.0f);
  wasm_global_set(cg, &fv2); /* immutable: ignored */
  wasm_global_get(cg, &gv);
  CHECK(gv.kind == WASM_F32 && gv.of.f32 == 2.5f);
  wasm_global_delete(cg);

  /* references: funcref and externref values through calls, globals and tables */
  wasm_foreign_t *foreign = wasm_foreign_new(fx.store);
  wasm_val_t ra[1] = {WASM_REF_VAL(wasm_foreign_as_ref(foreign))}, rr[1] = {WASM_INIT_VAL};
  wasm_val_vec_t rav = WASM_ARRAY_VEC(ra), rrv = WASM_ARRAY_VEC(rr);
  CHECK(wasm_func_call(func_named(&fx, "id_ext"), &rav, &rrv) == NULL);
  CHECK(rr[0].kind == WASM_EXTERNREF && rr[0].of.ref != NULL);
  CHECK(wasm_foreign_same(wasm_ref_as_foreign(rr[0].of.ref), foreign));
  wasm_val_delete(&rr[0]);
  ra[0].of.ref = NULL;
  CHECK(wasm_func_call(func_named(&fx, "id_ext"), &rav, &rrv) == NULL && rr[0].of.ref == NULL);

  ra[0].kind = WASM_FUNCREF;
  ra[0].of.ref = wasm_func_as_ref(fx.add1);
  CHECK(wasm_func_call(func_named(&fx, "id_func"), &rav, &rrv) == NULL);
  CHECK(rr[0].kind == WASM_FUNCREF && wasm_func_same(wasm_ref_as_func(rr[0].of.ref), fx.add1));
  {
    /* call what came back */
    wasm_val_t x[1] = {WASM_I32_VAL(1)}, y[1] = {WASM_INIT_VAL};
    wasm_val_vec_t xv = WASM_ARRAY_VEC(x), yv = WASM_ARRAY_VEC(y);
    CHECK(wasm_func_call(wasm_ref_as_func(rr[0].of.ref), &xv, &yv) == NULL && y[0].of.i32 == 2);
  }
  wasm_val_delete(&rr[0]);
  ra[0].of.ref = wasm_foreign_as_ref(foreign); /* a foreign object is not a function */
  CHECK(strstr(trap_text(wasm_func_call(func_named(&fx, "id_func"), &rav, &rrv)), "does not fit") != NULL);

  /* the externref table: set from Wasm, read from the host and the other way round */
  wasm_table_t *refs = wasm_extern_as_table(e_table);
  wasm_val_t sa[2] = {WASM_I32_VAL(3), WASM_REF_VAL(wasm_foreign_as_ref(foreign))};
  wasm_val_vec_t sav = WASM_ARRAY_VEC(sa);
  CHECK(wasm_func_call(func_named(&fx, "set_ref"), &sav, &none) == NULL);
  wasm_ref_t *got = wasm_table_get(refs, 3);
  CHECK(got && wasm_ref_same(got, wasm_foreign_as_ref(foreign)));
  wasm_ref_delete(got);
  CHECK(wasm_table_set(refs, 0, wasm_func_as_ref(fx.add1))); /* any reference fits externref */
  a1[0].of.i32 = 0;
  CHECK(wasm_func_call(func_named(&fx, "get_ref"), &av1, &rrv) == NULL);
  CHECK(rr[0].of.ref && wasm_ref_as_func(rr[0].of.ref) && wasm_func_same(wasm_ref_as_func(rr[0].of.ref), fx.add1));
  wasm_val_delete(&rr[0]);
  CHECK(wasm_table_grow(refs, 2, wasm_foreign_as_ref(foreign)) && wasm_table_size(refs) == 6);
  CHECK(!wasm_table_grow(refs, 100, NULL));
  wasm_tabletype_t *rtt = wasm_table_type(refs);
  CHECK(wasm_valtype_kind(wasm_tabletype_element(rtt)) == WASM_EXTERNREF);
  wasm_tabletype_delete(rtt);
  CHECK(!wasm_table_set(fx.funcs, 0, wasm_foreign_as_ref(foreign))); /* not a function */

  wasm_global_t *gref = wasm_extern_as_global(export_named(&fx, "gref"));
  wasm_val_t gval = WASM_REF_VAL(wasm_foreign_as_ref(foreign));
  wasm_global_set(gref, &gval);
  wasm_global_get(gref, &gv);
  CHECK(gv.kind == WASM_EXTERNREF && wasm_ref_same(gv.of.ref, wasm_foreign_as_ref(foreign)));
  wasm_val_delete(&gv);
  wasm_global_t *gfun = wasm_extern_as_global(export_named(&fx, "gfun"));
  wasm_val_t fval = {.kind = WASM_FUNCREF, .of = {.ref = wasm_func_as_ref(seven_host)}};
  wasm_global_set(gfun, &fval);
  wasm_global_get(gfun, &gv);
  CHECK(gv.kind == WASM_FUNCREF && gv.of.ref && wasm_func_same(wasm_ref_as_func(gv.of.ref), seven_host));
  wasm_val_delete(&gv);

  /* a table of externrefs made by the host, and one with a bad initial value */
  wasm_limits_t l = {2, 3};
  wasm_tabletype_t *htt = wasm_tabletype_new(wasm_valtype_new_externref(), &l);
  wasm_table_t *ht = wasm_table_new(fx.store, htt, wasm_foreign_as_ref(foreign));
  wasm_tabletype_delete(htt);
  CHECK(ht && wasm_table_size(ht) == 2);
  got = wasm_table_get(ht, 1);
  CHECK(got && wasm_ref_same(got, wasm_foreign_as_ref(foreign)));
  wasm_ref_delete(got);
  wasm_table_delete(ht);
  htt = wasm_tabletype_new(wasm_valtype_new_funcref(), &l);
  CHECK(wasm_table_new(fx.store, htt, wasm_foreign_as_ref(foreign)) == NULL);
  wasm_tabletype_delete(htt);

  /* a module can travel through Wasm as an externref and stays alive with the store */
  wasm_module_t *mref = wasm_module_copy(fx.module);
  ra[0].kind = WASM_EXTERNREF;
  ra[0].of.ref = wasm_module_as_ref(mref);
  CHECK(wasm_func_call(func_named(&fx, "id_ext"), &rav, &rrv) == NULL);
  CHECK(rr[0].of.ref && wasm_ref_as_module(rr[0].of.ref) && wasm_module_same(wasm_ref_as_module(rr[0].of.ref), fx.module));
  wasm_val_delete(&rr[0]);
  wasm_module_delete(mref);

  wasm_foreign_delete(foreign);
  wasm_func_delete(seven_host);
  fixture_close(&fx);
}

/* Exercises copy, same, host info and the wasm_ref_t views for one reference of kind `name`. */
#define EXERCISE_REF(name, x)                                                                   \
  do {                                                                                          \
    static int info_a, info_b;                                                                  \
    wasm_##name##_t *c = wasm_##name##_copy(x);                                                 \
    CHECK(c != NULL && c != (x) && wasm_##name##_same(c, x));                                   \
    CHECK(wasm_##name##_get_host_info(x) == NULL);                                              \
    wasm_##name##_set_host_info(x, &info_a);                                                    \
    CHECK(wasm_##name##_get_host_info(c) == &info_a); /* shared by every reference */           \
    wasm_##name##_set_host_info_with_finalizer(c, &info_b, count_finalizer);                    \
    CHECK(wasm_##name##_get_host_info(x) == &info_b);                                           \
    wasm_ref_t *r = wasm_##name##_as_ref(x);                                                    \
    CHECK(r != NULL && wasm_ref_as_##name(r) == (x));                                           \
    CHECK(wasm_ref_get_host_info(r) == &info_b);                                                \
    const wasm_ref_t *rc = wasm_##name##_as_ref_const(x);                                       \
    CHECK(rc == r && wasm_ref_as_##name##_const(rc) == (x));                                    \
    wasm_ref_t *rcopy = wasm_ref_copy(r);                                                       \
    CHECK(wasm_ref_same(rcopy, r) && wasm_ref_as_##name(rcopy) != NULL);                        \
    wasm_ref_delete(rcopy);                                                                     \
    wasm_##name##_delete(c);                                                                    \
  } while (0)

static void test_references(void) {
  fixture fx;
  if (!fixture_open(&fx, NULL)) return;
  finalized = 0;
  wasm_foreign_t *foreign = wasm_foreign_new(fx.store);
  wasm_message_t msg;
  wasm_name_new_from_string_nt(&msg, "made by the host");
  wasm_trap_t *trap = wasm_trap_new(fx.store, &msg);
  wasm_name_delete(&msg);

  EXERCISE_REF(func, fx.add1);
  EXERCISE_REF(global, fx.counter);
  EXERCISE_REF(table, fx.funcs);
  EXERCISE_REF(memory, fx.mem);
  EXERCISE_REF(extern, fx.exports.data[0]);
  EXERCISE_REF(instance, fx.instance);
  EXERCISE_REF(foreign, foreign);
  EXERCISE_REF(module, fx.module);
  EXERCISE_REF(trap, trap);
  CHECK(finalized == 0); /* nothing died yet */

  /* the generic reference's own host info functions */
  wasm_ref_t *r = wasm_foreign_as_ref(foreign);
  static int info_c;
  wasm_ref_set_host_info(r, &info_c); /* replacing host info finalizes the old */
  CHECK(wasm_foreign_get_host_info(foreign) == &info_c);
  CHECK(finalized == 1);
  wasm_ref_set_host_info_with_finalizer(r, &info_c, count_finalizer);
  CHECK(finalized == 1);

  /* views refuse the wrong kind */
  CHECK(wasm_ref_as_func(wasm_global_as_ref(fx.counter)) == NULL);
  CHECK(wasm_ref_as_global_const(wasm_table_as_ref_const(fx.funcs)) == NULL);
  CHECK(wasm_ref_as_table(wasm_memory_as_ref(fx.mem)) == NULL);
  CHECK(wasm_ref_as_memory_const(wasm_func_as_ref_const(fx.add1)) == NULL);
  CHECK(wasm_ref_as_extern(wasm_instance_as_ref(fx.instance)) == NULL);
  CHECK(wasm_ref_as_extern_const(wasm_func_as_ref_const(fx.add1)) != NULL);
  CHECK(wasm_ref_as_instance_const(wasm_extern_as_ref_const(fx.exports.data[0])) == NULL);
  CHECK(wasm_ref_as_foreign_const(wasm_trap_as_ref_const(trap)) == NULL);
  CHECK(wasm_ref_as_module_const(wasm_module_as_ref_const(fx.module)) != NULL);
  CHECK(wasm_ref_as_trap_const(wasm_foreign_as_ref_const(foreign)) == NULL);
  CHECK(wasm_ref_as_trap(wasm_trap_as_ref(trap)) == trap);
  CHECK(!wasm_func_same(fx.add1, NULL));

  /* a trap's finalizer runs when its last reference goes; store objects' with the store */
  wasm_trap_delete(trap);
  CHECK(finalized == 2);
  wasm_module_t *keep = wasm_module_copy(fx.module);
  wasm_foreign_delete(foreign);
  fixture_close(&fx); /* the store's 7 objects with finalizers (one reached twice as extern) */
  CHECK(finalized == 9);
  wasm_module_delete(keep); /* the last reference to the module */
  CHECK(finalized == 10);
}

/* ============================================================================================ */

typedef struct nest_ctx {
  wasm_store_t *store;
  wasm_func_t *call_add1;
  int depth;
} nest_ctx;

/* Calls back into Wasm (call_add1 -> host add1), and traps at depth 3. */
static wasm_trap_t *nested_host(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  nest_ctx *c = env;
  c->depth++;
  if (args->data[0].of.i32 >= 3) {
    wasm_message_t msg;
    wasm_name_new_from_string(&msg, "deep enough"); /* no NUL: the library adds it */
    wasm_trap_t *t = wasm_trap_new(c->store, &msg);
    wasm_name_delete(&msg);
    return t;
  }
  wasm_val_t a[1] = {WASM_I32_VAL(args->data[0].of.i32 + 1)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  wasm_trap_t *t = wasm_func_call(c->call_add1, &av, &rv);
  if (t) return t;
  results->data[0] = r[0];
  return NULL;
}

static wasm_trap_t *wrong_result(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  results->data[0].kind = WASM_F32;
  return NULL;
}

static void test_traps_and_frames(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);

  /* A host function that calls Wasm, which calls the same host function: 3 levels, then a trap
   * raised at the bottom reaches the top. */
  wasm_module_t *m = load(store, "full.wasm");
  nest_ctx ctx = {store, NULL, 0};
  wasm_functype_t *ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t *host = wasm_func_new_with_env(store, ft, nested_host, &ctx, count_finalizer);
  wasm_functype_delete(ft);
  wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_VAR);
  wasm_val_t zero = WASM_I32_VAL(0);
  wasm_global_t *g = wasm_global_new(store, gt, &zero);
  wasm_globaltype_delete(gt);
  wasm_limits_t tl = {2, 2}, ml = {1, 1};
  wasm_tabletype_t *tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &tl);
  wasm_table_t *t = wasm_table_new(store, tt, NULL);
  wasm_tabletype_delete(tt);
  wasm_memorytype_t *mt = wasm_memorytype_new(&ml);
  wasm_memory_t *mem = wasm_memory_new(store, mt);
  wasm_memorytype_delete(mt);
  wasm_extern_t *imp[4] = {wasm_func_as_extern(host), wasm_global_as_extern(g),
                           wasm_table_as_extern(t), wasm_memory_as_extern(mem)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imp);

  /* too few imports, and an import of the wrong kind: link errors as traps */
  wasm_extern_vec_t few = {2, imp};
  wasm_trap_t *trap = NULL;
  CHECK(wasm_instance_new(store, m, &few, &trap) == NULL && trap != NULL);
  CHECK(strstr(trap_text(trap), "needs 4 imports") != NULL);
  wasm_extern_t *swapped[4] = {imp[1], imp[0], imp[2], imp[3]};
  wasm_extern_vec_t sw = WASM_ARRAY_VEC(swapped);
  CHECK(wasm_instance_new(store, m, &sw, &trap) == NULL);
  CHECK(strstr(trap_text(trap), "incompatible import type") != NULL);
  wasm_name_t why;
  CHECK(wasmbox_last_error(&why) && strstr(why.data, "incompatible import") != NULL);
  wasm_name_delete(&why);
  CHECK(wasm_instance_new(store, m, &sw, NULL) == NULL); /* no trap wanted */

  wasm_instance_t *inst = wasm_instance_new(store, m, &imports, &trap);
  CHECK(inst != NULL && trap == NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  ctx.call_add1 = wasm_extern_as_func(exports.data[5]); /* call_add1 */
  wasm_val_t a[1] = {WASM_I32_VAL(0)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  trap = wasm_func_call(ctx.call_add1, &av, &rv);
  CHECK(trap != NULL);
  CHECK(ctx.depth == 4);
  if (trap) {
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    CHECK(msg.size == 12 && strcmp(msg.data, "deep enough") == 0);
    wasm_byte_vec_delete(&msg);
    wasm_frame_vec_t trace;
    wasm_trap_trace(trap, &trace);
    /* the trace is the one taken where the trap entered Wasm: every call_add1 activation */
    CHECK(trace.size == 4);
    for (size_t i = 0; i < trace.size; i++) CHECK(wasm_frame_func_index(trace.data[i]) == 2);
    if (trace.size) {
      CHECK(wasm_instance_same(wasm_frame_instance(trace.data[0]), inst));
    }
    wasm_frame_vec_delete(&trace);
    CHECK(!wasmbox_trap_exit_status(trap, NULL));
    wasm_trap_delete(trap);
  }

  /* a Wasm trap: origin, trace, offsets, frame copies and vectors */
  wasm_func_t *call_slot = wasm_extern_as_func(exports.data[7]); /* function 4 */
  a[0].of.i32 = 1;
  trap = wasm_func_call(call_slot, &av, &rv);
  CHECK(trap != NULL);
  if (trap) {
    wasm_frame_t *origin = wasm_trap_origin(trap);
    CHECK(origin != NULL);
    if (origin) {
      CHECK(wasm_frame_func_index(origin) == 4);
      CHECK(wasm_frame_func_offset(origin) == 2); /* after local.get 0: call_indirect */
      CHECK(wasm_frame_module_offset(origin) > wasm_frame_func_offset(origin));
      wasm_frame_t *copy = wasm_frame_copy(origin);
      CHECK(wasm_frame_module_offset(copy) == wasm_frame_module_offset(origin));
      CHECK(wasm_instance_same(wasm_frame_instance(copy), inst));
      wasm_frame_vec_t fv, fvc;
      wasm_frame_vec_new(&fv, 1, &copy);
      wasm_frame_vec_copy(&fvc, &fv);
      CHECK(fvc.size == 1 && wasm_frame_func_index(fvc.data[0]) == 4);
      wasm_frame_vec_delete(&fv);
      wasm_frame_vec_delete(&fvc);
      wasm_frame_vec_new_empty(&fv);
      wasm_frame_vec_delete(&fv);
      wasm_frame_vec_new_uninitialized(&fv, 2);
      wasm_frame_vec_delete(&fv);
      wasm_frame_delete(origin);
    }
    CHECK(strcmp(trap_text(trap), "uninitialized element 1") == 0);
  }

  /* a host-made trap has no frames */
  wasm_message_t msg;
  wasm_name_new_from_string_nt(&msg, "by hand");
  trap = wasm_trap_new(store, &msg);
  wasm_name_delete(&msg);
  CHECK(wasm_trap_origin(trap) == NULL);
  wasm_frame_vec_t none_frames;
  wasm_trap_trace(trap, &none_frames);
  CHECK(none_frames.size == 0);
  wasm_frame_vec_delete(&none_frames);
  CHECK(strcmp(trap_text(trap), "by hand") == 0);

  /* a callback returning a result of the wrong kind */
  wasm_functype_t *t01 = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t *bad = wasm_func_new(store, t01, wrong_result);
  wasm_functype_delete(t01);
  wasm_val_vec_t nothing = WASM_EMPTY_VEC;
  CHECK(strstr(trap_text(wasm_func_call(bad, &nothing, &rv)), "wrong type") != NULL);
  wasm_func_delete(bad);

  /* instantiation traps: a trapping start function, a data segment out of bounds */
  wasm_module_t *st = load(store, "start_trap.wasm");
  wasm_extern_vec_t empty = WASM_EMPTY_VEC;
  if (st) {
    CHECK(wasm_instance_new(store, st, &empty, &trap) == NULL && trap != NULL);
    wasm_frame_t *origin = trap ? wasm_trap_origin(trap) : NULL;
    CHECK(origin != NULL && wasm_frame_func_index(origin) == 0);
    wasm_frame_delete(origin);
    CHECK(strcmp(trap_text(trap), "unreachable") == 0);
    wasm_module_delete(st);
  }
  wasm_module_t *oob = load(store, "oob_data.wasm");
  if (oob) {
    CHECK(wasm_instance_new(store, oob, &empty, &trap) == NULL);
    CHECK(strstr(trap_text(trap), "out of bounds memory access") != NULL);
    wasm_module_delete(oob);
  }

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  wasm_func_delete(host);
  wasm_global_delete(g);
  wasm_table_delete(t);
  wasm_memory_delete(mem);
  wasm_module_delete(m);
  finalized = 0;
  wasm_store_delete(store);
  CHECK(finalized == 1); /* the environment's finalizer */
  wasm_engine_delete(engine);
}

/* ============================================================================================ */

#define NTHREADS 4

typedef struct thread_job {
  wasm_engine_t *engine;
  wasm_shared_module_t *shared;
  int32_t result;
  bool ok;
} thread_job;

static void *thread_main(void *p) {
  thread_job *j = p;
  wasm_store_t *store = wasm_store_new(j->engine);
  wasm_module_t *m = wasm_module_obtain(store, j->shared);
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  wasm_instance_t *inst = m ? wasm_instance_new(store, m, &none, NULL) : NULL;
  if (inst) {
    wasm_extern_vec_t exports;
    wasm_instance_exports(inst, &exports);
    wasm_func_t *fib = wasm_extern_as_func(exports.data[2]);
    wasm_val_t a[1] = {WASM_I32_VAL(20)}, r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
    wasm_trap_t *trap = wasm_func_call(fib, &av, &rv);
    j->ok = trap == NULL;
    wasm_trap_delete(trap);
    j->result = r[0].of.i32;
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(inst);
  }
  wasm_module_delete(m);
  wasm_store_delete(store);
  return NULL;
}

static void test_threads(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *m = load(store, "big.wasm");
  if (!m) return;
  wasm_shared_module_t *shared = wasm_module_share(m);
  wasm_module_delete(m);
  wasm_store_delete(store);
  /* Every thread translates fib on first use, from the same module, at the same time. */
  thread_job jobs[NTHREADS];
  pthread_t th[NTHREADS];
  for (int i = 0; i < NTHREADS; i++) {
    jobs[i] = (thread_job){engine, shared, 0, false};
    CHECK(pthread_create(&th[i], NULL, thread_main, &jobs[i]) == 0);
  }
  for (int i = 0; i < NTHREADS; i++) {
    pthread_join(th[i], NULL);
    CHECK(jobs[i].ok && jobs[i].result == 6765);
  }
  wasm_shared_module_delete(shared);
  wasm_engine_delete(engine);
}

/* ============================================================================================ */

static void test_wasmbox_extensions(void) {
  CHECK(strcmp(wasmbox_version(), WASMBOX_VERSION) == 0);

  /* explicit bounds checks and a memory cap of 10 pages */
  wasm_config_t *config = wasm_config_new();
  wasmbox_config_bounds_checks(config, true);
  wasmbox_config_max_memory(config, 10 * 65536);
  wasm_engine_t *engine = wasm_engine_new_with_config(config);
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *m = load(store, "big.wasm");
  if (m) {
    wasm_extern_vec_t none = WASM_EMPTY_VEC, exports;
    wasm_instance_t *inst = wasm_instance_new(store, m, &none, NULL);
    CHECK(inst != NULL);
    if (inst) {
      wasm_instance_exports(inst, &exports);
      wasm_memory_t *mem = wasm_extern_as_memory(exports.data[0]);
      wasm_func_t *grow = wasm_extern_as_func(exports.data[1]);
      wasm_val_t a[1] = {WASM_I32_VAL(6)}, r[1] = {WASM_INIT_VAL};
      wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
      CHECK(wasm_func_call(grow, &av, &rv) == NULL && r[0].of.i32 == 4);
      CHECK(wasm_memory_size(mem) == 10);
      a[0].of.i32 = 1;
      CHECK(wasm_func_call(grow, &av, &rv) == NULL && r[0].of.i32 == -1); /* the cap */
      CHECK(!wasm_memory_grow(mem, 1));
      wasm_memory_data(mem)[10 * 65536 - 1] = 1; /* the last byte is there */
      wasm_extern_vec_delete(&exports);
      wasm_instance_delete(inst);
    }
    wasm_module_delete(m);
  }
  /* a memory larger than the cap cannot even be created */
  wasm_limits_t l = {11, wasm_limits_max_default};
  wasm_memorytype_t *mt = wasm_memorytype_new(&l);
  CHECK(wasm_memory_new(store, mt) == NULL);
  wasm_memorytype_delete(mt);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  /* a config can also be deleted unused */
  wasm_config_delete(wasm_config_new());
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: test_capi DIR (the compiled tests/capi modules)\n");
    return 2;
  }
  dir = argv[1];
  wasm_name_t none;
  CHECK(!wasmbox_last_error(&none) && none.size == 0); /* nothing has failed yet */
  test_vectors_and_names();
  test_types();
  test_module();
  test_calls_and_externs();
  test_references();
  test_traps_and_frames();
  test_threads();
  test_wasmbox_extensions();
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
