/* The EXPLAIN readers (src/explain) on small hand-made pastes: the column sets of every version of
 * the tabular forms (10 columns, 11 with filtered, 12 with partitions, MariaDB ANALYZE's r_rows and
 * r_filtered), several plans in one paste with and without prompts and `N rows in set`, batch
 * output's escapes, JSON with end markers, TREE indentation and number forms, the same statement
 * in every form giving the same value for each fact both forms carry, and malformed, truncated or
 * mixed pastes giving `file:line: reason` and the plans that could be read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "explain/plan.h"

struct pasted {
    struct arena a;
    struct diag d;
    struct explain_set set;
};

static void parse(struct pasted *p, const char *text)
{
    memset(p, 0, sizeof *p);
    arena_init(&p->a);
    assert_int_equal(explain_parse(text, strlen(text), "p.txt", &p->a, &p->set, &p->d), 0);
}

static void done(struct pasted *p)
{
    diag_free(&p->d);
    arena_free(&p->a);
}

static bool knows(const struct explain_access *x, enum explain_fact f)
{
    return (x->known & (1u << f)) != 0;
}

static bool has(const struct explain_access *x, enum explain_extra f)
{
    return (x->extra & (1ull << f)) != 0;
}

static void test_ten_columns(void **state)
{
    (void)state;
    struct pasted p;
    parse(&p, "+----+-------------+-------+------+---------------+------+---------+------+------+"
              "-------------+\n"
              "| id | select_type | table | type | possible_keys | key  | key_len | ref  | rows |"
              " Extra       |\n"
              "+----+-------------+-------+------+---------------+------+---------+------+------+"
              "-------------+\n"
              "|  1 | SIMPLE      | t1    | ALL  | NULL          | NULL | NULL    | NULL |  100 |"
              " Using where |\n"
              "+----+-------------+-------+------+---------------+------+---------+------+------+"
              "-------------+\n"
              "1 row in set (0.00 sec)\n");
    assert_int_equal(p.d.count, 0);
    assert_int_equal(p.set.nplans, 1);
    const struct explain_plan *pl = &p.set.plans[0];
    assert_int_equal(pl->form, EXPLAIN_FORM_TABLE);
    assert_int_equal(pl->nacc, 1);
    const struct explain_access *x = &pl->acc[0];
    assert_string_equal(x->table, "t1");
    assert_string_equal(x->access_type, "ALL");
    assert_true(knows(x, EXF_KEY) && x->key == NULL);
    assert_true(knows(x, EXF_POSSIBLE_KEYS) && x->npossible_keys == 0);
    assert_true(x->rows == 100);
    assert_false(knows(x, EXF_FILTERED));
    assert_false(knows(x, EXF_PARTITIONS));
    assert_true(has(x, EXX_USING_WHERE));
    assert_int_equal(x->line, 4);
    done(&p);
}

static void test_eleven_and_twelve_columns(void **state)
{
    (void)state;
    struct pasted p;
    parse(&p, "id\tselect_type\ttable\ttype\tpossible_keys\tkey\tkey_len\tref\trows\tfiltered\t"
              "Extra\n"
              "1\tSIMPLE\tt1\tref\ta,ab\ta\t5\tconst\t10\t33.33\tUsing index\n"
              "\n"
              "id\tselect_type\ttable\tpartitions\ttype\tpossible_keys\tkey\tkey_len\tref\trows\t"
              "filtered\tExtra\n"
              "1\tSIMPLE\tt1\tp0,p1\trange\tPRIMARY\tPRIMARY\t4\tNULL\t7\t100.00\t"
              "Using where; Using MRR\n");
    assert_int_equal(p.d.count, 0);
    assert_int_equal(p.set.nplans, 2);
    const struct explain_access *a = &p.set.plans[0].acc[0], *b = &p.set.plans[1].acc[0];
    assert_int_equal(p.set.plans[0].form, EXPLAIN_FORM_BATCH);
    assert_true(knows(a, EXF_FILTERED) && a->filtered > 33.32 && a->filtered < 33.34);
    assert_false(knows(a, EXF_PARTITIONS));
    assert_int_equal(a->npossible_keys, 2);
    assert_string_equal(a->possible_keys[1], "ab");
    assert_string_equal(a->key_len, "5");
    assert_string_equal(a->ref, "const");
    assert_true(has(a, EXX_USING_INDEX) && !has(a, EXX_USING_WHERE));
    assert_true(knows(b, EXF_PARTITIONS));
    assert_string_equal(b->partitions, "p0,p1");
    assert_string_equal(b->access_type, "range");
    assert_true(knows(b, EXF_REF) && b->ref == NULL);
    assert_true(has(b, EXX_USING_WHERE) && has(b, EXX_USING_MRR));
    assert_true(b->filtered == 100);
    done(&p);
}

static void test_mariadb_analyze_columns(void **state)
{
    (void)state;
    struct pasted p;
    parse(&p, "MariaDB [shop]> ANALYZE SELECT * FROM orders WHERE total > 500;\n"
              "+------+-------------+--------+------+---------------+------+---------+------+-----"
              "--+----------+----------+------------+-------------+\n"
              "| id   | select_type | table  | type | possible_keys | key  | key_len | ref  | rows"
              "  | r_rows   | filtered | r_filtered | Extra       |\n"
              "+------+-------------+--------+------+---------------+------+---------+------+-----"
              "--+----------+----------+------------+-------------+\n"
              "|    1 | SIMPLE      | orders | ALL  | NULL          | NULL | NULL    | NULL | 6000"
              "0 | 60000.00 |   100.00 |       5.71 | Using where |\n"
              "+------+-------------+--------+------+---------------+------+---------+------+-----"
              "--+----------+----------+------------+-------------+\n"
              "1 row in set (0.031 sec)\n");
    assert_int_equal(p.d.count, 0);
    assert_int_equal(p.set.nplans, 1);
    const struct explain_plan *pl = &p.set.plans[0];
    assert_true(pl->analyzed);
    assert_non_null(pl->query);
    assert_string_equal(pl->query, "SELECT * FROM orders WHERE total > 500");
    const struct explain_access *x = &pl->acc[0];
    assert_true(knows(x, EXF_ACTUAL_ROWS) && x->actual_rows == 60000);
    assert_true(knows(x, EXF_ACTUAL_FILTERED) && x->actual_filtered > 5.70 &&
                x->actual_filtered < 5.72);
    assert_true(x->rows == 60000 && x->filtered == 100);
    done(&p);
}

/* Two plans, each with its statement above: one with the client's prompt and a `->` continuation,
 * one without a prompt; `N rows in set` and a warning line between them. */
