/* util/error.c — filling wb_error records. */
#include "util/error.h"
#include <stdarg.h>
#include <stdio.h>

wb_status wb_fail(wb_error *err, wb_status status, size_t offset, const char *fmt, ...) {
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->status = status;
    err->offset = offset;
  }
  return status;
}

void wb_error_clear(wb_error *err) {
  if (!err) return;
  err->status = WB_OK;
  err->offset = WB_NO_OFFSET;
  err->msg[0] = 0;
}

const char *wb_status_name(wb_status status) {
  switch (status) {
  case WB_OK: return "ok";
  case WB_ERR_MALFORMED: return "malformed";
  case WB_ERR_INVALID: return "invalid";
  case WB_ERR_LINK: return "unlinkable";
  case WB_ERR_INSTANTIATE: return "uninstantiable";
  case WB_ERR_TRAP: return "trap";
  case WB_ERR_NOMEM: return "out of memory";
  case WB_ERR_IO: return "i/o error";
  case WB_ERR_USAGE: return "usage";
  }
  return "unknown";
}
