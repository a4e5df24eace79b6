#!/bin/bash
# tests/wasi/test_args_env.sh — what `wasmbox run` passes to the program (args.c prints what
# args_get and environ_get return): options before or after the file, arguments from `--` or the
# first non-option on, verbatim; --env NAME=VALUE and --env NAME (copied from the host), in both
# `--opt value` and `--opt=value` forms; and no host environment unless asked.
# shellcheck source=tests/wasi/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

# Host variables that must not reach the program unless named with --env.
export WASI_TEST_HOST='from the host' WASI_TEST_OTHER=no

expect "no arguments, no host environment" 0 wb "$W/args.wasm" <<'OUT'
argc=1
envc=0
done, 0 check(s) failed
OUT

expect "arguments after the file, verbatim (spaces, empty, UTF-8)" 0 \
  wb "$W/args.wasm" 'a b' '' 'é€' '*' <<'OUT'
argc=5
argv[1]=[a b]
argv[2]=[]
argv[3]=[é€]
argv[4]=[*]
envc=0
done, 0 check(s) failed
OUT

expect "--env NAME=VALUE and --env=NAME=VALUE before the file" 0 \
  wb --env A=1 --env=B=two --env 'C=x=y' --env D= "$W/args.wasm" <<'OUT'
argc=1
envc=4
env[0]=[A=1]
env[1]=[B=two]
env[2]=[C=x=y]
env[3]=[D=]
done, 0 check(s) failed
OUT

expect "options after the file, arguments after --" 0 \
  wb "$W/args.wasm" --env A=1 -- x --env B=2 <<'OUT'
argc=4
argv[1]=[x]
argv[2]=[--env]
argv[3]=[B=2]
envc=1
env[0]=[A=1]
done, 0 check(s) failed
OUT

expect "arguments begin at the first non-option after the file" 0 \
  wb "$W/args.wasm" --env=A=1 first --env B=2 -- --dir / <<'OUT'
argc=7
argv[1]=[first]
argv[2]=[--env]
argv[3]=[B=2]
argv[4]=[--]
argv[5]=[--dir]
argv[6]=[/]
envc=1
env[0]=[A=1]
done, 0 check(s) failed
OUT

expect "everything after -- goes to the program" 0 \
  wb "$W/args.wasm" -- --env A=1 --help -- <<'OUT'
argc=5
argv[1]=[--env]
argv[2]=[A=1]
argv[3]=[--help]
argv[4]=[--]
envc=0
done, 0 check(s) failed
OUT

expect "--env NAME copies the host's value; other host variables stay out" 0 \
  wb --env WASI_TEST_HOST "$W/args.wasm" <<'OUT'
argc=1
envc=1
env[0]=[WASI_TEST_HOST=from the host]
done, 0 check(s) failed
OUT

expect "--env=NAME after the file" 0 \
  wb "$W/args.wasm" --env=WASI_TEST_HOST -- arg <<'OUT'
argc=2
argv[1]=[arg]
envc=1
env[0]=[WASI_TEST_HOST=from the host]
done, 0 check(s) failed
OUT

expect "a repeated --env adds another entry (as Wasmtime)" 0 \
  wb --env A=1 "$W/args.wasm" --env A=2 <<'OUT'
argc=1
envc=2
env[0]=[A=1]
env[1]=[A=2]
done, 0 check(s) failed
OUT

finish
