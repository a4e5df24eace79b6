/* tests/wasi/badimport.c — imports a WASI function that does not exist, so `wasmbox run` must
 * refuse to link it (exit 126) and name the import with its module and type. */
#include <stdint.h>

__attribute__((import_module("wasi_snapshot_preview1"), import_name("no_such_function")))
int32_t wt_no_such_function(int32_t fd, int64_t offset);

int main(void) { return wt_no_such_function(1, 2); }
