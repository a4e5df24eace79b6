/* wasi/errno.c — host errno to WASI errno, and the WASI names in witx order. */
#include "wasi/errno.h"
#include <errno.h>
#include "wasi/abi.h"

uint16_t wb_wasi_errno_from_host(int e) {
  switch (e) {
  case 0: return WB_WASI_ESUCCESS;
  case E2BIG: return WB_WASI_E2BIG;
  case EACCES: return WB_WASI_EACCES;
  case EADDRINUSE: return WB_WASI_EADDRINUSE;
  case EADDRNOTAVAIL: return WB_WASI_EADDRNOTAVAIL;
  case EAFNOSUPPORT: return WB_WASI_EAFNOSUPPORT;
  case EAGAIN: return WB_WASI_EAGAIN;
  case EALREADY: return WB_WASI_EALREADY;
  case EBADF: return WB_WASI_EBADF;
  case EBADMSG: return WB_WASI_EBADMSG;
  case EBUSY: return WB_WASI_EBUSY;
  case ECANCELED: return WB_WASI_ECANCELED;
  case ECHILD: return WB_WASI_ECHILD;
  case ECONNABORTED: return WB_WASI_ECONNABORTED;
  case ECONNREFUSED: return WB_WASI_ECONNREFUSED;
  case ECONNRESET: return WB_WASI_ECONNRESET;
  case EDEADLK: return WB_WASI_EDEADLK;
  case EDESTADDRREQ: return WB_WASI_EDESTADDRREQ;
  case EDOM: return WB_WASI_EDOM;
  case EDQUOT: return WB_WASI_EDQUOT;
  case EEXIST: return WB_WASI_EEXIST;
  case EFAULT: return WB_WASI_EFAULT;
  case EFBIG: return WB_WASI_EFBIG;
  case EHOSTUNREACH: return WB_WASI_EHOSTUNREACH;
  case EIDRM: return WB_WASI_EIDRM;
  case EILSEQ: return WB_WASI_EILSEQ;
  case EINPROGRESS: return WB_WASI_EINPROGRESS;
  case EINTR: return WB_WASI_EINTR;
  case EINVAL: return WB_WASI_EINVAL;
  case EIO: return WB_WASI_EIO;
  case EISCONN: return WB_WASI_EISCONN;
  case EISDIR: return WB_WASI_EISDIR;
  case ELOOP: return WB_WASI_ELOOP;
  case EMFILE: return WB_WASI_EMFILE;
  case EMLINK: return WB_WASI_EMLINK;
  case EMSGSIZE: return WB_WASI_EMSGSIZE;
  case EMULTIHOP: return WB_WASI_EMULTIHOP;
  case ENAMETOOLONG: return WB_WASI_ENAMETOOLONG;
  case ENETDOWN: return WB_WASI_ENETDOWN;
  case ENETRESET: return WB_WASI_ENETRESET;
  case ENETUNREACH: return WB_WASI_ENETUNREACH;
  case ENFILE: return WB_WASI_ENFILE;
  case ENOBUFS: return WB_WASI_ENOBUFS;
  case ENODEV: return WB_WASI_ENODEV;
  case ENOENT: return WB_WASI_ENOENT;
  case ENOEXEC: return WB_WASI_ENOEXEC;
  case ENOLCK: return WB_WASI_ENOLCK;
  case ENOLINK: return WB_WASI_ENOLINK;
  case ENOMEM: return WB_WASI_ENOMEM;
  case ENOMSG: return WB_WASI_ENOMSG;
  case ENOPROTOOPT: return WB_WASI_ENOPROTOOPT;
  case ENOSPC: return WB_WASI_ENOSPC;
  case ENOSYS: return WB_WASI_ENOSYS;
  case ENOTCONN: return WB_WASI_ENOTCONN;
  case ENOTDIR: return WB_WASI_ENOTDIR;
  case ENOTEMPTY: return WB_WASI_ENOTEMPTY;
  case ENOTRECOVERABLE: return WB_WASI_ENOTRECOVERABLE;
  case ENOTSOCK: return WB_WASI_ENOTSOCK;
  case ENOTSUP: return WB_WASI_ENOTSUP; /* == EOPNOTSUPP on Linux */
  case ENOTTY: return WB_WASI_ENOTTY;
  case ENXIO: return WB_WASI_ENXIO;
  case EOVERFLOW: return WB_WASI_EOVERFLOW;
  case EOWNERDEAD: return WB_WASI_EOWNERDEAD;
  case EPERM: return WB_WASI_EPERM;
  case EPIPE: return WB_WASI_EPIPE;
  case EPROTO: return WB_WASI_EPROTO;
  case EPROTONOSUPPORT: return WB_WASI_EPROTONOSUPPORT;
  case EPROTOTYPE: return WB_WASI_EPROTOTYPE;
  case ERANGE: return WB_WASI_ERANGE;
  case EROFS: return WB_WASI_EROFS;
  case ESPIPE: return WB_WASI_ESPIPE;
  case ESRCH: return WB_WASI_ESRCH;
  case ESTALE: return WB_WASI_ESTALE;
  case ETIMEDOUT: return WB_WASI_ETIMEDOUT;
  case ETXTBSY: return WB_WASI_ETXTBSY;
  case EXDEV: return WB_WASI_EXDEV;
  default: return WB_WASI_EIO;
  }
}

static const char *const names[WB_WASI_ERRNO_COUNT] = {
    "success", "2big", "acces", "addrinuse", "addrnotavail", "afnosupport", "again", "already",
    "badf", "badmsg", "busy", "canceled", "child", "connaborted", "connrefused", "connreset",
    "deadlk", "destaddrreq", "dom", "dquot", "exist", "fault", "fbig", "hostunreach", "idrm",
    "ilseq", "inprogress", "intr", "inval", "io", "isconn", "isdir", "loop", "mfile", "mlink",
    "msgsize", "multihop", "nametoolong", "netdown", "netreset", "netunreach", "nfile", "nobufs",
    "nodev", "noent", "noexec", "nolck", "nolink", "nomem", "nomsg", "noprotoopt", "nospc",
    "nosys", "notconn", "notdir", "notempty", "notrecoverable", "notsock", "notsup", "notty",
    "nxio", "overflow", "ownerdead", "perm", "pipe", "proto", "protonosupport", "prototype",
    "range", "rofs", "spipe", "srch", "stale", "timedout", "txtbsy", "xdev", "notcapable"};

const char *wb_wasi_errno_name(uint16_t e) { return e < WB_WASI_ERRNO_COUNT ? names[e] : "unknown"; }
