/* wasi/path.h — resolving guest paths beneath a directory descriptor without ever leaving it.
 * The directory part of a path is opened with openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS)
 * as an O_PATH descriptor, so `..`, absolute paths and symlinks (in any component) cannot climb
 * out; the caller then applies one *at() call to the single final component, never following a
 * symlink there. Where openat2 is missing or forbidden (ENOSYS, EPERM), or when the environment
 * variable WASMBOX_WASI_NO_OPENAT2=1 asks for it, the same result comes from a walk one component
 * at a time with O_NOFOLLOW, expanding symlinks by hand. No realpath, no string-prefix checks. */
#ifndef WB_WASI_PATH_H
#define WB_WASI_PATH_H
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

/* Longest guest path accepted (bytes, without the NUL). */
#define WB_WASI_PATH_MAX 4096

typedef struct wb_wasi_path {
  int dirfd;                    /* the directory holding name: the base itself, or an O_PATH descriptor */
  bool owned;                   /* dirfd was opened here: wb_wasi_path_done closes it */
  bool must_be_dir;             /* the path ended in '/' */
  char name[NAME_MAX + 1];      /* one component without '/': "." for the directory itself, "" for an empty path */
} wb_wasi_path;

/* Resolves path (NUL-terminated) beneath base. With follow, a symlink in the final component is
 * resolved too (also beneath base), so out->name then names a non-symlink or nothing yet.
 * A trailing '/' also makes the final component follow. Returns a WASI errno: `notcapable` when
 * the path leads outside base (absolute path, too many `..`, a symlink pointing out),
 * `loop` after 40 symlinks, `nametoolong`, or the host's error for a missing or non-directory
 * component. On success out->dirfd must be released with wb_wasi_path_done. */
uint16_t wb_wasi_path_resolve(int base, const char *path, bool follow, wb_wasi_path *out);
void wb_wasi_path_done(wb_wasi_path *p);

/* Whether resolution currently uses openat2 (false once it answered ENOSYS/EPERM, or when
 * WASMBOX_WASI_NO_OPENAT2=1 was set when first asked). */
bool wb_wasi_path_uses_openat2(void);
/* Chooses the method for the whole process (tests run both). */
void wb_wasi_path_set_openat2(bool use);

#endif
