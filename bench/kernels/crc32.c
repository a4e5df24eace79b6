/* bench/kernels/crc32.c — table-driven CRC-32 (the zlib polynomial) one byte at a time:
 * a load from a 1 KiB table per byte, a dependency chain through the running CRC. */
#include "bench.h"

#define BUF_SIZE (1 << 20)

static uint32_t table[256];

static void make_table(void) {
  for (uint32_t n = 0; n < 256; n++) {
    uint32_t c = n;
    for (int k = 0; k < 8; k++)
      c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
}

BENCH_UNIT static uint32_t crc32(uint32_t crc, const uint8_t *p, size_t n) {
  crc = ~crc;
  for (size_t i = 0; i < n; i++)
    crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

int main(int argc, char **argv) {
  long reps = bench_reps(argc, argv, 110);
  uint8_t *buf = malloc(BUF_SIZE);
  if (!buf)
    return 1;
  make_table();
  for (size_t i = 0; i < BUF_SIZE; i++)
    buf[i] = (uint8_t)(i * 31 + (i >> 9));
  uint32_t crc = 0;
  for (long r = 0; r < reps; r++)
    crc = crc32(crc, buf, BUF_SIZE);
  uint64_t h = bench_mix(BENCH_SEED, crc);
  free(buf);
  return bench_done("crc32", h);
}
