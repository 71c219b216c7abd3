/* The rules over a digest (analyze/digest_findings): the same findings in the same order whatever
 * the number of threads; the configuration applied once (a Query ID ignored, a rule turned off,
 * counted as suppressed); table and index findings after the class findings with --schema, and
 * the schema root reaching the statement checks; the whole-log rules evaluated once; and facts
 * built only for what the rules read giving the findings of whole fact trees. Inputs are the
 * bundled shop slow log and schema. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "analyze/digest_findings.h"
#include "analyze/plan_findings.h"
#include "digest/digest.h"
#include "util/buf.h"

#define SHOP_LOG SLOWDEX_SOURCE_DIR "/fixtures/slowlogs/mariadb-10.11-shop.log"
#define SHOP_SQL SLOWDEX_SOURCE_DIR "/fixtures/schemas/shop.sql"
#define SAMPLED_LOG SLOWDEX_SOURCE_DIR "/tests/fuzz/corpus/fuzz_slowlog/seed_percona_extended.log"

struct fixture {
    struct digest_result res;
    struct rule_catalog *cat;
    struct sql_analyze_opts ao;
};

static void load(struct fixture *f, const char *log)
{
    char *inputs[] = {(char *)log};
    struct digest_config cfg = {.inputs = inputs, .ninputs = 1, .threads = 1,
                                .order_attr = "Query_time"};
    char err[256];
    assert_int_equal(digest_run(&cfg, &f->res, err, sizeof err), 0);
    struct diag d = {0};
    assert_non_null(f->cat = rule_catalog_new(NULL));
    assert_int_equal(rule_catalog_load_embedded(f->cat, &d), 0);
    diag_free(&d);
    f->ao = sql_analyze_opts_default();
}

static void unload(struct fixture *f)
{
    rule_catalog_free(f->cat);
    digest_result_free(&f->res);
}

static void run(struct fixture *f, const struct slowdex_config *cfg, int threads,
                struct digest_findings *df)
{
    struct digest_findings_input in = {.table = f->res.table, .cat = f->cat, .cfg = cfg,
                                       .ao = &f->ao, .threads = threads, .classes = true};
    assert_int_equal(digest_findings_run(&in, df), 0);
}

/* One line per finding: rule, subject, identity, message, in list order. */
static char *lines(const struct digest_findings *df)
{
    struct buf b = {0};
    for (size_t i = 0; i < df->list.n; i++) {
        const struct finding *x = &df->list.v[i];
        assert_int_equal(buf_printf(&b, "%s %s %s %016llx %s\n", x->rule_id,
                                    x->subject.query_id ? x->subject.query_id : "-",
                                    x->subject.table ? x->subject.table : "-",
                                    (unsigned long long)x->identity,
                                    x->message),
                         0);
    }
    return b.p ? b.p : strdup("");
}

/* The plan rules over the class sample's `# explain:` block, as the class's findings. */
static void plan_lines(struct fixture *f, struct facts_ctx *fx, struct expr_eval *ev,
                       const cJSON *server, const struct agg_class *c, struct finding_list *out)
{
    const char *ex = c->worst.explain;
    struct explain_plan *p = NULL;
    struct arena a;
    struct diag d = {0};
    if (!ex)
        return;
    arena_init(&a);
    assert_int_equal(explain_parse_slowlog_block(sv_make(ex, strlen(ex)), NULL, 0, &a, &p, &d), 0);
    struct plan_findings_ctx pc = {.cat = f->cat, .target = &f->ao.target, .server = server,
                                   .fx = fx, .ev = ev};
    struct plan_findings_about ab = {.query = c->worst.query, .query_len = c->worst.query_len,
                                     .db = c->worst.db, .query_id = c->query_id, .index = 1};
    if (p)
        assert_int_equal(plan_findings_eval(&pc, p, &ab, out, NULL), 0);
    diag_free(&d);
    arena_free(&a);
}

/* The class findings as a plain evaluation gives them: whole fact trees (every attribute, every
 * statistic), no pruning by what the rules read. */
