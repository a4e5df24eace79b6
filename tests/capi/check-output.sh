#!/bin/bash
# tests/capi/check-output.sh EXPECTED CMD [ARGS...] — runs CMD, compares its stdout with the file
# EXPECTED and its exit status with 0; prints the difference on failure and ends with the usual
# `N passed, N failed` line.
set -u
expected=$1
shift
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
"$@" >"$actual"
status=$?
failed=0
if [ "$status" -ne 0 ]; then
  echo "FAIL: $(basename "$1") exited with status $status"
  failed=1
fi
if ! diff -u "$expected" "$actual"; then
  echo "FAIL: $(basename "$1"): stdout differs from $(basename "$expected") (diff above: - expected, + actual)"
  failed=1
fi
echo "$((1 - failed)) passed, $failed failed"
exit "$failed"
