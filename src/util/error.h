/* util/error.h — status codes and error messages with context; every fallible function in
 * wasmbox returns a wb_status and fills a wb_error. No Wasm knowledge lives here. */
#ifndef WB_UTIL_ERROR_H
#define WB_UTIL_ERROR_H
#include <stddef.h>
#include <stdint.h>

typedef enum wb_status {
  WB_OK = 0,
  WB_ERR_MALFORMED,     /* the bytes are not a well-formed binary module (decode stage) */
  WB_ERR_INVALID,       /* well-formed but fails validation */
  WB_ERR_LINK,          /* an import cannot be satisfied (unlinkable) */
  WB_ERR_INSTANTIATE,   /* instantiation failed after linking (segment out of bounds, start trapped) */
  WB_ERR_TRAP,          /* execution trapped */
  WB_ERR_NOMEM,         /* allocation or address-space reservation failed */
  WB_ERR_IO,            /* a host file operation failed */
  WB_ERR_USAGE,         /* the caller passed something that makes no sense */
} wb_status;

#define WB_ERROR_MSG_MAX 512

typedef struct wb_error {
  wb_status status;
  size_t offset;          /* byte offset in the input the error refers to, or WB_NO_OFFSET */
  char msg[WB_ERROR_MSG_MAX];
} wb_error;

#define WB_NO_OFFSET ((size_t)-1)

/* Fills err (when non-NULL) and returns status, so callers can write `return wb_fail(...)`. */
wb_status wb_fail(wb_error *err, wb_status status, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Clears err to WB_OK with an empty message. */
void wb_error_clear(wb_error *err);

/* A short name for a status ("malformed", "invalid", ...). */
const char *wb_status_name(wb_status status);

#endif
