#!/bin/bash
# tests/e2e/test_cli_run.sh — `run --invoke` on the example modules: results on stdout, and a
# trap exits 134 with the trap message on stderr.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

run "$WASMBOX" run examples/fac.wasm --invoke fac 10
expect_status 0
expect_out '(^|[^0-9])3628800([^0-9]|$)'

run "$WASMBOX" run examples/fib.wasm --invoke fib 20
expect_status 0
expect_out '(^|[^0-9])6765([^0-9]|$)'

run "$WASMBOX" run examples/trap.wasm --invoke main
expect_status 134
expect_err 'integer divide by zero'

finish
