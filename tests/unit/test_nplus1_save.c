/* Tests of the N+1 section of saved digests (analyze/nplus1_save.h): save -> load gives back every
 * field of every pattern; loading twice is the in-memory merge (runs add, connections of two inputs
 * stay apart); corrupt pattern lines and every truncation are refused with one path:line message
 * and change nothing; a digest without the section (version 1) loads with no patterns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyze/nplus1_save.h"

static struct agg_table *new_table(void)
{
    struct agg_options o = {.order_attr = "Query_time", .keep_minutes = false};
    struct agg_table *t = agg_new(&o);
    assert_non_null(t);
    assert_int_equal(agg_file_intern(t, "a.log"), 0);
    return t;
}

static void add_run(struct np1_pattern *p, uint32_t iters, uint64_t line)
{
    struct np1_run *r = &p->kept[p->nkept++];
    *r = (struct np1_run){.thread_id = 7 + line, .file_idx = 0, .first_line = line,
                          .last_line = line + iters, .first_seq = line * 100,
                          .ts_first = NP1_UNKNOWN, .ts_last = NP1_UNKNOWN,
                          .statements = iters, .iterations = iters, .time_us = 40};
    if (iters < 256)
        p->len_hist[iters]++;
    else
        p->len_big[8]++;
    p->runs++;
    p->statements += iters;
}

/* Two patterns: a loop (one run of 300 iterations: a power-of-two bucket) and a repeat. */
static void make_result(struct np1_result *r)
{
    memset(r, 0, sizeof *r);
    r->v = calloc(2, sizeof *r->v);
    assert_non_null(r->v);
    r->n = r->cap = 2;
    r->events = 1000, r->events_with_conn = 990, r->events_timed = 1000, r->qtime_min_us = 12;
    struct np1_pattern *p = &r->v[0];
    p->parent_fp = 0x1234, p->child_fp[0] = 0xabcd, p->child_fp[1] = 0xbeef, p->period = 2;
    add_run(p, 5, 10);
    add_run(p, 300, 50);
    p->len_min = 5, p->len_max = 300, p->parent_rows_sum = 40, p->parent_rows_cnt = 2;
    p->time_us = 80, p->timed_statements = 305, p->ts_min = 1000000, p->ts_max = 2000000;
    p->conns[0] = 111, p->conns[1] = 222, p->nconns = 2;
    p->examples[0] = strdup("select * from t where id = 'a\"b\\\\c\n'");
    p->example_seq[0] = 1000, p->nexamples = 1;
    struct np1_pattern *q = &r->v[1];
    q->repeat = true, q->child_fp[0] = 0x77, q->period = 1;
    add_run(q, 6, 90);
    q->len_min = q->len_max = 6, q->time_us = 0, q->ts_min = q->ts_max = NP1_UNKNOWN;
    q->conns[0] = 5, q->nconns = 1;
}

/* The saved text of t with r's section, NUL-terminated. */
static char *saved(const struct agg_table *t, const struct np1_result *r, size_t *n)
{
    char *p = NULL;
    FILE *f = open_memstream(&p, n);
    assert_non_null(f);
    struct np1_save s;
    assert_int_equal(np1_save_init(&s, r, t), 0);
    assert_int_equal(agg_save_ex(t, f, &s.sec), 0);
    np1_save_free(&s);
    assert_int_equal(fclose(f), 0);
    return p;
}

static int load(struct agg_table *t, struct np1_result *dst, uint64_t salt, const char *text, size_t n,
                char *err, size_t errlen)
{
    struct np1_load l;
    np1_load_init(&l, dst, salt);
    int rc = agg_load_ex(t, "x.digest", text, n, &l.sec, err, errlen);
    np1_load_free(&l);
    return rc;
}

