#!/bin/bash
# examples/openssl/build.sh — builds the OpenSSL command-line tool as a WASI module with the wasmbox
# toolchain (wasmbox-configure, wasmbox-make, wasmbox-cc) from Debian's own source package, and
# caches the result; with --native, the same 3.0 source as a native no-asm binary for benchmarks.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: examples/openssl/build.sh [--series=3.0|1.1.1] [--native] [--force] [--print-path] [--jobs=N]

Builds `openssl` from Debian's source package (apt-get source) with the wasmbox toolchain:
  --series=3.0     Debian 12's OpenSSL 3.0.x (the default)
  --series=1.1.1   OpenSSL 1.1.1w from Debian 11's sources: the series with the interactive
                   `OpenSSL>` prompt (3.0 removed it)
  --native         instead, a native x86-64 binary of the 3.0 source (clang-19 -O2, no-asm, static)
                   for comparing speed with the WASI module
  --force          build again even if the cache has it
  --print-path     print where the result is (or would be) and exit: 0 if it is there, 1 if not
  --jobs=N         parallel compiles (default: the number of CPUs)
It takes about 1.5 minutes on 2 cores for each series, then the result is reused from the cache:
  ${XDG_CACHE_HOME:-~/.cache}/wasmbox/openssl/<series>-wasi-<hash>/openssl.wasm
  ${XDG_CACHE_HOME:-~/.cache}/wasmbox/openssl/<series>-native-<hash>/openssl      (--native)
(<hash>: of this script, its patches and the toolchain, so a change rebuilds; the folder also holds
build.log and info.txt). WASMBOX_OPENSSL_CACHE moves the cache. The downloaded source packages are
kept in <cache>/sources/, so a rebuild needs no network. If apt knows no source package of the
series, a deb-src entry is added under /etc/apt/sources.list.d/ (as root, or through sudo).
Exit status: 0 built (or cached), 1 the build failed, 3 the source could not be downloaded.
USAGE
}

series=3.0
native=0
force=0
print_path=0
jobs=$(nproc 2>/dev/null || echo 2)
for arg in "$@"; do
  case $arg in
    --series=3.0 | --series=3 | --3.0) series=3.0 ;;
    --series=1.1.1 | --series=1.1.1w | --1.1.1) series=1.1.1 ;;
    --native) native=1 ;;
    --force) force=1 ;;
    --print-path) print_path=1 ;;
    --jobs=*) jobs=${arg#--jobs=} ;;
    -h | --help) usage; exit 0 ;;
    *) echo "build.sh: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
  esac
done
if [ $native = 1 ] && [ $series != 3.0 ]; then
  echo "build.sh: --native builds the 3.0 series only" >&2
  exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
tools=$repo/tools
cache=${WASMBOX_OPENSSL_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/wasmbox/openssl}
kind=$([ $native = 1 ] && echo native || echo wasi)

# The cache key: everything that shapes the result. The Debian revision is not in it (it is
# recorded in info.txt): a new security release does not force a rebuild.
key_files=("$here/build.sh" "$here/patches/$series.patch" "$here/compat/termios.h")
if [ $native = 0 ]; then
  key_files+=("$tools/wasmbox-cc" "$tools/wasmbox-configure" "$tools/wasmbox-make" "$tools/wasmbox-sysroot")
fi
key=$(cat "${key_files[@]}" | sha256sum | cut -c1-12)
out_dir=$cache/$series-$kind-$key
out=$out_dir/$([ $native = 1 ] && echo openssl || echo openssl.wasm)

if [ $print_path = 1 ]; then
  echo "$out"
  [ -f "$out" ]
  exit
fi
if [ $force = 0 ] && [ -f "$out" ]; then
  echo "OpenSSL $series ($kind) is cached: $out"
  exit 0
fi

mkdir -p "$cache/sources" || { echo "build.sh: cannot create $cache" >&2; exit 1; }
# One build of a series and kind at a time (the work folder is shared): a second caller waits,
# then takes the first one's result.
exec 9>"$cache/.lock-$series-$kind"
if ! flock -n 9; then
  echo "Another build of OpenSSL $series ($kind) is running; waiting for it to finish..."
  flock 9
  if [ $force = 0 ] && [ -f "$out" ]; then
    echo "OpenSSL $series ($kind) is cached: $out"
    exit 0
  fi
fi

start=$SECONDS
step_no=0
steps=6
step() {
  step_no=$((step_no + 1))
  printf '[%d/%d %3ds] %s\n' "$step_no" "$steps" $((SECONDS - start)) "$*"
}
die() {
  echo "build.sh: $*" >&2
  exit 1
}

