/* bench/real/compat/lua-bench.h — forced into every Lua source file of the benchmark build, native
 * and Wasm alike. WASI has no setjmp/longjmp (it would need the exception-handling proposal), so
 * a Lua error prints its message and aborts instead of unwinding: the benchmark script raises
 * none. os.tmpname is left out (WASI has no tmpnam). */
#include <stdio.h>
#include <stdlib.h>
#define LUAI_THROW(L, c) \
  (fprintf(stderr, "lua: %s\n", lua_tostring(L, -1) ? lua_tostring(L, -1) : "error"), abort())
#define LUAI_TRY(L, c, a) { a }
#define luai_jmpbuf int
#define LUA_TMPNAMBUFSIZE 32
#define lua_tmpnam(b, e) { (void)(b); e = 1; }
