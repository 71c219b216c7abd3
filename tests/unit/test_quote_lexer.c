/* The quote lexer of the slow-log parser (sl_lex) against a plain byte-at-a-time reference: its fast
 * path counts single quotes 16 or 32 bytes at a time and hands over to token lexing around anything
 * else, and must always end in the state the reference ends in. Random inputs over the bytes that
 * matter, long enough to cross many blocks, with a fixed seed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "events/slowlog_int.h"

/* The rules the parser applies, one byte at a time. */
static int reference(const char *s, size_t n)
{
    int st = SLX_NONE;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        switch (st) {
        case SLX_NONE:
            if (c == '\'')
                st = SLX_SQ;
            else if (c == '"')
                st = SLX_DQ;
            else if (c == '`')
                st = SLX_BQ;
            else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
                st = SLX_COMMENT;
                i++;
            } else if (c == '#' || (c == '-' && i + 2 < n && s[i + 1] == '-' &&
                                    (s[i + 2] == ' ' || s[i + 2] == '\t' || s[i + 2] == '\n' ||
                                     s[i + 2] == '\r')))
                st = SLX_LINE_COMMENT;
            break;
        case SLX_SQ:
        case SLX_DQ:
        case SLX_BQ: {
            char q = st == SLX_SQ ? '\'' : st == SLX_DQ ? '"' : '`';
            if (c == '\\' && st != SLX_BQ)
                i++;
            else if (c == q && i + 1 < n && s[i + 1] == q)
                i++;
            else if (c == q)
                st = SLX_NONE;
            break;
        }
        case SLX_COMMENT:
            if (c == '*' && i + 1 < n && s[i + 1] == '/') {
                st = SLX_NONE;
                i++;
            }
            break;
        default:
            if (c == '\n')
                st = SLX_NONE;
            break;
        }
    }
    return st;
}

static void check(const char *s, size_t n, const char *what)
{
    int st = SLX_NONE;
    sl_lex(&st, s, n, false);
    int want = reference(s, n);
    if (st != want)
        fail_msg("%s: sl_lex ends in %d, the reference in %d for [%.*s]", what, st, want,
                 (int)(n < 200 ? n : 200), s);
}

static void test_random_statements(void **state)
{
    (void)state;
    /* Mostly plain text and single quotes (the fast path), with the other bytes now and then. */
    static const char common[] = "aaaaaaaaaaaaaaaa(1,'x')  ,,00''";
    static const char rare[] = "\"`\\#-/*\n ";
    char buf[4096];
    srand(7);
    for (int round = 0; round < 20000; round++) {
        size_t n = (size_t)(rand() % (int)sizeof buf);
        int rare_rate = 1 + rand() % 200;
        for (size_t i = 0; i < n; i++)
            buf[i] = rand() % rare_rate == 0 ? rare[rand() % (int)(sizeof rare - 1)]
                                             : common[rand() % (int)(sizeof common - 1)];
        check(buf, n, "random");
    }
}

static void test_known_cases(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "INSERT INTO `film_actor` VALUES (1,1,'2006-02-15 10:05:03'),(1,23,'2006-02-15 10:05:03');",
        "SELECT 'it''s' FROM t WHERE a = 'x' -- a comment with a ' quote\n AND b = 'y'",
        "SELECT 'a\\'b' FROM t; /* don't */ SELECT '",
        "SELECT \"double 'quoted'\", `back``tick`, 'single' # note '\nFROM t",
        "x------------------------------- 'a' -- ' open\n'b'",
        "////////////////////////////////*'/* '*/ ' still open",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check(cases[i], strlen(cases[i]), cases[i]);
    /* A pair split across a block boundary: "--" and slash-star at every offset. */
    char buf[200];
    for (size_t k = 1; k < 100; k++) {
        memset(buf, 'a', sizeof buf);
        buf[k] = '-';
        buf[k + 1] = '-';
        buf[k + 2] = ' ';
        buf[k + 3] = '\'';
        check(buf, sizeof buf, "dash pair");
        memset(buf, 'a', sizeof buf);
        buf[k] = '/';
        buf[k + 1] = '*';
        buf[k + 5] = '\'';
        check(buf, sizeof buf, "comment pair");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_cases),
        cmocka_unit_test(test_random_statements),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
