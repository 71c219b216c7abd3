/* An arena: many small allocations that live and die together (one statement's analysis, one
 * parse). Allocation is a pointer bump in a chunk; nothing is freed one by one; arena_reset keeps
 * the first chunk so that analysing statement after statement allocates nothing in the steady
 * state. */
#ifndef SLOWDEX_ARENA_H
#define SLOWDEX_ARENA_H
#include <stddef.h>

#include "util/sv.h"

#include <string.h>

#define ARENA_ALIGN 16

struct arena_chunk;

struct arena {
    struct arena_chunk *head; /* newest chunk; older ones follow */
    size_t chunk_size;        /* size of the next chunk to allocate */
    unsigned char *cur, *end; /* the newest chunk's free bytes */
};

void arena_init(struct arena *a);
/* arena_alloc when the newest chunk is full (or size is 0 or huge). */
void *arena_alloc_slow(struct arena *a, size_t size);
/* Zeroed memory aligned for any type; NULL when out of memory. Inline: fact trees and statement
 * analyses are made of many small nodes, and for a constant size the zeroing is a few stores. */
static inline void *arena_alloc(struct arena *a, size_t size)
{
    size_t rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (size == 0 || size > 4096 || !a->cur || rounded > (size_t)(a->end - a->cur))
        return arena_alloc_slow(a, size);
    void *p = a->cur;
    a->cur += rounded;
    memset(p, 0, size);
    return p;
}
/* Grows an array allocated in the arena to `new_count` elements, copying the old ones (the old
 * block is not reused). NULL when out of memory. */
void *arena_grow(struct arena *a, void *old, size_t old_count, size_t new_count, size_t elem);
/* A NUL-terminated copy of the view in the arena; NULL when out of memory. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Forgets every allocation; keeps one chunk for reuse. */
void arena_reset(struct arena *a);
void arena_free(struct arena *a);

#endif
