/* wasi/calls.h — the implementations of the 46 calls, one per import name, all of one shape so
 * the dispatcher (host.c) can keep them in a table: arguments as the core Wasm values the guest
 * passed, guest memory (NULL for the calls that need none), the WASI errno as the result.
 * Implemented in misc.c (args, environ, clocks, random, proc, sched), fd.c (descriptor state),
 * io.c (read, write, readdir), pathops.c (path_*), poll.c (poll_oneoff), sock.c (sock_*). */
#ifndef WB_WASI_CALLS_H
#define WB_WASI_CALLS_H
#include <stdint.h>
#include "rt/memory.h"
#include "rt/value.h"
#include "wasi/wasi.h"

typedef uint16_t (*wb_wasi_impl)(wb_wasi_env *env, wb_memory *mem, const wb_value *a);

#define WB_WASI_CALL(name) uint16_t wb_wasi_##name(wb_wasi_env *env, wb_memory *mem, const wb_value *a)

/* misc.c */
WB_WASI_CALL(args_get);
WB_WASI_CALL(args_sizes_get);
WB_WASI_CALL(environ_get);
WB_WASI_CALL(environ_sizes_get);
WB_WASI_CALL(clock_res_get);
WB_WASI_CALL(clock_time_get);
WB_WASI_CALL(proc_exit);
WB_WASI_CALL(proc_raise);
WB_WASI_CALL(sched_yield);
WB_WASI_CALL(random_get);
/* fd.c */
WB_WASI_CALL(fd_advise);
WB_WASI_CALL(fd_allocate);
WB_WASI_CALL(fd_close);
WB_WASI_CALL(fd_datasync);
WB_WASI_CALL(fd_fdstat_get);
WB_WASI_CALL(fd_fdstat_set_flags);
WB_WASI_CALL(fd_fdstat_set_rights);
WB_WASI_CALL(fd_filestat_get);
WB_WASI_CALL(fd_filestat_set_size);
WB_WASI_CALL(fd_filestat_set_times);
WB_WASI_CALL(fd_prestat_get);
WB_WASI_CALL(fd_prestat_dir_name);
WB_WASI_CALL(fd_renumber);
WB_WASI_CALL(fd_seek);
WB_WASI_CALL(fd_sync);
WB_WASI_CALL(fd_tell);
/* io.c */
WB_WASI_CALL(fd_read);
WB_WASI_CALL(fd_pread);
WB_WASI_CALL(fd_write);
WB_WASI_CALL(fd_pwrite);
WB_WASI_CALL(fd_readdir);
/* pathops.c */
WB_WASI_CALL(path_create_directory);
WB_WASI_CALL(path_filestat_get);
WB_WASI_CALL(path_filestat_set_times);
WB_WASI_CALL(path_link);
WB_WASI_CALL(path_open);
WB_WASI_CALL(path_readlink);
WB_WASI_CALL(path_remove_directory);
WB_WASI_CALL(path_rename);
WB_WASI_CALL(path_symlink);
WB_WASI_CALL(path_unlink_file);
/* poll.c */
WB_WASI_CALL(poll_oneoff);
/* sock.c */
WB_WASI_CALL(sock_accept);
WB_WASI_CALL(sock_recv);
WB_WASI_CALL(sock_send);
WB_WASI_CALL(sock_shutdown);

#endif
