;; globals.wat — globals imported from the host (one constant, one mutable) and globals of the
;; module's own, exported, read and written from both sides.
(module
  (import "host" "base" (global $base i32))
  (import "host" "counter" (global $counter (mut i64)))
  (global $scale (export "scale") f64 (f64.const 1.5))
  (global $total (export "total") (mut i32) (global.get $base))
  (func (export "bump") (result i64)
    global.get $counter
    i64.const 1
    i64.add
    global.set $counter
    global.get $counter)
  (func (export "add_to_total") (param i32) (result i32)
    global.get $total
    local.get 0
    i32.add
    global.set $total
    global.get $total))
