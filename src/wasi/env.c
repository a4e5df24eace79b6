/* wasi/env.c — configs and environments: collecting arguments, environment, preopens, stdio
 * routing, sockets and tracing; building the descriptor table from them; captured output; and
 * the small helpers the call modules share (errno, file types, filestat, timestamps). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include "wasi/abi.h"
#include "wasi/env.h"
#include "wasi/errno.h"
#include "wasi/guest.h"

typedef struct strvec {
  char **items;
  size_t n, cap;
} strvec;

typedef struct preopen_cfg {
  char *host, *guest;
  bool read_only;
} preopen_cfg;

typedef struct listen_cfg {
  char *addr;                   /* "HOST:PORT", or NULL when fd is given */
  int fd;
} listen_cfg;

struct wb_wasi_config {
  strvec args, envs;
  preopen_cfg *pre;
  size_t npre, cappre;
  listen_cfg *lis;
  size_t nlis, caplis;
  wb_wasi_stdio_mode mode[3];
  int host_fd[3];
  uint8_t *stdin_data;
  size_t stdin_len;
  char *trace;
};

static wb_status nomem(wb_error *err) { return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET, "out of memory"); }

static bool grow(void **items, size_t *cap, size_t n, size_t elem) {
  if (n < *cap) return true;
  size_t c = *cap ? *cap * 2 : 8;
  void *p = realloc(*items, c * elem);
  if (!p) return false;
  *items = p;
  *cap = c;
  return true;
}

static bool strvec_push(strvec *v, char *s) {
  if (!s || !grow((void **)&v->items, &v->cap, v->n, sizeof *v->items)) {
    free(s);
    return false;
  }
  v->items[v->n++] = s;
  return true;
}

static void strvec_free(strvec *v) {
  for (size_t i = 0; i < v->n; i++) free(v->items[i]);
  free(v->items);
}

wb_wasi_config *wb_wasi_config_new(void) { return calloc(1, sizeof(wb_wasi_config)); }

void wb_wasi_config_free(wb_wasi_config *c) {
  if (!c) return;
  strvec_free(&c->args);
  strvec_free(&c->envs);
  for (size_t i = 0; i < c->npre; i++) {
    free(c->pre[i].host);
    free(c->pre[i].guest);
  }
  free(c->pre);
  for (size_t i = 0; i < c->nlis; i++) {
    free(c->lis[i].addr);
    if (c->lis[i].fd >= 0) close(c->lis[i].fd); /* never handed to an environment */
  }
  free(c->lis);
  free(c->stdin_data);
  free(c->trace);
  free(c);
}

wb_status wb_wasi_config_arg(wb_wasi_config *c, const char *arg, wb_error *err) {
  return strvec_push(&c->args, strdup(arg)) ? WB_OK : nomem(err);
}

wb_status wb_wasi_config_env(wb_wasi_config *c, const char *name, const char *value, wb_error *err) {
  if (!*name || strchr(name, '='))
    return wb_fail(err, WB_ERR_USAGE, WB_NO_OFFSET, "invalid environment variable name '%s'", name);
  char *s;
  if (asprintf(&s, "%s=%s", name, value) < 0) return nomem(err);
  return strvec_push(&c->envs, s) ? WB_OK : nomem(err);
}

wb_status wb_wasi_config_preopen(wb_wasi_config *c, const char *host_path, const char *guest_path, bool read_only,
                                 wb_error *err) {
  if (!*host_path || !*guest_path) return wb_fail(err, WB_ERR_USAGE, WB_NO_OFFSET, "empty directory name");
  if (!grow((void **)&c->pre, &c->cappre, c->npre, sizeof *c->pre)) return nomem(err);
  preopen_cfg *p = &c->pre[c->npre];
  p->host = strdup(host_path);
  p->guest = strdup(guest_path);
  p->read_only = read_only;
  if (!p->host || !p->guest) {
    free(p->host);
    free(p->guest);
    return nomem(err);
  }
  c->npre++;
  return WB_OK;
}

