;; examples/sieve.wat — counts the primes below n with the sieve of Eratosthenes, one byte of
;; linear memory per number (grown with memory.grow, cleared with the bulk-memory memory.fill).
;;   build/wasmbox run examples/sieve.wasm --invoke count_primes 1000000   =>  78498
(module $sieve
  (memory (export "memory") 1)

  ;; Makes sure n bytes of memory exist; traps (unreachable) if the memory cannot grow.
  (func $reserve (param $n i32)
    (local $missing i32)
    (local.set $missing
      (i32.sub (i32.shr_u (i32.add (local.get $n) (i32.const 65535)) (i32.const 16))
               (memory.size)))
    (if (i32.gt_s (local.get $missing) (i32.const 0))
      (then
        (if (i32.eq (memory.grow (local.get $missing)) (i32.const -1))
          (then unreachable)))))

  (func $count_primes (export "count_primes") (param $n i32) (result i32)
    (local $i i32) (local $j i32) (local $count i32)
    (call $reserve (local.get $n))
    (memory.fill (i32.const 0) (i32.const 0) (local.get $n))   ;; 0 = maybe prime
    (local.set $i (i32.const 2))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.eqz (i32.load8_u (local.get $i)))
          (then
            (local.set $count (i32.add (local.get $count) (i32.const 1)))
            ;; cross out multiples from i*i, unless i*i would overflow past n
            (if (i32.le_u (local.get $i) (i32.div_u (local.get $n) (local.get $i)))
              (then
                (local.set $j (i32.mul (local.get $i) (local.get $i)))
                (block $crossed
                  (loop $cross
                    (br_if $crossed (i32.ge_u (local.get $j) (local.get $n)))
                    (i32.store8 (local.get $j) (i32.const 1))
                    (local.set $j (i32.add (local.get $j) (local.get $i)))
                    (br $cross)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $count)))
