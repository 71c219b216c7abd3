/* The fact trees rules read (src/facts): the statement and query roots, the table object's derived
 * facts (primary key width and shape, index counts, column lists, foreign keys without an index,
 * rows), index facts, the class object built from aggregates, and the digest's whole-log facts —
 * each compared field by field with exact values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "facts/facts.h"
#include "report_fixture.h"

static char *compact(const cJSON *j)
{
    char *s = cJSON_PrintUnformatted(j);
    assert_non_null(s);
    return s;
}

static void assert_json(const cJSON *j, const char *want)
{
    char *s = compact(j);
    if (strcmp(s, want) != 0)
        fail_msg("got  %s\nwant %s", s, want);
    free(s);
}

static const cJSON *at(const cJSON *o, const char *a, const char *b)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, a);
    return b ? cJSON_GetObjectItemCaseSensitive(x, b) : x;
}

static void test_statement(void **state)
{
    (void)state;
    struct facts_ctx x;
    facts_ctx_init(&x, NULL);
    const char *sql = "/* report */\nSELECT * FROM orders WHERE id = 5";
    struct facts_stmt st = {.text = sql, .len = strlen(sql), .db = "shop", .file = "a.sql",
                            .line = 3, .ordinal = 2};
    const struct sql_analysis *an;
    cJSON *t = facts_statement_tree(&x, &st, &an);
    assert_non_null(t);
    assert_json(at(t, "statement", NULL),
                "{\"text\":\"/* report */\\nSELECT * FROM orders WHERE id = 5\","
                "\"fingerprint\":\"select * from orders where id = ?\","
                "\"query_id\":\"9C05EA5686390AEB296E90D8F864A512\",\"db\":\"shop\","
                "\"file\":\"a.sql\",\"line\":4}");
    assert_string_equal(cJSON_GetStringValue(at(t, "query", "kind")), "select");
    assert_int_equal(at(t, "query", "line")->valuedouble, 4);
    assert_int_equal(at(t, "query", "statement")->valuedouble, 2);
    assert_string_equal(cJSON_GetStringValue(at(at(t, "query", "tables")->child, "db", NULL)),
                        "shop");
    assert_json(at(t, "server", NULL),
                "{\"target\":\"mysql:8.0.0\",\"flavor\":\"mysql\",\"version\":80000,"
                "\"guessed\":true}");
    assert_int_equal(an->kind, SQL_STMT_SELECT);
    cJSON_Delete(t);
    facts_ctx_free(&x);
}

static const char *const ddl =
    "CREATE TABLE s (id CHAR(36) NOT NULL PRIMARY KEY, a INT, note TEXT,\n"
    "  price DOUBLE, total_views FLOAT, nm VARCHAR(10) CHARACTER SET utf8,\n"
    "  c_id INT, KEY ka (a), KEY kn (nm(4), a),\n"
    "  CONSTRAINT fk_c FOREIGN KEY (c_id) REFERENCES c (id),\n"
    "  CONSTRAINT fk_a FOREIGN KEY (a) REFERENCES c (id)) ENGINE=MEMORY;\n"
    "CREATE TABLE w (a BIGINT NOT NULL, b DATETIME(6) NOT NULL, d DECIMAL(19,4) NOT NULL,\n"
    "  v VARCHAR(100) CHARSET latin1 NOT NULL, PRIMARY KEY (a, b, d, v)) CHARSET=utf8mb4;\n"
    "CREATE TABLE n (x INT);\n";

static void test_table(void **state)
{
    (void)state;
    struct schema *s = schema_new(NULL);
    struct diag d = {0};
    assert_true(schema_load_text(s, "t.sql", ddl, strlen(ddl), &d));
    assert_int_equal(d.count, 0);
    struct facts_schema fs;
    assert_int_equal(facts_schema_init(&fs, s), 0);
    cJSON *t = facts_table_tree(&fs, 0);
    const cJSON *tb = at(t, "table", NULL);
    assert_string_equal(cJSON_GetStringValue(at(tb, "name", NULL)), "s");
    assert_json(at(tb, "primary_key", NULL),
                "{\"columns\":[\"id\"],\"types\":[\"char(36)\"],\"width\":144,\"uuid_like\":true,"
                "\"integer\":false,\"auto_increment\":false}");
    const char *derived[] = {"qualified_name", "engine_lower", "innodb", "has_primary_key",
                             "column_count", "index_count", "secondary_index_count", "rows",
                             "float_columns", "money_float_columns", "utf8mb3_columns",
                             "text_blob_columns", "unindexed_foreign_keys"};
    const char *want[] = {"\"s\"", "\"memory\"", "false", "true", "7", "4", "3", "null",
                          "[\"price\",\"total_views\"]", "[\"price\"]", "[\"nm\"]", "[\"note\"]",
                          "[\"fk_c\"]"};
    for (size_t i = 0; i < sizeof derived / sizeof *derived; i++) {
        char *got = compact(at(tb, derived[i], NULL));
        if (strcmp(got, want[i]) != 0)
            fail_msg("table.%s: got %s, want %s", derived[i], got, want[i]);
        free(got);
    }
    cJSON_Delete(t);
    /* 8 + (5 + 3 fsp bytes) + DECIMAL(19,4): 15 digits = 4 + 4 bytes, 4 = 2 bytes + latin1 101 */
    t = facts_table_tree(&fs, 1);
    assert_json(at(at(t, "table", NULL), "primary_key", NULL),
                "{\"columns\":[\"a\",\"b\",\"d\",\"v\"],\"types\":[\"bigint\",\"datetime(6)\","
                "\"decimal(19,4)\",\"varchar(100)\"],\"width\":126,\"uuid_like\":false,"
                "\"integer\":false,\"auto_increment\":false}");
    cJSON_Delete(t);
    t = facts_table_tree(&fs, 2);
    assert_json(at(at(t, "table", NULL), "primary_key", NULL), "null");
    assert_json(at(at(t, "table", NULL), "engine_lower", NULL), "\"innodb\"");
    cJSON_Delete(t);
    facts_schema_free(&fs);
    schema_free(s);
    diag_free(&d);
}

