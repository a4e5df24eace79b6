#!/bin/bash
# tests/wasi/test_escape.sh — the escape suite (escape.c): every way out of a preopen must be
# denied (`..`, absolute paths, symlinks to files and directories outside as the last or a
# middle component, create/rename/link/symlink/unlink aimed outside, writing through a symlink
# that points outside, fd-relative `..`), creating a symlink with any text must succeed, and a
# read-only preopen (--dir-ro) cannot be changed. The host tree is compared before and after.
# ctest runs this twice: as is (openat2 with RESOLVE_BENEATH), and with
# WASMBOX_WASI_NO_OPENAT2=1 (the component-by-component walk).
# shellcheck source=tests/wasi/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

echo "resolution: $([ -n "${WASMBOX_WASI_NO_OPENAT2:-}" ] && echo 'component walk (WASMBOX_WASI_NO_OPENAT2)' || echo 'openat2 where the kernel has it')"

# layout ROOT: the host tree. outside/ is what the program must never reach; sandbox/ is the
# preopen, full of symlinks that lead out (and a few that stay inside); ro/ and rw/ are for the
# read-only preopen.
layout() {
  local r=$1
  mkdir -p "$r/outside/dir" "$r/sandbox/sub" "$r/ro/rosub" "$r/rw"
  printf 'secret\n' >"$r/outside/secret.txt"
  ln -s secret.txt "$r/outside/olink"
  printf 'inner\n' >"$r/sandbox/inner.txt"
  printf 'copy\n' >"$r/sandbox/inner_copy.txt"
  ln -s .. "$r/sandbox/sub/up"
  ln -s ../.. "$r/sandbox/sub/upup"
  ln -s ../../outside/dir "$r/sandbox/sub/deep_link"
  ln -s ../outside/secret.txt "$r/sandbox/link_file"
  ln -s "$r/outside/secret.txt" "$r/sandbox/link_abs"
  ln -s ../outside "$r/sandbox/link_dir"
  ln -s "$r/outside" "$r/sandbox/link_dir_abs"
  ln -s / "$r/sandbox/link_root"
  ln -s inner.txt "$r/sandbox/inner_link"
  ln -s ../outside/created.txt "$r/sandbox/link_new"
  printf 'read only\n' >"$r/ro/ro.txt"
  printf 'w\n' >"$r/rw/w.txt"
  # Old times, so that any write or touch would show in the snapshots' mtimes.
  find "$r" -exec touch -h -d '2001-02-03 04:05:06' {} +
}

R=$T/esc
layout "$R"
snapshot "$R/outside" >"$T/outside.before"
(cd "$R" && ls -a) >"$T/root.before"
expect "escape attempts from /sandbox are denied" 0 \
  wb --dir "$R/sandbox::/sandbox" "$W/escape.wasm" sandbox "$R/outside" <<'OUT'
