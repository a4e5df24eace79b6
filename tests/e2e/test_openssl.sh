#!/bin/bash
# tests/e2e/test_openssl.sh — the OpenSSL demonstration with ../shared/fixtures/openssl.wasm
# (OpenSSL 3.0 built for WASI; OPENSSL_WASM overrides the path), checked against the native
# `openssl`: version, help, dgst -md5 / -sha256 of a file and of stdin, an aes-256-cbc round trip
# in both directions, rand, and a self-signed certificate made with `req -x509 -config FILE`.
# Key generation has files of its own (test_openssl_genrsa.sh, test_openssl_demo.sh).
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
cd "$E2E_TMP" || exit 1

# digest TEXT-FILE: the hex digest at the end of a `dgst` line (the labels differ by version).
digest() { sed -n 's/^.*= *\([0-9a-f]\{32,\}\)$/\1/p' "$1"; }

run "$WASMBOX" run "$OSSL" version
expect_status 0
expect_out '^OpenSSL 3\.[0-9]+\.[0-9]+ '

# OpenSSL 3.0 prints its help on stderr (native openssl does the same).
run "$WASMBOX" run "$OSSL" help
expect_status 0
expect_err 'Standard commands'
expect_err '(^| )dgst( |$)'
expect_err 'Message Digest commands'
expect_err 'Cipher commands'

# Digests of a file given through --dir=., and of stdin, equal the native ones.
head -c 200000 /dev/urandom >data.bin
printf 'The quick brown fox jumps over the lazy dog\n' >fox.txt
for md in md5 sha256; do
  for f in fox.txt data.bin; do
    run "$WASMBOX" run "$OSSL" --dir=. -- dgst "-$md" "$f"
    expect_status 0
    digest "$E2E_TMP/out" >wasm.digest
    openssl dgst "-$md" "$f" >native.line
    digest native.line >native.digest
    check "dgst -$md $f: the same digest as native openssl ($(cat native.digest))" \
      test -s native.digest -a "$(cat wasm.digest)" = "$(cat native.digest)"
    check "dgst -$md $f: the line names the file" grep -q "($f)= " "$E2E_TMP/out"
  done
  run_stdin fox.txt "$WASMBOX" run "$OSSL" dgst "-$md"
  expect_status 0
  digest "$E2E_TMP/out" >wasm.digest
  openssl dgst "-$md" <fox.txt >native.line
  digest native.line >native.digest
  check "dgst -$md of stdin: the same digest as native openssl" \
    test -s native.digest -a "$(cat wasm.digest)" = "$(cat native.digest)"
done

# aes-256-cbc with a PBKDF2 key: encrypted by one, decrypted by the other, both ways. The first
# run uses the default 10000 PBKDF2 rounds; the others 1000, which is as good a test and
# several times quicker in the interpreter under ASan.
run "$WASMBOX" run "$OSSL" --dir=. -- enc -aes-256-cbc -pbkdf2 -pass pass:wasmbox -in data.bin -out wasm.enc
expect_status 0
check "enc: native openssl decrypts what wasm encrypted" \
  sh -c 'openssl enc -d -aes-256-cbc -pbkdf2 -pass pass:wasmbox -in wasm.enc -out wasm.dec && cmp -s wasm.dec data.bin'
openssl enc -aes-256-cbc -pbkdf2 -iter 1000 -pass pass:wasmbox -in data.bin -out native.enc
run "$WASMBOX" run "$OSSL" --dir=. -- enc -d -aes-256-cbc -pbkdf2 -iter 1000 -pass pass:wasmbox \
  -in native.enc -out native.dec
expect_status 0
check "enc -d: wasm decrypts what native openssl encrypted" cmp -s native.dec data.bin
# Through stdin and stdout, base64 on the way.
run_stdin fox.txt "$WASMBOX" run "$OSSL" enc -aes-256-cbc -pbkdf2 -iter 1000 -a -pass pass:x
expect_status 0
cp "$E2E_TMP/out" fox.b64
check "enc -a through stdin/stdout: native openssl decrypts it" \
  sh -c 'openssl enc -d -aes-256-cbc -pbkdf2 -iter 1000 -a -pass pass:x -in fox.b64 | cmp -s - fox.txt'
# A wrong pass phrase, on a fixed input and salt so that the wrongly decrypted last block is
# always the same: with native.enc (random data, random salt) its padding came out valid about
# one run in 256, and the decryption then succeeded as it should. (With -S, openssl 3 writes no
# "Salted__" header: it is put in front here, as a random salt's encryption has it.)
openssl enc -aes-256-cbc -pbkdf2 -iter 1000 -S 0123456789abcdef -pass pass:wasmbox -in fox.txt -out fixed.body
{ printf 'Salted__\001\043\105\147\211\253\315\357'; cat fixed.body; } >fixed.enc
run "$WASMBOX" run "$OSSL" --dir=. -- enc -d -aes-256-cbc -pbkdf2 -iter 1000 -pass pass:wasmbox \
  -in fixed.enc -out fixed.dec
expect_status 0
check "enc -d of the fixed-salt file with the right pass phrase" cmp -s fixed.dec fox.txt
run "$WASMBOX" run "$OSSL" --dir=. -- enc -d -aes-256-cbc -pbkdf2 -iter 1000 -pass pass:wrong \
  -in fixed.enc -out bad.dec
check "enc -d with a wrong pass phrase fails" test "$status" -ne 0
expect_err 'bad decrypt'

run "$WASMBOX" run "$OSSL" rand -hex 16
expect_status 0
expect_out '^[0-9a-f]{32}$'
cp "$E2E_TMP/out" rand1
run "$WASMBOX" run "$OSSL" rand -hex 16
check "rand: two runs differ" sh -c "! cmp -s rand1 '$E2E_TMP/out'"

# A self-signed certificate. OpenSSL 3.0's compiled-in config path is not in the sandbox, so
# req gets -config; the 1024-bit key is made natively to keep this quick.
printf '[req]\ndistinguished_name = dn\n[dn]\n' >min.cnf
openssl genrsa -out ca.key 1024 2>/dev/null
run "$WASMBOX" run "$OSSL" --dir=. -- req -new -x509 -config min.cnf -key ca.key \
  -subj /CN=wasmbox-test -days 2 -out cert.pem
expect_status 0
check "req -x509: cert.pem was written" grep -q 'BEGIN CERTIFICATE' cert.pem
check "req -x509: native openssl verifies the self-signed certificate" \
  sh -c 'openssl verify -CAfile cert.pem cert.pem | grep -q "cert.pem: OK"'
check "req -x509: the subject is CN = wasmbox-test" \
  sh -c 'openssl x509 -in cert.pem -noout -subject | grep -q "CN *= *wasmbox-test"'
check "req -x509: the certificate's key is ca.key's" \
  test "$(openssl x509 -in cert.pem -noout -pubkey)" = "$(openssl rsa -in ca.key -pubout 2>/dev/null)"
run "$WASMBOX" run "$OSSL" --dir=. -- req -new -x509 -key ca.key -subj /CN=x -out cert2.pem
check "req without -config fails inside the sandbox (no /usr/local/ssl/openssl.cnf)" test "$status" -ne 0

finish
