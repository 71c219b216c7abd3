/* The DDL reader on hand-written snippets: every feature of CREATE TABLE, the target's rules
 * (version comments, INVISIBLE vs IGNORED, functional key parts, display widths, charsets),
 * ALTER TABLE and the other migrations, and the exact `file:line: reason` of bad statements. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "schema/schema.h"

static struct schema *load_for(const char *target, const char *sql, struct diag *d)
{
    struct sql_target t;
    if (target)
        assert_true(sql_target_parse(target, &t));
    struct schema *s = schema_new(target ? &t : NULL);
    assert_non_null(s);
    assert_true(schema_load_text(s, "t.sql", sql, strlen(sql), d));
    return s;
}

static struct schema *load_clean(const char *target, const char *sql)
{
    struct diag d = {0};
    struct schema *s = load_for(target, sql, &d);
    for (int i = 0; i < d.kept; i++)
        print_message("unexpected: %s\n", d.msgs[i]);
    assert_int_equal(d.count, 0);
    diag_free(&d);
    return s;
}

static struct schema_table *table(struct schema *s, const char *name)
{
    struct schema_table *t = schema_find_table(s, NULL, 0, name, strlen(name), NULL);
    assert_non_null(t);
    return t;
}

static struct schema_column *col(struct schema_table *t, const char *name)
{
    struct schema_column *c = schema_find_column(t, name, strlen(name));
    assert_non_null(c);
    return c;
}

static struct schema_index *idx(struct schema_table *t, const char *name)
{
    struct schema_index *i = schema_find_index(t, name, strlen(name));
    assert_non_null(i);
    return i;
}

static void test_columns(void **state)
{
    (void)state;
    struct schema *s = load_clean("mariadb:10.11",
        "CREATE TABLE t (\n"
        "  id INT UNSIGNED NOT NULL AUTO_INCREMENT,\n"
        "  price DECIMAL(10,2) NOT NULL DEFAULT '0.00',\n"
        "  name VARCHAR(40) CHARACTER SET latin1 NULL COMMENT 'it''s',\n"
        "  flag BOOL DEFAULT TRUE,\n"
        "  at DATETIME(3) DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE NOW(3),\n"
        "  body TEXT,\n"
        "  kind ENUM('a','b''c') NOT NULL,\n"
        "  total INT AS (id * 2) PERSISTENT,\n"
        "  d DOUBLE PRECISION, n NATIONAL VARCHAR(5), z INT(5) ZEROFILL\n"
        ") DEFAULT CHARSET=utf8mb4;\n");
    struct schema_table *t = table(s, "t");
    struct schema_column *c = col(t, "id");
    assert_string_equal(c->type_text, "int(10) unsigned");
    assert_true(c->auto_increment && !c->nullable && c->is_unsigned);
    assert_null(c->default_value);
    c = col(t, "price");
    assert_int_equal(c->type_class, SCHEMA_TYPE_DECIMAL);
    assert_int_equal(c->length, 10);
    assert_int_equal(c->scale, 2);
    assert_string_equal(c->default_value, "0.00");
    assert_false(c->default_is_expr);
    c = col(t, "name");
    assert_string_equal(c->charset, "latin1");
    assert_string_equal(c->collation, "latin1_swedish_ci");
    assert_string_equal(c->comment, "it's");
    assert_string_equal(c->default_value, "NULL");
    assert_true(c->default_is_expr);
    c = col(t, "flag");
    assert_string_equal(c->type_text, "tinyint(1)");
    assert_string_equal(c->default_value, "1");
    c = col(t, "at");
    assert_int_equal(c->scale, 3);
    assert_string_equal(c->default_value, "current_timestamp(3)");
    assert_string_equal(c->on_update, "current_timestamp(3)");
    c = col(t, "body");
    assert_string_equal(c->charset, "utf8mb4");
    assert_string_equal(c->collation, "utf8mb4_general_ci");
    c = col(t, "kind");
    assert_string_equal(c->type_text, "enum('a','b''c')");
    assert_int_equal(c->type_class, SCHEMA_TYPE_ENUM);
    c = col(t, "total");
    assert_int_equal(c->generated, SCHEMA_GEN_STORED);
    assert_string_equal(c->generation_expr, "id * 2");
    assert_string_equal(col(t, "d")->type, "double");
    assert_string_equal(col(t, "n")->charset, "utf8mb3");
    assert_string_equal(col(t, "z")->type_text, "int(5) unsigned zerofill");
    schema_free(s);
}

static void test_mysql8_widths_and_charsets(void **state)
{
    (void)state;
    struct schema *s = load_clean(NULL, "CREATE TABLE t (a INT(11), b TINYINT(1), c VARCHAR(3),"
                                        " d YEAR, e CHAR(2) COLLATE utf8mb4_bin);");
    struct schema_table *t = table(s, "t");
    assert_string_equal(col(t, "a")->type_text, "int");
    assert_string_equal(col(t, "b")->type_text, "tinyint(1)");
    assert_string_equal(col(t, "d")->type_text, "year");
    assert_string_equal(t->charset, "utf8mb4");
    assert_string_equal(col(t, "c")->collation, "utf8mb4_0900_ai_ci");
    assert_string_equal(col(t, "e")->charset, "utf8mb4");
    assert_string_equal(col(t, "e")->collation, "utf8mb4_bin");
    schema_free(s);
    s = load_clean("mysql:5.7", "CREATE DATABASE d DEFAULT CHARACTER SET utf8;\n"
                                "CREATE TABLE d.t (a INT, c VARCHAR(3));\n"
                                "CREATE TABLE u (c CHAR(1));");
    t = table(s, "t");
    assert_string_equal(col(t, "a")->type_text, "int(11)");
    assert_string_equal(col(t, "c")->charset, "utf8mb3");
    assert_string_equal(col(t, "c")->collation, "utf8mb3_general_ci");
    assert_string_equal(col(table(s, "u"), "c")->collation, "latin1_swedish_ci");
    schema_free(s);
}

static void test_indexes(void **state)
{
    (void)state;
    struct schema *s = load_clean("mysql:8.0.36",
        "CREATE TABLE t (id INT, a VARCHAR(100), b INT, g POINT NOT NULL SRID 4326, j JSON,\n"
        "  KEY ka (a(10), b DESC) USING BTREE COMMENT 'c',\n"
        "  UNIQUE KEY (b), KEY kh (b) USING HASH /*!80000 INVISIBLE */,\n"
        "  KEY kf ((CAST(j->>'$.x' AS CHAR(10))), b),\n"
        "  FULLTEXT KEY ft (a), SPATIAL KEY sp (g), PRIMARY KEY (id));");
    struct schema_table *t = table(s, "t");
    assert_int_equal(t->nindexes, 7);
    assert_string_equal(t->indexes[0].name, "PRIMARY");
    assert_string_equal(t->indexes[1].name, "b"); /* unique before plain keys */
    assert_string_equal(t->indexes[6].name, "ft"); /* FULLTEXT last */
    assert_false(col(t, "id")->nullable);
    struct schema_index *ix = idx(t, "ka");
    assert_int_equal(ix->using, SCHEMA_USING_BTREE);
    assert_int_equal(ix->parts[0].prefix, 10);
    assert_true(ix->parts[1].desc);
    assert_string_equal(ix->comment, "c");
    assert_true(idx(t, "kh")->invisible);
    assert_int_equal(idx(t, "kh")->using, SCHEMA_USING_HASH);
    ix = idx(t, "kf");
    assert_null(ix->parts[0].column);
    assert_string_equal(ix->parts[0].expr, "CAST(j->>'$.x' AS CHAR(10))");
    assert_int_equal(idx(t, "sp")->kind, SCHEMA_INDEX_SPATIAL);
    schema_free(s);
    /* The 8.0 version comment does not run on 5.7: the index is visible there. */
    s = load_clean("mysql:5.7", "CREATE TABLE t (b INT, KEY kh (b) /*!80000 INVISIBLE */);");
    assert_false(idx(table(s, "t"), "kh")->invisible);
    schema_free(s);
}

