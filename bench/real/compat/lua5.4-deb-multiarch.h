/* bench/real/compat/lua5.4-deb-multiarch.h — Debian's luaconf.h includes this generated header for
 * its C module path; the benchmark loads no C modules. */
#define DEB_HOST_MULTIARCH "bench"
