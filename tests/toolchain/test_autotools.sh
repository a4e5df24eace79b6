#!/bin/bash
# tests/toolchain/test_autotools.sh — examples/autotools-demo (a configure script and a Makefile.in
# of ours) configured by wasmbox-configure, built by wasmbox-make out of the source tree, and the
# resulting wcount.wasm run under wasmbox on stdin and on files of a --dir folder.
# shellcheck source=tests/toolchain/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

mkdir -p "$W/build" "$W/data"
cd "$W/build" || exit 1
run "$TOOLS/wasmbox-configure" "$REPO/examples/autotools-demo/configure" --prefix=/opt/wcount
expect_status 0
expect_err 'CC=wasmbox-cc .*--host=wasm32-wasi'
expect_out '^checking whether the C compiler \(.*wasmbox-cc\) works\.\.\. yes$'
expect_out '^checking whether we are cross compiling\.\.\. yes$'
expect_out '^checking for executable suffix\.\.\. \.wasm$'
# WASI headers only: glibc's epoll and syslog are not found, nor is fork().
expect_out '^checking for sys/epoll\.h\.\.\. no$'
expect_out '^checking for syslog\.h\.\.\. no$'
expect_out '^checking for fork\.\.\. no$'
expect_out '^checking for getentropy\.\.\. yes$'
expect_out '^checking size of long\.\.\. 4$'
expect_file "$W/build/Makefile"
expect_file "$W/build/config.h"

run "$TOOLS/wasmbox-make"
expect_status 0
expect_out 'llvm-ar-19 cr libcount\.a count\.o'
expect_file "$W/build/wcount.wasm"

run "$WASMBOX" run "$W/build/wcount.wasm" -- --config
expect_status 0
expect_stdout_is <<'TXT'
host: wasm32-wasi
sizeof(int)=4 sizeof(long)=4 sizeof(void *)=4
sys/epoll.h: no
fork: no
getentropy: yes
TXT

run_input $'one two three\nfour five\n\nsix\n' "$WASMBOX" run "$W/build/wcount.wasm"
expect_status 0
expect_stdout_is <<'TXT'
      4       6      29
TXT

# Files through a preopened folder; the counts are checked against wc.
cd "$W/data" || exit 1
cp "$REPO/examples/autotools-demo/count.c" "$REPO/examples/autotools-demo/Makefile.in" .
want=$(wc -l -w -c count.c Makefile.in | awk '{printf "%7d %7d %7d %s\n", $1, $2, $3, $4}')
run "$WASMBOX" run "$W/build/wcount.wasm" --dir=. -- count.c Makefile.in
expect_status 0
expect_stdout_is <<<"$want"

run "$WASMBOX" run "$W/build/wcount.wasm" --dir=. -- no-such-file
expect_status 1
expect_err 'wcount: no-such-file: No such file'

finish
