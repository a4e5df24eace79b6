;; multi.wat — functions with several results, in Wasm and in the host.
(module
  (import "host" "split" (func $split (param i64) (result i32 i32)))
  (func (export "reverse") (param i32 i64 f32 f64) (result f64 f32 i64 i32)
    local.get 3
    local.get 2
    local.get 1
    local.get 0)
  (func (export "divmod") (param i32 i32) (result i32 i32)
    local.get 0
    local.get 1
    i32.div_u
    local.get 0
    local.get 1
    i32.rem_u)
  ;; the halves of a 64-bit value, computed by the host, summed here
  (func (export "sum_halves") (param i64) (result i32 i32 i32)
    (local $hi i32) (local $lo i32)
    local.get 0
    call $split
    local.set $lo
    local.set $hi
    local.get $hi
    local.get $lo
    local.get $hi
    local.get $lo
    i32.add))