static void test_several_plans_prompts_and_queries(void **state)
{
    (void)state;
    struct pasted p;
    parse(&p, "mysql> EXPLAIN SELECT * FROM a\n"
              "    -> WHERE x = 1;\n"
              "+----+-------------+-------+------+------+\n"
              "| id | select_type | table | type | rows |\n"
              "+----+-------------+-------+------+------+\n"
              "|  1 | SIMPLE      | a     | ref  |    1 |\n"
              "+----+-------------+-------+------+------+\n"
              "1 row in set, 1 warning (0.00 sec)\n"
              "\n"
              "EXPLAIN SELECT * FROM b;\n"
              "+----+-------------+-------+------+------+\n"
              "| id | select_type | table | type | rows |\n"
              "+----+-------------+-------+------+------+\n"
              "|  1 | SIMPLE      | b     | ALL  |   50 |\n"
              "|  2 | SUBQUERY    | c     | ALL  |    7 |\n"
              "+----+-------------+-------+------+------+\n"
              "2 rows in set (0.00 sec)\n");
    assert_int_equal(p.d.count, 0);
    assert_int_equal(p.set.nplans, 2);
    assert_string_equal(p.set.plans[0].query, "SELECT * FROM a WHERE x = 1");
    assert_string_equal(p.set.plans[1].query, "SELECT * FROM b");
    assert_int_equal(p.set.plans[0].nacc, 1);
    assert_int_equal(p.set.plans[1].nacc, 2);
    assert_string_equal(p.set.plans[1].acc[1].select_type, "SUBQUERY");
    assert_false(knows(&p.set.plans[1].acc[1], EXF_KEY)); /* a column subset: key not given */
    done(&p);
}

