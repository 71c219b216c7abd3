/* Slow-log parser: one test per dialect and edge case of reference/formats.md §1, each with a small
 * inline log and the exact expected events (every field, rendered by slowlog_test_util.h). Every
 * text is also parsed as a stream handed out in blocks of 1, 2, 3, 5, 7, 64 and 4096 bytes, which
 * must give the same events, and split at every guessed boundary, which must too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "slowlog_test_util.h"

static void assert_same_events(const struct sl_run *a, const struct sl_run *b)
{
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++)
        assert_string_equal(a->ev[i], b->ev[i]);
}

/* Parses text every way and compares with the expected events and counts. */
static void check_text(const char *text, size_t len, const char *const *want,
                       const char *const *diags, uint64_t bad, uint64_t banners, uint64_t lines)
{
    struct slowlog_opts o = {.file_name = "t.log", .first_line = 1, .stop_at = UINT64_MAX};
    struct sl_run r;
    slt_parse_opts(text, len, 0, &r, &o, NULL);
    size_t n = 0;
    while (want[n])
        n++;
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.n, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(r.ev[i], want[i]);
    assert_int_equal(r.st.events, n);
    assert_int_equal(r.st.bad_lines, bad);
    assert_int_equal(r.st.banners, banners);
    assert_int_equal(r.st.lines, lines);
    assert_int_equal(r.stop, len);
    int nd = 0;
    while (diags[nd])
        nd++;
    assert_int_equal(r.d.count, nd);
    for (int i = 0; i < nd; i++)
        assert_string_equal(r.d.msgs[i], diags[i]);
    static const size_t blocks[] = {1, 2, 3, 5, 7, 64, 4096};
    for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
        struct sl_run s;
        slt_parse_opts(text, len, blocks[b], &s, &o, NULL);
        assert_same_events(&r, &s);
        assert_int_equal(s.st.bad_lines, bad);
        assert_int_equal(s.stop, len);
        slt_free(&s);
    }
    struct sl_run sp;
    uint64_t spbad;
    slt_split_parse(text, len, &sp, &spbad);
    assert_same_events(&r, &sp);
    assert_int_equal(spbad, bad);
    slt_free(&sp);
    slt_free(&r);
}

