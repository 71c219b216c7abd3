/* The statement analyzer: positions, scope resolution (with and without a schema, correlated
 * references, lower_case_table_names), each defeat kind (and the functional index and indexed
 * generated column that cancel one), partial statements, fingerprints, and the JSON form. Each
 * case compares the whole text form, so a fact added or lost anywhere shows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "schema/schema.h"
#include "sql/analysis.h"
#include "util/buf.h"
#include "sql/lexer.h"
#include "util/diag.h"

static const char *const shop_ddl =
    "CREATE TABLE customers (id int unsigned NOT NULL, email varchar(255), "
    "name varchar(100), country char(2), PRIMARY KEY (id), KEY idx_lower ((lower(email)))) "
    "DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;\n"
    "CREATE TABLE orders (id int NOT NULL, customer_id int unsigned, status varchar(12), "
    "total decimal(10,2), created_at datetime, doc json, "
    "doc_kind varchar(20) GENERATED ALWAYS AS (json_unquote(json_extract(`doc`,_utf8mb4'$.kind'))) VIRTUAL, "
    "PRIMARY KEY (id), KEY idx_kind (doc_kind)) DEFAULT CHARSET=utf8mb4;\n"
    "CREATE TABLE legacy (id int, email varchar(255), ref varchar(20)) DEFAULT CHARSET=latin1;\n";

/* Analyses one statement and returns its text form (static buffer, for one assertion). */
static const char *text_of(const char *sql, const struct sql_analyze_opts *o)
{
    static char out[4096];
    struct arena a;
    struct buf b = {0};
    struct sql_analysis *an;
    arena_init(&a);
    assert_true(sql_analyze(sql, strlen(sql), o, &a, &an));
    assert_int_equal(sql_analysis_print_text(an, 1, 1, &b), 0);
    snprintf(out, sizeof out, "%s", b.p);
    buf_free(&b);
    arena_free(&a);
    return out;
}

static const char *plain(const char *sql)
{
    struct sql_analyze_opts o = sql_analyze_opts_default();
    return text_of(sql, &o);
}

static struct schema *shop(void)
{
    struct schema *s = schema_new(NULL);
    struct diag d = {0};
    assert_non_null(s);
    assert_true(schema_load_text(s, "shop.sql", shop_ddl, strlen(shop_ddl), &d));
    assert_int_equal(d.count, 0);
    diag_free(&d);
    return s;
}

static const char *with_schema(const char *sql)
{
    struct schema *s = shop();
    struct sql_analyze_opts o = sql_analyze_opts_default();
    o.schema = s;
    o.default_db = "shop";
    const char *r = text_of(sql, &o);
    schema_free(s);
    return r;
}

static void test_positions_from_first_keyword(void **state)
{
    (void)state;
    assert_string_equal(plain("/* c */ -- x\n  SELECT a FROM t WHERE UPPER(t.b) = 'X'"),
                        "statement 1 line 1 select\n"
                        "table t = t from\n"
                        "flags where\n"
                        "read t.a t.b\n"
                        "defeat function t.b @28 UPPER\n");
}

static void test_join_forms_and_aliases(void **state)
{
    (void)state;
    assert_string_equal(
        plain("SELECT o.id FROM shop.orders AS o LEFT JOIN items i USING (order_id) "
              "CROSS JOIN x, y NATURAL JOIN z WHERE o.a = x.b"),
        "statement 1 line 1 select\n"
        "table o = shop.orders from\n"
        "table i = items left\n"
        "table x = x cross\n"
        "table y = y comma\n"
        "table z = z natural\n"
        "join o.order_id = i.order_id\n"
        "join o.a = x.b\n"
        "flags where\n"
        "read o.id o.order_id i.order_id o.a x.b\n");
}

static void test_correlated_and_derived(void **state)
{
    (void)state;
    assert_string_equal(
        plain("SELECT d.n FROM (SELECT COUNT(*) AS n FROM t) d WHERE EXISTS "
              "(SELECT 1 FROM u WHERE u.k = d.n)"),
        "statement 1 line 1 select\n"
        "table d = (derived) from derived\n"
        "flags where\n"
        "block 1 from parent 0\n"
        "table t = t from\n"
        "flags count_star\n"
        "block 2 where parent 0\n"
        "table u = u from\n"
        "join u.k = d.n\n"
        "flags where\n"
        "read d.n u.k\n");
}

static void test_unqualified_without_schema(void **state)
{
    (void)state;
    assert_string_equal(plain("SELECT a FROM t JOIN u ON t.id = u.id WHERE b = 1"),
                        "statement 1 line 1 select\n"
                        "table t = t from\n"
                        "table u = u inner\n"
                        "join t.id = u.id\n"
                        "flags where\n"
                        "read t.id u.id\n"
                        "unresolved a @7\n"
                        "unresolved b @44\n");
}

