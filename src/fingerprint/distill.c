/* fp_distill: pt-query-digest's "Item" column — QueryRewriter::distill (verbs, then the tables that
 * QueryParser::get_tables finds, digits in table names replaced by `?`), lib/QueryRewriter.pm
 * 251-424 and lib/QueryParser.pm get_tables of percona-toolkit 3.5.7.
 *
 * Unlike the fingerprint this is not on the hot path (it runs once per reported class, on the worst
 * sample), so it reuses the Perl regular expressions themselves through PCRE2, whose syntax covers
 * every one of them: emulating them by hand would only add ways to differ. Patterns are compiled at
 * each call; the few microseconds that costs are nothing next to a report. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "fingerprint/fingerprint.h"

#include <pcre2.h>
#include <stdbool.h>
#include <string.h>

#define MAXCAP 4
#define TBL_IDENT "(?:`[^`]+`|\\w+)(?:\\.(?:`[^`]+`|\\w+))?"
#define I PCRE2_CASELESS
#define S PCRE2_DOTALL
#define M PCRE2_MULTILINE

struct cap {
    size_t so[MAXCAP], eo[MAXCAP]; /* group k spans [so, eo); so == PCRE2_UNSET when unset */
};

/* Compiled patterns, by pattern text and options: distill runs a few dozen fixed patterns (and a few
 * built from the DDL verb) for every reported class, and compiling them is most of its cost. */
#define DISTILL_CACHE 64

struct fp_distiller {
    struct {
        char *pat;
        uint32_t opts;
        pcre2_code *re;
        pcre2_match_data *md;
    } e[DISTILL_CACHE];
    int n;
};

struct fp_distiller *fp_distiller_new(void) { return calloc(1, sizeof(struct fp_distiller)); }

void fp_distiller_free(struct fp_distiller *x)
{
    if (!x)
        return;
    for (int i = 0; i < x->n; i++) {
        free(x->e[i].pat);
        pcre2_code_free(x->e[i].re);
        pcre2_match_data_free(x->e[i].md);
    }
    free(x);
}

/* The compiled pat, from the cache or compiled now (then cached while there is room; a pattern that
 * does not fit is compiled into the last entry instead). NULL when it does not compile. */
static int compiled(struct fp_distiller *x, const char *pat, uint32_t opts, pcre2_code **re,
                    pcre2_match_data **md)
{
    for (int i = 0; i < x->n; i++)
        if (x->e[i].opts == opts && strcmp(x->e[i].pat, pat) == 0) {
            *re = x->e[i].re;
            *md = x->e[i].md;
            return 0;
        }
    int errc;
    PCRE2_SIZE erroff;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, opts, &errc, &erroff, NULL);
    pcre2_match_data *m = c ? pcre2_match_data_create_from_pattern(c, NULL) : NULL;
    char *copy = strdup(pat);
    if (!c || !m || !copy) {
        pcre2_code_free(c);
        pcre2_match_data_free(m);
        free(copy);
        return -1;
    }
    int i = x->n < DISTILL_CACHE ? x->n++ : DISTILL_CACHE - 1;
    if (i == DISTILL_CACHE - 1 && x->e[i].pat) {
        free(x->e[i].pat);
        pcre2_code_free(x->e[i].re);
        pcre2_match_data_free(x->e[i].md);
    }
    x->e[i].pat = copy;
    x->e[i].opts = opts;
    x->e[i].re = *re = c;
    x->e[i].md = *md = m;
    return 0;
}

