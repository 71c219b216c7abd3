/* Reading `.slowdex.json` (config.h): finding it, parsing it, and checking every key and value, the
 * first problem reported at FILE:LINE:COLUMN (positions from rules/jpos.c, since cJSON keeps none).
 * What needs the catalog — rule ids, thresholds — is checked by config_bind. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"
#include "config/config_int.h"
#include "rules/jpos.h"
#include "util/buf.h"

/* Reports a problem at a node's value (key false) or its member name (key true). */
static int cfail(const struct slowdex_config *cfg, struct diag *d, const cJSON *node, bool key,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int cfail(const struct slowdex_config *cfg, struct diag *d, const cJSON *node, bool key,
                 const char *fmt, ...)
{
    size_t off = 0;
    if (!node || !cfg->root || !jpos_find(cfg->text, cfg->len, cfg->root, node, key, &off))
        off = 0;
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    jpos_diag(d, cfg->name, cfg->text, cfg->len, off, msg);
    return -1;
}

int config_fail_at(const struct slowdex_config *cfg, struct diag *d, const cJSON *node, bool key,
                   const char *msg)
{
    return cfail(cfg, d, node, key, "%s", msg);
}

static bool in_list(const char *const *names, const char *s)
{
    for (; *names; names++)
        if (strcmp(*names, s) == 0)
            return true;
    return false;
}

/* Every member name of o is one of names and appears once. */
static int check_keys(const struct slowdex_config *cfg, struct diag *d, const cJSON *o,
                      const char *const *names, const char *what)
{
    for (const cJSON *m = o->child; m; m = m->next) {
        if (!in_list(names, m->string))
            return cfail(cfg, d, m, true, "unknown key '%s' in %s", m->string, what);
        for (const cJSON *p = o->child; p != m; p = p->next)
            if (strcmp(p->string, m->string) == 0)
                return cfail(cfg, d, m, true, "'%s' is given twice in %s", m->string, what);
    }
    return 0;
}

/* A list of strings, each checked by ok (NULL: any non-empty string). */
static int get_strings(struct slowdex_config *cfg, struct diag *d, const cJSON *v, const char *key,
                       bool (*ok)(const char *), const char *what, const char ***out, size_t *n)
{
    if (!cJSON_IsArray(v))
        return cfail(cfg, d, v, false, "'%s' takes a list of strings", key);
    size_t cnt = (size_t)cJSON_GetArraySize(v);
    *out = calloc(cnt ? cnt : 1, sizeof **out);
    if (!*out)
        return cfail(cfg, d, NULL, false, "out of memory");
    for (const cJSON *e = v->child; e; e = e->next) {
        if (!cJSON_IsString(e) || !e->valuestring[0])
            return cfail(cfg, d, e, false, "'%s' takes a list of non-empty strings", key);
        if (ok && !ok(e->valuestring))
            return cfail(cfg, d, e, false, "'%s' is not %s", e->valuestring, what);
        (*out)[(*n)++] = e->valuestring;
    }
    return 0;
}

/* A Query ID as slowdex and pt-query-digest >= 3.5.5 print it (32 hex digits), or the 16 digits
 * older versions print; "0x" in front is allowed. */
static bool query_id_ok(const char *s)
{
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        s += 2;
    size_t n = strspn(s, "0123456789abcdefABCDEF");
    return s[n] == '\0' && (n == 16 || n == 32);
}

static int load_ignore(struct slowdex_config *cfg, struct diag *d, const cJSON *o)
{
    static const char *const keys[] = {"tables", "query_ids", "paths", NULL};
    if (!cJSON_IsObject(o))
        return cfail(cfg, d, o, false, "'ignore' takes an object");
    if (check_keys(cfg, d, o, keys, "'ignore'") < 0)
        return -1;
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "tables");
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(o, "query_ids");
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "paths");
    if (t && get_strings(cfg, d, t, "tables", NULL, NULL, &cfg->tables, &cfg->ntables) < 0)
        return -1;
    if (q && get_strings(cfg, d, q, "query_ids", query_id_ok, "a Query ID (16 or 32 hex digits)",
                         &cfg->query_ids, &cfg->nquery_ids) < 0)
        return -1;
    if (p && get_strings(cfg, d, p, "paths", NULL, NULL, &cfg->paths, &cfg->npaths) < 0)
        return -1;
    return 0;
}

/* "ID": true | false | {"enabled": bool, "severity": "...", "thresholds": {...}} */
static int load_rule(struct slowdex_config *cfg, struct diag *d, const cJSON *m,
                     struct config_rule *r)
{
    static const char *const keys[] = {"enabled", "severity", "thresholds", NULL};
    *r = (struct config_rule){.id = m->string, .enabled = -1, .node = m};
    if (cJSON_IsBool(m)) {
        r->enabled = cJSON_IsTrue(m);
        return 0;
    }
    if (!cJSON_IsObject(m))
        return cfail(cfg, d, m, false, "a rule takes true, false or an object");
    if (check_keys(cfg, d, m, keys, "a rule") < 0)
        return -1;
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(m, "enabled");
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(m, "severity");
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(m, "thresholds");
    if (e && !cJSON_IsBool(e))
        return cfail(cfg, d, e, false, "'enabled' takes true or false");
    if (e)
        r->enabled = cJSON_IsTrue(e);
    if (s && (!cJSON_IsString(s) || !severity_parse(s->valuestring, &r->severity)))
        return cfail(cfg, d, s, false, "'severity' is error, warning, notice or info");
    r->has_severity = s != NULL;
    if (t && !cJSON_IsObject(t))
        return cfail(cfg, d, t, false, "'thresholds' takes an object");
    r->thresholds = t;
    for (const cJSON *a = t ? t->child : NULL; a; a = a->next)
        for (const cJSON *b = t->child; b != a; b = b->next)
            if (strcmp(a->string, b->string) == 0)
                return cfail(cfg, d, a, true, "threshold '%s' is given twice", a->string);
    return 0;
}

