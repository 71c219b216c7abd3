/* The SQL lexer, statement splitter, sql_mode list and target servers: tokens, positions and
 * lines exactly as the server would read them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sql/lexer.h"
#include "sql/target.h"

/* Renders every token as KIND:text separated by spaces. */
static void lex_all(const char *sql, unsigned modes, const char *target, char *out, size_t size)
{
    struct sql_target t = sql_target_default();
    if (target)
        assert_true(sql_target_parse(target, &t));
    struct sql_lexer lx;
    sql_lexer_init(&lx, sql, strlen(sql), modes, &t);
    static const char *const names[] = {"eof", "w", "q", "s", "n", "p", "v", "h", "o", "ERR"};
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < 200; i++) {
        struct sql_token tok = sql_lexer_next(&lx);
        if (tok.kind == SQL_TOK_EOF)
            break;
        used += (size_t)snprintf(out + used, size - used, "%s%s:%.*s", used ? " " : "",
                                 names[tok.kind], (int)tok.len, tok.p);
        assert_true(used < size);
    }
}

static void expect_tokens(const char *sql, unsigned modes, const char *target, const char *want)
{
    char got[2048];
    lex_all(sql, modes, target, got, sizeof got);
    if (strcmp(got, want) != 0)
        fail_msg("lexing %s\n got: %s\nwant: %s", sql, got, want);
}

static void test_basic_tokens(void **state)
{
    (void)state;
    expect_tokens("SELECT a.b, `c``d`, 'it''s', \"x\\\"y\" FROM t WHERE x<=>? AND y!=-1.5e3",
                  0, NULL,
                  "w:SELECT w:a o:. w:b o:, q:`c``d` o:, s:'it''s' o:, s:\"x\\\"y\" w:FROM w:t "
                  "w:WHERE w:x o:<=> p:? w:AND w:y o:!= o:- n:1.5e3");
    expect_tokens("select 1abc, 0x1F, 0b01, X'ff', _utf8mb4'é', N'n', .5, t.5x, @a, @@global.x",
                  0, NULL,
                  "w:select w:1abc o:, n:0x1F o:, n:0b01 o:, s:X'ff' o:, s:_utf8mb4'é' o:, "
                  "s:N'n' o:, n:.5 o:, w:t o:. w:5x o:, v:@a o:, v:@@global.x");
    expect_tokens("a->>'$.x' || b := c", 0, NULL, "w:a o:->> s:'$.x' o:|| w:b o::= w:c");
}

static void test_comments(void **state)
{
    (void)state;
    expect_tokens("SELECT 1 # c\n, 2 -- c\n, 3 --4\n/* x */ FROM t", 0, NULL,
                  "w:SELECT n:1 o:, n:2 o:, n:3 o:- o:- n:4 w:FROM w:t");
    expect_tokens("SELECT /*+ BKA(t) */ a FROM t", 0, NULL,
                  "w:SELECT h:/*+ BKA(t) */ w:a w:FROM w:t");
    expect_tokens("SELECT 1 /* never closed", 0, NULL, "w:SELECT n:1 ERR:/* never closed");
    expect_tokens("SELECT 'never closed", 0, NULL, "w:SELECT ERR:'never closed");
}

static void test_version_comments(void **state)
{
    (void)state;
    const char *sql = "/*!40101 SET a=1 */ /*!80016 NOT ENFORCED */ /*M!100100 MARIA */ "
                      "/*!99999 FUTURE */ /*! ALWAYS */ /*M!999999\\- enable the sandbox mode */";
    expect_tokens(sql, 0, "mysql:8.0.36", "w:SET w:a o:= n:1 w:NOT w:ENFORCED w:ALWAYS");
    expect_tokens(sql, 0, "mysql:5.7", "w:SET w:a o:= n:1 w:ALWAYS");
    expect_tokens(sql, 0, "mariadb:10.11", "w:SET w:a o:= n:1 w:MARIA w:ALWAYS");
    expect_tokens(sql, 0, "mariadb:10.0", "w:SET w:a o:= n:1 w:ALWAYS");
}

static void test_sql_modes(void **state)
{
    (void)state;
    expect_tokens("SELECT \"a\"\"b\" FROM 'x\\'", SQL_MODE_ANSI_QUOTES | SQL_MODE_NO_BACKSLASH_ESCAPES,
                  NULL, "w:SELECT q:\"a\"\"b\" w:FROM s:'x\\'");
    unsigned modes = 0;
    struct sv bad;
    assert_true(sql_mode_parse("STRICT_TRANS_TABLES, ansi_quotes,NO_BACKSLASH_ESCAPES", &modes, &bad));
    assert_int_equal(modes, SQL_MODE_ANSI_QUOTES | SQL_MODE_NO_BACKSLASH_ESCAPES);
    assert_true(sql_mode_parse("ANSI", &modes, &bad));
    assert_int_equal(modes, SQL_MODE_ANSI_QUOTES | SQL_MODE_PIPES_AS_CONCAT);
    assert_false(sql_mode_parse("ANSI_QUOTES,BOGUS", &modes, &bad));
    assert_true(sv_eq_cstr(bad, "BOGUS"));
}

