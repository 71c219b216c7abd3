/* Loading one rule file (rule.h): JSON, then every field checked and compiled, the first problem
 * reported as file:line:column. Field positions come from jpos.c, since cJSON keeps none. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/engine.h"
#include "rules/jpos.h"
#include "rules/rule.h"

struct loader {
    const char *name, *text;
    size_t n;
    const cJSON *root;
    const struct rule_check *checks;
    struct diag *d;
    struct rule *r;
    bool failed;
};

#define NOT_IN_STRING ((size_t)-1)

/* Reports a problem at a node's value (or its member name), or at a byte inside a string value.
 * Only the first problem of a file is reported: later ones often follow from it. */
static bool lfail(struct loader *L, const cJSON *node, bool key, size_t in_string,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static bool lfail(struct loader *L, const cJSON *node, bool key, size_t in_string,
                  const char *fmt, ...)
{
    if (L->failed)
        return false;
    L->failed = true;
    size_t off = 0;
    if (node && !jpos_find(L->text, L->n, L->root, node, key, &off))
        off = 0;
    if (node && in_string != NOT_IN_STRING)
        off = jpos_in_string(L->text, L->n, off, in_string);
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    jpos_diag(L->d, L->name, L->text, L->n, off, msg);
    return false;
}

static const char *const known_fields[] = {
    "id", "title", "severity", "category", "applies_to", "condition", "each", "evidence",
    "identity", "message", "rationale", "fix", "ddl", "references", "targets", "thresholds",
    "check", "enabled", NULL,
};

static const char *const categories[] = {
    "query", "plan", "schema", "workload", "engine", "n+1", "index", NULL,
};
/* The id prefix of each category, so an id says where a rule belongs. */
static const char *const prefixes[] = {"QRY", "PLN", "SCH", "WKL", "ENG", "NP1", "IDX", NULL};

static const char *const subjects[] = {
    "statement", "class", "plan_table", "table", "index", "connection_run", "digest", NULL,
};

const char *rule_category_name(enum rule_category c) { return categories[c]; }
const char *rule_subject_name(enum rule_subject s) { return subjects[s]; }

static int find_word(const char *const *list, const char *s)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return i;
    return -1;
}

bool rule_subject_parse(const char *s, enum rule_subject *out)
{
    int i = find_word(subjects, s);
    if (i >= 0)
        *out = (enum rule_subject)i;
    return i >= 0;
}

static bool is_name(const char *s, bool upper)
{
    if (!*s)
        return false;
    for (const char *p = s; *p; p++) {
        bool ok = *p == '_' || (*p >= '0' && *p <= '9' && p != s) ||
                  (upper ? (*p >= 'A' && *p <= 'Z') : (*p >= 'a' && *p <= 'z'));
        if (!ok)
            return false;
    }
    return true;
}

/* A string member: *out is a copy, or stays NULL when absent and optional. */
static bool get_string(struct loader *L, const char *field, bool required, char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(L->root, field);
    if (!v)
        return required ? lfail(L, L->root, false, NOT_IN_STRING,
                                "missing field \"%s\"", field) : true;
    if (!cJSON_IsString(v) || !v->valuestring)
        return lfail(L, v, false, NOT_IN_STRING, "\"%s\" must be a string", field);
    if (!v->valuestring[0])
        return lfail(L, v, false, NOT_IN_STRING, "\"%s\" must not be empty", field);
    if (!(*out = strdup(v->valuestring)))
        return lfail(L, v, false, NOT_IN_STRING, "out of memory");
    return true;
}

static bool check_fields(struct loader *L)
{
    for (const cJSON *m = L->root->child; m; m = m->next) {
        if (find_word(known_fields, m->string) < 0)
            return lfail(L, m, true, NOT_IN_STRING, "unknown field \"%s\"", m->string);
        for (const cJSON *o = L->root->child; o != m; o = o->next)
            if (strcmp(o->string, m->string) == 0)
                return lfail(L, m, true, NOT_IN_STRING, "field \"%s\" given twice", m->string);
    }
    return true;
}

