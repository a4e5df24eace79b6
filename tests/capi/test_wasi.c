/* tests/capi/test_wasi.c — include/wasi.h through libwasmbox: configs (arguments, environment,
 * directories, stdio), refusals with their reasons, a whole run of tests/capi/wasi/prog.c with
 * captured output and an exit status, and a WASI function called from the host through the
 * memory bound by wasi_env_initialize_instance.
 * Usage: test_wasi DIR (the compiled modules of tests/capi, wasi-prog.wasm among them).
 * Prints one line per failed check and ends with `N passed, N failed`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wasi.h>
#include <wasm.h>
#include <wasmbox.h>

#include "check.h"

static bool last_error_has(const char *text) {
  wasm_name_t msg;
  bool ok = wasmbox_last_error(&msg) && strstr(msg.data, text) != NULL;
  if (!ok) printf("  (last error: %s)\n", msg.size ? msg.data : "none");
  wasm_name_delete(&msg);
  return ok;
}

/* Everything captured on stdout (err false) or stderr, NUL-terminated, in a static buffer. */
static const char *captured(wasi_env_t *env, bool err) {
  static char buf[8192];
  size_t len = 0;
  intptr_t n;
  /* small reads: the stream hands its bytes over in pieces */
  while (len + 16 < sizeof buf &&
         (n = err ? wasi_env_read_stderr(env, buf + len, 16) : wasi_env_read_stdout(env, buf + len, 16)) > 0)
    len += (size_t)n;
  buf[len] = '\0';
  return buf;
}

static void test_refusals(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);

  wasi_config_t *c = wasi_config_new("prog");
  CHECK(wasi_config_preopen_dir(c, "/no/such/directory/for/wasmbox"));
  CHECK(wasi_env_new(store, c) == NULL); /* the directory is opened here */
  CHECK(last_error_has("/no/such/directory/for/wasmbox"));

  c = wasi_config_new("prog");
  wasi_config_env(c, "A=B", "value"); /* a name with '=' is refused, reported by wasi_env_new */
  CHECK(wasi_env_new(store, c) == NULL);
  CHECK(last_error_has("wasi_env_new"));
  CHECK(wasi_env_new(store, NULL) == NULL);
  CHECK(wasi_env_read_stdout(NULL, NULL, 0) == -1 && wasi_env_read_stderr(NULL, NULL, 0) == -1);

  c = wasi_config_new("prog");
  wasi_env_t *env = wasi_env_new(store, c);
  CHECK(env != NULL);
  char buf[8];
  CHECK(wasi_env_read_stdout(env, buf, sizeof buf) == 0); /* not captured: nothing to read */

  /* a module with other imports than WASI's */
  wasm_module_t *full = load(store, "full.wasm");
  wasm_extern_vec_t imports;
  CHECK(full && !wasi_get_imports(store, env, full, &imports) && imports.size == 0);
  CHECK(last_error_has("not a WASI function"));

  /* an instance without memory or _start */
  wasm_module_t *empty = load(store, "empty.wasm");
  if (empty) {
    CHECK(wasi_get_imports(store, env, empty, &imports) && imports.size == 0);
    wasm_instance_t *inst = wasm_instance_new(store, empty, &imports, NULL);
    wasm_extern_vec_delete(&imports);
    CHECK(inst != NULL);
    CHECK(!wasi_env_initialize_instance(env, store, inst));
    CHECK(last_error_has("memory"));
    CHECK(wasi_get_start_function(inst) == NULL);
    CHECK(last_error_has("_start"));
    wasm_instance_delete(inst);
    wasm_module_delete(empty);
  }
  wasm_module_delete(full);
  wasm_store_delete(store);
  wasi_env_delete(env);
  wasm_engine_delete(engine);
}

