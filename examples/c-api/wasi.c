/* wasi.c — running a WASI command with wasi.h: arguments, captured stdout and stderr, the
 * start function, and the exit status carried by the trap that ends it.
 * Usage: wasi wasi.wasm */
#include <stdio.h>
#include <stdlib.h>
#include <wasi.h>
#include <wasm.h>
#include <wasmbox.h>

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

/* Prints everything captured so far, a line prefix before each line. */
static void drain(wasi_env_t *env, bool err, const char *prefix) {
  char buf[64];
  intptr_t n;
  bool line_start = true;
  while ((n = err ? wasi_env_read_stderr(env, buf, sizeof buf) : wasi_env_read_stdout(env, buf, sizeof buf)) > 0) {
    for (intptr_t i = 0; i < n; i++) {
      if (line_start) fputs(prefix, stdout);
      putchar(buf[i]);
      line_start = buf[i] == '\n';
    }
  }
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

  wasi_config_t *config = wasi_config_new("greet");
  wasi_config_arg(config, "one");
  wasi_config_arg(config, "two words");
  wasi_config_capture_stdout(config);
  wasi_config_capture_stderr(config);
  wasi_env_t *env = wasi_env_new(store, config);
  if (!env) return 1;

  wasm_extern_vec_t imports;
  if (!wasi_get_imports(store, env, module, &imports)) return 1;
  printf("the module needs %zu WASI functions\n", imports.size);
  wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
  wasm_extern_vec_delete(&imports);
  if (!instance || !wasi_env_initialize_instance(env, store, instance)) return 1;

  wasm_func_t *start = wasi_get_start_function(instance);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  wasm_trap_t *trap = wasm_func_call(start, &none, &none);
  int status = 0;
  if (trap && wasmbox_trap_exit_status(trap, &status)) {
    printf("the program exited with status %d\n", status);
  } else if (trap) {
    printf("the program trapped\n");
  } else {
    printf("the program returned\n");
  }
  wasm_trap_delete(trap);
  printf("its stdout:\n");
  drain(env, false, "  | ");
  printf("its stderr:\n");
  drain(env, true, "  ! ");

  wasm_func_delete(start);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasi_env_delete(env);
  wasm_engine_delete(engine);
  return 0;
}
