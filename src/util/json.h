/* util/json.h — a small strict JSON parser (RFC 8259) into a tree of nodes. Used by the wast
 * runner to read wast2json scripts; knows nothing of Wasm. Strict means: one value per document,
 * no comments, no trailing commas, no leading zeros, valid UTF-8, no lone surrogates. */
#ifndef WB_UTIL_JSON_H
#define WB_UTIL_JSON_H
#include <stdbool.h>
#include <stddef.h>
#include "util/error.h"

typedef enum wb_json_kind {
  WB_JSON_NULL,
  WB_JSON_BOOL,
  WB_JSON_NUMBER,
  WB_JSON_STRING,
  WB_JSON_ARRAY,
  WB_JSON_OBJECT,
} wb_json_kind;

typedef struct wb_json wb_json;

typedef struct wb_json_member {
  char *key;                 /* NUL-terminated UTF-8 (may contain NUL bytes from \u0000) */
  size_t key_len;
  wb_json *value;
} wb_json_member;

struct wb_json {
  wb_json_kind kind;
  size_t offset;             /* byte offset of the value in the input, for messages */
  union {
    bool boolean;
    struct {
      double value;
      char *text;            /* the number exactly as written (for values a double cannot hold) */
    } number;
    struct {
      char *chars;           /* NUL-terminated UTF-8 (may contain NUL bytes from \u0000) */
      size_t len;
    } string;
    struct {
      wb_json **items;
      size_t count;
    } array;
    struct {
      wb_json_member *members; /* in document order; duplicate keys are kept */
      size_t count;
    } object;
  } u;
};

/* Nesting deeper than this is rejected, so hostile input cannot exhaust the native stack. */
#define WB_JSON_MAX_DEPTH 512

/* Parses a whole document of len bytes (need not be NUL-terminated). On failure returns
 * WB_ERR_MALFORMED (or WB_ERR_NOMEM) with err->offset at the offending byte and a message that
 * names the line and column. */
wb_status wb_json_parse(const char *text, size_t len, wb_json **out, wb_error *err);

/* Frees a tree. Accepts NULL. */
void wb_json_free(wb_json *v);

/* The value of the first member named key, or NULL when v is not an object or has no such member. */
const wb_json *wb_json_get(const wb_json *v, const char *key);

/* The string's characters when v is a string, else NULL. */
const char *wb_json_str(const wb_json *v);

/* Element count of an array (0 for anything else) and element i (NULL when out of range). */
size_t wb_json_len(const wb_json *v);
const wb_json *wb_json_at(const wb_json *v, size_t i);

/* Whether v is a number holding a non-negative integer that fits in uint64_t; stores it in *out. */
bool wb_json_u64(const wb_json *v, unsigned long long *out);

#endif
