/* binary/reader.c — the out-of-line reads of binary/reader.h: multi-byte LEB128s with the
 * spec's overlong/too-large rules, lengths and UTF-8 names. */
#include "binary/reader.h"
#include <string.h>

wb_status wb_reader_fail_eof(const wb_reader *r, wb_error *err) {
  return wb_fail(err, WB_ERR_MALFORMED, (size_t)(r->end - r->start), "%s",
                 r->eof_msg ? r->eof_msg : "unexpected end");
}

wb_status wb_reader_fail_at(const wb_reader *r, const uint8_t *at, wb_error *err, const char *msg) {
  return wb_fail(err, WB_ERR_MALFORMED, (size_t)(at - r->start), "%s", msg);
}

/* The checks follow the reference interpreter byte by byte: in the byte that holds the last
 * `left` (< 7) value bits, the unused bits must be zero ("integer too large"), and that byte
 * must not ask for more ("integer representation too long"). */
wb_status wb_read_uN(wb_reader *r, unsigned bits, uint64_t *out, wb_error *err) {
  const uint8_t *p = r->pos;
  *out = 0;
  uint64_t v = 0;
  for (unsigned shift = 0;; shift += 7) {
    if (p >= r->end) return wb_reader_fail_eof(r, err);
    uint8_t b = *p++;
    unsigned left = bits - shift;
    if (left < 7 && (b & 0x7f) >= (1u << left))
      return wb_reader_fail_at(r, p - 1, err, "integer too large");
    v |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) break;
    if (shift + 7 >= bits) return wb_reader_fail_at(r, p, err, "integer representation too long");
  }
  r->pos = p;
  *out = v;
  return WB_OK;
}

wb_status wb_read_sN(wb_reader *r, unsigned bits, int64_t *out, wb_error *err) {
  const uint8_t *p = r->pos;
  *out = 0;
  uint64_t v = 0;
  for (unsigned shift = 0;; shift += 7) {
    if (p >= r->end) return wb_reader_fail_eof(r, err);
    uint8_t b = *p++;
    unsigned left = bits - shift;
    if (left < 7) {
      /* The bits above the value's sign bit must all copy it. */
      uint8_t mask = (uint8_t)((0x7fu << (left - 1)) & 0x7f);
      if ((b & mask) != 0 && (b & mask) != mask)
        return wb_reader_fail_at(r, p - 1, err, "integer too large");
    }
    v |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      if (shift + 7 < 64 && (b & 0x40)) v |= ~(uint64_t)0 << (shift + 7);
      break;
    }
    if (shift + 7 >= bits) return wb_reader_fail_at(r, p, err, "integer representation too long");
  }
  r->pos = p;
  *out = (int64_t)v;
  return WB_OK;
}

wb_status wb_read_u32_slow(wb_reader *r, uint32_t *out, wb_error *err) {
  uint64_t v;
  wb_status s = wb_read_uN(r, 32, &v, err);
  if (s == WB_OK) *out = (uint32_t)v;
  return s;
}

wb_status wb_read_s32_slow(wb_reader *r, int32_t *out, wb_error *err) {
  int64_t v;
  wb_status s = wb_read_sN(r, 32, &v, err);
  if (s == WB_OK) *out = (int32_t)v;
  return s;
}

wb_status wb_read_len(wb_reader *r, uint32_t *out, wb_error *err) {
  const uint8_t *at = r->pos;
  uint32_t n;
  *out = 0;
  wb_status s = wb_read_u32(r, &n, err);
  if (s != WB_OK) return s;
  if ((uint64_t)n > (uint64_t)(r->end - at)) return wb_reader_fail_at(r, at, err, "length out of bounds");
  *out = n;
  return WB_OK;
}

wb_status wb_read_name(wb_reader *r, const uint8_t **out, uint32_t *len, wb_error *err) {
  const uint8_t *at = r->pos;
  uint32_t n;
  *out = NULL;
  *len = 0;
  wb_status s = wb_read_len(r, &n, err);
  if (s == WB_OK) s = wb_read_bytes(r, n, out, err);
  if (s != WB_OK) return s;
  if (!wb_utf8_valid(*out, n)) return wb_reader_fail_at(r, at, err, "malformed UTF-8 encoding");
  *len = n;
  return WB_OK;
}

bool wb_utf8_valid(const uint8_t *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    /* Names are nearly always ASCII: skip eight bytes at a time while no high bit is set. */
    while (n - i >= 8) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    uint8_t c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t len;
    uint8_t lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;      /* overlong */
      else if (c == 0xED) hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;      /* overlong */
      else if (c == 0xF4) hi = 0x8F; /* above U+10FFFF */
    } else
      return false;
    if (n - i < len) return false;
    if (s[i + 1] < lo || s[i + 1] > hi) return false;
    for (size_t k = 2; k < len; k++)
      if ((s[i + k] & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}
