/* The schema reader on real server output: fixtures/schemas (a MariaDB 10.11 dump of every table
 * feature, the same tables as SHOW CREATE TABLE output, the migrations and the dump taken after
 * them, the statistics export as TSV and JSON, the MySQL 8.0 manual examples) and every CREATE
 * TABLE statement of the shared corpus (skipped, 77, when ../shared is absent). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "schema/schema.h"
#include "util/buf.h"

#define FIX SLOWDEX_SOURCE_DIR "/fixtures/schemas/"

static struct schema *load_files(const char *target, const char *const *files, size_t n,
                                 const char *stats)
{
    struct sql_target t;
    assert_true(sql_target_parse(target, &t));
    struct schema *s = schema_new(&t);
    assert_non_null(s);
    struct diag d = {0};
    for (size_t i = 0; i < n; i++)
        assert_true(schema_load_file(s, files[i], &d));
    if (stats)
        assert_true(schema_load_stats(s, stats, &d));
    for (int i = 0; i < d.kept; i++)
        print_message("unexpected: %s\n", d.msgs[i]);
    assert_int_equal(d.count, 0);
    diag_free(&d);
    return s;
}

static struct schema_table *tbl(struct schema *s, const char *db, const char *name)
{
    struct schema_table *t = schema_find_table(s, db, strlen(db), name, strlen(name), NULL);
    assert_non_null(t);
    return t;
}

static struct schema_index *idx(struct schema_table *t, const char *name)
{
    struct schema_index *i = schema_find_index(t, name, strlen(name));
    assert_non_null(i);
    return i;
}

/* Facts every reading of the features tables must give (the dump and SHOW CREATE TABLE alike). */
static void check_features(struct schema *s)
{
    struct schema_table *t = tbl(s, "features", "customers");
    assert_int_equal(t->ncolumns, 15);
    assert_int_equal(t->auto_increment, 1000);
    assert_string_equal(t->comment, "customers: it's the \"main\" table");
    struct schema_column *c = schema_find_column(t, "first name", 10);
    assert_non_null(c);
    assert_string_equal(c->collation, "utf8mb4_unicode_ci");
    c = schema_find_column(t, "country", 7);
    assert_string_equal(c->charset, "latin1");
    assert_string_equal(c->collation, "latin1_bin");
    c = schema_find_column(t, "email_domain", 12);
    assert_int_equal(c->generated, SCHEMA_GEN_VIRTUAL);
    assert_string_equal(c->generation_expr, "substring_index(`email`,'@',-1)");
    assert_true(schema_find_column(t, "internal_note", 13)->invisible);
    struct schema_index *ix = idx(t, "idx_name");
    assert_int_equal(ix->parts[0].prefix, 10);
    assert_int_equal(ix->parts[1].prefix, 5);
    assert_string_equal(ix->comment, "prefix lengths; it's a comment");
    assert_true(idx(t, "idx_created_desc")->parts[0].desc);
    assert_true(idx(t, "idx_full_name")->invisible);
    assert_int_equal(idx(t, "idx_country")->using, SCHEMA_USING_BTREE);
    t = tbl(s, "features", "orders");
    assert_int_equal(idx(t, "ft_note")->kind, SCHEMA_INDEX_FULLTEXT);
    assert_int_equal(t->nfks, 2);
    assert_string_equal(t->fks[1].on_delete, "SET NULL");
    assert_string_equal(tbl(s, "features", "cross_db_ref")->fks[0].ref_db, "other");
    assert_true(tbl(s, "features", "metrics_range")->partitioned);
    assert_true(tbl(s, "features", "price_history")->system_versioned);
    assert_string_equal(tbl(s, "features", "event_journal")->engine, "Aria");
    assert_int_equal(idx(tbl(s, "features", "sessions"), "PRIMARY")->using, SCHEMA_USING_HASH);
    assert_int_equal(idx(tbl(s, "features", "places"), "sp_location")->kind, SCHEMA_INDEX_SPATIAL);
    assert_non_null(schema_find_table(s, "features", 8, "back`tick", 9, NULL));
    assert_non_null(schema_find_table(s, "features", 8, "odd.name", 8, NULL));
    assert_string_equal(tbl(s, "other", "customers")->charset, "latin1");
}