static void test_mysql50_banner(void **state)
{
    (void)state;
    static const char text[] =
        "/usr/sbin/mysqld, Version: 5.0.38-Ubuntu_0ubuntu1.1-log (Ubuntu 7.04 distribution). started with:\n"
        "Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock\n"
        "Time                 Id Command    Argument\n"
        "# Time: 071015 21:43:52\n"
        "# User@Host: root[root] @ localhost []\n"
        "# Query_time: 2  Lock_time: 0  Rows_sent: 1  Rows_examined: 0\n"
        "use test;\n"
        "select sleep(2) from n;\n";
    static const char *const want[] = {
        "q=[select sleep(2) from n] admin=0 ts=1192484632000000 set_ts=-9223372036854775808 user=[root] host=[localhost] ip=[] db=[test] tid=none restarts=1 off=199 line=4 file=0 attrs={Query_time=2,Lock_time=0,Rows_sent=1,Rows_examined=0}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 1, 8);
}

static void test_mysql56_id_padded_hour(void **state)
{
    (void)state;
    static const char text[] =
        "# Time: 131128  1:05:31\n"
        "# User@Host: msandbox[msandbox] @ localhost [127.0.0.1]  Id:   169\n"
        "# Query_time: 0.000237  Lock_time: 0.000004 Rows_sent: 0  Rows_examined: 0\n"
        "SET timestamp=1385600731;\n"
        "SELECT 1;\n"
        "# User@Host: msandbox[msandbox] @ localhost [127.0.0.1]  Id:   170\n"
        "# Query_time: 0.000100  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 1\n"
        "SET timestamp=1385600731;\n"
        "SELECT 2;\n";
    static const char *const want[] = {
        "q=[SELECT 1] admin=0 ts=1385600731000000 set_ts=1385600731 user=[msandbox] host=[localhost] ip=[127.0.0.1] db=[] tid=169 restarts=0 off=0 line=1 file=0 attrs={Query_time=0.000237,Lock_time=0.000004,Rows_sent=0,Rows_examined=0,timestamp=1385600731}",
        "q=[SELECT 2] admin=0 ts=1385600731000000 set_ts=1385600731 user=[msandbox] host=[localhost] ip=[127.0.0.1] db=[] tid=170 restarts=0 off=202 line=6 file=0 attrs={Query_time=0.000100,Lock_time=0.000000,Rows_sent=1,Rows_examined=1,timestamp=1385600731}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 9);
}

static void test_mysql57_iso_utc(void **state)
{
    (void)state;
    static const char text[] =
        "# Time: 2016-07-20T18:13:25.698433Z\n"
        "# User@Host: root[root] @ localhost []  Id:     3\n"
        "# Query_time: 0.000181  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 0\n"
        "SET timestamp=1469038405;\n"
        "select @@version_comment limit 1;\n";
    static const char *const want[] = {
        "q=[select @@version_comment limit 1] admin=0 ts=1469038405698433 set_ts=1469038405 user=[root] host=[localhost] ip=[] db=[] tid=3 restarts=0 off=0 line=1 file=0 attrs={Query_time=0.000181,Lock_time=0.000000,Rows_sent=1,Rows_examined=0,timestamp=1469038405}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 5);
}

static void test_iso_with_offset(void **state)
{
    (void)state;
    static const char text[] =
        "# Time: 2018-08-07T16:27:47.169604+08:00\n"
        "# User@Host: appuser[appuser] @ apphost [1.1.1.1]  Id: 10997316\n"
        "# Query_time: 7.000000  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 0\n"
        "SET timestamp=1533630467;\n"
        "SELECT SLEEP(7);\n";
    static const char *const want[] = {
        "q=[SELECT SLEEP(7)] admin=0 ts=1533630467169604 set_ts=1533630467 user=[appuser] host=[apphost] ip=[1.1.1.1] db=[] tid=10997316 restarts=0 off=0 line=1 file=0 attrs={Query_time=7.000000,Lock_time=0.000000,Rows_sent=1,Rows_examined=0,timestamp=1533630467}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 5);
}

static void test_mysql80_log_slow_extra(void **state)
{
    (void)state;
    static const char text[] =
        "# Time: 2024-05-10T17:45:09.474988Z\n"
        "# User@Host: msandbox[msandbox] @ localhost []  Id:    12\n"
        "# Query_time: 0.000244  Lock_time: 0.000003 Rows_sent: 0  Rows_examined: 0 Thread_id: 12 Errno: 0 Killed: 0 Bytes_received: 22 Bytes_sent: 56 Read_first: 1 Start: 2024-05-10T17:45:09.474744Z End: 2024-05-10T17:45:09.474988Z\n"
        "use test_jfg;\n"
        "SET timestamp=1715363109;\n"
        "select * from t;\n";
    static const char *const want[] = {
        "q=[select * from t] admin=0 ts=1715363109474988 set_ts=1715363109 user=[msandbox] host=[localhost] ip=[] db=[test_jfg] tid=12 restarts=0 off=0 line=1 file=0 attrs={Query_time=0.000244,Lock_time=0.000003,Rows_sent=0,Rows_examined=0,Thread_id=12,Errno=0,Killed=0,Bytes_received=22,Bytes_sent=56,Read_first=1,Start=2024-05-10T17:45:09.474744Z,End=2024-05-10T17:45:09.474988Z,timestamp=1715363109}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 6);
}

static void test_percona_extended(void **state)
{
    (void)state;
    static const char text[] =
        "# Time: 091205 19:55:11\n"
        "# User@Host: user1[user1] @ localhost [127.0.0.1]  Id: 69194\n"
        "# Schema: maindb  Last_errno: 0  Killed: 0\n"
        "# Query_time: 0.000228  Lock_time: 0.000114  Rows_sent: 1  Rows_examined: 1  Rows_affected: 0\n"
        "# Bytes_sent: 545  Tmp_tables: 0  Tmp_disk_tables: 0  Tmp_table_sizes: 0\n"
        "# InnoDB_trx_id: 1A88583F\n"
        "# QC_Hit: No  Full_scan: No  Full_join: No  Tmp_table: No  Tmp_table_on_disk: No\n"
        "# Filesort: No  Filesort_on_disk: No  Merge_passes: 0\n"
        "#   InnoDB_IO_r_ops: 0  InnoDB_IO_r_bytes: 0  InnoDB_IO_r_wait: 0.000000\n"
        "#   InnoDB_rec_lock_wait: 0.000000  InnoDB_queue_wait: 0.000000\n"
        "#   InnoDB_pages_distinct: 2\n"
        "# Log_slow_rate_type: query  Log_slow_rate_limit: 2\n"
        "SET timestamp=1260042911;\n"
        "SELECT id FROM t WHERE a = 1;\n"
        "# User@Host: user1[user1] @ localhost [127.0.0.1]  Id: 69194\n"
        "# Schema: maindb  Last_errno: 0  Killed: 0\n"
        "# Query_time: 0.000010  Lock_time: 0.000000  Rows_sent: 0  Rows_examined: 0  Rows_affected: 0\n"
        "# No InnoDB statistics available for this query\n"
        "SET timestamp=1260042911;\n"
        "COMMIT;\n";
    static const char *const want[] = {
        "q=[SELECT id FROM t WHERE a = 1] admin=0 ts=1260042911000000 set_ts=1260042911 user=[user1] host=[localhost] ip=[127.0.0.1] db=[maindb] tid=69194 restarts=0 off=0 line=1 file=0 attrs={Schema=maindb,Last_errno=0,Killed=0,Query_time=0.000228,Lock_time=0.000114,Rows_sent=1,Rows_examined=1,Rows_affected=0,Bytes_sent=545,Tmp_tables=0,Tmp_disk_tables=0,Tmp_table_sizes=0,InnoDB_trx_id=1A88583F,QC_Hit=No,Full_scan=No,Full_join=No,Tmp_table=No,Tmp_table_on_disk=No,Filesort=No,Filesort_on_disk=No,Merge_passes=0,InnoDB_IO_r_ops=0,InnoDB_IO_r_bytes=0,InnoDB_IO_r_wait=0.000000,InnoDB_rec_lock_wait=0.000000,InnoDB_queue_wait=0.000000,InnoDB_pages_distinct=2,Log_slow_rate_type=query,Log_slow_rate_limit=2,timestamp=1260042911}",
        "q=[COMMIT] admin=0 ts=1260042911000000 set_ts=1260042911 user=[user1] host=[localhost] ip=[127.0.0.1] db=[maindb] tid=69194 restarts=0 off=730 line=15 file=0 attrs={Schema=maindb,Last_errno=0,Killed=0,Query_time=0.000010,Lock_time=0.000000,Rows_sent=0,Rows_examined=0,Rows_affected=0,timestamp=1260042911}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 20);
}

static void test_mariadb_explain(void **state)
{
    (void)state;
    static const char text[] =
        "# Time: 240515 17:02:39\n"
        "# User@Host: msandbox[msandbox] @ localhost []\n"
        "# Thread_id: 8  Schema: test_jfg  QC_hit: No\n"
        "# Query_time: 0.000166  Lock_time: 0.000069  Rows_sent: 0  Rows_examined: 10\n"
        "# Rows_affected: 0  Bytes_sent: 65\n"
        "# Full_scan: Yes  Full_join: No  Tmp_table: No  Tmp_table_on_disk: No\n"
        "# Pages_accessed: 184  Pages_read: 95  Pages_updated: 0  Old_rows_read: 1\n"
        "# Pages_read_time: 17.0204  Engine_time: 248.1297\n"
        "#\n"
        "# explain: id\tselect_type\ttable\ttype\trows\n"
        "# explain: 1\tSIMPLE\tt1\tALL\t10\n"
        "#\n"
        "SET timestamp=1715785359;\n"
        "select * from t1 where a > 3;\n"
        "# User@Host: msandbox[msandbox] @ localhost []\n"
        "# Thread_id: 9  Schema:   QC_hit: No\n"
        "# Query_time: 0.000100  Lock_time: 0.000000  Rows_sent: 0  Rows_examined: 0\n"
        "SET timestamp=1715785359;\n"
        "select 1;\n";
    static const char *const want[] = {
        "q=[select * from t1 where a > 3] admin=0 ts=1715792559000000 set_ts=1715785359 user=[msandbox] host=[localhost] ip=[] db=[test_jfg] tid=8 restarts=0 explain=[# explain: id\tselect_type\ttable\ttype\trows\n"
        "# explain: 1\tSIMPLE\tt1\tALL\t10] off=0 line=1 file=0 attrs={Thread_id=8,Schema=test_jfg,QC_hit=No,Query_time=0.000166,Lock_time=0.000069,Rows_sent=0,Rows_examined=10,Rows_affected=0,Bytes_sent=65,Full_scan=Yes,Full_join=No,Tmp_table=No,Tmp_table_on_disk=No,Pages_accessed=184,Pages_read=95,Pages_updated=0,Old_rows_read=1,Pages_read_time=17.0204,Engine_time=248.1297,timestamp=1715785359}",
        "q=[select 1] admin=0 ts=1715792559000000 set_ts=1715785359 user=[msandbox] host=[localhost] ip=[] db=[] tid=9 restarts=0 off=554 line=15 file=0 attrs={Thread_id=9,QC_hit=No,Query_time=0.000100,Lock_time=0.000000,Rows_sent=0,Rows_examined=0,timestamp=1715785359}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 19);
}

static void test_time_and_userhost_one_line(void **state)
{
    (void)state;
    static const char text[] =
        "# Time: 071218 11:48:27 # User@Host: [SQL_SLAVE] @  []\n"
        "# User@Host: [SQL_SLAVE] @  []\n"
        "# Thread_id: 10\n"
        "# Query_time: 0.000012  Lock_time: 0.000000  Rows_sent: 0  Rows_examined: 0\n"
        "BEGIN;\n";
    static const char *const want[] = {
        "q=[BEGIN] admin=0 ts=1197978507000000 set_ts=-9223372036854775808 user=[[SQL_SLAVE]] host=[] ip=[] db=[] tid=10 restarts=0 off=0 line=1 file=0 attrs={Thread_id=10,Query_time=0.000012,Lock_time=0.000000,Rows_sent=0,Rows_examined=0}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 5);
}

static void test_userhost_variants(void **state)
{
    (void)state;
    static const char text[] =
        "# User@Host: root[root] @  [218.76.8.37]  Id:  7234\n"
        "SELECT 1;\n"
        "# User@Host: skip-grants user[] @  []  Id:    28\n"
        "SELECT 2;\n"
        "# User@Host: root[root] @  [0:0:0:0:0:0:0:1]  Id:   2\n"
        "SELECT 3;\n"
        "# User@Host: user @  [127.0.0.1]  Id: 498200077\n"
        "SELECT 4;\n"
        "# User@Host: \n"
        "SELECT 5;\n"
        "# User@Host: app[realapp] @ web1 [10.0.0.1]\n"
        "SELECT 6;\n";
    static const char *const want[] = {
        "q=[SELECT 1] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[root] host=[218.76.8.37] ip=[218.76.8.37] db=[] tid=7234 restarts=0 off=0 line=1 file=0 attrs={}",
        "q=[SELECT 2] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[skip-grants user] host=[] ip=[] db=[] tid=28 restarts=0 off=62 line=3 file=0 attrs={}",
        "q=[SELECT 3] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[root] host=[0:0:0:0:0:0:0:1] ip=[0:0:0:0:0:0:0:1] db=[] tid=2 restarts=0 off=121 line=5 file=0 attrs={}",
        "q=[SELECT 4] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[user] host=[127.0.0.1] ip=[127.0.0.1] db=[] tid=498200077 restarts=0 off=185 line=7 file=0 attrs={}",
        "q=[SELECT 5] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[] host=[] ip=[] db=[] tid=none restarts=0 off=243 line=9 file=0 attrs={}",
        "q=[SELECT 6] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[realapp] host=[web1] ip=[10.0.0.1] db=[] tid=none restarts=0 off=267 line=11 file=0 attrs={}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 12);
}

static void test_use_carried_and_schema(void **state)
{
    (void)state;
    static const char text[] =
        "# User@Host: a[a] @ h []\n"
        "# Query_time: 1\n"
        "use `db1`;\n"
        "SELECT 1;\n"
        "# User@Host: a[a] @ h []\n"
        "# Query_time: 1\n"
        "SELECT 2;\n"
        "# User@Host: a[a] @ h []\n"
        "# Schema: other  Last_errno: 0\n"
        "# Query_time: 1\n"
        "SELECT 3;\n"
        "# User@Host: a[a] @ h []\n"
        "# Schema: other\n"
        "# Query_time: 1\n"
        "use db2;\n"
        "SELECT 4;\n"
        "# User@Host: a[a] @ h []\n"
        "# Query_time: 1\n"
        "SET timestamp=5;\n"
        "use `db3`;\n"
        "# User@Host: a[a] @ h []\n"
        "# Query_time: 1\n"
        "SELECT 6;\n";
    static const char *const want[] = {
        "q=[SELECT 1] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[a] host=[h] ip=[] db=[db1] tid=none restarts=0 off=0 line=1 file=0 attrs={Query_time=1}",
        "q=[SELECT 2] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[a] host=[h] ip=[] db=[db1] tid=none restarts=0 off=62 line=5 file=0 attrs={Query_time=1}",
        "q=[SELECT 3] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[a] host=[h] ip=[] db=[other] tid=none restarts=0 off=113 line=8 file=0 attrs={Schema=other,Last_errno=0,Query_time=1}",
        "q=[SELECT 4] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[a] host=[h] ip=[] db=[db2] tid=none restarts=0 off=195 line=12 file=0 attrs={Schema=other,Query_time=1}",
        "q=[use `db3`] admin=0 ts=-9223372036854775808 set_ts=5 user=[a] host=[h] ip=[] db=[db2] tid=none restarts=0 off=271 line=17 file=0 attrs={Query_time=1,timestamp=5}",
        "q=[SELECT 6] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[a] host=[h] ip=[] db=[db2] tid=none restarts=0 off=340 line=21 file=0 attrs={Query_time=1}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 23);
}

static void test_set_insert_id(void **state)
{
    (void)state;
    static const char text[] =
        "# User@Host: a[a] @ h []\n"
        "# Query_time: 1\n"
        "SET last_insert_id=5,insert_id=6,timestamp=1197996507;\n"
        "INSERT INTO t VALUES (NULL);\n"
        "# User@Host: a[a] @ h []\n"
        "# Query_time: 1\n"
        "SET insert_id=34484549,timestamp=1197996508;\n"
        "INSERT INTO t VALUES (NULL);\n";
    static const char *const want[] = {
        "q=[INSERT INTO t VALUES (NULL)] admin=0 ts=-9223372036854775808 set_ts=1197996507 user=[a] host=[h] ip=[] db=[] tid=none restarts=0 off=0 line=1 file=0 attrs={Query_time=1,last_insert_id=5,insert_id=6,timestamp=1197996507}",
        "q=[INSERT INTO t VALUES (NULL)] admin=0 ts=-9223372036854775808 set_ts=1197996508 user=[a] host=[h] ip=[] db=[] tid=none restarts=0 off=125 line=5 file=0 attrs={Query_time=1,insert_id=34484549,timestamp=1197996508}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 8);
}

static void test_admin_commands(void **state)
{
    (void)state;
    static const char text[] =
        "# User@Host: a[a] @ h []  Id: 1\n"
        "# Query_time: 0.000005\n"
        "SET timestamp=1;\n"
        "# administrator command: Quit;\n"
        "# User@Host: a[a] @ h []  Id: 2\n"
        "# Query_time: 0.000005\n"
        "# administrator command: Init DB;\n"
        "# User@Host: a[a] @ h []  Id: 3\n"
        "# Query_time: 0.000005\n"
        "# administrator command:\n";
    static const char *const want[] = {
        "q=[administrator command: Quit] admin=1 ts=-9223372036854775808 set_ts=1 user=[a] host=[h] ip=[] db=[] tid=1 restarts=0 off=0 line=1 file=0 attrs={Query_time=0.000005,timestamp=1}",
        "q=[administrator command: Init DB] admin=1 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[a] host=[h] ip=[] db=[] tid=2 restarts=0 off=103 line=5 file=0 attrs={Query_time=0.000005}",
        "q=[administrator command:] admin=1 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[a] host=[h] ip=[] db=[] tid=3 restarts=0 off=192 line=8 file=0 attrs={Query_time=0.000005}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 10);
}

static void test_banners_mid_file(void **state)
{
    (void)state;
    static const char text[] =
        "# User@Host: a[a] @ h []  Id: 1\n"
        "# Query_time: 1\n"
        "SELECT 'unterminated\n"
        "/usr/sbin/mysqld, Version: 8.0.26-16 (Percona Server (GPL), Release 16, Revision 3d64165), Time: 2021-07-05T19:55:56.317272Z. started with:\n"
        "Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock\n"
        "Time                 Id Command    Argument\n"
        "# User@Host: a[a] @ h []  Id: 1\n"
        "# Query_time: 1\n"
        "SELECT 2;\n"
        "mariadbd, Version: 10.11.2-MariaDB-log (MariaDB Server). started with:\n"
        "Tcp port: 0  Unix socket: /tmp/s.sock\n"
        "Time\t\t    Id Command\tArgument\n"
        "/usr/sbin/mysqld, Version: 5.5.53-0ubuntu0.12.04.1-log ((Ubuntu)). started with:\n"
        "Tcp port: 3306  Unix socket: /x\n"
        "Time                 Id Command    Argument\n"
        "# User@Host: a[a] @ h []  Id: 1\n"
        "# Query_time: 1\n"
        "SELECT 3;\n";
    static const char *const want[] = {
        "q=[SELECT 'unterminated] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[a] host=[h] ip=[] db=[] tid=1 restarts=0 off=0 line=1 file=0 attrs={Query_time=1}",
        "q=[SELECT 2] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[a] host=[h] ip=[] db=[] tid=1 restarts=1 off=310 line=7 file=0 attrs={Query_time=1}",
        "q=[SELECT 3] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[a] host=[h] ip=[] db=[] tid=1 restarts=3 off=664 line=16 file=0 attrs={Query_time=1}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 3, 18);
}

static void test_multiline_crlf_no_final_newline(void **state)
{
    (void)state;
    static const char text[] =
        "# User@Host: a[a] @ h []\r\n"
        "# Query_time: 1  Lock_time: 0\r\n"
        "SELECT a,\r\n"
        "  b\r\n"
        "FROM t;\r\n"
        "# User@Host: b[b] @ h []\n"
        "# Query_time: 2\n"
        "SELECT\n"
        "\n"
        "  c FROM u;";
    static const char *const want[] = {
        "q=[SELECT a,\r\n"
        "  b\r\n"
        "FROM t] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[a] host=[h] ip=[] db=[] tid=none restarts=0 off=0 line=1 file=0 attrs={Query_time=1,Lock_time=0}",
        "q=[SELECT\n"
        "\n"
        "  c FROM u] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[b] host=[h] ip=[] db=[] tid=none restarts=0 off=82 line=6 file=0 attrs={Query_time=2}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 10);
}

static void test_truncated_and_dangling(void **state)
{
    (void)state;
    static const char text[] =
        "# User@Host: a[a] @ h []\n"
        "# Query_time: 1\n"
        "SELECT 1;\n"
        "# Time: 2019-03-24T14:01:47.811234Z\n"
        "# User@Host: b[b] @ h []\n"
        "# Query_time: 2\n";
    static const char *const want[] = {
        "q=[SELECT 1] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[a] host=[h] ip=[] db=[] tid=none restarts=0 off=0 line=1 file=0 attrs={Query_time=1}",
        "q=[] admin=0 ts=1553436107811234 set_ts=-9223372036854775808 user=[b] host=[h] ip=[] db=[] tid=none restarts=0 off=51 line=4 file=0 attrs={Query_time=2}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 6);
}

/* MariaDB's log_slow_verbosity=warnings block is known (not a bad line), and a database name that
 * holds a newline is read across its lines (jfg's dbname-with-newline logs). */
static void test_mariadb_warnings_and_db_with_newline(void **state)
{
    (void)state;
    static const char text[] =
        "# User@Host: a[a] @ h []\n"
        "# Query_time: 1\n"
        "# Warnings\n"
        "# Warning 1292 Truncated incorrect DECIMAL value: '17abc'\n"
        "# Note 1003 something\n"
        "SET timestamp=1;\n"
        "SELECT 1;\n"
        "# User@Host: b[b] @ h []\n"
        "# Query_time: 2\n"
        "use test\n"
        "jfg;\n"
        "SET timestamp=2;\n"
        "SELECT 2;\n";
    static const char *const want[] = {
        "q=[SELECT 1] admin=0 ts=-9223372036854775808 set_ts=1 user=[a] host=[h] ip=[] db=[] tid=none restarts=0 off=0 line=1 file=0 attrs={Query_time=1,timestamp=1}",
        "q=[SELECT 2] admin=0 ts=-9223372036854775808 set_ts=2 user=[b] host=[h] ip=[] db=[test\njfg] tid=none restarts=0 off=159 line=8 file=0 attrs={Query_time=2,timestamp=2}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 13);
}

static void test_dangling_time_at_eof(void **state)
{
    (void)state;
    static const char text[] =
        "# Time: 2019-03-24T14:01:47.811234Z\n"
        "# User@Host: a[a] @ h []\n"
        "# Query_time: 1\n"
        "SELECT 1;\n"
        "# Time: 2019-03-24T14:01:48.000000Z\n";
    static const char *const want[] = {
        "q=[SELECT 1] admin=0 ts=1553436107811234 set_ts=-9223372036854775808 user=[a] host=[h] ip=[] db=[] tid=none restarts=0 off=0 line=1 file=0 attrs={Query_time=1}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 5);
}

static void test_starts_mid_event(void **state)
{
    (void)state;
    static const char text[] =
        "FROM t WHERE x = 1;\n"
        "# Filesort: No  Filesort_on_disk: No  Merge_passes: 0\n"
        "SET timestamp=1;\n"
        "SELECT 0;\n"
        "# User@Host: a[a] @ h []\n"
        "# Query_time: 1\n"
        "SELECT 1;\n";
    static const char *const want[] = {
        "q=[SELECT 1] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[a] host=[h] ip=[] db=[] tid=none restarts=0 off=101 line=5 file=0 attrs={Query_time=1}",
        NULL};
    static const char *const diags[] = {"t.log:1: statement without header skipped", NULL};
    check_text(text, sizeof text - 1, want, diags, 4, 0, 7);
}

static void test_ps7492_bare_tmp_tables(void **state)
{
    (void)state;
    static const char text[] =
        "# User@Host: a[a] @ h []  Id: 5\n"
        "# Query_time: 1  Lock_time: 0  Rows_sent: 0  Rows_examined: 0\n"
        "  Tmp_tables: 1  Tmp_disk_tables: 2  Tmp_table_sizes: 3\n"
        "SET timestamp=1;\n"
        "SELECT 1;\n";
    static const char *const want[] = {
        "q=[SELECT 1] admin=0 ts=-9223372036854775808 set_ts=1 user=[a] host=[h] ip=[] db=[] tid=5 restarts=0 off=0 line=1 file=0 attrs={Query_time=1,Lock_time=0,Rows_sent=0,Rows_examined=0,Tmp_tables=1,Tmp_disk_tables=2,Tmp_table_sizes=3,timestamp=1}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 5);
}

static void test_bare_hash_and_no_innodb(void **state)
{
    (void)state;
    static const char text[] =
        "# User@Host: a[a] @ h []\n"
        "#\n"
        "# Query_time: 1\n"
        "# No InnoDB statistics available for this query\n"
        "#\n"
        "SELECT 1;\n";
    static const char *const want[] = {
        "q=[SELECT 1] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[a] host=[h] ip=[] db=[] tid=none restarts=0 off=0 line=1 file=0 attrs={Query_time=1}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 6);
}

static void test_empty_schema_issue_1104(void **state)
{
    (void)state;
    static const char text[] =
        "# User@Host: a[a] @ h []\n"
        "# Thread_id: 5  Schema:   QC_hit: No\n"
        "# Query_time: 1\n"
        "SELECT 1;\n"
        "# User@Host: a[a] @ h []\n"
        "# Schema:   Last_errno: 0  Killed: 0\n"
        "# Query_time: 1\n"
        "SELECT 2;\n"
        "# User@Host: a[a] @ h []\n"
        "# Schema: \n"
        "# Query_time: 1\n"
        "SELECT 3;\n";
    static const char *const want[] = {
        "q=[SELECT 1] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[a] host=[h] ip=[] db=[] tid=5 restarts=0 off=0 line=1 file=0 attrs={Thread_id=5,QC_hit=No,Query_time=1}",
        "q=[SELECT 2] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[a] host=[h] ip=[] db=[] tid=none restarts=0 off=88 line=5 file=0 attrs={Last_errno=0,Killed=0,Query_time=1}",
        "q=[SELECT 3] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[a] host=[h] ip=[] db=[] tid=none restarts=0 off=176 line=9 file=0 attrs={Query_time=1}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 12);
}

static void test_duplicate_attribute_keeps_first(void **state)
{
    (void)state;
    static const char text[] =
        "# User@Host: a[a] @ h []\n"
        "# Query_time: 1  Rows_sent: 5\n"
        "# Rows_sent: 7  Bytes_sent: 9\n"
        "SELECT 1;\n";
    static const char *const want[] = {
        "q=[SELECT 1] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[a] host=[h] ip=[] db=[] tid=none restarts=0 off=0 line=1 file=0 attrs={Query_time=1,Rows_sent=5,Bytes_sent=9}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 4);
}

static void test_unrecognised_header_line(void **state)
{
    (void)state;
    static const char text[] =
        "# User@Host: a[a] @ h []\n"
        "# Query_time: 1\n"
        "# something odd here\n"
        "SELECT 1;\n";
    static const char *const want[] = {
        "q=[SELECT 1] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[a] host=[h] ip=[] db=[] tid=none restarts=0 off=0 line=1 file=0 attrs={Query_time=1}",
        NULL};
    static const char *const diags[] = {"t.log:3: unrecognised header line", NULL};
    check_text(text, sizeof text - 1, want, diags, 1, 0, 4);
}

static void test_statement_hash_comment_after_set(void **state)
{
    (void)state;
    static const char text[] =
        "# User@Host: a[a] @ h []\n"
        "# Query_time: 1\n"
        "SET timestamp=1;\n"
        "### Channels ###\n"
        "SELECT 1;\n";
    static const char *const want[] = {
        "q=[### Channels ###\n"
        "SELECT 1] admin=0 ts=-9223372036854775808 set_ts=1 user=[a] host=[h] ip=[] db=[] tid=none restarts=0 off=0 line=1 file=0 attrs={Query_time=1,timestamp=1}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 5);
}

static void test_embedded_headers_in_literal(void **state)
{
    (void)state;
    static const char text[] =
        "# User@Host: a[a] @ h []\n"
        "# Query_time: 1\n"
        "SET timestamp=1;\n"
        "INSERT INTO t VALUES ('it''s\n"
        "# Time: 2019-01-01T00:00:00Z\n"
        "# User@Host: x[x] @ y []\n"
        "# Query_time: 10\n"
        "done');\n"
        "# User@Host: b[b] @ h []\n"
        "# Query_time: 2\n"
        "SET timestamp=2;\n"
        "SELECT /* note;\n"
        "# User@Host: z[z] @ z []\n"
        "*/ 1;\n"
        "# User@Host: c[c] @ h []\n"
        "# Query_time: 3\n"
        "SET timestamp=3;\n"
        "SELECT \"a\\\"\n"
        "# Time: 2019-01-01T00:00:00Z\n"
        "b\";\n"
        "# User@Host: d[d] @ h []\n"
        "# Query_time: 4\n"
        "SELECT 4;\n";
    static const char *const want[] = {
        "q=[INSERT INTO t VALUES ('it''s\n"
        "# Time: 2019-01-01T00:00:00Z\n"
        "# User@Host: x[x] @ y []\n"
        "# Query_time: 10\n"
        "done')] admin=0 ts=-9223372036854775808 set_ts=1 user=[a] host=[h] ip=[] db=[] tid=none restarts=0 off=0 line=1 file=0 attrs={Query_time=1,timestamp=1}",
        "q=[SELECT /* note;\n"
        "# User@Host: z[z] @ z []\n"
        "*/ 1] admin=0 ts=-9223372036854775808 set_ts=2 user=[b] host=[h] ip=[] db=[] tid=none restarts=0 off=166 line=9 file=0 attrs={Query_time=2,timestamp=2}",
        "q=[SELECT \"a\\\"\n"
        "# Time: 2019-01-01T00:00:00Z\n"
        "b\"] admin=0 ts=-9223372036854775808 set_ts=3 user=[c] host=[h] ip=[] db=[] tid=none restarts=0 off=271 line=15 file=0 attrs={Query_time=3,timestamp=3}",
        "q=[SELECT 4] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[d] host=[h] ip=[] db=[] tid=none restarts=0 off=374 line=21 file=0 attrs={Query_time=4}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 23);
}

static void test_unterminated_literal_does_not_swallow(void **state)
{
    (void)state;
    static const char text[] =
        "# User@Host: a[a] @ h []\n"
        "# Query_time: 1\n"
        "SET timestamp=1;\n"
        "SELECT 'abc;\n"
        "# User@Host: b[b] @ h []\n"
        "# Query_time: 2\n"
        "SET timestamp=2;\n"
        "SELECT 'x';\n"
        "# User@Host: c[c] @ h []\n"
        "# Query_time: 3\n"
        "SELECT 'y';\n"
        "# Time: 2019-01-01T00:00:00Z\n"
        "# User@Host: d[d] @ h []\n"
        "# Query_time: 4\n"
        "use d;\n"
        "SET timestamp=4;\n"
        "SELECT `q;\n"
        "# User@Host: e[e] @ h []\n"
        "# Query_time: 5\n"
        "use e;\n"
        "SET timestamp=5;\n"
        "SELECT 5;\n";
    static const char *const want[] = {
        "q=[SELECT 'abc] admin=0 ts=-9223372036854775808 set_ts=1 user=[a] host=[h] ip=[] db=[] tid=none restarts=0 off=0 line=1 file=0 attrs={Query_time=1,timestamp=1}",
        "q=[SELECT 'x'] admin=0 ts=-9223372036854775808 set_ts=2 user=[b] host=[h] ip=[] db=[] tid=none restarts=0 off=71 line=5 file=0 attrs={Query_time=2,timestamp=2}",
        "q=[SELECT 'y'] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[c] host=[h] ip=[] db=[] tid=none restarts=0 off=141 line=9 file=0 attrs={Query_time=3}",
        "q=[SELECT `q] admin=0 ts=1546300800000000 set_ts=4 user=[d] host=[h] ip=[] db=[d] tid=none restarts=0 off=194 line=12 file=0 attrs={Query_time=4,timestamp=4}",
        "q=[SELECT 5] admin=0 ts=1546300800000000 set_ts=5 user=[e] host=[h] ip=[] db=[e] tid=none restarts=0 off=299 line=18 file=0 attrs={Query_time=5,timestamp=5}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 22);
}

static void test_unterminated_literal_no_set_line(void **state)
{
    (void)state;
    static const char text[] =
        "# Time: 071015 21:43:52\n"
        "# User@Host: a[a] @ h []\n"
        "# Query_time: 1\n"
        "SELECT 'abc;\n"
        "# User@Host: b[b] @ h []\n"
        "# Query_time: 2\n"
        "SELECT 2;\n"
        "# User@Host: c[c] @ h []\n"
        "# Query_time: 3\n"
        "SELECT 3;\n";
    static const char *const want[] = {
        "q=[SELECT 'abc] admin=0 ts=1192484632000000 set_ts=-9223372036854775808 user=[a] host=[h] ip=[] db=[] tid=none restarts=0 off=0 line=1 file=0 attrs={Query_time=1}",
        "q=[SELECT 2] admin=0 ts=1192484632000000 set_ts=-9223372036854775808 user=[b] host=[h] ip=[] db=[] tid=none restarts=0 off=78 line=5 file=0 attrs={Query_time=2}",
        "q=[SELECT 3] admin=0 ts=1192484632000000 set_ts=-9223372036854775808 user=[c] host=[h] ip=[] db=[] tid=none restarts=0 off=129 line=8 file=0 attrs={Query_time=3}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 10);
}

static void test_short_format_query_time_only(void **state)
{
    (void)state;
    static const char text[] =
        "# Query_time: 1  Lock_time: 0  Rows_sent: 0  Rows_examined: 0\n"
        "SELECT 1;\n"
        "# Query_time: 2  Lock_time: 0  Rows_sent: 0  Rows_examined: 0\n"
        "SELECT 2;\n";
    static const char *const want[] = {
        "q=[SELECT 1] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[] host=[] ip=[] db=[] tid=none restarts=0 off=0 line=1 file=0 attrs={Query_time=1,Lock_time=0,Rows_sent=0,Rows_examined=0}",
        "q=[SELECT 2] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[] host=[] ip=[] db=[] tid=none restarts=0 off=72 line=3 file=0 attrs={Query_time=2,Lock_time=0,Rows_sent=0,Rows_examined=0}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 4);
}

/* NUL bytes and bytes that are not UTF-8 are statement text like any other. */
static void test_nul_and_non_utf8(void **state)
{
    (void)state;
    static const char text[] = "# User@Host: a[a] @ h []\n# Query_time: 1\n"
                               "SELECT 'a\0b\xff\xfe' FROM t;\n"
                               "# User@Host: b[b] @ h []\n# Query_time: 2\nSELECT 2;\n";
    static const char *const diags[] = {NULL};
    struct slowlog_opts o = {.file_name = "t.log", .first_line = 1, .stop_at = UINT64_MAX};
    struct sl_run r;
    slt_parse_opts(text, sizeof text - 1, 0, &r, &o, NULL);
    assert_int_equal(r.n, 2);
    assert_memory_equal(r.ev[0], "q=[SELECT 'a\0b\xff\xfe' FROM t] admin=0", 33);
    slt_free(&r);
    static const char *const want2[] = {
        "q=[SELECT 2] admin=0 ts=-9223372036854775808 set_ts=-9223372036854775808 user=[b] "
        "host=[h] ip=[] db=[] tid=none restarts=0 off=0 line=1 file=0 attrs={Query_time=2}",
        NULL};
    check_text(text + 64, sizeof text - 1 - 64, want2, diags, 0, 0, 3);
}

/* A 3 MB single-line INSERT: one memchr in a mapped window, window growth in a stream. */
static void test_line_over_1mb(void **state)
{
    (void)state;
    const char *head = "# User@Host: a[a] @ h []\n# Query_time: 1\nINSERT INTO t VALUES ";
    size_t hl = strlen(head), body = 3u << 20;
    char *text = malloc(hl + body + 64);
    assert_non_null(text);
    memcpy(text, head, hl);
    for (size_t i = 0; i < body; i += 4)
        memcpy(text + hl + i, "(1),", 4);
    memcpy(text + hl + body - 1, ";\n# User@Host: b[b] @ h []\nSELECT 2;\n", 38);
    size_t len = hl + body - 1 + 37;
    struct slowlog_opts o = {.file_name = "t.log", .first_line = 1, .stop_at = UINT64_MAX};
    for (size_t block = 0; block <= 65536; block += 65536) {
        struct sl_run r;
        slt_parse_opts(text, len, block, &r, &o, NULL);
        assert_int_equal(r.n, 2);
        /* "q=[INSERT INTO t VALUES (1),...,(1)]" */
        assert_memory_equal(r.ev[0] + 3 + 21 + body - 1, "] admin=0", 9);
        assert_true(strstr(r.ev[1], "q=[SELECT 2]") == r.ev[1]);
        slt_free(&r);
    }
    free(text);
}

/* Old local times and ISO times without an offset are read in opts->tz. */
static void test_local_times_use_tz(void **state)
{
    (void)state;
    static const char text[] = "# Time: 071015 21:43:52\n# User@Host: a[a] @ h []\nSELECT 1;\n"
                               "# Time: 2024-05-10 17:45:09\n# User@Host: a[a] @ h []\nSELECT 2;\n"
                               "# Time: 2024-05-10T17:45:09Z\n# User@Host: a[a] @ h []\nSELECT 3;\n";
    struct tzone tz;
    assert_int_equal(tzone_parse("+05:30", &tz), 0);
    struct slowlog_opts o = {.file_name = "t.log", .tz = &tz, .first_line = 1,
                             .stop_at = UINT64_MAX};
    struct sl_run r;
    slt_parse_opts(text, sizeof text - 1, 0, &r, &o, NULL);
    assert_int_equal(r.n, 3);
    assert_non_null(strstr(r.ev[0], " ts=1192464832000000 ")); /* 21:43:52 - 5:30 */
    assert_non_null(strstr(r.ev[1], " ts=1715343309000000 "));
    assert_non_null(strstr(r.ev[2], " ts=1715363109000000 ")); /* Z: tz not applied */
    slt_free(&r);
}

static void run_chunks(const char *text, size_t len, uint64_t cut, struct sl_run *a,
                       struct sl_run *b)
{
    struct slowlog_opts o = {.file_name = "t.log", .first_line = 1, .stop_at = cut};
    slt_parse_opts(text, len, 0, a, &o, NULL);
    struct slowlog_carry c;
    slowlog_guess_carry(text, (size_t)cut, NULL, &c);
    struct slowlog_opts o2 = {.file_name = "t.log", .first_line = slt_line_of(text, cut),
                              .stop_at = UINT64_MAX};
    memset(b, 0, sizeof *b);
    struct reader rd;
    reader_init_memory(&rd, text + cut, len - cut, cut);
    slt_parse_reader(&rd, b, &o2, &c);
}

/* stop_at is exact: the event at the guessed boundary is the first not returned, the stop offset
 * equals the guess, and the guessed carry equals the carry the first chunk ends with. */
static void test_stop_at_and_guess(void **state)
{
    (void)state;
    static const char text[] =
        "# Time: 071015 21:43:52\n# User@Host: a[a] @ h []\n# Query_time: 1\nuse db1;\nSELECT 1;\n"
        "# User@Host: a[a] @ h []\n# Query_time: 1\nSELECT 2;\n"
        "/usr/sbin/mysqld, Version: 5.5.53-log (Ubuntu). started with:\n"
        "Tcp port: 3306  Unix socket: /x\nTime                 Id Command    Argument\n"
        "# Time: 071015 21:43:53\n# User@Host: b[b] @ h []\n# Query_time: 1\nSELECT 3;\n";
    size_t len = sizeof text - 1;
    uint64_t g1 = slowlog_guess_boundary(text, len, 1);
    assert_int_equal(g1, 84); /* the second # User@Host: */
    uint64_t g2 = slowlog_guess_boundary(text, len, g1 + 1);
    assert_int_equal(g2, 135); /* the banner */
    /* the # Time: after the banner follows no `;` line: not guessed, but stop_at there is exact */
    assert_int_equal(slowlog_guess_boundary(text, len, g2 + 1), len);
    uint64_t g3 = 273;
    uint64_t cuts[] = {g1, g2, g3};
    for (int i = 0; i < 3; i++) {
        struct sl_run a, b, whole;
        run_chunks(text, len, cuts[i], &a, &b);
        assert_int_equal(a.stop, cuts[i]);
        struct slowlog_carry c;
        slowlog_guess_carry(text, (size_t)cuts[i], NULL, &c);
        assert_true(slt_carry_eq(&a.carry, &c));
        slt_parse(text, 0, &whole);
        assert_int_equal(a.n + b.n, whole.n);
        for (size_t k = 0; k < whole.n; k++)
            assert_string_equal(whole.ev[k], k < a.n ? a.ev[k] : b.ev[k - a.n]);
        slt_free(&a);
        slt_free(&b);
        slt_free(&whole);
    }
    struct slowlog_carry c;
    slowlog_guess_carry(text, (size_t)g3, NULL, &c);
    assert_string_equal(c.db, "db1");
    assert_int_equal(c.restarts, 1);
    assert_int_equal(c.ts_us, INT64_C(1192484632000000)); /* the # Time: at g3 is not before it */
}

/* A string literal containing ";\n# Time:" fools the guess; the first chunk's stop offset
 * refutes it, and the split still reproduces the single pass. */
static void test_guess_refuted_by_literal(void **state)
{
    (void)state;
    static const char text[] =
        "# User@Host: a[a] @ h []\n# Query_time: 1\nSET timestamp=1;\nINSERT INTO t VALUES ('x;\n"
        "# Time: 2019-01-01T00:00:00Z\n# User@Host: x[x] @ y []\nstill text');\n"
        "# User@Host: b[b] @ h []\n# Query_time: 2\nSET timestamp=2;\nSELECT 2;\n";
    size_t len = sizeof text - 1;
    uint64_t g = slowlog_guess_boundary(text, len, 1);
    assert_int_equal(g, 84);
    struct slowlog_opts o = {.file_name = "t.log", .first_line = 1, .stop_at = g};
    struct sl_run a;
    slt_parse_opts(text, len, 0, &a, &o, NULL);
    assert_int_equal(a.stop, 152);
    assert_int_equal(a.n, 1);
    assert_non_null(strstr(a.ev[0], "still text')] admin=0"));
    slt_free(&a);
    struct sl_run whole, sp;
    uint64_t bad;
    slt_parse(text, 0, &whole);
    /* refuted twice: by the stop offset at 84, then at 152 by the carry (the guessed ts comes from
     * the # Time: line inside the literal, which the parser never read as a header) */
    assert_int_equal(slt_split_parse(text, len, &sp, &bad), 2);
    assert_same_events(&whole, &sp);
    slt_free(&whole);
    slt_free(&sp);
}

/* Fuzz finding: `# explain:` lines after a dangling `# Time:` belong to nothing; the next
 * `# Time:` starts the event afresh (a stale explain view once outlived the stream window). */
static void test_dangling_time_with_explain(void **state)
{
    (void)state;
    static const char text[] = "# Time: 2019-03-24T14:01:47Z\n# explain: 1\tSIMPLE\n"
                               "# Time: 2019-03-24T14:01:48Z\n# User@Host: a[a] @ h []\nSELECT 1;\n";
    static const char *const want[] = {
        "q=[SELECT 1] admin=0 ts=1553436108000000 set_ts=-9223372036854775808 user=[a] host=[h] "
        "ip=[] db=[] tid=none restarts=0 off=49 line=3 file=0 attrs={}",
        NULL};
    static const char *const diags[] = {NULL};
    check_text(text, sizeof text - 1, want, diags, 0, 0, 5);
}

/* Fuzz finding: a `use` line at offset 0 has no line before it. */
static void test_guess_carry_use_at_start(void **state)
{
    (void)state;
    static const char text[] = "use a;\nSELECT 1;\n";
    struct slowlog_carry c;
    slowlog_guess_carry(text, sizeof text - 1, NULL, &c);
    assert_string_equal(c.db, "");
    assert_int_equal(c.restarts, 0);
    assert_int_equal(c.ts_us, EVENT_TS_UNKNOWN);
}

static void test_empty_input(void **state)
{
    (void)state;
    static const char *const none[] = {NULL};
    check_text("", 0, none, none, 0, 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mysql50_banner),
        cmocka_unit_test(test_mysql56_id_padded_hour),
        cmocka_unit_test(test_mysql57_iso_utc),
        cmocka_unit_test(test_iso_with_offset),
        cmocka_unit_test(test_mysql80_log_slow_extra),
        cmocka_unit_test(test_percona_extended),
        cmocka_unit_test(test_mariadb_explain),
        cmocka_unit_test(test_time_and_userhost_one_line),
        cmocka_unit_test(test_userhost_variants),
        cmocka_unit_test(test_use_carried_and_schema),
        cmocka_unit_test(test_set_insert_id),
        cmocka_unit_test(test_admin_commands),
        cmocka_unit_test(test_banners_mid_file),
        cmocka_unit_test(test_multiline_crlf_no_final_newline),
        cmocka_unit_test(test_truncated_and_dangling),
        cmocka_unit_test(test_dangling_time_at_eof),
        cmocka_unit_test(test_mariadb_warnings_and_db_with_newline),
        cmocka_unit_test(test_starts_mid_event),
        cmocka_unit_test(test_ps7492_bare_tmp_tables),
        cmocka_unit_test(test_bare_hash_and_no_innodb),
        cmocka_unit_test(test_empty_schema_issue_1104),
        cmocka_unit_test(test_duplicate_attribute_keeps_first),
        cmocka_unit_test(test_unrecognised_header_line),
        cmocka_unit_test(test_statement_hash_comment_after_set),
        cmocka_unit_test(test_embedded_headers_in_literal),
        cmocka_unit_test(test_unterminated_literal_does_not_swallow),
        cmocka_unit_test(test_unterminated_literal_no_set_line),
        cmocka_unit_test(test_short_format_query_time_only),
        cmocka_unit_test(test_nul_and_non_utf8),
        cmocka_unit_test(test_line_over_1mb),
        cmocka_unit_test(test_local_times_use_tz),
        cmocka_unit_test(test_stop_at_and_guess),
        cmocka_unit_test(test_guess_refuted_by_literal),
        cmocka_unit_test(test_dangling_time_with_explain),
        cmocka_unit_test(test_guess_carry_use_at_start),
        cmocka_unit_test(test_empty_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
