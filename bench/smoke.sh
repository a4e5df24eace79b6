#!/bin/bash
# bench/smoke.sh — the benchmark suite's one ctest (label bench-smoke): two kernels, built natively
# and to Wasm exactly as `make bench` builds them, must print the same checksum under wasmbox as
# natively. It checks correctness only; nothing here is timed.
# Usage: bench/smoke.sh WASMBOX WORKDIR
set -uo pipefail

wasmbox=${1:?usage: smoke.sh WASMBOX WORKDIR}
work=${2:?usage: smoke.sh WASMBOX WORKDIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$work"

if [ -x "$here/../tools/wasmbox-cc" ]; then
  wasm_cc=("$here/../tools/wasmbox-cc")
else
  wasm_cc=(clang-19 --target=wasm32-wasi --sysroot=/usr)
fi

passed=0
failed=0
for k in fib crc32; do
  src=$here/kernels/$k.c
  if ! clang-19 -O2 -I"$here/kernels" "$src" -o "$work/$k" -lm 2>"$work/$k.log" ||
     ! "${wasm_cc[@]}" -O2 -I"$here/kernels" "$src" -o "$work/$k.wasm" -lm 2>>"$work/$k.log"; then
    echo "FAIL $k: build failed: $(tail -n 1 "$work/$k.log")"
    failed=$((failed + 1))
    continue
  fi
  # 2% of the benchmark's workload: a fraction of a second even in the ASan build.
  want=$("$work/$k" 2)
  got=$("$wasmbox" run "$work/$k.wasm" -- 2 2>"$work/$k.err")
  status=$?
  if [ $status -ne 0 ]; then
    echo "FAIL $k: wasmbox exited $status: $(head -n 1 "$work/$k.err")"
    failed=$((failed + 1))
  elif [ "$got" != "$want" ]; then
    echo "FAIL $k: wasmbox printed '$got', native '$want'"
    failed=$((failed + 1))
  else
    passed=$((passed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
