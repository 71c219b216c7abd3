/* Private to the general-log parser (genlog.c, genlog_conn.c): the table of per-connection state.
 * Not part of the public API. */
#ifndef SLOWDEX_GENLOG_INT_H
#define SLOWDEX_GENLOG_INT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/sv.h"

/* What a connection's Connect, Change user, Init DB and USE lines said. Only connections that said
 * something are held; Quit and a server banner let them go. The strings are the entry's own. */
struct gl_conn {
    uint64_t id;
    uint64_t last;      /* the parser's entry counter when the connection was last touched */
    char *user, *host, *db;
    bool used;
};

struct gl_conns {
    struct gl_conn *slots; /* open addressing, linear probing; cap is a power of two */
    size_t cap, n;
    size_t max;            /* past this many, the least recently touched half is forgotten */
};

/* The connection's state, NULL when none is held. The pointer is valid until the next put/del. */
struct gl_conn *gl_conns_get(struct gl_conns *t, uint64_t id);
/* The connection's state, created empty when none is held. NULL when out of memory. */
struct gl_conn *gl_conns_put(struct gl_conns *t, uint64_t id, uint64_t now);
void gl_conns_del(struct gl_conns *t, uint64_t id);
void gl_conns_clear(struct gl_conns *t);
void gl_conns_free(struct gl_conns *t);
/* Replaces *field with a copy of v. Returns 0, or -1 when out of memory (the field is then empty). */
int gl_conn_set(char **field, struct sv v);

#endif
