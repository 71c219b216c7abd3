/* A window of contiguous bytes over a source, so a parser can treat a whole event — however many
 * lines, however long — as one piece of memory. A mapped file is one window from the start; a stream
 * is read in blocks, and the parser asks for more when an event runs past the window, telling the
 * reader which bytes it still needs. Memory is bounded by the largest event, not by the input. */
#ifndef SLOWDEX_READER_H
#define SLOWDEX_READER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "input/source.h"

struct reader {
    const char *p;  /* window start */
    size_t n;       /* bytes in the window */
    uint64_t base;  /* input offset of p[0] */
    bool eof;       /* true when no bytes follow p[n-1] */
    /* private */
    struct source *src; /* NULL for a memory range */
    char *own;          /* the window buffer of a stream */
    size_t cap;
    size_t block;       /* bytes read per refill */
};

/* Reads a whole mapped source, or the first block of a stream. Returns 0, or -1 on a read error. */
int reader_init_source(struct reader *r, struct source *s);
/* The same with a chosen refill size (reader_init_source uses 1 MiB); tests and fuzzers use a few
 * bytes to exercise window growth and refills at every possible position. */
int reader_init_source_block(struct reader *r, struct source *s, size_t block);
/* A window over memory that is already complete: [data, data+n) starting at input offset base. */
void reader_init_memory(struct reader *r, const char *data, size_t n, uint64_t base);
/* Drops the window's first `keep` bytes (keep = the window offset of the first byte the caller
 * still needs), then reads more after what is left. p and base move: callers keep positions as
 * offsets. Returns the number of bytes added (0 at the end of input) or -1 on a read error. */
ssize_t reader_more(struct reader *r, size_t keep);
void reader_free(struct reader *r);

#endif