static void test_target_warnings(void **state)
{
    (void)state;
    struct diag d = {0};
    struct schema *s = load_for("mysql:8.0", "CREATE TABLE t (a INT,\n KEY k (a) IGNORED);", &d);
    assert_int_equal(d.count, 1);
    assert_string_equal(d.msgs[0], "t.sql:2: CREATE TABLE t: IGNORED index `k` on a MySQL target");
    assert_true(idx(table(s, "t"), "k")->invisible);
    schema_free(s);
    diag_free(&d);
    s = load_for("mariadb:10.11", "CREATE TABLE t (a INT, KEY k (a) INVISIBLE,\n"
                                  " KEY f ((a + 1)));", &d);
    assert_int_equal(d.count, 2);
    assert_string_equal(d.msgs[0], "t.sql:1: CREATE TABLE t: INVISIBLE index `k` on a MariaDB target");
    assert_string_equal(d.msgs[1], "t.sql:2: CREATE TABLE t: functional key part in index `f`: "
                                   "not supported by the target");
    schema_free(s);
    diag_free(&d);
}

static void test_foreign_keys(void **state)
{
    (void)state;
    struct schema *s = load_clean("mariadb:10.11",
        "CREATE TABLE p (id INT PRIMARY KEY);\n"
        "CREATE TABLE c (id INT, pid INT, qid INT, KEY k (qid, id),\n"
        "  CONSTRAINT fk_p FOREIGN KEY (pid) REFERENCES p (id) ON DELETE SET NULL,\n"
        "  FOREIGN KEY (qid) REFERENCES other.q (id));");
    struct schema_table *t = table(s, "c");
    assert_int_equal(t->nfks, 2);
    assert_string_equal(t->fks[0].name, "fk_p");
    assert_string_equal(t->fks[0].on_delete, "SET NULL");
    assert_null(t->fks[0].on_update);
    assert_string_equal(t->fks[1].name, "c_ibfk_1");
    assert_string_equal(t->fks[1].ref_db, "other");
    /* pid had no index: InnoDB adds one named after the constraint; qid is served by k. */
    assert_int_equal(t->nindexes, 2);
    struct schema_index *ix = idx(t, "fk_p");
    assert_true(ix->implicit);
    assert_string_equal(ix->parts[0].column, "pid");
    schema_free(s);
}

