/* General-log parser: each server's layout and each edge case of reference/formats.md §2 as a small
 * inline log with the exact events expected (rendered as one line each). Every text is also parsed
 * as a stream handed out in blocks of 1, 2, 3, 7 and 64 bytes, which must give the same events.
 * Also: entry-line recognition, login arguments, input sniffing, and the corpus's general logs
 * (every one parses with no diagnostic). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events/genlog.h"
#include "input/reader.h"
#include "input/source.h"
#include "util/buf.h"

struct gl_run {
    struct buf out;   /* one rendered event per line */
    struct slowlog_stats st;
    struct diag d;
    int rc;
};

static void render(struct buf *b, const struct event *ev)
{
    buf_printf(b, "%llu.%u t=%lld u=%.*s h=%.*s db=%.*s line=%llu off=%llu q=%.*s\n",
               (unsigned long long)ev->thread_id, ev->restarts, (long long)ev->ts_us,
               (int)ev->user.n, ev->user.p ? ev->user.p : "", (int)ev->host.n,
               ev->host.p ? ev->host.p : "", (int)ev->db.n, ev->db.p ? ev->db.p : "",
               (unsigned long long)ev->line, (unsigned long long)ev->offset, (int)ev->query.n,
               ev->query.p);
}

static void parse(const char *text, size_t len, size_t block, struct gl_run *r)
{
    memset(r, 0, sizeof *r);
    struct slowlog_opts o = {.file_name = "g.log", .first_line = 1, .stop_at = UINT64_MAX};
    struct reader rd;
    struct source *s = NULL;
    if (block) {
        s = source_open_memory_stream("g.log", text, len, block);
        assert_non_null(s);
        assert_int_equal(reader_init_source_block(&rd, s, block), 0);
    } else {
        reader_init_memory(&rd, text, len, 0);
    }
    struct genlog *p = genlog_open(&rd, &r->d, &o);
    assert_non_null(p);
    struct event ev;
    while ((r->rc = genlog_next_event(p, &ev)) == 1) {
        assert_true(ev.has_thread_id);
        render(&r->out, &ev);
    }
    r->st = *genlog_stats(p);
    assert_int_equal(genlog_stop_offset(p), len);
    genlog_close(p);
    if (block)
        reader_free(&rd);
    source_close(s);
}

static void free_run(struct gl_run *r)
{
    buf_free(&r->out);
    diag_free(&r->d);
}

/* Parses text every way; the events must be `want` and the diagnostics `diags` (joined by '\n'). */
static void check(const char *text, const char *want, const char *diags)
{
    size_t len = strlen(text);
    struct gl_run r;
    parse(text, len, 0, &r);
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.out.p ? r.out.p : "", want);
    struct buf d = {0};
    for (int i = 0; i < r.d.kept; i++)
        buf_printf(&d, "%s\n", r.d.msgs[i]);
    assert_string_equal(d.p ? d.p : "", diags);
    assert_int_equal(r.st.bad_lines, r.d.count);
    buf_free(&d);
    static const size_t blocks[] = {1, 2, 3, 7, 64};
    for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
        struct gl_run s;
        parse(text, len, blocks[b], &s);
        assert_string_equal(s.out.p ? s.out.p : "", r.out.p ? r.out.p : "");
        assert_int_equal(s.d.count, r.d.count);
        free_run(&s);
    }
    free_run(&r);
}

/* MariaDB and MySQL ≤5.6: the time only when the second changes; Connect, Init DB, Quit. */
static void test_mariadb(void **state)
{
    (void)state;
    check("/usr/sbin/mariadbd, Version: 10.11.19-MariaDB-log (Debian 12). started with:\n"
          "Tcp port: 0  Unix socket: /tmp/m.sock\n"
          "Time\t\t    Id Command\tArgument\n"
          "261126  8:50:52\t     3 Connect\tapp@localhost on shop using Socket\n"
          "\t\t     3 Query\tSELECT 1\n"
          "261126  8:50:53\t     4 Connect\troot@10.0.0.1 on  using TCP/IP\n"
          "\t\t     4 Query\tSELECT 2\n"
          "\t\t     4 Init DB\tshop_reporting\n"
          "\t\t     4 Query\tSELECT 3;\n"
          "\t\t     3 Quit\t\n"
          "\t\t     3 Query\tSELECT 4\n",
          "3.1 t=1795683052000000 u=app h=localhost db=shop line=5 off=211 q=SELECT 1\n"
          "4.1 t=1795683053000000 u=root h=10.0.0.1 db= line=7 off=297 q=SELECT 2\n"
          "4.1 t=1795683053000000 u=root h=10.0.0.1 db=shop_reporting line=9 off=353 q=SELECT 3\n"
          "3.1 t=1795683053000000 u= h= db= line=11 off=393 q=SELECT 4\n",
          "");
}

