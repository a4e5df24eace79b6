#!/bin/bash
# tests/e2e/test_limits.sh — resource limits of `wasmbox run`: --fuel, --timeout, --max-stack and
# --max-memory stop a module with a clear message and exit 134 (or make memory.grow fail),
# and bad values are usage errors.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

cat >"$E2E_TMP/limits.wat" <<'WAT'
(module
  (memory 1)
  (func (export "spin") (loop (br 0)))
  (func $rec (export "rec") (call $rec))
  (func (export "count") (param $n i32) (result i32) (local $i i32)
    (block (loop (br_if 1 (i32.ge_u (local.get $i) (local.get $n)))
                 (local.set $i (i32.add (local.get $i) (i32.const 1))) (br 0)))
    (local.get $i))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
WAT
wat2wasm "$E2E_TMP/limits.wat" -o "$E2E_TMP/limits.wasm"
M=$E2E_TMP/limits.wasm

run "$WASMBOX" run --fuel 100000 "$M" --invoke spin
expect_status 134
expect_err 'all fuel consumed'

run "$WASMBOX" run --fuel 100000 "$M" --invoke count 100
expect_status 0
expect_out '^100$'

run "$WASMBOX" run --timeout 0.2 "$M" --invoke spin
expect_status 134
expect_err 'interrupted'

run "$WASMBOX" run --timeout 30 "$M" --invoke count 5
expect_status 0
expect_out '^5$'

run "$WASMBOX" run --max-stack 64K "$M" --invoke rec
expect_status 134
expect_err 'call stack exhausted'

run "$WASMBOX" run --max-memory 4M "$M" --invoke grow 63
expect_status 0
expect_out '^1$'

run "$WASMBOX" run --max-memory 4M "$M" --invoke grow 64
expect_status 0
expect_out '^-1$'

run "$WASMBOX" run --fuel lots "$M" --invoke spin
expect_status 2
expect_err 'fuel'

run "$WASMBOX" run --timeout -1 "$M" --invoke spin
expect_status 2

run "$WASMBOX" run --max-memory 4X "$M" --invoke grow 1
expect_status 2

finish
