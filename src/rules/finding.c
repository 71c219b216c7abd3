/* The Finding type; see finding.h. */
#include "rules/finding.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* The state on the stack: hashing an identity allocates nothing. */
#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

static const char *const sev_names[] = {"error", "warning", "notice", "info"};

const char *severity_name(enum severity s) { return sev_names[s]; }

bool severity_parse(const char *s, enum severity *out)
{
    for (int i = 0; i < 4; i++) {
        if (strcmp(s, sev_names[i]) == 0) {
            *out = (enum severity)i;
            return true;
        }
    }
    return false;
}

static void hash_field(XXH3_state_t *st, char tag, const char *s)
{
    if (!s)
        return;
    XXH3_64bits_update(st, &tag, 1);
    XXH3_64bits_update(st, s, strlen(s) + 1);
}

static void hash_number(XXH3_state_t *st, char tag, uint64_t v)
{
    char tmp[24];
    if (!v)
        return;
    snprintf(tmp, sizeof tmp, "%" PRIu64, v);
    hash_field(st, tag, tmp);
}

uint64_t finding_identity(const char *rule_id, const struct finding_subject *subj, const char *key)
{
    XXH3_state_t st;
    XXH3_64bits_reset(&st);
    hash_field(&st, 'R', rule_id);
    hash_field(&st, 'Q', subj->query_id);
    hash_field(&st, 'D', subj->db);
    hash_field(&st, 'T', subj->table);
    hash_field(&st, 'I', subj->index);
    hash_field(&st, 'F', subj->file);
    hash_number(&st, 'L', subj->line);
    hash_number(&st, 'C', subj->connection);
    hash_field(&st, 'S', subj->time_from);
    hash_field(&st, 'E', subj->time_to);
    hash_field(&st, 'K', key);
    return XXH3_64bits_digest(&st);
}

void finding_identity_hex(uint64_t id, char out[17])
{
    snprintf(out, 17, "%016" PRIx64, id);
}

/* strdup that keeps NULL as NULL and reports failure through *ok. */
static char *dup_opt(const char *s, bool *ok)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        *ok = false;
    return d;
}

static void subject_free(struct finding_subject *s)
{
    free((char *)s->query_id);
    free((char *)s->db);
    free((char *)s->table);
    free((char *)s->index);
    free((char *)s->file);
    free((char *)s->time_from);
    free((char *)s->time_to);
}

static bool subject_copy(struct finding_subject *d, const struct finding_subject *s)
{
    bool ok = true;
    d->query_id = dup_opt(s->query_id, &ok);
    d->db = dup_opt(s->db, &ok);
    d->table = dup_opt(s->table, &ok);
    d->index = dup_opt(s->index, &ok);
    d->file = dup_opt(s->file, &ok);
    d->line = s->line;
    d->connection = s->connection;
    d->time_from = dup_opt(s->time_from, &ok);
    d->time_to = dup_opt(s->time_to, &ok);
    return ok;
}

static void finding_free(struct finding *f)
{
    free(f->rule_id);
    subject_free(&f->subject);
    cJSON_Delete(f->evidence);
    free(f->message);
    free(f->fix);
    free(f->ddl);
    free(f->key);
}

int finding_list_add(struct finding_list *l, const char *rule_id, enum severity sev,
                     const struct finding_subject *subj, cJSON *evidence, const char *message,
                     const char *fix, const char *ddl, const char *key)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        struct finding *v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            cJSON_Delete(evidence);
            return -1;
        }
        l->v = v;
        l->cap = cap;
    }
    struct finding *f = &l->v[l->n];
    bool ok = true;
    *f = (struct finding){.severity = sev, .evidence = evidence};
    f->rule_id = dup_opt(rule_id, &ok);
    f->message = dup_opt(message, &ok);
    f->fix = dup_opt(fix, &ok);
    f->ddl = dup_opt(ddl, &ok);
    f->key = dup_opt(key, &ok);
    ok = subject_copy(&f->subject, subj) && ok;
    if (!ok) {
        finding_free(f);
        return -1;
    }
    f->identity = finding_identity(rule_id, subj, key);
    l->n++;
    return 0;
}

void finding_list_free(struct finding_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        finding_free(&l->v[i]);
    free(l->v);
    *l = (struct finding_list){0};
}

static bool add_str(cJSON *o, const char *name, const char *s)
{
    return (s ? cJSON_AddStringToObject(o, name, s) : cJSON_AddNullToObject(o, name)) != NULL;
}

static cJSON *subject_json(const struct finding_subject *s)
{
    cJSON *o = cJSON_CreateObject();
    bool ok = o != NULL;
    const char *names[] = {"query_id", "db", "table", "index", "file"};
    const char *vals[] = {s->query_id, s->db, s->table, s->index, s->file};
    for (int i = 0; ok && i < 5; i++)
        if (vals[i])
            ok = add_str(o, names[i], vals[i]);
    if (ok && s->line)
        ok = cJSON_AddNumberToObject(o, "line", (double)s->line) != NULL;
    if (ok && s->connection)
        ok = cJSON_AddNumberToObject(o, "connection", (double)s->connection) != NULL;
    if (ok && s->time_from)
        ok = add_str(o, "from", s->time_from);
    if (ok && s->time_to)
        ok = add_str(o, "to", s->time_to);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

cJSON *finding_to_json(const struct finding *f)
{
    cJSON *o = cJSON_CreateObject(), *subj = subject_json(&f->subject);
    cJSON *ev = f->evidence ? cJSON_Duplicate(f->evidence, true) : cJSON_CreateObject();
    char id[17];
    finding_identity_hex(f->identity, id);
    bool ok = o && subj && ev && add_str(o, "rule", f->rule_id) &&
              add_str(o, "severity", severity_name(f->severity));
    if (ok) {
        cJSON_AddItemToObject(o, "subject", subj);
        cJSON_AddItemToObject(o, "evidence", ev);
        subj = ev = NULL;
        ok = add_str(o, "message", f->message) && add_str(o, "fix", f->fix) &&
             add_str(o, "ddl", f->ddl) && add_str(o, "identity", id);
    }
    if (!ok) {
        cJSON_Delete(o);
        cJSON_Delete(subj);
        cJSON_Delete(ev);
        return NULL;
    }
    return o;
}
