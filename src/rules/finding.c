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

/* Where the identity's bytes go: counted, copied into a buffer, or streamed into a hash state. The
 * bytes are the same either way, and XXH3 of them is the same whether hashed at once or streamed:
 * a buffer on the stack serves the common subject, the stream any size. */
struct id_sink {
    size_t n;
    char *buf;          /* NULL: only count (or stream) */
    XXH3_state_t *st;   /* non-NULL: stream */
};

static void sink_put(struct id_sink *k, const void *p, size_t n)
{
    if (k->st)
        XXH3_64bits_update(k->st, p, n);
    else if (k->buf)
        memcpy(k->buf + k->n, p, n);
    k->n += n;
}

static void hash_field(struct id_sink *k, char tag, const char *s)
{
    if (!s)
        return;
    sink_put(k, &tag, 1);
    sink_put(k, s, strlen(s) + 1);
}

static void hash_number(struct id_sink *k, char tag, uint64_t v)
{
    char tmp[24];
    if (!v)
        return;
    snprintf(tmp, sizeof tmp, "%" PRIu64, v);
    hash_field(k, tag, tmp);
}

static void identity_bytes(struct id_sink *k, const char *rule_id,
                           const struct finding_subject *subj, const char *key)
{
    hash_field(k, 'R', rule_id);
    hash_field(k, 'Q', subj->query_id);
    hash_field(k, 'D', subj->db);
    hash_field(k, 'T', subj->table);
    hash_field(k, 'I', subj->index);
    hash_field(k, 'F', subj->file);
    hash_number(k, 'L', subj->line);
    hash_number(k, 'C', subj->connection);
    hash_field(k, 'S', subj->time_from);
    hash_field(k, 'E', subj->time_to);
    hash_field(k, 'K', key);
}

uint64_t finding_identity(const char *rule_id, const struct finding_subject *subj, const char *key)
{
    char small[512];
    struct id_sink count = {0};
    identity_bytes(&count, rule_id, subj, key);
    if (count.n <= sizeof small) {
        struct id_sink k = {.buf = small};
        identity_bytes(&k, rule_id, subj, key);
        return XXH3_64bits(small, k.n);
    }
    XXH3_state_t st;
    XXH3_64bits_reset(&st);
    struct id_sink k = {.st = &st};
    identity_bytes(&k, rule_id, subj, key);
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

/* The length of s with its NUL, 0 for NULL. */
static size_t packed_len(const char *s) { return s ? strlen(s) + 1 : 0; }

/* A copy of s at *at in the finding's block (NULL stays NULL). */
static char *pack(char **at, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = memcpy(*at, s, n);
    *at += n;
    return d;
}

/* The rule id, key and subject strings, which never change once a finding exists, in one block:
 * one malloc and one free per finding rather than up to nine (a digest of 100,000 classes holds
 * as many findings). */
static bool pack_strings(struct finding *f, const char *rule_id, const struct finding_subject *s,
                         const char *key)
{
    size_t n = packed_len(rule_id) + packed_len(key) + packed_len(s->query_id) +
               packed_len(s->db) + packed_len(s->table) + packed_len(s->index) +
               packed_len(s->file) + packed_len(s->time_from) + packed_len(s->time_to);
    char *at = f->strings = malloc(n ? n : 1);
    if (!at)
        return false;
    f->rule_id = pack(&at, rule_id);
    f->key = pack(&at, key);
    f->subject = (struct finding_subject){
        .query_id = pack(&at, s->query_id), .db = pack(&at, s->db), .table = pack(&at, s->table),
        .index = pack(&at, s->index), .file = pack(&at, s->file), .line = s->line,
        .connection = s->connection, .time_from = pack(&at, s->time_from),
        .time_to = pack(&at, s->time_to)};
    return true;
}

void finding_free(struct finding *f)
{
    free(f->strings);
    cJSON_Delete(f->evidence);
    free(f->message);
    free(f->fix);
    free(f->ddl);
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
    f->message = dup_opt(message, &ok);
    f->fix = dup_opt(fix, &ok);
    f->ddl = dup_opt(ddl, &ok);
    ok = pack_strings(f, rule_id, subj, key) && ok;
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
