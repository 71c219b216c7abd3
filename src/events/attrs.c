/* Interned attribute names; see attrs.h. A log has a few dozen distinct names at most, so an
 * open-addressing table of modest size with linear probing is all that is needed. */
#include "events/attrs.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

struct attr_names {
    pthread_mutex_t mu; /* every function takes it: they are all rare (callers cache ids) */
    char **names;     /* by id */
    uint32_t n, cap;  /* ids used, allocated */
    uint32_t *slots;  /* hash slots: id + 1, 0 = empty */
    uint32_t nslots;  /* power of two */
};

struct attr_names *attr_names_new(void)
{
    struct attr_names *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->nslots = 64;
    t->slots = calloc(t->nslots, sizeof *t->slots);
    if (!t->slots) {
        free(t);
        return NULL;
    }
    pthread_mutex_init(&t->mu, NULL);
    return t;
}

void attr_names_free(struct attr_names *t)
{
    if (!t)
        return;
    for (uint32_t i = 0; i < t->n; i++)
        free(t->names[i]);
    free(t->names);
    free(t->slots);
    pthread_mutex_destroy(&t->mu);
    free(t);
}

static uint32_t *find_slot(const struct attr_names *t, struct sv name)
{
    uint32_t mask = t->nslots - 1;
    uint32_t i = (uint32_t)XXH3_64bits(name.p, name.n) & mask;
    for (;;) {
        uint32_t *s = &t->slots[i];
        if (*s == 0)
            return s;
        const char *have = t->names[*s - 1];
        if (strlen(have) == name.n && memcmp(have, name.p, name.n) == 0)
            return s;
        i = (i + 1) & mask;
    }
}

static int grow_slots(struct attr_names *t)
{
    uint32_t nslots = t->nslots * 2;
    uint32_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return -1;
    free(t->slots);
    t->slots = slots;
    t->nslots = nslots;
    for (uint32_t id = 0; id < t->n; id++)
        *find_slot(t, sv_cstr(t->names[id])) = id + 1;
    return 0;
}

static uint32_t intern_locked(struct attr_names *t, struct sv name)
{
    uint32_t *s = find_slot(t, name);
    if (*s)
        return *s - 1;
    if (t->n >= ATTR_NAMES_MAX)
        return UINT32_MAX;
    if (t->n == t->cap) {
        uint32_t cap = t->cap ? t->cap * 2 : 32;
        char **names = realloc(t->names, cap * sizeof *names);
        if (!names)
            return UINT32_MAX;
        t->names = names;
        t->cap = cap;
    }
    char *copy = sv_dup(name);
    if (!copy)
        return UINT32_MAX;
    t->names[t->n] = copy;
    *s = ++t->n;
    if (t->n * 2 > t->nslots && grow_slots(t) < 0)
        return UINT32_MAX;
    return t->n - 1;
}

uint32_t attr_names_intern(struct attr_names *t, struct sv name)
{
    pthread_mutex_lock(&t->mu);
    uint32_t id = intern_locked(t, name);
    pthread_mutex_unlock(&t->mu);
    return id;
}

/* The name strings never move once made, so the pointer stays good after the lock is let go. */
const char *attr_names_name(const struct attr_names *t, uint32_t id)
{
    struct attr_names *m = (struct attr_names *)t;
    pthread_mutex_lock(&m->mu);
    const char *name = id < t->n ? t->names[id] : NULL;
    pthread_mutex_unlock(&m->mu);
    return name;
}

uint32_t attr_names_count(const struct attr_names *t)
{
    struct attr_names *m = (struct attr_names *)t;
    pthread_mutex_lock(&m->mu);
    uint32_t n = t->n;
    pthread_mutex_unlock(&m->mu);
    return n;
}
