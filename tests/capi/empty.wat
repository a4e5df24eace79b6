;; empty.wat — an instance with neither a memory nor a _start export (wasi_* refusals).
(module
  (func (export "nothing")))
