/* Tests of the class table: merging is exact (one table == two halves merged, in either order),
 * attribute kinds, values that do not fit their kind, late attributes, the worst sample, minutes, and
 * the memory a small class costs. Events are built by hand (agg_test_util.h). */
#include <malloc.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "agg_test_util.h"

#define NEVENTS 3000

static struct agg_table *new_table(void)
{
    struct agg_options o = {.order_attr = "Query_time", .keep_minutes = true};
    struct agg_table *t = agg_new(&o);
    assert_non_null(t);
    return t;
}

static void fill(struct agg_table *t, uint64_t seed, uint64_t from, uint64_t to)
{
    struct gen g;
    gen_init(&g, seed, 40);
    for (uint64_t i = 0; i < to; i++) {
        if (i < from) { /* keep the generator's stream identical whatever the split */
            gen_event(&g, i);
            continue;
        }
        assert_int_equal(gen_add(&g, t, i), 0);
    }
    gen_free(&g);
}

static void test_merge_exact(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 3; seed++) {
        struct agg_table *all = new_table();
        fill(all, seed, 0, NEVENTS);
        const uint64_t splits[] = {0, 1, 150, 299, 300, 1777, NEVENTS - 1, NEVENTS};
        for (size_t s = 0; s < sizeof splits / sizeof *splits; s++) {
            struct agg_table *a = new_table(), *b = new_table(), *ab = new_table(), *ba = new_table();
            fill(a, seed, 0, splits[s]);
            fill(b, seed, splits[s], NEVENTS);
            assert_int_equal(agg_merge(ab, a), 0);
            assert_int_equal(agg_merge(ab, b), 0);
            assert_int_equal(agg_merge(ba, b), 0);
            assert_int_equal(agg_merge(ba, a), 0);
            agg_assert_equal(all, ab);
            agg_assert_equal(all, ba);
            assert_int_equal(agg_merge(b, a), 0); /* into a table that already has classes */
            agg_assert_equal(all, b);
            agg_free(a);
            agg_free(b);
            agg_free(ab);
            agg_free(ba);
        }
        agg_free(all);
    }
}

static void test_kinds_and_late_attrs(void **state)
{
    (void)state;
    struct agg_table *t = new_table();
    fill(t, 7, 0, 1000);
    const struct { const char *name; enum attr_kind kind; } want[] = {
        {"Query_time", ATTR_NUM}, {"Rows_sent", ATTR_NUM}, {"QC_Hit", ATTR_BOOL},
        {"Thread_id", ATTR_IDENT}, {"Log_slow_rate_type", ATTR_STR}, {"Late_attr", ATTR_NUM},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        uint32_t id = agg_attr_find(t, want[i].name);
        assert_int_not_equal(id, UINT32_MAX);
        assert_int_equal(agg_attr_kind(t, id), want[i].kind);
    }
    const struct agg_class *g = agg_global(t);
    assert_int_equal(g->cnt, 1000);
    assert_null(g->worst.query); /* the global class has no sample */
    assert_int_equal(agg_class_attr(g, agg_attr_find(t, "Late_attr"))->cnt, 700);
    assert_int_equal(agg_class_attr(g, agg_attr_find(t, "Query_time"))->cnt, 1000);
    /* Rows_sent is "" in about a tenth of the events: those count as missing */
    uint64_t rs = agg_class_attr(g, agg_attr_find(t, "Rows_sent"))->cnt;
    assert_true(rs > 850 && rs < 950);
    assert_int_equal(agg_class_attr(g, agg_attr_find(t, "Rows_sent"))->u.num.cnt, rs);
    agg_free(t);
}

/* agg_total_sums gives agg_global's sums without filling its cache (0 for what is not a number),
 * before the totals are made and after. */