static void test_schema_resolution(void **state)
{
    (void)state;
    /* status is only in orders; the correlated email only in the outer customers. */
    assert_string_equal(
        with_schema("SELECT name FROM customers c WHERE id IN "
                    "(SELECT customer_id FROM orders WHERE status = 'x' AND email = 'e')"),
        "statement 1 line 1 select\n"
        "table c = shop.customers from\n"
        "eq c.id in subquery\n"
        "flags where\n"
        "block 1 where parent 0\n"
        "table orders = shop.orders from\n"
        "eq orders.status = const\n"
        "eq c.email = const\n"
        "flags where\n"
        "read c.name c.id orders.customer_id orders.status c.email\n");
}

/* A table the schema lacks (lint's schema holds only the files' DDL) is, when it is the block's
 * only table, the owner of its unqualified columns as without a schema; next to a known table it
 * might have any column, so those stay unresolved. */
static void test_table_missing_from_schema(void **state)
{
    (void)state;
    assert_string_equal(
        with_schema("SELECT id FROM refunds WHERE YEAR(made_at) = 2024 AND note = NULL"),
        "statement 1 line 1 select\n"
        "table refunds = shop.refunds from\n"
        "eq refunds.note = null\n"
        "flags where\n"
        "read refunds.id refunds.made_at refunds.note\n"
        "defeat function refunds.made_at @34 YEAR\n");
    assert_string_equal(with_schema("SELECT status FROM orders JOIN refunds r "
                                    "ON r.order_id = orders.id WHERE note = 'x'"),
                        "statement 1 line 1 select\n"
                        "table orders = shop.orders from\n"
                        "table r = shop.refunds inner\n"
                        "join r.order_id = orders.id\n"
                        "flags where\n"
                        "read r.order_id orders.id\n"
                        "unresolved status @7\n"
                        "unresolved note @73\n");
}

static void test_lower_case_table_names(void **state)
{
    (void)state;
    struct sql_analyze_opts o = sql_analyze_opts_default();
    const char *sql = "SELECT O.id FROM Orders o";
    assert_string_equal(text_of(sql, &o), "statement 1 line 1 select\n"
                                          "table o = Orders from\n"
                                          "unresolved O.id @7\n");
    o.lower_case_table_names = 1;
    assert_string_equal(text_of(sql, &o), "statement 1 line 1 select\n"
                                          "table o = Orders from\n"
                                          "read o.id\n");
}

static void test_defeats_without_schema(void **state)
{
    (void)state;
    assert_string_equal(
        plain("SELECT 1 FROM t WHERE a + 1 = 2 AND b LIKE '%x' AND c <> 3 AND d NOT IN (1) "
              "AND (e = 1 OR f = 2) AND g NOT BETWEEN 1 AND 2"),
        "statement 1 line 1 select\n"
        "table t = t from\n"
        "eq t.e = const\n"
        "eq t.f = const\n"
        "flags where\n"
        "read t.a t.b t.c t.d t.e t.f t.g\n"
        "defeat arithmetic t.a @22 +\n"
        "defeat leading_wildcard t.b @36\n"
        "defeat negation t.c @52\n"
        "defeat not_in t.d @63\n"
        "defeat or_columns t.e @81 t.f\n"
        "defeat negation t.g @101\n");
}

static void test_conversions_with_schema(void **state)
{
    (void)state;
    assert_string_equal(
        with_schema("SELECT 1 FROM orders o JOIN legacy l ON l.ref = o.id AND l.email = "
                    "o.status WHERE o.status = 5"),
        "statement 1 line 1 select\n"
        "table o = shop.orders from\n"
        "table l = shop.legacy inner\n"
        "join l.ref = o.id\n"
        "join l.email = o.status\n"
        "eq o.status = const\n"
        "flags where\n"
        "read l.ref o.id l.email o.status\n"
        "defeat type_conversion l.ref @40 varchar(20) vs int\n"
        "defeat collation_conversion l.email @57 latin1_swedish_ci vs utf8mb4_0900_ai_ci\n"
        "defeat type_conversion o.status @82 varchar(12) vs number\n");
}

