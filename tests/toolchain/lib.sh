# shellcheck shell=bash disable=SC2034
# tests/toolchain/lib.sh — the harness of the toolchain tests, sourced by each test_*.sh: run a
# command, check its status and output, end with `N passed, N failed`.
# Usage: bash test_NAME.sh PATH/TO/wasmbox WORK-DIR (from the repository root; WORK-DIR is emptied).

WASMBOX=${1:?usage: bash test_NAME.sh PATH/TO/wasmbox WORK-DIR}
W=${2:?usage: bash test_NAME.sh PATH/TO/wasmbox WORK-DIR}
REPO=$(pwd)
TOOLS=$REPO/tools
case $WASMBOX in /*) ;; *) WASMBOX=$REPO/$WASMBOX ;; esac
rm -rf "$W"
mkdir -p "$W"
W=$(cd "$W" && pwd)
OUT=$W/.out
ERR=$W/.err
tc_passed=0
tc_failed=0

# run CMD...: runs CMD with stdin closed; sets $status and keeps stdout/stderr for expect_*.
run() {
  last_cmd="$*"
  "$@" </dev/null >"$OUT" 2>"$ERR"
  status=$?
}
# run_input TEXT CMD...: as run, with TEXT on stdin.
run_input() {
  local input=$1
  shift
  last_cmd="$* <<< '$input'"
  printf '%s' "$input" | "$@" >"$OUT" 2>"$ERR"
  status=$?
}

tc_pass() { tc_passed=$((tc_passed + 1)); echo "ok: $1"; }
tc_fail() {
  tc_failed=$((tc_failed + 1))
  echo "FAIL: $1"
  echo "  command: $last_cmd"
  echo "  exit status: $status"
  echo "  stdout: $(head -c 3000 "$OUT")"
  echo "  stderr: $(head -c 3000 "$ERR")"
}

expect_status() {
  if [ "$status" -eq "$1" ]; then tc_pass "$last_cmd: exit $1"; else tc_fail "expected exit $1"; fi
}
# expect_out REGEX / expect_err REGEX: a line of stdout / stderr matches the extended regex.
expect_out() {
  if grep -Eq -- "$1" "$OUT"; then tc_pass "$last_cmd: stdout ~ /$1/"
  else tc_fail "expected stdout to match /$1/"; fi
}
expect_err() {
  if grep -Eiq -- "$1" "$ERR"; then tc_pass "$last_cmd: stderr ~ /$1/"
  else tc_fail "expected stderr to match /$1/ (case-insensitive)"; fi
}
# expect_stdout_is <<'EOF' ... EOF: stdout is exactly the text on stdin.
expect_stdout_is() {
  local want=$W/.want
  cat >"$want"
  if cmp -s "$want" "$OUT"; then tc_pass "$last_cmd: stdout as expected"
  else
    tc_fail "stdout differs from the expected text"
    diff -u "$want" "$OUT" | head -40 | sed 's/^/  /'
  fi
}
# expect_file PATH: the last command made PATH.
expect_file() {
  if [ -s "$1" ]; then tc_pass "$last_cmd: made ${1#"$W"/}"; else tc_fail "expected it to make $1"; fi
}

finish() {
  echo "$tc_passed passed, $tc_failed failed"
  [ "$tc_failed" -eq 0 ]
  exit
}
