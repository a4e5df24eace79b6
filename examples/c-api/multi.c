/* multi.c — several results at once: Wasm functions returning four or two values, and a host
 * function returning two values to Wasm.
 * Usage: multi multi.wasm */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <wasm.h>

static wasm_trap_t *split(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  uint64_t v = (uint64_t)args->data[0].of.i64;
  results->data[0].of.i32 = (int32_t)(uint32_t)(v >> 32);
  results->data[1].of.i32 = (int32_t)(uint32_t)v;
  return NULL;
}

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

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_byte_vec_t binary;
  if (!read_file(argv[1], &binary)) return 1;
  wasm_module_t *module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) return 1;

  wasm_functype_t *split_type =
      wasm_functype_new_1_2(wasm_valtype_new_i64(), wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t *split_func = wasm_func_new(store, split_type, split);
  wasm_functype_delete(split_type);
  wasm_extern_t *import_data[] = {wasm_func_as_extern(split_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(import_data);
  wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) return 1;
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t *reverse = wasm_extern_as_func(exports.data[0]);
  wasm_func_t *divmod = wasm_extern_as_func(exports.data[1]);
  wasm_func_t *sum_halves = wasm_extern_as_func(exports.data[2]);

  printf("reverse takes %zu values and returns %zu\n", wasm_func_param_arity(reverse),
         wasm_func_result_arity(reverse));
  wasm_val_t a4[4] = {WASM_I32_VAL(1), WASM_I64_VAL(2), WASM_F32_VAL(3.5f), WASM_F64_VAL(4.25)};
  wasm_val_t r4[4] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(a4), rv = WASM_ARRAY_VEC(r4);
  if (wasm_func_call(reverse, &av, &rv)) return 1;
  printf("reverse(1, 2, 3.5, 4.25) = (%.2f, %.1f, %" PRId64 ", %d)\n", r4[0].of.f64, r4[1].of.f32,
         r4[2].of.i64, r4[3].of.i32);

  wasm_val_t a2[2] = {WASM_I32_VAL(47), WASM_I32_VAL(5)};
  wasm_val_vec_t av2 = WASM_ARRAY_VEC(a2), rv2 = {2, r4};
  if (wasm_func_call(divmod, &av2, &rv2)) return 1;
  printf("divmod(47, 5) = (%d, %d)\n", r4[0].of.i32, r4[1].of.i32);

  wasm_val_t a1[1] = {WASM_I64_VAL(0x0000000700000023LL)};
  wasm_val_vec_t av1 = WASM_ARRAY_VEC(a1), rv3 = {3, r4};
  if (wasm_func_call(sum_halves, &av1, &rv3)) return 1;
  printf("sum_halves(0x0000000700000023) = (hi %d, lo %d, sum %d)\n", r4[0].of.i32, r4[1].of.i32,
         r4[2].of.i32);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(split_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