static void test_functional_index_cancels_defeat(void **state)
{
    (void)state;
    assert_string_equal(
        with_schema("SELECT id FROM customers WHERE LOWER(email) = ? AND UPPER(name) = ?"),
        "statement 1 line 1 select\n"
        "table customers = shop.customers from\n"
        "flags where\n"
        "read customers.id customers.email customers.name\n"
        "defeat function customers.name @58 UPPER\n");
    assert_string_equal(
        with_schema("SELECT id FROM orders o WHERE "
                    "JSON_UNQUOTE(JSON_EXTRACT(o.doc, '$.kind')) = 'a'"),
        "statement 1 line 1 select\n"
        "table o = shop.orders from\n"
        "flags where\n"
        "read o.id o.doc\n");
}

static void test_partial_keeps_facts(void **state)
{
    (void)state;
    assert_string_equal(plain("SELECT a FROM t WHERE b = 1 AND c IN (1, 2"),
                        "statement 1 line 1 select\n"
                        "table t = t from\n"
                        "eq t.b = const\n"
                        "flags where\n"
                        "read t.a t.b t.c\n"
                        "partial @42 unexpected end of statement\n");
    assert_string_equal(plain("SELECT a FROM t WHERE b = 'x"),
                        "statement 1 line 1 select\n"
                        "table t = t from\n"
                        "flags where\n"
                        "read t.a t.b\n"
                        "partial @26 unterminated string\n");
    assert_string_equal(plain("SHOW TABLES"), "statement 1 line 1 other\n");
}

static void test_deep_nesting_is_refused_not_crashed(void **state)
{
    (void)state;
    size_t n = 20000;
    char *sql = malloc(n * 2 + 64);
    assert_non_null(sql);
    size_t k = (size_t)sprintf(sql, "SELECT a FROM t WHERE ");
    for (size_t i = 0; i < n; i++)
        sql[k++] = '(';
    sql[k++] = '1';
    sql[k] = '\0';
    const char *out = plain(sql);
    assert_non_null(strstr(out, "partial @"));
    assert_non_null(strstr(out, "nesting too deep"));
    k = (size_t)sprintf(sql, "SELECT a FROM t WHERE a = 1");
    for (size_t i = 0; i < 5000 && k + 8 < n * 2; i++)
        k += (size_t)sprintf(sql + k, " + 1");
    out = plain(sql);
    assert_non_null(strstr(out, "expression too deep"));
    free(sql);
}

static void test_fingerprint_and_flags_json(void **state)
{
    (void)state;
    const char *sql = "select * from t where a in(?+) order by rand() limit ?";
    struct sql_analyze_opts o = sql_analyze_opts_default();
    o.from_fingerprint = true;
    struct arena a;
    struct sql_analysis *an;
    arena_init(&a);
    assert_true(sql_analyze(sql, strlen(sql), &o, &a, &an));
    cJSON *j = sql_analysis_to_json(an, 3, 7);
    char *s = cJSON_PrintUnformatted(j);
    assert_string_equal(
        s, "{\"statement\":3,\"line\":7,\"kind\":\"select\",\"from\":\"fingerprint\","
           "\"complete\":true,\"problem\":null,\"blocks\":[{\"id\":0,\"parent\":null,"
           "\"context\":\"top\",\"where\":true,\"distinct\":false,\"star\":true,"
           "\"count_star\":false,\"limit\":\"?\",\"offset\":0,\"for_update\":false,"
           "\"lock_in_share_mode\":false,\"order_by\":true,\"group_by\":false,"
           "\"order_rand\":true,\"limit_without_order\":false,\"cartesian\":false,"
           "\"no_column_list\":false,\"on_duplicate_key_update\":false,\"with_rollup\":false,"
           "\"union_all\":false}],\"tables\":[{\"ref\":0,\"block\":0,\"db\":null,"
           "\"db_from\":\"none\",\"name\":\"t\",\"alias\":null,\"derived\":false,"
           "\"derived_block\":null,\"join\":\"from\",\"write\":false,\"pos\":14,"
           "\"in_schema\":false,\"hints\":[]}],\"predicates\":[{\"block\":0,\"kind\":\"eq\","
           "\"op\":\"in\",\"table\":0,\"column\":\"a\",\"pos\":22,\"value\":\"param\"}],"
           "\"group_by\":[],\"order_by\":[{\"block\":0,\"table\":null,\"column\":null,"
           "\"expr\":\"RAND\",\"dir\":\"asc\",\"pos\":40}],\"columns\":[{\"table\":0,"
           "\"column\":\"a\"}],\"defeats\":[],\"unresolved\":[]}");
    free(s);
    cJSON_Delete(j);
    arena_free(&a);
}

/* A multi-row INSERT of a dump: rows after the 16th are skipped, the statement stays complete,
 * what follows the list is still read, and the cost does not grow with the rows. */