static bool check_id(struct loader *L, bool want_name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(L->root, "id");
    const char *id = L->r->id, *dot = strchr(id, '.');
    char prefix[8] = "";
    if (dot && dot - id < 8) {
        memcpy(prefix, id, (size_t)(dot - id));
        prefix[dot - id] = '\0';
    }
    if (!dot || !is_name(prefix, true) || !is_name(dot + 1, true) || strlen(id) > 64)
        return lfail(L, v, false, NOT_IN_STRING, "id must read PREFIX.UPPER_SNAKE_CASE "
                                                 "(e.g. QRY.SELECT_STAR), at most 64 bytes");
    if (find_word(prefixes, prefix) != (int)L->r->category)
        return lfail(L, v, false, NOT_IN_STRING, "an id of category %s starts with %s.",
                     categories[L->r->category], prefixes[L->r->category]);
    if (want_name) {
        const char *base = strrchr(L->name, '/');
        base = base ? base + 1 : L->name;
        size_t l = strlen(id);
        if (strncmp(base, id, l) != 0 || strcmp(base + l, ".json") != 0)
            return lfail(L, v, false, NOT_IN_STRING, "the file of rule %s must be named %s.json",
                         id, id);
    }
    return true;
}

static bool get_enum(struct loader *L, const char *field, const char *const *words, int *out)
{
    char *s = NULL;
    if (!get_string(L, field, true, &s))
        return false;
    *out = find_word(words, s);
    if (*out < 0) {
        char list[200] = "";
        for (int i = 0; words[i]; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                     words[i]);
        lfail(L, cJSON_GetObjectItemCaseSensitive(L->root, field), false, NOT_IN_STRING,
              "%s \"%s\" is none of %s", field, s, list);
    }
    free(s);
    return *out >= 0;
}

static bool load_header(struct loader *L, bool want_name)
{
    struct rule *r = L->r;
    static const char *const sevs[] = {"error", "warning", "notice", "info", NULL};
    int sev, cat, subj;
    if (!get_string(L, "id", true, &r->id) || !get_string(L, "title", true, &r->title) ||
        !get_enum(L, "severity", sevs, &sev) || !get_enum(L, "category", categories, &cat) ||
        !get_enum(L, "applies_to", subjects, &subj))
        return false;
    r->severity = (enum severity)sev;
    r->category = (enum rule_category)cat;
    r->applies_to = (enum rule_subject)subj;
    if (!check_id(L, want_name))
        return false;
    const cJSON *en = cJSON_GetObjectItemCaseSensitive(L->root, "enabled");
    if (en && !cJSON_IsBool(en))
        return lfail(L, en, false, NOT_IN_STRING, "\"enabled\" must be true or false");
    r->enabled = !en || cJSON_IsTrue(en);
    return get_string(L, "message", true, &r->message) &&
           get_string(L, "rationale", true, &r->rationale) &&
           get_string(L, "fix", false, &r->fix) && get_string(L, "ddl", false, &r->ddl) &&
           get_string(L, "check", false, &r->check);
}

/* An array of non-empty strings, copied into *out. */
static bool get_strings(struct loader *L, const char *field, char ***out, size_t *n)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(L->root, field);
    if (!v)
        return true;
    if (!cJSON_IsArray(v))
        return lfail(L, v, false, NOT_IN_STRING, "\"%s\" must be a list of strings", field);
    int count = cJSON_GetArraySize(v);
    if (!(*out = calloc((size_t)count + 1, sizeof **out)))
        return lfail(L, v, false, NOT_IN_STRING, "out of memory");
    for (const cJSON *c = v->child; c; c = c->next) {
        if (!cJSON_IsString(c) || !c->valuestring || !c->valuestring[0])
            return lfail(L, c, false, NOT_IN_STRING, "\"%s\" must be a list of non-empty strings",
                         field);
        if (!((*out)[(*n)++] = strdup(c->valuestring)))
            return lfail(L, c, false, NOT_IN_STRING, "out of memory");
    }
    return true;
}

static bool threshold_value(struct loader *L, const cJSON *v, enum expr_type *type)
{
    if (cJSON_IsNumber(v))
        *type = EXPR_NUM;
    else if (cJSON_IsString(v))
        *type = EXPR_STR;
    else if (cJSON_IsBool(v))
        *type = EXPR_BOOL;
    else if (cJSON_IsArray(v))
        *type = EXPR_LIST;
    else
        return lfail(L, v, false, NOT_IN_STRING, "a threshold's default is a number, string, "
                                                 "boolean or list of strings and numbers");
    for (const cJSON *c = cJSON_IsArray(v) ? v->child : NULL; c; c = c->next)
        if (!cJSON_IsString(c) && !cJSON_IsNumber(c))
            return lfail(L, c, false, NOT_IN_STRING, "a threshold list holds strings and numbers");
    return true;
}

