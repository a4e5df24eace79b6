;; traps.wat — ways for a call to end in a trap: an arithmetic fault two calls deep, unreachable,
;; a host function refusing its argument, and recursion without end.
(module
  (import "host" "check" (func $check (param i32)))
  (func $divide (export "divide") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.div_s)
  (func $half_of_nothing (param i32) (result i32)
    local.get 0
    i32.const 0
    call $divide)
  (func (export "nested") (result i32)
    i32.const 1
    call $half_of_nothing)
  (func (export "crash")
    unreachable)
  (func (export "checked") (param i32)
    local.get 0
    call $check)
  (func $forever (export "forever") (param i32) (result i32)
    local.get 0
    i32.const 1
    i32.add
    call $forever))
