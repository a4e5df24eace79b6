/* bench/startup/hello.c — the smallest useful WASI command: what start-up time and peak RSS
 * measure is the engine, not the program. */
#include <stdio.h>

int main(void) {
  puts("hello, world");
  return 0;
}
