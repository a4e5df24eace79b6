;; calc.wat — the Python tests' module: numbers of every type, several results, a memory, globals,
;; a table, host functions called from Wasm (and Wasm called back from them), and traps.
(module
  (import "env" "log" (func $log (param i32)))
  (import "env" "twice" (func $twice (param i32) (result i32)))
  (import "env" "counter" (global $counter (mut i32)))
  (memory (export "memory") 1 4)
  (global $scale (export "scale") (mut f64) (f64.const 0.5))
  (global (export "answer") i64 (i64.const 42))
  (table $t (export "table") 2 10 funcref)
  (type $nullary (func (result i32)))
  (elem (i32.const 0) $seven)
  (func $seven (export "seven") (result i32) i32.const 7)
  (func (export "add") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.add)
  (func (export "add64") (param i64 i64) (result i64)
    local.get 0 local.get 1 i64.add)
  (func (export "mul32") (param f32 f32) (result f32)
    local.get 0 local.get 1 f32.mul)
  (func (export "scaled") (param f64) (result f64)
    local.get 0 global.get $scale f64.mul)
  (func (export "divmod") (param i32 i32) (result i32 i32)
    local.get 0 local.get 1 i32.div_u
    local.get 0 local.get 1 i32.rem_u)
  (func $fib (export "fib") (param i32) (result i32)
    local.get 0 i32.const 2 i32.lt_u
    if (result i32) local.get 0
    else
      local.get 0 i32.const 1 i32.sub call $fib
      local.get 0 i32.const 2 i32.sub call $fib
      i32.add
    end)
  ;; sum of n bytes from address p
  (func (export "sum") (param $p i32) (param $n i32) (result i32)
    (local $acc i32)
    block
      loop
        local.get $n i32.eqz br_if 1
        local.get $acc local.get $p i32.load8_u i32.add local.set $acc
        local.get $p i32.const 1 i32.add local.set $p
        local.get $n i32.const 1 i32.sub local.set $n
        br 0
      end
    end
    local.get $acc)
  ;; writes "wasm" at address p
  (func (export "poke") (param $p i32)
    local.get $p i32.const 0x6d736177 i32.store)
  (func (export "logged") (param i32) (result i32)
    local.get 0 call $log
    local.get 0 call $twice)
  (func (export "bump") (result i32)
    global.get $counter i32.const 1 i32.add global.set $counter global.get $counter)
  (func (export "call_at") (param i32) (result i32)
    local.get 0 call_indirect (type $nullary))
  (func (export "div") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.div_s)
  (func (export "id") (param externref) (result externref) local.get 0)
  (func (export "fref") (param funcref) (result funcref) local.get 0)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))
