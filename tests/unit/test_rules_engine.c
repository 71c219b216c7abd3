/* The engine: the embedded catalog equals rules/, --rules DIR overrides and adds, a broken file in
 * DIR is reported and counted, thresholds can be overridden, targets select rules, code checks get
 * their rule, and a finding's identity depends on rule and subject only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "rules/engine.h"

static int test_check(struct rule_check_call *call);

static const char *const test_check_evidence[] = {"tables", "limit", NULL};

static const struct rule_check checks[] = {
    {"test_check", test_check_evidence, test_check, NULL},
    {NULL, NULL, NULL, NULL},
};

/* Emits one finding per table in the facts beyond the rule's threshold "max_tables". */
static int test_check(struct rule_check_call *call)
{
    const cJSON *tables = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(call->facts, "query"), "tables");
    double max = rule_threshold(call->rule, "max_tables")->valuedouble;
    int n = cJSON_GetArraySize(tables);
    if (n <= max)
        return 0;
    cJSON *ev = cJSON_CreateObject();
    cJSON_AddNumberToObject(ev, "tables", n);
    return rule_emit(call, ev, NULL);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static void test_embedded_catalog_is_rules_dir(void **state)
{
    (void)state;
    struct rule_catalog *a = rule_catalog_new(NULL), *b = rule_catalog_new(NULL);
    struct diag d = {0};
    assert_int_equal(rule_catalog_load_embedded(a, &d), 0);
    assert_int_equal(rule_catalog_load_dir(b, SLOWDEX_SOURCE_DIR "/rules", &d), 0);
    assert_int_equal(d.count, 0);
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++)
        assert_string_equal(a->v[i]->id, b->v[i]->id);
    /* Embedded rules name their source as in the tree (the first id changes as the catalog grows). */
    char want[256];
    snprintf(want, sizeof want, "rules/%s.json", a->v[0]->id);
    assert_string_equal(a->v[0]->source, want);
    rule_catalog_free(a);
    rule_catalog_free(b);
}

static const char user_rule[] =
    "{\"id\": \"QRY.MANY_TABLES\", \"title\": \"many tables\", \"severity\": \"info\","
    " \"category\": \"query\", \"applies_to\": \"statement\", \"check\": \"test_check\","
    " \"thresholds\": {\"max_tables\": {\"default\": 1, \"help\": \"h\"}},"
    " \"targets\": [{\"server\": \"mysql\", \"min\": \"8.0\"}, {\"server\": \"mariadb\", \"max\": \"10.6\"}],"
    " \"message\": \"{tables} tables (over {$max_tables})\", \"rationale\": \"r\"}";

static const char override_rule[] =
    "{\"id\": \"QRY.SELECT_STAR\", \"title\": \"mine\", \"severity\": \"error\","
    " \"category\": \"query\", \"applies_to\": \"statement\", \"enabled\": false,"
    " \"condition\": \"true\", \"message\": \"m\", \"rationale\": \"r\"}";