-- reading: .. and absolute paths
open ../outside/secret.txt: notcapable
open ..: notcapable
open sub/../../outside/secret.txt: notcapable
open sub/../../sandbox/inner.txt: notcapable
open /etc/passwd: notcapable
open /: notcapable
open HOST_OUTSIDE/secret.txt: notcapable
-- reading: symlinks
open link_file: notcapable
open link_abs: notcapable
open link_dir/secret.txt: notcapable
open link_dir_abs/secret.txt: notcapable
open link_root/etc/passwd: notcapable
open sub/upup/outside/secret.txt: notcapable
open sub/deep_link/../secret.txt: notcapable
open link_dir as a directory: notcapable
open link_file without following: loop
-- reading: allowed paths
open inner.txt: success [inner]
open sub/../inner.txt: success [inner]
open sub/up/inner.txt: success [inner]
open ./sub/./../inner.txt: success [inner]
open sub/.. as a directory: success []
open inner_link: success [inner]
-- writing and creating through escapes
write through link_file: notcapable
truncate through link_file: notcapable
create link_dir/new.txt: notcapable
create ../outside/new.txt: notcapable
create through dangling link_new: notcapable
create HOST_OUTSIDE/abs.txt: notcapable
mkdir ../outside/newdir: notcapable
mkdir link_dir/newdir: notcapable
mkdir sub/upup/outside/newdir: notcapable
-- rename, link, unlink, rmdir aimed outside
rename inner.txt -> ../outside/stolen.txt: notcapable
rename inner.txt -> link_dir/stolen.txt: notcapable
rename link_dir/secret.txt -> got.txt: notcapable
rename ../outside/secret.txt -> got.txt: notcapable
link inner.txt -> ../outside/hard: notcapable
link inner.txt -> link_dir/hard: notcapable
link link_dir/secret.txt -> hard: notcapable
link (follow) link_file -> hard2: notcapable
unlink ../outside/secret.txt: notcapable
unlink link_dir/secret.txt: notcapable
rmdir ../outside/dir: notcapable
rmdir link_dir/dir: notcapable
-- symlinks: creating any text is allowed, following it out is not
symlink ../outside/secret.txt as newlink: success
symlink /etc/passwd as abslink: success
open newlink: notcapable
open abslink: notcapable
write through newlink: notcapable
readlink newlink: success [../outside/secret.txt]
symlink x as ../outside/evil: notcapable
symlink x as link_dir/evil: notcapable
readlink link_dir/olink: notcapable
readlink ../outside/olink: notcapable
-- metadata through escapes
stat ../outside/secret.txt: notcapable
stat (follow) link_file: notcapable
stat (nofollow) link_file: success symbolic_link
stat (nofollow) link_dir/secret.txt: notcapable
stat (follow) newlink: notcapable
stat /etc/passwd: notcapable
set times (follow) link_file: notcapable
set times link_dir/secret.txt: notcapable
set times ../outside/secret.txt: notcapable
-- fd-relative: an opened directory is a root of its own
open . as a directory: success
from . open ..: notcapable
from . open ../outside/secret.txt: notcapable
from . open ../sandbox/inner.txt: notcapable
from . open inner.txt: success [inner]
open sub as a directory: success
from sub open ../inner.txt: notcapable
from sub open up/inner.txt: notcapable
from sub open ..: notcapable
from sub mkdir ../made: notcapable
-- operations on the links themselves stay inside
rename inner_copy.txt onto link_file: success
unlink link_dir (the symlink): success
rmdir link_dir_abs (a symlink): notdir
done, 0 check(s) failed
OUT
snapshot "$R/outside" >"$T/outside.after"
if cmp -s "$T/outside.before" "$T/outside.after"; then pass "host: outside/ untouched"; else
  fail "host: outside/ changed (- before, + after)"
  diff -u "$T/outside.before" "$T/outside.after" | sed 's/^/  /'
fi
(cd "$R" && ls -a) >"$T/root.after"
check "host: nothing created beside sandbox/" cmp -s "$T/root.before" "$T/root.after"
# What the program did inside: new symlinks, the link replaced by inner_copy.txt, link_dir gone.
same_tree "host: the sandbox holds what the allowed calls left" "$R/sandbox" <<TREE
abslink l /etc/passwd
inner.txt f
inner_link l inner.txt
link_abs l $R/outside/secret.txt
link_dir_abs l $R/outside
link_file f
link_new l ../outside/created.txt
link_root l /
newlink l ../outside/secret.txt
sub d
sub/deep_link l ../../outside/dir
sub/up l ..
sub/upup l ../..
TREE
same_text "host: secret.txt still says secret" "$R/outside/secret.txt" 'secret\n'

# A read-only preopen beside a writable one.
rm -rf "$R"
layout "$R"
snapshot "$R" >"$T/all.before"
expect "writes into a --dir-ro preopen are denied" 0 \
  wb --dir-ro "$R/ro::/ro" --dir "$R/rw::/rw" "$W/escape.wasm" readonly <<'OUT'
open ro.txt for reading: success [read only]
open ro.txt for writing: perm
open ro.txt with trunc: perm
create new.txt: perm
create new.txt for writing: perm
mkdir newdir: perm
unlink ro.txt: perm
rmdir rosub: perm
rename ro.txt -> moved.txt: perm
symlink x as sl: perm
link ro.txt -> hl: perm
set times ro.txt: perm
open ro.txt with read rights only: success
fd has the write right: no
fd_write: notcapable
fd_pwrite: notcapable
fd_filestat_set_size: notcapable
fd_allocate: notcapable
fd_filestat_set_times: notcapable
open rosub: success
from rosub create x.txt: perm
from rosub mkdir y: perm
rename /rw/w.txt -> /ro/w.txt: perm
link /rw/w.txt -> /ro/w.txt: perm
rename /ro/ro.txt -> /rw/ro.txt: perm
fd_readdir(/ro): success
done, 0 check(s) failed
OUT
snapshot "$R" >"$T/all.after"
if cmp -s "$T/all.before" "$T/all.after"; then pass "host: ro/ and rw/ untouched"; else
  fail "host: the tree changed (- before, + after)"
  diff -u "$T/all.before" "$T/all.after" | sed 's/^/  /'
fi
finish
