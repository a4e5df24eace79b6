/* tables.c — a table of functions from the host's side: size, reading entries (and calling
 * them), storing a host function in it, growing it, and the traps of bad indirect calls.
 * Usage: tables tables.wasm */
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

static wasm_trap_t *ninety_nine(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = 99;
  return NULL;
}

static void call_at(const wasm_func_t *f, int32_t index) {
  wasm_val_t a[1] = {WASM_I32_VAL(index)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  wasm_trap_t *trap = wasm_func_call(f, &av, &rv);
  if (trap) {
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    printf("call_at(%d) trapped: %s\n", index, msg.data);
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(trap);
    return;
  }
  printf("call_at(%d) = %d\n", index, r[0].of.i32);
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
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) return 1;
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_table_t *table = wasm_extern_as_table(exports.data[0]);
  wasm_func_t *call = wasm_extern_as_func(exports.data[1]);

  printf("table size: %u\n", wasm_table_size(table));
  for (wasm_table_size_t i = 0; i < 3; i++) {
    wasm_ref_t *entry = wasm_table_get(table, i);
    if (!entry) {
      printf("entry %u: null\n", i);
      continue;
    }
    wasm_func_t *f = wasm_ref_as_func(entry);
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t none = WASM_EMPTY_VEC, rv = WASM_ARRAY_VEC(r);
    wasm_trap_t *trap = wasm_func_call(f, &none, &rv);
    if (trap) return 1;
    printf("entry %u: a function returning %d\n", i, r[0].of.i32);
    wasm_ref_delete(entry);
  }
  call_at(call, 1);
  call_at(call, 2);

  wasm_functype_t *type = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t *host = wasm_func_new(store, type, ninety_nine);
  wasm_functype_delete(type);
  printf("set entry 2 to a host function: %s\n",
         wasm_table_set(table, 2, wasm_func_as_ref(host)) ? "ok" : "refused");
  call_at(call, 2);
  printf("set entry 3: %s\n", wasm_table_set(table, 3, wasm_func_as_ref(host)) ? "ok" : "refused");
  call_at(call, 3);

  printf("grow by 2 (new entries: the host function): %s\n",
         wasm_table_grow(table, 2, wasm_func_as_ref(host)) ? "ok" : "refused");
  printf("table size: %u\n", wasm_table_size(table));
  call_at(call, 4);
  printf("grow by 6 past the maximum of 10: %s\n",
         wasm_table_grow(table, 6, NULL) ? "ok" : "refused");

  wasm_table_set(table, 0, NULL);
  call_at(call, 0);

  wasm_tabletype_t *tt = wasm_table_type(table);
  printf("type: %s, min %u, max %u\n",
         wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_FUNCREF ? "funcref" : "externref",
         wasm_tabletype_limits(tt)->min, wasm_tabletype_limits(tt)->max);
  wasm_tabletype_delete(tt);

  wasm_func_delete(host);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
