/* cli/load.c — file -> validated module, with the error report shared by the commands. */
#include "cli/load.h"
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "binary/decode.h"
#include "valid/validate.h"

wb_status wb_cli_read_file(const char *path, uint8_t **bytes, size_t *len, wb_error *err) {
  *bytes = NULL;
  *len = 0;
  FILE *f = fopen(path, "rb");
  if (!f) return wb_fail(err, WB_ERR_IO, WB_NO_OFFSET, "%s", strerror(errno));
  struct stat st;
  if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    fclose(f);
    return wb_fail(err, WB_ERR_IO, WB_NO_OFFSET, "%s", strerror(EISDIR));
  }
  /* Read in chunks rather than trusting the size: pipes and /proc files report 0. */
  size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 65536, n = 0;
  uint8_t *buf = malloc(cap);
  if (!buf) {
    fclose(f);
    return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET, "out of memory reading the file");
  }
  for (;;) {
    if (n + 1 >= cap) {
      uint8_t *nb = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);
      if (!nb) {
        free(buf);
        fclose(f);
        return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET, "out of memory reading the file");
      }
      buf = nb;
      cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
    if (got == 0) break;
  }
  if (ferror(f)) {
    int e = errno;
    free(buf);
    fclose(f);
    return wb_fail(err, WB_ERR_IO, WB_NO_OFFSET, "%s", strerror(e ? e : EIO));
  }
  fclose(f);
  buf[n] = 0;
  *bytes = buf;
  *len = n;
  return WB_OK;
}

/* A regular file is mapped rather than read: the decoder copies what it keeps anyway, and a
 * mapping of cached pages costs neither the kernel's copy nor fresh zeroed pages (1 ms of the
 * 14 ms `openssl.wasm version` start-up). The mapping lives only until that copy: the module
 * never refers to it, so later changes to the file cannot reach validated code (a file cut
 * short during the copy itself would still fault). Returns false when the file cannot be mapped
 * (a pipe, an empty file), for the caller to read it instead. */
static bool map_file(const char *path, const uint8_t **bytes, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  void *p = MAP_FAILED;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && (uint64_t)st.st_size <= SIZE_MAX)
    p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (p == MAP_FAILED) return false;
  *bytes = p;
  *len = (size_t)st.st_size;
  return true;
}

wb_status wb_cli_load_module(const char *path, bool validate, wb_module **out, wb_load_stage *stage,
                             wb_error *err) {
  const uint8_t *bytes;
  uint8_t *read_bytes = NULL;
  size_t len;
  *out = NULL;
  *stage = WB_LOAD_READ;
  bool mapped = map_file(path, &bytes, &len);
  if (!mapped) {
    wb_status st = wb_cli_read_file(path, &read_bytes, &len, err);
    if (st) return st;
    bytes = read_bytes;
  }
  *stage = WB_LOAD_DECODE;
  wb_module *m = NULL;
  wb_status st = wb_decode(bytes, len, &m, err);
  /* The module keeps its own copy. */
  if (mapped) munmap((void *)bytes, len);
  else free(read_bytes);
  if (st) {
    wb_module_free(m);
    return st;
  }
  if (validate) {
    *stage = WB_LOAD_VALIDATE;
    if ((st = wb_validate(m, err))) {
      wb_module_free(m);
      return st;
    }
  }
  *out = m;
  return WB_OK;
}

void wb_cli_report_load_error(FILE *f, const char *path, wb_load_stage stage, const wb_error *err) {
  if (stage == WB_LOAD_READ) {
    fprintf(f, "wasmbox: %s: cannot read: %s\n", path, err->msg);
    return;
  }
  /* The status names the kind, whichever stage found it: the validator reports instruction
   * encoding errors as malformed, the decoder a non-constant initializer as invalid. */
  const char *what = err->status == WB_ERR_INVALID ? "validation" : "decode";
  if (err->offset != WB_NO_OFFSET)
    fprintf(f, "wasmbox: %s: %s error at offset 0x%zx: %s\n", path, what, err->offset, err->msg);
  else
    fprintf(f, "wasmbox: %s: %s error: %s\n", path, what, err->msg);
}
