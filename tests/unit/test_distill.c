/* fp_distill against pt-query-digest's "Item" column: cases whose item appears in the expected
 * profiles under ../shared/corpus/percona/t/pt-query-digest/samples (marked "profile"), further
 * statements of the corpus logs, and the special statements of QueryRewriter::distill_verbs (DDL,
 * SHOW, CALL, XA, USE, LOAD DATA, admin commands). Every expected value was produced by the distill of
 * pt-query-digest (3.2.1, whose QueryRewriter/QueryParser distill code 3.5.7 kept). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fingerprint/fingerprint.h"

struct dcase {
    const char *query, *want;
};

static const struct dcase cases[] = {
    {"BEGIN", "BEGIN"}, /* profile */
    {"commit", "COMMIT"}, /* profile */
    {"DELETE FROM forest WHERE animal = 'dead'", "DELETE forest"}, /* profile */
    {"INSERT INTO db.v (m, b) VALUES ('', 'Exact')", "INSERT db.v"}, /* profile */
    {"INSERT `foo` VALUES(\"bar\")", "INSERT foo"}, /* profile */
    {"INSERT INTO tbl VALUES (1, 2, 3)", "INSERT tbl"}, /* profile */
    {"LOAD DATA INFILE '/tmp/foo.txt' INTO TABLE db.tbl", "LOAD DATA db.tbl"}, /* profile */
    {"LOAD DATA LOCAL INFILE '/tmp/foo.txt' INTO TABLE `foo`", "LOAD DATA foo"}, /* profile */
    {"REPLACE `foo` VALUES(\"bar\")", "REPLACE foo"}, /* profile */
    {"SELECT 1", "SELECT"}, /* profile */
    {"SELECT * FROM blah WHERE id IS NOT NULL", "SELECT blah"}, /* profile */
    {"select * from mysql.user", "SELECT mysql.user"}, /* profile */
    {"SELECT * FROM `products` ORDER BY name, shape", "SELECT products"}, /* profile */
    {"SELECT MIN(id),MAX(id) FROM tbl", "SELECT tbl"}, /* profile */
    {"SET NAMES utf8", "SET"}, /* profile */
    {"SHOW STATUS", "SHOW STATUS"}, /* profile */
    {"UPDATE mybbl_MBMessage SET groupId = (select groupId from Group_ where name = 'Guest')",
     "UPDATE SELECT mybbl_MBMessage Group_"}, /* profile */
    {"update db2.tuningdetail_21_265507 n\n      inner join db1.gonzo a using(gonzo)\n"
     "      set n.column1 = a.column1, n.word3 = a.word3",
     "UPDATE db?.tuningdetail_?_? db?.gonzo"}, /* profile */
    {"administrator command: Execute\\G", "ADMIN EXECUTE\\G"},
    {"COMMIT /* implicit, from Xid_log_event */ \\G", "COMMIT Xid_log_event"},
    {"delete from tab where a_timestamp < (unix_timestamp(now())-14400)*1000000", "DELETE tab"},
    {"DELETE FROM tbl3 WHERE 1=1", "DELETE tbl?"},
    {"INSERT INTO db6.tbl6 SELECT * FROM tbl7 WHERE id>1", "INSERT SELECT db?.tbl? tbl?"},
    {"INSERT IGNORE INTO articles (id, body,)VALUES(3558268,'sample text')", "INSERT articles"},
    {"INSERT INTO db3.vendor11gonzo (makef, bizzle)\nVALUES ('', 'Exact')", "INSERT db?.vendor?gonzo"},
    {"LOCK TABLES foo READ, bar WRITE", "LOCK foo bar"},
    {"select 12_13_foo from (select 12foo from 123_bar) as 123baz", "SELECT ?_bar"},
    {"SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, ROWS_READ FROM INFORMATION_SCHEMA.INDEX_STATISTICS",
     "SELECT INFORMATION_SCHEMA.INDEX_STATISTICS"},
    {"/* SELECT count(*) FROM X instance */ select count(*) as A from X", "SELECT X"},
    {"select * from a, a, a", "SELECT a"},
    {"select abc, XYZ FROM `a tbl`, `t-2` WHERE 1 != 2 AND 3<>3 OR '\"`\"'", "SELECT a tbl t-?"},
    {"SELECT * FROM cache\n WHERE `cacheid` IN ('id15965')", "SELECT cache"},
    {"SELECT * FROM db_facturacion.facturas LIMIT 0, 1000", "SELECT db_facturacion.facturas"},
    {"-- START SESSION 10\n\nuse foo\n\nSELECT col FROM foo_tbl\n\nSELECT col FROM foo_tbl\n\nuse bar\n\n"
     "SELECT col FROM bar_tbl",
     "SELECT foo_tbl bar_tbl"},
    {"SELECT id, meta, faidelog_id\n   FROM   posts_ref\n   /*page_3*/ \n   ORDER BY id DESC LIMIT 11",
     "SELECT posts_ref"},
    {"select 1,q.* from qcm q INTO OUTFILE '/mnt/pct/exp/qcm_db1.txt'", "SELECT qcm OUTFILE"},
    {"CREATE TABLE IF NOT EXISTS foo.bar (a int)", "CREATE TABLE foo.bar"},
    {"create table t2 select * from t1", "CREATE TABLE t? t2"},
    {"DROP DATABASE foo", "DROP DATABASE foo"},
    {"ALTER TABLE db.t3 ADD COLUMN x int", "ALTER TABLE db.t? db.t3"},
    {"TRUNCATE TABLE logs_2020", "TRUNCATE TABLE logs_? logs_2020"},
    {"SHOW FULL PROCESSLIST", "SHOW PROCESSLIST"},
    {"SHOW GLOBAL STATUS LIKE 'x'", "SHOW GLOBAL STATUS"},
    {"show /*!50002 GLOBAL */ status", "SHOW /*!50002 GLOBAL"},
    {"SHOW KEYS FROM t", "SHOW INDEX"},
    {"SHOW CREATE TABLE db.t", "SHOW CREATE TABLE"},
    {"call db.proc(1, 2)", "CALL db.proc"},
    {"XA START 'x'", "XA_START"},
    {"use db", "USE"},
    {"UNLOCK TABLES", "UNLOCK"},
    {"select 1 union select 2", "SELECT UNION"},
    {"SELECT c FROM t WHERE col='delete'", "SELECT t"},
    {"INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a=2", "INSERT UPDATE t"},
    {"REPLACE DELAYED INTO t2 VALUES (1)", "REPLACE t?"},
    {"UPDATE LOW_PRIORITY t SET a=1", "UPDATE t"},
    {"administrator command: Quit", "ADMIN QUIT"},
    {"SELECT * FROM (SELECT * FROM t1) AS x JOIN t2", "SELECT t?"},
    {"FLUSH TABLES", "FLUSH"},
    {"rollback", "ROLLBACK"},
    {"START TRANSACTION", "START"},
};

