/* Building cJSON trees in one of two ways: node by node with malloc, as cJSON itself does (the tree
 * is freed with cJSON_Delete), or in an arena (the tree dies with the arena and must never reach
 * cJSON_Delete). The fact trees a digest builds for each of its classes, read by the rules and then
 * thrown away, cost more to malloc and free node by node than to evaluate; in an arena they cost a
 * pointer bump each. The nodes are ordinary cJSON nodes: everything that reads or prints cJSON
 * reads them. */
#ifndef SLOWDEX_JTREE_H
#define SLOWDEX_JTREE_H
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/arena.h"

struct jtree {
    struct arena *arena; /* NULL: malloc'd nodes */
};

/* The malloc'd way, for trees their caller frees with cJSON_Delete. */
static inline struct jtree jtree_malloc(void) { return (struct jtree){NULL}; }

/* New nodes; NULL when out of memory. Strings are copied. */
cJSON *jt_object(const struct jtree *j);
cJSON *jt_array(const struct jtree *j);
cJSON *jt_number(const struct jtree *j, double v);
cJSON *jt_string(const struct jtree *j, const char *s);
/* A string node of the n bytes at s, which need not be NUL-terminated (a view into the input). */
cJSON *jt_string_n(const struct jtree *j, const char *s, size_t n);
cJSON *jt_bool(const struct jtree *j, bool v);
cJSON *jt_null(const struct jtree *j);
/* A node that shares item's value (its children are not copied); item must outlive the tree. */
cJSON *jt_reference(const struct jtree *j, const cJSON *item);

/* Adds item to object o under key, or to array o when key is NULL. The malloc'd way copies key;
 * an arena's tree points at it, so it must outlive the tree (a literal, or a name its builder
 * keeps longer, as a digest keeps its attribute names). False when item is NULL or out of memory;
 * item is then freed (malloc'd way). */
bool jt_add(const struct jtree *j, cJSON *o, const char *key, cJSON *item);
bool jt_add_number(const struct jtree *j, cJSON *o, const char *key, double v);
bool jt_add_string(const struct jtree *j, cJSON *o, const char *key, const char *s);
bool jt_add_bool(const struct jtree *j, cJSON *o, const char *key, bool v);
bool jt_add_null(const struct jtree *j, cJSON *o, const char *key);
/* A new object or array added under key; NULL when out of memory. */
cJSON *jt_add_object(const struct jtree *j, cJSON *o, const char *key);
cJSON *jt_add_array(const struct jtree *j, cJSON *o, const char *key);

/* Reading: cJSON_GetObjectItemCaseSensitive(o, name) (NULL when o is not an object or has no
 * such member), without a call to strcmp for every member: one whose first two bytes differ is
 * passed over at once. Rules read fact trees member by member, and that is most of what they do. */
static inline const cJSON *jt_member(const cJSON *o, const char *name)
{
    if (!o || (o->type & 0xff) != cJSON_Object)
        return NULL;
    if (!name[0])
        return cJSON_GetObjectItemCaseSensitive(o, name);
    for (const cJSON *c = o->child; c; c = c->next)
        /* name[0] is not NUL, so both have a second byte once the first ones match */
        if (c->string && c->string[0] == name[0] && c->string[1] == name[1] &&
            strcmp(c->string, name) == 0)
            return c;
    return NULL;
}

/* Frees a tree built the malloc'd way; nothing for an arena's (the arena frees it). */
void jt_free(const struct jtree *j, cJSON *item);

#endif