static void test_total_sums_are_the_global_sums(void **state)
{
    (void)state;
    struct agg_table *t = new_table();
    fill(t, 7, 0, 1000);
    double *before = agg_total_sums(t); /* the totals are not made yet */
    assert_non_null(before);
    const struct agg_class *g = agg_global(t);
    double *after = agg_total_sums(t);  /* read from the made totals */
    assert_non_null(after);
    uint32_t nums = 0;
    for (uint32_t id = 0; id < agg_attr_count(t); id++) {
        const struct class_attr *a = agg_class_attr(g, id);
        double want = a && agg_attr_kind(t, id) == ATTR_NUM ? fixsum_to_double(&a->u.num.sum) : 0;
        nums += want != 0;
        assert_true(before[id] == want);
        assert_true(after[id] == want);
    }
    assert_true(nums >= 3); /* Query_time, Rows_sent, Late_attr at least */
    free(before);
    free(after);
    agg_free(t);
}

static void test_misfits_and_duplicates(void **state)
{
    (void)state;
    struct agg_table *t = new_table();
    struct attr_names *names = attr_names_new();
    uint32_t qt = attr_names_intern(names, sv_cstr("Query_time"));
    uint32_t fs = attr_names_intern(names, sv_cstr("Full_scan"));
    uint32_t sc = attr_names_intern(names, sv_cstr("Schema"));
    struct event_attr attrs[4];
    struct event ev = {.query = sv_cstr("select 1"), .ts_us = EVENT_TS_UNKNOWN, .attrs = attrs};
    const char *rows[][3] = {{"", "Yes", ""},        /* empty values decide nothing */
                             {"0.5", "maybe", "12"}, /* Schema is a string by name */
                             {"abc", "No", "db"},    /* "abc" does not fit a number */
                             {"0.7", "Yes", "12"}};
    for (int i = 0; i < 4; i++) {
        attrs[0] = (struct event_attr){qt, sv_cstr(rows[i][0])};
        attrs[1] = (struct event_attr){fs, sv_cstr(rows[i][1])};
        attrs[2] = (struct event_attr){sc, sv_cstr(rows[i][2])};
        attrs[3] = (struct event_attr){qt, sv_cstr("99")}; /* repeated name: first value wins */
        ev.nattrs = i ? 4 : 3;
        assert_int_equal(agg_add(t, names, &ev, sv_cstr("k"), sv_cstr("k"), NULL, 0, (uint64_t)i), 0);
    }
    const struct agg_class *g = agg_global(t);
    uint32_t id_qt = agg_attr_find(t, "Query_time"), id_fs = agg_attr_find(t, "Full_scan");
    uint32_t id_sc = agg_attr_find(t, "Schema");
    assert_int_equal(agg_attr_kind(t, id_qt), ATTR_NUM);
    assert_int_equal(agg_attr_kind(t, id_fs), ATTR_BOOL);
    assert_int_equal(agg_attr_kind(t, id_sc), ATTR_STR);
    assert_int_equal(agg_class_attr(g, id_qt)->cnt, 2);
    assert_int_equal(agg_class_attr(g, id_qt)->u.num.sum.units, 1);
    assert_int_equal(agg_class_attr(g, id_qt)->u.num.sum.micros, 200000);
    assert_int_equal(agg_class_attr(g, id_fs)->cnt, 3);
    assert_int_equal(agg_class_attr(g, id_fs)->u.yes, 2);
    assert_int_equal(agg_class_attr(g, id_sc)->cnt, 3);
    /* worst sample: Query_time 0.7 (event 3); event 2 had no usable Query_time */
    uint64_t n;
    const struct agg_class **all = agg_classes(t, &n);
    assert_int_equal(n, 1);
    assert_int_equal(all[0]->worst.seq, 3);
    assert_int_equal(all[0]->worst.order_value, 700000);
    assert_string_equal(all[0]->fingerprint, "k");
    assert_string_equal(all[0]->query_id, "8CE4B16B22B58894AA86C421E8759DF3"); /* MD5("k") */
    free(all);
    attr_names_free(names);
    agg_free(t);
}

