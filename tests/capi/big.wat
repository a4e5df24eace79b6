;; big.wat — a memory that starts at 4 pages and may grow to 100 (memory limits of wasmbox.h).
(module
  (memory (export "memory") 4 100)
  (func (export "grow") (param i32) (result i32)
    local.get 0 memory.grow)
  (func (export "fib") (param $n i32) (result i32)
    local.get $n i32.const 2 i32.lt_u
    if (result i32)
      local.get $n
    else
      local.get $n i32.const 1 i32.sub call 1
      local.get $n i32.const 2 i32.sub call 1
      i32.add
    end))
