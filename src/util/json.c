/* util/json.c — strict recursive-descent JSON parser. Recursion is bounded by WB_JSON_MAX_DEPTH;
 * every allocation failure and every malformed byte becomes an error value, never a crash. */
#include "util/json.h"
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
  const char *start, *pos, *end;
  wb_error *err;
  unsigned depth;
} parser;

/* Reports an error at byte `at` with its line and column (1-based, columns in bytes). */
static wb_status fail_at(parser *p, const char *at, wb_status st, const char *what) {
  size_t line = 1, col = 1;
  for (const char *c = p->start; c < at; c++) {
    if (*c == '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
  }
  return wb_fail(p->err, st, (size_t)(at - p->start), "line %zu, column %zu: %s", line, col, what);
}

static wb_status fail(parser *p, const char *what) { return fail_at(p, p->pos, WB_ERR_MALFORMED, what); }
static wb_status nomem(parser *p) { return fail_at(p, p->pos, WB_ERR_NOMEM, "out of memory"); }

static void skip_ws(parser *p) {
  while (p->pos < p->end && (*p->pos == ' ' || *p->pos == '\t' || *p->pos == '\n' || *p->pos == '\r'))
    p->pos++;
}

/* A growable byte buffer for string contents. */
typedef struct buf {
  char *data;
  size_t len, cap;
} buf;

static bool buf_put(buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 16;
    while (b->len + n + 1 > cap) cap *= 2;
    char *d = realloc(b->data, cap);
    if (!d) return false;
    b->data = d;
    b->cap = cap;
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
  return true;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Reads the 4 hex digits after "\u". */
static wb_status read_hex4(parser *p, uint32_t *out) {
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) {
    if (p->pos >= p->end) return fail(p, "unexpected end of input in \\u escape");
    int h = hexval(*p->pos);
    if (h < 0) return fail(p, "expected a hex digit in \\u escape");
    v = v << 4 | (uint32_t)h;
    p->pos++;
  }
  *out = v;
  return WB_OK;
}

static size_t encode_utf8(uint32_t cp, char *out) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | cp >> 6);
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | cp >> 12);
    out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | cp >> 18);
  out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
  out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Length of the well-formed UTF-8 sequence at s (at most n bytes available), or 0 if ill-formed
 * (overlong forms, surrogates and code points past U+10FFFF are ill-formed). */
