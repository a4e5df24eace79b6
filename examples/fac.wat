;; examples/fac.wat — factorial, recursive, on 64-bit integers.
;;   build/wasmbox run examples/fac.wasm --invoke fac 20   =>  2432902008176640000
(module $fac
  (func $fac (export "fac") (param $n i64) (result i64)
    (if (result i64) (i64.le_u (local.get $n) (i64.const 1))
      (then (i64.const 1))
      (else
        (i64.mul (local.get $n)
                 (call $fac (i64.sub (local.get $n) (i64.const 1))))))))
