/* The catalog as text, JSON and Markdown (rule_doc.h). The Markdown is docs/rules.md, kept equal to
 * the catalog by tests/cli/rules_doc_up_to_date.sh. */
#include <stdlib.h>
#include <string.h>

#include "rules/rule_doc.h"

int rule_doc_text(const struct rule_catalog *c, FILE *out)
{
    for (size_t i = 0; i < c->n; i++) {
        const struct rule *r = c->v[i];
        fprintf(out, "%-32s %-8s %-15s %s%s\n", r->id, severity_name(r->severity),
                rule_subject_name(r->applies_to), r->title, r->enabled ? "" : " (disabled)");
    }
    return ferror(out) ? -1 : 0;
}

static bool add_strings(cJSON *o, const char *name, char *const *v, size_t n)
{
    cJSON *a = cJSON_AddArrayToObject(o, name);
    for (size_t i = 0; a && i < n; i++) {
        cJSON *s = cJSON_CreateString(v[i]);
        if (!s)
            return false;
        cJSON_AddItemToArray(a, s);
    }
    return a != NULL;
}

static bool add_opt(cJSON *o, const char *name, const char *s)
{
    return (s ? cJSON_AddStringToObject(o, name, s) : cJSON_AddNullToObject(o, name)) != NULL;
}

static bool add_thresholds(cJSON *o, const struct rule *r)
{
    cJSON *t = cJSON_AddObjectToObject(o, "thresholds");
    for (size_t i = 0; t && i < r->nthresholds; i++) {
        cJSON *one = cJSON_CreateObject(), *d = cJSON_Duplicate(r->thresholds[i].def, true),
              *v = cJSON_Duplicate(r->thresholds[i].value, true);
        if (!one || !d || !v || !cJSON_AddStringToObject(one, "help", r->thresholds[i].help)) {
            cJSON_Delete(one);
            cJSON_Delete(d);
            cJSON_Delete(v);
            return false;
        }
        cJSON_AddItemToObject(one, "default", d);
        cJSON_AddItemToObject(one, "value", v);
        cJSON_AddItemToObject(t, r->thresholds[i].name, one);
    }
    return t != NULL;
}

static bool add_targets(cJSON *o, const struct rule *r)
{
    cJSON *a = cJSON_AddArrayToObject(o, "targets");
    for (size_t i = 0; a && i < r->ntargets; i++) {
        cJSON *t = cJSON_Parse(r->targets[i].text);
        if (!t)
            return false;
        cJSON_AddItemToArray(a, t);
    }
    return a != NULL;
}

static bool add_evidence(cJSON *o, const struct rule *r)
{
    cJSON *e = cJSON_AddObjectToObject(o, "evidence");
    for (size_t i = 0; e && i < r->nevidence; i++)
        if (!cJSON_AddStringToObject(e, r->evidence[i].name, r->evidence[i].text))
            return false;
    return e != NULL;
}

cJSON *rule_to_json(const struct rule *r)
{
    cJSON *o = cJSON_CreateObject();
    bool ok = o && add_opt(o, "id", r->id) && add_opt(o, "title", r->title) &&
              add_opt(o, "severity", severity_name(r->severity)) &&
              add_opt(o, "category", rule_category_name(r->category)) &&
              add_opt(o, "applies_to", rule_subject_name(r->applies_to)) &&
              cJSON_AddBoolToObject(o, "enabled", r->enabled) &&
              add_opt(o, "each", r->each_text) && add_opt(o, "condition", r->condition_text) &&
              add_opt(o, "check", r->check) && add_evidence(o, r) &&
              add_strings(o, "identity", r->identity, r->nidentity) &&
              add_opt(o, "message", r->message) && add_opt(o, "rationale", r->rationale) &&
              add_opt(o, "fix", r->fix) && add_opt(o, "ddl", r->ddl) &&
              add_strings(o, "references", r->references, r->nreferences) &&
              add_targets(o, r) && add_thresholds(o, r) && add_opt(o, "source", r->source);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

int rule_doc_json(const struct rule_catalog *c, FILE *out)
{
    cJSON *root = cJSON_CreateObject(), *a = root ? cJSON_AddArrayToObject(root, "rules") : NULL;
    for (size_t i = 0; a && i < c->n; i++) {
        cJSON *r = rule_to_json(c->v[i]);
        if (!r) {
            a = NULL;
            break;
        }
        cJSON_AddItemToArray(a, r);
    }
    char *s = a ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!s)
        return -1;
    fprintf(out, "%s\n", s);
    free(s);
    return ferror(out) ? -1 : 0;
}

