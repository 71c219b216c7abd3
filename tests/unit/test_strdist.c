/* Tests of string distributions: exact counts up to STRDIST_MAX values, the "other" rule, merging in
 * either order, and pt's display order; and a reference model of that rule (one walk per lookup,
 * one walk per eviction) that the hashed merge, the selecting trim and the remembered weakest item
 * must agree with on random streams. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The reference: the rule of strdist.h written as plainly as possible. */
struct ref {
    char val[STRDIST_MAX * 2 + 2][32];
    uint64_t cnt[STRDIST_MAX * 2 + 2];
    unsigned n;
    uint64_t other;
};

/* a before b in display order: greater count, then smaller value (values here are short and
 * NUL-free, so strcmp orders them as memcmp with the length tie-break does). */
static int ref_cmp(const struct ref *r, unsigned a, unsigned b)
{
    if (r->cnt[a] != r->cnt[b])
        return r->cnt[a] > r->cnt[b] ? -1 : 1;
    return strcmp(r->val[a], r->val[b]);
}

static void ref_trim(struct ref *r)
{
    while (r->n > STRDIST_MAX) {
        unsigned w = 0;
        for (unsigned i = 1; i < r->n; i++)
            if (ref_cmp(r, i, w) > 0)
                w = i;
        r->other += r->cnt[w];
        r->n--;
        memcpy(r->val[w], r->val[r->n], sizeof r->val[w]);
        r->cnt[w] = r->cnt[r->n];
    }
}

static void ref_add(struct ref *r, const char *v, uint64_t cnt)
{
    for (unsigned i = 0; i < r->n; i++)
        if (strcmp(r->val[i], v) == 0) {
            r->cnt[i] += cnt;
            return;
        }
    snprintf(r->val[r->n], sizeof r->val[r->n], "%s", v);
    r->cnt[r->n++] = cnt;
    ref_trim(r);
}

static void ref_merge(struct ref *dst, const struct ref *src)
{
    dst->other += src->other;
    for (unsigned i = 0; i < src->n; i++) {
        unsigned k = 0;
        while (k < dst->n && strcmp(dst->val[k], src->val[i]) != 0)
            k++;
        if (k < dst->n) {
            dst->cnt[k] += src->cnt[i];
        } else {
            memcpy(dst->val[dst->n], src->val[i], sizeof dst->val[k]);
            dst->cnt[dst->n++] = src->cnt[i];
        }
    }
    ref_trim(dst);
}

/* d holds exactly r's values and counts. */
static void assert_same(struct strdist *d, const struct ref *r)
{
    assert_int_equal(d->n, r->n);
    assert_int_equal(d->other, r->other);
    for (unsigned i = 0; i < r->n; i++) {
        unsigned k = 0;
        while (k < d->n && strcmp(strdist_value(&d->items[k]), r->val[i]) != 0)
            k++;
        assert_true(k < d->n);
        assert_int_equal(d->items[k].cnt, r->cnt[i]);
    }
}

/* A value from a skewed pool of about 4 * STRDIST_MAX, with lengths on both sides of
 * STRDIST_INLINE, so that adds and merges often meet a full distribution. */
static void random_value(char *out, size_t size)
{
    unsigned k = (unsigned)(rand() % 16 == 0 ? rand() % 8 : rand() % (STRDIST_MAX * 4));
    snprintf(out, size, k % 3 ? "10.0.%u.%u" : "host-%u.example.org", k / 7, k);
}

static void test_against_reference(void **state)
{
    (void)state;
    srand(7);
    for (int round = 0; round < 200; round++) {
        struct strdist a = {0}, b = {0};
        struct ref *ra = calloc(1, sizeof *ra), *rb = calloc(1, sizeof *rb);
        assert_non_null(ra);
        assert_non_null(rb);
        int na = rand() % 400, nb = rand() % 400;
        char v[32];
        for (int i = 0; i < na + nb; i++) {
            random_value(v, sizeof v);
            uint64_t cnt = (uint64_t)(rand() % 4 == 0 ? 1 + rand() % 5 : 1);
            assert_int_equal(strdist_add(i < na ? &a : &b, sv_cstr(v), cnt), 0);
            ref_add(i < na ? ra : rb, v, cnt);
        }
        assert_same(&a, ra);
        assert_same(&b, rb);
        assert_int_equal(strdist_merge(&a, &b), 0);
        ref_merge(ra, rb);
        assert_same(&a, ra);
        /* adding after a merge: the remembered weakest item must not outlive it */
        for (int i = 0; i < 50; i++) {
            random_value(v, sizeof v);
            assert_int_equal(strdist_add(&a, sv_cstr(v), 1), 0);
            ref_add(ra, v, 1);
        }
        assert_same(&a, ra);
        strdist_free(&a);
        strdist_free(&b);
        free(ra);
        free(rb);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_and_sorted),
        cmocka_unit_test(test_other),
        cmocka_unit_test(test_merge_symmetric),
        cmocka_unit_test(test_against_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