static bool load_threshold(struct loader *L, const cJSON *m, struct rule_threshold *t)
{
    if (!is_name(m->string, false))
        return lfail(L, m, true, NOT_IN_STRING, "a threshold name is lower_snake_case");
    if (!cJSON_IsObject(m))
        return lfail(L, m, false, NOT_IN_STRING, "a threshold is {\"default\": …, \"help\": …}");
    for (const cJSON *f = m->child; f; f = f->next)
        if (strcmp(f->string, "default") != 0 && strcmp(f->string, "help") != 0)
            return lfail(L, f, true, NOT_IN_STRING, "unknown threshold field \"%s\" (default, "
                                                    "help)", f->string);
    const cJSON *def = cJSON_GetObjectItemCaseSensitive(m, "default");
    const cJSON *help = cJSON_GetObjectItemCaseSensitive(m, "help");
    if (!def || !help)
        return lfail(L, m, false, NOT_IN_STRING, "a threshold needs \"default\" and \"help\"");
    if (!cJSON_IsString(help) || !help->valuestring[0])
        return lfail(L, help, false, NOT_IN_STRING, "\"help\" must be a non-empty string");
    if (!threshold_value(L, def, &t->type))
        return false;
    t->name = strdup(m->string);
    t->help = strdup(help->valuestring);
    t->def = cJSON_Duplicate(def, true);
    t->value = cJSON_Duplicate(def, true);
    if (!t->name || !t->help || !t->def || !t->value)
        return lfail(L, m, false, NOT_IN_STRING, "out of memory");
    return true;
}

static bool load_thresholds(struct loader *L)
{
    struct rule *r = L->r;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(L->root, "thresholds");
    if (!v)
        return true;
    if (!cJSON_IsObject(v))
        return lfail(L, v, false, NOT_IN_STRING, "\"thresholds\" must be an object");
    size_t count = (size_t)cJSON_GetArraySize(v);
    r->thresholds = calloc(count + 1, sizeof *r->thresholds);
    r->threshold_values = calloc(count + 1, sizeof *r->threshold_values);
    if (!r->thresholds || !r->threshold_values)
        return lfail(L, v, false, NOT_IN_STRING, "out of memory");
    for (const cJSON *m = v->child; m; m = m->next) {
        for (const cJSON *o = v->child; o != m; o = o->next)
            if (strcmp(o->string, m->string) == 0)
                return lfail(L, m, true, NOT_IN_STRING, "threshold \"%s\" given twice",
                             m->string);
        if (!load_threshold(L, m, &r->thresholds[r->nthresholds]))
            return false;
        r->threshold_values[r->nthresholds] = r->thresholds[r->nthresholds].value;
        r->nthresholds++;
    }
    return true;
}

/* "8.0", "8.0.36", "10.11": as sql_target counts versions; an open patch level is .0 for a
 * minimum and .99 for a maximum, so "max": "8.0" takes in every 8.0.x. */
static bool parse_version(const char *s, bool is_max, unsigned *out)
{
    unsigned part[3] = {0, 0, is_max ? 99 : 0};
    int k = 0;
    for (const char *p = s;; p++) {
        int digits = 0;
        unsigned v = 0;
        while (*p >= '0' && *p <= '9' && digits < 3) {
            v = v * 10 + (unsigned)(*p++ - '0');
            digits++;
        }
        if (!digits || v > 99 || k == 3)
            return false;
        part[k++] = v;
        if (*p == '\0')
            break;
        if (*p != '.')
            return false;
    }
    if (k < 2)
        return false;
    *out = part[0] * 10000 + part[1] * 100 + part[2];
    return true;
}

static bool load_target(struct loader *L, const cJSON *t, struct rule_target *out)
{
    if (!cJSON_IsObject(t))
        return lfail(L, t, false, NOT_IN_STRING, "a target is {\"server\": …, \"min\": …, "
                                                 "\"max\": …}");
    out->min = 0;
    out->max = UINT_MAX;
    const cJSON *server = NULL;
    for (const cJSON *f = t->child; f; f = f->next) {
        bool is_min = strcmp(f->string, "min") == 0, is_max = strcmp(f->string, "max") == 0;
        if (strcmp(f->string, "server") == 0)
            server = f;
        else if (!is_min && !is_max)
            return lfail(L, f, true, NOT_IN_STRING, "unknown target field \"%s\" (server, min, "
                                                    "max)", f->string);
        else if (!cJSON_IsString(f) ||
                 !parse_version(f->valuestring, is_max, is_min ? &out->min : &out->max))
            return lfail(L, f, false, NOT_IN_STRING, "a version reads \"8.0\" or \"10.11.6\"");
    }
    if (!server || !cJSON_IsString(server) ||
        (strcmp(server->valuestring, "mysql") != 0 && strcmp(server->valuestring, "mariadb") != 0))
        return lfail(L, server ? server : t, false, NOT_IN_STRING,
                     "a target's \"server\" is \"mysql\" or \"mariadb\"");
    out->flavor = strcmp(server->valuestring, "mysql") == 0 ? SQL_MYSQL : SQL_MARIADB;
    if (out->min > out->max)
        return lfail(L, t, false, NOT_IN_STRING, "the target's min is above its max");
    char *text = cJSON_PrintUnformatted(t);
    if (!text)
        return lfail(L, t, false, NOT_IN_STRING, "out of memory");
    out->text = text;
    return true;
}

