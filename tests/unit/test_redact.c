/* report_redact: literals become '?', identifiers, keywords and comment markers stay, whatever the
 * quoting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "report/report.h"

static void check(const char *in, const char *want)
{
    struct buf b = {0};
    assert_int_equal(report_redact(in, strlen(in), &b), 0);
    assert_string_equal(b.p ? b.p : "", want);
    buf_free(&b);
}

static void test_strings_and_numbers(void **state)
{
    (void)state;
    check("SELECT * FROM t WHERE a = 'x' AND b = 12", "SELECT * FROM t WHERE a = ? AND b = ?");
    check("select \"dq\", 'it''s', 'a\\'b', 1.5e-3, .5, -7", "select ?, ?, ?, ?, ?, -?");
    check("insert into t values (0x1F, X'AB', b'01', N'text', 0b101)",
          "insert into t values (?, ?, ?, ?, ?)");
}

static void test_identifiers_kept(void **state)
{
    (void)state;
    check("select * from table1 join `2024_sales` s on s.id1 = t2.x",
          "select * from table1 join `2024_sales` s on s.id1 = t2.x");
    check("select `it's` from db9.t_1 where c = 3", "select `it's` from db9.t_1 where c = ?");
    check("select café, naïve_9 from t", "select café, naïve_9 from t");
}

static void test_comments(void **state)
{
    (void)state;
    check("select 1 /* user=bob id=7 */ from t", "select ? /* */ from t");
    check("select 1 -- secret 'x'\nfrom t", "select ? --\nfrom t");
    check("select 1 # note\n", "select ? #\n");
    check("select /*!40001 SQL_NO_CACHE 5 */ a from t", "select /*!? SQL_NO_CACHE ? */ a from t");
    check("select 'a /* not a comment */' from t", "select ? from t");
    check("select 1--2", "select ?--?");
}

static void test_unterminated(void **state)
{
    (void)state;
    check("select 'abc", "select ?");
    check("select 1 /* open", "select ? /*");
    check("", "");
    struct buf b = {0};
    assert_int_equal(report_redact(NULL, 0, &b), 0);
    assert_int_equal(b.n, 0);
    buf_free(&b);
    /* embedded NUL and bytes that are not UTF-8 pass through unchanged */
    const char in[] = {'s', 'e', 'l', '\0', (char)0xff, ' ', '\'', 'x', '\''};
    assert_int_equal(report_redact(in, sizeof in, &b), 0);
    assert_int_equal(b.n, 7);
    assert_memory_equal(b.p, "sel\0\xff ?", 7);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strings_and_numbers),
        cmocka_unit_test(test_identifiers_kept),
        cmocka_unit_test(test_comments),
        cmocka_unit_test(test_unterminated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
