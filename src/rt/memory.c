/* rt/memory.c — linear memories. Guard-page mode reserves the whole addressable range up front
 * so the base never moves and out-of-bounds accesses fault into rt/signals; explicit-check mode
 * keeps a plain mapping of exactly the current size, which may move on grow. */
#define _GNU_SOURCE
#include "rt/memory.h"
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "rt/signals.h"

/* 32-bit address + 32-bit offset reaches 8 GiB - 2; one more page covers the widest access. */
#define GUARD_RESERVATION (((size_t)8 << 30) + WB_PAGE_SIZE)

/* A zero-page explicit-check memory still needs a non-NULL base: zero-length memory.fill/copy
 * at address 0 pass their bounds checks and hand base to memset/memmove. */
static _Alignas(16) uint8_t empty_memory[16];

static atomic_bool forced_bounds_checks;

bool wb_memory_default_bounds_checked(void) {
  if (atomic_load(&forced_bounds_checks)) return true;
  const char *env = getenv("WASMBOX_BOUNDS_CHECKS");
  return env && strcmp(env, "1") == 0;
}

void wb_memory_force_bounds_checks(bool on) { atomic_store(&forced_bounds_checks, on); }

static bool commit(uint8_t *at, uint64_t bytes) {
  return bytes == 0 || mprotect(at, bytes, PROT_READ | PROT_WRITE) == 0;
}

wb_status wb_memory_new(const wb_memtype *type, bool bounds_checked, uint64_t limit_pages,
                        wb_memory **out, wb_error *err) {
  *out = NULL;
  uint64_t max_pages = type->limits.has_max && type->limits.max < WB_MAX_PAGES ? type->limits.max
                                                                               : WB_MAX_PAGES;
  if (limit_pages && limit_pages < max_pages) max_pages = limit_pages;
  uint64_t pages = type->limits.min;
  if (pages > max_pages)
    return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET,
                   "memory of %llu pages exceeds the limit of %llu pages",
                   (unsigned long long)pages, (unsigned long long)max_pages);

  wb_memory *m = calloc(1, sizeof *m);
  if (!m) return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET, "out of memory allocating a memory");
  m->size = pages * WB_PAGE_SIZE;
  m->max_pages = max_pages;
  m->type = *type;
  m->bounds_checked = bounds_checked;

  if (bounds_checked) {
    if (m->size == 0) {
      m->base = empty_memory;
    } else {
      void *p = mmap(NULL, m->size, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (p == MAP_FAILED) {
        free(m);
        return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET,
                       "cannot allocate a linear memory of %llu pages",
                       (unsigned long long)pages);
      }
      m->base = p;
    }
  } else {
    void *p = mmap(NULL, GUARD_RESERVATION, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
      free(m);
      return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET,
                     "cannot reserve 8 GiB of address space for a linear memory (%s); "
                     "run with explicit bounds checks (WASMBOX_BOUNDS_CHECKS=1) on hosts short "
                     "of address space", strerror(errno));
    }
    m->base = p;
    m->reserved = GUARD_RESERVATION;
    if (!commit(m->base, m->size)) {
      munmap(p, GUARD_RESERVATION);
      free(m);
      return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET,
                     "cannot commit a linear memory of %llu pages", (unsigned long long)pages);
    }
    wb_signals_install();
    wb_signals_register(m->base, m->reserved);
  }
  *out = m;
  return WB_OK;
}

void wb_memory_free(wb_memory *m) {
  if (!m) return;
  if (m->reserved) {
    wb_signals_unregister(m->base);
    munmap(m->base, m->reserved);
  } else if (m->base != empty_memory) {
    munmap(m->base, m->size);
  }
  free(m);
}

int64_t wb_memory_grow(wb_memory *m, uint64_t delta_pages) {
  uint64_t old_pages = m->size / WB_PAGE_SIZE;
  if (delta_pages > m->max_pages - old_pages) return -1;
  if (delta_pages == 0) return (int64_t)old_pages;
  uint64_t new_size = (old_pages + delta_pages) * WB_PAGE_SIZE;

  if (m->reserved) {
    /* Pages past the old size were never writable, so they are still the kernel's zero pages. */
    if (!commit(m->base + m->size, new_size - m->size)) return -1;
  } else if (m->base == empty_memory) {
    void *p = mmap(NULL, new_size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return -1;
    m->base = p;
  } else {
    /* mremap extends an anonymous mapping with fresh zero pages, moving it if needed. */
    void *p = mremap(m->base, m->size, new_size, MREMAP_MAYMOVE);
    if (p == MAP_FAILED) return -1;
    m->base = p;
  }
  m->size = new_size;
  m->type.limits.min = old_pages + delta_pages;
  return (int64_t)old_pages;
}
