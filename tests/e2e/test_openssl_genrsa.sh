#!/bin/bash
# tests/e2e/test_openssl_genrsa.sh — `genrsa -des3 -passout pass:x -out priv.key 1024` with
# ../shared/fixtures/openssl.wasm (OPENSSL_WASM overrides it) writes an encrypted key into the
# current directory given with --dir=.; native `openssl rsa -check` accepts it. 1024-bit keys
# only, so this stays quick even under ASan.
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
mkdir "$E2E_TMP/work" && cd "$E2E_TMP/work" || exit 1

run "$WASMBOX" run "$OSSL" --dir=. -- genrsa -des3 -passout pass:x -out priv.key 1024
expect_status 0
check "genrsa wrote priv.key into the current directory" test -s priv.key
check "nothing else was written" test "$(ls -A)" = priv.key
check "the key is encrypted" grep -q 'BEGIN ENCRYPTED PRIVATE KEY' priv.key
check "native openssl rsa -check accepts it" \
  sh -c 'openssl rsa -in priv.key -passin pass:x -check -noout 2>&1 | grep -qx "RSA key ok"'
check "it is a 1024-bit key" \
  sh -c 'openssl rsa -in priv.key -passin pass:x -noout -text 2>/dev/null | grep -q "Private-Key: (1024 bit"'
check "a wrong pass phrase does not open it" \
  sh -c '! openssl rsa -in priv.key -passin pass:y -noout 2>/dev/null'

# The key works inside wasm too: sign with it there, verify natively.
printf 'signed text\n' >msg.txt
run "$WASMBOX" run "$OSSL" --dir=. -- dgst -sha256 -sign priv.key -passin pass:x -out msg.sig msg.txt
expect_status 0
openssl rsa -in priv.key -passin pass:x -pubout -out pub.pem 2>/dev/null
check "native openssl verifies the signature made in wasm" \
  sh -c 'openssl dgst -sha256 -verify pub.pem -signature msg.sig msg.txt | grep -q "Verified OK"'
finish
