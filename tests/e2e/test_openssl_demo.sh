#!/bin/bash
# tests/e2e/test_openssl_demo.sh — the founding demonstration, exactly as it was first shown:
#   wasmbox run openssl.wasm --dir=. -- genrsa -des3 -out priv.key 1024
# with the pass phrase typed twice on stdin (WASI has no terminal, so OpenSSL reads it from
# stdin); the key must open natively with that pass phrase. openssl.wasm is
# ../shared/fixtures/openssl.wasm, copied into the working directory (OPENSSL_WASM overrides it).
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

WASMBOX=$(cd "$(dirname "$WASMBOX")" && pwd)/$(basename "$WASMBOX")
if ! OSSL=$(fixture openssl.wasm OPENSSL_WASM); then
  e2e_failed=$((e2e_failed + 1))
  echo "FAIL: the OpenSSL module is missing"
  finish
fi
if ! command -v openssl >/dev/null; then
  e2e_failed=$((e2e_failed + 1))
  echo "FAIL: native openssl is missing (scripts/bootstrap installs it)"
  finish
fi
mkdir "$E2E_TMP/demo" && cd "$E2E_TMP/demo" || exit 1
cp "$OSSL" openssl.wasm
printf 'demo pass phrase\ndemo pass phrase\n' >"$E2E_TMP/passphrase"

run_stdin "$E2E_TMP/passphrase" "$WASMBOX" run openssl.wasm --dir=. -- genrsa -des3 -out priv.key 1024
expect_status 0
expect_err 'Enter PEM pass phrase'
expect_err 'Verifying - Enter PEM pass phrase'
check "priv.key is in the current directory" test -s priv.key
check "the key is encrypted" grep -q 'BEGIN ENCRYPTED PRIVATE KEY' priv.key
check "native openssl opens it with the pass phrase typed on stdin and checks it" \
  sh -c 'openssl rsa -in priv.key -passin "pass:demo pass phrase" -check -noout 2>&1 | grep -qx "RSA key ok"'
finish