wb_status wb_wasi_config_stdio(wb_wasi_config *c, int fd, wb_wasi_stdio_mode mode, int host_fd, wb_error *err) {
  if (fd < 0 || fd > 2) return wb_fail(err, WB_ERR_USAGE, WB_NO_OFFSET, "standard stream %d does not exist", fd);
  if ((mode == WB_WASI_STDIO_CAPTURE && fd == 0) || (mode == WB_WASI_STDIO_BUFFER && fd != 0))
    return wb_fail(err, WB_ERR_USAGE, WB_NO_OFFSET, "standard stream %d cannot be %s", fd,
                   mode == WB_WASI_STDIO_CAPTURE ? "captured" : "read from a buffer");
  if (mode == WB_WASI_STDIO_HOSTFD && host_fd < 0)
    return wb_fail(err, WB_ERR_USAGE, WB_NO_OFFSET, "invalid host descriptor %d", host_fd);
  c->mode[fd] = mode;
  c->host_fd[fd] = host_fd;
  return WB_OK;
}

wb_status wb_wasi_config_stdin_buffer(wb_wasi_config *c, const void *data, size_t len, wb_error *err) {
  uint8_t *copy = malloc(len ? len : 1);
  if (!copy) return nomem(err);
  if (len) memcpy(copy, data, len);
  free(c->stdin_data);
  c->stdin_data = copy;
  c->stdin_len = len;
  c->mode[0] = WB_WASI_STDIO_BUFFER;
  return WB_OK;
}

static wb_status add_listener(wb_wasi_config *c, const char *addr, int fd, wb_error *err) {
  if (!grow((void **)&c->lis, &c->caplis, c->nlis, sizeof *c->lis)) return nomem(err);
  listen_cfg *l = &c->lis[c->nlis];
  l->addr = addr ? strdup(addr) : NULL;
  l->fd = fd;
  if (addr && !l->addr) return nomem(err);
  c->nlis++;
  return WB_OK;
}

wb_status wb_wasi_config_tcplisten(wb_wasi_config *c, const char *host_port, wb_error *err) {
  const char *colon = strrchr(host_port, ':');
  if (!colon || colon == host_port || !colon[1])
    return wb_fail(err, WB_ERR_USAGE, WB_NO_OFFSET, "'%s' is not HOST:PORT", host_port);
  return add_listener(c, host_port, -1, err);
}

wb_status wb_wasi_config_listen_fd(wb_wasi_config *c, int host_fd, wb_error *err) {
  if (host_fd < 0) return wb_fail(err, WB_ERR_USAGE, WB_NO_OFFSET, "invalid host descriptor %d", host_fd);
  return add_listener(c, NULL, host_fd, err);
}

wb_status wb_wasi_config_trace(wb_wasi_config *c, const char *path, wb_error *err) {
  char *copy = path ? strdup(path) : NULL;
  if (path && !copy) return nomem(err);
  free(c->trace);
  c->trace = copy;
  return WB_OK;
}

/* ---- shared helpers ---- */

uint16_t wb_wasi_host_errno(void) { return wb_wasi_errno_from_host(errno); }

uint8_t wb_wasi_filetype_of_mode(mode_t mode) {
  if (S_ISREG(mode)) return WB_WASI_FILETYPE_REGULAR_FILE;
  if (S_ISDIR(mode)) return WB_WASI_FILETYPE_DIRECTORY;
  if (S_ISCHR(mode)) return WB_WASI_FILETYPE_CHARACTER_DEVICE;
  if (S_ISBLK(mode)) return WB_WASI_FILETYPE_BLOCK_DEVICE;
  if (S_ISLNK(mode)) return WB_WASI_FILETYPE_SYMBOLIC_LINK;
  if (S_ISSOCK(mode)) return WB_WASI_FILETYPE_SOCKET_STREAM;
  return WB_WASI_FILETYPE_UNKNOWN; /* FIFOs have no preview 1 type */
}

uint8_t wb_wasi_filetype_of_fd(int fd, const struct stat *st) {
  if (S_ISSOCK(st->st_mode)) {
    int type = 0;
    socklen_t len = sizeof type;
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_DGRAM)
      return WB_WASI_FILETYPE_SOCKET_DGRAM;
    return WB_WASI_FILETYPE_SOCKET_STREAM;
  }
  return wb_wasi_filetype_of_mode(st->st_mode);
}

