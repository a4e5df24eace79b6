;; memory.wat — an exported memory of 2 to 3 pages, with accessors and a checksum loop.
(module
  (memory (export "memory") 2 3)
  (func (export "size") (result i32)
    memory.size)
  (func (export "load") (param i32) (result i32)
    local.get 0
    i32.load8_s)
  (func (export "store") (param i32 i32)
    local.get 0
    local.get 1
    i32.store8)
  ;; sum of the bytes [0, n) as unsigned values
  (func (export "sum") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    block
      loop
        local.get $i
        local.get $n
        i32.ge_u
        br_if 1
        local.get $acc
        local.get $i
        i32.load8_u
        i32.add
        local.set $acc
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br 0
      end
    end
    local.get $acc)
  (data (i32.const 0x1000) "\01\04"))
