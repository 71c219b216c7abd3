/* report_json: the output parses (cJSON), carries the schema's fields with exact numbers, and stays
 * valid JSON whatever bytes the log held; --redact scrubs the sample. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "report/report.h"
#include "report_fixture.h"

struct run {
    struct fx *f;
    struct report_options *o;
};

static int run_json(FILE *out, void *ctx)
{
    struct run *r = ctx;
    struct report_selection sel;
    if (report_select(r->f->t, r->o, &sel) != 0)
        return -1;
    struct report_input_file files[1] = {{"slow.log", 4096, 4, 2, false, NULL}};
    int rc = report_json(out, r->f->t, &sel, files, 1, r->o);
    report_selection_free(&sel);
    return rc;
}

static cJSON *digest(struct fx *f, struct report_options *o)
{
    struct run r = {f, o};
    int rc;
    char *text = fx_capture(run_json, &r, &rc);
    assert_int_equal(rc, 0);
    cJSON *j = cJSON_Parse(text);
    if (!j)
        fail_msg("not JSON: %s", text);
    free(text);
    return j;
}

static double num(const cJSON *o, const char *path)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", path);
    const cJSON *cur = o;
    for (char *save = NULL, *k = strtok_r(buf, ".", &save); k; k = strtok_r(NULL, ".", &save)) {
        if (cJSON_IsArray(cur))
            cur = cJSON_GetArrayItem(cur, atoi(k));
        else
            cur = cJSON_GetObjectItemCaseSensitive(cur, k);
        if (!cur)
            fail_msg("no %s", path);
    }
    if (!cJSON_IsNumber(cur))
        fail_msg("%s is not a number", path);
    return cur->valuedouble;
}

static const char *str(const cJSON *o, const char *path)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", path);
    const cJSON *cur = o;
    for (char *save = NULL, *k = strtok_r(buf, ".", &save); k; k = strtok_r(NULL, ".", &save)) {
        cur = cJSON_IsArray(cur) ? cJSON_GetArrayItem(cur, atoi(k))
                                 : cJSON_GetObjectItemCaseSensitive(cur, k);
        if (!cur)
            fail_msg("no %s", path);
    }
    return cJSON_IsString(cur) ? cur->valuestring : NULL;
}

static void build(struct fx *f, const char *bad_query)
{
    fx_init(f);
    struct fx_event e[4] = {
        {"select a from t where b=?", "select a from t where b='secret' and c=42",
         1192484632000000LL, "shop", "app", "10.0.0.1",
         "Query_time=0.000100 Lock_time=0.000010 Rows_sent=1 Full_scan=Yes", 10, "app=web"},
        {"select a from t where b=?", "select a from t where b='x'", 1192484633500000LL, "shop",
         "app", "10.0.0.2", "Query_time=1.250001 Lock_time=0 Rows_sent=3 Full_scan=No", 20, NULL},
        {"update t set a=?", "update t set a=1", 1192484640000000LL, "", "root", "",
         "Query_time=0.5 Lock_time=0 Rows_sent=0", 30, NULL},
        {"weird", bad_query, EVENT_TS_UNKNOWN, "d\"b", "u\\", "h\n",
         "Query_time=0.000001 Lock_time=0 Rows_sent=0", 40, NULL},
    };
    for (int i = 0; i < 4; i++)
        fx_add(f, &e[i]);
}

static void test_fields_and_numbers(void **state)
{
    (void)state;
    struct fx f;
    build(&f, "select 1");
    const char *diags[2] = {"slow.log:3: bad header", "slow.log:9: bad value"};
    struct report_options o = {.order_attr = "Query_time", .limit_count = 2,
                               .diagnostics = diags, .ndiagnostics = 2, .diagnostics_total = 5};
    cJSON *j = digest(&f, &o);
    assert_string_equal(str(j, "tool"), "slowdex");
    assert_int_equal(num(j, "schema_version"), 1);
    assert_string_equal(str(j, "kind"), "digest");
    assert_string_equal(str(j, "files.0.name"), "slow.log");
    assert_int_equal(num(j, "files.0.bad_lines"), 2);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(
        cJSON_GetObjectItem(j, "files"), 0), "error")));
    assert_int_equal(num(j, "diagnostics.total"), 5);
    assert_string_equal(str(j, "diagnostics.first.1"), "slow.log:9: bad value");
    assert_int_equal(num(j, "global.count"), 4);
    assert_int_equal(num(j, "global.unique"), 3);
    assert_string_equal(str(j, "global.ts_min"), "2007-10-15T21:43:52Z");
    assert_string_equal(str(j, "global.ts_max"), "2007-10-15T21:44:00Z");
    assert_float_equal(num(j, "global.metrics.Query_time.sum"), 1.750102, 1e-9);
    assert_float_equal(num(j, "global.metrics.Query_time.min"), 0.000001, 1e-12);
    assert_int_equal(num(j, "global.booleans.Full_scan.yes"), 1);
    assert_int_equal(num(j, "global.booleans.Full_scan.cnt"), 2);
    assert_float_equal(num(j, "global.qps"), 0.5, 1e-9); /* 4 events in 8 s */

    cJSON *classes = cJSON_GetObjectItem(j, "classes");
    assert_int_equal(cJSON_GetArraySize(classes), 2);
    assert_int_equal(num(j, "classes.0.rank"), 1);
    assert_string_equal(str(j, "classes.0.key"), "select a from t where b=?");
    assert_string_equal(str(j, "classes.0.group_by"), "fingerprint");
    assert_int_equal(strlen(str(j, "classes.0.query_id")), 32);
    assert_int_equal(num(j, "classes.0.count"), 2);
    assert_float_equal(num(j, "classes.0.metrics.Query_time.sum"), 1.250101, 1e-9);
    assert_float_equal(num(j, "classes.0.metrics.Query_time.max"), 1.250001, 1e-9);
    assert_float_equal(num(j, "classes.0.metrics.Rows_sent.sum"), 4, 1e-9);
    assert_float_equal(num(j, "classes.0.time_share"), 1.250101 / 1.750102, 1e-6);
    assert_string_equal(str(j, "classes.0.strings.host.0.value"), "10.0.0.1");
    assert_int_equal(num(j, "classes.0.strings.db.0.count"), 2);
    assert_string_equal(str(j, "classes.0.strings.tags.0.value"), "app=web");
    assert_int_equal(num(j, "classes.0.histogram.Query_time.3"), 0);
    assert_int_equal(num(j, "classes.0.histogram.Query_time.2"), 1); /* 100 µs */
    assert_int_equal(num(j, "classes.0.histogram.Query_time.6"), 1); /* 1.25 s */
    assert_string_equal(str(j, "classes.0.sample.query"), "select a from t where b='x'");
    assert_int_equal(num(j, "classes.0.sample.byte_offset"), 20);
    assert_string_equal(str(j, "classes.0.sample.file"), "slow.log");
    assert_string_equal(str(j, "classes.1.key"), "update t set a=?");
    assert_int_equal(num(j, "misc.classes"), 1);
    assert_int_equal(num(j, "misc.count"), 1);
    assert_float_equal(num(j, "misc.Query_time_sum"), 0.000001, 1e-12);
    cJSON_Delete(j);
    fx_free(&f);
}

