/* The plan rules over pasted plans (analyze/plan_findings): the plan_table facts the statement and
 * the schema add (the table behind an alias, the WHERE / JOIN / ORDER BY / GROUP BY columns of that
 * table, a correlated subquery's outer column as a WHERE column, the key's columns and how many of
 * them key_len covers), which access each finding concerns, and a plan without accesses evaluated
 * once as a whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyze/plan_findings.h"

static char *list(const cJSON *o, const char *k)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, k), *e;
    static char buf[256];
    buf[0] = '\0';
    if (!a)
        return "null";
    cJSON_ArrayForEach(e, a) {
        if (buf[0])
            strcat(buf, ",");
        strcat(buf, cJSON_IsString(e) ? e->valuestring : "?");
    }
    return buf;
}

/* The `query` root of a statement, as facts_add_statement makes it. */
static cJSON *query_of(struct facts_ctx *fx, const char *sql)
{
    cJSON *tree = cJSON_CreateObject();
    struct facts_stmt st = {.text = sql, .len = strlen(sql)};
    assert_int_equal(facts_add_statement(fx, tree, &st, NULL), 0);
    return tree;
}

static struct explain_plan *plan_of(struct arena *a, struct diag *d, const char *text)
{
    struct explain_set set;
    assert_int_equal(explain_parse(text, strlen(text), "p.txt", a, &set, d), 0);
    assert_int_equal(set.nplans, 1);
    return &set.plans[0];
}

static const char join_plan[] =
    "id\tselect_type\ttable\ttype\tpossible_keys\tkey\tkey_len\tref\trows\tExtra\n"
    "1\tPRIMARY\tp\trange\tPRIMARY\tPRIMARY\t4\tNULL\t20\tUsing where\n"
    "2\tDEPENDENT SUBQUERY\toi\tALL\tNULL\tNULL\tNULL\tNULL\t150000\tUsing where\n";

static void test_columns_of_each_table(void **state)
{
    (void)state;
    struct facts_ctx fx;
    struct arena a;
    struct diag d = {0};
    facts_ctx_init(&fx, NULL);
    arena_init(&a);
    const struct explain_plan *p = plan_of(&a, &d, join_plan);
    cJSON *tree = query_of(&fx, "SELECT p.id, (SELECT SUM(oi.qty) FROM order_items oi WHERE "
                                "oi.product_id = p.id) FROM products p WHERE p.id <= 20 "
                                "ORDER BY p.name");
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(tree, "query");
    cJSON *outer = plan_findings_table_json(&p->acc[0], q, NULL, NULL);
    cJSON *inner = plan_findings_table_json(&p->acc[1], q, NULL, NULL);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(outer, "table_name")->valuestring,
                        "products");
    assert_string_equal(list(outer, "where_columns"), "id");
    assert_string_equal(list(outer, "order_by_columns"), "name");
    assert_string_equal(list(outer, "join_columns"), "null"); /* none: left out */
    assert_string_equal(list(outer, "group_by_columns"), "null");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(inner, "table_name")->valuestring,
                        "order_items");
    /* the outer row's column is a constant for each execution of the subquery */
    assert_string_equal(list(inner, "where_columns"), "product_id");
    assert_string_equal(list(inner, "join_columns"), "product_id");
    assert_null(cJSON_GetObjectItemCaseSensitive(inner, "key_columns"));
    cJSON_Delete(outer);
    cJSON_Delete(inner);
    /* without the statement: the access's facts only */
    cJSON *bare = plan_findings_table_json(&p->acc[1], NULL, NULL, NULL);
    assert_null(cJSON_GetObjectItemCaseSensitive(bare, "table_name"));
    assert_null(cJSON_GetObjectItemCaseSensitive(bare, "where_columns"));
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(bare, "table")->valuestring, "oi");
    cJSON_Delete(bare);
    cJSON_Delete(tree);
    /* A derived table the JSON form names by its alias: no name behind it, no columns. */
    tree = query_of(&fx, "SELECT * FROM (SELECT a FROM t) oi WHERE oi.a = 1");
    cJSON *derived = plan_findings_table_json(&p->acc[1], cJSON_GetObjectItemCaseSensitive(tree,
                                                                                     "query"),
                                              NULL, NULL);
    assert_non_null(derived);
    assert_null(cJSON_GetObjectItemCaseSensitive(derived, "table_name"));
    cJSON_Delete(derived);
    cJSON_Delete(tree);
    diag_free(&d);
    arena_free(&a);
    facts_ctx_free(&fx);
}

