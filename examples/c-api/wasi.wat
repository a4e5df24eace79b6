;; wasi.wat — a small WASI command: greets on stdout, prints its arguments one per line, writes
;; a line on stderr, and exits with status 7.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from a WASI program\n")
  (data (i32.const 64) "a line on stderr\n")

  ;; write(fd, ptr, len) through one iovec at address 0
  (func $write (param $fd i32) (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func (export "_start")
    (local $size i32) (local $i i32)
    (call $write (i32.const 1) (i32.const 16) (i32.const 26))
    ;; the arguments: pointers at 256, strings (NUL-terminated, back to back) at 1024
    (drop (call $args_sizes_get (i32.const 128) (i32.const 132)))
    (drop (call $args_get (i32.const 256) (i32.const 1024)))
    (local.set $size (i32.load (i32.const 132)))
    ;; each NUL becomes a newline, then the whole buffer goes out at once
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $size)))
        (if (i32.eqz (i32.load8_u (i32.add (i32.const 1024) (local.get $i))))
          (then (i32.store8 (i32.add (i32.const 1024) (local.get $i)) (i32.const 10))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $write (i32.const 1) (i32.const 1024) (local.get $size))
    (call $write (i32.const 2) (i32.const 64) (i32.const 17))
    (call $proc_exit (i32.const 7))))
