;; callbacks.wat — calls in both directions: Wasm calls the host, the host calls back into Wasm
;; (nested as deep as the countdown goes), and a trap raised by the host reaches the caller.
(module
  (import "host" "print" (func $print (param i32)))
  (import "host" "square_twice" (func $square_twice (param i32) (result i32)))
  (import "host" "tick" (func $tick (param i32)))
  (import "host" "refuse" (func $refuse))

  (func $square (export "square") (param i32) (result i32)
    local.get 0
    local.get 0
    i32.mul)

  ;; prints x, then lets the host apply square twice
  (func (export "run") (param $x i32) (result i32)
    local.get $x
    call $print
    local.get $x
    call $square_twice)

  ;; countdown(n): the host's tick(n) prints n and calls countdown(n - 1)
  (func (export "countdown") (param $n i32)
    local.get $n
    i32.eqz
    br_if 0
    local.get $n
    call $tick)

  (func (export "ask") (result i32)
    call $refuse
    i32.const 42))
