;; examples/fib.wat — Fibonacci numbers, naively recursive on purpose: fib 30 makes 1.6 million
;; calls, a quick measure of call overhead.
;;   build/wasmbox run examples/fib.wasm --invoke fib 30   =>  832040
(module $fib
  (func $fib (export "fib") (param $n i64) (result i64)
    (if (result i64) (i64.lt_u (local.get $n) (i64.const 2))
      (then (local.get $n))
      (else
        (i64.add (call $fib (i64.sub (local.get $n) (i64.const 1)))
                 (call $fib (i64.sub (local.get $n) (i64.const 2))))))))
