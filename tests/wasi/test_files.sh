#!/bin/bash
# tests/wasi/test_files.sh — every fd_* call on a regular file (files.c) in a preopen mapped as
# /sandbox, then the host side: the file holds what the program wrote, with the times it set.
# shellcheck source=tests/wasi/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

mkdir "$T/sb"
expect "fd_* calls on a file" 0 wb --dir "$T/sb::/sandbox" "$W/files.wasm" <<'OUT'
path_open(f.txt, creat|trunc): success
fd_write(2 iovecs): success n=11
fd_tell: success 11
fd_seek(0, set): success 0
fd_read(3+4): success n=7 [hel][lo w]
fd_seek(-5, end): success 6
fd_seek(1, cur): success 7
fd_read rest: 4 [orld]
fd_read at end: 0
fd_seek(-100, set): inval
fd_seek(whence 7): inval
fd_seek(100, set) past the end: success 100
fd_pread(5 at 6): success n=5 [world]
fd_pwrite(5 at 0): success n=5
fd_pread past the end: success n=0
fd_tell after pread/pwrite: success 2
content: success [HELLO world]
fd_filestat_get: success regular_file nlink=1 size=11
fd_filestat_set_size(4): success
after truncate: success [HELL]
fd_filestat_set_size(8): success
after extend: success [HELL0000]
fd_allocate(0, 100): success
after allocate: success size=100
fd_allocate(10, 20) inside: success
size kept: success size=100
fd_filestat_set_times(atim, mtim): success
atim=1000000000123456789 mtim=1100000000000005000
fd_filestat_set_times(mtim_now): success
atim kept: yes, mtim recent: yes
fd_filestat_set_times(atim|atim_now): inval
fd_advise(normal): success
fd_advise(sequential): success
fd_advise(random): success
fd_advise(willneed): success
fd_advise(dontneed): success
fd_advise(noreuse): success
fd_advise(advice 9): inval
fd_sync: success
fd_datasync: success
fd_fdstat_get: success regular_file flags=0 read=1 write=1 seek=1
fd_fdstat_set_flags(append): success
flags now 1
write with append: success
content: success [HELL0000+app]
fd_fdstat_set_flags(0): success
write at 0 without append: success [XELL0000+app]
open f.txt again: success
fd_fdstat_set_rights(-fd_write): success
write right now 0, read right 1
fd_write without the right: notcapable
fd_pwrite without the right: notcapable
fd_read still allowed: yes
fd_fdstat_set_rights(+fd_write): notcapable
fd_fdstat_set_rights(-fd_seek): success
fd_seek without the right: notcapable
content kept: success [XELL0000+app]
open other.txt: success
fd_renumber(f, other): success
the renumbered fd reads f.txt: success [XELL0000+app]
old number closed: fd_close -> badf
fd_renumber to a free number: success
the free number now reads f.txt: success [XELL0000+app]
fd_renumber from a closed number: badf
fd_renumber(x, x): success
fd_close: success
fd_close again: badf
17 fd_* calls on an unopened fd answer badf: yes
open missing: noent
open f.txt excl: exist
open f.txt as directory: notdir
open missing/x creat: noent
open . for reading: success
. is a directory
open . for writing: isdir
open read-only: success
write to the read-only fd: notcapable
done, 0 check(s) failed
OUT
same_text "host: f.txt holds what the program left" "$T/sb/f.txt" 'XELL\0\0\0\0+app'
same_text "host: other.txt was written through its own fd" "$T/sb/other.txt" 'other'
same_tree "host: no other file appeared" "$T/sb" <<'TREE'
f.txt f
other.txt f
TREE
finish