/* MySQL 5.7+: ISO times on every line, UTC or with an offset; Execute is a statement, Prepare and
 * Close stmt are not; Change user and a USE statement change the connection. */
static void test_mysql57(void **state)
{
    (void)state;
    check("2020-07-25T14:35:56.331972Z\t    6 Connect\tu@h on db1 using TCP/IP\n"
          "2020-07-25T14:35:56.5Z\t    6 Prepare\tSELECT * FROM t WHERE id = ?\n"
          "2020-07-25T14:35:57.000001+02:00\t    6 Execute\tSELECT * FROM t WHERE id = 5\n"
          "2020-07-25T14:35:57.000002Z\t    6 Close stmt\t\n"
          "2020-07-25T14:35:58Z\t    6 Query\tuse `db2`\n"
          "2020-07-25T14:35:59Z\t    6 Query\tselect 1\n"
          "2020-07-25T14:36:00Z\t    6 Change user\tv@w on db3 using SSL/TLS\n"
          "2020-07-25T14:36:01Z\t    6 Query\tselect 2\n",
          "6.0 t=1595680557000001 u=u h=h db=db1 line=3 off=132 q=SELECT * FROM t WHERE id = 5\n"
          "6.0 t=1595687758000000 u=u h=h db=db1 line=5 off=254 q=use `db2`\n"
          "6.0 t=1595687759000000 u=u h=h db=db2 line=6 off=297 q=select 1\n"
          "6.0 t=1595687761000000 u=v h=w db=db3 line=8 off=403 q=select 2\n",
          "");
}

/* A statement over several lines, one whose line looks like a banner's second line, CRLF, and an
 * entry line with spaces instead of tabs (terminal copies). */
static void test_multiline(void **state)
{
    (void)state;
    check("2020-05-27T05:03:27.500301Z   11 Query\tSELECT a\r\n"
          "  FROM t\r\n"
          "Tcp port: 5\r\n"
          "\r\n"
          "  WHERE b = 'x\tTime'\r\n"
          "2024-05-13T20:17:42.072665Z        14 Init DB   test_jfg\n"
          "2024-05-13T20:17:43Z        14 Query   SELECT c\n",
          "11.0 t=1590555807500301 u= h= db= line=1 off=0 "
          "q=SELECT a\r\n  FROM t\r\nTcp port: 5\r\n\r\n  WHERE b = 'x\tTime'\n"
          "14.0 t=1715631463000000 u= h= db=test_jfg line=7 off=153 q=SELECT c\n",
          "");
}

/* A restart forgets the connections (ids are reused); lines before any entry are reported once
 * per run; a failed login sets nothing; an unreadable time keeps the one before. */
static void test_restart_and_junk(void **state)
{
    (void)state;
    check("  FROM t WHERE x = 1\n"
          "ORDER BY y\n"
          "\n"
          "\t\t  5 Connect\ta@h on d\n"
          "\t\t  5 Query\tselect 1\n"
          "mysqld, Version: 5.6.51-log (MySQL). started with:\n"
          "Tcp port: 3306  Unix socket: /tmp/s\n"
          "Time                 Id Command    Argument\n"
          "garbage\n"
          "\t\t  5 Connect\tAccess denied for user 'a'@'h' (using password: YES)\n"
          "991399 99:99:99\t  5 Query\tselect 2\n",
          "5.0 t=-9223372036854775808 u=a h=h db=d line=5 off=56 q=select 1\n"
          "5.1 t=-9223372036854775808 u= h= db= line=11 off=283 q=select 2\n",
          "g.log:1: line outside any general-log entry skipped\n"
          "g.log:9: line outside any general-log entry skipped\n"
          "g.log:11: unreadable time in an entry line\n");
}

/* A truncated last statement, NUL bytes and invalid UTF-8 pass through; an empty Query is none. */
static void test_odd_bytes(void **state)
{
    (void)state;
    static const char text[] = "\t\t7 Query\t\n\t\t7 Query\tselect '\xff\xfe' from t where a = 'b";
    check(text, "7.0 t=-9223372036854775808 u= h= db= line=2 off=11 "
                "q=select '\xff\xfe' from t where a = 'b\n", "");
    static const char nul[] = "\t\t8 Query\tselect '\0x'\n";
    struct gl_run r;
    parse(nul, sizeof nul - 1, 0, &r);
    assert_int_equal(r.st.events, 1);
    assert_int_equal(r.d.count, 0);
    free_run(&r);
}

/* Entry lines whose tabs were expanded to spaces, read as pt-query-digest reads them (any run of
 * spaces or tabs after the time, at the start of an untimed line, between date and time and after
 * the command), and the indented lines that stay continuation lines. */