/* Finds pat in s from byte `from`. Returns 1 with the groups in *c, 0 when none, -1 on error. */
static int rx_find(struct fp_distiller *x, const char *pat, uint32_t opts, struct sv s, size_t from,
                   struct cap *c)
{
    pcre2_code *re;
    pcre2_match_data *md;
    if (compiled(x, pat, opts, &re, &md) < 0)
        return -1;
    int rc = pcre2_match(re, (PCRE2_SPTR)(s.p ? s.p : ""), s.n, from, 0, md, NULL);
    if (rc > 0 && c) {
        PCRE2_SIZE *v = pcre2_get_ovector_pointer(md);
        for (int k = 0; k < MAXCAP; k++) {
            bool set = k < rc && k < (int)pcre2_get_ovector_count(md) && v[2 * k] != PCRE2_UNSET;
            c->so[k] = set ? v[2 * k] : PCRE2_UNSET;
            c->eo[k] = set ? v[2 * k + 1] : PCRE2_UNSET;
        }
    }
    return rc > 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

static struct sv cap_sv(struct sv s, const struct cap *c, int k)
{
    return c->so[k] == PCRE2_UNSET ? SV_NULL : sv_make(s.p + c->so[k], c->eo[k] - c->so[k]);
}

/* s/pat/repl/ (all matches when global) on b, in place. Returns 1 when it replaced, 0, or -1. */
static int rx_subst(struct fp_distiller *x, const char *pat, uint32_t opts, struct buf *b,
                    const char *repl, bool global)
{
    PCRE2_SIZE outlen = b->n + 64;
    pcre2_code *re;
    pcre2_match_data *md;
    if (compiled(x, pat, opts, &re, &md) < 0)
        return -1;
    struct buf t = {0};
    int rc = -1;
    uint32_t so = PCRE2_SUBSTITUTE_OVERFLOW_LENGTH | (global ? PCRE2_SUBSTITUTE_GLOBAL : 0);
    for (int tries = 0; re && tries < 2; tries++) {
        if (buf_reserve(&t, outlen + 1) < 0)
            break;
        outlen = t.cap;
        rc = pcre2_substitute(re, (PCRE2_SPTR)(b->p ? b->p : ""), b->n, 0, so, md, NULL,
                              (PCRE2_SPTR)repl, PCRE2_ZERO_TERMINATED, (PCRE2_UCHAR *)t.p, &outlen);
        if (rc != PCRE2_ERROR_NOMEMORY)
            break;
    }
    if (rc > 0) {
        t.n = outlen;
        t.p[t.n] = '\0';
        buf_free(b);
        *b = t;
    } else {
        buf_free(&t);
    }
    return rc < 0 ? -1 : rc > 0;
}

static void upcase(char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] >= 'a' && p[i] <= 'z')
            p[i] -= 32;
}

/* A list of strings kept back to back in one buffer, each NUL-terminated. */
struct strlist {
    struct buf b;
    int n;
};

static int sl_push(struct strlist *l, struct sv s)
{
    if (buf_append_sv(&l->b, s) < 0 || buf_append(&l->b, "", 1) < 0)
        return -1;
    l->n++;
    return 0;
}

/* ---- QueryParser::get_tables -------------------------------------------------------------- */

#define TBL_REGEX "\\b(?:FROM|JOIN|(?<!KEY\\s)UPDATE|INTO)\\b\\s*\\(?(" TBL_IDENT \
    "(?:(?:\\s+(?:AS\\s+)?\\w+)?,\\s*" TBL_IDENT ")*)"

/* One comma-separated piece of a table list: `s/\s*($tbl_ident)(\s+.*)?/$1/g`, kept when it has
 * a letter. */
static int tables_piece(struct fp_distiller *x, struct sv piece, struct strlist *l)
{
    struct buf b = {0};
    int rc = buf_append_sv(&b, piece) < 0 ? -1 : 0;
    if (rc == 0 && rx_subst(x, "\\s*(" TBL_IDENT ")(\\s+.*)?", I, &b, "$1", true) < 0)
        rc = -1;
    bool letter = false;
    for (size_t i = 0; i < b.n; i++)
        letter |= (b.p[i] | 0x20) >= 'a' && (b.p[i] | 0x20) <= 'z';
    if (rc == 0 && letter)
        rc = sl_push(l, buf_sv(&b));
    buf_free(&b);
    return rc;
}

static int get_tables(struct fp_distiller *x, struct sv query, struct strlist *l);

