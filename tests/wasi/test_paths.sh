#!/bin/bash
# tests/wasi/test_paths.sh — the path_* calls, fd_readdir with cookies and the prestat calls
# (paths.c) inside a preopen mapped as /sandbox, then the host side: the tree the program left.
# shellcheck source=tests/wasi/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

mkdir "$T/sb"
expect "path_* calls, readdir, prestat" 0 wb --dir "$T/sb::/sandbox" "$W/paths.wasm" <<'OUT'
path_create_directory(d): success
path_create_directory(d) again: exist
path_create_directory(d/e): success
path_create_directory(nope/x): noent
path_create_directory(d/a) over a file: exist
path_filestat_get(d): success directory nlink=3 size=0
path_filestat_get(d/a): success regular_file nlink=1 size=3
path_filestat_get(d/missing): noent
path_filestat_get(d/a/x): notdir
open d as a directory: success
d is a directory
fd_readdir(big buffer): success, buffer not full (end reached)
entries besides . and ..: a(regular_file) b(regular_file) c(regular_file) e(directory)
. and .. listed: 2
resuming at every d_next: consistent
40-byte buffer: 6 entries, filled the buffer: yes, same order: yes
fd_readdir past the last entry: success, 0 bytes
fd_readdir on a file: badf
path_symlink(a -> d/sl): success
path_symlink(x -> d/sl) again: exist
path_symlink(dangling -> d/dl): success
path_readlink(d/sl): success [a]
path_readlink(d/dl): success [no/such/file]
path_readlink(d/a) of a file: inval
path_readlink(d/missing): noent
path_filestat_get(d/sl, follow): success regular_file nlink=1 size=3
path_filestat_get(d/sl, nofollow): success symbolic_link nlink=1 size=0
path_filestat_get(d/dl, follow): noent
open d/sl (follow): success [aaa]
open d/sl (nofollow): loop
path_symlink(loop -> d/loop): success
open d/loop: loop
path_link(d/a -> d/h): success
path_filestat_get(d/a): success regular_file nlink=2 size=3
path_link(d/a -> d/h) again: exist
path_link(d/missing -> d/h2): noent
path_link(d/e -> d/h3) of a directory: perm
path_link(follow d/sl -> d/h4): success
path_filestat_get(d/h4, nofollow): success regular_file nlink=3 size=3
path_filestat_set_times(d/b): success
atim=1234567890000000111 mtim=1234567999000000222
path_filestat_set_times(d/sl, nofollow): success
link mtim set: yes, target mtim untouched: yes
path_filestat_set_times(d/sl, follow, atim|mtim_now): success
target atim=1234567890000000111, mtim recent: yes
path_filestat_set_times(d/missing): noent
path_filestat_set_times(mtim|mtim_now): inval
path_rename(d/b -> d/b2): success
path_filestat_get(d/b): noent
path_filestat_get(d/b2): success regular_file nlink=1 size=2
path_rename(d/c -> d/b2) over a file: success
path_filestat_get(d/b2): success regular_file nlink=1 size=0
path_rename(d/missing -> d/x): noent
path_create_directory(f): success
path_rename(d/e -> f) onto a non-empty directory: notempty
path_rename(d/b2 -> f) file onto a directory: isdir
path_rename(d/e -> top) a directory: success
open f: success
path_rename(d/b2 -> f:moved): success
path_filestat_get(f/moved): success regular_file nlink=1 size=0
path_unlink_file(d/h): success
path_filestat_get(d/a) after unlinking its link: success regular_file nlink=2 size=3
path_unlink_file(d/h) again: noent
path_unlink_file(top) a directory: isdir
path_unlink_file(d/sl) a symlink: success
path_filestat_get(d/a) after unlinking a symlink to it: success regular_file nlink=2 size=3
path_remove_directory(f) not empty: notempty
path_remove_directory(d/a) a file: notdir
path_remove_directory(top): success
path_remove_directory(top) again: noent
path_unlink_file(f:moved): success
path_unlink_file(f/inside): success
path_remove_directory(f) now empty: success
fd_prestat_get(sandbox): success tag=0 len=8
fd_prestat_dir_name: success [/sandbox]
fd_prestat_get(0): badf
fd_prestat_get(777): badf
fd_prestat_dir_name(777): badf
fd_prestat_get(opened dir): badf
done, 0 check(s) failed
OUT
# The access time first: reading the file below would move it (relatime).
check "host: d/a's access time is the one set through the symlink" \
  test "$(stat -c %X "$T/sb/d/a")" = 1234567890
same_tree "host: the tree the program left" "$T/sb" <<'TREE'
d d
d/a f
d/dl l no/such/file
d/h4 f
d/loop l loop
TREE
same_text "host: d/a kept its content through link and unlink" "$T/sb/d/a" 'aaa'
check "host: d/a and d/h4 are one file" test "$(stat -c %i "$T/sb/d/a")" = "$(stat -c %i "$T/sb/d/h4")"
finish
