/* The configuration (.slowdex.json), its application to findings, inline suppressions and the text
 * form of findings: exact error positions and messages, what config_apply drops and keeps, which
 * statement a `slowdex:ignore` comment covers, and the wrapped text of a finding. */
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

#include "config/config.h"
#include "config/suppress.h"
#include "report/findings.h"
#include "rules/engine.h"

static struct rule_catalog *catalog(void)
{
    struct rule_catalog *c = rule_catalog_new(NULL);
    struct diag d = {0};
    assert_non_null(c);
    assert_int_equal(rule_catalog_load_embedded(c, &d), 0);
    diag_free(&d);
    return c;
}

/* Loads (and binds) text; returns the first diagnostic or "" when it is accepted. */
static char *load(const char *text, struct rule_catalog *cat)
{
    static char msg[600];
    struct slowdex_config cfg;
    struct diag d = {0};
    int rc = config_load_text(&cfg, "c.json", ".", text, strlen(text), &d);
    if (rc == 0)
        rc = config_bind(&cfg, cat, &d);
    snprintf(msg, sizeof msg, "%s", rc < 0 ? (d.kept ? d.msgs[0] : "?") : "");
    if (rc == 0 || cfg.name)
        config_free(&cfg);
    diag_free(&d);
    return msg;
}

static void test_errors(void **state)
{
    (void)state;
    struct rule_catalog *cat = catalog();
    assert_string_equal(load("{}", cat), "");
    assert_string_equal(load("{\"version\": 1, \"rules\": {\"QRY.SELECT_STAR\": false}}", cat), "");
    assert_string_equal(load("[]", cat), "c.json:1:1: the configuration is one JSON object");
    assert_string_equal(load("{\"version\": 2}", cat),
                        "c.json:1:13: 'version' is 1 (the only configuration format so far)");
    assert_string_equal(load("{\n \"ignore\": {\"table\": []}}", cat),
                        "c.json:2:13: unknown key 'table' in 'ignore'");
    assert_string_equal(load("{\"ignore\": {\"tables\": \"x\"}}", cat),
                        "c.json:1:23: 'tables' takes a list of strings");
    assert_string_equal(load("{\"ignore\": {\"paths\": [\"\"]}}", cat),
                        "c.json:1:23: 'paths' takes a list of non-empty strings");
    assert_string_equal(load("{\"rules\": {\"QRY.SELECT_STAR\": 1}}", cat),
                        "c.json:1:31: a rule takes true, false or an object");
    assert_string_equal(load("{\"rules\": {\"QRY.SELECT_STAR\": {\"enable\": true}}}", cat),
                        "c.json:1:32: unknown key 'enable' in a rule");
    assert_string_equal(load("{\"rules\": {\"A\": true, \"A\": false}}", cat),
                        "c.json:1:23: rule 'A' is given twice");
    assert_string_equal(load("{\"rules\": {\"QRY.LARGE_OFFSET\": {\"thresholds\": "
                             "{\"max_offset\": 1, \"max_offset\": 2}}}}", cat),
                        "c.json:1:65: threshold 'max_offset' is given twice");
    assert_string_equal(load("{\"rules\": {\"QRY.SELECT_STAR\": {\"enabled\": 1}}}", cat),
                        "c.json:1:43: 'enabled' takes true or false");
    assert_string_equal(load("{} x", cat), "c.json:1:4: unexpected text after the object");
    assert_string_equal(load("{\"a\" 1}", cat), "c.json:1:6: invalid JSON");
    assert_string_equal(load("{\"ignore\": {\"query_ids\": [\"0x0123456789abcdef\"]}}", cat), "");
    rule_catalog_free(cat);
}

static void add(struct finding_list *l, const char *rule, enum severity sev, const char *db,
                const char *table, const char *qid, const char *file, uint64_t line)
{
    struct finding_subject s = {.db = db, .table = table, .query_id = qid, .file = file,
                                .line = line};
    assert_int_equal(finding_list_add(l, rule, sev, &s, NULL, "m", NULL, NULL, NULL), 0);
}

