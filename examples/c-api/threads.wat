;; threads.wat — work for several threads at once: a recursive fib, plus the host's thread id.
(module
  (import "host" "id" (func $id (result i32)))
  (func $fib (param $n i32) (result i32)
    local.get $n
    i32.const 2
    i32.lt_u
    if (result i32)
      local.get $n
    else
      local.get $n
      i32.const 1
      i32.sub
      call $fib
      local.get $n
      i32.const 2
      i32.sub
      call $fib
      i32.add
    end)
  ;; fib(n) + 1000000 * id()
  (func (export "work") (param $n i32) (result i32)
    local.get $n
    call $fib
    call $id
    i32.const 1000000
    i32.mul
    i32.add))