static void test_sample_ties_and_minutes(void **state)
{
    (void)state;
    struct agg_table *t = new_table();
    struct attr_names *names = attr_names_new();
    uint32_t qt = attr_names_intern(names, sv_cstr("Query_time"));
    struct event_attr a = {qt, sv_cstr("1.5")};
    struct event ev = {.attrs = &a, .nattrs = 1, .db = sv_cstr("d")};
    const int64_t ts[] = {120000000, 60000000, 179999999, 3600000000LL};
    for (int i = 0; i < 4; i++) {
        char q[16];
        snprintf(q, sizeof q, "q%d", i);
        ev.query = sv_cstr(q);
        ev.ts_us = ts[i];
        assert_int_equal(agg_add(t, names, &ev, sv_cstr("k"), sv_cstr("fp"), NULL, 0, (uint64_t)(10 - i)),
                         0);
    }
    uint64_t n;
    const struct agg_class **all = agg_classes(t, &n);
    const struct agg_class *c = all[0];
    assert_string_equal(c->worst.query, "q0"); /* equal values: the greatest seq (10) wins */
    assert_string_equal(c->fingerprint, "fp"); /* not the key: a copy */
    assert_int_equal(c->ts_min, 60000000);
    assert_int_equal(c->ts_max, 3600000000LL);
    assert_int_equal(c->nminutes, 3);
    assert_int_equal(c->minutes[0].minute, 1);
    assert_int_equal(c->minutes[1].minute, 2);
    assert_int_equal(c->minutes[1].cnt, 2);
    assert_int_equal(c->minutes[1].query_time, 3000000);
    assert_int_equal(c->minutes[2].minute, 60);
    free(all);
    attr_names_free(names);
    agg_free(t);
}

/* Bytes per class for 100k classes of 3 events with 4 numeric attributes, db/user/host, a sample. */
static void test_memory_per_class(void **state)
{
    (void)state;
    struct mallinfo2 before = mallinfo2();
    struct agg_table *t = new_table();
    struct attr_names *names = attr_names_new();
    const char *an[4] = {"Query_time", "Lock_time", "Rows_sent", "Rows_examined"};
    struct event_attr attrs[4];
    for (int i = 0; i < 4; i++)
        attrs[i].id = attr_names_intern(names, sv_cstr(an[i]));
    struct event ev = {.attrs = attrs, .nattrs = 4, .db = sv_cstr("shop"), .user = sv_cstr("web"),
                       .host = sv_cstr("10.0.0.7"), .ts_us = 1700000000000000LL};
    char key[96], query[128], v[4][24];
    const int nclasses = 100000;
    for (int k = 0; k < nclasses; k++) {
        snprintf(key, sizeof key, "select c1, c2, c3 from orders_%d where id = ? and status = ?", k);
        for (int e = 0; e < 3; e++) {
            snprintf(query, sizeof query, "SELECT c1, c2, c3 FROM orders_%d WHERE id = %d AND status = 'x'",
                     k, e * 7919);
            snprintf(v[0], 24, "0.%06d", 100 + e * 37);
            snprintf(v[1], 24, "0.0000%02d", e);
            snprintf(v[2], 24, "%d", e);
            snprintf(v[3], 24, "%d", 100 * e);
            for (int i = 0; i < 4; i++)
                attrs[i].value = sv_cstr(v[i]);
            ev.query = sv_cstr(query);
            assert_int_equal(agg_add(t, names, &ev, sv_cstr(key), sv_cstr(key), NULL, 0,
                                     (uint64_t)(k * 3 + e)), 0);
        }
    }
    struct mallinfo2 after = mallinfo2();
    double per = (double)(after.uordblks - before.uordblks) / nclasses;
    print_message("memory: %.0f bytes per class (100k classes, 3 events, 4 numeric attributes)\n", per);
    if (per > 1250)
        fail_msg("%.0f bytes per class is over the 1.25 KB budget (it includes the `bytes` attribute)", per);
    attr_names_free(names);
    agg_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_merge_exact),
        cmocka_unit_test(test_kinds_and_late_attrs),
        cmocka_unit_test(test_total_sums_are_the_global_sums),
        cmocka_unit_test(test_misfits_and_duplicates),
        cmocka_unit_test(test_sample_ties_and_minutes),
        cmocka_unit_test(test_memory_per_class),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
