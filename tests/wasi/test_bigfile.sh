#!/bin/bash
# tests/wasi/test_bigfile.sh — 64-bit offsets and sizes (bigfile.c): a sparse file written at
# 5 GiB, read back, truncated to 4 GiB + 2; the host sees the same size and bytes. The file is
# sparse, so it takes a few blocks of disk, not gigabytes.
# shellcheck source=tests/wasi/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

mkdir "$T/sb"
expect "sparse file past 4 GiB" 0 wb --dir "$T/sb::/sandbox" "$W/bigfile.wasm" <<'OUT'
open big.bin: success
fd_pwrite(4 bytes at 5 GiB): success n=4
fd_filestat_get: success size=5368709124
path_filestat_get: success size=5368709124
fd_pread(4 at 5 GiB): success n=4 [tail]
fd_pread(4 at 4 GiB + 7) in the hole: success n=4 zeros=yes
fd_seek(-4, end): success 5368709120
fd_read: 4 [tail]
fd_tell: success 5368709124
fd_seek(-(1 GiB + 4), cur): success 4294967296
fd_write at 4 GiB: success
fd_pread(4 at 4 GiB): success [four]
fd_filestat_set_size(4 GiB + 2): success
size now 4294967298
fd_pread(4 at 4 GiB) after truncation: success n=2 [fo]
fd_pread at 2^63: inval
done, 0 check(s) failed
OUT
check "host: big.bin is 4 GiB + 2 bytes" test "$(stat -c %s "$T/sb/big.bin")" = 4294967298
check "host: the 2 bytes at 4 GiB are 'fo'" \
  test "$(dd if="$T/sb/big.bin" bs=1 skip=4294967296 count=2 status=none)" = fo
check "host: the file is sparse (under 1 MiB on disk)" test "$(du -k "$T/sb/big.bin" | cut -f1)" -lt 1024
finish
