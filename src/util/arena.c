/* The arena of arena.h: a list of chunks, each a header and a bump region. */
#include "util/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_FIRST_CHUNK 4096
#define ARENA_MAX_CHUNK (1u << 20)

/* The newest chunk's free bytes are the arena's cur..end, for arena_alloc's inline bump. */
struct arena_chunk {
    struct arena_chunk *next;
    size_t size; /* bytes in data[] */
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

void arena_init(struct arena *a)
{
    a->head = NULL;
    a->chunk_size = ARENA_FIRST_CHUNK;
    a->cur = a->end = NULL;
}

static struct arena_chunk *arena_new_chunk(struct arena *a, size_t need)
{
    size_t size = a->chunk_size;
    while (size < need)
        size *= 2;
    struct arena_chunk *c = malloc(sizeof *c + size);
    if (!c)
        return NULL;
    c->next = a->head;
    c->size = size;
    a->head = c;
    a->cur = c->data;
    a->end = c->data + size;
    if (a->chunk_size < ARENA_MAX_CHUNK)
        a->chunk_size *= 2;
    return c;
}

void *arena_alloc_slow(struct arena *a, size_t size)
{
    if (size > SIZE_MAX / 2)
        return NULL;
    size_t rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (rounded == 0)
        rounded = ARENA_ALIGN;
    if (!a->cur || (size_t)(a->end - a->cur) < rounded) {
        if (!arena_new_chunk(a, rounded))
            return NULL;
    }
    void *p = a->cur;
    a->cur += rounded;
    memset(p, 0, size);
    return p;
}

void *arena_grow(struct arena *a, void *old, size_t old_count, size_t new_count, size_t elem)
{
    if (elem && new_count > SIZE_MAX / 2 / elem)
        return NULL;
    void *p = arena_alloc(a, new_count * elem);
    if (p && old && old_count)
        memcpy(p, old, (old_count < new_count ? old_count : new_count) * elem);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (p && n)
        memcpy(p, s, n);
    return p;
}

void arena_reset(struct arena *a)
{
    struct arena_chunk *c = a->head;
    if (!c)
        return;
    /* Keep the newest (largest) chunk. */
    struct arena_chunk *rest = c->next;
    while (rest) {
        struct arena_chunk *next = rest->next;
        free(rest);
        rest = next;
    }
    c->next = NULL;
    a->cur = c->data;
    a->end = c->data + c->size;
}

void arena_free(struct arena *a)
{
    struct arena_chunk *c = a->head;
    while (c) {
        struct arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->chunk_size = ARENA_FIRST_CHUNK;
    a->cur = a->end = NULL;
}
