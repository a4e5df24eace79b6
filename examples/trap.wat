;; examples/trap.wat — a trap three calls deep: `main` averages an empty list, which divides by
;; zero. wasmbox exits with status 134 and prints the trap with a backtrace naming each function.
;;   build/wasmbox run examples/trap.wasm --invoke main
(module $trap
  (func $divide (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))

  (func $average (export "average") (param $sum i32) (param $count i32) (result i32)
    (call $divide (local.get $sum) (local.get $count)))

  (func $main (export "main") (result i32)
    (call $average (i32.const 0) (i32.const 0))))
