/* globals.c — globals created by the host and imported, globals exported by the module, their
 * types, and values changed on one side and seen on the other.
 * Usage: globals globals.wasm */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <wasm.h>

static bool read_file(const char *path, wasm_byte_vec_t *out) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_new_uninitialized(out, (size_t)size);
  bool ok = fread(out->data, 1, (size_t)size, f) == (size_t)size;
  fclose(f);
  if (!ok) wasm_byte_vec_delete(out);
  return ok;
}

static wasm_val_t call1(const wasm_func_t *f, wasm_val_t arg, size_t nargs) {
  wasm_val_t a[1] = {arg}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = {nargs, a}, rv = WASM_ARRAY_VEC(r);
  wasm_trap_t *trap = wasm_func_call(f, &av, &rv);
  if (trap) {
    printf("unexpected trap\n");
    exit(1);
  }
  return r[0];
}

static void describe(const char *name, const wasm_global_t *g) {
  wasm_globaltype_t *type = wasm_global_type(g);
  const char *kinds[] = {"i32", "i64", "f32", "f64"};
  wasm_valkind_t k = wasm_valtype_kind(wasm_globaltype_content(type));
  printf("%s: %s %s\n", name, wasm_globaltype_mutability(type) == WASM_VAR ? "mutable" : "constant",
         k < 4 ? kinds[k] : "reference");
  wasm_globaltype_delete(type);
}

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_byte_vec_t binary;
  if (!read_file(argv[1], &binary)) return 1;
  wasm_module_t *module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) return 1;

  wasm_globaltype_t *const_i32 = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_globaltype_t *var_i64 = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  wasm_val_t base_val = WASM_I32_VAL(100), counter_val = WASM_I64_VAL(41);
  wasm_global_t *base = wasm_global_new(store, const_i32, &base_val);
  wasm_global_t *counter = wasm_global_new(store, var_i64, &counter_val);
  wasm_globaltype_delete(const_i32);
  wasm_globaltype_delete(var_i64);

  wasm_extern_t *import_data[] = {wasm_global_as_extern(base), wasm_global_as_extern(counter)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(import_data);
  wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) return 1;
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_global_t *scale = wasm_extern_as_global(exports.data[0]);
  wasm_global_t *total = wasm_extern_as_global(exports.data[1]);
  wasm_func_t *bump = wasm_extern_as_func(exports.data[2]);
  wasm_func_t *add_to_total = wasm_extern_as_func(exports.data[3]);

  describe("base", base);
  describe("counter", counter);
  describe("scale", scale);
  describe("total", total);

  wasm_val_t v;
  wasm_global_get(scale, &v);
  printf("scale = %.2f\n", v.of.f64);
  wasm_global_get(total, &v);
  printf("total starts as base: %d\n", v.of.i32);

  wasm_val_t none = WASM_INIT_VAL;
  printf("bump() = %" PRId64 "\n", call1(bump, none, 0).of.i64);
  wasm_global_get(counter, &v);
  printf("the host sees counter = %" PRId64 "\n", v.of.i64);
  wasm_val_t set = WASM_I64_VAL(1000);
  wasm_global_set(counter, &set);
  printf("host set counter to 1000; bump() = %" PRId64 "\n", call1(bump, none, 0).of.i64);

  wasm_val_t arg = WASM_I32_VAL(23);
  printf("add_to_total(23) = %d\n", call1(add_to_total, arg, 1).of.i32);
  wasm_val_t t = WASM_I32_VAL(-5);
  wasm_global_set(total, &t);
  printf("host set total to -5; add_to_total(23) = %d\n", call1(add_to_total, arg, 1).of.i32);

  wasm_val_t ignored = WASM_F64_VAL(9.0);
  wasm_global_set(scale, &ignored); /* constant: the set is ignored */
  wasm_global_get(scale, &v);
  printf("scale after a refused set: %.2f\n", v.of.f64);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_global_delete(base);
  wasm_global_delete(counter);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
