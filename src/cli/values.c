/* cli/values.c — parsing and printing Wasm values as text for the command line. Floats are read
 * with strtof/strtod (single correct rounding) and printed as the shortest round-trip digits. */
#include "cli/values.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ir/module.h"

static int hexdigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Reads an unsigned magnitude (decimal or 0x hex) that must fit `max`. */
static bool parse_magnitude(const char *s, uint64_t max, uint64_t *out) {
  unsigned base = 10;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s += 2;
  }
  if (!*s) return false;
  uint64_t v = 0;
  for (; *s; s++) {
    int d = base == 16 ? hexdigit(*s) : (*s >= '0' && *s <= '9' ? *s - '0' : -1);
    if (d < 0) return false;
    if (v > (max - (uint64_t)d) / base) return false;
    v = v * base + (uint64_t)d;
  }
  *out = v;
  return true;
}

bool wb_cli_parse_int(const char *s, unsigned bits, uint64_t *out) {
  uint64_t umax = bits == 64 ? UINT64_MAX : (1ull << bits) - 1;
  uint64_t mag;
  bool neg = *s == '-';
  if (*s == '-' || *s == '+') s++;
  if (!parse_magnitude(s, neg ? (umax >> 1) + 1 : umax, &mag)) return false;
  uint64_t v = neg ? (uint64_t)0 - mag : mag;
  *out = v & umax;
  return true;
}

/* "nan:0x..." with an explicit payload; sign handled by the caller. */
static bool parse_nan_payload(const char *s, unsigned mant_bits, uint64_t *payload) {
  if (strncmp(s, "nan:", 4) != 0) return false;
  uint64_t p;
  if (!(s[4] == '0' && (s[5] == 'x' || s[5] == 'X'))) return false;
  if (!parse_magnitude(s + 4, (1ull << mant_bits) - 1, &p) || p == 0) return false;
  *payload = p;
  return true;
}

/* Common checks for strtof/strtod input: no leading space, no empty string, "nan(...)" forms
 * refused (only nan and nan:0x are documented). */
static bool float_text_ok(const char *s) {
  if (!*s || isspace((unsigned char)*s)) return false;
  return strchr(s, '(') == NULL;
}

bool wb_cli_parse_f32(const char *s, uint32_t *bits) {
  bool neg = *s == '-';
  const char *m = (*s == '-' || *s == '+') ? s + 1 : s;
  uint64_t payload;
  if (parse_nan_payload(m, 23, &payload)) {
    *bits = (neg ? 0x80000000u : 0) | 0x7F800000u | (uint32_t)payload;
    return true;
  }
  if (!float_text_ok(s)) return false;
  char *end;
  errno = 0;
  float f = strtof(s, &end);
  if (*end || end == s) return false;
  if (errno == ERANGE && isinf(f)) return false; /* "1e99" is not a way to write inf */
  memcpy(bits, &f, 4);
  if (isnan(f)) *bits = (neg ? 0x80000000u : 0) | 0x7FC00000u; /* canonical NaN, keep the sign */
  return true;
}

bool wb_cli_parse_f64(const char *s, uint64_t *bits) {
  bool neg = *s == '-';
  const char *m = (*s == '-' || *s == '+') ? s + 1 : s;
  uint64_t payload;
  if (parse_nan_payload(m, 52, &payload)) {
    *bits = (neg ? 0x8000000000000000ull : 0) | 0x7FF0000000000000ull | payload;
    return true;
  }
  if (!float_text_ok(s)) return false;
  char *end;
  errno = 0;
  double d = strtod(s, &end);
  if (*end || end == s) return false;
  if (errno == ERANGE && isinf(d)) return false;
  memcpy(bits, &d, 8);
  if (isnan(d)) *bits = (neg ? 0x8000000000000000ull : 0) | 0x7FF8000000000000ull;
  return true;
}

/* A v128 as 0x + up to 32 hex digits, or an unsigned decimal below 2^128; little-endian bytes. */
static bool parse_v128(const char *s, uint8_t out[16]) {
  unsigned __int128 v = 0;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s += 2;
    size_t n = strlen(s);
    if (n == 0 || n > 32) return false;
    for (; *s; s++) {
      int d = hexdigit(*s);
      if (d < 0) return false;
      v = v << 4 | (unsigned)d;
    }
  } else {
    if (!*s) return false;
    unsigned __int128 max = ~(unsigned __int128)0;
    for (; *s; s++) {
      if (*s < '0' || *s > '9') return false;
      unsigned d = (unsigned)(*s - '0');
      if (v > (max - d) / 10) return false;
      v = v * 10 + d;
    }
  }
  for (int i = 0; i < 16; i++) out[i] = (uint8_t)(v >> (8 * i));
  return true;
}