work=$cache/build-$series-$kind          # a fixed path: it shows in `openssl version -a`
log=$cache/build-$series-$kind.log
rm -rf "$work"
mkdir -p "$work"
: >"$log"
echo "Building OpenSSL $series ($kind): about 1.5 minutes on 2 idle cores (more on a busy machine)."
echo "The result is cached in"
echo "  $out_dir/"

# --- 1. the source package ------------------------------------------------------------------------
case $series in
  3.0) version_re='^3\.0\.' suite=bookworm ;;
  1.1.1) version_re='^1\.1\.1w' suite=bullseye ;;
esac

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "build.sh: need root (or sudo) to run: $*" >&2
    return 1
  fi
}

# Versions of the series apt knows from its deb-src entries, newest first.
known_versions() {
  apt-cache showsrc openssl 2>/dev/null | sed -n 's/^Version: //p' | grep -E "$version_re" | sort -rV | uniq || true
}

# Adds a deb-src entry for the suite, then refreshes only that entry's lists (quick, and the
# machine's other lists are left alone).
add_deb_src() {
  local file=/etc/apt/sources.list.d/wasmbox-openssl-$suite-src.sources
  local security=$suite-security
  echo "  apt knows no OpenSSL $series source: adding the deb-src entry $file"
  as_root tee "$file" >/dev/null <<SRC || return 1
# Added by wasmbox's examples/openssl/build.sh: Debian's source packages for \`apt-get source openssl\`.
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: $security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  as_root apt-get update -o "Dir::Etc::sourcelist=$file" -o Dir::Etc::sourceparts=- \
    -o APT::Get::List-Cleanup=0 >>"$log" 2>&1
}

# The newest downloadable version wins; a mirror may list a version whose files it lacks.
fetch_source() {
  local versions v tmp
  versions=$(known_versions)
  if [ -z "$versions" ]; then
    add_deb_src || true
    versions=$(known_versions)
  fi
  if [ -z "$versions" ]; then
    echo "build.sh: apt knows no source package of OpenSSL $series (no network, or no deb-src entry; see $log)" >&2
    exit 3
  fi
  for v in $versions; do
    echo "  apt-get source --download-only openssl=$v"
    tmp=$(mktemp -d "$cache/sources/.download.XXXXXX")
    if (cd "$tmp" && apt-get source --download-only "openssl=$v") >>"$log" 2>&1 &&
       ls "$tmp"/*.dsc >/dev/null 2>&1; then
      mv "$tmp"/* "$cache/sources/"
      rm -rf "$tmp"
      return 0
    fi
    rm -rf "$tmp"
  done
  echo "build.sh: could not download the OpenSSL $series source (no network? see $log)" >&2
  exit 3
}

cached_dsc() {
  ls "$cache/sources"/openssl_*.dsc 2>/dev/null | while read -r f; do
    v=${f##*/openssl_}
    v=${v%.dsc}
    echo "$v" | grep -qE "$version_re" && echo "$f"
  done | sort -V | tail -n 1 || true
}

dsc=$(cached_dsc)
if [ -n "$dsc" ]; then
  step "source: ${dsc##*/} (cached in $cache/sources/)"
else
  step "source: downloading Debian's openssl source package ($suite)"
  fetch_source
  dsc=$(cached_dsc)
  [ -n "$dsc" ] || die "the downloaded source has no .dsc (see $log)"
fi
debian_version=${dsc##*/openssl_}
debian_version=${debian_version%.dsc}

# --- 2. unpack, with Debian's patches, then ours ----------------------------------------------------
step "unpack openssl $debian_version (Debian patches applied), then apply patches/$series.patch"
command -v dpkg-source >/dev/null 2>&1 || die "dpkg-source not found (install the Debian package dpkg-dev)"
dpkg-source --no-check -x "$dsc" "$work/src" >>"$log" 2>&1 || die "dpkg-source failed (see $log)"
src=$work/src
patch -d "$src" -p1 --forward --no-backup-if-mismatch <"$here/patches/$series.patch" >>"$log" 2>&1 ||
  die "patches/$series.patch does not apply to openssl $debian_version (see $log)"
# The "built on" date of `openssl version -a` is the Debian changelog's, so builds are repeatable.
SOURCE_DATE_EPOCH=$(dpkg-parsechangelog -l "$src/debian/changelog" -STimestamp 2>/dev/null || date +%s)
export SOURCE_DATE_EPOCH

# --- 3. configure -----------------------------------------------------------------------------------
# Switched off: what WASI preview1 lacks (threads, sockets, dlopen, async/ucontext, AF_ALG, the
# mlock'ed secure heap, EGD, kTLS, syslog, chmod, fork); the rest is portable C (no-asm).
# linux-generic32: 32-bit bignum limbs with 64-bit products, right for wasm32.
common_opts=(no-asm no-shared no-pic no-dso no-threads no-afalgeng no-async no-egd no-tests)
case $series in
  3.0) series_opts=(no-secure-memory no-ktls) ;;
  1.1.1) series_opts=() ;;               # 1.1.1 has neither option; the define below does it