static void test_arbitrary_bytes(void **state)
{
    (void)state;
    struct fx f;
    /* invalid UTF-8 (lone continuation, truncated sequence, overlong, surrogate), controls */
    build(&f, "select '\x80\xc3', '\xc0\xaf', '\xed\xa0\x80', 'caf\xc3\xa9', '\x01\x7f\t\"\\'");
    struct report_options o = {.order_attr = "Query_time", .limit_count = 10};
    cJSON *j = digest(&f, &o);
    cJSON *classes = cJSON_GetObjectItem(j, "classes");
    assert_int_equal(cJSON_GetArraySize(classes), 3);
    assert_string_equal(str(j, "classes.2.sample.query"),
                        "select '\xc2\x80\xc3\x83', '\xc3\x80\xc2\xaf', "
                        "'\xc3\xad\xc2\xa0\xc2\x80', "
                        "'caf\xc3\xa9', '\x01\x7f\t\"\\'");
    assert_string_equal(str(j, "classes.2.sample.db"), "d\"b");
    assert_string_equal(str(j, "classes.2.strings.user.0.value"), "u\\");
    assert_string_equal(str(j, "classes.2.strings.host.0.value"), "h\n");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(
        cJSON_GetObjectItem(cJSON_GetArrayItem(classes, 2), "sample"), "ts")));
    cJSON_Delete(j);
    fx_free(&f);
}

static void test_redact(void **state)
{
    (void)state;
    struct fx f;
    build(&f, "select 1");
    struct report_options o = {.order_attr = "Query_time", .limit_count = 1, .redact = true};
    cJSON *j = digest(&f, &o);
    assert_string_equal(str(j, "classes.0.sample.query"), "select a from t where b=?");
    cJSON_Delete(j);
    fx_free(&f);
}

static void test_empty(void **state)
{
    (void)state;
    struct fx f;
    fx_init(&f);
    struct report_options o = {.order_attr = "Query_time", .limit_pct = 95, .limit_count = 20};
    cJSON *j = digest(&f, &o);
    assert_int_equal(num(j, "global.count"), 0);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "global"), "ts_min")));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "classes")), 0);
    cJSON_Delete(j);
    fx_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields_and_numbers),
        cmocka_unit_test(test_arbitrary_bytes),
        cmocka_unit_test(test_redact),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