static void test_join_columns_and_key_parts(void **state)
{
    (void)state;
    static const char ddl[] =
        "CREATE TABLE page_views (id INT NOT NULL PRIMARY KEY, customer_id INT NOT NULL, "
        "path VARCHAR(100) NOT NULL, viewed_at DATETIME NOT NULL, note VARCHAR(10), "
        "KEY idx_pvc (path, viewed_at, customer_id), KEY idx_note_cust (note, customer_id)) "
        "DEFAULT CHARSET=utf8mb4;\n";
    struct sql_target tg = {0};
    struct schema *s = schema_new(&tg);
    struct diag d = {0};
    assert_true(schema_load_text(s, "s.sql", ddl, strlen(ddl), &d));
    struct arena a;
    arena_init(&a);
    const struct explain_plan *p = plan_of(
        &a, &d,
        "id\tselect_type\ttable\ttype\tpossible_keys\tkey\tkey_len\tref\trows\tExtra\n"
        "1\tSIMPLE\tv\tref\tidx_pvc\tidx_pvc\t402\tconst\t6125\tUsing index condition\n"
        "1\tSIMPLE\tw\tref\tidx_pvc\tidx_pvc\t407\tconst,const\t10\t\n"
        "1\tSIMPLE\tx\tref\tidx_note_cust\tidx_note_cust\t47\tconst,const\t1\t\n"
        "1\tSIMPLE\ty\tref\tidx_pvc\tidx_pvc\t999\tconst\t1\t\n");
    struct facts_ctx fx;
    facts_ctx_init(&fx, NULL);
    cJSON *tree = query_of(&fx, "SELECT v.id FROM page_views v JOIN page_views w ON "
                                "w.customer_id = v.customer_id JOIN page_views x ON x.id = w.id "
                                "JOIN page_views y ON y.id = x.id WHERE v.path = '/cart' GROUP "
                                "BY w.viewed_at");
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(tree, "query");
    static const char *const parts[] = {"1", "2", "2", "null"};
    for (unsigned i = 0; i < 4; i++) {
        cJSON *o = plan_findings_table_json(&p->acc[i], q, s, NULL);
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(o, "key_parts_used");
        char got[16];
        snprintf(got, sizeof got, "%s", n ? "" : "null");
        if (n)
            snprintf(got, sizeof got, "%d", n->valueint);
        assert_string_equal(got, parts[i]);
        assert_string_equal(list(o, "key_columns"),
                            i == 2 ? "note,customer_id" : "path,viewed_at,customer_id");
        if (i == 0) {
            assert_string_equal(list(o, "where_columns"), "path");
            assert_string_equal(list(o, "join_columns"), "customer_id");
        }
        if (i == 1) {
            assert_string_equal(list(o, "join_columns"), "customer_id,id");
            assert_string_equal(list(o, "group_by_columns"), "viewed_at");
        }
        cJSON_Delete(o);
    }
    cJSON_Delete(tree);
    facts_ctx_free(&fx);
    arena_free(&a);
    diag_free(&d);
    schema_free(s);
}

struct run {
    struct rule_catalog *cat;
    struct facts_ctx fx;
    struct expr_eval *ev;
    cJSON *server;
    struct plan_findings_ctx c;
};

