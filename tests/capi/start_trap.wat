;; start_trap.wat — instantiation fails: the start function traps.
(module
  (func $start unreachable)
  (start $start))