static void test_dump(void **state)
{
    (void)state;
    const char *f[] = {FIX "features.dump.sql"};
    struct schema *s = load_files("mariadb:10.11", f, 1, NULL);
    check_features(s);
    assert_int_equal(s->ntables, 29);
    assert_int_equal(s->nobjects, 7);
    assert_non_null(schema_find_object(s, "features", "customer_order_totals", 21));
    assert_int_equal(tbl(s, "features", "customers")->loc.line, 180);
    schema_free(s);
}

static void test_show_create(void **state)
{
    (void)state;
    const char *f[] = {FIX "features.show-create.txt"};
    struct schema *s = load_files("mariadb:10.11", f, 1, NULL);
    check_features(s);
    schema_free(s);
}

static cJSON *table_of(cJSON *model, const char *db, const char *name)
{
    cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItem(model, "tables"))
    {
        const char *tdb = cJSON_GetStringValue(cJSON_GetObjectItem(t, "db"));
        const char *tn = cJSON_GetStringValue(cJSON_GetObjectItem(t, "name"));
        if (tdb && tn && strcmp(tdb, db) == 0 && strcmp(tn, name) == 0)
            return t;
    }
    return NULL;
}

/* Every table of a is in b with the same model (JSON without locations), and as many tables. */
static void same_tables(cJSON *a, cJSON *b, const char *skip)
{
    cJSON *t;
    int n = 0;
    cJSON_ArrayForEach(t, cJSON_GetObjectItem(a, "tables"))
    {
        const char *db = cJSON_GetStringValue(cJSON_GetObjectItem(t, "db"));
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(t, "name"));
        if (skip && strcmp(name, skip) == 0)
            continue;
        n++;
        cJSON *u = table_of(b, db, name);
        if (!u || !cJSON_Compare(t, u, true)) {
            char *x = cJSON_Print(t), *y = u ? cJSON_Print(u) : NULL;
            print_message("differs: %s.%s\n%s\n%s\n", db, name, x, y ? y : "(missing)");
            free(x);
            free(y);
            fail();
        }
    }
    assert_int_equal(n, cJSON_GetArraySize(cJSON_GetObjectItem(b, "tables")));
}

/* The dump and SHOW CREATE TABLE give the same tables (SHOW CREATE TABLE also shows the
 * sequence, as the table it is). */
static void test_dump_equals_show_create(void **state)
{
    (void)state;
    const char *f1[] = {FIX "features.dump.sql"}, *f2[] = {FIX "features.show-create.txt"};
    struct schema *a = load_files("mariadb:10.11", f1, 1, NULL);
    struct schema *b = load_files("mariadb:10.11", f2, 1, NULL);
    cJSON *ja = schema_to_json_opts(a, false), *jb = schema_to_json_opts(b, false);
    same_tables(jb, ja, "invoice_seq");
    cJSON_Delete(ja);
    cJSON_Delete(jb);
    schema_free(a);
    schema_free(b);
}

static bool has_object(const struct schema *s, const struct schema_object *o)
{
    for (size_t i = 0; i < s->nobjects; i++)
        if (s->objects[i].kind == o->kind && strcmp(s->objects[i].name, o->name) == 0 &&
            strcmp(s->objects[i].db, o->db) == 0)
            return true;
    return false;
}

