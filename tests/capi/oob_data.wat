;; oob_data.wat — instantiation fails: a data segment lies past the end of memory.
(module
  (memory 1)
  (data (i32.const 65535) "ab"))