/* mysql -B prints a TREE plan as one field with \n escapes. */
static void test_batch_escapes(void **state)
{
    (void)state;
    struct pasted p;
    parse(&p, "EXPLAIN\n"
              "-> Filter: (t1.b > 3)  (cost=101 rows=333)\\n    -> Table scan on t1  (cost=101 "
              "rows=1000)\\n\n");
    assert_int_equal(p.d.count, 0);
    assert_int_equal(p.set.nplans, 1);
    const struct explain_plan *pl = &p.set.plans[0];
    assert_int_equal(pl->form, EXPLAIN_FORM_TREE);
    assert_int_equal(pl->nacc, 1);
    assert_string_equal(pl->acc[0].table, "t1");
    assert_string_equal(pl->acc[0].access_type, "ALL");
    assert_true(pl->acc[0].rows == 1000);
    assert_string_equal(pl->acc[0].condition, "(t1.b > 3)");
    done(&p);
}

static void test_json_end_markers(void **state)
{
    (void)state;
    struct pasted p;
    parse(&p, "{\n"
              "  \"query_block\": {\n"
              "    \"select_id\": 1,\n"
              "    \"cost_info\": {\n"
              "      \"query_cost\": \"1.20\"\n"
              "    } /* cost_info */,\n"
              "    \"table\": {\n"
              "      \"table_name\": \"t1\",\n"
              "      \"access_type\": \"ref\",\n"
              "      \"possible_keys\": [\n"
              "        \"a\"\n"
              "      ] /* possible_keys */,\n"
              "      \"key\": \"a\",\n"
              "      \"used_key_parts\": [\n"
              "        \"a\"\n"
              "      ] /* used_key_parts */,\n"
              "      \"key_length\": \"5\",\n"
              "      \"ref\": [\n"
              "        \"const\"\n"
              "      ] /* ref */,\n"
              "      \"rows_examined_per_scan\": 10,\n"
              "      \"rows_produced_per_join\": 10,\n"
              "      \"filtered\": \"100.00\",\n"
              "      \"using_index\": true,\n"
              "      \"cost_info\": {\n"
              "        \"read_cost\": \"0.25\",\n"
              "        \"eval_cost\": \"1.00\",\n"
              "        \"prefix_cost\": \"1.25\",\n"
              "        \"data_read_per_join\": \"80\"\n"
              "      } /* cost_info */\n"
              "    } /* table */\n"
              "  } /* query_block */\n"
              "}\n");
    assert_int_equal(p.d.count, 0);
    assert_int_equal(p.set.nplans, 1);
    assert_int_equal(p.set.plans[0].form, EXPLAIN_FORM_JSON_V1);
    const struct explain_access *x = &p.set.plans[0].acc[0];
    assert_string_equal(x->table, "t1");
    assert_string_equal(x->access_type, "ref");
    assert_string_equal(x->key_len, "5");
    assert_int_equal(x->nused_key_parts, 1);
    assert_string_equal(x->ref, "const");
    assert_true(x->rows == 10 && x->filtered == 100);
    assert_true(knows(x, EXF_V1_COSTS) && x->prefix_cost == 1.25 && x->read_cost == 0.25);
    assert_true(has(x, EXX_USING_INDEX));
    done(&p);
}