static void test_migrations_equal_after_dump(void **state)
{
    (void)state;
    const char *f[] = {FIX "features.dump.sql",
                       FIX "migrations/0001_create_tables.sql",
                       FIX "migrations/0002_alter_customers.sql",
                       FIX "migrations/0003_keys.sql",
                       FIX "migrations/0004_engines_charsets.sql",
                       FIX "migrations/0005_indexes.sql",
                       FIX "migrations/0006_rename_drop.sql",
                       FIX "migrations/0007_view_trigger.sql"};
    const char *after[] = {FIX "features.after-migrations.dump.sql"};
    struct schema *m = load_files("mariadb:10.11", f, sizeof f / sizeof f[0], NULL);
    struct schema *a = load_files("mariadb:10.11", after, 1, NULL);
    /* The dump cannot tell the index InnoDB added for a foreign key from a declared one. */
    int implicit = 0;
    for (size_t i = 0; i < m->ntables; i++)
        for (size_t j = 0; j < m->tables[i]->nindexes; j++) {
            implicit += m->tables[i]->indexes[j].implicit;
            m->tables[i]->indexes[j].implicit = false;
        }
    assert_int_equal(implicit, 1); /* fk_ct_customer, added by 0003 */
    cJSON *jm = schema_to_json_opts(m, false), *ja = schema_to_json_opts(a, false);
    same_tables(jm, ja, NULL);
    assert_int_equal(m->nobjects, a->nobjects);
    for (size_t i = 0; i < m->nobjects; i++)
        assert_true(has_object(a, &m->objects[i]));
    cJSON_Delete(jm);
    cJSON_Delete(ja);
    schema_free(m);
    schema_free(a);
}

static void test_stats(void **state)
{
    (void)state;
    const char *f[] = {FIX "features.dump.sql"};
    struct schema *s = load_files("mariadb:10.11", f, 1, FIX "features.stats.tsv");
    struct schema *j = load_files("mariadb:10.11", f, 1, FIX "features.stats.json");
    struct schema_table *t = tbl(s, "features", "customers");
    assert_true(t->stats.known);
    assert_int_equal(t->stats.rows, 2000);
    assert_int_equal(t->stats.data_length, 294912);
    struct schema_index *ix = idx(t, "idx_name");
    assert_int_equal(ix->parts[0].cardinality, 12);
    assert_int_equal(ix->parts[1].cardinality, 48);
    cJSON *a = schema_to_json_opts(s, false), *b = schema_to_json_opts(j, false);
    assert_true(cJSON_Compare(a, b, true));
    cJSON_Delete(a);
    cJSON_Delete(b);
    schema_free(s);
    schema_free(j);
}

static void test_mysql_manual(void **state)
{
    (void)state;
    const char *f[] = {FIX "mysql-8.0-manual.sql"};
    struct sql_target t;
    struct schema *s = schema_new(NULL);
    struct diag d = {0};
    assert_true(schema_load_file(s, f[0], &d));
    assert_int_equal(d.count, 0);
    assert_true(sql_target_parse("mysql:8.0.36", &t));
    assert_int_equal(s->target.version, t.version);
    assert_int_equal(s->ntables, 12);
    diag_free(&d);
    schema_free(s);
}

/* --- the corpus ------------------------------------------------------------------------------ */

struct corpus_file {
    const char *path; /* under SLOWDEX_SHARED_DIR/corpus */
    int creates;      /* lines starting CREATE [TEMPORARY] TABLE (grep -ciE) */
};

/* `grep -rlIiE '^\s*create\s+(temporary\s+)?table\b'` over the corpus. */
static const struct corpus_file corpus[] = {
    {"formats/MariaDB-server/mysql-test/main/analyze_format_json.result", 25},
    {"formats/MariaDB-server/mysql-test/main/analyze_stmt_slow_query_log.result", 1},
    {"formats/MariaDB-server/mysql-test/main/explain_json.result.lines1-668.extract", 7},
    {"formats/MariaDB-server/mysql-test/main/log_slow_innodb.result", 1},
    {"formats/mysql-5.6-facebook/mysql-test/r/explain_json_all.result.lines1-438.extract", 5},
    {"formats/mysql-server/mysql-test/r/explain_json_hypergraph.result.lines1-409.extract", 7},
    {"formats/mysql-server/mysql-test/r/explain_json_none.result.lines1-343.extract", 5},
    {"formats/mysql-server/mysql-test/r/explain_tree.result.newer-costs-hidden.explain-analyze-and-json-v2-blocks.extract", 9},
    {"formats/percona-server/mysql-test/r/explain_tree.result.lines1-795.extract", 68},
    {"percona/src/go/pt-secure-collect/testdata/slow_80.log", 31},
    {"percona/t/lib/samples/QueryReportFormatter/table.sql", 1},
    {"percona/t/lib/samples/binlogs/binlog002.txt", 1},
    {"percona/t/lib/samples/binlogs/binlog010.txt", 4},
    {"percona/t/lib/samples/binlogs/binlog011.txt", 24},
    {"percona/t/pt-query-digest/samples/binlog002.txt", 1},
    {"percona/t/pt-query-digest/samples/binlog011.txt", 12},
    {"percona/t/pt-query-digest/samples/issue_1196.sql", 1},
    {"percona/t/pt-query-digest/samples/issue_611.sql", 1},
    {"percona/t/pt-query-digest/samples/query_review.sql", 1},
    {"percona/t/pt-table-usage/samples/ee.sql", 2},
};

