/* tests/wasi/args.c — prints its arguments and environment as the raw WASI calls report them
 * (args_sizes_get/args_get, environ_sizes_get/environ_get), so the runner can check what
 * `wasmbox run` passes through: arguments verbatim, only the --env variables. */
#include "wasitest.h"

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void) {
  __wasi_size_t argc, argv_size, envc, env_size;
  __wasi_errno_t e = __wasi_args_sizes_get(&argc, &argv_size);
  WT_CHECK(e == 0, "args_sizes_get: %s", wt_errname(e));
  char **argv = calloc(argc + 1, sizeof *argv);
  char *argv_buf = malloc(argv_size + 1);
  e = __wasi_args_get((uint8_t **)argv, (uint8_t *)argv_buf);
  WT_CHECK(e == 0, "args_get: %s", wt_errname(e));
  printf("argc=%u\n", (unsigned)argc);
  size_t total = 0;
  /* argv[0] is the program's name, which the runtime may spell as it likes: skip it. */
  for (__wasi_size_t i = 0; i < argc; i++) {
    total += strlen(argv[i]) + 1;
    if (i > 0) printf("argv[%u]=[%s]\n", (unsigned)i, argv[i]);
  }
  WT_CHECK(total == argv_size, "argv size %zu vs %u", total, (unsigned)argv_size);

  e = __wasi_environ_sizes_get(&envc, &env_size);
  WT_CHECK(e == 0, "environ_sizes_get: %s", wt_errname(e));
  char **env = calloc(envc + 1, sizeof *env);
  char *env_buf = malloc(env_size + 1);
  e = __wasi_environ_get((uint8_t **)env, (uint8_t *)env_buf);
  WT_CHECK(e == 0, "environ_get: %s", wt_errname(e));
  total = 0;
  for (__wasi_size_t i = 0; i < envc; i++) total += strlen(env[i]) + 1;
  WT_CHECK(total == env_size, "environ size %zu vs %u", total, (unsigned)env_size);
  qsort(env, envc, sizeof *env, cmp_str);
  printf("envc=%u\n", (unsigned)envc);
  for (__wasi_size_t i = 0; i < envc; i++) printf("env[%u]=[%s]\n", (unsigned)i, env[i]);
  /* libc's view must agree with the raw calls. */
  if (envc > 0) {
    char name[256];
    size_t n = strcspn(env[0], "=");
    if (n < sizeof name) {
      memcpy(name, env[0], n);
      name[n] = 0;
      const char *v = getenv(name);
      WT_CHECK(v && strcmp(v, env[0] + n + 1) == 0, "getenv(%s)", name);
    }
  }
  return wt_done();
}