/* CREATE, ALTER, TRUNCATE, DROP and RENAME name their table after TABLE. */
static int get_tables_ddl(struct fp_distiller *x, struct sv query, struct sv stmt, struct strlist *l)
{
    struct buf q = {0}, pat = {0};
    struct cap c;
    int rc = buf_append_sv(&q, query);
    if (rc == 0)
        rc = rx_subst(x, "IF\\s+(?:NOT\\s+)?EXISTS", I, &q, "", false) < 0 ? -1 : 0;
    if (rc == 0)
        rc = buf_printf(&pat, "%.*s DATABASE\\b", (int)stmt.n, stmt.p);
    int f = rc == 0 ? rx_find(x, pat.p, I, buf_sv(&q), 0, NULL) : -1; /* a database: no table */
    if (f == 0 && sv_ieq_cstr(stmt, "create")) { /* CREATE TABLE … SELECT: the SELECT's tables */
        buf_reset(&pat);
        rc = buf_printf(&pat, "%.*s\\b.+?\\bSELECT\\b", (int)stmt.n, stmt.p);
        f = rc == 0 ? rx_find(x, pat.p, I, buf_sv(&q), 0, NULL) : -1;
        if (f == 1 && (f = rx_find(x, "\\b(SELECT\\b.+)", I | S, buf_sv(&q), 0, &c)) == 1)
            rc = get_tables(x, cap_sv(buf_sv(&q), &c, 1), l);
    }
    if (f == 0) {
        f = rx_find(x, "TABLE\\s+(" TBL_IDENT ")(\\s+.*)?", I, buf_sv(&q), 0, &c);
        if (f == 1)
            rc = sl_push(l, cap_sv(buf_sv(&q), &c, 1));
    }
    buf_free(&q);
    buf_free(&pat);
    return rc < 0 || f < 0 ? -1 : 0;
}

static int get_tables(struct fp_distiller *x, struct sv query, struct strlist *l)
{
    struct cap c;
    if (query.n == 0 || (query.n == 1 && query.p[0] == '0'))
        return 0; /* `return unless $query` */
    int f = rx_find(x, "^\\s*(CREATE|ALTER|TRUNCATE|DROP|RENAME)\\b", I, query, 0, &c);
    if (f != 0)
        return f < 0 ? -1 : get_tables_ddl(x, query, cap_sv(query, &c, 1), l);
    struct buf q = {0}, t = {0};
    int rc = buf_append_sv(&q, query);
    if (rc == 0 && rx_subst(x, "(?:LOW_PRIORITY|IGNORE|STRAIGHT_JOIN|DELAYED)\\s+", I, &q, " ", true) < 0)
        rc = -1;
    if (rc == 0 && (f = rx_subst(x, "^\\s*LOCK TABLES\\s+", I, &q, "", false)) != 0) {
        rc = f < 0 || rx_subst(x, "\\s+(?:READ(?:\\s+LOCAL)?|WRITE)\\s*", I, &q, "", true) < 0 ||
             buf_append_cstr(&t, "FROM ") < 0 || buf_append_sv(&t, buf_sv(&q)) < 0 ? -1 : 0;
        buf_free(&q);
        q = t;
        t = (struct buf){0};
    }
    if (rc == 0 && (rx_subst(x, "\\\\[\"']", 0, &q, "", true) < 0 || rx_subst(x, "\".*?\"", S, &q, "?", true) < 0 ||
                    rx_subst(x, "'.*?'", S, &q, "?", true) < 0))
        rc = -1;
    if (rc == 0 && (f = rx_find(x, "\\A\\s*(?:INSERT|REPLACE)(?!\\s+INTO)", I, buf_sv(&q), 0, NULL)) != 0)
        rc = f < 0 || rx_subst(x, "\\A\\s*((?:INSERT|REPLACE))\\s+", I, &q, "$1 INTO ", false) < 0 ? -1 : 0;
    if (rc == 0 && (f = rx_find(x, "\\A\\s*LOAD DATA", I, buf_sv(&q), 0, NULL)) != 0) {
        if (f > 0 && (f = rx_find(x, "INTO TABLE\\s+(\\S+)", I, buf_sv(&q), 0, &c)) > 0)
            rc = sl_push(l, cap_sv(buf_sv(&q), &c, 1));
        rc = f < 0 ? -1 : rc;
        f = -2; /* done: the table of LOAD DATA is all there is */
    }
    for (size_t from = 0; rc == 0 && f != -2 && from <= q.n;) {
        f = rx_find(x, TBL_REGEX, I, buf_sv(&q), from, &c);
        if (f <= 0) {
            rc = f;
            break;
        }
        from = c.eo[0] > c.so[0] ? c.eo[0] : c.eo[0] + 1;
        struct sv tbls = cap_sv(buf_sv(&q), &c, 1);
        if (rx_find(x, "\\ASELECT\\b", I, tbls, 0, NULL) == 1)
            continue;
        for (size_t i = 0; rc == 0 && i <= tbls.n;) {
            const char *comma = memchr(tbls.p + i, ',', tbls.n - i);
            size_t e = comma ? (size_t)(comma - tbls.p) : tbls.n;
            rc = tables_piece(x, sv_make(tbls.p + i, e - i), l);
            i = e + 1;
        }
    }
    buf_free(&q);
    buf_free(&t);
    return rc;
}