/* EXPLAIN ANALYZE with a 3-space indent, metrics on a continuation line and 1.68e+6 numbers. */
static void test_tree_indent_continuation_numbers(void **state)
{
    (void)state;
    struct pasted p;
    parse(&p, "-> Nested loop inner join  (cost=2.1e+6 rows=1.68e+6) (actual time=0.1..900 "
              "rows=1680000 loops=1)\n"
              "   -> Index range scan on fact using idx_a over (a > 5)\n"
              "       (cost=336000 rows=1.68e+6) (actual time=0.05..300 rows=1.68e+6 loops=1)\n"
              "   -> Single-row index lookup on dim using PRIMARY (id=fact.dim_id)  (cost=0.25 "
              "rows=1) (actual time=0.002..0.002 rows=1 loops=1680000)\n");
    assert_int_equal(p.d.count, 0);
    assert_int_equal(p.set.nplans, 1);
    const struct explain_plan *pl = &p.set.plans[0];
    assert_int_equal(pl->form, EXPLAIN_FORM_TREE);
    assert_true(pl->analyzed);
    assert_int_equal(pl->nacc, 2);
    const struct explain_access *f = &pl->acc[0], *d = &pl->acc[1];
    assert_string_equal(f->table, "fact");
    assert_string_equal(f->access_type, "range");
    assert_string_equal(f->key, "idx_a");
    assert_true(f->rows == 1680000);
    assert_true(f->actual_rows == 1680000 && f->actual_loops == 1);
    assert_true(f->cost == 336000);
    assert_string_equal(d->table, "dim");
    assert_string_equal(d->access_type, "eq_ref");
    assert_true(d->actual_loops == 1680000);
    assert_false(knows(d, EXF_POSSIBLE_KEYS));
    assert_false(knows(d, EXF_KEY_LEN));
    done(&p);
}

/* The same statement in every tabular and structured form: each fact two forms carry agrees. */
static const char *const same_statement[] = {
    "+----+-------------+-------+------------+------+---------------+------+---------+------+---"
    "---+----------+-------------+\n"
    "| id | select_type | table | partitions | type | possible_keys | key  | key_len | ref  | row"
    "s | filtered | Extra       |\n"
    "+----+-------------+-------+------------+------+---------------+------+---------+------+---"
    "---+----------+-------------+\n"
    "|  1 | SIMPLE      | t1    | NULL       | ref  | a             | a    | 5       | const |  "
    " 10 |   100.00 | Using where |\n"
    "+----+-------------+-------+------------+------+---------------+------+---------+------+---"
    "---+----------+-------------+\n",
    "id\tselect_type\ttable\tpartitions\ttype\tpossible_keys\tkey\tkey_len\tref\trows\tfiltered\t"
    "Extra\n1\tSIMPLE\tt1\tNULL\tref\ta\ta\t5\tconst\t10\t100.00\tUsing where\n",
    "*************************** 1. row ***************************\n"
    "           id: 1\n  select_type: SIMPLE\n        table: t1\n   partitions: NULL\n"
    "         type: ref\npossible_keys: a\n          key: a\n      key_len: 5\n"
    "          ref: const\n         rows: 10\n     filtered: 100.00\n        Extra: Using where\n"
    "1 row in set, 1 warning (0.00 sec)\n",
    "{\"query_block\": {\"select_id\": 1, \"table\": {\"table_name\": \"t1\", \"access_type\": "
    "\"ref\", \"possible_keys\": [\"a\"], \"key\": \"a\", \"used_key_parts\": [\"a\"], "
    "\"key_length\": \"5\", \"ref\": [\"const\"], \"rows_examined_per_scan\": 10, "
    "\"filtered\": \"100.00\", \"attached_condition\": \"(t1.b > 3)\"}}}\n",
    "-> Filter: (t1.b > 3)  (cost=3.5 rows=10)\n"
    "    -> Index lookup on t1 using a (a=1)  (cost=3.5 rows=10)\n",
};

