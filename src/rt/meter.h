/* rt/meter.h — execution limits a tier checks while running: a fuel budget counted in Wasm
 * instructions and an asynchronous interrupt flag (time limits, embedder requests). One meter per
 * store, shared by its instances. Code is translated with checks only when the store is metered,
 * so unlimited runs pay nothing. */
#ifndef WB_RT_METER_H
#define WB_RT_METER_H
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct wb_meter {
  bool metered;                 /* translate with checks at function entries and loops */
  bool fuel_limited;
  int64_t fuel;                 /* remaining instructions when fuel_limited */
  _Atomic uint32_t interrupt;   /* non-zero: trap at the next check (set from any thread) */
} wb_meter;

#endif
