/* Positions in a JSON text of the nodes cJSON parsed from it. cJSON keeps no positions, so to name
 * the line and column of a bad rule field, the text is walked again in step with the tree (members
 * keep their order in cJSON, so the n-th value met is the n-th node). Used only to report errors. */
#ifndef SLOWDEX_RULES_JPOS_H
#define SLOWDEX_RULES_JPOS_H
#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "util/diag.h"

/* Byte offset in text of target's value (want_key false) or of its member name's opening quote
 * (want_key true). text[0..n) must be what root was parsed from. False when not found. */
bool jpos_find(const char *text, size_t n, const cJSON *root, const cJSON *target, bool want_key,
               size_t *off);
/* The offset in text of the byte that decodes to byte `decoded` of the JSON string whose opening
 * quote is at text[quote] (escapes such as \" and \u00e9 count as the bytes they stand for). */
size_t jpos_in_string(const char *text, size_t n, size_t quote, size_t decoded);
/* 1-based line and column (in bytes) of an offset. */
void jpos_line_col(const char *text, size_t n, size_t off, unsigned *line, unsigned *col);
/* Records msg in d as "name:LINE:COLUMN: msg", the position being that of offset off in text. */
void jpos_diag(struct diag *d, const char *name, const char *text, size_t n, size_t off,
               const char *msg);

#endif
