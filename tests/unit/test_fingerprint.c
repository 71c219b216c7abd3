/* Fingerprints and Query IDs against pt-query-digest's own test cases: every case of
 * ../shared/corpus/percona/fingerprint-cases.tsv and fingerprint-cases-full.tsv (options and the
 * @path huge inputs included) and the t/pt-fingerprint/samples pairs, plus hand-picked quirks of the
 * Perl rules, the collected comments, and a multi-megabyte INSERT. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <zlib.h>

#include "fingerprint/fingerprint.h"
#include "util/buf.h"

#define PERCONA SLOWDEX_SHARED_DIR "/corpus/percona"

/* The corpus escaping: \\ \t \n \r. Decodes in place. */
static size_t unescape(char *s)
{
    size_t w = 0;
    for (size_t r = 0; s[r]; r++) {
        if (s[r] == '\\' && s[r + 1]) {
            char c = s[++r];
            s[w++] = c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c;
        } else {
            s[w++] = s[r];
        }
    }
    s[w] = '\0';
    return w;
}

/* Reads a whole file, gunzipping it when its name ends in .gz. */
static int read_whole(const char *path, struct buf *b)
{
    gzFile f = gzopen(path, "rb");
    if (!f)
        return -1;
    char tmp[65536];
    int k;
    while ((k = gzread(f, tmp, sizeof tmp)) > 0)
        if (buf_append(b, tmp, (size_t)k) < 0)
            break;
    int bad = k < 0;
    gzclose(f);
    return bad ? -1 : 0;
}

static unsigned parse_options(const char *o)
{
    unsigned f = 0;
    if (strstr(o, "match_embedded_numbers=1"))
        f |= FP_MATCH_EMBEDDED_NUMBERS;
    if (strstr(o, "match_md5_checksums=1"))
        f |= FP_MATCH_MD5_CHECKSUMS;
    return f;
}

static bool check_one(struct fp_state *st, struct sv q, unsigned flags, const char *want, const char *where)
{
    assert_int_equal(fp_fingerprint(st, q, flags), 0);
    if (strcmp(st->out.p, want) == 0)
        return true;
    print_error("%s:\n  query: %.200s\n  want:  [%s]\n  got:   [%s]\n", where, q.p, want, st->out.p);
    return false;
}

/* Runs one TSV file; `full` selects the six-column layout. Returns the number of cases. */
static int run_tsv(const char *path, bool full, int *failed)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    struct fp_state st = {0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int lineno = 0, cases = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
        if (++lineno == 1)
            continue;
        if (line[len - 1] == '\n')
            line[--len] = '\0';
        char *col[6] = {0};
        int ncol = 0;
        for (char *p = line; ncol < 6; ncol++) {
            col[ncol] = p;
            char *t = strchr(p, '\t');
            if (!t) {
                ncol++;
                break;
            }
            *t = '\0';
            p = t + 1;
        }
        assert_int_equal(ncol, full ? 6 : 2);
        char *query = col[full ? 4 : 0], *want = col[full ? 5 : 1];
        unsigned flags = full ? parse_options(col[3]) : 0;
        unescape(want);
        struct buf big = {0};
        struct sv q;
        if (query[0] == '@') {
            char p[4096];
            snprintf(p, sizeof p, "%s/%s", PERCONA, query + 1);
            assert_int_equal(read_whole(p, &big), 0);
            q = buf_sv(&big);
        } else {
            q = sv_make(query, unescape(query));
        }
        char where[600];
        snprintf(where, sizeof where, "%s:%d", path, lineno);
        if (!check_one(&st, q, flags, want, where))
            (*failed)++;
        buf_free(&big);
        cases++;
    }
    free(line);
    fclose(f);
    fp_state_free(&st);
    return cases;
}

static int skip_without_corpus(void)
{
    FILE *f = fopen(PERCONA "/fingerprint-cases.tsv", "r");
    if (!f)
        return 1;
    fclose(f);
    return 0;
}

static void test_cases_tsv(void **state)
{
    (void)state;
    if (skip_without_corpus())
        skip();
    int failed = 0;
    assert_int_equal(run_tsv(PERCONA "/fingerprint-cases.tsv", false, &failed), 39);
    assert_int_equal(failed, 0);
}

static void test_cases_full_tsv(void **state)
{
    (void)state;
    if (skip_without_corpus())
        skip();
    int failed = 0;
    assert_int_equal(run_tsv(PERCONA "/fingerprint-cases-full.tsv", true, &failed), 54);
    assert_int_equal(failed, 0);
}

/* pt-fingerprint reads a file: `#` lines dropped, then the trailing ";" and newline. */
static void test_pt_fingerprint_samples(void **state)
{
    (void)state;
    if (skip_without_corpus())
        skip();
    struct fp_state st = {0};
    for (int i = 1; i <= 2; i++) {
        char path[512];
        struct buf in = {0}, want = {0}, q = {0};
        snprintf(path, sizeof path, PERCONA "/t/pt-fingerprint/samples/query%03d", i);
        assert_int_equal(read_whole(path, &in), 0);
        strcat(path, ".fingerprint");
        assert_int_equal(read_whole(path, &want), 0);
        for (char *l = in.p; l && *l;) {
            char *nl = strchr(l, '\n');
            size_t n = nl ? (size_t)(nl - l + 1) : strlen(l);
            if (l[0] != '#')
                assert_int_equal(buf_append(&q, l, n), 0);
            l += n;
        }
        while (q.n && (q.p[q.n - 1] == '\n' || q.p[q.n - 1] == ';'))
            q.p[--q.n] = '\0';
        while (want.n && want.p[want.n - 1] == '\n')
            want.p[--want.n] = '\0';
        assert_true(check_one(&st, buf_sv(&q), 0, want.p, path));
        buf_free(&in);
        buf_free(&want);
        buf_free(&q);
    }
    fp_state_free(&st);
}

