/* Query fingerprints and Query IDs compatible with pt-query-digest 3.5 (lib/QueryRewriter.pm): the
 * same fingerprint, byte for byte, and the same Query ID (upper-case hex MD5 of the fingerprint) —
 * computed by one pass of a hand-written lexer instead of a chain of regular expressions. */
#ifndef SLOWDEX_FINGERPRINT_H
#define SLOWDEX_FINGERPRINT_H
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/sv.h"

enum fp_flags {
    FP_MATCH_EMBEDDED_NUMBERS = 1 << 0, /* pt --preserve-embedded-numbers: numbers inside words stay */
    FP_MATCH_MD5_CHECKSUMS = 1 << 1,    /* pt-fingerprint --match-md5-checksums */
};

/* A comment the fingerprint stripped: where the code that sent the query says who it is
 * (sqlcommenter, Rails marginalia, Hibernate and Django comments). */
struct fp_comment {
    struct sv text; /* the comment's body, without its delimiters; a view into the query */
};

#define FP_MAX_COMMENTS 8

/* Reusable per-thread working memory: the fingerprint of the last statement and its comments. */
struct fp_state {
    struct buf out;         /* the fingerprint, NUL-terminated */
    struct buf scratch;     /* internal */
    struct fp_comment comments[FP_MAX_COMMENTS];
    int ncomments;
};

/* Fingerprints query into st->out (replacing what was there) and collects its comments.
 * Returns 0, or -1 when out of memory. Never fails on malformed SQL. */
int fp_fingerprint(struct fp_state *st, struct sv query, unsigned flags);
/* The Query ID: 32 upper-case hex digits of MD5(fingerprint) and a NUL into out. */
void fp_query_id(struct sv fingerprint, char out[33]);
/* pt-query-digest's "distill": the verbs and tables of a statement, e.g.
 * "UPDATE db?.tuningdetail_?_? db?.gonzo", "SELECT foo", "ADMIN QUIT". Appends to out. */
struct fp_distiller;
/* The compiled patterns distill uses, made once per run (or per thread) and passed to each call. */
struct fp_distiller *fp_distiller_new(void);
void fp_distiller_free(struct fp_distiller *x);
int fp_distill(struct fp_distiller *x, struct sv query, struct buf *out);
/* Reduces a comment to a stable tag: key=value pairs keep their keys and values but drop
 * per-request values (traceparent, request ids, numbers); other text is trimmed. Appends to out;
 * returns 0 with nothing appended when the comment is not a tag worth keeping. */
int fp_comment_tag(struct sv comment, struct buf *out);
void fp_state_free(struct fp_state *st);

#endif