esac
if [ $native = 1 ]; then
  step "configure: ./Configure linux-x86_64 (native, clang-19 -O2, no-asm)"
  command -v clang-19 >/dev/null 2>&1 || die "clang-19 not found (install the Debian package clang-19)"
  (cd "$src" && ./Configure linux-x86_64 "${common_opts[@]}" "${series_opts[@]}" \
     CC=clang-19 CFLAGS=-O2) >>"$log" 2>&1 || die "Configure failed (see $log)"
else
  step "configure: wasmbox-configure --wasi-emulate=all ./Configure linux-generic32 ..."
  cppflags="-I$here/compat -DHAVE_FORK=0 -DNO_SYSLOG -DNO_CHMOD"
  [ $series = 1.1.1 ] && cppflags+=" -DOPENSSL_NO_SECURE_MEMORY"
  (cd "$src" && "$tools/wasmbox-configure" --wasi-emulate=all ./Configure linux-generic32 \
     "${common_opts[@]}" "${series_opts[@]}" no-sock --with-rand-seed=getrandom \
     CFLAGS=-O2 "CPPFLAGS=$cppflags" LDFLAGS=-Wl,--strip-debug) >>"$log" 2>&1 ||
    die "Configure failed (see $log)"
fi

# --- 4./5. make, with a progress line -----------------------------------------------------------------
if [ $native = 1 ]; then
  make_cmd=(make)
else
  make_cmd=("$tools/wasmbox-make" --wasi-emulate=all)
fi
# How many objects the CLI needs, for the progress line (counted from a dry run).
total=$(cd "$src" && make -n build_generated apps/openssl 2>/dev/null | grep -c -- ' -c ' || true)

# run_make TARGET...: runs make in the background and reports how far it got: on a terminal a
# line redrawn every 2 s, otherwise a line every 30 s (a log stays short).
run_make() {
  local last=$SECONDS every=30 tty=0 done_n line
  if [ -t 1 ]; then
    tty=1
    every=2
  fi
  (cd "$src" && "${make_cmd[@]}" -j"$jobs" "$@") >>"$log" 2>&1 &
  local pid=$!
  while kill -0 $pid 2>/dev/null; do
    sleep 1
    [ $((SECONDS - last)) -ge $every ] || continue
    last=$SECONDS
    done_n=$(find "$src" -name '*.o' | wc -l)
    if [ "${total:-0}" -gt 0 ] && [ "$done_n" -ge "$total" ]; then
      line="all $done_n files compiled; linking$([ $native = 1 ] || echo ' (wasm-ld, then wasm-opt -O2)')"
    else
      line="$done_n of ~$total files compiled$([ "${total:-0}" -gt 0 ] && echo " ($((done_n * 100 / total))%)" || true)"
    fi
    line=$(printf '        %s, %d s' "$line" $((SECONDS - start)))
    if [ $tty = 1 ]; then
      printf '\r%s\033[K' "$line"
    else
      echo "$line"
    fi
  done
  [ $tty = 1 ] && printf '\r\033[K'
  wait $pid || die "make $* failed (the end of $log says why; the tree is in $work)"
}
step "make build_generated (generated headers)"
run_make build_generated
step "make apps/openssl (libcrypto, libssl, the openssl program: ~$total files)"
run_make apps/openssl

# --- 6. the result into the cache --------------------------------------------------------------------
step "install into the cache"
mkdir -p "$out_dir.tmp"
cp "$src/apps/openssl" "$out_dir.tmp/$(basename "$out")"
cp "$log" "$out_dir.tmp/build.log"
{
  echo "OpenSSL $series, $kind build by examples/openssl/build.sh (cache key $key)"
  echo "source: Debian openssl $debian_version"
  echo "built: $(date -u '+%Y-%m-%d %H:%M:%S UTC') in $((SECONDS - start)) s with $jobs jobs"
  echo "sha256: $(sha256sum "$out_dir.tmp/$(basename "$out")" | cut -d' ' -f1)"
} >"$out_dir.tmp/info.txt"
# Earlier builds of this series and kind (other keys) are replaced.
for old in "$cache/$series-$kind-"*; do
  [ -e "$old" ] && [ "$old" != "$out_dir.tmp" ] && rm -rf "$old"
done
mv "$out_dir.tmp" "$out_dir"
rm -rf "$work" "$log"
echo "Built $out in $((SECONDS - start)) s (OpenSSL $debian_version)."