static void test_positions_and_lines(void **state)
{
    (void)state;
    const char *sql = "SELECT\n  'a\nb' ,\n/* c\n */ x";
    struct sql_lexer lx;
    sql_lexer_init(&lx, sql, strlen(sql), 0, NULL);
    struct sql_token t = sql_lexer_next(&lx);
    assert_int_equal(t.pos, 0);
    assert_int_equal(t.line, 1);
    t = sql_lexer_next(&lx);
    assert_int_equal(t.pos, 9);
    assert_int_equal(t.line, 2);
    t = sql_lexer_next(&lx);
    assert_int_equal(t.line, 3);
    t = sql_lexer_next(&lx);
    assert_int_equal(t.line, 5);
    assert_int_equal(t.pos, strlen(sql) - 1);
    assert_int_equal(sql_lexer_next(&lx).kind, SQL_TOK_EOF);
    assert_int_equal(sql_lexer_next(&lx).kind, SQL_TOK_EOF);
}

static void test_unquote(void **state)
{
    (void)state;
    struct sql_lexer lx;
    const char *sql = "`a``b.c` 'it''s\\n\\%' \"x\"\"y\"";
    sql_lexer_init(&lx, sql, strlen(sql), SQL_MODE_ANSI_QUOTES, NULL);
    char buf[64];
    struct sql_token t = sql_lexer_next(&lx);
    assert_int_equal(sql_ident_unquote(&t, buf, sizeof buf), 5);
    assert_string_equal(buf, "a`b.c");
    t = sql_lexer_next(&lx);
    sql_string_value(&t, 0, buf, sizeof buf);
    assert_string_equal(buf, "it's\n\\%");
    t = sql_lexer_next(&lx);
    assert_int_equal(t.kind, SQL_TOK_QIDENT);
    sql_ident_unquote(&t, buf, 3);
    assert_string_equal(buf, "x\"");
}

static void test_splitter(void **state)
{
    (void)state;
    const char *script = "/*M!999999\\- enable the sandbox mode */\n"
                         "-- MariaDB dump\n"
                         "/*!40101 SET @x=1 */;\n"
                         "CREATE TABLE t (a varchar(3) DEFAULT ';');\n"
                         "DELIMITER ;;\n"
                         "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET @a=1; END ;;\n"
                         "DELIMITER ;\n"
                         "  # trailing comment\n"
                         "SELECT 1 /* ; */ , '-- ;' ; ;\n"
                         "SELECT 2";
    struct sql_splitter sp;
    sql_splitter_init(&sp, script, strlen(script), 0);
    struct sql_statement st;
    const char *want[] = {"/*!40101 SET @x=1 */", "CREATE TABLE t (a varchar(3) DEFAULT ';')",
                          "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET @a=1; END",
                          "SELECT 1 /* ; */ , '-- ;'", "SELECT 2"};
    const uint32_t lines[] = {3, 4, 6, 9, 10};
    for (size_t i = 0; i < 5; i++) {
        assert_true(sql_splitter_next(&sp, &st));
        char got[200];
        snprintf(got, sizeof got, "%.*s", (int)st.len, st.p);
        assert_string_equal(got, want[i]);
        assert_int_equal(st.line, lines[i]);
        assert_int_equal(st.terminated, i < 4);
    }
    assert_false(sql_splitter_next(&sp, &st));
}

static void test_targets(void **state)
{
    (void)state;
    struct sql_target t;
    char buf[64];
    assert_true(sql_target_parse("MariaDB:10.11", &t));
    assert_int_equal(t.flavor, SQL_MARIADB);
    assert_int_equal(t.version, 101100);
    assert_false(t.guessed);
    assert_true(sql_target_parse("mysql:8.0.36", &t));
    sql_target_format(&t, buf, sizeof buf);
    assert_string_equal(buf, "mysql:8.0.36");
    assert_false(sql_target_parse("postgres:16", &t));
    assert_false(sql_target_parse("mysql:8", &t));
    assert_false(sql_target_parse("mysql:8.0.x", &t));
    const char *v = "10.11.6-MariaDB-0+deb12u1-log";
    assert_true(sql_target_from_version_string(v, strlen(v), &t));
    assert_int_equal(t.flavor, SQL_MARIADB);
    assert_int_equal(t.version, 101106);
    v = "5.5.68-MariaDB";
    assert_true(sql_target_from_version_string(v, strlen(v), &t));
    assert_int_equal(t.flavor, SQL_MARIADB);
    v = "5.7.44-48-log";
    assert_true(sql_target_from_version_string(v, strlen(v), &t));
    assert_int_equal(t.flavor, SQL_MYSQL);
    assert_int_equal(t.version, 50744);
    t = sql_target_default();
    assert_true(t.guessed);
    assert_int_equal(t.version, 80000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_tokens),     cmocka_unit_test(test_comments),
        cmocka_unit_test(test_version_comments), cmocka_unit_test(test_sql_modes),
        cmocka_unit_test(test_positions_and_lines), cmocka_unit_test(test_unquote),
        cmocka_unit_test(test_splitter),         cmocka_unit_test(test_targets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
