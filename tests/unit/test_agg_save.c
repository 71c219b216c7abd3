/* Tests of saved digests: save -> load gives the same table; loading two digests equals merging the
 * two tables; every kind of corruption and truncation is refused with one path:line message and
 * leaves the target table untouched. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "agg_test_util.h"

static struct agg_table *new_table(void)
{
    struct agg_options o = {.order_attr = "Query_time", .keep_minutes = true};
    struct agg_table *t = agg_new(&o);
    assert_non_null(t);
    return t;
}

static struct agg_table *generated(uint64_t seed, uint64_t from, uint64_t to)
{
    struct agg_table *t = new_table();
    struct gen g;
    gen_init(&g, seed, 30);
    for (uint64_t i = 0; i < to; i++) {
        if (i < from)
            gen_event(&g, i);
        else
            assert_int_equal(gen_add(&g, t, i), 0);
    }
    gen_free(&g);
    return t;
}

/* The saved text of t, NUL-terminated; *n gets its length. */
static char *saved(const struct agg_table *t, size_t *n)
{
    char *p = NULL;
    FILE *f = open_memstream(&p, n);
    assert_non_null(f);
    /* the files the samples' file_idx name (a cast: registering a name is idempotent) */
    assert_int_equal(agg_file_intern((struct agg_table *)t, "a.log"), 0);
    assert_int_equal(agg_file_intern((struct agg_table *)t, "b \"quoted\".log"), 1);
    assert_int_equal(agg_save(t, f), 0);
    assert_int_equal(fclose(f), 0);
    return p;
}

static void test_round_trip(void **state)
{
    (void)state;
    struct agg_table *t = generated(5, 0, 2000);
    size_t n;
    char *text = saved(t, &n);
    struct agg_table *back = new_table();
    char err[256] = "";
    assert_int_equal(agg_load(back, "x.digest", text, n, err, sizeof err), 0);
    agg_assert_equal(t, back);
    size_t n2;
    char *again = saved(back, &n2); /* and the text is stable */
    assert_int_equal(n, n2);
    agg_free(back);
    free(again);
    free(text);
    agg_free(t);
}

static void test_load_two_is_merge(void **state)
{
    (void)state;
    struct agg_table *a = generated(9, 0, 1200), *b = generated(9, 1200, 2500);
    struct agg_table *all = generated(9, 0, 2500);
    size_t na, nb;
    char *ta = saved(a, &na), *tb = saved(b, &nb);
    struct agg_table *loaded = new_table();
    char err[256];
    assert_int_equal(agg_load(loaded, "a", ta, na, err, sizeof err), 0);
    assert_int_equal(agg_load(loaded, "b", tb, nb, err, sizeof err), 0);
    agg_assert_equal(all, loaded);
    assert_int_equal(agg_merge(a, b), 0);
    agg_assert_equal(a, loaded);
    free(ta);
    free(tb);
    agg_free(a);
    agg_free(b);
    agg_free(all);
    agg_free(loaded);
}

static void expect_error(const char *text, const char *want)
{
    struct agg_table *t = generated(3, 0, 50), *ref = generated(3, 0, 50);
    char err[256] = "";
    assert_int_equal(agg_load(t, "bad.digest", text, strlen(text), err, sizeof err), -1);
    if (!strstr(err, want))
        fail_msg("error \"%s\" does not contain \"%s\"", err, want);
    assert_null(strchr(err, '\n'));
    agg_assert_equal(ref, t); /* nothing was merged */
    agg_free(t);
    agg_free(ref);
}

#define HDR "{\"slowdex_digest\":1,\"order_attr\":\"Query_time\",\"keep_minutes\":true,"
#define DIST0 "{\"values\":[],\"other\":0}"
#define EMPTYC "\"cnt\":0,\"ts_min\":null,\"ts_max\":null,\"attrs\":[],\"db\":" DIST0 ",\"user\":" DIST0 \
               ",\"host\":" DIST0 ",\"tags\":" DIST0 ",\"sample\":null,\"minutes\":[]"
#define GLOBAL "\"global\":{\"key\":\"\",\"query_id\":\"\",\"fingerprint\":null," EMPTYC "}}\n"

