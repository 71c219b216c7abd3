/* The findings of the text report: each class's in its detail block, and after the profile a
 * summary by rule plus the findings that belong to no class (the whole log, then tables and
 * indexes). Lines are pt-style comments ("# …") wrapped at the report's width. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/digest_findings.h"
#include "report/text_int.h"

static const char *const severity_names[] = {"error", "warning", "notice", "info"};

static const char *sev_name(enum severity s)
{
    return (unsigned)s < 4 ? severity_names[s] : "?";
}

/* Writes text after `lead` (the first line) and `cont` (the others), wrapped at the width. */
static void wrapped(struct rtext *x, const char *lead, const char *cont, const char *text)
{
    size_t width = x->o->width > 40 ? (size_t)x->o->width : 100;
    const char *prefix = lead;
    while (*text) {
        size_t room = width - strlen(prefix), n = strlen(text);
        if (n > room) {
            size_t cut = room;
            while (cut > room / 2 && text[cut] != ' ')
                cut--;
            n = text[cut] == ' ' ? cut : room;
        }
        buf_reset(&x->line);
        if (buf_append_cstr(&x->line, prefix) < 0 || buf_append(&x->line, text, n) < 0)
            x->err = 1;
        rtext_emit(x, &x->line);
        text += n;
        while (*text == ' ')
            text++;
        prefix = cont;
    }
}

/* One finding: severity, rule and message (with how many places say the same, when more than
 * one), then its fix and DDL. */
static void finding_lines(struct rtext *x, const struct finding *f, const char *subject,
                          size_t times)
{
    char lead[400], msg[64] = "";
    snprintf(lead, sizeof lead, "#   %-7s %s%s%s: ", sev_name(f->severity), f->rule_id,
             subject ? " " : "", subject ? subject : "");
    if (times > 1)
        snprintf(msg, sizeof msg, " (%zu places)", times);
    buf_reset(&x->scratch);
    if (buf_append_cstr(&x->scratch, f->message ? f->message : "") < 0 ||
        buf_append_cstr(&x->scratch, msg) < 0)
        x->err = 1;
    wrapped(x, lead, "#           ", x->scratch.p ? x->scratch.p : "");
    if (f->fix)
        wrapped(x, "#           fix: ", "#                ", f->fix);
    if (f->ddl)
        wrapped(x, "#           ", "#           ", f->ddl);
}

static bool same_words(const struct finding *a, const struct finding *b)
{
    return strcmp(a->rule_id, b->rule_id) == 0 && a->message && b->message &&
           strcmp(a->message, b->message) == 0;
}

/* A class's findings; findings of one rule that read the same (one column used the same way in
 * two places of the statement) are shown once, with their count. */
void rtext_class_findings(struct rtext *x, const struct agg_class *c)
{
    const struct digest_findings *df = x->o->findings;
    size_t first = 0, n = df ? digest_findings_of(df, c, &first) : 0;
    if (n == 0)
        return;
    rtext_printf(x, "# Findings:");
    for (size_t i = first; i < first + n;) {
        size_t j = i + 1;
        while (j < first + n && same_words(&df->list.v[i], &df->list.v[j]))
            j++;
        finding_lines(x, &df->list.v[i], NULL, j - i);
        i = j;
    }
}

/* Rules in order of severity, then id, with the number of findings and of classes. */
struct rule_count {
    const char *id;
    enum severity sev;
    size_t findings, classes;
};

static int rule_count_cmp(const void *pa, const void *pb)
{
    const struct rule_count *a = pa, *b = pb;
    if (a->sev != b->sev)
        return a->sev < b->sev ? -1 : 1;
    return strcmp(a->id, b->id);
}

