/* Keys for the index checks: a table's indexes as arrays of parts (column or expression, prefix
 * length, direction) read from its facts, with part-by-part comparisons. checks_keys.c. */
#ifndef SLOWDEX_RULES_CHECKS_KEYS_H
#define SLOWDEX_RULES_CHECKS_KEYS_H
#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "util/buf.h"

/* In the order of precedence when two indexes are duplicates: the lower kind is kept. */
enum ck_kind { CK_PRIMARY, CK_UNIQUE, CK_KEY, CK_FULLTEXT, CK_SPATIAL };

struct ck_part {
    const char *column; /* NULL for a functional key part */
    const char *expr;
    long prefix;        /* 0: the whole column */
    bool desc;
};

struct ck_key {
    const char *name;
    enum ck_kind kind;
    bool hash;          /* a HASH index (MEMORY): usable only with its whole key */
    bool invisible;
    struct ck_part *parts;
    size_t nparts;
};

struct ck_keys {
    struct ck_key *v;
    size_t n;
};

/* Reads table.indexes (strings borrowed from the table's JSON). Returns 0, or -1 when out of
 * memory. */
int ck_keys_read(struct ck_keys *ks, const cJSON *table);
void ck_keys_free(struct ck_keys *ks);

/* Same column (case-insensitive) or same expression (white space and case ignored). */
bool ck_same_target(const struct ck_part *a, const struct ck_part *b);
/* Same target, prefix length and direction. */
bool ck_part_equal(const struct ck_part *a, const struct ck_part *b);
/* Whether two indexes can replace each other at all: B-tree (primary, unique, key) with B-tree
 * of the same HASH-ness, FULLTEXT with FULLTEXT, SPATIAL with SPATIAL. */
bool ck_same_structure(const struct ck_key *a, const struct ck_key *b);
/* Appends "a, b(10), (lower(c)) DESC" to b. Returns 0 or -1. */
int ck_parts_text(struct buf *b, const struct ck_part *p, size_t n);

const char *ck_str(const cJSON *o, const char *name);
bool ck_bool(const cJSON *o, const char *name);
/* table.qualified_name, else table.name. */
const char *ck_table_name(const cJSON *table);

#endif
