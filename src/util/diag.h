/* Diagnostics: what parsers found wrong with their input. A parser never prints; it records
 * `file:line: reason` here and goes on. The first few messages are kept verbatim for the report, the
 * rest are only counted, so a log full of garbage cannot exhaust memory. */
#ifndef SLOWDEX_DIAG_H
#define SLOWDEX_DIAG_H
#include <stdint.h>

#include "util/buf.h"

#define DIAG_KEEP 20 /* messages kept verbatim; the rest are counted */

struct diag {
    uint64_t count;        /* every diagnostic recorded */
    int kept;              /* messages held in msgs[] */
    char *msgs[DIAG_KEEP]; /* "file:line: reason", owned */
};

/* Records one problem at file:line (line 0 = the whole file). */
void diag_add(struct diag *d, const char *file, uint64_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Adds delta to the line number of every kept message about `file` (a parser that started in the
 * middle of a file counted its lines from there; its caller learns the true base afterwards). */
void diag_shift_lines(struct diag *d, const char *file, uint64_t delta);
/* Moves src's count and as many kept messages as fit into dst; src is left empty. */
void diag_merge(struct diag *dst, struct diag *src);
void diag_free(struct diag *d);
/* Appends the whole file at path to b (util/buf.h's buf_read_file); when it cannot be read, or
 * memory runs out, records `path: reason` in d. Returns 0 or -1. */
int diag_read_file(struct diag *d, const char *path, struct buf *b);

#endif
