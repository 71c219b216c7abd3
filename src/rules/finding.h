/* The one Finding type: what every analyzer (rules, code checks, later the index advisor and the N+1
 * detector) produces and every reporter renders. A finding names its rule, severity, subject (what
 * it is about), evidence (named values), message and fix; its identity is a hash of the rule id and
 * the subject only, so a baseline recognises the same finding whatever its wording or position in
 * the output. */
#ifndef SLOWDEX_RULES_FINDING_H
#define SLOWDEX_RULES_FINDING_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

enum severity { SEV_ERROR, SEV_WARNING, SEV_NOTICE, SEV_INFO };

/* "error", "warning", "notice", "info". */
const char *severity_name(enum severity s);
/* Parses a severity name; false when it is none. */
bool severity_parse(const char *s, enum severity *out);

/* What a finding is about. Every field is optional (NULL / 0); a class has a query_id, a statement
 * in a file has file and line, a table has db and table, a run of one connection has connection and
 * a time range. The strings are owned by the finding (borrowed when passed to finding_list_add). */
struct finding_subject {
    const char *query_id;
    const char *db;
    const char *table;
    const char *index;
    const char *file;
    uint64_t line;
    uint64_t connection;  /* 0 = none */
    const char *time_from, *time_to;
};

struct finding {
    char *strings;    /* owns rule_id, key and the subject's strings, which point into it */
    char *rule_id;
    enum severity severity;
    struct finding_subject subject;
    cJSON *evidence;  /* an object of named values, owned */
    char *message;
    char *fix;        /* NULL when the rule has none */
    char *ddl;        /* NULL when there is no statement to propose */
    char *key;        /* what tells apart findings of one rule on one subject (an element of a
                         list subject), part of the identity; NULL when none */
    uint64_t identity;
};

struct finding_list {
    struct finding *v;
    size_t n, cap;
    /* Findings added while set keep only rule, severity, subject and identity: no evidence and no
     * texts. A digest's classes that its report does not show need no more (the summary counts
     * them, the configuration matches them), and rendering them all would cost more than finding
     * them. */
    bool brief;
};

/* Adds a finding, copying every string and taking ownership of evidence (also on failure). Fills the
 * identity. Returns 0, or -1 when out of memory. */
int finding_list_add(struct finding_list *l, const char *rule_id, enum severity sev,
                     const struct finding_subject *subj, cJSON *evidence, const char *message,
                     const char *fix, const char *ddl, const char *key);
void finding_list_free(struct finding_list *l);
/* Frees what one finding owns (a list's element taken out of it). */
void finding_free(struct finding *f);

/* The identity: XXH3-64 of the rule id, each subject field (tagged, in a fixed order) and the key. */
uint64_t finding_identity(const char *rule_id, const struct finding_subject *subj, const char *key);
/* The identity as 16 lower-case hex digits plus NUL. */
void finding_identity_hex(uint64_t id, char out[17]);

/* The finding as a JSON object: rule, severity, subject, evidence, message, fix, ddl, identity.
 * NULL when out of memory. */
cJSON *finding_to_json(const struct finding *f);

#endif