static void assert_same_pattern(const struct np1_pattern *a, const struct np1_pattern *b)
{
    assert_int_equal(a->repeat, b->repeat);
    assert_int_equal(a->parent_fp, b->parent_fp);
    assert_int_equal(a->period, b->period);
    assert_memory_equal(a->child_fp, b->child_fp, sizeof a->child_fp);
    assert_int_equal(a->runs, b->runs);
    assert_int_equal(a->statements, b->statements);
    assert_int_equal(a->parent_rows_sum, b->parent_rows_sum);
    assert_int_equal(a->parent_rows_cnt, b->parent_rows_cnt);
    assert_int_equal(a->len_min, b->len_min);
    assert_int_equal(a->len_max, b->len_max);
    assert_memory_equal(a->len_hist, b->len_hist, sizeof a->len_hist);
    assert_memory_equal(a->len_big, b->len_big, sizeof a->len_big);
    assert_int_equal(a->time_us, b->time_us);
    assert_int_equal(a->timed_statements, b->timed_statements);
    assert_int_equal(a->ts_min, b->ts_min);
    assert_int_equal(a->ts_max, b->ts_max);
    assert_int_equal(a->nconns, b->nconns);
    assert_int_equal(a->nkept, b->nkept);
    assert_memory_equal(a->kept, b->kept, a->nkept * sizeof *a->kept);
    assert_int_equal(a->nexamples, b->nexamples);
    for (uint32_t i = 0; i < a->nexamples; i++) {
        assert_string_equal(a->examples[i], b->examples[i]);
        assert_int_equal(a->example_seq[i], b->example_seq[i]);
    }
}

static void test_round_trip(void **state)
{
    (void)state;
    struct np1_result r, back = {.qtime_min_us = NP1_UNKNOWN};
    make_result(&r);
    struct agg_table *t = new_table(), *u = new_table();
    size_t n;
    char *text = saved(t, &r, &n);
    char err[256] = "";
    assert_int_equal(load(u, &back, 0, text, n, err, sizeof err), 0);
    assert_int_equal(back.n, 2);
    assert_int_equal(back.events, 1000);
    assert_int_equal(back.events_with_conn, 990);
    assert_int_equal(back.events_timed, 1000);
    assert_int_equal(back.qtime_min_us, 12);
    for (size_t i = 0; i < 2; i++)
        assert_same_pattern(&r.v[i], &back.v[i]);
    assert_int_equal(np1_pattern_median(&back.v[0]), 5);
    /* What was loaded saves and loads again the same (connections keep their number). */
    size_t n2;
    char *again = saved(u, &back, &n2);
    struct np1_result third = {.qtime_min_us = NP1_UNKNOWN};
    struct agg_table *v = new_table();
    assert_int_equal(load(v, &third, 0, again, n2, err, sizeof err), 0);
    for (size_t i = 0; i < 2; i++)
        assert_same_pattern(&r.v[i], &third.v[i]);
    np1_result_free(&third);
    agg_free(v);
    free(again);
    free(text);
    np1_result_free(&r);
    np1_result_free(&back);
    agg_free(t);
    agg_free(u);
}

/* Loading two digests merges their patterns as the chunks of one run are merged. */
static void test_two_inputs(void **state)
{
    (void)state;
    struct np1_result r, both = {.qtime_min_us = NP1_UNKNOWN};
    make_result(&r);
    struct agg_table *t = new_table(), *u = new_table();
    size_t n;
    char *text = saved(t, &r, &n);
    char err[256];
    assert_int_equal(load(u, &both, 0, text, n, err, sizeof err), 0);
    assert_int_equal(load(u, &both, 1, text, n, err, sizeof err), 0);
    assert_int_equal(both.n, 2);
    assert_int_equal(both.events, 2000);
    assert_int_equal(both.v[0].runs, 4);
    assert_int_equal(both.v[0].len_hist[5], 2);
    assert_int_equal(both.v[0].len_big[8], 2);
    assert_int_equal(both.v[0].len_min, 5);
    assert_int_equal(both.v[0].len_max, 300);
    assert_int_equal(np1_pattern_median(&both.v[0]), 5);
    assert_int_equal(both.v[0].nkept, 4);
    assert_int_equal(both.v[0].nexamples, 2);
    /* The same thread ids in two inputs are not the same connections. */
    assert_int_equal(both.v[0].nconns, 4);
    assert_int_equal(both.v[1].nconns, 2);
    free(text);
    np1_result_free(&r);
    np1_result_free(&both);
    agg_free(t);
    agg_free(u);
}

static void expect_error(const char *text, const char *want)
{
    struct agg_table *t = new_table();
    struct np1_result dst = {.qtime_min_us = NP1_UNKNOWN};
    char err[256] = "";
    assert_int_equal(load(t, &dst, 0, text, strlen(text), err, sizeof err), -1);
    if (!strstr(err, want))
        fail_msg("error \"%s\" does not contain \"%s\"", err, want);
    assert_null(strchr(err, '\n'));
    assert_int_equal(dst.n, 0);
    assert_int_equal(dst.events, 0);
    assert_int_equal(agg_class_count(t), 0);
    agg_free(t);
}

