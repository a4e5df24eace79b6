#!/bin/bash
# tests/toolchain/test_hello_cxx.sh — examples/hello-cxx (std::string, vector, map, iostreams)
# built with wasmbox-c++, run under wasmbox.
# shellcheck source=tests/toolchain/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

run "$TOOLS/wasmbox-c++" -O2 -std=c++17 -Wall -Wextra -Werror examples/hello-cxx/hello.cc -o "$W/hello.wasm"
expect_status 0
expect_file "$W/hello.wasm"

run "$WASMBOX" run "$W/hello.wasm" -- World again
expect_status 0
expect_stdout_is <<'TXT'
Hello, World! (C++, compiled by wasmbox-c++)
sum of the first 10 squares: 385
10 distinct words; most frequent: the=4 dog=2 fox=2
arguments: World, again
TXT

run "$WASMBOX" run "$W/hello.wasm"
expect_status 0
expect_out '^arguments: \(none\)$'

finish
