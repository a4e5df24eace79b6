#!/bin/bash
# bindings/python/run-tests.sh PYTHON — runs the binding's pytest suite (bindings/python/tests)
# with PYTHON and ends with the usual `N passed, N failed`. pytest's exit status 5 (no tests
# collected) is a failure, like any other non-zero status. The environment tells the tests where
# libwasmbox.so and the compiled modules are (WASMBOX_LIBRARY, WASMBOX_PY_CALC, WASMBOX_WASI_PROG).
set -u
python=$1
here=$(cd "$(dirname "$0")" && pwd)
export PYTHONDONTWRITEBYTECODE=1   # no __pycache__ in the source tree
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$python" -m pytest -p no:cacheprovider -q -rfE "$here/tests" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
summary=$(tail -n 1 "$log")
count() { grep -oE "[0-9]+ $1" <<<"$summary" | grep -oE '^[0-9]+' || echo 0; }
passed=$(count passed)
failed=$(($(count failed) + $(count error)))
if [ "$status" -eq 5 ]; then
  echo "FAIL: pytest collected no tests"
  failed=$((failed + 1))
elif [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "FAIL: pytest exited with status $status"
  failed=1
fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