#define DIST0 "{\"values\":[],\"other\":0}"
#define GLOBAL "\"global\":{\"key\":\"\",\"query_id\":\"\",\"fingerprint\":null,\"cnt\":0,\"ts_min\":" \
    "null,\"ts_max\":null,\"attrs\":[],\"db\":" DIST0 ",\"user\":" DIST0 ",\"host\":" DIST0 \
    ",\"tags\":" DIST0 ",\"sample\":null,\"minutes\":[]}"
#define HDR(lines) "{\"slowdex_digest\":2,\"order_attr\":\"Query_time\",\"keep_minutes\":false," \
    "\"attrs\":[],\"files\":[\"a.log\"],\"classes\":0," GLOBAL ",\"sections\":{\"nplus1\":{" \
    "\"lines\":" lines ",\"events\":10,\"events_with_connection\":10,\"events_timed\":0," \
    "\"query_time_min_us\":null,\"inexact\":false}}}\n"
#define CHILD "{\"fingerprint\":null,\"query_id\":null,\"hash\":\"00000000000000aa\"}"
#define PAT_HEAD "{\"kind\":\"loop\",\"children\":[" CHILD "],\"parent\":" CHILD ","
#define PAT_OK_TAIL "\"length_min\":5,\"length_max\":5,\"lengths\":[[5,1]],\"lengths_pow2\":[]," \
    "\"time_us\":0,\"timed_statements\":0,\"ts_min\":null,\"ts_max\":null,\"connections\":[" \
    "\"0000000000000001\"],\"kept_runs\":[],\"examples\":[]}"
#define PAT_OK PAT_HEAD "\"runs\":1,\"statements\":5,\"parent_rows_sum\":0,\"parent_rows_cnt\":0," \
    PAT_OK_TAIL "\n"

static void test_corrupt(void **state)
{
    (void)state;
    /* A good file loads: the fixtures below differ from it in one thing each. */
    struct agg_table *t = new_table();
    struct np1_result dst = {.qtime_min_us = NP1_UNKNOWN};
    char err[256] = "";
    const char *good = HDR("1") PAT_OK;
    assert_int_equal(load(t, &dst, 0, good, strlen(good), err, sizeof err), 0);
    assert_int_equal(dst.n, 1);
    np1_result_free(&dst);
    agg_free(t);

    expect_error(HDR("2") PAT_OK, "x.digest:2: truncated: 1 of 2 section lines");
    expect_error(HDR("0") PAT_OK, "x.digest:2: more lines than the header announces");
    expect_error(HDR("2") PAT_OK PAT_OK, "x.digest:3: an N+1 pattern appears twice");
    expect_error(HDR("1") "{\"kind\":\"loop\"", "x.digest:2: truncated");
    expect_error(HDR("1") "[1]\n", "x.digest:2: a section line is not a JSON object");
    const struct { const char *line, *want; } bad[] = {
        {"{\"kind\":\"loops\"}", "\"kind\" is not"},
        {"{\"kind\":\"repeat\",\"children\":[" CHILD "],\"parent\":" CHILD "}", "repeat has no parent"},
        {"{\"kind\":\"loop\",\"children\":[],\"parent\":null}", "\"children\" is not 1 to 3"},
        {"{\"kind\":\"loop\",\"children\":[{\"fingerprint\":\"x\",\"query_id\":null,\"hash\":"
         "\"00000000000000aa\"}],\"parent\":" CHILD "}", "fingerprint and Query ID, or neither"},
        {"{\"kind\":\"loop\",\"children\":[{\"fingerprint\":null,\"query_id\":null,\"hash\":\"AA\"}]}",
         "\"hash\" is missing or not 16 lower-case hex"},
        {PAT_HEAD "\"runs\":0,\"statements\":5,\"parent_rows_sum\":0,\"parent_rows_cnt\":0,"
         "\"time_us\":0,\"timed_statements\":0,\"ts_min\":null,\"ts_max\":null}", "do not fit together"},
        {PAT_HEAD "\"runs\":2,\"statements\":10,\"parent_rows_sum\":0,\"parent_rows_cnt\":0," PAT_OK_TAIL,
         "do not add up to the pattern's runs"},
        {PAT_HEAD "\"runs\":1,\"statements\":5,\"parent_rows_sum\":0,\"parent_rows_cnt\":0,"
         "\"time_us\":0,\"timed_statements\":0,\"ts_min\":null,\"ts_max\":null,"
         "\"length_min\":5,\"length_max\":5,\"lengths\":[[6,1]],\"lengths_pow2\":[]}",
         "outside [length_min, length_max]"},
        {PAT_HEAD "\"runs\":1,\"statements\":5,\"parent_rows_sum\":0,\"parent_rows_cnt\":0,"
         "\"length_min\":5,\"length_max\":5,\"lengths\":[[5,1]],\"lengths_pow2\":[],\"time_us\":0,"
         "\"timed_statements\":0,\"ts_min\":null,\"ts_max\":null,\"connections\":[\"0000000000000001\"],"
         "\"kept_runs\":[{\"file\":1}],\"examples\":[]}", "\"file\" is missing or not an integer"},
        {PAT_HEAD "\"runs\":1,\"statements\":5,\"parent_rows_sum\":0,\"parent_rows_cnt\":0,"
         "\"length_min\":5,\"length_max\":5,\"lengths\":[[5,1]],\"lengths_pow2\":[],\"time_us\":0,"
         "\"timed_statements\":0,\"ts_min\":null,\"ts_max\":null,\"connections\":[],"
         "\"kept_runs\":[],\"examples\":[]}", "\"connections\" is not an array of 1 to 8"},
        {PAT_HEAD "\"runs\":1,\"statements\":5,\"parent_rows_sum\":0,\"parent_rows_cnt\":0,"
         "\"length_min\":5,\"length_max\":5,\"lengths\":[[5,1]],\"lengths_pow2\":[],\"time_us\":0,"
         "\"timed_statements\":0,\"ts_min\":null,\"ts_max\":null,\"connections\":[\"0000000000000001\"],"
         "\"kept_runs\":[],\"examples\":[{\"seq\":\"1\",\"text\":5}]}", "example's \"text\""},
    };
    char buf[4096];
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        snprintf(buf, sizeof buf, "%s%s\n", HDR("1"), bad[i].line);
        expect_error(buf, bad[i].want);
    }
}

