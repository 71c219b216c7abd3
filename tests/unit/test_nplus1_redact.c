/* --redact on the NP1 findings (analyze/nplus1_redact.c): the example and fix_sql evidence lose
 * their literals — both fix shapes (a semi-join with the parent's statement, and `col IN (13, …)`)
 * and the no-equality fallback, whose words must survive — and the fix is rendered again from
 * them; other rules' findings and findings without evidence are left alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyze/nplus1_redact.h"
#include "rules/engine.h"
#include "util/diag.h"

static struct rule_catalog *catalog(void)
{
    struct diag d = {0};
    struct rule_catalog *cat = rule_catalog_new(NULL);
    assert_non_null(cat);
    assert_int_equal(rule_catalog_load_embedded(cat, &d), 0);
    diag_free(&d);
    return cat;
}

static void add(struct finding_list *l, const char *rule, const char *example, const char *fix_sql,
                const char *fix)
{
    cJSON *ev = cJSON_CreateObject();
    assert_non_null(ev);
    assert_non_null(cJSON_AddStringToObject(ev, "example", example));
    if (fix_sql)
        assert_non_null(cJSON_AddStringToObject(ev, "fix_sql", fix_sql));
    struct finding_subject s = {.query_id = "7C4E7DF9F340D487374AA47263E60410"};
    assert_int_equal(finding_list_add(l, rule, SEV_NOTICE, &s, ev, "msg", fix, NULL, NULL), 0);
}

static const char *ev_str(const struct finding *f, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(f->evidence, k)->valuestring;
}

static void test_loop_fixes_and_examples(void **state)
{
    (void)state;
    struct rule_catalog *cat = catalog();
    struct finding_list l = {0};
    add(&l, "NP1.LOOP", "/*c='x'*/ SELECT a FROM t WHERE id = 13",
        "SELECT a FROM t WHERE id IN (SELECT id FROM (SELECT id FROM p WHERE c = 'IT' LIMIT 3) AS "
        "parent)", "old");
    add(&l, "NP1.LOOP", "SELECT a FROM t WHERE id = 13", "SELECT a FROM t WHERE id IN (13, …) AND b = 'x'",
        "old");
    add(&l, "NP1.LOOP", "SELECT * FROM b WHERE t LIKE 'a%'",
        "one statement that takes the values of all the rows at once instead of select * from b "
        "where t like ? (it has no `column = value` to turn into IN)", "old");
    add(&l, "QRY.SELECT_STAR", "SELECT * FROM t WHERE id = 13", NULL, "kept");
    assert_int_equal(np1_findings_redact(&l, cat), 0);
    assert_string_equal(ev_str(&l.v[0], "example"), "/* */ SELECT a FROM t WHERE id = ?");
    assert_string_equal(ev_str(&l.v[0], "fix_sql"), "SELECT a FROM t WHERE id IN (SELECT id FROM "
                                                    "(SELECT id FROM p WHERE c = ? LIMIT ?) AS parent)");
    assert_string_equal(l.v[0].fix, "Fetch all the rows' values in one query: SELECT a FROM t WHERE "
                                    "id IN (SELECT id FROM (SELECT id FROM p WHERE c = ? LIMIT ?) AS "
                                    "parent). In an ORM, load the relation eagerly: Django "
                                    "select_related (to-one) or prefetch_related (to-many), Rails "
                                    "includes/preload, SQLAlchemy selectinload/joinedload, Hibernate "
                                    "JOIN FETCH or @BatchSize.");
    assert_string_equal(ev_str(&l.v[1], "fix_sql"), "SELECT a FROM t WHERE id IN (?, …) AND b = ?");
    assert_string_equal(ev_str(&l.v[2], "fix_sql"),
                        "one statement that takes the values of all the rows at once instead of "
                        "select * from b where t like ? (it has no `column = value` to turn into IN)");
    assert_string_equal(ev_str(&l.v[2], "example"), "SELECT * FROM b WHERE t LIKE ?");
    assert_string_equal(ev_str(&l.v[3], "example"), "SELECT * FROM t WHERE id = 13");
    assert_string_equal(l.v[3].fix, "kept");
    finding_list_free(&l);
    rule_catalog_free(cat);
}

static void test_repeat_and_brief(void **state)
{
    (void)state;
    struct rule_catalog *cat = catalog();
    struct finding_list l = {0};
    add(&l, "NP1.REPEAT", "SELECT v FROM s WHERE n = 'tz'", NULL, "same");
    l.brief = true;
    struct finding_subject s = {0};
    assert_int_equal(finding_list_add(&l, "NP1.LOOP", SEV_NOTICE, &s, NULL, NULL, NULL, NULL, NULL), 0);
    assert_int_equal(np1_findings_redact(&l, cat), 0);
    assert_string_equal(ev_str(&l.v[0], "example"), "SELECT v FROM s WHERE n = ?");
    assert_string_equal(l.v[0].fix, "Run it once and keep the result: hoist it out of the loop, or "
                                    "cache it for the request (Django cached_property, Rails "
                                    "memoization ||=, SQLAlchemy's identity map with session.get, "
                                    "Hibernate's first-level cache with find by id).");
    assert_null(l.v[1].evidence);
    finding_list_free(&l);
    rule_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loop_fixes_and_examples),
        cmocka_unit_test(test_repeat_and_brief),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
