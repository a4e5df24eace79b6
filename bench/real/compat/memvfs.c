/* bench/real/compat/memvfs.c — the only OS layer of the benchmark SQLite (SQLITE_OS_OTHER=1, native
 * and Wasm alike): no files at all, as speedtest1 runs with --memdb; a real clock for its timing
 * lines and a fixed random stream, so that every engine does the same work. */
#include <string.h>
#include <time.h>
#include "sqlite3.h"

static int mem_open(sqlite3_vfs *v, const char *name, sqlite3_file *f, int flags, int *out) {
  (void)v; (void)name; (void)flags; (void)out;
  f->pMethods = 0;
  return SQLITE_CANTOPEN;
}
static int mem_delete(sqlite3_vfs *v, const char *name, int sync) {
  (void)v; (void)name; (void)sync;
  return SQLITE_OK;
}
static int mem_access(sqlite3_vfs *v, const char *name, int flags, int *res) {
  (void)v; (void)name; (void)flags;
  *res = 0;
  return SQLITE_OK;
}
static int mem_fullpath(sqlite3_vfs *v, const char *name, int n, char *out) {
  (void)v;
  sqlite3_snprintf(n, out, "%s", name);
  return SQLITE_OK;
}
static int mem_random(sqlite3_vfs *v, int n, char *out) {
  static unsigned x = 12345;
  (void)v;
  for (int i = 0; i < n; i++) {
    x = x * 1103515245u + 12345u;
    out[i] = (char)(x >> 16);
  }
  return n;
}
static int mem_sleep(sqlite3_vfs *v, int us) {
  (void)v;
  return us;
}
static int mem_time64(sqlite3_vfs *v, sqlite3_int64 *t) {
  struct timespec ts;
  (void)v;
  clock_gettime(CLOCK_REALTIME, &ts);
  /* Julian day number in milliseconds, as the unix VFS reports it */
  *t = (sqlite3_int64)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + 210866760000000LL;
  return SQLITE_OK;
}
static int mem_time(sqlite3_vfs *v, double *t) {
  sqlite3_int64 ms;
  mem_time64(v, &ms);
  *t = ms / 86400000.0;
  return SQLITE_OK;
}
static int mem_last_error(sqlite3_vfs *v, int n, char *out) {
  (void)v; (void)n; (void)out;
  return 0;
}

static sqlite3_vfs mem_vfs = {
    .iVersion = 2,
    .szOsFile = sizeof(sqlite3_file),
    .mxPathname = 512,
    .zName = "bench-mem",
    .xOpen = mem_open,
    .xDelete = mem_delete,
    .xAccess = mem_access,
    .xFullPathname = mem_fullpath,
    .xRandomness = mem_random,
    .xSleep = mem_sleep,
    .xCurrentTime = mem_time,
    .xGetLastError = mem_last_error,
    .xCurrentTimeInt64 = mem_time64,
};

int sqlite3_os_init(void) { return sqlite3_vfs_register(&mem_vfs, 1); }
int sqlite3_os_end(void) { return SQLITE_OK; }