/* Every prefix of a digest with patterns either loads or fails cleanly, changing nothing. */
static void test_truncations(void **state)
{
    (void)state;
    struct np1_result r;
    make_result(&r);
    struct agg_table *t = new_table();
    size_t n;
    char *text = saved(t, &r, &n);
    for (size_t cut = 0; cut < n; cut++) {
        struct agg_table *u = new_table();
        struct np1_result dst = {.qtime_min_us = NP1_UNKNOWN};
        char err[256];
        assert_int_equal(load(u, &dst, 0, text, cut, err, sizeof err), -1);
        assert_true(strncmp(err, "x.digest:", 9) == 0);
        assert_int_equal(dst.n, 0);
        agg_free(u);
    }
    free(text);
    np1_result_free(&r);
    agg_free(t);
}

/* A version 1 digest (no sections), and a version 2 one with a section this slowdex does not
 * know, load with no patterns. */
static void test_without_section(void **state)
{
    (void)state;
    const char *v1 = "{\"slowdex_digest\":1,\"order_attr\":\"Query_time\",\"keep_minutes\":false,"
                     "\"attrs\":[],\"files\":[],\"classes\":0," GLOBAL "}\n";
    const char *other = "{\"slowdex_digest\":2,\"order_attr\":\"Query_time\",\"keep_minutes\":false,"
                        "\"attrs\":[],\"files\":[],\"classes\":0," GLOBAL
                        ",\"sections\":{\"later\":{\"lines\":1}}}\n{\"anything\":1}\n";
    const char *texts[] = {v1, other};
    for (int i = 0; i < 2; i++) {
        struct agg_table *t = new_table();
        struct np1_result dst = {.qtime_min_us = NP1_UNKNOWN};
        char err[256] = "";
        assert_int_equal(load(t, &dst, 0, texts[i], strlen(texts[i]), err, sizeof err), 0);
        assert_int_equal(dst.n, 0);
        assert_int_equal(dst.events, 0);
        agg_free(t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_two_inputs),
        cmocka_unit_test(test_corrupt),
        cmocka_unit_test(test_truncations),
        cmocka_unit_test(test_without_section),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
