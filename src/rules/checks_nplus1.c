/* The N+1 checks over the `nplus1` facts of a digest (analyze/nplus1_facts.c, docs/nplus1.md):
 * NP1.LOOP reports each loop pattern (a child query run once per row of its parent), NP1.REPEAT
 * each run of one statement with the same values again and again, NP1.NOT_VISIBLE a log that
 * cannot show either (no connection ids, sampled, or only slow statements). A pattern's finding is
 * about its child's class (subject Query ID), so a configuration can ignore it by Query ID.
 * Severity follows the time wasted: below the rule's high_time_ms (or high_round_trips when the log
 * has no times) a finding is one level less severe than its rule. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/checks.h"
#include "rules/checks_keys.h"
#include "util/timeconv.h"

#define SHORT_FP 60 /* bytes of a fingerprint in a message */

const char *const checks_np1_loop_evidence[] = {
    "child", "child_query_id", "parent", "parent_query_id", "runs", "statements", "length_min",
    "length_median", "length_max", "connections", "time_from", "time_to", "time_ms", "avg_ms",
    "wasted_ms", "round_trips_saved", "timing", "column", "fix_sql", "tags", "example", NULL};
const char *const checks_np1_repeat_evidence[] = {
    "statement", "query_id", "runs", "statements", "length_min", "length_median", "length_max",
    "connections", "time_from", "time_to", "time_ms", "avg_ms", "wasted_ms", "round_trips_saved",
    "timing", "tags", "example", NULL};
const char *const checks_np1_hidden_evidence[] = {
    "reason", "events", "events_with_connection", "query_time_min_ms", "rate_limit", NULL};