static void run_init(struct run *r)
{
    struct diag d = {0};
    r->cat = rule_catalog_new(NULL);
    assert_non_null(r->cat);
    assert_int_equal(rule_catalog_load_embedded(r->cat, &d), 0);
    diag_free(&d);
    facts_ctx_init(&r->fx, NULL);
    r->ev = expr_eval_new();
    struct sql_target tg = {0};
    r->server = facts_server_json(&tg);
    r->c = (struct plan_findings_ctx){.cat = r->cat, .server = r->server, .fx = &r->fx,
                                      .ev = r->ev};
}

static void run_free(struct run *r)
{
    cJSON_Delete(r->server);
    expr_eval_free(r->ev);
    facts_ctx_free(&r->fx);
    rule_catalog_free(r->cat);
}

/* Findings in access order; ends[] says which access each concerns; the subject is the access's
 * table and line, the Query ID of a digest class when given. */
static void test_findings_per_access(void **state)
{
    (void)state;
    struct run r;
    run_init(&r);
    struct arena a;
    struct diag d = {0};
    arena_init(&a);
    const struct explain_plan *p = plan_of(&a, &d, join_plan);
    struct finding_list out = {0};
    size_t ends[3];
    struct plan_findings_about ab = {.index = 1, .file = "p.txt", .lines = true};
    assert_int_equal(plan_findings_eval(&r.c, p, &ab, &out, ends), 0);
    assert_int_equal(ends[0], 0); /* p: a 20-row range, nothing to say */
    assert_true(ends[1] >= 1);
    assert_int_equal(ends[2], ends[1]);
    bool dependent = false;
    for (size_t k = 0; k < out.n; k++) {
        assert_string_equal(out.v[k].subject.table, "oi");
        assert_int_equal(out.v[k].subject.line, 3);
        assert_null(out.v[k].subject.file);
        dependent |= strcmp(out.v[k].rule_id, "PLN.DEPENDENT_SUBQUERY") == 0;
    }
    assert_true(dependent);
    finding_list_free(&out);
    /* A digest class: the Query ID, no line. */
    ab = (struct plan_findings_about){.index = 1, .query_id = "ABC", .db = "shop"};
    assert_int_equal(plan_findings_eval(&r.c, p, &ab, &out, NULL), 0);
    assert_true(out.n >= 1);
    assert_string_equal(out.v[0].subject.query_id, "ABC");
    assert_string_equal(out.v[0].subject.db, "shop");
    assert_int_equal(out.v[0].subject.line, 0);
    finding_list_free(&out);
    diag_free(&d);
    arena_free(&a);
    run_free(&r);
}

/* A plan that is only a message (MariaDB's JSON for an impossible WHERE) is one subject. */
static void test_plan_without_accesses(void **state)
{
    (void)state;
    struct run r;
    run_init(&r);
    struct arena a;
    struct diag d = {0};
    arena_init(&a);
    const struct explain_plan *p = plan_of(
        &a, &d,
        "{\n  \"query_block\": {\n    \"select_id\": 1,\n    \"table\": {\n"
        "      \"message\": \"Impossible WHERE\"\n    }\n  }\n}\n");
    struct finding_list out = {0};
    size_t ends[8];
    struct plan_findings_about ab = {.index = 1, .lines = true};
    assert_int_equal(plan_findings_eval(&r.c, p, &ab, &out, ends), 0);
    assert_int_equal(out.n, 1);
    assert_string_equal(out.v[0].rule_id, "PLN.IMPOSSIBLE_WHERE");
    assert_int_equal(ends[p->nacc], 1);
    finding_list_free(&out);
    diag_free(&d);
    arena_free(&a);
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_columns_of_each_table),
        cmocka_unit_test(test_join_columns_and_key_parts),
        cmocka_unit_test(test_findings_per_access),
        cmocka_unit_test(test_plan_without_accesses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
