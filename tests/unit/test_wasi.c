/* tests/unit/test_wasi.c — the WASI layer from the embedder's side: sandboxed path resolution
 * (openat2 and the component walk give the same answers, escapes are `notcapable`), and host
 * functions called with no calling instance through a bound memory: captured stdout, stdin from
 * a buffer, bad pointers as `fault`, proc_exit as a trap. Prints one line per failure, then
 * "N passed, N failed". */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "engine/engine.h"
#include "wasi/abi.h"
#include "wasi/path.h"
#include "wasi/wasi.h"

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

static char root[256];

static void sh(const char *fmt, const char *arg) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd, fmt, arg, arg, arg, arg);
  if (system(cmd) != 0) printf("setup failed: %s\n", cmd);
}

typedef struct path_case {
  const char *path;
  bool follow;
  uint16_t err;
  const char *name;             /* expected final component on success */
} path_case;

static const path_case cases[] = {
    {"in.txt", false, WB_WASI_ESUCCESS, "in.txt"},
    {"sub/deep/f", false, WB_WASI_ESUCCESS, "f"},
    {"sub/../in.txt", false, WB_WASI_ESUCCESS, "in.txt"},
    {"sub/", false, WB_WASI_ESUCCESS, "sub"},
    {".", false, WB_WASI_ESUCCESS, "."},
    {"sub/..", false, WB_WASI_ESUCCESS, "."},
    {"", false, WB_WASI_ESUCCESS, ""},
    {"..", false, WB_WASI_ENOTCAPABLE, NULL},
    {"../box/in.txt", false, WB_WASI_ENOTCAPABLE, NULL},
    {"sub/../../x", false, WB_WASI_ENOTCAPABLE, NULL},
    {"/etc/passwd", false, WB_WASI_ENOTCAPABLE, NULL},
    {"out_dir/x", false, WB_WASI_ENOTCAPABLE, NULL},        /* symlink to a directory outside, mid-path */
    {"out_file", false, WB_WASI_ESUCCESS, "out_file"},      /* the link itself, not followed */
    {"out_file", true, WB_WASI_ENOTCAPABLE, NULL},          /* followed: leads outside */
    {"abs_link", true, WB_WASI_ENOTCAPABLE, NULL},          /* absolute target */
    {"in_link", true, WB_WASI_ESUCCESS, "in.txt"},
    {"sub/up/in.txt", false, WB_WASI_ESUCCESS, "in.txt"},   /* ../ inside the box through a link */
    {"sub/up/../x", false, WB_WASI_ENOTCAPABLE, NULL},
    {"loop1/x", false, WB_WASI_ELOOP, NULL},
    {"missing/x", false, WB_WASI_ENOENT, NULL},
    {"in.txt/x", false, WB_WASI_ENOTDIR, NULL},
};

static void test_paths(bool openat2) {
  wb_wasi_path_set_openat2(openat2);
  char box[300];
  snprintf(box, sizeof box, "%s/box", root);
  int base = open(box, O_RDONLY | O_DIRECTORY);
  CHECK(base >= 0, "open box");
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const path_case *c = &cases[i];
    wb_wasi_path p;
    uint16_t e = wb_wasi_path_resolve(base, c->path, c->follow, &p);
    CHECK(e == c->err, "%s: resolve(\"%s\", follow=%d) = %u, expected %u", openat2 ? "openat2" : "walk", c->path,
          c->follow, e, c->err);
    if (!e && c->name) CHECK(strcmp(p.name, c->name) == 0, "resolve(\"%s\") name '%s'", c->path, p.name);
    if (!e) wb_wasi_path_done(&p);
  }
  close(base);
}

/* ---- host calls without an instance ---- */

static wb_value i32(int32_t v) {
  wb_value x;
  memset(&x, 0, sizeof x);
  x.i32 = v;
  return x;
}

static uint16_t call(wb_wasi_env *env, wb_store *s, const char *name, const wb_value *args, wb_trap **trap) {
  wb_funcinst *f = wb_wasi_func(env, s, name, strlen(name));
  wb_value r;
  memset(&r, 0, sizeof r);
  *trap = NULL;
  if (!f) return 0xFFFF;
  wb_call(f, args, &r, trap);
  return (uint16_t)r.u32;
}