static bool load_targets(struct loader *L)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(L->root, "targets");
    if (!v)
        return true;
    if (!cJSON_IsArray(v) || !v->child)
        return lfail(L, v, false, NOT_IN_STRING, "\"targets\" must be a non-empty list");
    L->r->targets = calloc((size_t)cJSON_GetArraySize(v), sizeof *L->r->targets);
    if (!L->r->targets)
        return lfail(L, v, false, NOT_IN_STRING, "out of memory");
    for (const cJSON *t = v->child; t; t = t->next)
        if (!load_target(L, t, &L->r->targets[L->r->ntargets++]))
            return false;
    return true;
}

static struct expr *compile(struct loader *L, const cJSON *v, bool it_at_top)
{
    const char *names[L->r->nthresholds + 1];
    enum expr_type types[L->r->nthresholds + 1];
    for (size_t i = 0; i < L->r->nthresholds; i++) {
        names[i] = L->r->thresholds[i].name;
        types[i] = L->r->thresholds[i].type;
    }
    struct expr_env env = {names, types, L->r->nthresholds, it_at_top};
    struct expr_error err;
    struct expr *e = expr_parse(v->valuestring, strlen(v->valuestring), &env, &err);
    if (!e)
        lfail(L, v, false, err.pos, "%s", err.msg);
    return e;
}

static bool load_evidence(struct loader *L)
{
    struct rule *r = L->r;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(L->root, "evidence");
    if (!v)
        return true;
    if (!cJSON_IsObject(v))
        return lfail(L, v, false, NOT_IN_STRING, "\"evidence\" maps names to expressions");
    r->evidence = calloc((size_t)cJSON_GetArraySize(v) + 1, sizeof *r->evidence);
    if (!r->evidence)
        return lfail(L, v, false, NOT_IN_STRING, "out of memory");
    for (const cJSON *m = v->child; m; m = m->next) {
        for (const cJSON *o = v->child; o != m; o = o->next)
            if (strcmp(o->string, m->string) == 0)
                return lfail(L, m, true, NOT_IN_STRING, "evidence \"%s\" given twice", m->string);
        if (!is_name(m->string, false))
            return lfail(L, m, true, NOT_IN_STRING, "an evidence name is lower_snake_case");
        if (!cJSON_IsString(m) || !m->valuestring[0])
            return lfail(L, m, false, NOT_IN_STRING, "evidence is an expression (a string)");
        struct rule_evidence *e = &r->evidence[r->nevidence++];
        if (!(e->name = strdup(m->string)) || !(e->text = strdup(m->valuestring)))
            return lfail(L, m, false, NOT_IN_STRING, "out of memory");
        if (!(e->e = compile(L, m, r->each != NULL)))
            return false;
    }
    return true;
}

static const struct rule_check *find_check(const struct rule_check *checks, const char *name)
{
    for (; checks && checks->name; checks++)
        if (strcmp(checks->name, name) == 0)
            return checks;
    return NULL;
}