static void test_index(void **state)
{
    (void)state;
    struct schema *s = schema_new(NULL);
    struct diag d = {0};
    assert_true(schema_load_text(s, "t.sql", ddl, strlen(ddl), &d));
    struct facts_schema fs;
    assert_int_equal(facts_schema_init(&fs, s), 0);
    cJSON *table = facts_table_json(&fs, 0);
    const struct schema_table *st = s->tables[0];
    /* indexes: PRIMARY, ka, kn, fk_c (implicit, for the foreign key) */
    assert_int_equal(st->nindexes, 4);
    cJSON *tree = cJSON_CreateObject();
    assert_int_equal(facts_add_index(tree, st, 2, table), 0);
    const cJSON *ix = at(tree, "index", NULL);
    assert_string_equal(cJSON_GetStringValue(at(ix, "name", NULL)), "kn");
    assert_json(at(ix, "columns", NULL), "[\"nm\",\"a\"]");
    assert_json(at(ix, "width", NULL), "17"); /* 4 utf8mb3 chars (12) + 1 length byte, INT 4 */
    assert_json(at(ix, "unique", NULL), "false");
    assert_json(at(ix, "position", NULL), "2");
    assert_ptr_equal(at(tree, "table", "name")->valuestring, at(table, "name", NULL)->valuestring);
    cJSON_Delete(tree);
    tree = cJSON_CreateObject();
    assert_int_equal(facts_add_index(tree, st, 9, table), -1);
    cJSON_Delete(tree);
    cJSON_Delete(table);
    facts_schema_free(&fs);
    schema_free(s);
    diag_free(&d);
}

static void test_widths(void **state)
{
    (void)state;
    struct schema_column c = {.type = "int", .type_class = SCHEMA_TYPE_INTEGER, .length = -1,
                              .scale = -1};
    assert_int_equal(facts_column_width(&c), 4);
    c = (struct schema_column){.type = "varchar", .type_class = SCHEMA_TYPE_STRING,
                               .length = 255, .charset = "utf8mb4"};
    assert_int_equal(facts_column_width(&c), 1022);
    c.length = 36, c.charset = "ascii";
    assert_int_equal(facts_column_width(&c), 37);
    assert_true(facts_column_uuid_like(&c));
    c = (struct schema_column){.type = "binary", .type_class = SCHEMA_TYPE_BINARY, .length = 16};
    assert_int_equal(facts_column_width(&c), 16);
    assert_true(facts_column_uuid_like(&c));
    c = (struct schema_column){.type = "text", .type_class = SCHEMA_TYPE_STRING, .length = -1};
    assert_int_equal(facts_column_width(&c), -1);
    c = (struct schema_column){.type = "enum", .type_class = SCHEMA_TYPE_ENUM,
                               .type_text = "enum('a','b')"};
    assert_int_equal(facts_column_width(&c), 1);
    c = (struct schema_column){.type = "timestamp", .type_class = SCHEMA_TYPE_TEMPORAL, .scale = 3};
    assert_int_equal(facts_column_width(&c), 6);
    c = (struct schema_column){.type = "decimal", .type_class = SCHEMA_TYPE_DECIMAL, .length = 10,
                               .scale = 2};
    assert_int_equal(facts_column_width(&c), 5);
}

static void build(struct fx *f)
{
    fx_init(f);
    struct fx_event ev[] = {
        {"select * from t where a = ?", "SELECT * FROM t WHERE a = 1", 1700000000000000LL, "app",
         "u", "h", "Query_time=1 Rows_examined=100 Rows_sent=1 Full_scan=Yes", 10, NULL},
        {"select * from t where a = ?", "SELECT * FROM t WHERE a = 22", 1700000010000000LL, "app",
         "u", "h", "Query_time=3 Rows_examined=300 Rows_sent=1 Full_scan=No", 20, NULL},
        {"select 1", "SELECT 1", 1700000020000000LL, "", "u", "h",
         "Query_time=4 Rows_examined=0 Rows_sent=1 Log_slow_rate_limit=10 Log_slow_rate_type=query",
         30, NULL},
    };
    for (size_t i = 0; i < 3; i++)
        fx_add(f, &ev[i]);
}