static uint64_t ns_of(struct timespec ts) {
  return ts.tv_sec < 0 ? 0 : (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void wb_wasi_put_filestat(const wb_memory *m, uint32_t p, const struct stat *st, uint8_t filetype) {
  memset(wb_g_ptr(m, p), 0, WB_WASI_FILESTAT_SIZE);
  wb_g_put64(m, p, (uint64_t)st->st_dev);
  wb_g_put64(m, p + 8, (uint64_t)st->st_ino);
  wb_g_put8(m, p + 16, filetype);
  wb_g_put64(m, p + 24, (uint64_t)st->st_nlink);
  wb_g_put64(m, p + 32, (uint64_t)st->st_size);
  wb_g_put64(m, p + 40, ns_of(st->st_atim));
  wb_g_put64(m, p + 48, ns_of(st->st_mtim));
  wb_g_put64(m, p + 56, ns_of(st->st_ctim));
}

static struct timespec wasi_time(uint64_t t, bool set, bool now) {
  struct timespec ts = {0, UTIME_OMIT};
  if (now) ts.tv_nsec = UTIME_NOW;
  else if (set) {
    ts.tv_sec = (time_t)(t / 1000000000u);
    ts.tv_nsec = (long)(t % 1000000000u);
  }
  return ts;
}

uint16_t wb_wasi_times(uint64_t atim, uint64_t mtim, uint32_t fl, struct timespec ts[2]) {
  if (fl & ~(uint32_t)WB_WASI_FST_ALL) return WB_WASI_EINVAL;
  if (((fl & WB_WASI_FST_ATIM) && (fl & WB_WASI_FST_ATIM_NOW)) || ((fl & WB_WASI_FST_MTIM) && (fl & WB_WASI_FST_MTIM_NOW)))
    return WB_WASI_EINVAL;
  ts[0] = wasi_time(atim, fl & WB_WASI_FST_ATIM, fl & WB_WASI_FST_ATIM_NOW);
  ts[1] = wasi_time(mtim, fl & WB_WASI_FST_MTIM, fl & WB_WASI_FST_MTIM_NOW);
  return WB_WASI_ESUCCESS;
}

bool wb_wasi_membuf_append(wb_wasi_membuf *b, const void *data, size_t len) {
  if (!len) return true;
  if (b->len + len < b->len) return false;
  if (b->len + len > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + len) cap *= 2;
    uint8_t *d = realloc(b->data, cap);
    if (!d) return false;
    b->data = d;
    b->cap = cap;
  }
  memcpy(b->data + b->len, data, len);
  b->len += len;
  return true;
}

/* ---- building an environment ---- */

/* Joins strings into one buffer of NUL-terminated entries. */
static bool pack(const strvec *v, char **out, uint32_t *len, uint32_t *count) {
  size_t total = 0;
  for (size_t i = 0; i < v->n; i++) total += strlen(v->items[i]) + 1;
  if (total > UINT32_MAX || v->n > UINT32_MAX / 4) return false;
  char *buf = malloc(total ? total : 1);
  if (!buf) return false;
  size_t o = 0;
  for (size_t i = 0; i < v->n; i++) {
    size_t l = strlen(v->items[i]) + 1;
    memcpy(buf + o, v->items[i], l);
    o += l;
  }
  *out = buf;
  *len = (uint32_t)total;
  *count = (uint32_t)v->n;
  return true;
}

/* Rights for a host descriptor of the given type (stdio and handed-over descriptors). */
static uint64_t rights_for(int fd, uint8_t filetype) {
  switch (filetype) {
  case WB_WASI_FILETYPE_REGULAR_FILE:
  case WB_WASI_FILETYPE_BLOCK_DEVICE: return WB_WASI_RIGHTS_FILE;
  case WB_WASI_FILETYPE_DIRECTORY: return WB_WASI_RIGHTS_DIR;
  case WB_WASI_FILETYPE_SOCKET_STREAM:
  case WB_WASI_FILETYPE_SOCKET_DGRAM: return WB_WASI_RIGHTS_SOCKET;
  case WB_WASI_FILETYPE_CHARACTER_DEVICE:
    /* wasi-libc's isatty() is "a character device without seek/tell rights". */
    return isatty(fd) ? WB_WASI_RIGHTS_TTY : WB_WASI_RIGHTS_FILE;
  default: return WB_WASI_RIGHTS_STREAM;
  }
}

static wb_wasi_fd host_entry(int host, bool owned) {
  wb_wasi_fd e = wb_wasi_fd_make(WB_WASI_FD_HOST, host, owned);
  struct stat st;
  e.filetype = fstat(host, &st) == 0 ? wb_wasi_filetype_of_fd(host, &st) : WB_WASI_FILETYPE_UNKNOWN;
  e.rights_base = rights_for(host, e.filetype);
  if (e.filetype == WB_WASI_FILETYPE_DIRECTORY) e.kind = WB_WASI_FD_DIR;
  else if (e.filetype == WB_WASI_FILETYPE_SOCKET_STREAM || e.filetype == WB_WASI_FILETYPE_SOCKET_DGRAM)
    e.kind = WB_WASI_FD_SOCKET;
  e.emulated_flags = !owned;
  return e;
}

static wb_status add_stdio(wb_wasi_env *env, const wb_wasi_config *c, int fd, wb_error *err) {
  wb_wasi_fd e;
  switch (c->mode[fd]) {
  case WB_WASI_STDIO_INHERIT:
  case WB_WASI_STDIO_HOSTFD: {
    int host = c->mode[fd] == WB_WASI_STDIO_INHERIT ? fd : c->host_fd[fd];
    if (fcntl(host, F_GETFD) < 0) {
      /* The host process was started without this stream: the guest sees it closed. */
      return WB_OK;
    }
    e = host_entry(host, false);
    break;
  }
  case WB_WASI_STDIO_CAPTURE:
    e = wb_wasi_fd_make(WB_WASI_FD_MEMOUT, -1, false);
    e.buf = &env->captured[fd - 1];
    e.rights_base = WB_WASI_RIGHTS_STREAM & ~WB_WASI_RIGHT_FD_READ;
    break;
  case WB_WASI_STDIO_BUFFER:
    e = wb_wasi_fd_make(WB_WASI_FD_MEMIN, -1, false);
    e.buf = &env->input;
    e.rights_base = WB_WASI_RIGHTS_STREAM & ~WB_WASI_RIGHT_FD_WRITE;
    break;
  default:
    e = wb_wasi_fd_make(WB_WASI_FD_NULL, -1, false);
    e.rights_base = WB_WASI_RIGHTS_STREAM;
    e.filetype = WB_WASI_FILETYPE_CHARACTER_DEVICE;
    break;
  }
  if (!wb_wasi_fdtable_insert_at(&env->fds, (uint32_t)fd, &e)) return nomem(err);
  return WB_OK;
}

/* Binds and listens on "HOST:PORT" ("[V6]:PORT"); -1 with a message in err. */
static int listen_on(const char *addr, wb_error *err) {
  char host[256];
  const char *colon = strrchr(addr, ':');
  size_t hl = (size_t)(colon - addr);
  const char *h = addr;
  if (hl >= 2 && addr[0] == '[' && addr[hl - 1] == ']') {
    h = addr + 1;
    hl -= 2;
  }
  if (hl >= sizeof host) {
    wb_fail(err, WB_ERR_USAGE, WB_NO_OFFSET, "cannot listen on '%s': host name too long", addr);
    return -1;
  }
  memcpy(host, h, hl);
  host[hl] = 0;
  struct addrinfo hints, *res = NULL;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  int gai = getaddrinfo(hl ? host : NULL, colon + 1, &hints, &res);
  if (gai) {
    wb_fail(err, WB_ERR_IO, WB_NO_OFFSET, "cannot listen on '%s': %s", addr, gai_strerror(gai));
    return -1;
  }
  int fd = -1, e = 0;
  for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
    fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
    if (fd < 0) {
      e = errno;
      continue;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 128) == 0) break;
    e = errno;
    close(fd);
    fd = -1;
  }
  freeaddrinfo(res);
  if (fd < 0) wb_fail(err, WB_ERR_IO, WB_NO_OFFSET, "cannot listen on '%s': %s", addr, strerror(e));
  return fd;
}

