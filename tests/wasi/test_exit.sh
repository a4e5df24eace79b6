#!/bin/bash
# tests/wasi/test_exit.sh — `wasmbox run`'s exit statuses (DESIGN.md's table) and its errors:
# the guest's proc_exit code (0-125, larger codes reported as 125 with a note), returning from
# main, a trap (134, with the message and a backtrace naming functions and offsets), files that
# cannot be run (126: missing, not Wasm, truncated, an import WASI does not have, a directory
# that cannot be opened) and wrong usage (2).
# shellcheck source=tests/wasi/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

for code in 0 1 7 125; do
  expect "proc_exit($code) exits $code" "$code" wb "$W/misc.wasm" exit "$code" <<OUT
exiting with $code
OUT
done
for code in 126 200 255; do
  expect "proc_exit($code) is reported as 125" 125 wb "$W/misc.wasm" exit "$code" <<OUT
exiting with $code
OUT
  err_has "proc_exit($code): a note says so" "$code.*125"
done
expect "main returning 5 exits 5 (libc calls proc_exit)" 5 wb "$W/misc.wasm" return 5 </dev/null
expect "main returning 0 exits 0" 0 wb "$W/misc.wasm" return 0 </dev/null

expect "a trap exits 134" 134 wb "$W/misc.wasm" trap 2 <<'OUT'
about to trap
OUT
err_has "the trap message is on stderr" 'unreachable'
err_has "the backtrace names the function from the name section" 'wt_crash_here'
err_has "the backtrace gives byte offsets" '0x[0-9a-f]+'
err_has "the backtrace reaches main" '(^|[^a-z_])main([^a-z_]|$)'

expect_status "a missing file: 126" 126 wb "$T/no-such-file.wasm"
err_has "a missing file: the message names it" 'no-such-file\.wasm'
printf 'hello\n' >"$T/text.wasm"
expect_status "not a Wasm file: 126" 126 wb "$T/text.wasm"
err_has "not a Wasm file: a message" 'magic|not a (wasm|webassembly)'
printf '\0asm\1\0\0\0\1\5' >"$T/truncated.wasm"
expect_status "a truncated module: 126" 126 wb "$T/truncated.wasm"
err_nonempty "a truncated module: a message"
expect_status "an import WASI does not have: 126" 126 wb "$W/badimport.wasm"
err_has "the message names the import's module and name" 'wasi_snapshot_preview1.*no_such_function'
err_has "the message gives the import's type" 'i32.*i64'

expect_status "--dir of a missing directory: 126" 126 wb --dir "$T/missing-dir" "$W/misc.wasm" yield
err_has "the message names the directory" 'missing-dir'
printf 'x\n' >"$T/plain"
expect_status "--dir of a file: 126" 126 wb --dir "$T/plain" "$W/misc.wasm" yield
err_has "the message names the file" 'plain'

expect_status "an unknown option: 2" 2 wb --no-such-option "$W/misc.wasm" yield
err_has "an unknown option: the message names it" 'no-such-option'
expect_status "--dir without a value: 2" 2 wb "$W/misc.wasm" --dir
expect_status "--env with an empty name: 2" 2 wb --env =x "$W/misc.wasm" yield
expect_status "no file: 2" 2 wb
finish
