# shellcheck shell=bash disable=SC2034
# tests/e2e/lib.sh — a small harness for CLI scenarios, sourced by each test_*.sh: run a command,
# check its exit status and output, and end with the project's `N passed, N failed` line.
# Usage from a script: `source lib.sh "$@"`, then run/expect_* calls, then finish.

WASMBOX=${1:?usage: bash test_NAME.sh PATH/TO/wasmbox (run from the repository root)}
E2E_TMP=$(mktemp -d)
trap 'rm -rf "$E2E_TMP"' EXIT
e2e_passed=0
e2e_failed=0

# run CMD...: runs CMD with stdin closed; sets $status, keeps stdout and stderr for expect_*.
run() {
  last_cmd="$*"
  "$@" </dev/null >"$E2E_TMP/out" 2>"$E2E_TMP/err"
  status=$?
}

# run_stdin FILE CMD...: like run, with stdin read from FILE.
run_stdin() {
  local input=$1
  shift
  last_cmd="$* <$input"
  "$@" <"$input" >"$E2E_TMP/out" 2>"$E2E_TMP/err"
  status=$?
}

# fixture FILE [VAR]: prints the absolute path of the shared fixture FILE
# (../shared/fixtures/FILE beside the repository), or $VAR's value when VAR is given and set.
# Returns 1, with a message on stderr, when that file does not exist.
fixture() {
  local path
  if [ -n "${2:-}" ] && [ -n "${!2:-}" ]; then
    path=${!2}
  else
    path=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/shared/fixtures/$1
  fi
  if [ ! -f "$path" ]; then
    echo "fixture $1 not found at $path${2:+ (set $2 to its path)}" >&2
    return 1
  fi
  (cd "$(dirname "$path")" && echo "$(pwd)/$(basename "$path")")
}

# check NAME CMD...: a condition outside the last command's output (CMD exits 0).
check() {
  local name=$1
  shift
  if "$@"; then e2e_pass "$name"; else e2e_fail "$name (failed: $*)"; fi
}

e2e_pass() { e2e_passed=$((e2e_passed + 1)); echo "ok: $1"; }
e2e_fail() {
  e2e_failed=$((e2e_failed + 1))
  echo "FAIL: $1"
  echo "  command: $last_cmd"
  echo "  exit status: $status"
  echo "  stdout: $(head -c 2000 "$E2E_TMP/out")"
  echo "  stderr: $(head -c 2000 "$E2E_TMP/err")"
}

# expect_status N: the last command exited with status N.
expect_status() {
  if [ "$status" -eq "$1" ]; then e2e_pass "$last_cmd: exit $1"; else e2e_fail "expected exit $1"; fi
}
# expect_out REGEX / expect_err REGEX: stdout / stderr has a line matching the extended regex.
expect_out() {
  if grep -Eq -- "$1" "$E2E_TMP/out"; then e2e_pass "$last_cmd: stdout ~ /$1/"
  else e2e_fail "expected stdout to match /$1/"; fi
}
expect_err() {
  if grep -Eiq -- "$1" "$E2E_TMP/err"; then e2e_pass "$last_cmd: stderr ~ /$1/"
  else e2e_fail "expected stderr to match /$1/ (case-insensitive)"; fi
}
# expect_err_nonempty: the command said something on stderr (an error must not be silent).
expect_err_nonempty() {
  if [ -s "$E2E_TMP/err" ]; then e2e_pass "$last_cmd: message on stderr"
  else e2e_fail "expected a message on stderr"; fi
}

finish() {
  echo "$e2e_passed passed, $e2e_failed failed"
  [ "$e2e_failed" -eq 0 ]
  exit
}
