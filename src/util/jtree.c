/* cJSON trees built with malloc or in an arena (jtree.h). The arena's nodes are filled and linked
 * exactly as cJSON 1.7 fills and links its own (a list's first child's prev points at its last
 * child, so that appending is O(1)), so that cJSON's readers and printers see no difference. */
#include "util/jtree.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static cJSON *node(const struct jtree *j, int type)
{
    cJSON *n = arena_alloc(j->arena, sizeof *n); /* zeroed */
    if (n)
        n->type = type;
    return n;
}

cJSON *jt_object(const struct jtree *j)
{
    return j->arena ? node(j, cJSON_Object) : cJSON_CreateObject();
}

cJSON *jt_array(const struct jtree *j)
{
    return j->arena ? node(j, cJSON_Array) : cJSON_CreateArray();
}

cJSON *jt_number(const struct jtree *j, double v)
{
    if (!j->arena)
        return cJSON_CreateNumber(v);
    cJSON *n = node(j, cJSON_Number);
    if (n) {
        n->valuedouble = v;
        /* cJSON's valueint saturates */
        n->valueint = v >= INT_MAX ? INT_MAX : v <= (double)INT_MIN ? INT_MIN : (int)v;
    }
    return n;
}

cJSON *jt_string(const struct jtree *j, const char *s)
{
    if (!s)
        return NULL;
    return j->arena ? jt_string_n(j, s, strlen(s)) : cJSON_CreateString(s);
}

cJSON *jt_string_n(const struct jtree *j, const char *s, size_t n)
{
    if (j->arena) {
        cJSON *v = node(j, cJSON_String);
        if (v && !(v->valuestring = arena_strndup(j->arena, s, n)))
            return NULL;
        return v;
    }
    /* cJSON copies a NUL-terminated string: short views go through the stack. */
    char small[256];
    char *p = n < sizeof small ? small : malloc(n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    cJSON *v = cJSON_CreateString(p);
    if (p != small)
        free(p);
    return v;
}

cJSON *jt_bool(const struct jtree *j, bool v)
{
    return j->arena ? node(j, v ? cJSON_True : cJSON_False) : cJSON_CreateBool(v);
}

cJSON *jt_null(const struct jtree *j) { return j->arena ? node(j, cJSON_NULL) : cJSON_CreateNull(); }

cJSON *jt_reference(const struct jtree *j, const cJSON *item)
{
    if (!j->arena) {
        if (cJSON_IsArray(item))
            return cJSON_CreateArrayReference(item->child);
        if (cJSON_IsObject(item))
            return cJSON_CreateObjectReference(item->child);
        return cJSON_Duplicate(item, true);
    }
    cJSON *n = node(j, 0);
    if (n) {
        *n = *item;
        n->next = n->prev = NULL;
        n->string = NULL;
        n->type |= cJSON_IsReference;
    }
    return n;
}

/* Appends item to the list of o, as cJSON's add_item_to_array does. */
static void link_last(cJSON *o, cJSON *item)
{
    cJSON *first = o->child;
    if (!first) {
        o->child = item;
        item->prev = item;
        item->next = NULL;
        return;
    }
    cJSON *last = first->prev;
    last->next = item;
    item->prev = last;
    item->next = NULL;
    first->prev = item;
}

bool jt_add(const struct jtree *j, cJSON *o, const char *key, cJSON *item)
{
    if (!item)
        return false;
    if (!j->arena) {
        bool ok = key ? cJSON_AddItemToObject(o, key, item) : cJSON_AddItemToArray(o, item);
        if (!ok)
            cJSON_Delete(item);
        return ok;
    }
    item->string = (char *)key; /* never freed: nothing in an arena's tree is */
    link_last(o, item);
    return true;
}

bool jt_add_number(const struct jtree *j, cJSON *o, const char *key, double v)
{
    return jt_add(j, o, key, jt_number(j, v));
}

bool jt_add_string(const struct jtree *j, cJSON *o, const char *key, const char *s)
{
    return jt_add(j, o, key, jt_string(j, s));
}

bool jt_add_bool(const struct jtree *j, cJSON *o, const char *key, bool v)
{
    return jt_add(j, o, key, jt_bool(j, v));
}

bool jt_add_null(const struct jtree *j, cJSON *o, const char *key)
{
    return jt_add(j, o, key, jt_null(j));
}

cJSON *jt_add_object(const struct jtree *j, cJSON *o, const char *key)
{
    cJSON *n = jt_object(j);
    return jt_add(j, o, key, n) ? n : NULL;
}

cJSON *jt_add_array(const struct jtree *j, cJSON *o, const char *key)
{
    cJSON *n = jt_array(j);
    return jt_add(j, o, key, n) ? n : NULL;
}

void jt_free(const struct jtree *j, cJSON *item)
{
    if (!j->arena)
        cJSON_Delete(item);
}