static const struct agg_class *class_of(const struct agg_table *t, const char *key)
{
    uint64_t n;
    const struct agg_class **v = agg_classes(t, &n), *c = NULL;
    for (uint64_t i = 0; i < n; i++)
        if (strcmp(v[i]->key, key) == 0)
            c = v[i];
    free(v);
    assert_non_null(c);
    return c;
}

static void test_class(void **state)
{
    (void)state;
    struct fx f;
    build(&f);
    const struct agg_class *c = class_of(f.t, "select * from t where a = ?");
    cJSON *o = facts_class_json(f.t, c);
    assert_json(o,
                "{\"query_id\":\"E630D2FEB6D5BB9184AFF9783CD458FF\","
                "\"fingerprint\":\"select * from t where a = ?\",\"count\":2,"
                "\"ts_min\":\"2023-11-14T22:13:20Z\",\"ts_max\":\"2023-11-14T22:13:30Z\","
                "\"qps\":0.2,\"time_share\":0.5,"
                "\"sample\":{\"db\":\"app\",\"ts\":\"2023-11-14T22:13:30Z\",\"file\":\"slow.log\","
                "\"line\":1},"
                "\"Query_time\":{\"cnt\":2,\"sum\":4,\"min\":1,\"max\":3,\"avg\":2,\"median\":2,"
                "\"pct_95\":3,\"pct_99\":3,\"stddev\":1.4142135623730951,\"share\":0.5},"
                "\"Rows_examined\":{\"cnt\":2,\"sum\":400,\"min\":100,\"max\":300,\"avg\":200,"
                "\"median\":200,\"pct_95\":300,\"pct_99\":300,\"stddev\":141.42135623730951,"
                "\"share\":1},"
                "\"Rows_sent\":{\"cnt\":2,\"sum\":2,\"min\":1,\"max\":1,\"avg\":1,\"median\":1,"
                "\"pct_95\":1,\"pct_99\":1,\"stddev\":0,\"share\":0.66666666666666663},"
                "\"Full_scan\":{\"yes\":1,\"cnt\":2,\"pct\":0.5},"
                "\"bytes\":{\"cnt\":2,\"sum\":55,\"min\":27,\"max\":28,\"avg\":27.5,"
                "\"median\":27.5,\"pct_95\":28,\"pct_99\":28,\"stddev\":0.70710678118654757,"
                "\"share\":0.873015873015873}}");
    cJSON_Delete(o);

    struct facts_ctx x;
    facts_ctx_init(&x, NULL);
    cJSON *tree = facts_class_tree(&x, f.t, c);
    assert_string_equal(cJSON_GetStringValue(at(tree, "statement", "text")),
                        "SELECT * FROM t WHERE a = 22");
    assert_string_equal(cJSON_GetStringValue(at(tree, "statement", "db")), "app");
    assert_string_equal(cJSON_GetStringValue(at(at(tree, "query", "tables")->child, "db", NULL)),
                        "app");
    assert_string_equal(cJSON_GetStringValue(at(tree, "statement", "query_id")), c->query_id);

    /* The digest's way, in the context's scratch arena, with the shared roots by reference: the
     * same tree. */
    cJSON *server = facts_server_json(&x.ao.target);
    assert_non_null(cJSON_AddItemReferenceToObject(tree, "server", server));
    char *want = cJSON_PrintUnformatted(tree);
    cJSON_Delete(tree);
    for (int round = 0; round < 2; round++) { /* the second one reuses the arena */
        cJSON *scratch = facts_class_tree_scratch(&x, f.t, c, NULL, server, NULL);
        assert_non_null(scratch);
        char *got = cJSON_PrintUnformatted(scratch);
        assert_string_equal(got, want);
        free(got);
    }
    free(want);
    cJSON_Delete(server);
    facts_ctx_free(&x);
    fx_free(&f);
}

static void test_digest(void **state)
{
    (void)state;
    struct fx f;
    build(&f);
    struct facts_digest_info info = {1, 7};
    cJSON *o = facts_digest_json(f.t, &info);
    assert_json(o, "{\"events\":3,\"classes\":2,\"ts_min\":\"2023-11-14T22:13:20Z\","
                   "\"ts_max\":\"2023-11-14T22:13:40Z\",\"span\":20,\"qps\":0.15,\"files\":1,"
                   "\"bad_lines\":7,\"attributes\":[\"Query_time\",\"Rows_examined\","
                   "\"Rows_sent\",\"Full_scan\",\"bytes\",\"Log_slow_rate_limit\","
                   "\"Log_slow_rate_type\"],"
                   "\"rate_limit\":10,\"sampled\":true,\"rate_limit_events\":1,"
                   "\"rate_limit_type\":\"query\"}");
    cJSON_Delete(o);
    o = facts_digest_json(f.t, NULL);
    assert_json(at(o, "files", NULL), "null");
    cJSON_Delete(o);
    fx_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statement), cmocka_unit_test(test_table),
        cmocka_unit_test(test_index),     cmocka_unit_test(test_widths),
        cmocka_unit_test(test_class),     cmocka_unit_test(test_digest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