static struct rule_count *count_rules(const struct digest_findings *df, size_t *n)
{
    struct rule_count *v = calloc(df->list.n ? df->list.n : 1, sizeof *v);
    if (!v)
        return NULL;
    *n = 0;
    for (size_t i = 0; i < df->list.n; i++) {
        const struct finding *f = &df->list.v[i];
        size_t k = 0;
        while (k < *n && !(strcmp(v[k].id, f->rule_id) == 0 && v[k].sev == f->severity))
            k++;
        if (k == *n)
            v[(*n)++] = (struct rule_count){f->rule_id, f->severity, 0, 0};
        v[k].findings++;
        /* Class findings are grouped by class: a new class starts where the query id changes. */
        if (i < df->nclass_findings &&
            (i == 0 || !df->list.v[i - 1].subject.query_id || !f->subject.query_id ||
             strcmp(df->list.v[i - 1].subject.query_id, f->subject.query_id) != 0 ||
             strcmp(df->list.v[i - 1].rule_id, f->rule_id) != 0))
            v[k].classes++;
    }
    qsort(v, *n, sizeof *v, rule_count_cmp);
    return v;
}

static void summary_line(struct rtext *x, const struct digest_findings *df)
{
    size_t sev[4] = {0};
    for (size_t i = 0; i < df->list.n; i++)
        if ((unsigned)df->list.v[i].severity < 4)
            sev[df->list.v[i].severity]++;
    char line[256];
    int k = snprintf(line, sizeof line, "# %zu finding%s", df->list.n, df->list.n == 1 ? "" : "s");
    const char *sep = ": ";
    for (int s = 0; s < 4 && k > 0 && (size_t)k < sizeof line; s++) {
        if (!sev[s])
            continue;
        k += snprintf(line + k, sizeof line - (size_t)k, "%s%zu %s%s", sep, sev[s],
                      severity_names[s], sev[s] == 1 ? "" : "s");
        sep = ", ";
    }
    if (k > 0 && (size_t)k < sizeof line)
        k += snprintf(line + k, sizeof line - (size_t)k, " (%zu classes checked)", df->classes);
    if (k > 0 && (size_t)k < sizeof line && df->suppressed)
        snprintf(line + k, sizeof line - (size_t)k, "; %zu suppressed by the configuration",
                 df->suppressed);
    rtext_printf(x, "%s", line);
}

/* The findings about no class: the whole log's (no subject), then tables' and indexes'. */
static void other_findings(struct rtext *x, const struct digest_findings *df)
{
    bool log_header = false, table_header = false;
    for (size_t i = df->nclass_findings; i < df->list.n; i++) {
        const struct finding *f = &df->list.v[i];
        if (!f->subject.table) {
            if (!log_header)
                rtext_printf(x, "# The log:");
            log_header = true;
            finding_lines(x, f, NULL, 1);
            continue;
        }
        if (!table_header)
            rtext_printf(x, "# Tables and indexes:");
        table_header = true;
        char subject[300];
        snprintf(subject, sizeof subject, "%s%s%s%s%s", f->subject.db ? f->subject.db : "",
                 f->subject.db ? "." : "", f->subject.table ? f->subject.table : "",
                 f->subject.index ? " index " : "", f->subject.index ? f->subject.index : "");
        finding_lines(x, f, subject, 1);
    }
}

void rtext_findings_summary(struct rtext *x)
{
    const struct digest_findings *df = x->o->findings;
    if (!df)
        return;
    fputc('\n', x->out);
    rtext_printf(x, "# Findings");
    summary_line(x, df);
    size_t n = 0;
    struct rule_count *v = count_rules(df, &n);
    if (!v) {
        x->err = 1;
        return;
    }
    if (n) {
        rtext_printf(x, "# %-32s %-7s %8s %7s  %s", "Rule", "Level", "Findings", "Classes", "Title");
        size_t room = (x->o->width > 40 ? (size_t)x->o->width : 100) - 62;
        for (size_t i = 0; i < n; i++) {
            const struct rule *r = x->o->catalog ? rule_catalog_find(x->o->catalog, v[i].id) : NULL;
            const char *title = r && r->title ? r->title : "";
            bool cut = strlen(title) > room;
            rtext_printf(x, "# %-32s %-7s %8zu %7zu  %.*s%s", v[i].id, sev_name(v[i].sev),
                         v[i].findings, v[i].classes, (int)(cut ? room - 3 : room), title,
                         cut ? "..." : "");
        }
    }
    free(v);
    other_findings(x, df);
}