static void md_value(const cJSON *v, FILE *out)
{
    char *s = cJSON_PrintUnformatted(v);
    fprintf(out, "`%s`", s ? s : "?");
    free(s);
}

static void md_targets(const struct rule *r, FILE *out)
{
    fputs("- Servers: ", out);
    if (!r->ntargets)
        fputs("all", out);
    for (size_t i = 0; i < r->ntargets; i++) {
        const struct rule_target *t = &r->targets[i];
        fprintf(out, "%s%s", i ? ", " : "", t->flavor == SQL_MYSQL ? "MySQL" : "MariaDB");
        if (t->min)
            fprintf(out, " from %u.%u.%u", t->min / 10000, t->min / 100 % 100, t->min % 100);
        if (t->max != (unsigned)-1)
            fprintf(out, " up to %u.%u.%u", t->max / 10000, t->max / 100 % 100, t->max % 100);
    }
    fputc('\n', out);
}

static void md_rule(const struct rule *r, FILE *out)
{
    fprintf(out, "### %s\n\n**%s**\n\n", r->id, r->title);
    fprintf(out, "- Severity: %s%s\n- Applies to: %s\n", severity_name(r->severity),
            r->enabled ? "" : " (disabled by default)", rule_subject_name(r->applies_to));
    md_targets(r, out);
    for (size_t i = 0; i < r->nthresholds; i++) {
        fprintf(out, "- Threshold `%s` = ", r->thresholds[i].name);
        md_value(r->thresholds[i].def, out);
        fprintf(out, ": %s\n", r->thresholds[i].help);
    }
    fprintf(out, "\n%s\n\n", r->rationale);
    if (r->fix)
        fprintf(out, "Fix: %s\n\n", r->fix);
    fprintf(out, "Message: %s\n\n", r->message);
    fputs("```\n", out);
    if (r->each_text)
        fprintf(out, "each:      %s\n", r->each_text);
    if (r->condition_text)
        fprintf(out, "condition: %s\n", r->condition_text);
    if (r->check)
        fprintf(out, "check:     %s\n", r->check);
    fputs("```\n\n", out);
    for (size_t i = 0; i < r->nreferences; i++)
        fprintf(out, "%s%s\n", i ? "- " : "References:\n\n- ", r->references[i]);
    if (r->nreferences)
        fputc('\n', out);
}

int rule_doc_markdown(const struct rule_catalog *c, FILE *out)
{
    static const char *const titles[] = {"Queries", "Plans", "Schemas", "Workload", "Engines",
                                         "N+1", "Indexes"};
    fputs("# slowdex rule catalog\n\n"
          "Generated by `slowdex rules --format markdown` from rules/; do not edit by hand. "
          "docs/rules-format.md describes the rule format and the expression language.\n\n"
          "| Rule | Severity | Applies to | Title |\n|---|---|---|---|\n", out);
    for (size_t i = 0; i < c->n; i++)
        fprintf(out, "| %s | %s | %s | %s |\n", c->v[i]->id, severity_name(c->v[i]->severity),
                rule_subject_name(c->v[i]->applies_to), c->v[i]->title);
    for (int cat = RCAT_QUERY; cat <= RCAT_INDEX; cat++) {
        bool any = false;
        for (size_t i = 0; i < c->n; i++) {
            if (c->v[i]->category != (enum rule_category)cat)
                continue;
            if (!any)
                fprintf(out, "\n## %s\n\n", titles[cat]);
            any = true;
            md_rule(c->v[i], out);
        }
    }
    return ferror(out) ? -1 : 0;
}