static void test_table_options_and_objects(void **state)
{
    (void)state;
    struct schema *s = load_clean("mariadb:10.11",
        "/*M!999999\\- enable the sandbox mode */\n"
        "CREATE TABLE t (a INT) ENGINE=myisam AUTO_INCREMENT=5 ROW_FORMAT=dynamic\n"
        " COMMENT='x' `PAGE_COMPRESSED`=1 /*M!100100 WITH SYSTEM VERSIONING */\n"
        " PARTITION BY HASH (a) PARTITIONS 2;\n"
        "/*!50001 CREATE ALGORITHM=UNDEFINED */ /*!50013 DEFINER=`r`@`%` SQL SECURITY DEFINER */\n"
        "/*!50001 VIEW `v` AS select 1 AS `a` */;\n"
        "DELIMITER ;;\nCREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END;;\n"
        "DELIMITER ;\nINSERT INTO t VALUES (1);\nLOCK TABLES t WRITE;\nUNLOCK TABLES;\n");
    struct schema_table *t = table(s, "t");
    assert_string_equal(t->engine, "MyISAM");
    assert_int_equal(t->auto_increment, 5);
    assert_string_equal(t->row_format, "DYNAMIC");
    assert_string_equal(t->comment, "x");
    assert_true(t->partitioned && t->system_versioned);
    assert_int_equal(s->nobjects, 2);
    assert_non_null(schema_find_object(s, NULL, "v", 1));
    assert_int_equal(s->objects[0].kind, SCHEMA_OBJ_VIEW);
    assert_int_equal(s->objects[1].kind, SCHEMA_OBJ_TRIGGER);
    assert_int_equal(s->objects[1].loc.line, 8);
    schema_free(s);
}

static void test_header_guess(void **state)
{
    (void)state;
    struct schema *s = load_clean(NULL, "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n"
                                        "--\n-- Host: h    Database: shop\n"
                                        "CREATE TABLE t (a INT);\n");
    assert_int_equal(s->target.flavor, SQL_MYSQL);
    assert_int_equal(s->target.version, 80036);
    assert_true(s->target.guessed);
    assert_string_equal(table(s, "t")->db, "shop");
    schema_free(s);
    s = load_clean(NULL, "-- MariaDB dump 10.19-11.4.2-MariaDB, for debian-linux-gnu\n"
                         "CREATE TABLE t (a INT);\n");
    assert_int_equal(s->target.flavor, SQL_MARIADB);
    assert_int_equal(s->target.version, 110402);
    schema_free(s);
}

static const char migrations[] =
    "CREATE TABLE a (id INT NOT NULL, x VARCHAR(10), y INT, KEY kx (x), KEY kxy (x, y));\n"
    "ALTER TABLE a ADD COLUMN z INT FIRST, DROP COLUMN y, MODIFY x VARCHAR(20) NOT NULL,\n"
    "  CHANGE COLUMN id a_id BIGINT NOT NULL, ADD PRIMARY KEY (a_id), RENAME INDEX kx TO kx2,\n"
    "  ALTER INDEX kxy INVISIBLE, ENGINE = MyISAM, ALTER COLUMN z SET DEFAULT 7;\n"
    "CREATE TABLE b LIKE a;\n"
    "RENAME TABLE a TO a2;\n"
    "CREATE UNIQUE INDEX uz ON b (z);\n"
    "DROP INDEX kx2 ON b;\n"
    "ALTER TABLE b CONVERT TO CHARACTER SET latin1;\n"
    "DROP TABLE IF EXISTS nothing, a2;\n";

