#!/bin/bash
# tests/e2e/test_cli_errors.sh — bad input gives a message and the documented status, never a
# crash: 126 when `run` cannot load the file, 1 when `validate` rejects it.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

run "$WASMBOX" run "$E2E_TMP/does-not-exist.wasm"
expect_status 126
expect_err_nonempty

echo 'this is not a WebAssembly module' >"$E2E_TMP/text.wasm"
run "$WASMBOX" validate "$E2E_TMP/text.wasm"
expect_status 1
expect_err_nonempty

run "$WASMBOX" run "$E2E_TMP/text.wasm"
expect_status 126
expect_err_nonempty

run "$WASMBOX" validate examples/fac.wasm
expect_status 0

finish