static double num(const cJSON *o, const char *k, double dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

/* A fingerprint cut to SHORT_FP bytes (at a UTF-8 boundary) with "…". */
static int add_short(cJSON *ev, const char *k, const char *fp)
{
    if (!fp)
        return cJSON_AddNullToObject(ev, k) ? 0 : -1;
    size_t n = strlen(fp);
    char s[SHORT_FP + 8];
    if (n > SHORT_FP) {
        n = SHORT_FP;
        while (n > 0 && ((unsigned char)fp[n] & 0xC0) == 0x80)
            n--;
    }
    snprintf(s, sizeof s, "%.*s%s", (int)n, fp, n < strlen(fp) ? "…" : "");
    return cJSON_AddStringToObject(ev, k, s) ? 0 : -1;
}

static int add_time(cJSON *ev, const char *k, const cJSON *us)
{
    if (!cJSON_IsNumber(us))
        return cJSON_AddNullToObject(ev, k) ? 0 : -1;
    /* To the second, as the report's time ranges: a run's start is its end less its Query_time. */
    int64_t t = (int64_t)us->valuedouble;
    char s[48];
    timeconv_format_iso(t - ((t % 1000000) + 1000000) % 1000000, s, sizeof s);
    return cJSON_AddStringToObject(ev, k, s) ? 0 : -1;
}

/* What a pattern costs: its children's time (null when not logged), the average, the round trips
 * one query per run would save, and the time wasted — the children's time plus round_trip_ms per
 * saved round trip, since Query_time counts none of the network's. */
struct cost {
    bool timed;
    double time_ms, avg_ms, wasted_ms, saved;
};

static struct cost pattern_cost(const struct rule *r, const cJSON *p)
{
    struct cost c = {0};
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(p, "time_us");
    double stmts = num(p, "statements", 0), timed = num(p, "timed_statements", 0);
    c.saved = stmts - num(p, "runs", 0);
    c.timed = cJSON_IsNumber(t) && timed >= stmts && stmts > 0;
    if (c.timed) {
        c.time_ms = t->valuedouble / 1000;
        c.avg_ms = c.time_ms / stmts;
        c.wasted_ms = c.time_ms + c.saved * rule_threshold_num(r, "round_trip_ms", 0.5);
    }
    return c;
}

/* Milliseconds for a message: three significant digits, whole numbers from 100 on. */
static void fmt_ms(char *s, size_t n, double ms)
{
    snprintf(s, n, ms >= 100 ? "%.0f" : "%.3g", ms);
}

/* Adds the numbers every pattern finding has. */
static int add_common(cJSON *ev, const cJSON *p, const struct cost *c)
{
    char timing[160], total[32], avg[32];
    fmt_ms(total, sizeof total, c->time_ms);
    fmt_ms(avg, sizeof avg, c->avg_ms);
    if (c->timed)
        snprintf(timing, sizeof timing, "%s ms in the children (%s ms each)", total, avg);
    else
        snprintf(timing, sizeof timing, "times not logged");
    static const char *const nums[] = {"runs", "statements", "length_min", "length_median",
                                       "length_max", "connections", NULL};
    for (size_t i = 0; nums[i]; i++)
        if (!cJSON_AddNumberToObject(ev, nums[i], num(p, nums[i], 0)))
            return -1;
    if (add_time(ev, "time_from", cJSON_GetObjectItemCaseSensitive(p, "ts_first_us")) < 0 ||
        add_time(ev, "time_to", cJSON_GetObjectItemCaseSensitive(p, "ts_last_us")) < 0)
        return -1;
    bool ok = c->timed ? cJSON_AddNumberToObject(ev, "time_ms", c->time_ms) &&
                             cJSON_AddNumberToObject(ev, "avg_ms", c->avg_ms) &&
                             cJSON_AddNumberToObject(ev, "wasted_ms", c->wasted_ms)
                       : cJSON_AddNullToObject(ev, "time_ms") && cJSON_AddNullToObject(ev, "avg_ms") &&
                             cJSON_AddNullToObject(ev, "wasted_ms");
    return ok && cJSON_AddNumberToObject(ev, "round_trips_saved", c->saved) &&
                   cJSON_AddStringToObject(ev, "timing", timing)
               ? 0
               : -1;
}

/* The first child's comment tag and the first example, as they point at the code. */
static int add_where(cJSON *ev, const cJSON *p)
{
    const cJSON *kid = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(p, "children"), 0);
    const char *tag = ck_str(kid, "tag");
    const cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(p, "examples"), 0);
    const char *ex = cJSON_IsString(e) ? e->valuestring : NULL;
    bool ok = (tag ? cJSON_AddStringToObject(ev, "tags", tag) : cJSON_AddNullToObject(ev, "tags")) &&
              (ex ? cJSON_AddStringToObject(ev, "example", ex) : cJSON_AddNullToObject(ev, "example"));
    return ok ? 0 : -1;
}

/* Emits ev about the child's class; under the high mark the finding is one level less severe. */
static int emit(struct rule_check_call *call, cJSON *ev, const char *query_id, bool high)
{
    struct finding_subject subj = *call->subject;
    subj.query_id = query_id;
    struct rule_check_call c = *call;
    c.subject = &subj;
    size_t n = call->out->n;
    if (rule_emit(&c, ev, NULL) < 0)
        return -1;
    struct finding *f = &call->out->v[call->out->n - 1];
    if (call->out->n > n && !high && f->severity < SEV_INFO)
        f->severity = (enum severity)(f->severity + 1);
    return 0;
}

static bool is_high(const struct rule *r, const struct cost *c)
{
    return c->timed ? c->wasted_ms >= rule_threshold_num(r, "high_time_ms", 1000)
                    : c->saved >= rule_threshold_num(r, "high_round_trips", 1000);
}

/* Whether the pattern passes the rule's thresholds. */
static bool big_enough(const struct rule *r, const cJSON *p, const struct cost *c)
{
    if (num(p, "length_max", 0) < rule_threshold_num(r, "min_length", 5))
        return false;
    return !c->timed || c->wasted_ms >= rule_threshold_num(r, "min_time_ms", 50);
}