wb_status wb_wasi_new(const wb_wasi_config *c, wb_wasi_env **out, wb_error *err) {
  *out = NULL;
  wb_wasi_env *env = calloc(1, sizeof *env);
  if (!env) return nomem(err);
  env->trace_fd = -1;
  wb_status st = WB_OK;
  if (!pack(&c->args, &env->args, &env->args_len, &env->nargs) ||
      !pack(&c->envs, &env->environ, &env->environ_len, &env->nenviron)) {
    st = nomem(err);
    goto fail;
  }
  if (c->stdin_len && !wb_wasi_membuf_append(&env->input, c->stdin_data, c->stdin_len)) {
    st = nomem(err);
    goto fail;
  }
  for (int fd = 0; fd < 3; fd++)
    if ((st = add_stdio(env, c, fd, err))) goto fail;
  /* Sockets first, then directories, as Wasmtime numbers them (fd 3 is the first listener). */
  uint32_t next = 3;
  for (size_t i = 0; i < c->nlis; i++) {
    int fd = c->lis[i].addr ? listen_on(c->lis[i].addr, err) : dup(c->lis[i].fd);
    if (fd < 0) {
      if (!c->lis[i].addr) wb_fail(err, WB_ERR_IO, WB_NO_OFFSET, "cannot use socket %d: %s", c->lis[i].fd, strerror(errno));
      st = err->status;
      goto fail;
    }
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    wb_wasi_fd e = wb_wasi_fd_make(WB_WASI_FD_SOCKET, fd, true);
    e.filetype = WB_WASI_FILETYPE_SOCKET_STREAM;
    e.rights_base = WB_WASI_RIGHTS_LISTENER;
    if (!wb_wasi_fdtable_insert_at(&env->fds, next++, &e)) {
      close(fd);
      st = nomem(err);
      goto fail;
    }
  }
  for (size_t i = 0; i < c->npre; i++) {
    const preopen_cfg *p = &c->pre[i];
    int fd = open(p->host, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      st = wb_fail(err, WB_ERR_IO, WB_NO_OFFSET, "cannot open directory '%s': %s", p->host, strerror(errno));
      goto fail;
    }
    wb_wasi_fd e = wb_wasi_fd_make(WB_WASI_FD_DIR, fd, true);
    e.filetype = WB_WASI_FILETYPE_DIRECTORY;
    e.rights_base = WB_WASI_RIGHTS_DIR;
    e.rights_inheriting = WB_WASI_RIGHTS_DIR_INHERITING;
    e.read_only = p->read_only;
    e.preopen = strdup(p->guest);
    if (!e.preopen || !wb_wasi_fdtable_insert_at(&env->fds, next++, &e)) {
      free(e.preopen);
      close(fd);
      st = nomem(err);
      goto fail;
    }
  }
  const char *trace = c->trace;
  if (!trace) {
    trace = getenv("WASMBOX_WASI_TRACE");
    if (trace && !*trace) trace = NULL;
  }
  if (trace) {
    env->trace_fd = open(trace, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (env->trace_fd < 0) {
      st = wb_fail(err, WB_ERR_IO, WB_NO_OFFSET, "cannot open trace file '%s': %s", trace, strerror(errno));
      goto fail;
    }
  }
  *out = env;
  return WB_OK;
fail:
  wb_wasi_free(env);
  return st;
}

void wb_wasi_free(wb_wasi_env *env) {
  if (!env) return;
  wb_wasi_fdtable_free(&env->fds);
  free(env->args);
  free(env->environ);
  for (int i = 0; i < 2; i++) free(env->captured[i].data);
  free(env->input.data);
  if (env->trace_fd >= 0) close(env->trace_fd);
  free(env);
}

void wb_wasi_bind_memory(wb_wasi_env *env, wb_memory *mem) { env->bound_memory = mem; }

static size_t drain(wb_wasi_membuf *b, void *buf, size_t len) {
  size_t avail = b->len - b->pos;
  size_t k = len < avail ? len : avail;
  if (!k) return 0; /* nothing captured yet: data may still be NULL */
  memcpy(buf, b->data + b->pos, k);
  b->pos += k;
  if (b->pos == b->len) b->pos = b->len = 0; /* everything read: reuse the space */
  return k;
}

size_t wb_wasi_read_stdout(wb_wasi_env *env, void *buf, size_t len) { return drain(&env->captured[0], buf, len); }
size_t wb_wasi_read_stderr(wb_wasi_env *env, void *buf, size_t len) { return drain(&env->captured[1], buf, len); }

size_t wb_wasi_captured_size(const wb_wasi_env *env, int fd) {
  if (fd != 1 && fd != 2) return 0;
  const wb_wasi_membuf *b = &env->captured[fd - 1];
  return b->len - b->pos;
}

bool wb_wasi_exited(const wb_wasi_env *env, int *code) {
  if (code) *code = env->exited ? env->exit_code : 0;
  return env->exited;
}
