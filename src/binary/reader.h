/* binary/reader.h — bounds-checked cursor over a byte buffer; every read reports where it failed.
 * Shared by the decoder, the validator and the execution tiers' translators, so the hot reads
 * (bytes, one-byte LEB128s, floats) are inline here. Knows nothing of modules. */
#ifndef WB_BINARY_READER_H
#define WB_BINARY_READER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "util/error.h"

/* `start` is the first byte of the whole input (error offsets count from it), reads happen in
 * [pos, end). A reader over one function body keeps the module's start so offsets stay
 * module-relative. */
typedef struct wb_reader {
  const uint8_t *start, *pos, *end;
  const char *eof_msg;   /* what running past `end` is called; NULL means "unexpected end" */
} wb_reader;

static inline wb_reader wb_reader_make(const uint8_t *start, const uint8_t *pos, const uint8_t *end) {
  wb_reader r = {start, pos, end, NULL};
  return r;
}

static inline size_t wb_reader_offset(const wb_reader *r) { return (size_t)(r->pos - r->start); }
static inline size_t wb_reader_left(const wb_reader *r) { return (size_t)(r->end - r->pos); }
static inline bool wb_reader_eof(const wb_reader *r) { return r->pos >= r->end; }

/* Fails with WB_ERR_MALFORMED and the reader's end-of-input message at offset `end`. */
wb_status wb_reader_fail_eof(const wb_reader *r, wb_error *err);

/* Fails with WB_ERR_MALFORMED and msg at byte offset `at` (a pointer into the input). */
wb_status wb_reader_fail_at(const wb_reader *r, const uint8_t *at, wb_error *err, const char *msg);

/* Out-of-line paths of the inline reads below; call the inline ones. Every read zeroes its
 * output on failure, so callers' early-return patterns do not trip -Wmaybe-uninitialized. */
wb_status wb_read_u32_slow(wb_reader *r, uint32_t *out, wb_error *err);
wb_status wb_read_s32_slow(wb_reader *r, int32_t *out, wb_error *err);

static inline wb_status wb_read_u8(wb_reader *r, uint8_t *out, wb_error *err) {
  if (__builtin_expect(r->pos >= r->end, 0)) {
    *out = 0;
    return wb_reader_fail_eof(r, err);
  }
  *out = *r->pos++;
  return WB_OK;
}

/* Reads an unsigned LEB128 of at most 32 bits; rejects overlong ("integer representation too
 * long") and too-large ("integer too large") encodings. */
static inline wb_status wb_read_u32(wb_reader *r, uint32_t *out, wb_error *err) {
  if (__builtin_expect(r->pos < r->end && *r->pos < 0x80, 1)) {
    *out = *r->pos++;
    return WB_OK;
  }
  *out = 0;
  return wb_read_u32_slow(r, out, err);
}

/* Reads a signed LEB128 of at most 32 bits (i32.const immediates). */
static inline wb_status wb_read_s32(wb_reader *r, int32_t *out, wb_error *err) {
  if (__builtin_expect(r->pos < r->end && *r->pos < 0x80, 1)) {
    uint8_t b = *r->pos++;
    *out = (b & 0x40) ? (int32_t)b - 0x80 : (int32_t)b;
    return WB_OK;
  }
  *out = 0;
  return wb_read_s32_slow(r, out, err);
}

/* Reads an unsigned LEB128 of at most `bits` (1..64) bits: vu1 is the limits flag. */
wb_status wb_read_uN(wb_reader *r, unsigned bits, uint64_t *out, wb_error *err);
/* Reads a signed LEB128 of at most `bits` (1..64) bits, sign-extended to 64. */
wb_status wb_read_sN(wb_reader *r, unsigned bits, int64_t *out, wb_error *err);

static inline wb_status wb_read_u64(wb_reader *r, uint64_t *out, wb_error *err) {
  return wb_read_uN(r, 64, out, err);
}
static inline wb_status wb_read_s64(wb_reader *r, int64_t *out, wb_error *err) {
  return wb_read_sN(r, 64, out, err);
}
/* Block types' type indices are s33: a non-negative result is an index. */
static inline wb_status wb_read_s33(wb_reader *r, int64_t *out, wb_error *err) {
  return wb_read_sN(r, 33, out, err);
}

/* Raw little-endian bit patterns of f32/f64 (never converted, so NaN payloads survive). */
static inline wb_status wb_read_f32(wb_reader *r, uint32_t *bits, wb_error *err) {
  if (__builtin_expect(r->end - r->pos < 4, 0)) {
    *bits = 0;
    return wb_reader_fail_eof(r, err);
  }
  const uint8_t *p = r->pos;
  *bits = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
  r->pos += 4;
  return WB_OK;
}
static inline wb_status wb_read_f64(wb_reader *r, uint64_t *bits, wb_error *err) {
  if (__builtin_expect(r->end - r->pos < 8, 0)) {
    *bits = 0;
    return wb_reader_fail_eof(r, err);
  }
  const uint8_t *p = r->pos;
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = v << 8 | p[i];
  *bits = v;
  r->pos += 8;
  return WB_OK;
}

/* Takes the next n bytes in place. */
static inline wb_status wb_read_bytes(wb_reader *r, size_t n, const uint8_t **out, wb_error *err) {
  if (__builtin_expect((size_t)(r->end - r->pos) < n, 0)) {
    *out = NULL;
    return wb_reader_fail_eof(r, err);
  }
  *out = r->pos;
  r->pos += n;
  return WB_OK;
}

/* Reads a u32 count or byte length. Like the reference interpreter, a length larger than the
 * bytes left counted from the length's own first byte is "length out of bounds"; so no caller
 * ever allocates for more elements than the input could hold. */
wb_status wb_read_len(wb_reader *r, uint32_t *out, wb_error *err);

/* Reads a name (length + bytes), checking it is valid UTF-8 ("malformed UTF-8 encoding"). */
wb_status wb_read_name(wb_reader *r, const uint8_t **out, uint32_t *len, wb_error *err);

/* True iff s[0..n) is well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF). */
bool wb_utf8_valid(const uint8_t *s, size_t n);

#endif
