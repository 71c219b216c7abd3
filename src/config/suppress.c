/* Inline suppressions (suppress.h): a scan of a SQL file for `slowdex:ignore` comments that skips
 * strings and quoted identifiers as the server does, then each comment is attached to the statement
 * it is in, ends the line of, or stands directly above. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/suppress.h"
#include "sql/lexer.h"

#define MARK "slowdex:ignore"

struct comment {
    size_t start, end;     /* the whole comment, delimiters included */
    size_t body, body_end; /* its text */
    uint32_t line, col;
};

struct scan {
    const char *t;
    size_t n, i;
    uint32_t line;
    size_t line_start;
    unsigned modes;
};

static void advance(struct scan *s, size_t to)
{
    for (; s->i < to && s->i < s->n; s->i++)
        if (s->t[s->i] == '\n') {
            s->line++;
            s->line_start = s->i + 1;
        }
}

static void skip_quoted(struct scan *s, char q)
{
    size_t i = s->i + 1;
    bool esc = q != '`' && !(s->modes & SQL_MODE_NO_BACKSLASH_ESCAPES);
    while (i < s->n && s->t[i] != q)
        i += esc && s->t[i] == '\\' && i + 1 < s->n ? 2 : 1;
    advance(s, i < s->n ? i + 1 : s->n);
}

enum { NOT_COMMENT, COMMENT, SQL_COMMENT };

/* At s->i, a comment: fills c and returns COMMENT (s->i is then past it); a version comment or an
 * optimizer hint is skipped as SQL_COMMENT: it holds SQL, not a place for a suppression. */
static int read_comment(struct scan *s, struct comment *c)
{
    const char *t = s->t;
    size_t i = s->i, n = s->n;
    bool dash = i + 2 <= n && t[i] == '-' && t[i + 1] == '-' &&
                (i + 2 == n || (unsigned char)t[i + 2] <= ' ');
    if (t[i] == '#' || dash) {
        size_t e = i;
        while (e < n && t[e] != '\n')
            e++;
        *c = (struct comment){i, e, i + (dash ? 2 : 1), e, s->line, (uint32_t)(i - s->line_start + 1)};
        advance(s, e);
        return COMMENT;
    }
    if (i + 1 < n && t[i] == '/' && t[i + 1] == '*') {
        const char *close = memmem(t + i + 2, n - i - 2, "*/", 2);
        size_t e = close ? (size_t)(close - t) + 2 : n;
        *c = (struct comment){i, e, i + 2, close ? e - 2 : n, s->line,
                              (uint32_t)(i - s->line_start + 1)};
        advance(s, e);
        bool sql = i + 2 < n && (t[i + 2] == '!' || t[i + 2] == '+' ||
                                 (t[i + 2] == 'M' && i + 3 < n && t[i + 3] == '!'));
        return sql ? SQL_COMMENT : COMMENT;
    }
    return NOT_COMMENT;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static char *dup_range(const char *p, size_t n)
{
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, p, n);
        s[n] = '\0';
    }
    return s;
}

/* RULE[,RULE] — also "A, B" — then the reason (a leading "--", "-" or ":" dropped). */
static int parse_body(struct suppression *sp, const char *p, const char *e)
{
    while (p < e && is_space(*p))
        p++;
    while (p < e) {
        const char *w = p;
        while (p < e && !is_space(*p) && *p != ',')
            p++;
        if (p > w) {
            char **v = realloc(sp->rules, (sp->nrules + 1) * sizeof *v);
            if (!v)
                return -1;
            sp->rules = v;
            if (!(v[sp->nrules] = dup_range(w, (size_t)(p - w))))
                return -1;
            sp->nrules++;
        }
        const char *q = p;
        while (q < e && is_space(*q))
            q++;
        if (q < e && *q == ',') {
            for (p = q + 1; p < e && is_space(*p);)
                p++;
            continue;
        }
        p = q;
        break;
    }
    if (p + 1 < e && p[0] == '-' && p[1] == '-')
        p += 2;
    else if (p < e && (*p == '-' || *p == ':'))
        p++;
    while (p < e && is_space(*p))
        p++;
    while (e > p && is_space(e[-1]))
        e--;
    if (e > p && !(sp->reason = dup_range(p, (size_t)(e - p))))
        return -1;
    return 0;
}

