/* rt/memory.h — linear memories. Default mode: a reservation of 8 GiB + one page of address
 * space (32-bit address + 32-bit offset + a 16-byte access always lands inside it), pages
 * committed read-write on grow, everything else PROT_NONE so out-of-bounds accesses fault
 * and the signal handler (rt/signals.h) turns the fault into a trap. Bounds-checked mode:
 * the tier emits explicit checks; memory is a plain allocation that may move on grow. */
#ifndef WB_RT_MEMORY_H
#define WB_RT_MEMORY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ir/module.h"
#include "util/error.h"

#define WB_PAGE_SIZE 65536u
#define WB_MAX_PAGES 65536u           /* 4 GiB for a 32-bit memory */

typedef struct wb_memory {
  uint8_t *base;                      /* start of the memory; stable in guard-page mode */
  uint64_t size;                      /* current size in bytes (pages * 64 KiB) */
  uint64_t max_pages;                 /* the declared maximum, or WB_MAX_PAGES, further capped by limit_pages */
  wb_memtype type;                    /* current type (min = current pages), for import matching */
  bool bounds_checked;                /* explicit-check mode */
  size_t reserved;                    /* bytes of address space reserved (guard-page mode) */
} wb_memory;

/* Creates a memory of type->limits.min pages. bounds_checked selects the explicit-check mode.
 * limit_pages (0 = none) caps growth below the declared maximum (a resource limit). */
wb_status wb_memory_new(const wb_memtype *type, bool bounds_checked, uint64_t limit_pages,
                        wb_memory **out, wb_error *err);
void wb_memory_free(wb_memory *m);

/* memory.grow: returns the old size in pages, or -1 when the growth is refused. */
int64_t wb_memory_grow(wb_memory *m, uint64_t delta_pages);

/* Whether [addr, addr+len) lies inside the memory (64-bit arithmetic, no overflow). */
static inline bool wb_memory_in_bounds(const wb_memory *m, uint64_t addr, uint64_t len) {
  return addr <= m->size && len <= m->size - addr;
}

/* Whether the process runs memories in explicit-check mode by default (WASMBOX_BOUNDS_CHECKS=1
 * in the environment, or wb_memory_force_bounds_checks). */
bool wb_memory_default_bounds_checked(void);
void wb_memory_force_bounds_checks(bool on);

#endif