/* Child fingerprints joined by "; ", their Query IDs by ", ", and the fix for each. */
static int add_children(cJSON *ev, const cJSON *p, const char **qid)
{
    const cJSON *kids = cJSON_GetObjectItemCaseSensitive(p, "children");
    const cJSON *parent = cJSON_GetObjectItemCaseSensitive(p, "parent");
    struct buf fps = {0}, ids = {0}, fix = {0}, cols = {0};
    int rc = 0;
    const cJSON *k;
    cJSON_ArrayForEach(k, kids)
    {
        const char *fp = ck_str(k, "fingerprint"), *id = ck_str(k, "query_id"), *col = NULL;
        size_t at = fix.n;
        rc |= buf_printf(&fps, "%s%.*s%s", fps.n ? "; " : "", SHORT_FP, fp ? fp : "?",
                         fp && strlen(fp) > SHORT_FP ? "…" : "");
        rc |= buf_printf(&ids, "%s%s", ids.n ? ", " : "", id ? id : "?");
        if (fix.n)
            rc |= buf_append_cstr(&fix, "; ");
        int got = checks_np1_fix(k, parent, &fix, &col);
        if (got == 0) {
            fix.n = at;
            /* No quote and no digit in the words: --redact redacts fix_sql as SQL
             * (analyze/nplus1_redact.c). */
            rc |= buf_printf(&fix, "%sone statement that takes the values of all the rows at once "
                             "instead of %s (it has no `column = value` to turn into IN)",
                             at ? "; " : "", fp ? fp : "the child");
        }
        rc |= got < 0 ? -1 : 0;
        if (col)
            rc |= buf_printf(&cols, "%s%s", cols.n ? ", " : "", col);
        if (!*qid)
            *qid = id;
    }
    bool ok = rc == 0 && cJSON_AddStringToObject(ev, "child", fps.p ? fps.p : "") &&
              cJSON_AddStringToObject(ev, "child_query_id", ids.p ? ids.p : "") &&
              (cols.p ? cJSON_AddStringToObject(ev, "column", cols.p)
                      : cJSON_AddNullToObject(ev, "column")) &&
              cJSON_AddStringToObject(ev, "fix_sql", fix.p ? fix.p : "");
    buf_free(&fps);
    buf_free(&ids);
    buf_free(&fix);
    buf_free(&cols);
    return ok ? 0 : -1;
}

static int loop_finding(struct rule_check_call *call, const cJSON *p)
{
    struct cost c = pattern_cost(call->rule, p);
    if (!big_enough(call->rule, p, &c))
        return 0;
    const cJSON *parent = cJSON_GetObjectItemCaseSensitive(p, "parent");
    const char *qid = NULL, *pid = ck_str(parent, "query_id");
    cJSON *ev = cJSON_CreateObject();
    if (!ev || add_children(ev, p, &qid) < 0 ||
        add_short(ev, "parent", ck_str(parent, "fingerprint")) < 0 ||
        !(pid ? cJSON_AddStringToObject(ev, "parent_query_id", pid)
              : cJSON_AddNullToObject(ev, "parent_query_id")) ||
        add_common(ev, p, &c) < 0 || add_where(ev, p) < 0) {
        cJSON_Delete(ev);
        return -1;
    }
    return emit(call, ev, qid, is_high(call->rule, &c));
}

static int repeat_finding(struct rule_check_call *call, const cJSON *p)
{
    struct cost c = pattern_cost(call->rule, p);
    if (!big_enough(call->rule, p, &c))
        return 0;
    const cJSON *kid = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(p, "children"), 0);
    const char *qid = ck_str(kid, "query_id");
    cJSON *ev = cJSON_CreateObject();
    if (!ev || add_short(ev, "statement", ck_str(kid, "fingerprint")) < 0 ||
        !(qid ? cJSON_AddStringToObject(ev, "query_id", qid)
              : cJSON_AddNullToObject(ev, "query_id")) ||
        add_common(ev, p, &c) < 0 || add_where(ev, p) < 0) {
        cJSON_Delete(ev);
        return -1;
    }
    return emit(call, ev, qid, is_high(call->rule, &c));
}

