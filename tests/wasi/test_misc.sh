#!/bin/bash
# tests/wasi/test_misc.sh — the calls that touch no file (misc.c): clock_res_get and
# clock_time_get for realtime, monotonic, process and thread CPU time (and an unknown clock),
# random_get (two draws differ, large and empty buffers), sched_yield, proc_raise (unsupported:
# `nosys`).
# shellcheck source=tests/wasi/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

expect "clocks" 0 wb "$W/misc.wasm" clocks <<'OUT'
clock_res_get(realtime): success
clock_time_get(realtime): success
clock_res_get(monotonic): success
clock_time_get(monotonic): success
clock_res_get(process_cputime): success
clock_time_get(process_cputime): success
clock_res_get(thread_cputime): success
clock_time_get(thread_cputime): success
clock_res_get(99): inval
clock_time_get(99): inval
done, 0 check(s) failed
OUT
expect "random_get" 0 wb "$W/misc.wasm" random <<'OUT'
random_get(64): success
random_get(64) again: success
random_get(0): success
two draws differ: yes
random_get(100000): success
done, 0 check(s) failed
OUT
expect "sched_yield" 0 wb "$W/misc.wasm" yield <<'OUT'
sched_yield: success
done, 0 check(s) failed
OUT
expect "proc_raise answers nosys" 0 wb "$W/misc.wasm" raise <<'OUT'
proc_raise(SIGTERM): nosys
done, 0 check(s) failed
OUT
finish