static size_t utf8_seq_len(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  size_t len;
  uint32_t cp, min;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) {
    len = 2, cp = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, cp = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (len > n) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    cp = cp << 6 | (s[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

/* Parses a string starting at the opening quote into a fresh NUL-terminated buffer. */
static wb_status parse_string(parser *p, char **out, size_t *out_len) {
  buf b = {0};
  p->pos++; /* opening quote */
  for (;;) {
    const char *run = p->pos;
    while (p->pos < p->end && *p->pos != '"' && *p->pos != '\\' && (unsigned char)*p->pos >= 0x20 &&
           (unsigned char)*p->pos < 0x80)
      p->pos++;
    if (p->pos > run && !buf_put(&b, run, (size_t)(p->pos - run))) goto oom;
    if (p->pos >= p->end) {
      free(b.data);
      return fail(p, "unterminated string");
    }
    unsigned char c = (unsigned char)*p->pos;
    if (c == '"') {
      p->pos++;
      break;
    }
    if (c < 0x20) {
      free(b.data);
      return fail(p, "control character in string");
    }
    if (c >= 0x80) {
      size_t n = utf8_seq_len((const unsigned char *)p->pos, (size_t)(p->end - p->pos));
      if (!n) {
        free(b.data);
        return fail(p, "invalid UTF-8 in string");
      }
      if (!buf_put(&b, p->pos, n)) goto oom;
      p->pos += n;
      continue;
    }
    /* backslash */
    const char *esc = p->pos++;
    if (p->pos >= p->end) {
      free(b.data);
      return fail(p, "unterminated string");
    }
    char e = *p->pos++, ch;
    switch (e) {
    case '"': ch = '"'; break;
    case '\\': ch = '\\'; break;
    case '/': ch = '/'; break;
    case 'b': ch = '\b'; break;
    case 'f': ch = '\f'; break;
    case 'n': ch = '\n'; break;
    case 'r': ch = '\r'; break;
    case 't': ch = '\t'; break;
    case 'u': {
      uint32_t cp;
      wb_status st = read_hex4(p, &cp);
      if (st) {
        free(b.data);
        return st;
      }
      if (cp >= 0xDC00 && cp <= 0xDFFF) {
        free(b.data);
        return fail_at(p, esc, WB_ERR_MALFORMED, "lone low surrogate in \\u escape");
      }
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        uint32_t lo;
        if (p->end - p->pos < 2 || p->pos[0] != '\\' || p->pos[1] != 'u') {
          free(b.data);
          return fail_at(p, esc, WB_ERR_MALFORMED, "high surrogate not followed by a low surrogate");
        }
        p->pos += 2;
        if ((st = read_hex4(p, &lo))) {
          free(b.data);
          return st;
        }
        if (lo < 0xDC00 || lo > 0xDFFF) {
          free(b.data);
          return fail_at(p, esc, WB_ERR_MALFORMED, "high surrogate not followed by a low surrogate");
        }
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      }
      char u[4];
      if (!buf_put(&b, u, encode_utf8(cp, u))) goto oom;
      continue;
    }
    default:
      free(b.data);
      return fail_at(p, esc, WB_ERR_MALFORMED, "invalid escape in string");
    }
    if (!buf_put(&b, &ch, 1)) goto oom;
  }
  if (!b.data && !buf_put(&b, "", 0)) goto oom;
  *out = b.data;
  *out_len = b.len;
  return WB_OK;
oom:
  free(b.data);
  return nomem(p);
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static wb_status parse_number(parser *p, wb_json *v) {
  const char *s = p->pos;
  if (p->pos < p->end && *p->pos == '-') p->pos++;
  if (p->pos >= p->end || !is_digit(*p->pos)) return fail(p, "expected a digit");
  if (*p->pos == '0') {
    p->pos++;
    if (p->pos < p->end && is_digit(*p->pos)) return fail(p, "leading zero in number");
  } else {
    while (p->pos < p->end && is_digit(*p->pos)) p->pos++;
  }
  if (p->pos < p->end && *p->pos == '.') {
    p->pos++;
    if (p->pos >= p->end || !is_digit(*p->pos)) return fail(p, "expected a digit after '.'");
    while (p->pos < p->end && is_digit(*p->pos)) p->pos++;
  }
  if (p->pos < p->end && (*p->pos == 'e' || *p->pos == 'E')) {
    p->pos++;
    if (p->pos < p->end && (*p->pos == '+' || *p->pos == '-')) p->pos++;
    if (p->pos >= p->end || !is_digit(*p->pos)) return fail(p, "expected a digit in exponent");
    while (p->pos < p->end && is_digit(*p->pos)) p->pos++;
  }
  size_t n = (size_t)(p->pos - s);
  char *text = malloc(n + 1);
  if (!text) return nomem(p);
  memcpy(text, s, n);
  text[n] = 0;
  v->u.number.text = text;
  v->u.number.value = strtod(text, NULL); /* out of range gives +-HUGE_VAL or 0: acceptable */
  return WB_OK;
}

static bool match_word(parser *p, const char *w) {
  size_t n = strlen(w);
  if ((size_t)(p->end - p->pos) < n || memcmp(p->pos, w, n) != 0) return false;
  p->pos += n;
  return true;
}

static wb_status parse_value(parser *p, wb_json **out);

static const char *text_at(const parser *p, size_t offset) { return p->start + offset; }

static wb_status parse_array(parser *p, wb_json *v) {
  size_t cap = 0;
  p->pos++; /* [ */
  skip_ws(p);
  if (p->pos < p->end && *p->pos == ']') {
    p->pos++;
    return WB_OK;
  }
  for (;;) {
    if (v->u.array.count == cap) {
      cap = cap ? cap * 2 : 4;
      wb_json **items = realloc(v->u.array.items, cap * sizeof *items);
      if (!items) return nomem(p);
      v->u.array.items = items;
    }
    /* counted before parsing so a partly built item is freed with the array on failure */
    wb_status st = parse_value(p, &v->u.array.items[v->u.array.count++]);
    if (st) return st;
    skip_ws(p);
    if (p->pos >= p->end) return fail(p, "unexpected end of input in array");
    if (*p->pos == ']') {
      p->pos++;
      return WB_OK;
    }
    if (*p->pos != ',') return fail(p, "expected ',' or ']'");
    p->pos++;
  }
}

static wb_status parse_object(parser *p, wb_json *v) {
  size_t cap = 0;
  p->pos++; /* { */
  skip_ws(p);
  if (p->pos < p->end && *p->pos == '}') {
    p->pos++;
    return WB_OK;
  }
  for (;;) {
    skip_ws(p);
    if (p->pos >= p->end) return fail(p, "unexpected end of input in object");
    if (*p->pos != '"') return fail(p, "expected a string as object key");
    if (v->u.object.count == cap) {
      cap = cap ? cap * 2 : 4;
      wb_json_member *m = realloc(v->u.object.members, cap * sizeof *m);
      if (!m) return nomem(p);
      v->u.object.members = m;
    }
    wb_json_member *m = &v->u.object.members[v->u.object.count];
    m->value = NULL;
    wb_status st = parse_string(p, &m->key, &m->key_len);
    if (st) return st;
    v->u.object.count++; /* counted now so the key is freed on a later failure */
    skip_ws(p);
    if (p->pos >= p->end || *p->pos != ':') return fail(p, "expected ':' after object key");
    p->pos++;
    if ((st = parse_value(p, &m->value))) return st;
    skip_ws(p);
    if (p->pos >= p->end) return fail(p, "unexpected end of input in object");
    if (*p->pos == '}') {
      p->pos++;
      return WB_OK;
    }
    if (*p->pos != ',') return fail(p, "expected ',' or '}'");
    p->pos++;
  }
}

static wb_status parse_value(parser *p, wb_json **out) {
  *out = NULL;
  skip_ws(p);
  if (p->pos >= p->end) return fail(p, "unexpected end of input, expected a value");
  wb_json *v = calloc(1, sizeof *v);
  if (!v) return nomem(p);
  *out = v; /* the caller's tree owns v from here, so every failure below frees it */
  v->offset = (size_t)(p->pos - p->start);
  wb_status st = WB_OK;
  switch (*p->pos) {
  case '{':
  case '[':
    if (++p->depth > WB_JSON_MAX_DEPTH) return fail(p, "nesting too deep");
    if (*p->pos == '{') {
      v->kind = WB_JSON_OBJECT;
      st = parse_object(p, v);
    } else {
      v->kind = WB_JSON_ARRAY;
      st = parse_array(p, v);
    }
    p->depth--;
    return st;
  case '"':
    v->kind = WB_JSON_STRING;
    return parse_string(p, &v->u.string.chars, &v->u.string.len);
  case 't':
  case 'f':
  case 'n':
    if (match_word(p, "true") || match_word(p, "false")) {
      v->kind = WB_JSON_BOOL;
      v->u.boolean = text_at(p, v->offset)[0] == 't';
      return WB_OK;
    }
    if (match_word(p, "null")) {
      v->kind = WB_JSON_NULL;
      return WB_OK;
    }
    return fail(p, "invalid literal");
  default:
    if (*p->pos == '-' || is_digit(*p->pos)) {
      v->kind = WB_JSON_NUMBER;
      return parse_number(p, v);
    }
    return fail(p, "unexpected character, expected a value");
  }
}

wb_status wb_json_parse(const char *text, size_t len, wb_json **out, wb_error *err) {
  parser p = {text, text, text + len, err, 0};
  wb_json *root = NULL;
  *out = NULL;
  wb_status st = parse_value(&p, &root);
  if (!st) {
    skip_ws(&p);
    if (p.pos != p.end) st = fail(&p, "unexpected data after the value");
  }
  if (st) {
    wb_json_free(root);
    return st;
  }
  *out = root;
  return WB_OK;
}

void wb_json_free(wb_json *v) {
  if (!v) return;
  switch (v->kind) {
  case WB_JSON_NUMBER: free(v->u.number.text); break;
  case WB_JSON_STRING: free(v->u.string.chars); break;
  case WB_JSON_ARRAY:
    for (size_t i = 0; i < v->u.array.count; i++) wb_json_free(v->u.array.items[i]);
    free(v->u.array.items);
    break;
  case WB_JSON_OBJECT:
    for (size_t i = 0; i < v->u.object.count; i++) {
      free(v->u.object.members[i].key);
      wb_json_free(v->u.object.members[i].value);
    }
    free(v->u.object.members);
    break;
  default: break;
  }
  free(v);
}

const wb_json *wb_json_get(const wb_json *v, const char *key) {
  if (!v || v->kind != WB_JSON_OBJECT) return NULL;
  size_t n = strlen(key);
  for (size_t i = 0; i < v->u.object.count; i++) {
    const wb_json_member *m = &v->u.object.members[i];
    if (m->key_len == n && memcmp(m->key, key, n) == 0) return m->value;
  }
  return NULL;
}

const char *wb_json_str(const wb_json *v) {
  return v && v->kind == WB_JSON_STRING ? v->u.string.chars : NULL;
}

size_t wb_json_len(const wb_json *v) { return v && v->kind == WB_JSON_ARRAY ? v->u.array.count : 0; }

const wb_json *wb_json_at(const wb_json *v, size_t i) {
  return i < wb_json_len(v) ? v->u.array.items[i] : NULL;
}

bool wb_json_u64(const wb_json *v, unsigned long long *out) {
  if (!v || v->kind != WB_JSON_NUMBER) return false;
  const char *t = v->u.number.text;
  for (const char *c = t; *c; c++)
    if (!is_digit(*c)) return false; /* negative, fraction or exponent */
  errno = 0;
  unsigned long long x = strtoull(t, NULL, 10);
  if (errno == ERANGE) return false;
  *out = x;
  return true;
}