static void test_many_values_rows(void **state)
{
    (void)state;
    struct buf b = {0};
    assert_int_equal(buf_append_cstr(&b, "INSERT INTO t (a, b) VALUES (1, 'x')"), 0);
    for (int i = 0; i < 100000; i++)
        assert_int_equal(buf_append_cstr(&b, ", (2, 'it''s (y)')"), 0);
    assert_int_equal(buf_append_cstr(&b, " ON DUPLICATE KEY UPDATE b = VALUES(b), c = c + 1"), 0);
    struct sql_analyze_opts o = sql_analyze_opts_default();
    struct arena a;
    struct sql_analysis *an;
    arena_init(&a);
    assert_true(sql_analyze(b.p, b.n, &o, &a, &an));
    assert_true(an->complete);
    assert_int_equal(an->kind, SQL_STMT_INSERT);
    assert_true(an->blocks[0].on_duplicate);
    assert_false(an->blocks[0].no_column_list);
    assert_int_equal(an->ncolumns, 1); /* c, read by c = c + 1 */
    assert_true(sv_eq_cstr(an->columns[0].column, "c"));
    arena_free(&a);
    buf_free(&b);
}

static void test_cartesian_and_dml_flags(void **state)
{
    (void)state;
    struct sql_analyze_opts o = sql_analyze_opts_default();
    struct arena a;
    struct sql_analysis *an;
    arena_init(&a);
    const char *sql = "SELECT 1 FROM a, b, c WHERE a.x = b.y";
    assert_true(sql_analyze(sql, strlen(sql), &o, &a, &an));
    assert_true(an->blocks[0].cartesian);
    arena_reset(&a);
    sql = "SELECT 1 FROM a JOIN b ON a.x = b.y JOIN c USING (z)";
    assert_true(sql_analyze(sql, strlen(sql), &o, &a, &an));
    assert_false(an->blocks[0].cartesian);
    arena_reset(&a);
    /* A condition that names two tables connects them, whatever its operator. */
    sql = "SELECT 1 FROM a JOIN b ON b.x <= 1 + a.y % 4 JOIN c ON c.id = 1 + (a.y * 31) % 200";
    assert_true(sql_analyze(sql, strlen(sql), &o, &a, &an));
    assert_false(an->blocks[0].cartesian);
    arena_reset(&a);
    /* Terms that each name one table connect nothing. */
    sql = "SELECT 1 FROM a, b WHERE a.x = 1 AND b.y = 2";
    assert_true(sql_analyze(sql, strlen(sql), &o, &a, &an));
    assert_true(an->blocks[0].cartesian);
    arena_reset(&a);
    sql = "INSERT INTO t VALUES (1) ON DUPLICATE KEY UPDATE n = n + 1";
    assert_true(sql_analyze(sql, strlen(sql), &o, &a, &an));
    assert_true(an->blocks[0].no_column_list);
    assert_true(an->blocks[0].on_duplicate);
    arena_reset(&a);
    sql = "DELETE FROM t LIMIT 10";
    assert_true(sql_analyze(sql, strlen(sql), &o, &a, &an));
    assert_false(an->blocks[0].where);
    assert_false(an->blocks[0].has_order);
    assert_int_equal(an->blocks[0].limit, 10);
    assert_true(an->tables[0].write);
    arena_free(&a);
}

static void test_sql_modes(void **state)
{
    (void)state;
    struct sql_analyze_opts o = sql_analyze_opts_default();
    o.sql_modes = SQL_MODE_ANSI_QUOTES;
    assert_string_equal(text_of("SELECT \"a\" FROM \"t\" WHERE \"b\" = 'x'", &o),
                        "statement 1 line 1 select\n"
                        "table t = t from\n"
                        "eq t.b = const\n"
                        "flags where\n"
                        "read t.a t.b\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_positions_from_first_keyword),
        cmocka_unit_test(test_join_forms_and_aliases),
        cmocka_unit_test(test_correlated_and_derived),
        cmocka_unit_test(test_unqualified_without_schema),
        cmocka_unit_test(test_schema_resolution),
        cmocka_unit_test(test_table_missing_from_schema),
        cmocka_unit_test(test_lower_case_table_names),
        cmocka_unit_test(test_defeats_without_schema),
        cmocka_unit_test(test_conversions_with_schema),
        cmocka_unit_test(test_functional_index_cancels_defeat),
        cmocka_unit_test(test_partial_keeps_facts),
        cmocka_unit_test(test_deep_nesting_is_refused_not_crashed),
        cmocka_unit_test(test_fingerprint_and_flags_json),
        cmocka_unit_test(test_cartesian_and_dml_flags),
        cmocka_unit_test(test_many_values_rows),
        cmocka_unit_test(test_sql_modes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
