/* Tests of string distributions: exact counts up to STRDIST_MAX values, the "other" rule, merging in
 * either order, and pt's display order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "aggregate/strdist.h"

static void test_exact_and_sorted(void **state)
{
    (void)state;
    struct strdist d = {0};
    const char *v[] = {"b", "a", "c", "a", "", "b", "a"};
    for (int i = 0; i < 7; i++)
        assert_int_equal(strdist_add(&d, sv_cstr(v[i]), 1), 0);
    strdist_sort(&d);
    assert_int_equal(d.n, 4);
    assert_string_equal(strdist_value(&d.items[0]), "a");
    assert_int_equal(d.items[0].cnt, 3);
    assert_string_equal(strdist_value(&d.items[1]), "b");
    assert_string_equal(strdist_value(&d.items[2]), ""); /* count 1: "" before "c" */
    assert_string_equal(strdist_value(&d.items[3]), "c");
    assert_int_equal(strdist_total(&d), 7);
    assert_int_equal(d.other, 0);
    strdist_free(&d);
}

static void test_other(void **state)
{
    (void)state;
    struct strdist d = {0};
    char s[16];
    for (int i = 0; i < STRDIST_MAX; i++) {
        snprintf(s, sizeof s, "v%02d", i);
        strdist_add(&d, sv_cstr(s), 2);
    }
    assert_int_equal(strdist_add(&d, sv_cstr("late"), 1), 0); /* weakest: straight to other */
    assert_int_equal(d.n, STRDIST_MAX);
    assert_int_equal(d.other, 1);
    assert_int_equal(strdist_add(&d, sv_cstr("big"), 5), 0); /* evicts the greatest of count 2 */
    assert_int_equal(d.other, 3);
    strdist_sort(&d);
    assert_string_equal(strdist_value(&d.items[0]), "big");
    snprintf(s, sizeof s, "v%02d", STRDIST_MAX - 2);
    assert_string_equal(strdist_value(&d.items[STRDIST_MAX - 1]), s);
    assert_int_equal(strdist_total(&d), 2 * STRDIST_MAX + 6);
    strdist_free(&d);
}

static void test_merge_symmetric(void **state)
{
    (void)state;
    struct strdist a = {0}, b = {0}, ab = {0}, ba = {0};
    char s[16];
    for (int i = 0; i < STRDIST_MAX - 4; i++) { /* STRDIST_MAX + 2 distinct values in all */
        snprintf(s, sizeof s, "x%02d", i);
        strdist_add(&a, sv_cstr(s), (uint64_t)(i % 4 + 1));
        snprintf(s, sizeof s, "x%02d", i + 6);
        strdist_add(&b, sv_cstr(s), (uint64_t)(i % 3 + 1));
    }
    strdist_merge(&ab, &a);
    strdist_merge(&ab, &b);
    strdist_merge(&ba, &b);
    strdist_merge(&ba, &a);
    strdist_sort(&ab);
    strdist_sort(&ba);
    assert_int_equal(ab.n, STRDIST_MAX);
    assert_int_equal(ab.n, ba.n);
    assert_int_equal(ab.other, ba.other);
    for (uint32_t i = 0; i < ab.n; i++) {
        assert_string_equal(strdist_value(&ab.items[i]), strdist_value(&ba.items[i]));
        assert_int_equal(ab.items[i].cnt, ba.items[i].cnt);
    }
    assert_int_equal(strdist_total(&ab), strdist_total(&a) + strdist_total(&b));
    strdist_free(&a);
    strdist_free(&b);
    strdist_free(&ab);
    strdist_free(&ba);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_and_sorted),
        cmocka_unit_test(test_other),
        cmocka_unit_test(test_merge_symmetric),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
