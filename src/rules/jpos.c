/* Positions of cJSON nodes in their JSON text; see jpos.h. The text is known to be valid JSON (cJSON
 * parsed it), so the walk only needs to find where each value starts and ends. */
#include "rules/jpos.h"

#include <stdio.h>

struct walk {
    const char *p, *end;
    const cJSON *target;
    bool want_key;
    const char *found;
    int depth;
};

static void skip_ws(struct walk *w)
{
    while (w->p < w->end && (unsigned char)*w->p <= 32)
        w->p++;
}

static void skip_string(struct walk *w)
{
    w->p++; /* the opening quote */
    while (w->p < w->end && *w->p != '"')
        w->p += *w->p == '\\' && w->p + 1 < w->end ? 2 : 1;
    if (w->p < w->end)
        w->p++;
}

static void skip_scalar(struct walk *w)
{
    if (w->p < w->end && *w->p == '"') {
        skip_string(w);
        return;
    }
    while (w->p < w->end && *w->p != ',' && *w->p != ']' && *w->p != '}' &&
           (unsigned char)*w->p > 32)
        w->p++;
}

/* Walks one value whose first byte is at w->p; stops as soon as the target is found. */
static void walk_value(struct walk *w, const cJSON *node)
{
    skip_ws(w);
    if (node == w->target && !w->want_key)
        w->found = w->p;
    if (w->found || w->p >= w->end || ++w->depth > 2000)
        return;
    if (cJSON_IsObject(node) || cJSON_IsArray(node)) {
        bool obj = cJSON_IsObject(node);
        w->p++; /* { or [ */
        for (const cJSON *c = node->child; c && !w->found && w->p < w->end; c = c->next) {
            skip_ws(w);
            if (obj) {
                if (c == w->target && w->want_key) {
                    w->found = w->p;
                    break;
                }
                skip_string(w);
                skip_ws(w);
                w->p++; /* : */
            }
            walk_value(w, c);
            skip_ws(w);
            if (w->p < w->end && *w->p == ',')
                w->p++;
        }
        skip_ws(w);
        if (w->p < w->end)
            w->p++; /* } or ] */
    } else {
        skip_scalar(w);
    }
    w->depth--;
}

bool jpos_find(const char *text, size_t n, const cJSON *root, const cJSON *target, bool want_key,
               size_t *off)
{
    struct walk w = {.p = text, .end = text + n, .target = target, .want_key = want_key};
    walk_value(&w, root);
    if (!w.found)
        return false;
    *off = (size_t)(w.found - text);
    return true;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* How many raw bytes and decoded bytes one \uXXXX escape (or surrogate pair) takes. */
static void unicode_escape(const char *p, const char *end, size_t *raw, size_t *dec)
{
    unsigned cp = 0;
    for (int i = 2; i < 6 && p + i < end && hexval(p[i]) >= 0; i++)
        cp = cp * 16 + (unsigned)hexval(p[i]);
    *raw = 6;
    if (cp >= 0xD800 && cp < 0xDC00 && p + 7 < end && p[6] == '\\' && p[7] == 'u') {
        *raw = 12;
        *dec = 4;
        return;
    }
    *dec = cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
}

size_t jpos_in_string(const char *text, size_t n, size_t quote, size_t decoded)
{
    const char *p = text + quote + 1, *end = text + n;
    size_t d = 0;
    while (p < end && *p != '"') {
        size_t raw = 1, dec = 1;
        if (*p == '\\' && p + 1 < end) {
            raw = 2;
            if (p[1] == 'u')
                unicode_escape(p, end, &raw, &dec);
        }
        if (d + dec > decoded)
            break;
        d += dec;
        p += raw;
        if (p > end)
            p = end;
    }
    return (size_t)(p - text);
}

void jpos_line_col(const char *text, size_t n, size_t off, unsigned *line, unsigned *col)
{
    unsigned l = 1, c = 1;
    for (size_t i = 0; i < off && i < n; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *col = c;
}

void jpos_diag(struct diag *d, const char *name, const char *text, size_t n, size_t off,
               const char *msg)
{
    unsigned line, col;
    char loc[600];
    jpos_line_col(text, n, off, &line, &col);
    snprintf(loc, sizeof loc, "%s:%u:%u", name, line, col);
    diag_add(d, loc, 0, "%s", msg);
}
