/* report_select: ranking by --order-by (ties in pt ≥ 3.5.4's order) and --limit N, P%, P%:N with
 * pt's rule that the class crossing P% is included. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "report/report.h"
#include "report_fixture.h"

/* Classes a..f with Query_time sums 50, 20, 10, 10, 6, 4 (total 100); c and d tie. */
static void build(struct fx *f)
{
    fx_init(f);
    static const struct {
        const char *key, *qt;
        int times;
    } spec[] = {{"c", "5", 2}, {"a", "25", 2}, {"f", "4", 1}, {"b", "10", 2},
                {"d", "10", 1}, {"e", "3", 2}};
    for (size_t i = 0; i < sizeof spec / sizeof spec[0]; i++) {
        char attrs[64];
        snprintf(attrs, sizeof attrs, "Query_time=%s Rows_sent=%zu", spec[i].qt, i);
        for (int k = 0; k < spec[i].times; k++) {
            struct fx_event e = {spec[i].key, "select 1", EVENT_TS_UNKNOWN, NULL, NULL, NULL,
                                 attrs, 0, NULL};
            fx_add(f, &e);
        }
    }
}

static void check(const struct report_options *o, const char *order, uint64_t nshown)
{
    struct fx f;
    build(&f);
    struct report_selection sel;
    assert_int_equal(report_select(f.t, o, &sel), 0);
    assert_int_equal(sel.nclasses, 6);
    char got[16] = "";
    for (uint64_t i = 0; i < sel.nclasses; i++)
        got[i] = sel.ranked[i]->key[0];
    assert_string_equal(got, order);
    assert_int_equal(sel.nshown, nshown);
    report_selection_free(&sel);
    fx_free(&f);
}

static void test_rank_and_ties(void **state)
{
    (void)state;
    struct report_options o = {.order_attr = "Query_time", .order_agg = REPORT_SUM};
    check(&o, "abdcef", 6); /* c and d tie at 10: descending key, as pt's reversed sort */
    o.order_agg = REPORT_CNT;
    check(&o, "ecbaf" "d", 6); /* counts 2,2,2,2 (e,c,b,a), then 1,1 (f,d) */
    o.order_agg = REPORT_MAX; /* a 25, then b and d tie at 10 */
    check(&o, "adbcfe", 6);
    o.order_attr = "Rows_sent"; /* sums: c 0, a 2, f 2, b 6, d 4, e 10 */
    o.order_agg = REPORT_SUM;
    check(&o, "ebdfac", 6);
}

static void test_limit_count(void **state)
{
    (void)state;
    struct report_options o = {.order_attr = "Query_time", .limit_count = 2};
    check(&o, "abdcef", 2);
    o.limit_count = 10;
    check(&o, "abdcef", 6);
}

static void test_limit_pct(void **state)
{
    (void)state;
    struct report_options o = {.order_attr = "Query_time", .limit_pct = 50};
    check(&o, "abdcef", 1); /* 50 reaches 50%: nothing more */
    o.limit_pct = 51;
    check(&o, "abdcef", 2); /* 50 < 51: b is taken and crosses */
    o.limit_pct = 95;
    check(&o, "abdcef", 5); /* 50,70,80,90 < 95: e (→96) is included */
    o.limit_pct = 100;
    check(&o, "abdcef", 6);
    o.limit_pct = 95; /* P%:N — whichever is reached first */
    o.limit_count = 3;
    check(&o, "abdcef", 3);
    o.limit_count = 20;
    check(&o, "abdcef", 5);
}

static void test_missing_attribute(void **state)
{
    (void)state;
    struct fx f;
    fx_init(&f);
    struct fx_event e1 = {"x", "select 1", EVENT_TS_UNKNOWN, NULL, NULL, NULL, "Query_time=1", 0,
                          NULL};
    struct fx_event e2 = {"y", "select 2", EVENT_TS_UNKNOWN, NULL, NULL, NULL, "Lock_time=1", 0,
                          NULL};
    fx_add(&f, &e1);
    fx_add(&f, &e2);
    struct report_options o = {.order_attr = "Query_time"};
    struct report_selection sel;
    assert_int_equal(report_select(f.t, &o, &sel), 0);
    assert_int_equal(sel.nclasses, 2);
    assert_int_equal(sel.nshown, 1); /* y has no Query_time: ranked last, never shown */
    assert_string_equal(sel.ranked[1]->key, "y");
    report_selection_free(&sel);
    o.order_attr = "Nonexistent";
    assert_int_equal(report_select(f.t, &o, &sel), 0);
    assert_int_equal(sel.nshown, 0);
    report_selection_free(&sel);
    fx_free(&f);
}

static void test_empty(void **state)
{
    (void)state;
    struct fx f;
    fx_init(&f);
    struct report_options o = {.order_attr = "Query_time", .limit_pct = 95, .limit_count = 20};
    struct report_selection sel;
    assert_int_equal(report_select(f.t, &o, &sel), 0);
    assert_int_equal(sel.nclasses, 0);
    assert_int_equal(sel.nshown, 0);
    report_selection_free(&sel);
    fx_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rank_and_ties),   cmocka_unit_test(test_limit_count),
        cmocka_unit_test(test_limit_pct),       cmocka_unit_test(test_missing_attribute),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