struct quirk {
    const char *query, *want;
    unsigned flags;
};

/* Quirks of the Perl rules that the corpus does not pin down, each checked against
 * lib/QueryRewriter.pm of pt-query-digest 3.5.7 by hand. */
static void test_quirks(void **state)
{
    (void)state;
    static const struct quirk cases[] = {
        {"SELECT * FROM db2.tuningdetail_21_265507", "select * from d?tuningdetail_?_?", 0},
        {"select * from tbl1 where x=0xFF", "select * from tbl? where x=?ff", 0},
        {"select 1E10", "select ?e?", 0},
        {"SELECT X'AF'", "select x?", 0},
        {"select a-b", "select a?", 0}, /* `b` is a hex digit */
        {"select a - c", "select a ? c", 0},
        {"SELECT /**/ a FROM t WHERE b=1 /* c */", "select ", 0},
        {"select a from t where b = 1 -- it's", "select a from t where b = ? ? it's", 0},
        {"select a--b\nfrom t", "select a from t", 0},
        {"select 1\n\n", "select ? ", 0},
        {"USE foo\n", "use ?\n", 0},
        {"use `foo`;", "use ?", 0},
        {"/* x */use foo", "use ?", 0},
        {"CALL db.p(f(1), 2)", "call db.p(f", 0},
        {"'abc' = 'd'", "'abc?d'", 0}, /* a quote at byte 0 cannot open */
        {"select \"a\" from t where x='it''s'", "select ? from t where x=?'s'", 0},
        {"select * from t where a = NULL or b is not null", "select * from t where a = ? or b is not ?", 0},
        {"select * from t where a in (NULL, 1)", "select * from t where a in(?+)", 0},
        {"insert into t values (1, now())", "insert into t values (?, now())", 0},
        {"insert into t values ()", "insert into t values(?+)", 0},
        {"select * from t order by a, ascore desc", "select * from t order by a,ore desc", 0},
        {"select * from t limit 1 union select * from t limit 2, 3", "select * from t limit ? /*repeat union*/, ?", 0},
        {"select 1true, true1, -true", "select ?true, true?, ??", 0},
        {"SELECT * FROM tbl WHERE flag=TRUE", "select * from tbl where flag=?", FP_MATCH_EMBEDDED_NUMBERS},
        {"select -5, a-1", "select ?, a?", FP_MATCH_EMBEDDED_NUMBERS},
        {"select x from t where id = ? and b = x?", "select x from t where id = ? and b = ?", 0},
        {"", "", 0},
        {"   ", "", 0},
    };
    struct fp_state st = {0};
    int failed = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (!check_one(&st, sv_cstr(cases[i].query), cases[i].flags, cases[i].want, "quirk"))
            failed++;
    fp_state_free(&st);
    assert_int_equal(failed, 0);
}

static void test_query_id(void **state)
{
    (void)state;
    char id[33];
    fp_query_id(sv_cstr("update d?tuningdetail_?_? n inner join d?gonzo a using(gonzo) set n.column? = "
                        "a.column?, n.word? = a.word?"),
                id);
    assert_string_equal(id, "45FE45AEC222350466825DDC008FFA89");
    fp_query_id(sv_cstr(""), id);
    assert_string_equal(id, "D41D8CD98F00B204E9800998ECF8427E");
}

static void test_comments(void **state)
{
    (void)state;
    struct fp_state st = {0};
    const char *q = "/* load com.x.User */ select /*+ NO_ICP(t) */ a /*!40001 b */ from t "
                    "/*action='index',controller='users'*/";
    assert_int_equal(fp_fingerprint(&st, sv_cstr(q), 0), 0);
    assert_string_equal(st.out.p, "select a /*!? b */ from t ");
    assert_int_equal(st.ncomments, 3);
    assert_true(sv_eq_cstr(st.comments[0].text, " load com.x.User "));
    assert_true(sv_eq_cstr(st.comments[1].text, "+ NO_ICP(t) "));
    assert_true(sv_eq_cstr(st.comments[2].text, "action='index',controller='users'"));
    fp_state_free(&st);
}

/* A 32 MB multi-row INSERT: cut after its first tuple, so it costs about what its first bytes do. */
static void test_huge_insert(void **state)
{
    (void)state;
    struct buf q = {0};
    assert_int_equal(buf_append_cstr(&q, "INSERT INTO t (a, b) VALUES (1, 'x')"), 0);
    while (q.n < (32u << 20))
        assert_int_equal(buf_append_cstr(&q, ",(12345, 'abcdefghijklmnopqrstuvwxyz0123456789')"), 0);
    struct fp_state st = {0};
    clock_t t0 = clock();
    for (int i = 0; i < 10; i++)
        assert_int_equal(fp_fingerprint(&st, buf_sv(&q), 0), 0);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_string_equal(st.out.p, "insert into t (a, b) values(?+)");
    /* The only full scan left is rule 2's search for a slash-star, at memory speed. */
    assert_true(secs < 2.0);
    fp_state_free(&st);
    buf_free(&q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases_tsv),
        cmocka_unit_test(test_cases_full_tsv),
        cmocka_unit_test(test_pt_fingerprint_samples),
        cmocka_unit_test(test_quirks),
        cmocka_unit_test(test_query_id),
        cmocka_unit_test(test_comments),
        cmocka_unit_test(test_huge_insert),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
