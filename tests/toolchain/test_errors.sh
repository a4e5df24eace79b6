#!/bin/bash
# tests/toolchain/test_errors.sh — what wasmbox-cc refuses with a reason (-pthread, -shared,
# -fexceptions, other targets), and the wasi-libc emulations offered by --wasi-emulate.
# shellcheck source=tests/toolchain/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

printf 'int main(void) { return 0; }\n' >"$W/empty.c"
run "$TOOLS/wasmbox-cc" -pthread "$W/empty.c" -o "$W/x.wasm"
expect_status 1
expect_err '^wasmbox-cc: error: -pthread: .*no threads'
run "$TOOLS/wasmbox-cc" -shared "$W/empty.c" -o "$W/x.wasm"
expect_status 1
expect_err '^wasmbox-cc: error: -shared: shared libraries are not supported'
run "$TOOLS/wasmbox-c++" -fexceptions -x c++ "$W/empty.c" -o "$W/x.wasm"
expect_status 1
expect_err '^wasmbox-c\+\+: error: -fexceptions: C\+\+ exceptions are not supported'
run "$TOOLS/wasmbox-cc" --target=x86_64-linux-gnu "$W/empty.c" -o "$W/x.wasm"
expect_status 1
expect_err 'only targets wasm32-wasi'
run "$TOOLS/wasmbox-cc" --wasi-emulate=threads "$W/empty.c" -o "$W/x.wasm"
expect_status 1
expect_err "unknown emulation 'threads'"

# C++ is compiled without exceptions: a throw is a compile error, the standard library works.
printf 'int main() { throw 1; }\n' >"$W/throw.cc"
run "$TOOLS/wasmbox-c++" -c "$W/throw.cc" -o "$W/throw.o"
expect_status 1
expect_err 'exceptions'

# ELF-only options that build systems add by habit are dropped, not fatal.
run "$TOOLS/wasmbox-cc" "$W/empty.c" -o "$W/x.wasm" -rdynamic -Wl,-z,relro -Wl,--as-needed,-O1 -lm -lpthread -ldl
expect_status 0

# The emulations: without them wasi-libc's headers refuse signal() and mmap(); --wasi-emulate (or
# WASMBOX_WASI_EMULATE, or the -D define alone) adds the define and the library.
cat >"$W/emul.c" <<'C'
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static volatile int got;
static void on_signal(int sig) { got = sig; }

int main(void)
{
  signal(SIGUSR1, on_signal);
  raise(SIGUSR1);
  char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    return 1;
  strcpy(p, "mapped");
  printf("signal %s, %s, pid %s\n", got == SIGUSR1 ? "caught" : "missed", p,
         getpid() > 0 ? "positive" : "not positive");
  munmap(p, 8192);
  return 0;
}
C
run "$TOOLS/wasmbox-cc" -c "$W/emul.c" -o "$W/emul.o"
expect_status 1
expect_err '_WASI_EMULATED_(SIGNAL|MMAN)'
run "$TOOLS/wasmbox-cc" --wasi-emulate=signal,mman,getpid "$W/emul.c" -o "$W/emul.wasm"
expect_status 0
run "$WASMBOX" run "$W/emul.wasm"
expect_status 0
expect_stdout_is <<'TXT'
signal caught, mapped, pid positive
TXT
run env WASMBOX_WASI_EMULATE=all "$TOOLS/wasmbox-cc" "$W/emul.c" -o "$W/emul2.wasm"
expect_status 0
run "$TOOLS/wasmbox-cc" -wasi-emulate-all "$W/emul.c" -o "$W/emul5.wasm"
expect_status 0
run "$TOOLS/wasmbox-cc" -D_WASI_EMULATED_SIGNAL -D_WASI_EMULATED_MMAN -D_WASI_EMULATED_GETPID "$W/emul.c" -o "$W/emul3.wasm"
expect_status 0
# Separate compile and link: the link step gets the libraries from --wasi-emulate alone.
run "$TOOLS/wasmbox-cc" --wasi-emulate=all -c "$W/emul.c" -o "$W/emul.o"
expect_status 0
run "$TOOLS/wasmbox-cc" --wasi-emulate=all "$W/emul.o" -o "$W/emul4.wasm"
expect_status 0
run "$WASMBOX" run "$W/emul4.wasm"
expect_status 0
expect_out '^signal caught, mapped, pid positive$'

finish
