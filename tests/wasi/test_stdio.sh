#!/bin/bash
# tests/wasi/test_stdio.sh — stdin, stdout and stderr pass straight through `wasmbox run`: text
# and binary data through a program that copies stdin to stdout in 7-byte pieces with raw
# fd_read/fd_write (misc.c "cat"), stderr kept apart from stdout, and an interactive
# prompt-and-answer dialogue over pipes, where every answer must come out before the next line
# is written (nothing may sit in a buffer of wasmbox's).
# shellcheck source=tests/wasi/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

stdin_text 'one line\nand another\n'
expect "text from stdin to stdout" 0 wb "$W/misc.wasm" cat <<'OUT'
one line
and another
OUT
err_has "the byte count goes to stderr, not stdout" '^cat: 21 bytes$'

# Every byte value, then 64 KiB of random bytes: nothing is translated or lost.
python3 -c '
import os, sys
sys.stdout.buffer.write(bytes(range(256)) * 4 + os.urandom(65536))' >"$T/binary"
STDIN=$T/binary
expect_status "binary data from stdin" 0 wb "$W/misc.wasm" cat
check "binary data comes out unchanged" cmp -s "$T/binary" "$OUT"
err_has "all 66560 bytes counted" '^cat: 66560 bytes$'
STDIN=/dev/null

expect "empty stdin" 0 wb "$W/misc.wasm" cat </dev/null
err_has "0 bytes counted" '^cat: 0 bytes$'

expect "stderr apart from stdout" 0 wb "$W/misc.wasm" stderr <<'OUT'
fd_write(2): success
done, 0 check(s) failed
OUT
check "stderr has exactly the program's line" test "$(cat "$ERR")" = "to stderr"

# A real dialogue: write a line only after the answer to the previous one has been read.
cat >"$T/dialogue.py" <<'PY'
import os, select, subprocess, sys, time
proc = subprocess.Popen(sys.argv[1:], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
def read_until(marker):
    data, deadline = b"", time.time() + 60
    while not data.endswith(marker):
        left = deadline - time.time()
        if left <= 0:
            sys.exit("timed out waiting for %r, got %r" % (marker, data))
        if select.select([proc.stdout], [], [], left)[0]:
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                sys.exit("end of output while waiting for %r, got %r" % (marker, data))
            data += chunk
    return data
out = read_until(b"> ")
for line in (b"first", b"second"):
    proc.stdin.write(line + b"\n")
    proc.stdin.flush()
    out += read_until(b"> ")
proc.stdin.write(b"quit\n")
proc.stdin.flush()
rest, _ = proc.communicate(timeout=60)
sys.stdout.write((out + rest).decode())
sys.exit(proc.returncode)
PY
if [ -n "${WASI_TRACE:-}" ]; then trace=(--wasi-trace "$WASI_TRACE"); else trace=(); fi
expect "an interactive dialogue over pipes" 0 \
  python3 "$T/dialogue.py" "$WASMBOX" run "${trace[@]}" "$W/misc.wasm" prompt <<'OUT'
> you said [first]
> you said [second]
> bye
OUT
finish
