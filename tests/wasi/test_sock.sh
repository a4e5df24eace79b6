#!/bin/bash
# tests/wasi/test_sock.sh — sock_accept, sock_recv (with peek), sock_send, sock_shutdown (sock.c)
# on a listening socket handed over with --tcplisten 127.0.0.1:PORT. A small python client on
# the host connects, sends "ping", reads until the program shuts down its side, sends "bye" and
# closes. Also --tcplisten on an address that cannot be bound.
# shellcheck source=tests/wasi/lib.sh
source "$(dirname "$0")/lib.sh" "$@"

# free_port: a port the kernel just handed out and released (the listener binds it right after).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

cat >"$T/client.py" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
deadline = time.time() + 60
while True:                     # the listener appears when wasmbox has started
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=60)
        break
    except OSError:
        if time.time() > deadline:
            raise
        time.sleep(0.05)
s.sendall(b"ping\n")
data = b""
while True:
    chunk = s.recv(100)
    if not chunk:
        break
    data += chunk
sys.stdout.write(data.decode())
s.sendall(b"bye\n")
s.close()
PY

# The port may be taken between free_port and the bind: then wasmbox exits 126; try again.
for _ in 1 2 3; do
  PORT=$(free_port)
  python3 "$T/client.py" "$PORT" >"$T/client.out" 2>"$T/client.err" &
  client=$!
  run wb --tcplisten "127.0.0.1:$PORT" "$W/sock.wasm"
  if [ "$status" = 126 ] && grep -qi 'in use' "$ERR"; then
    kill "$client" 2>/dev/null
    wait "$client" 2>/dev/null
    continue
  fi
  break
done
wait "$client"
client_status=$?
cat >"$T/.expected" <<'OUT'
listening socket found: yes
listener accept right: 1
sock_accept: success
connection is a socket_stream
sock_recv(peek): success [p]
received: ping
sock_send(2 iovecs): success n=5
fd_write on the socket: success
sock_shutdown(wr): success
sock_send after shutdown(wr): pipe
received after shutdown(wr): bye
sock_recv at end of stream: 0 byte(s)
sock_shutdown(rd): notconn
sock_shutdown(flags 4): inval
fd_close(connection): success
sock_send on the closed connection: badf
sock_accept with no client waiting: again
sock_recv(stdin): notsock
sock_send(stdout): notsock
sock_shutdown(stdout): notsock
sock_accept(stdout): notsock
sock_accept(777): badf
done, 0 check(s) failed
OUT
if [ "$status" = 0 ] && cmp -s "$T/.expected" "$OUT"; then pass "sock_* on a --tcplisten socket"; else
  fail "sock_* on a --tcplisten socket (- expected, + got)"
  show_run
  diff -u "$T/.expected" "$OUT" | sed 's/^/  /'
fi
if [ "$client_status" = 0 ] && [ "$(cat "$T/client.out")" = "$(printf 'pong\nvia fd_write')" ]; then
  pass "the host client got pong and the fd_write line, then end of stream"
else
  fail "the host client (exit $client_status) got: $(head -c 300 "$T/client.out")" \
    "client stderr: $(head -c 500 "$T/client.err")"
fi

# The --tcplisten=HOST:PORT form; a socket is not a preopened directory.
PORT=$(free_port)
expect "--tcplisten=HOST:PORT, no preopen listed" 0 wb "--tcplisten=127.0.0.1:$PORT" "$W/fsutil.wasm" preopens </dev/null

# An address that cannot be bound: the run fails before the program starts, saying why.
run wb --tcplisten 192.0.2.1:80 "$W/fsutil.wasm" preopens
if [ "$status" = 126 ] && [ -s "$ERR" ]; then pass "--tcplisten on an address not ours: exit 126 with a message"; else
  fail "--tcplisten 192.0.2.1:80 should fail with 126 and a message"
  show_run
fi
run wb --tcplisten nonsense "$W/fsutil.wasm" preopens
if [ "$status" = 2 ] || [ "$status" = 126 ]; then pass "--tcplisten nonsense is refused ($status)"; else
  fail "--tcplisten nonsense should be refused"
  show_run
fi
finish
