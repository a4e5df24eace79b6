;; hello.wat — the smallest round trip: Wasm calls a host function, the host calls Wasm.
(module
  (import "host" "hello" (func $hello))
  (func (export "run")
    call $hello))
