/* --redact for the NP1 findings (nplus1_redact.h). Done on the findings rather than in the checks:
 * the checks read the statements' analyses by position in the real text, and what they produce is
 * the same with or without --redact but for the values. */
#include "analyze/nplus1_redact.h"

#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "rules/rule.h"
#include "util/buf.h"

/* The statement-valued evidence: fix_sql is SQL only (checks_nplus1.c words its fallback with no
 * quote or digit, so that redacting it leaves the words alone). */
static const char *const sql_keys[] = {"example", "fix_sql", NULL};

/* Redacts the string ev[key] in place; 1 when it changed, 0 when absent or unchanged, -1 OOM. */
static int redact_key(cJSON *ev, const char *key)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(ev, key);
    if (!cJSON_IsString(v) || !v->valuestring)
        return 0;
    struct buf b = {0};
    if (report_redact(v->valuestring, strlen(v->valuestring), &b) < 0) {
        buf_free(&b);
        return -1;
    }
    const char *s = b.p ? b.p : "";
    int rc = 0;
    if (strcmp(s, v->valuestring) != 0)
        rc = cJSON_SetValuestring(v, s) ? 1 : -1;
    buf_free(&b);
    return rc;
}

/* The finding's fix rendered again from its (redacted) evidence. */
static int rerender_fix(struct finding *f, const struct rule_catalog *cat)
{
    const struct rule *r = cat ? rule_catalog_find(cat, f->rule_id) : NULL;
    char *fix = NULL;
    if (r && r->fix && !(fix = rule_render(r, r->fix, f->evidence)))
        return -1;
    free(f->fix);
    f->fix = fix;
    return 0;
}

int np1_findings_redact(struct finding_list *l, const struct rule_catalog *cat)
{
    for (size_t i = 0; i < l->n; i++) {
        struct finding *f = &l->v[i];
        if (!f->evidence || !f->rule_id || strncmp(f->rule_id, "NP1.", 4) != 0)
            continue;
        bool changed = false;
        for (size_t k = 0; sql_keys[k]; k++) {
            int rc = redact_key(f->evidence, sql_keys[k]);
            if (rc < 0)
                return -1;
            changed |= rc > 0;
        }
        if (changed && f->fix && rerender_fix(f, cat) < 0)
            return -1;
    }
    return 0;
}
