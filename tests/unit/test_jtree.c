/* Tests of jtree (util/jtree.h): a tree built in an arena is the same JSON as one built with
 * malloc — node by node, for a statement analysis of every list and member kind, and for a digest
 * class's fact tree — and nothing of it needs freeing but the arena (ASan and valgrind would see a
 * leak or a double free). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sql/analysis.h"
#include "util/jtree.h"

static char *print_and_free(cJSON *o, bool arena)
{
    char *s = cJSON_PrintUnformatted(o);
    if (!arena)
        cJSON_Delete(o);
    assert_non_null(s);
    return s;
}

static void test_primitives(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    for (int mode = 0; mode < 2; mode++) {
        struct jtree j = {mode ? &a : NULL};
        cJSON *shared = cJSON_Parse("{\"x\":[1,2],\"y\":\"z\"}");
        cJSON *o = jt_object(&j);
        cJSON *l = jt_add_array(&j, o, "list");
        assert_non_null(l);
        assert_true(jt_add_number(&j, o, "n", 2.5) && jt_add_number(&j, o, "big", 1e300) &&
                    jt_add_string(&j, o, "s", "a\"b") && jt_add_bool(&j, o, "t", true) &&
                    jt_add_bool(&j, o, "f", false) && jt_add_null(&j, o, "z") &&
                    jt_add(&j, o, "ref", jt_reference(&j, shared)) &&
                    jt_add_object(&j, o, "empty") != NULL);
        for (int i = 0; i < 3; i++)
            assert_true(jt_add(&j, l, NULL, jt_number(&j, i)));
        assert_false(jt_add(&j, o, "null item", NULL));
        assert_false(jt_add_string(&j, o, "null string", NULL));
        assert_int_equal(cJSON_GetObjectItemCaseSensitive(o, "big")->valueint, INT32_MAX);
        /* views, not NUL-terminated, short and past the stack buffer of the malloc'd way */
        char text[400];
        memset(text, 'v', sizeof text);
        for (size_t n = 3; n <= 300; n += 297) {
            cJSON *v = jt_string_n(&j, text, n);
            assert_non_null(v);
            assert_int_equal(strlen(v->valuestring), n);
            if (!mode)
                cJSON_Delete(v);
        }
        assert_int_equal(cJSON_GetArraySize(l), 3);
        char *s = print_and_free(o, mode);
        assert_string_equal(s, "{\"list\":[0,1,2],\"n\":2.5,\"big\":1e+300,\"s\":\"a\\\"b\","
                               "\"t\":true,\"f\":false,\"z\":null,\"ref\":{\"x\":[1,2],"
                               "\"y\":\"z\"},\"empty\":{}}");
        free(s);
        cJSON_Delete(shared); /* the reference left it whole */
    }
    arena_free(&a);
}

static const char *const statements[] = {
    "SELECT * FROM t WHERE a = 1",
    "SELECT a.x, b.y FROM db1.a AS a USE INDEX (i1, i2) JOIN b FORCE INDEX FOR ORDER BY (j) "
    "ON a.id = b.aid WHERE UPPER(a.name) LIKE '%x' AND b.n NOT IN (SELECT n FROM c) "
    "GROUP BY a.x ORDER BY b.y DESC LIMIT 10 OFFSET 5000",
    "UPDATE t1, t2 SET t1.a = t2.b WHERE t1.id = t2.id + 1 OR t1.c = 3",
    "DELETE FROM t WHERE q < NOW() - INTERVAL 1 DAY LIMIT 100",
    "INSERT INTO t VALUES (1, 2), (3, 4) ON DUPLICATE KEY UPDATE b = VALUES(b)",
    "WITH r AS (SELECT id FROM p WHERE x = 'y') SELECT COUNT(*) FROM r, q FOR UPDATE",
    "SELECT nope.col, other FROM t1 JOIN t2 WHERE",
    "SELECT a FROM t UNION ALL SELECT b FROM u ORDER BY RAND()",
};

static void test_analysis_same_both_ways(void **state)
{
    (void)state;
    struct arena an_arena, tree_arena;
    arena_init(&an_arena);
    arena_init(&tree_arena);
    struct sql_analyze_opts o = sql_analyze_opts_default();
    for (size_t i = 0; i < sizeof statements / sizeof statements[0]; i++) {
        struct sql_analysis *an;
        arena_reset(&an_arena);
        assert_true(sql_analyze(statements[i], strlen(statements[i]), &o, &an_arena, &an));
        char *want = print_and_free(sql_analysis_to_json(an, (unsigned)i + 1, 3), false);
        arena_reset(&tree_arena);
        struct jtree j = {&tree_arena};
        char *got = print_and_free(sql_analysis_to_jtree(&j, an, (unsigned)i + 1, 3, SQLJ_ALL),
                                   true);
        assert_string_equal(got, want);
        free(got);
        /* only some lists: the others absent, the scalars there */
        got = print_and_free(sql_analysis_to_jtree(&j, an, 1, 1, SQLJ_TABLES | SQLJ_DEFEATS),
                             true);
        cJSON *p = cJSON_Parse(got);
        assert_non_null(cJSON_GetObjectItemCaseSensitive(p, "tables"));
        assert_non_null(cJSON_GetObjectItemCaseSensitive(p, "defeats"));
        assert_non_null(cJSON_GetObjectItemCaseSensitive(p, "kind"));
        assert_null(cJSON_GetObjectItemCaseSensitive(p, "blocks"));
        assert_null(cJSON_GetObjectItemCaseSensitive(p, "columns"));
        cJSON_Delete(p);
        free(got);
        free(want);
    }
    assert_int_equal(sql_analysis_json_part("predicates"), SQLJ_PREDICATES);
    assert_int_equal(sql_analysis_json_part("kind"), 0);
    assert_int_equal(sql_analysis_json_part("no such member"), SQLJ_ALL);
    arena_free(&an_arena);
    arena_free(&tree_arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_primitives),
        cmocka_unit_test(test_analysis_same_both_ways),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
