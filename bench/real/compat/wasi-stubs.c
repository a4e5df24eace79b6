/* bench/real/compat/wasi-stubs.c — the two C library functions Lua references that wasi-libc
 * lacks, failing as a libc without them would (Wasm build only). */
#include <errno.h>
#include <stdio.h>

FILE *tmpfile(void) {
  errno = ENOTSUP;
  return NULL;
}

int system(const char *cmd) {
  return cmd ? -1 : 0;  /* no command processor */
}