static bool load_logic(struct loader *L)
{
    struct rule *r = L->r;
    const cJSON *each = cJSON_GetObjectItemCaseSensitive(L->root, "each");
    const cJSON *cond = cJSON_GetObjectItemCaseSensitive(L->root, "condition");
    if (!get_string(L, "each", false, &r->each_text) ||
        !get_string(L, "condition", false, &r->condition_text))
        return false;
    if (r->each_text) {
        if (!(r->each = compile(L, each, false)))
            return false;
        if (expr_static_type(r->each) != EXPR_LIST && expr_static_type(r->each) != EXPR_ANY)
            return lfail(L, each, false, NOT_IN_STRING, "\"each\" must be a list, not a %s",
                             expr_type_name(expr_static_type(r->each)));
    }
    if (r->condition_text) {
        if (!(r->condition = compile(L, cond, r->each != NULL)))
            return false;
        enum expr_type t = expr_static_type(r->condition);
        if (t != EXPR_ANY && t != EXPR_BOOL)
            return lfail(L, cond, false, NOT_IN_STRING, "\"condition\" must be a boolean, not a %s",
                         expr_type_name(t));
    }
    const struct rule_check *k = r->check ? find_check(L->checks, r->check) : NULL;
    if (k) {
        r->check_evidence = k->evidence;
        r->check_impl = k;
    }
    if (r->check && !k)
        return lfail(L, cJSON_GetObjectItemCaseSensitive(L->root, "check"), false, NOT_IN_STRING,
                     "no code check is named \"%s\"", r->check);
    if (!r->condition && !r->check)
        return lfail(L, L->root, false, NOT_IN_STRING, "a rule needs a \"condition\" or a "
                                                       "\"check\"");
    if (r->check && r->each)
        return lfail(L, each, false, NOT_IN_STRING, "a code check finds its own elements: "
                                                    "\"each\" goes with \"condition\" only");
    return true;
}

static bool load_identity(struct loader *L)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(L->root, "identity");
    if (!get_strings(L, "identity", &L->r->identity, &L->r->nidentity))
        return false;
    for (size_t i = 0; i < L->r->nidentity; i++) {
        size_t k = 0;
        while (k < L->r->nevidence && strcmp(L->r->evidence[k].name, L->r->identity[i]) != 0)
            k++;
        if (k == L->r->nevidence)
            return lfail(L, cJSON_GetArrayItem(v, (int)i), false, NOT_IN_STRING,
                         "\"identity\" names evidence, and there is no evidence \"%s\"",
                         L->r->identity[i]);
    }
    return true;
}

static bool load_templates(struct loader *L)
{
    const char *fields[] = {"message", "fix", "ddl"};
    const char *tmpls[] = {L->r->message, L->r->fix, L->r->ddl};
    char msg[200];
    for (int i = 0; i < 3; i++) {
        size_t at = tmpls[i] ? rule_template_check(L->r, tmpls[i], msg, sizeof msg)
                             : NOT_IN_STRING;
        if (at != NOT_IN_STRING)
            return lfail(L, cJSON_GetObjectItemCaseSensitive(L->root, fields[i]), false, at, "%s",
                         msg);
    }
    return true;
}

/* The JSON itself: valid, one object, nothing after it. */
static bool parse_json(struct loader *L, cJSON **root)
{
    const char *end = NULL, *why = "invalid JSON";
    *root = cJSON_ParseWithLengthOpts(L->text, L->n, &end, false);
    size_t off = end && end >= L->text && end <= L->text + L->n ? (size_t)(end - L->text) : 0;
    if (*root) {
        while (off < L->n && (unsigned char)L->text[off] <= 32)
            off++;
        if (off == L->n && cJSON_IsObject(*root))
            return true;
        why = off < L->n ? "unexpected text after the rule" : "a rule file holds one JSON object";
        if (off == L->n)
            for (off = 0; off < L->n && (unsigned char)L->text[off] <= 32; off++)
                ;
        cJSON_Delete(*root);
        *root = NULL;
    }
    jpos_diag(L->d, L->name, L->text, L->n, off, why);
    return false;
}

int rule_parse(const char *name, const char *text, size_t n, const struct rule_check *checks,
               bool want_name, struct rule **out, struct diag *d)
{
    struct loader L = {.name = name, .text = text, .n = n, .checks = checks, .d = d};
    cJSON *root;
    *out = NULL;
    if (!parse_json(&L, &root))
        return -1;
    L.root = root;
    L.r = calloc(1, sizeof *L.r);
    bool ok = L.r && (L.r->source = strdup(name));
    if (!ok)
        lfail(&L, NULL, false, NOT_IN_STRING, "out of memory");
    ok = ok && check_fields(&L) && load_header(&L, want_name) && load_thresholds(&L) &&
         load_targets(&L) && get_strings(&L, "references", &L.r->references, &L.r->nreferences) &&
         load_logic(&L) && load_evidence(&L) && load_identity(&L) && load_templates(&L);
    cJSON_Delete(root);
    if (!ok) {
        rule_free(L.r);
        return -1;
    }
    *out = L.r;
    return 0;
}