static void test_run(void) {
  char tmp[] = "/tmp/wasmbox-test-wasi-XXXXXX";
  if (!mkdtemp(tmp)) {
    printf("FAIL mkdtemp\n");
    failed++;
    return;
  }
  char path[4200];
  snprintf(path, sizeof path, "%s/in.txt", tmp);
  FILE *f = fopen(path, "w");
  fputs("the host's file\n", f);
  fclose(f);

  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = load(store, "wasi-prog.wasm");
  if (!module) return;

  wasi_config_t *c = wasi_config_new("prog");
  const char *args[] = {"args", "env", "GREETING", "env", "UNSET", "cat", "/data/in.txt",
                        "write", "/data/out.txt", "written by the guest", "ls", "/data",
                        "ls", tmp, "err", "to stderr", "exit", "5"};
  for (size_t i = 0; i < sizeof args / sizeof *args; i++) wasi_config_arg(c, args[i]);
  wasi_config_env(c, "GREETING", "hello there");
  CHECK(wasi_config_mapdir(c, "/data", tmp));
  CHECK(wasi_config_preopen_dir(c, tmp));
  wasi_config_inherit_stdin(c);
  wasi_config_inherit_stdout(c);
  wasi_config_inherit_stderr(c);
  wasi_config_capture_stdout(c); /* the last choice wins */
  wasi_config_capture_stderr(c);
  wasi_env_t *env = wasi_env_new(store, c);
  CHECK(env != NULL);
  if (!env) return;

  wasm_extern_vec_t imports;
  CHECK(wasi_get_imports(store, env, module, &imports) && imports.size > 5);
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = wasm_instance_new(store, module, &imports, &trap);
  CHECK(inst != NULL && trap == NULL);
  wasm_extern_vec_delete(&imports);
  CHECK(wasi_env_initialize_instance(env, store, inst));
  wasm_func_t *start = wasi_get_start_function(inst);
  CHECK(start != NULL);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  trap = wasm_func_call(start, &none, &none);
  int status = -1;
  CHECK(trap && wasmbox_trap_exit_status(trap, &status) && status == 5);
  wasm_trap_delete(trap);

  char expected[8192];
  int n = 0;
  for (size_t i = 0; i <= sizeof args / sizeof *args; i++)
    n += snprintf(expected + n, sizeof expected - (size_t)n, "arg %zu: %s\n", i,
                  i ? args[i - 1] : "prog");
  snprintf(expected + n, sizeof expected - (size_t)n,
           "env GREETING: hello there\nenv UNSET: (unset)\nthe host's file\nwrote /data/out.txt\n"
           "ls /data: 2 entries\nls %s: 2 entries\n", tmp);
  const char *out = captured(env, false);
  CHECK(strcmp(out, expected) == 0);
  if (strcmp(out, expected) != 0) printf("  stdout was:\n%s  expected:\n%s", out, expected);
  CHECK(strcmp(captured(env, true), "to stderr\n") == 0);

  snprintf(path, sizeof path, "%s/out.txt", tmp);
  f = fopen(path, "r");
  char text[64] = "";
  if (f) {
    CHECK(fgets(text, sizeof text, f) != NULL);
    fclose(f);
  }
  CHECK(strcmp(text, "written by the guest") == 0);
  unlink(path);
  snprintf(path, sizeof path, "%s/in.txt", tmp);
  unlink(path);
  rmdir(tmp);

  wasm_func_delete(start);
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasi_env_delete(env);
  wasm_engine_delete(engine);
}

/* A WASI function called by the host itself: it has no calling instance, so it reaches the
 * memory bound by wasi_env_initialize_instance. */
static void test_host_call(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = load(store, "wasi-prog.wasm");
  if (!module) return;
  wasi_config_t *c = wasi_config_new("prog");
  wasi_config_capture_stdout(c);
  wasi_env_t *env = wasi_env_new(store, c);
  wasm_extern_vec_t imports;
  CHECK(wasi_get_imports(store, env, module, &imports));
  wasm_instance_t *inst = wasm_instance_new(store, module, &imports, NULL);
  CHECK(inst && wasi_env_initialize_instance(env, store, inst));

  wasm_importtype_vec_t types;
  wasm_module_imports(module, &types);
  wasm_func_t *fd_write = NULL;
  for (size_t i = 0; i < types.size; i++) {
    const wasm_name_t *name = wasm_importtype_name(types.data[i]);
    if (name->size == 8 && memcmp(name->data, "fd_write", 8) == 0)
      fd_write = wasm_extern_as_func(imports.data[i]);
  }
  wasm_importtype_vec_delete(&types);
  CHECK(fd_write != NULL);

  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  wasm_memory_t *mem = NULL;
  for (size_t i = 0; i < exports.size; i++)
    if (wasm_extern_kind(exports.data[i]) == WASM_EXTERN_MEMORY) mem = wasm_extern_as_memory(exports.data[i]);
  CHECK(mem != NULL);
  if (fd_write && mem) {
    /* an iovec at 16 pointing at "from the host\n" at 64; the count lands at 32 */
    byte_t *data = wasm_memory_data(mem);
    memcpy(data + 64, "from the host\n", 14);
    uint32_t iov[2] = {64, 14};
    memcpy(data + 16, iov, sizeof iov);
    wasm_val_t a[4] = {WASM_I32_VAL(1), WASM_I32_VAL(16), WASM_I32_VAL(1), WASM_I32_VAL(32)};
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
    CHECK(wasm_func_call(fd_write, &av, &rv) == NULL);
    CHECK(r[0].of.i32 == 0); /* errno success */
    CHECK(strcmp(captured(env, false), "from the host\n") == 0);
  }
  wasm_extern_vec_delete(&exports);
  wasm_extern_vec_delete(&imports);
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasi_env_delete(env);
  wasm_engine_delete(engine);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: test_wasi DIR\n");
    return 2;
  }
  dir = argv[1];
  test_refusals();
  test_run();
  test_host_call();
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
