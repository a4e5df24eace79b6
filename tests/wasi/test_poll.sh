#!/bin/bash
# tests/wasi/test_poll.sh — poll_oneoff (poll.c): clock subscriptions (relative, absolute,
# realtime, several at once), readiness of files, stdout and stderr, and stdin: data arriving
# through a pipe, a pipe with nothing in it, and end of file. No timing is asserted beyond
# "a sleep does not end early".
# shellcheck source=tests/wasi/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

expect "clock subscriptions" 0 wb "$W/poll.wasm" clocks <<'OUT'
relative 20 ms: success, 1 event(s) [42 clock success]
absolute monotonic +15 ms: success, 1 event(s) [7 clock success]
absolute realtime +10 ms: success, 1 event(s) [8 clock success]
relative realtime 5 ms: success, 1 event(s) [9 clock success]
absolute deadline in the past: success, 1 event(s) [10 clock success]
10 s and 1 ms: success, 1 event(s) [2 clock success]
no subscriptions: inval
done, 0 check(s) failed
OUT

mkdir "$T/sb"
expect "file, stdout and stderr readiness" 0 wb --dir "$T/sb::/sandbox" "$W/poll.wasm" files <<'OUT'
file read+write, 30 s clock: success, 2 event(s) [1 fd_read success] [2 fd_write success]
stdout writable: success, 1 event(s) [4 fd_write success]
stderr writable: success, 1 event(s) [5 fd_write success]
fd_read on an unopened fd reported as badf: yes
unknown event type: inval
unknown clock reported as inval: yes
done, 0 check(s) failed
OUT

# Data comes through a pipe a moment after the program starts polling.
last_cmd="(sleep 1; echo hello) | wasmbox run poll.wasm stdin"
(sleep 1; echo hello) | wb "$W/poll.wasm" stdin >"$OUT" 2>"$ERR"
status=$?
cat >"$T/.expected" <<'OUT'
stdin or 20 s: success, 1 event(s) [1 fd_read success]
read 6 byte(s): hello
done, 0 check(s) failed
OUT
if [ "$status" = 0 ] && cmp -s "$T/.expected" "$OUT"; then pass "stdin becomes readable"; else
  fail "stdin becomes readable"
  show_run
fi

# A pipe that stays open and empty: only the clock fires. The writer is a fifo held open by this
# shell, so nothing can arrive by accident and no process is left behind.
mkfifo "$T/fifo"
exec 7<>"$T/fifo"
STDIN=$T/fifo
expect "idle stdin: only the clock fires" 0 wb "$W/poll.wasm" stdin-idle <<'OUT'
idle stdin or 100 ms: success, 1 event(s) [2 clock success]
done, 0 check(s) failed
OUT
exec 7>&-
STDIN=/dev/null

expect "stdin at end of file is readable" 0 wb "$W/poll.wasm" stdin-eof <<'OUT'
stdin at eof or 20 s: success, 1 event(s) [1 fd_read success]
read: 0
done, 0 check(s) failed
OUT
finish
