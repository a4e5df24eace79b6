#!/bin/bash
# tests/toolchain/test_hello_c.sh — examples/hello-c built with wasmbox-cc (directly, and through
# wasmbox-make with the example's own Makefile), run under wasmbox: output and exit status.
# shellcheck source=tests/toolchain/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

run "$TOOLS/wasmbox-cc" -O2 -Wall -Wextra -Werror examples/hello-c/hello.c -o "$W/hello.wasm" -lm
expect_status 0
expect_file "$W/hello.wasm"

run "$WASMBOX" run "$W/hello.wasm" -- World 'two words' 3
expect_status 0
expect_stdout_is <<'TXT'
Hello, World! (C, compiled by wasmbox-cc)
3 argument(s): [World] [two words] [3]
primes up to 10000: 1229, their sum 5736396
sorted: -21 -7 0 3 19 42 88
sqrt(2) = 1.414214, exp(1) = 2.718282
TXT

run "$WASMBOX" run "$W/hello.wasm"
expect_status 0
expect_out '^Hello, WASI! \(C, compiled by wasmbox-cc\)$'
expect_out '^0 argument\(s\):$'

# main's return value is the exit status.
run "$WASMBOX" run "$W/hello.wasm" -- fail
expect_status 3

# The example's Makefile as it is (CC comes from wasmbox-make), built outside the source tree.
mkdir -p "$W/make"
run "$TOOLS/wasmbox-make" -C "$W/make" -f "$REPO/examples/hello-c/Makefile" SRCDIR="$REPO/examples/hello-c"
expect_status 0
expect_out 'wasmbox-cc .*/examples/hello-c/hello\.c -o hello\.wasm'
expect_file "$W/make/hello.wasm"
run "$WASMBOX" run "$W/make/hello.wasm" -- make
expect_status 0
expect_out '^Hello, make! '

finish
