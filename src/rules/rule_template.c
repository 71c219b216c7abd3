/* Message, fix and DDL templates: "{name}" is replaced by the evidence value of that name, "{$name}"
 * by a threshold's value, "{{" and "}}" stand for braces. Placeholders are checked when the rule is
 * loaded, so rendering cannot fail but for memory. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rule.h"
#include "util/buf.h"

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static bool has_evidence(const struct rule *r, const char *name, size_t n)
{
    for (size_t i = 0; i < r->nevidence; i++)
        if (strlen(r->evidence[i].name) == n && memcmp(r->evidence[i].name, name, n) == 0)
            return true;
    for (const char *const *e = r->check_evidence; e && *e; e++)
        if (strlen(*e) == n && memcmp(*e, name, n) == 0)
            return true;
    return false;
}

static bool has_threshold(const struct rule *r, const char *name, size_t n)
{
    for (size_t i = 0; i < r->nthresholds; i++)
        if (strlen(r->thresholds[i].name) == n && memcmp(r->thresholds[i].name, name, n) == 0)
            return true;
    return false;
}

size_t rule_template_check(const struct rule *r, const char *tmpl, char *msg, size_t msgsize)
{
    for (const char *p = tmpl; *p; p++) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            p++;
            continue;
        }
        if (*p == '}') {
            snprintf(msg, msgsize, "a lone '}' in a template (write '}}')");
            return (size_t)(p - tmpl);
        }
        if (*p != '{')
            continue;
        const char *s = p + 1, *e;
        bool thr = *s == '$';
        for (e = s + thr; name_char(*e); e++)
            ;
        size_t n = (size_t)(e - s - thr);
        if (*e != '}' || n == 0) {
            snprintf(msg, msgsize, "a placeholder is {evidence_name} or {$threshold} (write '{{' "
                                   "for a brace)");
            return (size_t)(p - tmpl);
        }
        if (thr ? !has_threshold(r, s + 1, n) : !has_evidence(r, s, n)) {
            snprintf(msg, msgsize, "{%.*s} names no %s of this rule", (int)(n + thr > 60 ? 60 : n + thr),
                     s, thr ? "threshold" : "evidence");
            return (size_t)(p - tmpl);
        }
        p = e;
    }
    return (size_t)-1;
}

/* A whole number below 1e15 as "%.0f" prints it (-0 included), without printf: findings'
 * messages are mostly counts. */
static int append_whole(struct buf *b, double x)
{
    char tmp[24], *p = tmp + sizeof tmp;
    long long v = (long long)x;
    unsigned long long u = v < 0 ? (unsigned long long)-v : (unsigned long long)v;
    do
        *--p = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (v < 0 || (v == 0 && signbit(x)))
        *--p = '-';
    return buf_append(b, p, (size_t)(tmp + sizeof tmp - p));
}

static int append_number(struct buf *b, double x)
{
    if (x == floor(x) && fabs(x) < 1e15)
        return append_whole(b, x);
    return buf_printf(b, fabs(x) >= 1 ? "%.2f" : "%.3g", x);
}

static int append_value(struct buf *b, const cJSON *v)
{
    if (cJSON_IsString(v))
        return buf_append_cstr(b, v->valuestring);
    if (cJSON_IsNumber(v))
        return append_number(b, v->valuedouble);
    if (cJSON_IsBool(v))
        return buf_append_cstr(b, cJSON_IsTrue(v) ? "true" : "false");
    if (cJSON_IsArray(v)) {
        for (const cJSON *c = v->child; c; c = c->next)
            if ((c != v->child && buf_append_cstr(b, ", ") < 0) || append_value(b, c) < 0)
                return -1;
        return 0;
    }
    if (cJSON_IsObject(v)) {
        char *s = cJSON_PrintUnformatted(v);
        int rc = s ? buf_append_cstr(b, s) : -1;
        free(s);
        return rc;
    }
    return buf_append_cstr(b, "null");
}

static const cJSON *lookup(const struct rule *r, const cJSON *evidence, const char *name,
                           size_t n, bool thr)
{
    char key[128];
    n = n < 127 ? n : 127;
    memcpy(key, name, n);
    key[n] = '\0';
    if (thr)
        return rule_threshold(r, key);
    return cJSON_IsObject(evidence) ? cJSON_GetObjectItemCaseSensitive(evidence, key) : NULL;
}

char *rule_render(const struct rule *r, const char *tmpl, const cJSON *evidence)
{
    struct buf b = {0};
    int rc = buf_reserve(&b, strlen(tmpl) + 1);
    for (const char *p = tmpl; *p && rc >= 0; p++) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            rc = buf_append_char(&b, *p++);
        } else if (*p == '{') {
            bool thr = p[1] == '$';
            const char *s = p + 1 + thr, *e = s;
            while (name_char(*e))
                e++;
            rc = append_value(&b, lookup(r, evidence, s, (size_t)(e - s), thr));
            p = e; /* the closing brace, checked at load */
        } else {
            /* the literal run up to the next brace, at once */
            size_t run = strcspn(p, "{}");
            rc = buf_append(&b, p, run ? run : 1);
            p += (run ? run : 1) - 1;
        }
    }
    if (rc < 0) {
        buf_free(&b);
        return NULL;
    }
    return b.p;
}
