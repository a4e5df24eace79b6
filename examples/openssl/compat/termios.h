/* compat/termios.h — the <termios.h> OpenSSL's console code (crypto/ui/ui_openssl.c) wants, for
 * WASI, which has no terminals: every call fails with ENOTTY, so OpenSSL treats stdin as a pipe
 * and reads pass phrases from it (echoed, as from any pipe). Only on the include path of the
 * WASI build (build.sh adds -I compat). */
#ifndef WASMBOX_COMPAT_TERMIOS_H
#define WASMBOX_COMPAT_TERMIOS_H
#include <errno.h>

typedef unsigned int tcflag_t;
typedef unsigned char cc_t;
typedef unsigned int speed_t;

#define NCCS 32
struct termios {
  tcflag_t c_iflag, c_oflag, c_cflag, c_lflag;
  cc_t c_cc[NCCS];
};

#define ECHO 0000010
#define ECHONL 0000100
#define ICANON 0000002
#define TCSANOW 0
#define TCSADRAIN 1
#define TCSAFLUSH 2

static inline int tcgetattr(int fd, struct termios *t)
{
  (void)fd;
  (void)t;
  errno = ENOTTY;
  return -1;
}

static inline int tcsetattr(int fd, int action, const struct termios *t)
{
  (void)fd;
  (void)action;
  (void)t;
  errno = ENOTTY;
  return -1;
}
#endif
