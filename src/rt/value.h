/* rt/value.h — the representation of Wasm values outside the interpreter's frames.
 * Inside frames every value lives in 8-byte slots (a v128 in two); a wb_value holds any of them.
 * funcref values are wb_funcinst pointers, externref values are opaque host pointers;
 * NULL is the null reference of either type. */
#ifndef WB_RT_VALUE_H
#define WB_RT_VALUE_H
#include <stdint.h>

typedef union wb_value {
  int32_t i32;
  uint32_t u32;
  int64_t i64;
  uint64_t u64;
  float f32;
  double f64;
  void *ref;
  uint8_t v128[16];
  uint64_t slots[2];
} wb_value;

#endif