/* __distill_tables: backquotes out, `s/(_?)[0-9]+/$1?/g`, the DDL table added, repeats dropped. */
static int distill_tables(struct fp_distiller *x, struct sv query, const struct buf *ddl_table, struct strlist *out)
{
    struct strlist raw = {0};
    struct buf t = {0}, last = {0};
    int rc = get_tables(x, query, &raw);
    const char *p = raw.b.p;
    for (int i = 0; rc == 0 && i <= raw.n; i++) {
        buf_reset(&t);
        if (i < raw.n) {
            rc = buf_append_cstr(&t, p) < 0 || rx_subst(x, "`", 0, &t, "", true) < 0 ||
                 rx_subst(x, "(_?)[0-9]+", 0, &t, "$1?", true) < 0 ? -1 : 0;
            p += strlen(p) + 1;
        } else if (ddl_table && ddl_table->n) {
            rc = buf_append_sv(&t, buf_sv(ddl_table));
        } else {
            break;
        }
        if (rc == 0 && (out->n == 0 || !sv_eq(buf_sv(&t), buf_sv(&last)))) {
            rc = sl_push(out, buf_sv(&t));
            buf_reset(&last);
            if (rc == 0)
                rc = buf_append_sv(&last, buf_sv(&t));
        }
    }
    buf_free(&raw.b);
    buf_free(&t);
    buf_free(&last);
    return rc;
}

/* ---- QueryRewriter::distill_verbs ----------------------------------------------------------- */

/* strip_comments: slash-star comments, then one-line ones; in a SHOW, a version comment leaves
 * what follows its version number (SHOW, a version comment of 50002 GLOBAL, STATUS). */
static int strip_comments(struct fp_distiller *x, struct buf *q)
{
    struct cap c;
    struct buf qual = {0};
    if (rx_subst(x, "/\\*[^!].*?\\*/", S | M, q, "", true) < 0 ||
        rx_subst(x, "(?:--|#)[^'\"\\r\\n]*(?=[\\r\\n]|\\Z)", 0, q, "", true) < 0)
        return -1;
    /* Case-sensitive: the qr// keeps its own flags inside m/$vlc_rf/i. */
    int f = rx_find(x, "^(?:SHOW).*?/\\*![0-9]+(.*?)\\*/", S | M, buf_sv(q), 0, &c);
    if (f == 1) { /* the qualifier is a literal replacement: PCRE2 wants its `$` doubled */
        struct sv v = cap_sv(buf_sv(q), &c, 1);
        for (size_t i = 0; f == 1 && i < v.n; i++)
            if ((v.p[i] == '$' && buf_append_char(&qual, '$') < 0) || buf_append_char(&qual, v.p[i]) < 0)
                f = -1;
        if (f == 1 && rx_subst(x, "/\\*.*?[0-9]+.*?\\*/", S | M, q, qual.p ? qual.p : "", true) < 0)
            f = -1;
    }
    buf_free(&qual);
    return f < 0 ? -1 : 0;
}