bool wb_cli_parse_value(const char *s, uint8_t type, wb_value *out, char *msg, size_t msgsize) {
  uint64_t x;
  memset(out, 0, sizeof *out);
  switch (type) {
  case WB_I32:
    if (!wb_cli_parse_int(s, 32, &x)) break;
    out->u32 = (uint32_t)x;
    return true;
  case WB_I64:
    if (!wb_cli_parse_int(s, 64, &x)) break;
    out->u64 = x;
    return true;
  case WB_F32: {
    uint32_t b;
    if (!wb_cli_parse_f32(s, &b)) break;
    memcpy(&out->f32, &b, 4);
    return true;
  }
  case WB_F64:
    if (!wb_cli_parse_f64(s, &x)) break;
    memcpy(&out->f64, &x, 8);
    return true;
  case WB_V128:
    if (!parse_v128(s, out->v128)) break;
    return true;
  case WB_FUNCREF:
  case WB_EXTERNREF:
    if (strcmp(s, "null") != 0) break;
    out->ref = NULL;
    return true;
  }
  const char *what = "a value";
  switch (type) {
  case WB_I32: what = "an i32 (decimal or 0x hex)"; break;
  case WB_I64: what = "an i64 (decimal or 0x hex)"; break;
  case WB_F32: what = "an f32 (e.g. 1.5, -0, inf, nan)"; break;
  case WB_F64: what = "an f64 (e.g. 1.5, -0, inf, nan)"; break;
  case WB_V128: what = "a v128 (0x and up to 32 hex digits, or a decimal)"; break;
  case WB_FUNCREF: what = "a funcref (only null can be written)"; break;
  case WB_EXTERNREF: what = "an externref (only null can be written)"; break;
  }
  snprintf(msg, msgsize, "expected %s", what);
  return false;
}

/* Turns "d.ddde[+-]XX" (the output of %.*e) into positional notation without trailing zeros. */
static void positional(const char *sci, char *buf, size_t size) {
  char digits[40];
  size_t nd = 0;
  bool neg = *sci == '-';
  if (neg) sci++;
  for (; *sci && *sci != 'e'; sci++)
    if (*sci != '.' && nd < sizeof digits - 1) digits[nd++] = *sci;
  int exp = *sci == 'e' ? atoi(sci + 1) : 0;
  while (nd > 1 && digits[nd - 1] == '0') nd--;
  digits[nd] = 0;
  char out[WB_CLI_VALUE_TEXT_MAX];
  size_t o = 0;
  if (neg) out[o++] = '-';
  if (exp >= 0) {
    for (int i = 0; i <= exp; i++) out[o++] = (size_t)i < nd ? digits[i] : '0';
    if ((size_t)exp + 1 < nd) {
      out[o++] = '.';
      for (size_t i = (size_t)exp + 1; i < nd; i++) out[o++] = digits[i];
    }
  } else {
    out[o++] = '0';
    out[o++] = '.';
    for (int i = 0; i < -exp - 1; i++) out[o++] = '0';
    for (size_t i = 0; i < nd; i++) out[o++] = digits[i];
  }
  out[o] = 0;
  snprintf(buf, size, "%s", out);
}

void wb_cli_format_f32(uint32_t bits, char *buf, size_t size) {
  float f;
  memcpy(&f, &bits, 4);
  if (isnan(f)) {
    snprintf(buf, size, "NaN");
    return;
  }
  if (isinf(f)) {
    snprintf(buf, size, f < 0 ? "-inf" : "inf");
    return;
  }
  char sci[64];
  for (int prec = 1; prec <= 9; prec++) {
    snprintf(sci, sizeof sci, "%.*e", prec - 1, (double)f);
    if (strtof(sci, NULL) == f) break;
  }
  positional(sci, buf, size);
}

void wb_cli_format_f64(uint64_t bits, char *buf, size_t size) {
  double d;
  memcpy(&d, &bits, 8);
  if (isnan(d)) {
    snprintf(buf, size, "NaN");
    return;
  }
  if (isinf(d)) {
    snprintf(buf, size, d < 0 ? "-inf" : "inf");
    return;
  }
  char sci[64];
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(sci, sizeof sci, "%.*e", prec - 1, d);
    if (strtod(sci, NULL) == d) break;
  }
  positional(sci, buf, size);
}

static void format_u128(const uint8_t bytes[16], char *buf, size_t size) {
  unsigned __int128 v = 0;
  for (int i = 15; i >= 0; i--) v = v << 8 | bytes[i];
  char tmp[48];
  size_t n = 0;
  do {
    tmp[n++] = (char)('0' + (unsigned)(v % 10));
    v /= 10;
  } while (v);
  char out[48];
  for (size_t i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
  out[n] = 0;
  snprintf(buf, size, "%s", out);
}

void wb_cli_format_value(uint8_t type, const wb_value *v, char *buf, size_t size) {
  switch (type) {
  case WB_I32: snprintf(buf, size, "%d", v->i32); return;
  case WB_I64: snprintf(buf, size, "%lld", (long long)v->i64); return;
  case WB_F32: {
    uint32_t b;
    memcpy(&b, &v->f32, 4);
    wb_cli_format_f32(b, buf, size);
    return;
  }
  case WB_F64: wb_cli_format_f64(v->u64, buf, size); return;
  case WB_V128: format_u128(v->v128, buf, size); return;
  case WB_FUNCREF: snprintf(buf, size, "%s", v->ref ? "funcref" : "null"); return;
  case WB_EXTERNREF: snprintf(buf, size, "%s", v->ref ? "externref" : "null"); return;
  }
  snprintf(buf, size, "?");
}
