#!/bin/bash
# tests/toolchain/test_cmake.sh — wasmbox-cmake: examples/hello-cxx's CMakeLists.txt configured
# with the WASI toolchain file, built by cmake, the NAME.wasm executable run under wasmbox.
# shellcheck source=tests/toolchain/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

run "$TOOLS/wasmbox-cmake" -S examples/hello-cxx -B "$W/build" -DCMAKE_BUILD_TYPE=Release
expect_status 0
expect_out 'Check for working CXX compiler: .*wasmbox-c\+\+ - skipped|Build files have been written'

run cmake --build "$W/build"
expect_status 0
expect_file "$W/build/hello.wasm"

run "$WASMBOX" run "$W/build/hello.wasm" -- CMake
expect_status 0
expect_out '^Hello, CMake! \(C\+\+, compiled by wasmbox-c\+\+\)$'
expect_out '^sum of the first 10 squares: 385$'

# `wasmbox-cmake --build` passes straight through to cmake.
run "$TOOLS/wasmbox-cmake" --build "$W/build"
expect_status 0

finish