static void test_expanded_tabs(const struct tzone *utc)
{
    struct genlog_entry e;
    assert_true(genlog_parse_entry(sv_cstr("100211  0:55:24      51 Query       SELECT 1"), utc, &e));
    assert_true(e.has_time && e.time_ok);
    assert_int_equal(e.id, 51);
    assert_int_equal(e.cmd, GENLOG_QUERY);
    assert_int_equal(e.arg_at, 36);
    int64_t t = e.ts_us;
    assert_true(genlog_parse_entry(sv_cstr("100211 00:55:24\t51 Query\tSELECT 1"), utc, &e));
    assert_true(e.time_ok && e.ts_us == t);
    assert_true(genlog_parse_entry(sv_cstr("100211   0:55:24 \t 51 Quit"), utc, &e));
    assert_true(e.time_ok && e.ts_us == t);
    assert_true(genlog_parse_entry(sv_cstr("                     51 Query       SELECT"), utc, &e));
    assert_false(e.has_time);
    assert_int_equal(e.id, 51);
    assert_int_equal(e.arg_at, 36);
    assert_true(genlog_parse_entry(sv_cstr("               \t     11 Connect     a@b on d"), utc, &e));
    assert_int_equal(e.cmd, GENLOG_CONNECT);
    assert_true(genlog_parse_entry(sv_cstr("\t\t \t 11 Init DB\tshop"), utc, &e));
    assert_int_equal(e.cmd, GENLOG_INIT_DB);
    assert_true(genlog_parse_entry(sv_cstr("\t\t11\tQuery\tselect 1"), utc, &e));
    /* Not entries: continuation lines, and near misses of a time. */
    assert_false(genlog_parse_entry(sv_cstr("                FROM auction_category_map "), utc, &e));
    assert_false(genlog_parse_entry(sv_cstr("    12 rows\tin set"), utc, &e));
    assert_false(genlog_parse_entry(sv_cstr("    12 Some New\targ"), utc, &e));
    assert_false(genlog_parse_entry(sv_cstr("    12  Query x"), utc, &e));
    assert_false(genlog_parse_entry(sv_cstr(" 12"), utc, &e));
    assert_false(genlog_parse_entry(sv_cstr("100211  0:55:24"), utc, &e));
    assert_false(genlog_parse_entry(sv_cstr("100211  0:55:24x 51 Query\tx"), utc, &e));
    assert_false(genlog_parse_entry(sv_cstr("100211 123:55:24 51 Query\tx"), utc, &e));
    assert_false(genlog_parse_entry(sv_cstr("1002110:55:24 51 Query\tx"), utc, &e));
    assert_false(genlog_parse_entry(sv_cstr("100211  0:55:24      51Query x"), utc, &e));
}

static void test_entry_lines(void **state)
{
    (void)state;
    struct tzone utc = {.fixed = true};
    struct genlog_entry e;
    assert_true(genlog_parse_entry(sv_cstr("\t\t173197872 Change user\tx@y on  using SSL/TLS"),
                                   &utc, &e));
    assert_int_equal(e.cmd, GENLOG_CHANGE_USER);
    assert_int_equal(e.id, 173197872);
    assert_true(genlog_parse_entry(sv_cstr("\t\t  3 Binlog Dump GTID\t"), &utc, &e));
    assert_true(sv_eq_cstr(e.cmd_name, "Binlog Dump GTID"));
    assert_true(genlog_parse_entry(sv_cstr("\t\t  3 Quit"), &utc, &e));
    assert_int_equal(e.cmd, GENLOG_QUIT);
    assert_true(genlog_parse_entry(sv_cstr("\t\t  3 Some New\targ"), &utc, &e));
    assert_int_equal(e.cmd, GENLOG_OTHER);
    assert_false(genlog_parse_entry(sv_cstr("\t\tAND x = 1"), &utc, &e));
    assert_false(genlog_parse_entry(sv_cstr("\t\t1 AND x = 1"), &utc, &e));
    assert_false(genlog_parse_entry(sv_cstr("Time                 Id Command    Argument"), &utc,
                                    &e));
    assert_false(genlog_parse_entry(sv_cstr("2020-07-25T14:35:56Z"), &utc, &e));
    test_expanded_tabs(&utc);
    struct sv u, h, d;
    assert_true(genlog_parse_login(sv_cstr("root@localhost as anonymous on test"), &u, &h, &d));
    assert_true(sv_eq_cstr(u, "root") && sv_eq_cstr(h, "localhost") && sv_eq_cstr(d, "test"));
    assert_true(genlog_parse_login(sv_cstr("user@localhost on "), &u, &h, &d));
    assert_int_equal(d.n, 0);
    assert_false(genlog_parse_login(sv_cstr("Access denied for user 'r'@'l' (using password: NO)"),
                                    &u, &h, &d));
}

