#!/bin/bash
# tests/toolchain/test_sysroot.sh — the private sysroot view: built on first use, holding only
# WASI folders, so glibc-only headers are not found (they would be with --sysroot=/usr).
# shellcheck source=tests/toolchain/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

export WASMBOX_SYSROOT=$W/view          # a fresh view, made by this test
run "$TOOLS/wasmbox-sysroot" --check
expect_status 1
run "$TOOLS/wasmbox-cc" -print-sysroot
expect_status 0
expect_out "^$W/view\$"
run "$TOOLS/wasmbox-sysroot" --check
expect_status 0
# Nothing in it leads to the host's /usr/include or /usr/lib as a whole.
run find -L "$W/view" -maxdepth 3 -name 'x86_64-linux-gnu' -o -maxdepth 3 -name 'stdio.h' -print
expect_status 0
expect_out "^$W/view/include/wasm32-wasi/stdio\.h\$"
if grep -q x86_64 "$OUT"; then tc_fail "the view reaches host folders"; else tc_pass "the view holds no host folder"; fi

for header in gnu/libc-version.h sys/epoll.h syslog.h gnu-versions.h execinfo.h; do
  printf '#include <%s>\nint main(void) { return 0; }\n' "$header" >"$W/probe.c"
  run "$TOOLS/wasmbox-cc" -c "$W/probe.c" -o "$W/probe.o"
  expect_status 1
  expect_err "'$header' file not found"
done
# The reason for the view: with --sysroot=/usr the glibc-only <gnu-versions.h> is found.
if [ -f /usr/include/gnu-versions.h ]; then
  printf '#include <gnu-versions.h>\nint main(void) { return 0; }\n' >"$W/probe.c"
  run clang-19 --target=wasm32-wasi --sysroot=/usr -c "$W/probe.c" -o "$W/probe.o"
  expect_status 0
fi

# WASI's own headers are there, and C++'s from libc++.
printf '#include <stdio.h>\n#include <unistd.h>\n#include <sys/stat.h>\nint main(void) { return 0; }\n' >"$W/ok.c"
run "$TOOLS/wasmbox-cc" -c "$W/ok.c" -o "$W/ok.o"
expect_status 0
printf '#include <string>\n#include <map>\nint main() { std::map<std::string, int> m; return (int)m.size(); }\n' >"$W/ok.cc"
run "$TOOLS/wasmbox-c++" -c "$W/ok.cc" -o "$W/okcc.o"
expect_status 0

# --rebuild makes it again; a damaged view is replaced on the next compile.
run "$TOOLS/wasmbox-sysroot" --rebuild
expect_status 0
rm -f "$W/view/.wasmbox-sysroot"
run "$TOOLS/wasmbox-cc" -c "$W/ok.c" -o "$W/ok.o"
expect_status 0
run "$TOOLS/wasmbox-sysroot" --check
expect_status 0

finish