static void test_apply(void **state)
{
    (void)state;
    struct rule_catalog *cat = catalog();
    const char *text = "{\"rules\": {\"QRY.SELECT_STAR\": false,"
                       " \"QRY.LARGE_OFFSET\": {\"severity\": \"error\","
                       "  \"thresholds\": {\"max_offset\": 50}}},"
                       " \"ignore\": {\"tables\": [\"shop.audit_*\", \"tmp_*\"],"
                       "  \"query_ids\": [\"0x0123456789ABCDEF\"], \"paths\": [\"vendor/*\"]}}";
    struct slowdex_config cfg;
    struct diag d = {0};
    assert_int_equal(config_load_text(&cfg, "c.json", ".", text, strlen(text), &d), 0);
    assert_int_equal(config_bind(&cfg, cat, &d), 0);
    const struct rule *r = rule_catalog_find(cat, "QRY.LARGE_OFFSET");
    assert_int_equal(rule_threshold(r, "max_offset")->valuedouble, 50);
    assert_false(rule_catalog_find(cat, "QRY.SELECT_STAR")->enabled);

    struct finding_list l = {0};
    add(&l, "QRY.SELECT_STAR", SEV_NOTICE, NULL, NULL, NULL, "a.sql", 1);           /* off */
    add(&l, "QRY.LARGE_OFFSET", SEV_WARNING, NULL, NULL, NULL, "a.sql", 2);         /* error */
    add(&l, "SCH.X", SEV_INFO, "shop", "audit_2024", NULL, NULL, 0);                /* table */
    add(&l, "SCH.X", SEV_INFO, "other", "audit_2024", NULL, NULL, 0);               /* stays */
    add(&l, "SCH.X", SEV_INFO, "x", "tmp_1", NULL, NULL, 0);                        /* table */
    add(&l, "WKL.X", SEV_INFO, NULL, NULL, "FFFFFFFFFFFFFFFF0123456789ABCDEF", NULL, 0); /* qid */
    add(&l, "QRY.ORDER_BY_RAND", SEV_WARNING, NULL, NULL, NULL, "vendor/lib/q.sql", 3); /* path */
    add(&l, "QRY.ORDER_BY_RAND", SEV_WARNING, NULL, NULL, NULL, "./a.sql", 7);      /* inline */
    struct suppress_set sup = {0};
    const char *sql = "-- slowdex:ignore QRY.ORDER_BY_RAND the cache warms it\nSELECT 1;";
    struct suppress_stmt st = {55, 64, 7};
    assert_int_equal(suppress_scan(&sup, "./a.sql", sql, strlen(sql), 0, &st, 1), 0);
    struct config_applied ap;
    size_t origin[8];
    assert_int_equal(config_apply(&cfg, cat, &l, &sup, &ap, origin), 6);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.v[0].rule_id, "QRY.LARGE_OFFSET");
    assert_int_equal(l.v[0].severity, SEV_ERROR);
    assert_string_equal(l.v[1].subject.db, "other");
    assert_int_equal(origin[0], 1);
    assert_int_equal(origin[1], 3);
    assert_int_equal(ap.disabled, 1);
    assert_int_equal(ap.tables, 2);
    assert_int_equal(ap.query_ids, 1);
    assert_int_equal(ap.paths, 1);
    assert_int_equal(ap.inline_, 1);
    assert_int_equal(sup.v[0].used, 1);
    finding_list_free(&l);
    suppress_free(&sup);
    config_free(&cfg);
    diag_free(&d);
    rule_catalog_free(cat);
}

static void test_find(void **state)
{
    (void)state;
    char dir[] = "/tmp/slowdex_cfg_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[300], file[300], *found = NULL;
    snprintf(sub, sizeof sub, "%s/a/b", dir);
    snprintf(file, sizeof file, "%s/a", dir);
    assert_int_equal(mkdir(file, 0700), 0);
    assert_int_equal(mkdir(sub, 0700), 0);
    assert_int_equal(config_find(sub, &found), 0);
    snprintf(file, sizeof file, "%s/a/.slowdex.json", dir);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fputs("{}", f);
    fclose(f);
    assert_int_equal(config_find(sub, &found), 1);
    assert_string_equal(found, file);
    free(found);
    unlink(file);
    rmdir(sub);
    snprintf(file, sizeof file, "%s/a", dir);
    rmdir(file);
    rmdir(dir);
}