static void test_migrations(void **state)
{
    (void)state;
    struct schema *s = load_clean("mysql:8.0", migrations);
    assert_int_equal(s->ntables, 1);
    struct schema_table *b = table(s, "b");
    assert_int_equal(b->ncolumns, 3);
    assert_string_equal(b->columns[0].name, "z");
    assert_string_equal(b->columns[0].default_value, "7");
    assert_string_equal(b->columns[1].name, "a_id");
    assert_string_equal(b->columns[1].type, "bigint");
    assert_false(col(b, "x")->nullable);
    assert_int_equal(col(b, "x")->length, 20);
    assert_string_equal(col(b, "x")->charset, "latin1");
    assert_string_equal(b->engine, "MyISAM");
    assert_int_equal(b->nindexes, 3);
    assert_string_equal(b->indexes[0].name, "PRIMARY");
    assert_string_equal(b->indexes[1].name, "uz");
    assert_string_equal(b->indexes[2].name, "kxy");
    assert_int_equal(b->indexes[2].nparts, 1); /* y was dropped from it */
    assert_true(b->indexes[2].invisible);
    assert_int_equal(b->loc.line, 9);
    schema_free(s);
}

static void test_bad_statements(void **state)
{
    (void)state;
    struct diag d = {0};
    struct schema *s = load_for("mysql:8.0",
        "CREATE TABLE ok1 (a INT);\n"
        "CREATE TABLE bad (a INT,\n  b FROBNICATE);\n"
        "FOO BAR;\n"
        "ALTER TABLE missing ADD COLUMN c INT;\n"
        "ALTER TABLE ok1 ADD COLUMN b INT, DROP COLUMN nope;\n"
        "CREATE TABLE ok1 (a INT);\n"
        "CREATE TABLE u (a INT, KEY (b));\n"
        "CREATE TABLE s (a VARCHAR(10) DEFAULT 'x);\n"
        "CREATE TABLE ok2 (a INT);\n", &d);
    const char *want[] = {
        "t.sql:3: CREATE TABLE bad: unknown data type `frobnicate`",
        "t.sql:4: not a statement the schema reader knows: `FOO`",
        "t.sql:5: ALTER TABLE missing: unknown table `missing`",
        "t.sql:6: ALTER TABLE ok1: unknown column `nope`",
        "t.sql:7: CREATE TABLE ok1: table already exists; the statement is skipped",
        "t.sql:8: CREATE TABLE u: key column `b` of index `b` does not exist",
        "t.sql:9: CREATE TABLE s: expected a default value, found an unterminated quote or comment",
    };
    for (int i = 0; i < d.kept; i++)
        print_message("%s\n", d.msgs[i]);
    assert_int_equal(d.count, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_string_equal(d.msgs[i], want[i]);
    /* the ALTER that failed changed nothing; the statements around the bad ones were read */
    assert_int_equal(table(s, "ok1")->ncolumns, 1);
    assert_null(schema_find_table(s, NULL, 0, "bad", 3, NULL));
    assert_int_equal(s->ntables, 1 + (schema_find_table(s, NULL, 0, "ok2", 3, NULL) != NULL));
    schema_free(s);
    diag_free(&d);
}

static void test_lookup_case(void **state)
{
    (void)state;
    struct schema *s = load_clean("mysql:8.0", "USE shop; CREATE TABLE Orders (Id INT, KEY Kx (Id));");
    assert_null(schema_find_table(s, NULL, 0, "orders", 6, "shop"));
    assert_non_null(schema_find_table(s, NULL, 0, "Orders", 6, "shop"));
    assert_non_null(schema_find_table(s, "shop", 4, "Orders", 6, NULL));
    assert_null(schema_find_table(s, "other", 5, "Orders", 6, NULL));
    struct schema_table *t = table(s, "Orders");
    assert_non_null(schema_find_column(t, "ID", 2));
    assert_non_null(schema_find_index(t, "kx", 2));
    s->lower_case_table_names = 1;
    assert_non_null(schema_find_table(s, NULL, 0, "orders", 6, "shop"));
    schema_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_columns),          cmocka_unit_test(test_mysql8_widths_and_charsets),
        cmocka_unit_test(test_indexes),          cmocka_unit_test(test_target_warnings),
        cmocka_unit_test(test_foreign_keys),     cmocka_unit_test(test_table_options_and_objects),
        cmocka_unit_test(test_header_guess),     cmocka_unit_test(test_migrations),
        cmocka_unit_test(test_bad_statements),   cmocka_unit_test(test_lookup_case),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