/* Whether the line starts (after blanks) with `CREATE [TEMPORARY] TABLE` or the same DROP. */
static int table_statement(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    bool create = strncasecmp(p, "create", 6) == 0;
    if (!create && strncasecmp(p, "drop", 4) != 0)
        return 0;
    p += create ? 6 : 4;
    while (*p == ' ' || *p == '\t')
        p++;
    if (strncasecmp(p, "temporary", 9) == 0)
        for (p += 9; *p == ' ' || *p == '\t';)
            p++;
    if (strncasecmp(p, "table", 5) != 0 || isalnum((unsigned char)p[5]) || p[5] == '_')
        return 0;
    return create ? 1 : 2;
}

/* The CREATE/DROP TABLE statements of a file, each from its first line to the line that ends with
 * `;` (or `\G`, which becomes `;`), other lines blanked so that line numbers stay. */
static char *extract(const char *path, int *creates)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    struct buf out = {0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    bool in = false;
    while ((n = getline(&line, &cap, f)) > 0) {
        int k = in ? 0 : table_statement(line);
        *creates += k == 1;
        in = in || k;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
            n--;
        bool end = (n && line[n - 1] == ';') || (n >= 2 && line[n - 2] == '\\' && line[n - 1] == 'G');
        if (in && n >= 2 && line[n - 2] == '\\' && line[n - 1] == 'G')
            line[n - 2] = ';', n--;
        if (in)
            buf_append(&out, line, (size_t)n);
        buf_append_char(&out, '\n');
        in = in && !end;
    }
    free(line);
    fclose(f);
    return out.p;
}

static void test_corpus_create_tables(void **state)
{
    (void)state;
    char path[1024];
    int total = 0;
    for (size_t i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
        snprintf(path, sizeof path, "%s/corpus/%s", SLOWDEX_SHARED_DIR, corpus[i].path);
        int creates = 0;
        char *text = extract(path, &creates);
        assert_int_equal(creates, corpus[i].creates);
        struct schema *s = schema_new(NULL);
        struct diag d = {0};
        assert_true(schema_load_text(s, corpus[i].path, text, strlen(text), &d));
        for (int k = 0; k < d.kept; k++)
            print_message("unexpected: %s\n", d.msgs[k]);
        assert_int_equal(d.count, 0);
        total += creates;
        diag_free(&d);
        schema_free(s);
        free(text);
    }
    assert_int_equal(total, 207);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dump),
        cmocka_unit_test(test_show_create),
        cmocka_unit_test(test_dump_equals_show_create),
        cmocka_unit_test(test_migrations_equal_after_dump),
        cmocka_unit_test(test_stats),
        cmocka_unit_test(test_mysql_manual),
    };
    const struct CMUnitTest corpus_tests[] = {
        cmocka_unit_test(test_corpus_create_tables),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    if (access(SLOWDEX_SHARED_DIR "/corpus", R_OK) != 0) {
        fprintf(stderr, "skip: %s/corpus is absent\n", SLOWDEX_SHARED_DIR);
        return rc ? rc : 77;
    }
    return rc + cmocka_run_group_tests(corpus_tests, NULL, NULL);
}
