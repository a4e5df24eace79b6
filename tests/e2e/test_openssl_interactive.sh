#!/bin/bash
# tests/e2e/test_openssl_interactive.sh — the interactive `OpenSSL>` prompt of
# ../shared/fixtures/openssl-1.1.1w.wasm (OpenSSL 1.1.1, which still has it; OPENSSL_1_1_1_WASM
# overrides the path), driven through stdin: first piped all at once (version, an invalid
# command, quit), then as a dialogue where each command is typed only after its prompt has
# appeared, as a person at a terminal would. Also its dgst (1.1.1 labels SHA256, not SHA2-256).
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

WASMBOX=$(cd "$(dirname "$WASMBOX")" && pwd)/$(basename "$WASMBOX")
if ! OSSL=$(fixture openssl-1.1.1w.wasm OPENSSL_1_1_1_WASM); then
  e2e_failed=$((e2e_failed + 1))
  echo "FAIL: the OpenSSL 1.1.1 module is missing"
  finish
fi
if ! command -v openssl >/dev/null; then
  e2e_failed=$((e2e_failed + 1))
  echo "FAIL: native openssl is missing (scripts/bootstrap installs it)"
  finish
fi
cd "$E2E_TMP" || exit 1

printf 'version\nnosuchcommand\nquit\n' >commands
run_stdin commands "$WASMBOX" run "$OSSL"
expect_status 0
printf 'OpenSSL> OpenSSL 1.1.1w  11 Sep 2023\nOpenSSL> OpenSSL> ' >expected
check "stdout: a prompt per command, the version after the first" cmp -s expected "$E2E_TMP/out"
expect_err "Invalid command 'nosuchcommand'"
expect_err 'error in nosuchcommand'

# End of input ends the session like quit.
printf 'version\n' >commands
run_stdin commands "$WASMBOX" run "$OSSL"
expect_status 0
printf 'OpenSSL> OpenSSL 1.1.1w  11 Sep 2023\nOpenSSL> ' >expected
check "end of stdin ends the session" cmp -s expected "$E2E_TMP/out"

# A dialogue: each line is written only once the prompt for it has been read back.
cat >dialogue.py <<'PY'
import os, select, subprocess, sys, time
proc = subprocess.Popen(sys.argv[1:], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE)
def read_until(marker):
    data, deadline = b"", time.time() + 60
    while not data.endswith(marker):
        left = deadline - time.time()
        if left <= 0:
            sys.exit("timed out waiting for %r, got %r" % (marker, data))
        if select.select([proc.stdout], [], [], left)[0]:
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                sys.exit("end of output while waiting for %r, got %r" % (marker, data))
            data += chunk
    return data
transcript = read_until(b"OpenSSL> ")
for command in (b"version", b"nosuchcommand", b"dgst -md5 fox.txt"):
    proc.stdin.write(command + b"\n")
    proc.stdin.flush()
    transcript += read_until(b"OpenSSL> ")
proc.stdin.write(b"quit\n")
proc.stdin.flush()
rest, err = proc.communicate(timeout=60)
sys.stdout.write((transcript + rest).decode())
sys.stderr.write(err.decode())
sys.exit(proc.returncode)
PY
printf 'The quick brown fox jumps over the lazy dog\n' >fox.txt
run python3 dialogue.py "$WASMBOX" run "$OSSL" --dir=.
expect_status 0
md5=$(openssl dgst -md5 fox.txt | sed 's/.*= //')
{
  printf 'OpenSSL> OpenSSL 1.1.1w  11 Sep 2023\n'
  printf 'OpenSSL> OpenSSL> MD5(fox.txt)= %s\n' "$md5"
  printf 'OpenSSL> '
} >expected
check "a dialogue at the prompt: each answer comes before the next command" \
  cmp -s expected "$E2E_TMP/out"
expect_err "Invalid command 'nosuchcommand'"

run "$WASMBOX" run "$OSSL" --dir=. -- dgst -sha256 fox.txt
expect_status 0
expect_out '^SHA256\(fox\.txt\)= [0-9a-f]{64}$'
check "1.1.1 dgst -sha256: the digest equals native openssl's" \
  test "$(sed 's/.*= //' "$E2E_TMP/out")" = "$(openssl dgst -sha256 fox.txt | sed 's/.*= //')"
finish