/* Where each suppression of text lands (the statement line it covers), as "L:rules:reason". */
static void scan(const char *text, const struct suppress_stmt *st, size_t n, const char *want)
{
    struct suppress_set s = {0};
    char got[1000] = "";
    assert_int_equal(suppress_scan(&s, "f.sql", text, strlen(text), 0, st, n), 0);
    for (size_t i = 0; i < s.n; i++) {
        size_t k = strlen(got);
        snprintf(got + k, sizeof got - k, "%s%llu@%u:%u:", i ? " " : "",
                 (unsigned long long)s.v[i].line, s.v[i].at_line, s.v[i].at_col);
        for (size_t r = 0; r < s.v[i].nrules; r++) {
            k = strlen(got);
            snprintf(got + k, sizeof got - k, "%s%s", r ? "," : "", s.v[i].rules[r]);
        }
        k = strlen(got);
        snprintf(got + k, sizeof got - k, ":%s", s.v[i].reason ? s.v[i].reason : "-");
    }
    assert_string_equal(got, want);
    suppress_free(&s);
}

static void test_suppress(void **state)
{
    (void)state;
    /* line 1: a statement with a trailing comment; 2-3: comments above statement 2 (line 4);
     * 5 blank; 6: a comment above a blank line; 8: statement 3 holding a comment inside. */
    const char *t = "SELECT 1; -- slowdex:ignore A reason one\n"
                    "# slowdex:ignore B,C -- two\n"
                    "/* slowdex:ignore D */\n"
                    "SELECT 2;\n"
                    "\n"
                    "-- slowdex:ignore E lost\n"
                    "\n"
                    "SELECT 'slowdex:ignore F' /* slowdex:ignore G, H inside */ FROM t;\n"
                    "/*!40101 slowdex:ignore I */ SELECT \"--slowdex:ignore J\";";
    size_t s2 = (size_t)(strstr(t, "SELECT 2") - t), s3 = (size_t)(strstr(t, "SELECT 'sl") - t);
    size_t s4 = (size_t)(strstr(t, "/*!40101") - t);
    struct suppress_stmt st[] = {
        {0, 9, 1}, {s2, s2 + 9, 4}, {s3, s3 + 66, 8}, {s4, strlen(t), 9},
    };
    scan(t, st, 4,
         "1@1:11:A:reason one 4@2:1:B,C:two 4@3:1:D:- 0@6:1:E:lost 8@8:27:G,H:inside");
}

static void test_text(void **state)
{
    (void)state;
    struct finding_list l = {0};
    struct finding_subject s = {.file = "dir/app.sql", .line = 12};
    const char *msg = "a rather long message that goes on and on about what is wrong with the "
                      "statement so that it has to wrap twice at sixty columns";
    assert_int_equal(finding_list_add(&l, "QRY.X", SEV_WARNING, &s, NULL, msg,
                                      "fix it by doing the right thing, which takes some words",
                                      "ALTER TABLE t\n  ADD INDEX (a);", NULL), 0);
    struct finding_subject t = {.db = "shop", .table = "orders", .index = "idx"};
    assert_int_equal(finding_list_add(&l, "IDX.Y", SEV_INFO, &t, NULL, "short", NULL, NULL,
                                      NULL), 0);
    struct findings_pos pos[] = {{12, 5}, {0, 0}};
    struct findings_text_opts o = {.width = 60, .pos = pos};
    char *p = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&p, &n);
    assert_int_equal(findings_text(m, &l, &o), 0);
    assert_int_equal(findings_text_summary(m, &l, 3, NULL), 0);
    fclose(m);
    assert_string_equal(p,
        "dir/app.sql:12:5: warning QRY.X a rather long message that\n"
        "    goes on and on about what is wrong with the statement so\n"
        "    that it has to wrap twice at sixty columns\n"
        "    fix: fix it by doing the right thing, which takes some\n"
        "         words\n"
        "    ddl: ALTER TABLE t\n"
        "           ADD INDEX (a);\n"
        "shop.orders index idx: info IDX.Y short\n"
        "2 findings: 1 warning, 1 info; 3 suppressed\n");
    free(p);
    cJSON *j = findings_json_summary(&l, 3);
    char *js = cJSON_PrintUnformatted(j);
    assert_string_equal(js, "{\"findings\":2,\"error\":0,\"warning\":1,\"notice\":0,\"info\":1,"
                            "\"suppressed\":3}");
    free(js);
    cJSON_Delete(j);
    finding_list_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_errors),   cmocka_unit_test(test_apply),
        cmocka_unit_test(test_find),     cmocka_unit_test(test_suppress),
        cmocka_unit_test(test_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