static void test_forms_agree(void **state)
{
    (void)state;
    static const enum explain_form forms[] = {EXPLAIN_FORM_TABLE, EXPLAIN_FORM_BATCH,
                                              EXPLAIN_FORM_VERTICAL, EXPLAIN_FORM_JSON_V1,
                                              EXPLAIN_FORM_TREE};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        struct pasted p;
        parse(&p, same_statement[i]);
        assert_int_equal(p.d.count, 0);
        assert_int_equal(p.set.nplans, 1);
        assert_int_equal(p.set.plans[0].form, forms[i]);
        assert_int_equal(p.set.plans[0].nacc, 1);
        const struct explain_access *x = &p.set.plans[0].acc[0];
        assert_string_equal(x->table, "t1");
        assert_string_equal(x->access_type, "ref");
        assert_string_equal(x->key, "a");
        assert_true(x->rows == 10);
        assert_true(has(x, EXX_USING_WHERE));
        if (knows(x, EXF_KEY_LEN))
            assert_string_equal(x->key_len, "5");
        if (knows(x, EXF_REF))
            assert_string_equal(x->ref, "const");
        if (knows(x, EXF_FILTERED))
            assert_true(x->filtered == 100);
        if (knows(x, EXF_POSSIBLE_KEYS))
            assert_true(x->npossible_keys == 1 && strcmp(x->possible_keys[0], "a") == 0);
        if (knows(x, EXF_SELECT_ID))
            assert_int_equal(x->select_id, 1);
        /* which facts each form lacks */
        assert_int_equal(knows(x, EXF_KEY_LEN), forms[i] != EXPLAIN_FORM_TREE);
        assert_int_equal(knows(x, EXF_COST), forms[i] == EXPLAIN_FORM_TREE);
        done(&p);
    }
}

/* A good TREE plan, then a truncated JSON one: the TREE plan is read and the JSON problem is
 * reported at its line. */
static void test_truncated_json_after_tree(void **state)
{
    (void)state;
    struct pasted p;
    parse(&p, "-> Table scan on t1  (cost=101 rows=1000)\n"
              "\n"
              "{\n"
              "  \"query_block\": {\n"
              "    \"table\": {\n");
    assert_int_equal(p.set.nplans, 1);
    assert_int_equal(p.set.plans[0].form, EXPLAIN_FORM_TREE);
    assert_true(p.d.count >= 1);
    assert_string_equal(p.d.msgs[0], "p.txt:3: JSON plan is not closed (truncated?)");
    done(&p);
}

/* A boxed table cut in the middle of a row, then a complete batch plan: nothing crashes, the
 * complete plan is read, and the problem names its line. */
static void test_mixed_and_garbage(void **state)
{
    (void)state;
    struct pasted p;
    parse(&p, "+----+-------------+-------+------+------+\n"
              "| id | select_type | table | type | rows |\n"
              "+----+-------------+-------+------+------+\n"
              "|  1 | SIMPLE      | a     \n"
              "some words that are no plan\n"
              "id\tselect_type\ttable\ttype\trows\n"
              "1\tSIMPLE\tb\tALL\t9\n");
    bool batch = false;
    for (unsigned i = 0; i < p.set.nplans; i++)
        if (p.set.plans[i].form == EXPLAIN_FORM_BATCH && p.set.plans[i].nacc == 1 &&
            strcmp(p.set.plans[i].acc[0].table, "b") == 0)
            batch = true;
    assert_true(batch);
    assert_true(p.d.count >= 1);
    assert_non_null(strstr(p.d.msgs[0], "p.txt:4: "));
    done(&p);

    /* Nothing readable at all: no plan, and no crash on empty or binary input. */
    parse(&p, "");
    assert_int_equal(p.set.nplans, 0);
    done(&p);
    parse(&p, "\x01\x02{[\"\n+--\n| |\n*** 1. row\n->\n");
    done(&p);
}

/* JSON v2 pasted as the \G value `EXPLAIN: {` without its row marker, and as `@v1: {` of a user
 * variable: the whole document is read, and the Filter node above the range scan gives that access
 * Using where (as the tabular and TREE forms do), on the line of its own operation. */