static int verbs_show(struct fp_distiller *x, struct buf *q, struct buf *verbs)
{
    upcase(q->p, q->n);
    if (rx_subst(x, "\\s+(?:SESSION|FULL|STORAGE|ENGINE)\\b", 0, q, " ", true) < 0 ||
        rx_subst(x, "\\s+COUNT[^)]+\\)", 0, q, "", true) < 0 ||
        rx_subst(x, "\\s+(?:FOR|FROM|LIKE|WHERE|LIMIT|IN)\\b.+", M | S, q, "", false) < 0 ||
        rx_subst(x, "\\A(SHOW(?:\\s+\\S+){1,2}).*\\Z", S, q, "$1", false) < 0 ||
        rx_subst(x, "\\s+", 0, q, " ", true) < 0)
        return -1;
    return buf_append_sv(verbs, buf_sv(q));
}

static int verbs_ddl(struct fp_distiller *x, struct buf *q, struct sv dds_in_q, struct buf *verbs, struct buf *table)
{
    char dds_copy[16] = {0}; /* CREATE, ALTER, TRUNCATE, DROP or RENAME; q is rewritten below */
    struct sv dds = sv_make(dds_copy, dds_in_q.n < sizeof dds_copy ? dds_in_q.n : sizeof dds_copy - 1);
    memcpy(dds_copy, dds_in_q.p, dds.n);
    struct buf pat = {0};
    struct cap c;
    int rc = rx_subst(x, "\\s+IF(?:\\s+NOT)?\\s+EXISTS", I, q, " ", false) < 0 ? -1 : 0;
    if (rc == 0)
        rc = buf_printf(&pat, "%.*s.+(DATABASE|TABLE)\\b", (int)dds.n, dds.p);
    int f = rc == 0 ? rx_find(x, pat.p, I, buf_sv(q), 0, &c) : -1;
    rc = f < 0 || buf_append_sv(verbs, dds) < 0 ? -1 : 0;
    if (rc == 0 && f == 1)
        rc = buf_append_char(verbs, ' ') < 0 || buf_append_sv(verbs, cap_sv(buf_sv(q), &c, 1)) < 0 ? -1 : 0;
    upcase(verbs->p, verbs->n);
    f = rc == 0 ? rx_find(x, "(?:TABLE|DATABASE)\\s+(" TBL_IDENT ")(\\s+.*)?", I, buf_sv(q), 0, &c) : -1;
    if (f == 1)
        rc = buf_append_sv(table, cap_sv(buf_sv(q), &c, 1));
    buf_free(&pat);
    return rc < 0 || f < 0 ? -1 : 0;
}

/* Every verb in order, upper-cased, consecutive repeats dropped; a SELECT keeps only UNION. */
static int verbs_list(struct fp_distiller *x, struct buf *q, struct buf *verbs)
{
    static const char *const re = "\\b(^SHOW|^FLUSH|^COMMIT|^ROLLBACK|^BEGIN|SELECT|INSERT|UPDATE|DELETE"
                                  "|REPLACE|^SET|UNION|^START|^LOCK)\\b";
    struct cap c;
    char last[16] = "";
    int nverbs = 0, f;
    bool is_select = false, has_union = false;
    for (size_t from = 0; (f = rx_find(x, re, I, buf_sv(q), from, &c)) == 1;) {
        from = c.eo[0] > c.so[0] ? c.eo[0] : c.eo[0] + 1;
        char v[16];
        size_t n = c.eo[1] - c.so[1];
        memcpy(v, q->p + c.so[1], n);
        v[n] = '\0';
        upcase(v, n);
        if (strcmp(v, last) == 0)
            continue;
        strcpy(last, v);
        if (nverbs == 0)
            is_select = strcmp(v, "SELECT") == 0;
        has_union |= strcmp(v, "UNION") == 0;
        if (!is_select && ((nverbs && buf_append_char(verbs, ' ') < 0) || buf_append_cstr(verbs, v) < 0))
            return -1;
        nverbs++;
    }
    if (f < 0)
        return -1;
    if (is_select)
        return buf_append_cstr(verbs, nverbs > 1 && has_union ? "SELECT UNION" : "SELECT");
    return 0;
}