/* Whether text[a..b) holds a blank line (two line ends with only white space between). */
static bool blank_line_between(const char *t, size_t a, size_t b)
{
    bool seen_nl = false;
    for (size_t i = a; i < b; i++) {
        if (t[i] == '\n') {
            if (seen_nl)
                return true;
            seen_nl = true;
        } else if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r') {
            seen_nl = false;
        }
    }
    return false;
}

/* The statement the comment belongs to (its line), or 0. */
static uint64_t attach(const char *t, const struct comment *c, const struct suppress_stmt *st,
                       size_t n)
{
    size_t i = 0;
    while (i < n && st[i].end <= c->start)
        i++;
    if (i < n && st[i].offset <= c->start)
        return st[i].line; /* inside the statement */
    if (i > 0 && !memchr(t + st[i - 1].end, '\n', c->start - st[i - 1].end))
        return st[i - 1].line; /* on the line its statement ends */
    if (i < n && !blank_line_between(t, c->end, st[i].offset))
        return st[i].line; /* directly above */
    return 0;
}

static int add(struct suppress_set *s, const char *file, const char *t, const struct comment *c,
               const struct suppress_stmt *st, size_t nst)
{
    const char *p = t + c->body, *e = t + c->body_end;
    while (p < e && is_space(*p))
        p++;
    size_t ml = strlen(MARK);
    if ((size_t)(e - p) < ml || memcmp(p, MARK, ml) != 0 || (p + ml < e && !is_space(p[ml])))
        return 0;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        struct suppression *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return -1;
        s->v = v;
        s->cap = cap;
    }
    struct suppression *sp = &s->v[s->n++];
    *sp = (struct suppression){.line = attach(t, c, st, nst), .at_line = c->line,
                               .at_col = c->col};
    if (!(sp->file = strdup(file)))
        return -1;
    return parse_body(sp, p + ml, e);
}

int suppress_scan(struct suppress_set *s, const char *file, const char *text, size_t len,
                  unsigned sql_modes, const struct suppress_stmt *stmts, size_t nstmts)
{
    struct scan sc = {text, len, 0, 1, 0, sql_modes};
    while (sc.i < sc.n) {
        char ch = text[sc.i];
        struct comment c;
        int k;
        if (ch == '\'' || ch == '"' || ch == '`')
            skip_quoted(&sc, ch);
        else if ((k = read_comment(&sc, &c)) == COMMENT) {
            if (add(s, file, text, &c, stmts, nstmts) < 0)
                return -1;
        } else if (k == NOT_COMMENT)
            advance(&sc, sc.i + 1);
    }
    return 0;
}

size_t suppress_check(const struct suppress_set *s, const struct rule_catalog *cat,
                      struct diag *d)
{
    size_t warned = 0;
    for (size_t i = 0; i < s->n; i++) {
        const struct suppression *sp = &s->v[i];
        char loc[600];
        snprintf(loc, sizeof loc, "%s:%u:%u", sp->file, sp->at_line, sp->at_col);
        if (sp->nrules == 0) {
            diag_add(d, loc, 0, "slowdex:ignore names no rule");
            warned++;
        }
        for (size_t k = 0; k < sp->nrules; k++)
            if (!rule_catalog_find(cat, sp->rules[k])) {
                diag_add(d, loc, 0, "slowdex:ignore names unknown rule '%s'", sp->rules[k]);
                warned++;
            }
        if (sp->nrules && !sp->reason) {
            diag_add(d, loc, 0, "slowdex:ignore without a reason: say why after the rule ids");
            warned++;
        }
        if (!sp->line) {
            diag_add(d, loc, 0, "slowdex:ignore is not on or directly above a statement");
            warned++;
        }
    }
    return warned;
}

bool suppress_match(struct suppress_set *s, const struct finding *f)
{
    if (!s || !f->subject.file || !f->subject.line)
        return false;
    for (size_t i = 0; i < s->n; i++) {
        struct suppression *sp = &s->v[i];
        if (sp->line != f->subject.line || strcmp(sp->file, f->subject.file) != 0)
            continue;
        for (size_t k = 0; k < sp->nrules; k++)
            if (strcmp(sp->rules[k], f->rule_id) == 0) {
                sp->used++;
                return true;
            }
    }
    return false;
}

void suppress_free(struct suppress_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        for (size_t k = 0; k < s->v[i].nrules; k++)
            free(s->v[i].rules[k]);
        free(s->v[i].rules);
        free(s->v[i].file);
        free(s->v[i].reason);
    }
    free(s->v);
    *s = (struct suppress_set){0};
}
