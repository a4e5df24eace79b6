/* bench/real/compat/setjmp.h — wasi-libc has no <setjmp.h>; Lua's ldo.c includes it, but with
 * lua-bench.h it uses nothing from it. */