static char *unpruned_lines(struct fixture *f)
{
    struct digest_findings df = {0};
    struct facts_ctx fx;
    facts_ctx_init(&fx, &f->ao);
    struct expr_eval *ev = expr_eval_new();
    cJSON *server = facts_server_json(&f->ao.target);
    uint64_t n;
    const struct agg_class **classes = agg_classes(f->res.table, &n);
    for (uint64_t i = 0; i < n; i++) {
        cJSON *tree = facts_class_tree(&fx, f->res.table, classes[i]);
        assert_non_null(tree);
        assert_true(cJSON_AddItemReferenceToObject(tree, "server", server));
        struct finding_subject subj = {.query_id = classes[i]->query_id,
                                       .db = classes[i]->worst.db && classes[i]->worst.db[0]
                                                 ? classes[i]->worst.db : NULL};
        assert_int_equal(rule_catalog_eval(f->cat, ev, RSUBJ_STATEMENT, tree, &subj,
                                           &f->ao.target, &df.list), 0);
        assert_int_equal(rule_catalog_eval(f->cat, ev, RSUBJ_CLASS, tree, &subj, &f->ao.target,
                                           &df.list), 0);
        cJSON_Delete(tree);
        plan_lines(f, &fx, ev, server, classes[i], &df.list);
    }
    char *r = lines(&df);
    free(classes);
    cJSON_Delete(server);
    expr_eval_free(ev);
    facts_ctx_free(&fx);
    finding_list_free(&df.list);
    return r;
}

static void test_threads_give_the_same_findings(void **state)
{
    (void)state;
    struct fixture f;
    load(&f, SHOP_LOG);
    struct digest_findings one, two;
    run(&f, NULL, 1, &one);
    run(&f, NULL, 2, &two);
    assert_true(one.list.n > 20);
    assert_int_equal(one.classes, 94);
    char *a = lines(&one), *b = lines(&two), *c = unpruned_lines(&f);
    assert_string_equal(a, b);
    assert_string_equal(a, c); /* building only what the rules read changes nothing */
    free(c);
    /* Every class's span holds exactly its own findings. */
    uint64_t n;
    const struct agg_class **classes = agg_classes(f.res.table, &n);
    size_t seen = 0;
    for (uint64_t i = 0; i < n; i++) {
        size_t first = 0, k = digest_findings_of(&one, classes[i], &first);
        for (size_t j = first; j < first + k; j++)
            assert_string_equal(one.list.v[j].subject.query_id, classes[i]->query_id);
        seen += k;
    }
    assert_int_equal(seen, one.nclass_findings);
    free(classes);
    free(a);
    free(b);
    digest_findings_free(&one);
    digest_findings_free(&two);
    unload(&f);
}

/* Every finding whole: lines() and its evidence, fix and DDL. */
static char *full_lines(const struct digest_findings *df)
{
    struct buf b = {0};
    for (size_t i = 0; i < df->list.n; i++) {
        const struct finding *x = &df->list.v[i];
        char *ev = x->evidence ? cJSON_PrintUnformatted(x->evidence) : NULL;
        assert_int_equal(buf_printf(&b, "%s %s %016llx %s | %s | %s | %s\n", x->rule_id,
                                    x->subject.query_id ? x->subject.query_id : "-",
                                    (unsigned long long)x->identity,
                                    x->message ? x->message : "-", x->fix ? x->fix : "-",
                                    x->ddl ? x->ddl : "-", ev ? ev : "-"),
                         0);
        free(ev);
    }
    return b.p ? b.p : strdup("");
}

/* Started before the report's choice is known (digest_findings_start), the classes are evaluated
 * brief, and those the report shows again in full once finish learns them: the same findings, in
 * the same order and with the same evidence and texts, as when the choice is known from the
 * start, however far the workers got meanwhile (finish at once, or long after they took every
 * class). */
