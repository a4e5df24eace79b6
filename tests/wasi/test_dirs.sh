#!/bin/bash
# tests/wasi/test_dirs.sh — the directory options of `wasmbox run`, used the ordinary way through
# wasi-libc (fsutil.c): --dir DIR (same path inside), --dir=. (the founding demonstration's
# form), --dir HOST::GUEST (Wasmtime's), --mapdir GUEST:HOST (Wasmer's), --dir-ro in the forms of
# --dir, several preopens at once, and paths that no preopen covers.
# shellcheck source=tests/wasi/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

D=$T/data
mkdir -p "$D/sub" "$T/other"
printf 'hello\n' >"$D/hello.txt"
printf 'other\n' >"$T/other/o.txt"

expect "--dir DIR: seen under its own path" 0 \
  wb --dir "$D" "$W/fsutil.wasm" preopens cat "$D/hello.txt" write "$D/new.txt" $'new\n' ls "$D" <<OUT
preopen [$D]
hello
cat $D/hello.txt: ok
write $D/new.txt: ok
$D: hello.txt new.txt sub
ls $D: ok
OUT
same_text "host: new.txt written through --dir DIR" "$D/new.txt" 'new\n'

# The founding demonstration's shape: `run FILE --dir=. -- ARGS`, relative paths from ".".
last_cmd="cd $D && wasmbox run fsutil.wasm --dir=. -- ..."
(cd "$D" && wb "$W/fsutil.wasm" --dir=. -- preopens cat hello.txt write made.txt $'made\n' ls sub) \
  >"$OUT" 2>"$ERR"
status=$?
cat >"$T/.expected" <<'OUT'
preopen [.]
hello
cat hello.txt: ok
write made.txt: ok
sub:
ls sub: ok
OUT
if [ "$status" = 0 ] && cmp -s "$T/.expected" "$OUT"; then pass "--dir=. after the file, then --"; else
  fail "--dir=. after the file, then --"
  show_run
fi
same_text "host: made.txt written in the current directory" "$D/made.txt" 'made\n'

expect "--dir HOST::GUEST" 0 wb --dir "$D::/data" "$W/fsutil.wasm" preopens cat /data/hello.txt <<'OUT'
preopen [/data]
hello
cat /data/hello.txt: ok
OUT
expect "--dir=HOST::GUEST" 0 wb "--dir=$D::/data" "$W/fsutil.wasm" cat /data/hello.txt <<'OUT'
hello
cat /data/hello.txt: ok
OUT
expect "--mapdir GUEST:HOST" 0 wb --mapdir "/m:$D" "$W/fsutil.wasm" preopens cat /m/hello.txt <<'OUT'
preopen [/m]
hello
cat /m/hello.txt: ok
OUT
expect "--mapdir=GUEST:HOST after the file" 0 \
  wb "$W/fsutil.wasm" "--mapdir=/m:$D" preopens write /m/sub/w.txt $'w\n' <<'OUT'
preopen [/m]
write /m/sub/w.txt: ok
OUT
same_text "host: sub/w.txt written through --mapdir" "$D/sub/w.txt" 'w\n'

expect "several preopens, in the order given" 0 \
  wb --dir "$D::/a" --mapdir "/b:$T/other" "$W/fsutil.wasm" --dir "$T/other::/c" preopens \
  cat /b/o.txt cat /c/o.txt cat /a/hello.txt <<'OUT'
preopen [/a]
preopen [/b]
preopen [/c]
other
cat /b/o.txt: ok
other
cat /c/o.txt: ok
hello
cat /a/hello.txt: ok
OUT

expect "paths no preopen covers" 1 wb --dir "$D::/data" "$W/fsutil.wasm" cat /etc/passwd \
  cat /data/../other/o.txt cat "$T/other/o.txt" <<OUT
cat /etc/passwd: Capabilities insufficient
cat /data/../other/o.txt: Capabilities insufficient
cat $T/other/o.txt: Capabilities insufficient
OUT

snapshot "$D" >"$T/ro.before"
expect "--dir-ro DIR: reads work, writes fail" 1 \
  wb --dir-ro "$D" "$W/fsutil.wasm" cat "$D/hello.txt" write "$D/x.txt" 'x' mkdir "$D/d" \
  rm "$D/hello.txt" write "$D/hello.txt" 'overwritten' <<OUT
hello
cat $D/hello.txt: ok
write $D/x.txt: Operation not permitted
mkdir $D/d: Operation not permitted
rm $D/hello.txt: Operation not permitted
write $D/hello.txt: Operation not permitted
OUT
expect "--dir-ro=HOST::GUEST beside a writable --dir" 1 \
  wb "--dir-ro=$D::/ro" --dir "$T/other::/rw" "$W/fsutil.wasm" preopens ls /ro \
  write /ro/sub/x 'x' write /rw/ok.txt $'ok\n' <<'OUT'
preopen [/ro]
preopen [/rw]
/ro: hello.txt made.txt new.txt sub
ls /ro: ok
write /ro/sub/x: Operation not permitted
write /rw/ok.txt: ok
OUT
snapshot "$D" >"$T/ro.after"
check "host: the read-only directory is untouched" cmp -s "$T/ro.before" "$T/ro.after"
same_text "host: the writable one next to it was written" "$T/other/ok.txt" 'ok\n'
finish
