/* tests/wasi/reactor.c — a WASI reactor (built with -mexec-model=reactor): no _start, an
 * _initialize that runs the constructors, and exports to call with `wasmbox run --invoke`. */
#include "wasitest.h"

static int initialized;

__attribute__((constructor)) static void init(void) { initialized++; }

__attribute__((export_name("greet"))) void greet(void) {
  printf("hello from greet, initialized %d time(s)\n", initialized);
  fflush(stdout);
}

__attribute__((export_name("add"))) int add(int a, int b) { return a + b; }

/* Exits through proc_exit from inside an invoked export. */
__attribute__((export_name("leave"))) void leave(void) {
  printf("leaving with 9\n");
  fflush(stdout);
  __wasi_proc_exit(9);
}