static void test_json_v2_labelled_filter(void **state)
{
    (void)state;
    static const char *const labels[] = {"EXPLAIN: {\n", "*************************** 1. row "
                                                          "***************************\n@v1: {\n"};
    for (size_t i = 0; i < 2; i++) {
        char text[2048];
        snprintf(text, sizeof text,
                 "%s"
                 "  \"query_plan\": {\n"
                 "    \"inputs\": [\n"
                 "      {\n"
                 "        \"operation\": \"Index range scan on country using PRIMARY over (x)\",\n"
                 "        \"table_name\": \"country\",\n"
                 "        \"estimated_rows\": 17.0\n"
                 "      }\n"
                 "    ],\n"
                 "    \"operation\": \"Filter: (country.Code like 'A%%')\",\n"
                 "    \"estimated_rows\": 17.0\n"
                 "  },\n"
                 "  \"json_schema_version\": \"2.0\"\n"
                 "}\n1 row in set (0.00 sec)\n",
                 labels[i]);
        struct pasted p;
        parse(&p, text);
        assert_int_equal(p.d.count, 0);
        assert_int_equal(p.set.nplans, 1);
        const struct explain_plan *pl = &p.set.plans[0];
        assert_int_equal(pl->form, EXPLAIN_FORM_JSON_V2);
        assert_int_equal(pl->server, EXPLAIN_SERVER_MYSQL);
        assert_int_equal(pl->nacc, 1);
        assert_string_equal(pl->acc[0].access_type, "range");
        assert_true(has(&pl->acc[0], EXX_USING_WHERE));
        assert_string_equal(pl->acc[0].condition, "(country.Code like 'A%')");
        assert_int_equal(pl->acc[0].line, 5 + i);
        done(&p);
    }
}

/* The server a paste came from: MariaDB's ANALYZE columns and JSON keys, MySQL's JSON v1 costs,
 * nothing for a plain tabular EXPLAIN. */
static void test_server_guessed(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        enum explain_server server;
    } cases[] = {
        {"id\tselect_type\ttable\ttype\tpossible_keys\tkey\tkey_len\tref\trows\tr_rows\tfiltered\t"
         "r_filtered\tExtra\n1\tSIMPLE\tt\tALL\tNULL\tNULL\tNULL\tNULL\t10\t10.00\t100.00\t100.00\t\n",
         EXPLAIN_SERVER_MARIADB},
        {"{\"query_block\": {\"select_id\": 1, \"r_loops\": 1, \"r_total_time_ms\": 0.1, \"table\": "
         "{\"table_name\": \"t\", \"access_type\": \"ALL\", \"r_loops\": 1, \"rows\": 10, "
         "\"r_rows\": 10}}}\n",
         EXPLAIN_SERVER_MARIADB},
        {"{\"query_block\": {\"select_id\": 1, \"table\": {\"table_name\": \"t\", \"access_type\": "
         "\"ALL\", \"rows\": 10, \"block-nl-join\": {}}}}\n",
         EXPLAIN_SERVER_MARIADB},
        {"{\"query_block\": {\"select_id\": 1, \"cost_info\": {\"query_cost\": \"1.2\"}, \"table\": "
         "{\"table_name\": \"t\", \"access_type\": \"ALL\", \"rows_examined_per_scan\": 10}}}\n",
         EXPLAIN_SERVER_MYSQL},
        {"id\tselect_type\ttable\ttype\tpossible_keys\tkey\tkey_len\tref\trows\tExtra\n"
         "1\tSIMPLE\tt\tALL\tNULL\tNULL\tNULL\tNULL\t10\t\n",
         EXPLAIN_SERVER_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct pasted p;
        parse(&p, cases[i].text);
        assert_int_equal(p.set.nplans, 1);
        assert_int_equal(p.set.plans[0].server, cases[i].server);
        done(&p);
    }
}

/* MariaDB FORMAT=JSON: an index merge gives the keys and the Extra the tabular form prints, a
 * subquery under expression_cache is a DEPENDENT SUBQUERY, and each access is on the line of its
 * own "table": {. */