static void test_host_calls(void) {
  wb_error err;
  wb_wasi_config *c = wb_wasi_config_new();
  CHECK(wb_wasi_config_arg(c, "prog", &err) == WB_OK, "arg");
  CHECK(wb_wasi_config_stdio(c, 1, WB_WASI_STDIO_CAPTURE, -1, &err) == WB_OK, "capture");
  CHECK(wb_wasi_config_stdin_buffer(c, "typed\n", 6, &err) == WB_OK, "stdin buffer");
  CHECK(wb_wasi_config_stdio(c, 0, WB_WASI_STDIO_CAPTURE, -1, &err) != WB_OK, "stdin cannot be captured");
  wb_wasi_env *env = NULL;
  CHECK(wb_wasi_new(c, &env, &err) == WB_OK, "wb_wasi_new: %s", err.msg);
  wb_wasi_config_free(c);
  if (!env) return;
  wb_store *s = wb_store_new(NULL);
  wb_memtype mt = {{1, 1, true}};
  wb_memory *mem;
  CHECK(wb_store_memory(s, &mt, &mem, &err) == WB_OK, "memory");
  wb_wasi_bind_memory(env, mem);
  CHECK(wb_wasi_function_count() == 46, "46 functions, have %zu", wb_wasi_function_count());
  CHECK(!wb_wasi_func(env, s, "fd_nonsense", 11), "unknown name");

  /* fd_write(1, iovs=0, 1, nwritten=16) with "hello" at 100 */
  memcpy(mem->base + 100, "hello", 5);
  uint32_t iov[2] = {100, 5};
  memcpy(mem->base, iov, 8);
  wb_trap *trap;
  wb_value a[4] = {i32(1), i32(0), i32(1), i32(16)};
  CHECK(call(env, s, "fd_write", a, &trap) == WB_WASI_ESUCCESS && !trap, "fd_write");
  char out[16] = {0};
  CHECK(wb_wasi_captured_size(env, 1) == 5, "captured size");
  CHECK(wb_wasi_read_stdout(env, out, sizeof out) == 5 && memcmp(out, "hello", 5) == 0, "captured '%s'", out);
  CHECK(wb_wasi_read_stdout(env, out, sizeof out) == 0, "drained");

  /* fd_read(0, iovs=0 -> [200, 10], 1, nread=20) */
  iov[0] = 200;
  iov[1] = 10;
  memcpy(mem->base, iov, 8);
  wb_value r[4] = {i32(0), i32(0), i32(1), i32(20)};
  CHECK(call(env, s, "fd_read", r, &trap) == WB_WASI_ESUCCESS, "fd_read");
  uint32_t n;
  memcpy(&n, mem->base + 20, 4);
  CHECK(n == 6 && memcmp(mem->base + 200, "typed\n", 6) == 0, "read %u bytes", n);

  /* a buffer past the end of memory is a fault, not a crash */
  iov[0] = 65530;
  iov[1] = 100;
  memcpy(mem->base, iov, 8);
  CHECK(call(env, s, "fd_write", a, &trap) == WB_WASI_EFAULT, "fault");
  wb_value bad[2] = {i32(-8), i32(0)};
  CHECK(call(env, s, "args_sizes_get", bad, &trap) == WB_WASI_EFAULT, "args_sizes_get fault");
  wb_value sz[2] = {i32(0), i32(4)};
  CHECK(call(env, s, "args_sizes_get", sz, &trap) == WB_WASI_ESUCCESS, "args_sizes_get");
  memcpy(&n, mem->base, 4);
  CHECK(n == 1, "argc %u", n);
  wb_value close1 = i32(1);
  CHECK(call(env, s, "fd_close", &close1, &trap) == WB_WASI_ESUCCESS, "close stdout");
  CHECK(call(env, s, "fd_close", &close1, &trap) == WB_WASI_EBADF, "close twice");

  /* proc_exit ends the call with a trap carrying the code */
  CHECK(!wb_wasi_exited(env, NULL), "not exited yet");
  wb_value code = i32(42);
  call(env, s, "proc_exit", &code, &trap);
  CHECK(trap && trap->kind == WB_TRAP_EXIT && trap->exit_code == 42, "exit trap");
  if (trap) wb_trap_free(trap);
  int ec = 0;
  CHECK(wb_wasi_exited(env, &ec) && ec == 42, "exited with %d", ec);
  wb_store_free(s);
  wb_wasi_free(env);

  /* a missing preopen is reported when the environment is built */
  c = wb_wasi_config_new();
  wb_wasi_config_preopen(c, "/nonexistent/wasmbox", "x", false, &err);
  CHECK(wb_wasi_new(c, &env, &err) == WB_ERR_IO && strstr(err.msg, "/nonexistent/wasmbox"), "missing dir: %s", err.msg);
  wb_wasi_config_free(c);
}

int main(void) {
  snprintf(root, sizeof root, "/tmp/wb_test_wasi_%d", (int)getpid());
  sh("rm -rf %s && mkdir -p %s/box/sub/deep %s/outside", root);
  sh("cd %s && echo in > box/in.txt && touch box/sub/deep/f && echo secret > outside/secret", root);
  sh("cd %s/box && ln -s ../outside out_dir && ln -s ../outside/secret out_file && ln -s /etc/passwd abs_link", root);
  sh("cd %s/box && ln -s in.txt in_link && ln -s .. sub/up && ln -s loop2 loop1 && ln -s loop1 loop2", root);
  test_paths(true);
  test_paths(false);
  test_host_calls();
  sh("rm -rf %s", root);
  printf("%d passed, %d failed\n", npassed, nfailed);
  return nfailed ? 1 : 0;
}