static void test_sniff(void **state)
{
    (void)state;
    static const char *const gen[] = {
        "mysqld, Version: 5.6.51-log (MySQL). started with:\nTcp port: 3306  Unix socket: s\n"
        "Time                 Id Command    Argument\n\t\t  5 Connect\ta@h on d\n",
        "  FROM t\n161205 11:59:33\t892203 Query\tselect 1\n",
        "2020-05-27T05:03:27.500301Z   11 Query\tSET @@sql_log_bin=off\n",
        "100211  0:55:24      51 Query       SELECT category_id\n                FROM t\n",
    };
    static const char *const slow[] = {
        "mysqld, Version: 5.6.51-log (MySQL). started with:\nTcp port: 3306  Unix socket: s\n"
        "Time                 Id Command    Argument\n# Time: 161205 11:59:33\n",
        "# User@Host: a[a] @ h []\n",
        "select 1;\n\t\t  5 Query\tx\n# Time: 1\n",
        "",
    };
    for (size_t i = 0; i < sizeof gen / sizeof gen[0]; i++)
        assert_true(genlog_sniff(gen[i], strlen(gen[i])));
    assert_false(genlog_sniff(slow[0], strlen(slow[0])));
    assert_false(genlog_sniff(slow[1], strlen(slow[1])));
    assert_false(genlog_sniff(slow[3], 0));
}

/* The per-connection table follows the connections open at once: a million connections that each
 * connect and quit leave it empty, and ones that never quit are bounded. */
static void test_connections_bounded(void **state)
{
    (void)state;
    struct buf b = {0};
    for (int i = 1; i <= 200000; i++)
        buf_printf(&b, "\t\t%d Connect\tu@h on d\n\t\t%d Query\tselect %d\n%s", i, i, i,
                   i % 2 ? "" : "");
    for (int i = 1; i <= 100000; i++)
        buf_printf(&b, "\t\t%d Quit\t\n", i);
    struct diag d = {0};
    struct slowlog_opts o = {.file_name = "g.log", .first_line = 1, .stop_at = UINT64_MAX};
    struct reader rd;
    reader_init_memory(&rd, b.p, b.n, 0);
    struct genlog *p = genlog_open(&rd, &d, &o);
    struct event ev;
    uint64_t n = 0;
    while (genlog_next_event(p, &ev) == 1)
        n++;
    assert_int_equal(n, 200000);
    assert_true(genlog_open_connections(p) <= 65536);
    genlog_close(p);
    diag_free(&d);
    buf_free(&b);
}

/* Every general log of the corpus parses with no diagnostic. */
static void test_corpus(void **state)
{
    (void)state;
    static const char *const files[] = {
        "formats/mysql_analyse_general_log/unit-test/general_log.test1.lines1-700.log",
        "formats/mysql-stress-test-genlog/general.log.test",
        "formats/MySQLGeneralLogColorizer/tests/fixtures/oneMasterOneSlaveDifferentIp.txt",
        "formats/MySQLGeneralLogColorizer/tests/fixtures/oneMasterOneSlaveDifferentUsername.txt",
        "formats/genlog/README.md.lines11-13.general-log-8.0-spaces-after-time.extract",
        "formats/jfg956-mysql-server/jfg_brain_dump/mysql-8.4.0-general-log-init-db-line.log",
        "percona/t/lib/samples/genlogs/genlog002.txt", /* tabs expanded to spaces */
        "percona/t/lib/samples/genlogs/genlog003.txt", /* spaces between date and time */
    };
    static const uint64_t events[] = {0, 0, 0, 0, 3, 0, 2, 2}; /* 0: not checked */
    char path[1024];
    snprintf(path, sizeof path, "%s/corpus/formats", SLOWDEX_SHARED_DIR);
    FILE *probe = fopen(path, "r");
    if (!probe)
        skip();
    fclose(probe);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/corpus/%s", SLOWDEX_SHARED_DIR, files[i]);
        char err[256];
        struct source *s = source_open(path, err, sizeof err);
        assert_non_null(s);
        assert_true(genlog_sniff(source_data(s), source_size(s)));
        struct gl_run r;
        parse(source_data(s), source_size(s), 0, &r);
        if (r.d.count)
            fprintf(stderr, "%s\n", r.d.msgs[0]);
        assert_int_equal(r.d.count, 0);
        assert_true(r.st.events > 0 || i == 5); /* the last holds one Init DB line */
        if (events[i])
            assert_int_equal(r.st.events, events[i]);
        free_run(&r);
        source_close(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mariadb),          cmocka_unit_test(test_mysql57),
        cmocka_unit_test(test_multiline),        cmocka_unit_test(test_restart_and_junk),
        cmocka_unit_test(test_odd_bytes),        cmocka_unit_test(test_entry_lines),
        cmocka_unit_test(test_sniff),            cmocka_unit_test(test_connections_bounded),
        cmocka_unit_test(test_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