static int each_pattern(struct rule_check_call *call, bool repeat)
{
    const cJSON *np = cJSON_GetObjectItemCaseSensitive(call->facts, "nplus1");
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(np, "patterns"))
    {
        const char *kind = ck_str(p, "kind");
        if (!kind || (strcmp(kind, "repeat") == 0) != repeat)
            continue;
        if ((repeat ? repeat_finding(call, p) : loop_finding(call, p)) < 0)
            return -1;
    }
    return 0;
}

int checks_np1_loop(struct rule_check_call *call)
{
    return each_pattern(call, false);
}

int checks_np1_repeat(struct rule_check_call *call)
{
    return each_pattern(call, true);
}

/* Why the log cannot show N+1 loops, appended to b ("; " between reasons). */
static int hidden_reasons(const struct rule *r, const cJSON *np, const cJSON *d, struct buf *b)
{
    double events = num(np, "events", 0), conn = num(np, "events_with_connection", 0);
    const cJSON *qmin = cJSON_GetObjectItemCaseSensitive(np, "query_time_min_us");
    const char *type = ck_str(d, "rate_limit_type");
    int rc = 0;
    if (conn < events / 2)
        rc |= buf_printf(b, "only %.0f of its %.0f statements carry a connection id (Thread_id, Id)",
                         conn, events);
    if (ck_bool(d, "sampled") && !(type && strcmp(type, "session") == 0))
        rc |= buf_printf(b, "%sit is sampled (Log_slow_rate_limit=%g by %s): most statements of a "
                         "loop are not in it", b->n ? "; " : "", num(d, "rate_limit", 0),
                         type ? type : "query");
    char ms[32];
    fmt_ms(ms, sizeof ms, cJSON_IsNumber(qmin) ? qmin->valuedouble / 1000 : 0);
    if (cJSON_IsNumber(qmin) && qmin->valuedouble >= rule_threshold_num(r, "min_logged_ms", 1) * 1000)
        rc |= buf_printf(b, "%sits fastest statement took %s ms: it holds only statements slower "
                         "than long_query_time, and a loop's fast statements are not among them",
                         b->n ? "; " : "", ms);
    return rc;
}

int checks_np1_not_visible(struct rule_check_call *call)
{
    const cJSON *np = cJSON_GetObjectItemCaseSensitive(call->facts, "nplus1");
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(call->facts, "digest");
    if (!np || num(np, "events", 0) < rule_threshold_num(call->rule, "min_events", 100))
        return 0;
    struct buf why = {0};
    if (hidden_reasons(call->rule, np, d, &why) < 0) {
        buf_free(&why);
        return -1;
    }
    if (!why.n)
        return 0;
    const cJSON *qmin = cJSON_GetObjectItemCaseSensitive(np, "query_time_min_us");
    const cJSON *rate = cJSON_GetObjectItemCaseSensitive(d, "rate_limit");
    cJSON *ev = cJSON_CreateObject();
    bool ok = ev && cJSON_AddStringToObject(ev, "reason", why.p) &&
              cJSON_AddNumberToObject(ev, "events", num(np, "events", 0)) &&
              cJSON_AddNumberToObject(ev, "events_with_connection",
                                      num(np, "events_with_connection", 0)) &&
              (cJSON_IsNumber(qmin) ? cJSON_AddNumberToObject(ev, "query_time_min_ms",
                                                              qmin->valuedouble / 1000)
                                    : cJSON_AddNullToObject(ev, "query_time_min_ms")) &&
              (cJSON_IsNumber(rate) ? cJSON_AddNumberToObject(ev, "rate_limit", rate->valuedouble)
                                    : cJSON_AddNullToObject(ev, "rate_limit"));
    buf_free(&why);
    if (!ok) {
        cJSON_Delete(ev);
        return -1;
    }
    return rule_emit(call, ev, NULL);
}
