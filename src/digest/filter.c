/* --filter expressions compiled to PCRE2; see filter.h. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "digest/filter.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FILTER_MAX 32

struct filter {
    enum filter_field field;
    bool negate;
    pcre2_code *re;
};

struct filter_set {
    struct filter f[FILTER_MAX];
    int n;
};

struct filter_match {
    pcre2_match_data *md;
};

static const char *const field_names[] = {"db", "user", "host", "fingerprint", "query"};

struct filter_set *filter_set_new(void) { return calloc(1, sizeof(struct filter_set)); }

bool filter_set_empty(const struct filter_set *fs) { return !fs || fs->n == 0; }

void filter_set_free(struct filter_set *fs)
{
    if (!fs)
        return;
    for (int i = 0; i < fs->n; i++)
        pcre2_code_free(fs->f[i].re);
    free(fs);
}

static int parse_field(const char *s, size_t n, enum filter_field *out)
{
    for (int i = 0; i < 5; i++)
        if (strlen(field_names[i]) == n && memcmp(field_names[i], s, n) == 0) {
            *out = (enum filter_field)i;
            return 0;
        }
    return -1;
}

int filter_set_add(struct filter_set *fs, const char *expr, char *err, size_t errlen)
{
    const char *op = strpbrk(expr, "!=");
    if (!op || (op[0] == '!' && op[1] != '=')) {
        snprintf(err, errlen, "--filter '%s': expected FIELD=REGEX or FIELD!=REGEX", expr);
        return -1;
    }
    struct filter f = {.negate = op[0] == '!'};
    if (parse_field(expr, (size_t)(op - expr), &f.field) < 0) {
        snprintf(err, errlen, "--filter '%s': unknown field (db, user, host, fingerprint, query)",
                 expr);
        return -1;
    }
    if (fs->n == FILTER_MAX) {
        snprintf(err, errlen, "--filter: at most %d filters", FILTER_MAX);
        return -1;
    }
    const char *pattern = op + (f.negate ? 2 : 1);
    int code;
    PCRE2_SIZE at;
    f.re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &code, &at, NULL);
    if (!f.re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        snprintf(err, errlen, "--filter '%s': %s at offset %zu", expr, (char *)msg, (size_t)at);
        return -1;
    }
    pcre2_jit_compile(f.re, PCRE2_JIT_COMPLETE); /* interpretation still works if JIT is absent */
    fs->f[fs->n++] = f;
    return 0;
}

struct filter_match *filter_match_new(const struct filter_set *fs)
{
    struct filter_match *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    (void)fs;
    m->md = pcre2_match_data_create(1, NULL);
    if (!m->md) {
        free(m);
        return NULL;
    }
    return m;
}

void filter_match_free(struct filter_match *m)
{
    if (!m)
        return;
    pcre2_match_data_free(m->md);
    free(m);
}

bool filter_accept(const struct filter_set *fs, struct filter_match *m, const struct sv fields[5])
{
    if (!fs)
        return true;
    for (int i = 0; i < fs->n; i++) {
        const struct filter *f = &fs->f[i];
        struct sv s = fields[f->field];
        int rc = pcre2_match(f->re, (PCRE2_SPTR)(s.p ? s.p : ""), s.n, 0, 0, m->md, NULL);
        bool matched = rc >= 0;
        if (matched == f->negate)
            return false;
    }
    return true;
}