static int distill_verbs(struct fp_distiller *x, struct sv query, struct buf *verbs, struct buf *table)
{
    struct cap c;
    int f;
    if ((f = rx_find(x, "\\A\\s*call\\s+(\\S+)\\(", I, query, 0, &c)) != 0)
        return f < 0 || buf_append_cstr(verbs, "CALL ") < 0 ? -1 : buf_append_sv(verbs, cap_sv(query, &c, 1));
    if ((f = rx_find(x, "\\A\\s*use\\s+", 0, query, 0, NULL)) != 0)
        return f < 0 ? -1 : buf_append_cstr(verbs, "USE");
    if ((f = rx_find(x, "\\A\\s*UNLOCK TABLES", I, query, 0, NULL)) != 0)
        return f < 0 ? -1 : buf_append_cstr(verbs, "UNLOCK");
    if ((f = rx_find(x, "\\A\\s*xa\\s+(\\S+)", I, query, 0, &c)) != 0)
        return f < 0 || buf_append_cstr(verbs, "XA_") < 0 ? -1 : buf_append_sv(verbs, cap_sv(query, &c, 1));
    if ((f = rx_find(x, "\\A\\s*LOAD", I, query, 0, NULL)) != 0) {
        if (f < 0 || buf_append_cstr(verbs, "LOAD DATA ") < 0)
            return -1;
        if ((f = rx_find(x, "INTO TABLE\\s+(\\S+)", I, query, 0, &c)) > 0) {
            if (buf_append_sv(verbs, cap_sv(query, &c, 1)) < 0 || rx_subst(x, "`", 0, verbs, "", true) < 0)
                return -1;
        }
        return f < 0 ? -1 : 0;
    }
    struct buf q = {0};
    int rc = buf_append_sv(&q, query);
    if (rc == 0 && sv_starts_with(query, "administrator command:")) {
        rc = rx_subst(x, "administrator command:", 0, &q, "ADMIN", false) < 0 ? -1 : 0;
        upcase(q.p, q.n);
        rc = rc < 0 ? -1 : buf_append_sv(verbs, buf_sv(&q));
    } else if (rc == 0 && (rc = strip_comments(x, &q)) == 0) {
        if ((f = rx_find(x, "\\A\\s*SHOW\\s+", I, buf_sv(&q), 0, NULL)) != 0)
            rc = f < 0 ? -1 : verbs_show(x, &q, verbs);
        else if ((f = rx_find(x, "^\\s*((?:CREATE|ALTER|TRUNCATE|DROP|RENAME))\\b", I, buf_sv(&q), 0, &c)) != 0)
            rc = f < 0 ? -1 : verbs_ddl(x, &q, cap_sv(buf_sv(&q), &c, 1), verbs, table);
        else
            rc = verbs_list(x, &q, verbs);
    }
    buf_free(&q);
    return rc;
}

int fp_distill(struct fp_distiller *x, struct sv query, struct buf *out)
{
    struct buf verbs = {0}, table = {0};
    struct strlist tables = {0};
    int rc = distill_verbs(x, query, &verbs, &table);
    if (rc == 0 && sv_starts_with(buf_sv(&verbs), "LOAD DATA")) {
        rc = buf_append_sv(out, buf_sv(&verbs));
    } else if (rc == 0 && sv_starts_with(buf_sv(&verbs), "SHOW")) {
        rc = (rx_subst(x, "SCHEMA", 0, &verbs, "DATABASE", false) < 0 ||
              rx_subst(x, "KEYS", 0, &verbs, "INDEX", false) < 0 ||
              rx_subst(x, "INDEXES", 0, &verbs, "INDEX", false) < 0) ? -1 : 0;
        if (rc == 0)
            rc = buf_append_sv(out, buf_sv(&verbs));
    } else if (rc == 0) {
        rc = distill_tables(x, query, table.p ? &table : NULL, &tables);
        if (rc == 0)
            rc = buf_append_sv(out, buf_sv(&verbs));
        const char *t = tables.b.p;
        for (int i = 0; rc == 0 && i < tables.n; i++, t += strlen(t) + 1)
            if (buf_append_char(out, ' ') < 0 || buf_append_cstr(out, t) < 0)
                rc = -1;
    }
    buf_free(&verbs);
    buf_free(&table);
    buf_free(&tables.b);
    return rc < 0 ? -1 : 0;
}
