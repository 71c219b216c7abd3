/* The reader window; see reader.h. A mapped source or a memory range is one window that never
 * moves data. A stream owns a buffer of one block (1 MiB unless the caller chose another) to start
 * with; reader_more drops the prefix the parser no longer needs, slides the rest to the front and
 * reads after it. When the kept
 * part already fills the buffer (an event bigger than the window), the buffer doubles — so memory is
 * bounded by about twice the largest event plus one block, never by the input. */
#include "input/reader.h"

#include <stdlib.h>
#include <string.h>

#define READER_BLOCK ((size_t)1 << 20)

void reader_init_memory(struct reader *r, const char *data, size_t n, uint64_t base)
{
    memset(r, 0, sizeof *r);
    r->p = data ? data : "";
    r->n = data ? n : 0;
    r->base = base;
    r->eof = true;
}

/* Reads into the free tail of the buffer until a block's worth arrived, the buffer is full or the
 * input ends. Returns bytes added or -1. */
static ssize_t fill(struct reader *r)
{
    size_t added = 0;
    while (r->n < r->cap && added < r->block) {
        ssize_t got = source_read(r->src, r->own + r->n, r->cap - r->n);
        if (got < 0) /* what came before the error is kept; the error shows at the next call */
            return added ? (ssize_t)added : -1;
        if (got == 0) {
            r->eof = true;
            break;
        }
        r->n += (size_t)got;
        added += (size_t)got;
    }
    return (ssize_t)added;
}

int reader_init_source_block(struct reader *r, struct source *s, size_t block)
{
    if (source_is_mapped(s)) {
        reader_init_memory(r, source_data(s), source_size(s), 0);
        return 0;
    }
    memset(r, 0, sizeof *r);
    r->src = s;
    r->block = block ? block : READER_BLOCK;
    r->own = malloc(r->block);
    if (!r->own)
        return -1;
    r->cap = r->block;
    r->p = r->own;
    /* A source that fails at once is an error; one that fails later still hands over its start. */
    if (fill(r) < 0 && r->n == 0) {
        reader_free(r);
        return -1;
    }
    return 0;
}

int reader_init_source(struct reader *r, struct source *s)
{
    return reader_init_source_block(r, s, READER_BLOCK);
}

ssize_t reader_more(struct reader *r, size_t keep)
{
    if (keep > r->n)
        keep = r->n;
    if (!r->src) { /* memory: nothing more to read, only drop the prefix */
        r->p += keep;
        r->n -= keep;
        r->base += keep;
        return 0;
    }
    if (keep) {
        memmove(r->own, r->own + keep, r->n - keep);
        r->n -= keep;
        r->base += keep;
    }
    if (r->eof) {
        r->p = r->own;
        return 0;
    }
    if (r->n == r->cap) {
        if (r->cap > SIZE_MAX / 2)
            return -1;
        char *bigger = realloc(r->own, r->cap * 2);
        if (!bigger)
            return -1;
        r->own = bigger;
        r->cap *= 2;
    } else if (r->n > r->cap / 2 && r->cap - r->n < r->block) {
        /* keep reads at block size even when most of the window is an event in progress */
        char *bigger = realloc(r->own, r->cap + r->block);
        if (!bigger)
            return -1;
        r->own = bigger;
        r->cap += r->block;
    }
    r->p = r->own;
    return fill(r);
}

void reader_free(struct reader *r)
{
    free(r->own);
    memset(r, 0, sizeof *r);
}
