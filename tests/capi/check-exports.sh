#!/bin/bash
# tests/capi/check-exports.sh LIB INCLUDE_DIR — the shared library exports exactly the public API:
# every dynamic symbol it defines is a wasm_/wasi_/wasmbox_ function declared in INCLUDE_DIR, and
# every function those headers declare (not the static inline helpers) is exported.
set -u
lib=$1
include=$2
passed=0
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

exported=$(nm -D --defined-only "$lib" | awk '{print $3}' | sed 's/@.*//' | sort -u)
# Declared: after the preprocessor (which expands the WASM_DECLARE_* macros), every name followed
# by '(' in a declaration, leaving out the static inline helpers defined in the headers.
pieces=$(for h in "$include"/*.h; do echo "#include \"$(basename "$h")\""; done |
  cc -E -P -I "$include" -x c - | tr '\n' ' ' | tr ';{}' '\n\n\n')
names() { grep -oE '\b(wasm|wasi|wasmbox)_[A-Za-z0-9_]+[[:space:]]*\(' | sed 's/[[:space:](]//g' | sort -u; }
inline=$(grep 'static inline' <<<"$pieces" | names)
declared=$(grep -v 'static inline' <<<"$pieces" | names | comm -23 - <(echo "$inline"))
if [ -z "$exported" ] || [ -z "$declared" ]; then
  fail "nothing exported by $lib or declared in $include"
  echo "$passed passed, $failed failed"
  exit 1
fi

while read -r sym; do
  [ -z "$sym" ] && continue
  case $sym in
    wasm_* | wasi_* | wasmbox_*) fail "$sym is exported but not declared in $include" ;;
    *) fail "internal symbol exported: $sym" ;;
  esac
done < <(comm -23 <(echo "$exported") <(echo "$declared"))
while read -r name; do
  [ -n "$name" ] && fail "$name is declared but not exported"
done < <(comm -13 <(echo "$exported") <(echo "$declared"))
passed=$(comm -12 <(echo "$exported") <(echo "$declared") | grep -c .)

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
