/* report_text: exact text for small aggregates built through agg_add. The slow001 case is
 * pt-query-digest's own expected output (t/pt-query-digest/samples/slow001_report.txt) for the
 * per-class blocks, minus the "# Tables" lines we do not print; header and profile follow pt's
 * formatting rules (checked by hand against its other expected outputs). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fingerprint/fingerprint.h"
#include "report/report.h"
#include "report_fixture.h"

struct run {
    struct fx *f;
    struct report_options *o;
    const struct report_input_file *files;
    int nfiles;
};

static int run_text(FILE *out, void *ctx)
{
    struct run *r = ctx;
    struct report_selection sel;
    if (report_select(r->f->t, r->o, &sel) != 0)
        return -1;
    int rc = report_text(out, r->f->t, &sel, r->files, r->nfiles, r->o);
    report_selection_free(&sel);
    return rc;
}

static const char slow001_want[] =
    "\n"
    "# Files: slow001.txt\n"
    "# Overall: 2 total, 2 unique, 0.03 QPS, 0.05x concurrency ________________\n"
    "# Time range: 2007-10-15 21:43:52 to 21:45:10\n"
    "# Attribute          total     min     max     avg     95%  stddev  median\n"
    "# ============     ======= ======= ======= ======= ======= ======= =======\n"
    "# Exec time             4s      2s      2s      2s      2s       0      2s\n"
    "# Lock time              0       0       0       0       0       0       0\n"
    "# Rows sent              2       1       1       1       1       0       1\n"
    "# Rows examine           0       0       0       0       0       0       0\n"
    "# Query size            49      22      27   24.50      27    3.54   24.50\n"
    "\n"
    "# Profile\n"
    "# Rank Query ID                            Response time Calls R/Call V/M \n"
    "# ==== =================================== ============= ===== ====== ====\n"
    "#    1 0xA853B50CDEB4866B3A99CC42AEDCCFCD   2.0000 50.0%     1 2.0000  0.00 SELECT test.n\n"
    "#    2 0xAE9D6BB6AF470B997F7D57ACDD8A346E   2.0000 50.0%     1 2.0000  0.00 SELECT n\n"
    "\n"
    "# Query 1: 0 QPS, 0x concurrency, ID 0xA853B50CDEB4866B3A99CC42AEDCCFCD at byte 359\n"
    "# This item is included in the report because it matches --limit.\n"
    "# Scores: V/M = 0.00\n"
    "# Time range: all events occurred at 2007-10-15 21:45:10\n"
    "# Attribute    pct   total     min     max     avg     95%  stddev  median\n"
    "# ============ === ======= ======= ======= ======= ======= ======= =======\n"
    "# Count         50       1\n"
    "# Exec time     50      2s      2s      2s      2s      2s       0      2s\n"
    "# Lock time      0       0       0       0       0       0       0       0\n"
    "# Rows sent     50       1       1       1       1       1       0       1\n"
    "# Rows examine   0       0       0       0       0       0       0       0\n"
    "# Query size    55      27      27      27      27      27       0      27\n"
    "# String:\n"
    "# Databases    sakila\n"
    "# Hosts        localhost\n"
    "# Users        root\n"
    "# Query_time distribution\n"
    "#   1us\n"
    "#  10us\n"
    "# 100us\n"
    "#   1ms\n"
    "#  10ms\n"
    "# 100ms\n"
    "#    1s  ################################################################\n"
    "#  10s+\n"
    "# EXPLAIN /*!50100 PARTITIONS*/\n"
    "select sleep(2) from test.n\\G\n"
    "\n"
    "# Query 2: 0 QPS, 0x concurrency, ID 0xAE9D6BB6AF470B997F7D57ACDD8A346E at byte 0\n"
    "# This item is included in the report because it matches --limit.\n"
    "# Scores: V/M = 0.00\n"
    "# Time range: all events occurred at 2007-10-15 21:43:52\n"
    "# Attribute    pct   total     min     max     avg     95%  stddev  median\n"
    "# ============ === ======= ======= ======= ======= ======= ======= =======\n"
    "# Count         50       1\n"
    "# Exec time     50      2s      2s      2s      2s      2s       0      2s\n"
    "# Lock time      0       0       0       0       0       0       0       0\n"
    "# Rows sent     50       1       1       1       1       1       0       1\n"
    "# Rows examine   0       0       0       0       0       0       0       0\n"
    "# Query size    44      22      22      22      22      22       0      22\n"
    "# String:\n"
    "# Databases    test\n"
    "# Hosts        localhost\n"
    "# Users        root\n"
    "# Query_time distribution\n"
    "#   1us\n"
    "#  10us\n"
    "# 100us\n"
    "#   1ms\n"
    "#  10ms\n"
    "# 100ms\n"
    "#    1s  ################################################################\n"
    "#  10s+\n"
    "# EXPLAIN /*!50100 PARTITIONS*/\n"
    "select sleep(2) from n\\G\n";

