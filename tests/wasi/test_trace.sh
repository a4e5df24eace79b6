#!/bin/bash
# tests/wasi/test_trace.sh — --wasi-trace FILE: one line per WASI call, appended, the function's
# name first, then its arguments and the errno it returned (`fd_write(1, ...) = success`); the
# program's own output is unchanged by tracing.
# shellcheck source=tests/wasi/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

TR=$T/calls.trace
expect "a traced run prints as an untraced one" 0 \
  "$WASMBOX" run --wasi-trace "$TR" "$W/misc.wasm" yield <<'OUT'
sched_yield: success
done, 0 check(s) failed
OUT
check "the trace file was written" test -s "$TR"
check "every line is NAME(ARGS) = RESULT" \
  test "$(grep -Evc '^[a-z_]+\([^()]*\) = [a-z0-9_]+$' "$TR")" = 0
check "sched_yield() = success is traced" grep -qx 'sched_yield() = success' "$TR"
check "fd_write on fd 1 is traced with its result" grep -Eq '^fd_write\(1, .*\) = success$' "$TR"
check "the program's arguments were read first" test "$(head -c 14 "$TR")" = args_sizes_get
lines=$(wc -l <"$TR")

# --wasi-trace=FILE after the file appends; proc_exit is traced too.
expect "--wasi-trace=FILE after the file" 3 "$WASMBOX" run "$W/misc.wasm" "--wasi-trace=$TR" exit 3 <<'OUT'
exiting with 3
OUT
check "the second run appended to the file" test "$(wc -l <"$TR")" -gt "$lines"
check "the first run's lines are still there" grep -qx 'sched_yield() = success' "$TR"
check "proc_exit(3) is traced" grep -Eq '^proc_exit\(3\)' "$TR"

# Errors are traced by their errno name.
"$WASMBOX" run --wasi-trace "$T/err.trace" "$W/misc.wasm" clocks >/dev/null 2>&1
check "a failing call is traced with its errno" grep -Eq '^clock_res_get\(99, .*\) = inval$' "$T/err.trace"
# An unwritable trace file is an error before the program runs, not a silent loss.
expect_status "a trace file that cannot be opened: 126" 126 \
  "$WASMBOX" run --wasi-trace "$T/no/such/dir/x.trace" "$W/misc.wasm" yield
err_nonempty "it says why"
finish
