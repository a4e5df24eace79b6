# shellcheck shell=bash disable=SC2034
# tests/wasi/lib.sh — the runner shared by the WASI scenarios (test_*.sh): run a compiled test
# program under `wasmbox run` with given options, arguments and stdin, compare its stdout with
# the expected text and its exit status, and end with `N passed, N failed`.
# Usage from a script: `source "$(dirname "$0")/lib.sh" "$@"`, then expect/check calls, then
# finish. Arguments: PATH/TO/wasmbox FOLDER-OF-THE-.wasm-PROGRAMS.
# Environment: WASI_TRACE=FILE adds `--wasi-trace FILE` to every run (test_coverage.sh uses it);
# WASI_TIMEOUT (default 120) bounds each run in seconds.

WASMBOX=${1:?usage: bash test_NAME.sh PATH/TO/wasmbox FOLDER-OF-WASM-PROGRAMS}
W=${2:?usage: bash test_NAME.sh PATH/TO/wasmbox FOLDER-OF-WASM-PROGRAMS}
WASMBOX=$(cd "$(dirname "$WASMBOX")" && pwd)/$(basename "$WASMBOX")
W=$(cd "$W" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/wasmbox-wasi.XXXXXX")
T=$(cd "$T" && pwd -P)            # symlink-free, so host paths in expectations are exact
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
wasi_passed=0
wasi_failed=0
STDIN=/dev/null                   # what the next run reads on its stdin
OUT=$T/.out
ERR=$T/.err

# wb ARGS...: `wasmbox run ARGS...`, with tracing when WASI_TRACE is set, bounded in time.
wb() {
  if [ -n "${WASI_TRACE:-}" ]; then
    timeout "${WASI_TIMEOUT:-120}" "$WASMBOX" run --wasi-trace "$WASI_TRACE" "$@"
  else
    timeout "${WASI_TIMEOUT:-120}" "$WASMBOX" run "$@"
  fi
}

# stdin_text TEXT: the next runs read TEXT (printf %b: \n and friends are expanded) on stdin.
stdin_text() {
  printf '%b' "$1" >"$T/.stdin"
  STDIN=$T/.stdin
}

pass() {
  wasi_passed=$((wasi_passed + 1))
  echo "ok: $1"
}
fail() {
  wasi_failed=$((wasi_failed + 1))
  echo "FAIL: $1"
  shift
  local line
  for line in "$@"; do echo "  $line"; done
}

# show_run: the last run's command, status, stdout and stderr, for a failure report.
show_run() {
  echo "  command: $last_cmd"
  echo "  exit status: $status"
  echo "  stdout (first 3000 bytes):"
  head -c 3000 "$OUT" | sed 's/^/    | /'
  echo "  stderr (first 2000 bytes):"
  head -c 2000 "$ERR" | sed 's/^/    | /'
}

# run CMD...: runs CMD with stdin from $STDIN; sets $status and keeps stdout/stderr in $OUT/$ERR.
run() {
  last_cmd="$*"
  "$@" <"$STDIN" >"$OUT" 2>"$ERR"
  status=$?
}

# expect NAME STATUS CMD... <<'EOF': runs CMD (see run) and checks that it exits with STATUS and
# that its stdout equals the text expect reads on its own stdin (a here-document; </dev/null for
# no output at all).
expect() {
  local name=$1 want=$2
  shift 2
  cat >"$T/.expected"
  run "$@"
  if [ "$status" != "$want" ]; then
    fail "$name: exit status $status, expected $want"
    show_run
    diff -u "$T/.expected" "$OUT" | head -60 | sed 's/^/  diff: /'
    return 1
  fi
  if ! cmp -s "$T/.expected" "$OUT"; then
    fail "$name: stdout differs from the expected text (- expected, + got)"
    diff -u "$T/.expected" "$OUT" | head -80 | sed 's/^/  /'
    echo "  stderr (first 1000 bytes):"
    head -c 1000 "$ERR" | sed 's/^/    | /'
    return 1
  fi
  pass "$name"
}

# expect_status NAME STATUS CMD...: like expect without looking at stdout.
expect_status() {
  local name=$1 want=$2
  shift 2
  run "$@"
  if [ "$status" != "$want" ]; then
    fail "$name: exit status $status, expected $want"
    show_run
    return 1
  fi
  pass "$name"
}

# err_has NAME REGEX / out_has NAME REGEX: the last run's stderr / stdout has a line matching the
# extended regular expression (case-insensitive for stderr, which is for people).
err_has() {
  if grep -Eiq -- "$2" "$ERR"; then pass "$1"; else
    fail "$1: stderr does not match /$2/"
    show_run
  fi
}
out_has() {
  if grep -Eq -- "$2" "$OUT"; then pass "$1"; else
    fail "$1: stdout does not match /$2/"
    show_run
  fi
}

# err_nonempty NAME: the last run said something on stderr (an error must not be silent).
err_nonempty() {
  if [ -s "$ERR" ]; then pass "$1"; else
    fail "$1: stderr is empty"
    show_run
  fi
}

# check NAME CMD...: a host-side condition (CMD exits 0).
check() {
  local name=$1
  shift
  if "$@"; then pass "$name"; else fail "$name: host-side check failed: $*"; fi
}

# same_text NAME FILE TEXT: FILE holds exactly TEXT (printf %b: \n, \0 and friends expanded).
same_text() {
  printf '%b' "$3" >"$T/.want"
  if [ -f "$2" ] && cmp -s "$T/.want" "$2"; then
    pass "$1"
  else
    fail "$1: $2 does not hold the expected text" "expected: $(od -c "$T/.want" | head -5)" \
      "got: $([ -f "$2" ] && od -c "$2" | head -5 || echo '(no such file)')"
  fi
}

# same_tree NAME DIR <<'EOF': DIR holds exactly the entries listed on stdin, one per line as
# `PATH TYPE [LINK-TARGET]` (find's %y types: f, d, l), paths relative to DIR, any order.
same_tree() {
  LC_ALL=C sort >"$T/.want"
  (cd "$2" && find . -mindepth 1 -printf '%P %y %l\n' | sed 's/ $//' | LC_ALL=C sort) >"$T/.got"
  if cmp -s "$T/.want" "$T/.got"; then pass "$1"; else
    fail "$1: the tree under $2 differs (- expected, + found)"
    diff -u "$T/.want" "$T/.got" | sed 's/^/  /'
  fi
}

# snapshot DIR: one line per entry under DIR: path, type, size, mode, mtime (ns), link target and
# content hash. Two equal snapshots mean nothing in DIR was created, removed, written or touched.
snapshot() {
  (cd "$1" && find . -printf '%p %y %s %m %T@ %l\n' | LC_ALL=C sort &&
    find . -type f -exec sha256sum {} + | LC_ALL=C sort)
}

finish() {
  echo "$wasi_passed passed, $wasi_failed failed"
  [ "$wasi_failed" -eq 0 ]
  exit
}
