/* Internals shared by the fingerprint files: the byte-class table of the lexer and the small
 * second passes (UNION repeats, LIMIT, ORDER BY … ASC) that run on the lexer's output, and the first
 * rules, which look at the raw statement before it. */
#ifndef SLOWDEX_FP_INT_H
#define SLOWDEX_FP_INT_H
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

enum {
    FP_CC_WORD = 1,  /* Perl \w on bytes: [A-Za-z0-9_] */
    FP_CC_SPACE = 2, /* Perl \s: space \t \n \v \f \r */
    FP_CC_NUM = 4,   /* what the number rule swallows: [0-9a-f.xb+-] (case-sensitive) */
    FP_CC_HEX = 8,   /* [0-9a-f], for --match-md5-checksums */
    FP_CC_TR = 16,   /* the characters `tr[ \n\t\r\f][ ]s` collapses (not \v) */
    FP_CC_ALPHA = 32, /* [A-Za-z_] */
    FP_CC_FAST = 64,  /* letters that start a plain word: [A-Za-z] but not t or f (booleans) */
    FP_CC_SKIP = 128, /* bytes that may start a comment or an escape: / - # \ */
};

extern const unsigned char fp_cclass[256];

static inline bool fp_is_word(unsigned char c) { return fp_cclass[c] & FP_CC_WORD; }
static inline bool fp_is_space(unsigned char c) { return fp_cclass[c] & FP_CC_SPACE; }

enum { FP_SAW_UNION = 1, FP_SAW_LIMIT = 2, FP_SAW_ORDER = 4 };

/* Rules 16-18 of QueryRewriter::fingerprint, applied in order to the lexer's output in `out`; `words`
 * (FP_SAW_*) says which keywords the output holds as whole words. `scratch` is working memory.
 * Returns 0 or -1 when out of memory. */
int fp_post_passes(struct buf *out, struct buf *scratch, unsigned words);

/* MD5 of n bytes (md5.c, through nettle). */
void fp_md5(const void *data, size_t n, unsigned char out[16]);

/* Rules 1-5 (fp_pre.c), on the raw statement. Rule 2: a pt-table-checksum chunk comment anywhere. */
bool fp_is_checksum_query(const unsigned char *s, size_t n);
/* Rule 4: the length of the lower-cased `call name` prefix to keep, starting at *start, or 0. */
size_t fp_call_len(const unsigned char *s, size_t n, size_t *start);
/* Rule 5: the length of a multi-row INSERT/REPLACE to keep (its first tuple), else n. */
size_t fp_insert_cut(const unsigned char *s, size_t n);

#endif