static void test_dir_overrides_and_adds(void **state)
{
    (void)state;
    char dir[] = "/tmp/slowdex-rules-XXXXXX";
    assert_non_null(mkdtemp(dir));
    write_file(dir, "QRY.MANY_TABLES.json", user_rule);
    write_file(dir, "QRY.SELECT_STAR.json", override_rule);
    write_file(dir, "QRY.BROKEN.json", "{\"id\": }");
    write_file(dir, "notes.txt", "not a rule");
    /* The test check next to the built-in ones, which the embedded rules name. */
    struct rule_check all[128];
    size_t n = 0;
    for (const struct rule_check *k = rule_builtin_checks; k->name && n + 2 < 128; k++)
        all[n++] = *k;
    all[n++] = checks[0];
    all[n] = checks[1];
    struct rule_catalog *c = rule_catalog_new(all);
    struct diag d = {0};
    assert_int_equal(rule_catalog_load_embedded(c, &d), 0);
    size_t before = c->n;
    int broken = rule_catalog_load_dir(c, dir, &d);
    for (int i = 0; i < d.kept; i++)
        fprintf(stderr, "%s\n", d.msgs[i]);
    assert_int_equal(broken, 1);
    assert_int_equal(d.count, 1);
    char want[600];
    snprintf(want, sizeof want, "%s/QRY.BROKEN.json:1:8: invalid JSON", dir);
    assert_string_equal(d.msgs[0], want);
    assert_int_equal(c->n, before + 1);
    assert_string_equal(rule_catalog_find(c, "QRY.SELECT_STAR")->title, "mine");
    assert_false(rule_catalog_find(c, "QRY.SELECT_STAR")->enabled);

    /* Evaluation: the code check runs with its threshold; the disabled override does not. */
    cJSON *facts = cJSON_Parse("{\"query\": {\"kind\": \"select\", \"tables\": [{}, {}, {}],"
                               " \"blocks\": [{\"star\": true, \"context\": \"top\"}]}}");
    struct expr_eval *ev = expr_eval_new();
    struct finding_subject subj = {.file = "a.sql", .line = 2};
    struct finding_list out = {0};
    struct sql_target my80 = {SQL_MYSQL, 80036, false}, maria11 = {SQL_MARIADB, 110402, false};
    assert_int_equal(rule_catalog_eval(c, ev, RSUBJ_STATEMENT, facts, &subj, &my80, &out), 0);
    assert_int_equal(out.n, 1);
    assert_string_equal(out.v[0].rule_id, "QRY.MANY_TABLES");
    assert_string_equal(out.v[0].message, "3 tables (over 1)");
    assert_int_equal(rule_catalog_eval(c, ev, RSUBJ_STATEMENT, facts, &subj, &maria11, &out), 0);
    assert_int_equal(out.n, 1); /* MariaDB 11.4 is past the rule's max */
    cJSON *three = cJSON_CreateNumber(3);
    assert_true(rule_set_threshold(rule_catalog_find(c, "QRY.MANY_TABLES"), "max_tables", three));
    assert_false(rule_set_threshold(rule_catalog_find(c, "QRY.MANY_TABLES"), "nope", three));
    assert_int_equal(rule_catalog_eval(c, ev, RSUBJ_STATEMENT, facts, &subj, NULL, &out), 0);
    assert_int_equal(out.n, 1); /* 3 tables, not over 3 */

    cJSON_Delete(three);
    finding_list_free(&out);
    expr_eval_free(ev);
    cJSON_Delete(facts);
    diag_free(&d);
    rule_catalog_free(c);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -r '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_identity_is_rule_and_subject(void **state)
{
    (void)state;
    struct finding_subject a = {.query_id = "45FE45AEC222350466825DDC008FFA89"};
    struct finding_subject b = {.file = "x.sql", .line = 3};
    struct finding_list l = {0};
    assert_int_equal(finding_list_add(&l, "QRY.X", SEV_INFO, &a, NULL, "one wording", NULL, NULL,
                                      NULL), 0);
    assert_int_equal(finding_list_add(&l, "QRY.X", SEV_ERROR, &a, cJSON_CreateObject(),
                                      "another", "fix", NULL, NULL), 0);
    assert_int_equal(finding_list_add(&l, "QRY.X", SEV_INFO, &a, NULL, "m", NULL, NULL, "k"), 0);
    assert_int_equal(finding_list_add(&l, "QRY.Y", SEV_INFO, &a, NULL, "m", NULL, NULL, NULL), 0);
    assert_int_equal(finding_list_add(&l, "QRY.X", SEV_INFO, &b, NULL, "m", NULL, NULL, NULL), 0);
    assert_true(l.v[0].identity == l.v[1].identity);
    assert_true(l.v[0].identity != l.v[2].identity);
    assert_true(l.v[0].identity != l.v[3].identity);
    assert_true(l.v[0].identity != l.v[4].identity);
    /* The identity is part of the output format: it must not change between versions. */
    char hex[17];
    finding_identity_hex(l.v[4].identity, hex);
    assert_string_equal(hex, "75ca7b2f88025e28");
    cJSON *j = finding_to_json(&l.v[1]);
    char *s = cJSON_PrintUnformatted(j);
    char want[400];
    finding_identity_hex(l.v[1].identity, hex);
    snprintf(want, sizeof want, "{\"rule\":\"QRY.X\",\"severity\":\"error\",\"subject\":{\"query_id\":"
             "\"45FE45AEC222350466825DDC008FFA89\"},\"evidence\":{},\"message\":\"another\","
             "\"fix\":\"fix\",\"ddl\":null,\"identity\":\"%s\"}", hex);
    assert_string_equal(s, want);
    free(s);
    cJSON_Delete(j);
    finding_list_free(&l);

    /* A subject too long for the stack buffer is streamed into the hash: the same bytes, so the
     * same identity as before either path existed (values from the streaming-only version). */
    char table[601];
    memset(table, 'x', 600);
    table[600] = '\0';
    struct finding_subject big = {.db = "d", .table = table, .line = 7};
    struct finding_subject small = {.db = "d", .table = "short", .line = 7};
    finding_identity_hex(finding_identity("QRY.X", &big, "k"), hex);
    assert_string_equal(hex, "8992fd615bbd4167");
    finding_identity_hex(finding_identity("QRY.X", &small, "k"), hex);
    assert_string_equal(hex, "955928bc4fee5a1e");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_embedded_catalog_is_rules_dir),
        cmocka_unit_test(test_dir_overrides_and_adds),
        cmocka_unit_test(test_identity_is_rule_and_subject),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
