;; full.wat — a module touching every kind of import and export, every value type the C API
;; carries, and references of both kinds (test_capi.c).
(module
  (import "host" "add1" (func $add1 (param i32) (result i32)))
  (import "host" "counter" (global $counter (mut i32)))
  (import "host" "funcs" (table $funcs 2 funcref))
  (import "host" "mem" (memory $mem 1 4))
  (type $to_i32 (func (result i32)))

  (table $refs (export "refs") 4 16 externref)
  (global $g64 (export "g64") (mut i64) (i64.const -7))
  (global $gref (export "gref") (mut externref) (ref.null extern))
  (global $gfun (export "gfun") (mut funcref) (ref.null func))

  ;; all four numeric types in and out
  (func (export "numbers") (param i32 i64 f32 f64) (result f64 f32 i64 i32)
    local.get 3 local.get 2 local.get 1 local.get 0)
  ;; calls the imported host function
  (func (export "call_add1") (param i32) (result i32)
    local.get 0 call $add1)
  ;; increments the imported global
  (func (export "bump") (result i32)
    global.get $counter i32.const 1 i32.add global.set $counter global.get $counter)
  ;; calls an entry of the imported table
  (func (export "call_slot") (param i32) (result i32)
    local.get 0 call_indirect $funcs (type $to_i32))
  ;; reads a byte of the imported memory
  (func (export "peek") (param i32) (result i32)
    local.get 0 i32.load8_u)
  (func (export "id_ext") (param externref) (result externref)
    local.get 0)
  (func (export "id_func") (param funcref) (result funcref)
    local.get 0)
  (func (export "set_ref") (param i32 externref)
    local.get 0 local.get 1 table.set $refs)
  (func (export "get_ref") (param i32) (result externref)
    local.get 0 table.get $refs)
  (func $seven (export "seven") (result i32) i32.const 7)
  (func (export "grow_mem") (param i32) (result i32)
    local.get 0 memory.grow)
  (elem declare func $seven))