static void test_slow001(void **state)
{
    (void)state;
    struct fx f;
    fx_init(&f);
    struct fx_event e1 = {"select sleep(?) from n", "select sleep(2) from n", 1192484632000000LL,
                          "test", "root", "localhost",
                          "Query_time=2 Lock_time=0 Rows_sent=1 Rows_examined=0 bytes=22", 0,
                          NULL};
    struct fx_event e2 = {"select sleep(?) from test.n", "select sleep(2) from test.n",
                          1192484710000000LL, "sakila", "root", "localhost",
                          "Query_time=2 Lock_time=0 Rows_sent=1 Rows_examined=0 bytes=27", 359,
                          NULL};
    fx_add(&f, &e1);
    fx_add(&f, &e2);
    struct report_options o = {.order_attr = "Query_time", .limit_count = 10, .width = 100};
    struct report_input_file files[1] = {{"slow001.txt", 1000, 2, 0, false, NULL}};
    struct run r = {&f, &o, files, 1};
    int rc;
    char *got = fx_capture(run_text, &r, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(got, slow001_want);
    free(got);
    fx_free(&f);
}

/* Everything else a block can hold: multi-value string lists cut as pt cuts them, booleans, InnoDB,
 * comment tags, a spread-out histogram, MISC, per-file facts and parse errors. */
static const char misc_want[] =
    "\n"
    "# Files: a.log, b.log\n"
    "#   a.log: 12 events, 2.00k bytes, 1 bad lines\n"
    "#   b.log: 3 events, 0 bytes, not read: No such file\n"
    "# Overall: 15 total, 4 unique, 0.15 QPS, 0.03x concurrency _______________\n"
    "# Time range: 2023-11-14 22:13:20 to 22:15:00\n"
    "# Attribute          total     min     max     avg     95%  stddev  median\n"
    "# ============     ======= ======= ======= ======= ======= ======= =======\n"
    "# Exec time             3s     5us      2s   207ms      1s   496ms    10ms\n"
    "# Lock time            1ms       0   100us    80us    98us    39us    98us\n"
    "# Rows examine     737.77k       1  61.49k  49.18k  59.57k  23.83k  59.57k\n"
    "# Query size           420      20      30      28   28.75    3.72   28.75\n"
    "# InnoDB:\n"
    "# IO r ops              66       0      11    5.50    9.83    3.40    5.75\n"
    "# Boolean:\n"
    "# Full scan     33% yes,  66% no\n"
    "\n"
    "# Parse errors: 3\n"
    "#   slow.log:7: header line without a value\n"
    "#   ... 2 more\n"
    "\n"
    "# Profile\n"
    "# Rank Query ID                            Response time Calls R/Call V/M \n"
    "# ==== =================================== ============= ===== ====== ====\n"
    "#    1 0x@ID@   3.0815 99.0%    12 0.2568  1.15 @DISTILL@\n"
    "# MISC 0xMISC                               0.0300  1.0%     3 0.0100   0.0 <3 ITEMS>\n"
    "\n"
    "# Query 1: 0.73 QPS, 0.19x concurrency, ID 0x@ID@ at byte 111\n"
    "# This item is included in the report because it matches --limit.\n"
    "# Scores: V/M = 1.15\n"
    "# Time range: 2023-11-14 22:13:20 to 22:13:36.500000\n"
    "# Attribute    pct   total     min     max     avg     95%  stddev  median\n"
    "# ============ === ======= ======= ======= ======= ======= ======= =======\n"
    "# Count         80      12\n"
    "# Exec time     99      3s     5us      2s   257ms      1s   543ms    19ms\n"
    "# Lock time    100     1ms   100us   100us   100us   100us       0   100us\n"
    "# Rows examine  99 737.77k  61.48k  61.49k  61.48k  59.57k       0  59.57k\n"
    "# Query size    85     360      30      30      30      30       0      30\n"
    "# InnoDB:\n"
    "# IO r ops     100      66       0      11    5.50    9.83    3.40    5.75\n"
    "# Boolean:\n"
    "# Full scan     33% yes,  66% no\n"
    "# String:\n"
    "# Databases    shop\n"
    "# Hosts        app-server... (7/58%), 10.0.0.1 (5/41%)\n"
    "# Users        alice (6/50%), bob (4/33%)... 1 more\n"
    "# Tags         app=web\n"
    "# Query_time distribution\n"
    "#   1us  ############\n"
    "#  10us\n"
    "# 100us  ################################################################\n"
    "#   1ms\n"
    "#  10ms  ###################################################\n"
    "# 100ms\n"
    "#    1s  #########################\n"
    "#  10s+\n"
    "# EXPLAIN /*!50100 PARTITIONS*/\n"
    "select * from t where a=1\\G\n";

/* Replaces every "@NAME@" in want by its value (the fingerprint module's, tested elsewhere). */
static char *expand(const char *want, const char *id, const char *distill)
{
    struct buf b = {0};
    for (const char *p = want; *p;) {
        if (strncmp(p, "@ID@", 4) == 0) {
            buf_append_cstr(&b, id);
            p += 4;
        } else if (strncmp(p, "@DISTILL@", 9) == 0) {
            buf_append_cstr(&b, distill);
            p += 9;
        } else {
            buf_append_char(&b, *p++);
        }
    }
    return b.p;
}

static void test_misc_and_strings(void **state)
{
    (void)state;
    struct fx f;
    fx_init(&f);
    static const char *const qt[12] = {"0.000005", "0.0003", "0.0003", "0.0003", "0.0003",
                                       "0.0003",   "0.02",   "0.02",   "0.02",   "0.02",
                                       "1.5",      "1.5"};
    for (int i = 0; i < 12; i++) {
        char attrs[256];
        snprintf(attrs, sizeof attrs,
                 "Query_time=%s Lock_time=0.0001 Rows_examined=%d Full_scan=%s "
                 "InnoDB_IO_r_ops=%d bytes=30",
                 qt[i], 62951 + i, i % 3 ? "No" : "Yes", i);
        const char *user = i < 6 ? "alice" : i < 10 ? "bob" : "a_very_long_user_name";
        struct fx_event e = {"select * from t where a=?", "select * from t where a=1",
                             1700000000000000LL + i * 1500000LL, "shop", user,
                             i < 5 ? "10.0.0.1" : "app-server-number-one", attrs,
                             (uint64_t)(100 + i), i < 4 ? "app=web" : NULL};
        fx_add(&f, &e);
    }
    static const char *const keys[3] = {"update t set b=? where a=?", "delete from t where a=?",
                                        "commit"};
    static const char *const qs[3] = {"update t set b=2 where a=1", "delete from t where a=1",
                                      "commit"};
    for (int i = 0; i < 3; i++) {
        struct fx_event e = {keys[i], qs[i], 1700000100000000LL, "", "bob", "",
                             "Query_time=0.01 Lock_time=0 Rows_examined=1 bytes=20",
                             (uint64_t)(5000 + i), NULL};
        fx_add(&f, &e);
    }
    const char *diags[1] = {"slow.log:7: header line without a value"};
    struct report_options o = {.order_attr = "Query_time", .limit_pct = 95, .limit_count = 20,
                               .width = 100, .diagnostics = diags, .ndiagnostics = 1,
                               .diagnostics_total = 3};
    struct report_input_file files[2] = {{"a.log", 2048, 12, 1, false, NULL},
                                         {"b.log", 0, 3, 0, true, "No such file"}};
    struct run r = {&f, &o, files, 2};
    int rc;
    char *got = fx_capture(run_text, &r, &rc);
    assert_int_equal(rc, 0);
    char id[33];
    fp_query_id(sv_cstr("select * from t where a=?"), id);
    struct buf d = {0};
    struct fp_distiller *dx = fp_distiller_new();
    assert_int_equal(fp_distill(dx, sv_cstr("select * from t where a=1"), &d), 0);
    fp_distiller_free(dx);
    char *want = expand(misc_want, id, d.p ? d.p : "");
    assert_string_equal(got, want);
    free(want);
    buf_free(&d);
    free(got);
    fx_free(&f);
}

static void test_empty(void **state)
{
    (void)state;
    struct fx f;
    fx_init(&f);
    struct report_options o = {.order_attr = "Query_time", .limit_pct = 95, .limit_count = 20};
    struct report_input_file files[1] = {{"empty", 0, 0, 0, false, NULL}};
    struct run r = {&f, &o, files, 1};
    int rc;
    char *got = fx_capture(run_text, &r, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(got, "\n# Files: empty\n# No events processed.\n");
    free(got);
    fx_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slow001),
        cmocka_unit_test(test_misc_and_strings),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
