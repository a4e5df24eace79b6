;; tables.wat — an exported table of functions, filled partly by the module and partly by the
;; host, called through call_indirect.
(module
  (type $get (func (result i32)))
  (table $t (export "table") 3 10 funcref)
  (func $seven (type $get) i32.const 7)
  (func $eleven (type $get) i32.const 11)
  (elem (i32.const 0) $seven $eleven)
  (func (export "call_at") (param i32) (result i32)
    local.get 0
    call_indirect (type $get))
  (func (export "size") (result i32)
    table.size $t))