static void test_started_early_gives_the_same_findings(void **state)
{
    (void)state;
    struct fixture f;
    load(&f, SHOP_LOG);
    uint64_t n;
    const struct agg_class **classes = agg_classes(f.res.table, &n);
    const struct agg_class *shown[64];
    size_t nshown = 0;
    for (uint64_t i = n; i-- > 0 && nshown < 64;) /* every third class, in no particular order */
        if (i % 3 == 1)
            shown[nshown++] = classes[i];
    struct digest_findings_input in = {.table = f.res.table, .cat = f.cat, .ao = &f.ao,
                                       .threads = 2, .classes = true, .detailed = shown,
                                       .ndetailed = nshown};
    struct digest_findings ref;
    assert_int_equal(digest_findings_run(&in, &ref), 0);
    assert_int_equal(ref.redone, 0);
    char *want = full_lines(&ref);
    size_t redone = 0;
    static const int waits_ms[] = {0, 200, 200, 200};
    for (int threads = 1; threads <= 2; threads++)
        for (size_t w = 0; w < sizeof waits_ms / sizeof *waits_ms; w++) {
            if (threads == 2 && w > 1 && redone > 0)
                break; /* the late path ran: no need to wait again */
            struct digest_findings_job *job;
            struct digest_findings df;
            in.threads = threads;
            assert_int_equal(digest_findings_start(&in, &job), 0);
            nanosleep(&(struct timespec){0, waits_ms[w] * 1000000L}, NULL);
            assert_int_equal(digest_findings_finish(job, shown, nshown, &df), 0);
            char *got = full_lines(&df);
            assert_string_equal(got, want);
            assert_int_equal(df.classes, n);
            if (threads == 1)
                assert_int_equal(df.redone, 0); /* nothing ran before finish */
            else
                redone += df.redone;
            free(got);
            digest_findings_free(&df);
        }
    /* After 200 ms the one other thread has taken every class (94 of ~10 µs each), brief. */
    assert_true(redone > 0);
    free(want);
    free(classes);
    digest_findings_free(&ref);
    unload(&f);
}

static size_t count_rule(const struct digest_findings *df, const char *id, const char *qid)
{
    size_t n = 0;
    for (size_t i = 0; i < df->list.n; i++)
        if (strcmp(df->list.v[i].rule_id, id) == 0 &&
            (!qid || (df->list.v[i].subject.query_id &&
                      strcmp(df->list.v[i].subject.query_id, qid) == 0)))
            n++;
    return n;
}

/* A rule that reads the digest's totals (a class's share of all Query_time, time_share): the
 * digest sums them apart (agg_total_sums) so that its threads never fill the table's cache while
 * the report does; the findings equal those of whole trees over agg_global's totals. */
static void test_shares_read_the_digest_totals(void **state)
{
    (void)state;
    struct fixture f;
    load(&f, SHOP_LOG);
    static const char rule[] =
        "{\"id\": \"WKL.TEST_SHARE\", \"title\": \"t\", \"severity\": \"info\","
        " \"category\": \"workload\", \"applies_to\": \"class\","
        " \"condition\": \"class.Query_time.share > 0.01 and class.time_share > 0.01\","
        " \"evidence\": {\"share\": \"class.Query_time.share\", \"ts\": \"class.time_share\"},"
        " \"message\": \"{share} {ts}\", \"rationale\": \"r\", \"fix\": \"f\"}";
    struct diag d = {0};
    assert_int_equal(rule_catalog_add_text(f.cat, "WKL.TEST_SHARE.json", rule, strlen(rule), false,
                                           &d), 0);
    diag_free(&d);
    struct digest_findings two;
    run(&f, NULL, 2, &two);
    assert_true(count_rule(&two, "WKL.TEST_SHARE", NULL) >= 3);
    char *a = lines(&two), *b = unpruned_lines(&f);
    assert_string_equal(a, b);
    free(a);
    free(b);
    digest_findings_free(&two);
    unload(&f);
}

