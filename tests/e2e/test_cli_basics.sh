#!/bin/bash
# tests/e2e/test_cli_basics.sh — the CLI's own surface: --version, --help, and exit status 2
# for wrong usage (design: one exit-status table for every command).
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

run "$WASMBOX" --version
expect_status 0
expect_out 'wasmbox'

run "$WASMBOX" --help
expect_status 0
expect_out 'run'
expect_out 'validate'

run "$WASMBOX" no-such-command
expect_status 2
expect_err_nonempty

run "$WASMBOX" --no-such-option
expect_status 2
expect_err_nonempty

run "$WASMBOX" run
expect_status 2
expect_err_nonempty

finish
