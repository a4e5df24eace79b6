/* memory.c — a module's memory seen from the host: reading and writing its bytes directly,
 * growing it from either side, out-of-bounds accesses as traps, and a memory made by the host.
 * Usage: memory memory.wasm */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* Calls f(args...) -> one i32 result (or none); prints a trap instead of returning. */
static bool call(const wasm_func_t *f, int nargs, int32_t a0, int32_t a1, int32_t *result) {
  wasm_val_t args[2] = {WASM_I32_VAL(a0), WASM_I32_VAL(a1)};
  wasm_val_t res[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = {(size_t)nargs, args}, rv = {result ? 1 : 0, res};
  wasm_trap_t *trap = wasm_func_call(f, &av, &rv);
  if (trap) {
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    printf("  trap: %s\n", msg.data);
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(trap);
    return false;
  }
  if (result) *result = res[0].of.i32;
  return true;
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
  wasm_memory_t *memory = wasm_extern_as_memory(exports.data[0]);
  wasm_func_t *size = wasm_extern_as_func(exports.data[1]);
  wasm_func_t *load = wasm_extern_as_func(exports.data[2]);
  wasm_func_t *store_fn = wasm_extern_as_func(exports.data[3]);
  wasm_func_t *sum = wasm_extern_as_func(exports.data[4]);

  printf("pages: %u, bytes: %zu\n", wasm_memory_size(memory), wasm_memory_data_size(memory));
  byte_t *data = wasm_memory_data(memory);
  printf("data segment as the host sees it: %d %d\n", data[0x1000], data[0x1001]);

  int32_t v;
  call(load, 1, 0x1001, 0, &v);
  printf("load(0x1001) = %d\n", v);
  call(store_fn, 2, 0x1002, 7, NULL);
  printf("after store(0x1002, 7), the host reads %d\n", data[0x1002]);
  memset(data, 1, 100);
  call(sum, 1, 100, 0, &v);
  printf("the host wrote 100 ones; sum(100) = %d\n", v);

  printf("load past the end (0x20000):\n");
  call(load, 1, 0x20000, 0, &v);

  printf("grow by 1: %s\n", wasm_memory_grow(memory, 1) ? "ok" : "refused");
  call(size, 0, 0, 0, &v);
  printf("pages now: %u (Wasm says %d), bytes: %zu\n", wasm_memory_size(memory), v,
         wasm_memory_data_size(memory));
  data = wasm_memory_data(memory); /* read the address again after growing */
  data[0x20000] = 5;
  call(load, 1, 0x20000, 0, &v);
  printf("load(0x20000) = %d\n", v);
  printf("grow past the maximum of 3 pages: %s\n", wasm_memory_grow(memory, 1) ? "ok" : "refused");

  wasm_memorytype_t *type = wasm_memory_type(memory);
  const wasm_limits_t *limits = wasm_memorytype_limits(type);
  printf("type: min %u, max %u\n", limits->min, limits->max);
  wasm_memorytype_delete(type);

  /* A memory created by the host, with no maximum. */
  wasm_limits_t host_limits = {1, wasm_limits_max_default};
  wasm_memorytype_t *host_type = wasm_memorytype_new(&host_limits);
  wasm_memory_t *host_memory = wasm_memory_new(store, host_type);
  wasm_memorytype_delete(host_type);
  printf("host memory: %u page(s)\n", wasm_memory_size(host_memory));
  bool grown = wasm_memory_grow(host_memory, 2);
  printf("grows by 2: %s, now %u pages\n", grown ? "ok" : "refused", wasm_memory_size(host_memory));
  wasm_memory_delete(host_memory);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