static void test_config_ignores_query_id_and_rule(void **state)
{
    (void)state;
    struct fixture f;
    load(&f, SHOP_LOG);
    struct digest_findings before, after;
    run(&f, NULL, 2, &before);
    /* The class of the first finding, and a rule with findings elsewhere. */
    const char *qid = before.list.v[0].subject.query_id;
    size_t of_class = 0;
    for (size_t i = 0; i < before.nclass_findings; i++)
        of_class += strcmp(before.list.v[i].subject.query_id, qid) == 0;
    size_t selects = count_rule(&before, "QRY.SELECT_STAR", NULL);
    size_t selects_of_class = count_rule(&before, "QRY.SELECT_STAR", qid);
    assert_true(selects > 0);
    char text[512];
    snprintf(text, sizeof text,
             "{\"rules\": {\"QRY.SELECT_STAR\": false}, \"ignore\": {\"query_ids\": [\"%s\"]}}",
             qid);
    struct slowdex_config cfg = {0};
    struct diag d = {0};
    assert_int_equal(config_load_text(&cfg, ".slowdex.json", NULL, text, strlen(text), &d), 0);
    assert_int_equal(config_bind(&cfg, f.cat, &d), 0);
    run(&f, &cfg, 2, &after);
    assert_int_equal(count_rule(&after, "QRY.SELECT_STAR", NULL), 0);
    for (size_t i = 0; i < after.list.n; i++)
        assert_true(!after.list.v[i].subject.query_id ||
                    strcmp(after.list.v[i].subject.query_id, qid) != 0);
    /* A disabled rule is not evaluated at all (config_bind), so it is not counted as removed;
     * the ignored class's findings are. */
    assert_int_equal(after.suppressed, of_class - selects_of_class);
    assert_int_equal(after.applied.query_ids, of_class - selects_of_class);
    assert_int_equal(after.list.n, before.list.n - of_class - (selects - selects_of_class));
    digest_findings_free(&before);
    digest_findings_free(&after);
    config_free(&cfg);
    diag_free(&d);
    unload(&f);
}

static void test_schema_adds_table_findings_and_schema_root(void **state)
{
    (void)state;
    struct fixture f;
    load(&f, SHOP_LOG);
    struct digest_findings plain, with;
    run(&f, NULL, 1, &plain);
    struct schema *s = schema_new(NULL);
    struct diag d = {0};
    assert_true(schema_load_file(s, SHOP_SQL, &d));
    f.ao.schema = s;
    f.ao.target = s->target;
    run(&f, NULL, 1, &with);
    /* Without a schema nothing is about a table, and the statement checks that need one say
     * nothing; with it, the non-InnoDB tables come after the classes, and the unindexed locking
     * reads are found through the schema root. */
    assert_int_equal(plain.list.n, plain.nclass_findings);
    assert_int_equal(count_rule(&plain, "QRY.LOCKING_READ_UNINDEXED", NULL), 0);
    assert_true(count_rule(&with, "QRY.LOCKING_READ_UNINDEXED", NULL) > 0);
    assert_int_equal(with.list.n - with.nclass_findings, 2);
    for (size_t i = with.nclass_findings; i < with.list.n; i++) {
        assert_string_equal(with.list.v[i].rule_id, "ENG.NON_INNODB");
        assert_string_equal(with.list.v[i].subject.db, "shop");
        assert_null(with.list.v[i].subject.query_id);
    }
    assert_string_equal(with.list.v[with.nclass_findings].subject.table, "cart_sessions");
    digest_findings_free(&plain);
    digest_findings_free(&with);
    schema_free(s);
    diag_free(&d);
    unload(&f);
}

static void test_sampled_log_is_one_digest_finding(void **state)
{
    (void)state;
    struct fixture f;
    load(&f, SAMPLED_LOG);
    struct digest_findings df;
    run(&f, NULL, 2, &df);
    assert_int_equal(count_rule(&df, "WKL.SAMPLED_LOG", NULL), 1);
    const struct finding *x = &df.list.v[df.list.n - 1];
    assert_string_equal(x->rule_id, "WKL.SAMPLED_LOG");
    assert_null(x->subject.query_id);
    assert_null(x->subject.table);
    assert_true(df.list.n - 1 >= df.nclass_findings);
    digest_findings_free(&df);
    unload(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_give_the_same_findings),
        cmocka_unit_test(test_started_early_gives_the_same_findings),
        cmocka_unit_test(test_shares_read_the_digest_totals),
        cmocka_unit_test(test_config_ignores_query_id_and_rule),
        cmocka_unit_test(test_schema_adds_table_findings_and_schema_root),
        cmocka_unit_test(test_sampled_log_is_one_digest_finding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
