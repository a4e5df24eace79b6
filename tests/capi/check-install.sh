#!/bin/bash
# tests/capi/check-install.sh BUILD_DIR EXAMPLES_SRC EXAMPLES_BUILD CC — installs the build into a
# temporary prefix (what `make install PREFIX=DIR` does after building), checks the files are
# there, then builds examples/c-api/hello.c the way an embedder would — with pkg-config, against
# the shared and then the static library — and runs it.
set -u
build=$1
src=$2
wasmdir=$3
cc=$4
passed=0
failed=0
ok() { passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

if cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; then ok; else
  cat "$tmp/install.log"
  fail "cmake --install failed"
  finish
fi
pc=$(find "$prefix" -name wasmbox.pc | head -1)
libdir=$(dirname "$(dirname "$pc")")
for f in bin/wasmbox include/wasm.h include/wasi.h include/wasmbox.h; do
  if [ -e "$prefix/$f" ]; then ok; else fail "$f was not installed"; fi
done
for f in libwasmbox.so libwasmbox.a pkgconfig/wasmbox.pc; do
  if [ -n "$pc" ] && [ -e "$libdir/$f" ]; then ok; else fail "lib/$f was not installed"; fi
done
[ -n "$pc" ] || finish

export PKG_CONFIG_PATH=$libdir/pkgconfig
flags=$(pkg-config --cflags --libs wasmbox) || { fail "pkg-config --cflags --libs wasmbox failed"; finish; }
# The installed tree must stand on its own: no path into the sources or the build.
case $flags in
  *"$build"* | *"$(dirname "$src")"*) fail "pkg-config points outside the prefix: $flags" ;;
  *) ok ;;
esac
# shellcheck disable=SC2086 # the flags are words
if "$cc" "$src/hello.c" $flags -o "$tmp/hello-shared"; then ok; else fail "cc hello.c \$(pkg-config --cflags --libs wasmbox) failed"; fi
if [ -x "$tmp/hello-shared" ]; then
  if LD_LIBRARY_PATH=$libdir "$tmp/hello-shared" "$wasmdir/hello.wasm" | diff -u "$src/hello.expected" -; then ok; else fail "hello (shared library) printed something else"; fi
  if LD_LIBRARY_PATH=$libdir ldd "$tmp/hello-shared" | grep -q "$libdir/libwasmbox.so"; then ok; else fail "hello does not use the installed libwasmbox.so"; fi
fi
# shellcheck disable=SC2086
if "$cc" "$src/hello.c" $(pkg-config --cflags wasmbox) "$libdir/libwasmbox.a" $(pkg-config --static --libs-only-l wasmbox | sed 's/-lwasmbox//') -o "$tmp/hello-static"; then ok; else fail "linking hello.c with libwasmbox.a failed"; fi
if [ -x "$tmp/hello-static" ]; then
  if "$tmp/hello-static" "$wasmdir/hello.wasm" | diff -u "$src/hello.expected" -; then ok; else fail "hello (static library) printed something else"; fi
fi
finish
