/* util/helper.h — one background thread, started ahead of need, that takes a share of CPU-bound
 * work (validating a large module's bodies) alongside the thread that asked for it.
 *
 * Why started ahead: on the 2-vCPU virtual machines wasmbox is measured on, a thread that has
 * just been created first ran anywhere from 0.1 to 4 ms later, even with the other vCPU idle,
 * while a thread already blocked on a condition variable was woken within ~0.1 ms (measured
 * with a test program; the cause, the scheduler or the hypervisor, was not pinned down). The
 * decoder starts the helper when its input is large, so that by the time the bodies are
 * validated it is waiting.
 *
 * One job at a time: a second poster is told "busy" and does the work alone. A posted job that
 * the helper has not begun when its poster joins it is withdrawn, so the poster never waits for
 * the helper to wake. Jobs are shared-work loops (each side claims pieces until none are left),
 * so whichever thread gets there first simply does more. Fork-safe: a child starts afresh. */
#ifndef WB_UTIL_HELPER_H
#define WB_UTIL_HELPER_H
#include <stdbool.h>

/* Bytes of Wasm code below which validating them is not worth a second thread. */
#define WB_HELPER_MIN_CODE_BYTES (256 * 1024)

typedef struct wb_helper_job {
  void (*fn)(void *arg);
  void *arg;
  bool done;              /* set by the helper under its lock */
} wb_helper_job;

/* Starts the helper thread if it is not running (cheap when it is). */
void wb_helper_prestart(void);

/* Hands job to the helper, which will call job->fn(job->arg) once. False when there is no helper
 * (never started, or it could not be) or it is busy: the caller does the work itself. */
bool wb_helper_post(wb_helper_job *job);

/* Returns once a posted job (wb_helper_post said true) has run to its end, or has been
 * withdrawn before it began. */
void wb_helper_join(wb_helper_job *job);

#endif
