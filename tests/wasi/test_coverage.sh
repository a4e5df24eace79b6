#!/bin/bash
# tests/wasi/test_coverage.sh — the mechanical coverage check: reruns every other WASI scenario
# with --wasi-trace into one file, takes the first word of each trace line (the function's
# name), and compares that set with the 46 functions of wasi_snapshot_preview1 parsed from the
# witx file. Fails, naming them, if any function was never reached, and if any scenario fails
# while traced. WASI_WITX overrides the witx file's path (default:
# ../shared/wasi-preview1/wasi_snapshot_preview1.witx beside the repository).
# shellcheck source=tests/wasi/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

here=$(cd "$(dirname "$0")" && pwd)
witx=${WASI_WITX:-$here/../../../shared/wasi-preview1/wasi_snapshot_preview1.witx}
if [ ! -f "$witx" ]; then
  fail "the witx file $witx is missing (set WASI_WITX to its path)"
  finish
fi
grep -o '(@interface func (export "[a-z_0-9]*")' "$witx" | sed 's/.*"\(.*\)")/\1/' |
  LC_ALL=C sort -u >"$T/witx.names"
check "the witx file names 46 functions" test "$(wc -l <"$T/witx.names")" = 46

export WASI_TRACE=$T/suite.trace
: >"$WASI_TRACE"
for script in "$here"/test_*.sh; do
  name=$(basename "$script" .sh)
  [ "$name" = test_coverage ] && continue
  if bash "$script" "$WASMBOX" "$W" >"$T/$name.log" 2>&1; then
    pass "$name passes with --wasi-trace"
  else
    fail "$name fails with --wasi-trace; its report:"
    grep -A12 '^FAIL' "$T/$name.log" | head -60 | sed 's/^/    /'
  fi
done

sed -n 's/^\([a-z_0-9]*\)(.*/\1/p' "$WASI_TRACE" | LC_ALL=C sort -u >"$T/traced.names"
echo "traced $(wc -l <"$WASI_TRACE") calls of $(wc -l <"$T/traced.names") distinct functions"
missing=$(LC_ALL=C comm -23 "$T/witx.names" "$T/traced.names" | tr '\n' ' ')
unknown=$(LC_ALL=C comm -13 "$T/witx.names" "$T/traced.names" | tr '\n' ' ')
if [ -z "$missing" ]; then pass "all 46 WASI functions were reached"; else
  fail "WASI functions never reached by the suite: $missing"
fi
if [ -z "$unknown" ]; then pass "every traced name is a witx function"; else
  fail "trace lines name functions the witx file does not have: $unknown"
fi
finish
