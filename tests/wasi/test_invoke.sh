#!/bin/bash
# tests/wasi/test_invoke.sh — reactors and --invoke (reactor.c, built with -mexec-model=reactor):
# _initialize runs (once) before the invoked export, results are printed, arguments are parsed by
# the export's parameter types, proc_exit from an export sets the exit status, and the errors.
# shellcheck source=tests/wasi/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

expect "--invoke NAME after the file: _initialize ran once first" 0 \
  wb "$W/reactor.wasm" --invoke greet <<'OUT'
hello from greet, initialized 1 time(s)
OUT
expect "--invoke before the file, with arguments and a result" 0 \
  wb --invoke add "$W/reactor.wasm" 2 40 <<'OUT'
42
OUT
expect "--invoke=NAME, negative arguments after --" 0 wb "$W/reactor.wasm" --invoke=add -- -5 3 <<'OUT'
-2
OUT
expect "proc_exit inside an invoked export sets the exit status" 9 \
  wb "$W/reactor.wasm" --invoke leave <<'OUT'
leaving with 9
OUT
expect "a reactor without --invoke only initializes" 0 wb "$W/reactor.wasm" </dev/null
expect_status "--invoke of a missing export: 126" 126 wb "$W/reactor.wasm" --invoke nosuch
err_has "the message names the export" 'nosuch'
expect_status "too few arguments: 2" 2 wb "$W/reactor.wasm" --invoke add 1
err_has "the message gives the function's type" 'i32'
expect_status "an argument that is not a number: 2" 2 wb "$W/reactor.wasm" --invoke add 1 x
expect "a command's _start through --invoke" 0 wb "$W/args.wasm" --invoke _start <<'OUT'
argc=1
envc=0
done, 0 check(s) failed
OUT
finish