static void test_mariadb_json_merge_select_types_lines(void **state)
{
    (void)state;
    struct pasted p;
    parse(&p, "{\n"
              "  \"query_block\": {\n"
              "    \"select_id\": 1,\n"
              "    \"nested_loop\": [\n"
              "      {\n"
              "        \"table\": {\n"
              "          \"table_name\": \"t2\",\n"
              "          \"access_type\": \"index_merge\",\n"
              "          \"possible_keys\": [\"a1\", \"b1\"],\n"
              "          \"key_length\": \"5,5\",\n"
              "          \"index_merge\": {\"sort_union\": [{\"range\": {\"key\": \"a1\"}},\n"
              "            {\"intersect\": [{\"range\": {\"key\": \"b1\"}}, {\"range\": {\"key\": "
              "\"c1\"}}]}]},\n"
              "          \"rows\": 2,\n"
              "          \"attached_condition\": \"t2.a1 = 1 or t2.b1 = 2\"\n"
              "        }\n"
              "      }\n"
              "    ],\n"
              "    \"subqueries\": [\n"
              "      {\n"
              "        \"expression_cache\": {\n"
              "          \"query_block\": {\n"
              "            \"select_id\": 2,\n"
              "            \"nested_loop\": [\n"
              "              {\n"
              "                \"table\": {\"table_name\": \"t3\", \"access_type\": \"ALL\", "
              "\"rows\": 10}\n"
              "              }\n"
              "            ]\n"
              "          }\n"
              "        }\n"
              "      }\n"
              "    ]\n"
              "  }\n"
              "}\n");
    assert_int_equal(p.d.count, 0);
    assert_int_equal(p.set.nplans, 1);
    const struct explain_plan *pl = &p.set.plans[0];
    assert_int_equal(pl->form, EXPLAIN_FORM_JSON_MARIADB);
    assert_int_equal(pl->server, EXPLAIN_SERVER_MARIADB);
    assert_int_equal(pl->nacc, 2);
    const struct explain_access *m = &pl->acc[0], *s = &pl->acc[1];
    assert_string_equal(m->key, "a1,b1,c1");
    assert_true(has(m, EXX_USING_INDEX_MERGE) && has(m, EXX_USING_WHERE));
    assert_string_equal(m->extra_text, "Using where; Using sort_union(a1,intersect(b1,c1))");
    assert_string_equal(m->select_type, "PRIMARY");
    assert_int_equal(m->line, 6);
    assert_string_equal(s->select_type, "DEPENDENT SUBQUERY");
    assert_true(s->dependent);
    assert_int_equal(s->line, 25);
    done(&p);

    /* the tabular twin: the same key, flag and merge */
    parse(&p, "id\tselect_type\ttable\ttype\tpossible_keys\tkey\tkey_len\tref\trows\tExtra\n"
              "1\tSIMPLE\tt2\tindex_merge\ta1,b1\ta1,b1\t5,5\tNULL\t2\t"
              "Using sort_union(a1,b1); Using where\n");
    m = &p.set.plans[0].acc[0];
    assert_string_equal(m->key, "a1,b1");
    assert_true(has(m, EXX_USING_INDEX_MERGE) && has(m, EXX_USING_WHERE));
    assert_string_equal(m->index_merge, "sort_union(a1,b1)");
    done(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ten_columns),
        cmocka_unit_test(test_eleven_and_twelve_columns),
        cmocka_unit_test(test_mariadb_analyze_columns),
        cmocka_unit_test(test_several_plans_prompts_and_queries),
        cmocka_unit_test(test_batch_escapes),
        cmocka_unit_test(test_json_end_markers),
        cmocka_unit_test(test_tree_indent_continuation_numbers),
        cmocka_unit_test(test_forms_agree),
        cmocka_unit_test(test_truncated_json_after_tree),
        cmocka_unit_test(test_mixed_and_garbage),
        cmocka_unit_test(test_json_v2_labelled_filter),
        cmocka_unit_test(test_server_guessed),
        cmocka_unit_test(test_mariadb_json_merge_select_types_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