static int load_rules(struct slowdex_config *cfg, struct diag *d, const cJSON *o)
{
    if (!cJSON_IsObject(o))
        return cfail(cfg, d, o, false, "'rules' takes an object of rule ids");
    size_t n = (size_t)cJSON_GetArraySize(o);
    cfg->rules = calloc(n ? n : 1, sizeof *cfg->rules);
    if (!cfg->rules)
        return cfail(cfg, d, NULL, false, "out of memory");
    for (const cJSON *m = o->child; m; m = m->next) {
        for (const cJSON *p = o->child; p != m; p = p->next)
            if (strcmp(p->string, m->string) == 0)
                return cfail(cfg, d, m, true, "rule '%s' is given twice", m->string);
        if (load_rule(cfg, d, m, &cfg->rules[cfg->nrules]) < 0)
            return -1;
        cfg->nrules++;
    }
    return 0;
}

static int load_root(struct slowdex_config *cfg, struct diag *d)
{
    static const char *const keys[] = {"version", "rules", "ignore", NULL};
    const char *end = NULL;
    cfg->root = cJSON_ParseWithLengthOpts(cfg->text, cfg->len, &end, false);
    size_t off = end && end >= cfg->text && end <= cfg->text + cfg->len
                     ? (size_t)(end - cfg->text) : 0;
    if (cfg->root)
        while (off < cfg->len && (unsigned char)cfg->text[off] <= 32)
            off++;
    if (!cfg->root || off < cfg->len) {
        const char *why = cfg->root ? "unexpected text after the object" : "invalid JSON";
        cJSON_Delete(cfg->root);
        cfg->root = NULL;
        /* cfail positions at byte 0 without a tree: report the parse position instead. */
        jpos_diag(d, cfg->name, cfg->text, cfg->len, off, why);
        return -1;
    }
    if (!cJSON_IsObject(cfg->root))
        return cfail(cfg, d, cfg->root, false, "the configuration is one JSON object");
    if (check_keys(cfg, d, cfg->root, keys, "the configuration") < 0)
        return -1;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(cfg->root, "version");
    if (v && !(cJSON_IsNumber(v) && v->valuedouble == 1))
        return cfail(cfg, d, v, false, "'version' is 1 (the only configuration format so far)");
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(cfg->root, "rules");
    const cJSON *i = cJSON_GetObjectItemCaseSensitive(cfg->root, "ignore");
    if (r && load_rules(cfg, d, r) < 0)
        return -1;
    return i ? load_ignore(cfg, d, i) : 0;
}

int config_load_text(struct slowdex_config *cfg, const char *name, const char *dir,
                     const char *text, size_t len, struct diag *d)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->name = strdup(name);
    cfg->dir = strdup(dir ? dir : ".");
    cfg->text = malloc(len + 1);
    if (!cfg->name || !cfg->dir || !cfg->text) {
        diag_add(d, name, 0, "out of memory");
        config_free(cfg);
        return -1;
    }
    memcpy(cfg->text, text, len);
    cfg->text[len] = '\0';
    cfg->len = len;
    if (load_root(cfg, d) < 0) {
        config_free(cfg);
        return -1;
    }
    return 0;
}

int config_load(struct slowdex_config *cfg, const char *path, struct diag *d)
{
    struct buf b = {0};
    memset(cfg, 0, sizeof *cfg);
    if (diag_read_file(d, path, &b) < 0) {
        buf_free(&b);
        return -1;
    }
    char *dir = strdup(path);
    char *slash = dir ? strrchr(dir, '/') : NULL;
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    int rc = dir ? config_load_text(cfg, path, slash ? dir : ".", b.p ? b.p : "", b.n, d) : -1;
    if (!dir)
        diag_add(d, path, 0, "out of memory");
    free(dir);
    buf_free(&b);
    return rc;
}

void config_free(struct slowdex_config *cfg)
{
    free(cfg->name);
    free(cfg->dir);
    free(cfg->text);
    cJSON_Delete(cfg->root);
    free(cfg->rules);
    free(cfg->tables);
    free(cfg->query_ids);
    free(cfg->paths);
    memset(cfg, 0, sizeof *cfg);
}

int config_find(const char *dir, char **path)
{
    struct buf b = {0};
    char *cwd = dir ? strdup(dir) : getcwd(NULL, 0);
    *path = NULL;
    if (!cwd)
        return -1;
    int rc = 0;
    for (;;) {
        struct stat st;
        buf_reset(&b);
        if (buf_printf(&b, "%s%s%s", cwd, strcmp(cwd, "/") == 0 ? "" : "/", CONFIG_FILE_NAME) < 0) {
            rc = -1;
            break;
        }
        if (stat(b.p, &st) == 0 && S_ISREG(st.st_mode)) {
            *path = b.p;
            b.p = NULL;
            rc = 1;
            break;
        }
        char *slash = strrchr(cwd, '/');
        if (!slash || strcmp(cwd, "/") == 0)
            break;
        if (slash == cwd)
            slash[1] = '\0';
        else
            *slash = '\0';
    }
    free(cwd);
    buf_free(&b);
    return rc;
}