static void test_distill_cases(void **state)
{
    (void)state;
    struct buf b = {0};
    struct fp_distiller *dx = fp_distiller_new();
    assert_non_null(dx);
    int failed = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        buf_reset(&b);
        assert_int_equal(fp_distill(dx, sv_cstr(cases[i].query), &b), 0);
        const char *got = b.p ? b.p : "";
        if (strcmp(got, cases[i].want) != 0) {
            print_error("distill %s\n  want [%s]\n  got  [%s]\n", cases[i].query, cases[i].want, got);
            failed++;
        }
    }
    buf_free(&b);
    fp_distiller_free(dx);
    assert_int_equal(failed, 0);
}

/* fp_distill appends; odd input gives an answer, not a failure. */
static void test_distill_appends_and_survives(void **state)
{
    (void)state;
    struct buf b = {0};
    struct fp_distiller *dx = fp_distiller_new();
    assert_non_null(dx);
    assert_int_equal(buf_append_cstr(&b, "x:"), 0);
    assert_int_equal(fp_distill(dx, sv_cstr("SELECT * FROM t1"), &b), 0);
    assert_string_equal(b.p, "x:SELECT t?");
    static const char *const odd[] = {"", "0", "(((", "select * from", "\xff\xfe from `", "show", "create"};
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        buf_reset(&b);
        assert_int_equal(fp_distill(dx, sv_cstr(odd[i]), &b), 0);
    }
    buf_free(&b);
    fp_distiller_free(dx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distill_cases),
        cmocka_unit_test(test_distill_appends_and_survives),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
