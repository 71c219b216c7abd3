/* The rule engine (engine.h): the catalog, loading it, and evaluating it over a subject's facts. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/engine.h"
#include "rules_embedded.h"
#include "util/buf.h"

struct rule_catalog *rule_catalog_new(const struct rule_check *checks)
{
    struct rule_catalog *c = calloc(1, sizeof *c);
    if (c)
        c->checks = checks ? checks : rule_builtin_checks;
    return c;
}

void rule_catalog_free(struct rule_catalog *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        rule_free(c->v[i]);
    free(c->v);
    free(c);
}

/* Binary search by id: the index of the rule, or where it would go. */
static size_t find_slot(const struct rule_catalog *c, const char *id, bool *found)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(c->v[mid]->id, id);
        if (cmp == 0) {
            *found = true;
            return mid;
        }
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = false;
    return lo;
}

struct rule *rule_catalog_find(const struct rule_catalog *c, const char *id)
{
    bool found;
    size_t i = find_slot(c, id, &found);
    return found ? c->v[i] : NULL;
}

/* Adds r, replacing a rule of the same id (a user's rule overrides a built-in one). */
static int catalog_put(struct rule_catalog *c, struct rule *r)
{
    bool found;
    size_t i = find_slot(c, r->id, &found);
    if (found) {
        rule_free(c->v[i]);
        c->v[i] = r;
        return 0;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        struct rule **v = realloc(c->v, cap * sizeof *v);
        if (!v)
            return -1;
        c->v = v;
        c->cap = cap;
    }
    memmove(c->v + i + 1, c->v + i, (c->n - i) * sizeof *c->v);
    c->v[i] = r;
    c->n++;
    return 0;
}

int rule_catalog_add_text(struct rule_catalog *c, const char *name, const char *text, size_t n,
                          bool want_name, struct diag *d)
{
    struct rule *r;
    if (rule_parse(name, text, n, c->checks, want_name, &r, d) < 0)
        return -1;
    if (catalog_put(c, r) < 0) {
        rule_free(r);
        diag_add(d, name, 0, "out of memory");
        return -1;
    }
    return 0;
}

int rule_catalog_load_embedded(struct rule_catalog *c, struct diag *d)
{
    int broken = 0;
    for (const struct embedded_rule_file *f = slowdex_embedded_rules; f->name; f++) {
        char name[300];
        snprintf(name, sizeof name, "rules/%s", f->name);
        if (rule_catalog_add_text(c, name, f->text, strlen(f->text), true, d) < 0)
            broken++;
    }
    return broken;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.json names of dir, sorted; NULL (reported) when it cannot be read. */
static char **list_json(const char *dir, size_t *n, struct diag *d)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        diag_add(d, dir, 0, "%s", strerror(errno));
        return NULL;
    }
    char **v = NULL;
    size_t cap = 0;
    struct dirent *e;
    *n = 0;
    while ((e = readdir(dh))) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".json") != 0 || e->d_name[0] == '.')
            continue;
        if (*n + 1 >= cap) {
            cap = cap ? cap * 2 : 32;
            char **nv = realloc(v, cap * sizeof *nv);
            if (!nv)
                break;
            v = nv;
        }
        if (!(v[*n] = strdup(e->d_name)))
            break;
        (*n)++;
    }
    closedir(dh);
    if (e) { /* stopped early: out of memory */
        for (size_t i = 0; i < *n; i++)
            free(v[i]);
        free(v);
        diag_add(d, dir, 0, "out of memory");
        return NULL;
    }
    if (v)
        qsort(v, *n, sizeof *v, cmp_names);
    return v ? v : calloc(1, sizeof *v);
}

int rule_catalog_load_dir(struct rule_catalog *c, const char *dir, struct diag *d)
{
    size_t n;
    char **names = list_json(dir, &n, d);
    if (!names)
        return 1;
    struct buf path = {0}, text = {0};
    int broken = 0;
    for (size_t i = 0; i < n; i++) {
        buf_reset(&path);
        buf_reset(&text);
        if (buf_printf(&path, "%s/%s", dir, names[i]) < 0 || diag_read_file(d, path.p, &text) < 0 ||
            rule_catalog_add_text(c, path.p, text.p ? text.p : "", text.n, true, d) < 0)
            broken++;
        free(names[i]);
    }
    free(names);
    buf_free(&path);
    buf_free(&text);
    return broken;
}