static void test_corrupt(void **state)
{
    (void)state;
    expect_error("", "bad.digest:1: not a saved slowdex digest");
    expect_error("# Time: 2020\n", "bad.digest:1: not a saved slowdex digest");
    expect_error("{\"slowdex_digest\":3}\n", "bad.digest:1: unsupported saved digest version");
    expect_error("{\"slowdex_digest\":1,", "bad.digest:1: truncated");
    expect_error("{\"slowdex_digest\":1,\n", "bad.digest:1: not a JSON object");
    expect_error(HDR "\"attrs\":[],\"files\":[],\"classes\":1," GLOBAL, "bad.digest:1: truncated: 0 of 1");
    expect_error(HDR "\"attrs\":[[\"Query_time\",\"weird\"]],\"files\":[],\"classes\":0," GLOBAL,
                 "unknown kind");
    expect_error(HDR "\"attrs\":[[\"A\",\"num\"],[\"A\",\"num\"]],\"files\":[],\"classes\":0," GLOBAL,
                 "listed twice");
    expect_error(HDR "\"attrs\":[],\"files\":[],\"classes\":0," GLOBAL "{}\n",
                 "bad.digest:2: more classes than the header announces");
    const char *cls_hdr = HDR "\"attrs\":[[\"Query_time\",\"num\"]],\"files\":[],\"classes\":1," GLOBAL;
    char buf[2048];
    const struct { const char *line, *want; } bad[] = {
        {"{\"key\":\"k\"}", "bad.digest:2: \"query_id\" is missing"},
        {"{\"key\":\"k\",\"query_id\":\"abc\",\"fingerprint\":null," EMPTYC "}", "32 upper-case hex"},
        {"{\"key\":\"k\",\"query_id\":\"8CE4B16B22B58894AA86C421E8759DF3\",\"fingerprint\":\"k\","
         "\"cnt\":1,\"ts_min\":5,\"ts_max\":4,\"attrs\":[]}", "time range"},
        {"{\"key\":\"k\",\"query_id\":\"8CE4B16B22B58894AA86C421E8759DF3\",\"fingerprint\":\"k\","
         "\"cnt\":1,\"ts_min\":null,\"ts_max\":null,\"attrs\":[{\"id\":0,\"cnt\":1,\"sum\":\"1.000000\","
         "\"min\":\"1.000000\",\"max\":\"1.000000\",\"buckets\":[[1000,1]]}]}", "a bucket is not"},
        {"{\"key\":\"k\",\"query_id\":\"8CE4B16B22B58894AA86C421E8759DF3\",\"fingerprint\":\"k\","
         "\"cnt\":1,\"ts_min\":null,\"ts_max\":null,\"attrs\":[{\"id\":0,\"cnt\":1,\"sum\":\"1.5\"}]}",
         "\"sum\" is missing or not a fixed-point"},
        {"{\"key\":\"k\",\"query_id\":\"8CE4B16B22B58894AA86C421E8759DF3\",\"fingerprint\":\"k\","
         "\"cnt\":1,\"ts_min\":null,\"ts_max\":null,\"attrs\":[{\"id\":3,\"cnt\":1}]}", "unknown"},
        {"{\"key\":\"k\",\"query_id\":\"8CE4B16B22B58894AA86C421E8759DF3\",\"fingerprint\":\"k\","
         "\"cnt\":1,\"ts_min\":null,\"ts_max\":null,\"attrs\":[{\"id\":0,\"cnt\":2}]}",
         "\"cnt\" is missing or not an integer"},
        {"[1,2,3]", "\"key\" is missing"},
        {"{\"key\":\"k\",\"query_id\":\"8CE4B16B22B58894AA86C421E8759DF3\",\"fingerprint\":\"k\"," EMPTYC
         "", "not a JSON object"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        snprintf(buf, sizeof buf, "%s%s\n", cls_hdr, bad[i].line);
        expect_error(buf, bad[i].want);
    }
}

/* Every prefix of a real digest either loads (only at line ends) or fails cleanly. */
static void test_truncations(void **state)
{
    (void)state;
    struct agg_table *t = generated(11, 0, 60);
    size_t n;
    char *text = saved(t, &n);
    for (size_t cut = 0; cut < n; cut += 7) {
        struct agg_table *u = new_table();
        char err[256];
        assert_int_equal(agg_load(u, "cut", text, cut, err, sizeof err), -1);
        assert_true(strncmp(err, "cut:", 4) == 0);
        agg_free(u);
    }
    free(text);
    agg_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_load_two_is_merge),
        cmocka_unit_test(test_corrupt),
        cmocka_unit_test(test_truncations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
