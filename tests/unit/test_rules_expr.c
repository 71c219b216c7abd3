/* The rule expression language: what expressions mean over a fact tree, and the exact error (offset
 * and sentence) for what must be refused when a rule is loaded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rules/expr.h"

static const char facts_text[] =
    "{\"query\": {\"kind\": \"select\", \"complete\": true, \"limit\": 10,"
    " \"blocks\": [{\"id\": 0, \"star\": true, \"offset\": 50000}, {\"id\": 1, \"star\": false}],"
    " \"tables\": [{\"name\": \"orders\", \"alias\": \"o\"}, {\"name\": \"items\", \"alias\": null}],"
    " \"defeats\": [{\"kind\": \"function\", \"table\": 0, \"detail\": \"DATE\"},"
    "               {\"kind\": \"leading_wildcard\", \"table\": 1}]},"
    " \"statement\": {\"text\": \"SELECT * FROM orders WHERE x LIKE '%a'\"},"
    " \"class\": {\"count\": 4, \"Rows_examined\": {\"sum\": 4000}, \"Rows_sent\": {\"sum\": 0}}}";

static const char *const thr_names[] = {"max_offset", "engines"};
static const enum expr_type thr_types[] = {EXPR_NUM, EXPR_LIST};

static bool eval_on(const char *text)
{
    struct expr_env env = {thr_names, thr_types, 2, false};
    struct expr_error err;
    struct expr *e = expr_parse(text, strlen(text), &env, &err);
    if (!e)
        fail_msg("%s: %zu: %s", text, err.pos, err.msg);
    cJSON *facts = cJSON_Parse(facts_text), *thr = cJSON_CreateNumber(10000);
    cJSON *engines = cJSON_Parse("[\"InnoDB\", \"MyRocks\"]");
    const cJSON *thresholds[] = {thr, engines};
    struct expr_bindings b = {facts, thresholds, NULL};
    struct expr_eval *ev = expr_eval_new();
    assert_non_null(ev);
    bool r = expr_eval_bool(ev, e, &b);
    expr_eval_free(ev);
    cJSON_Delete(facts);
    cJSON_Delete(thr);
    cJSON_Delete(engines);
    expr_free(e);
    return r;
}

static char *json_of(const char *text)
{
    struct expr_error err;
    struct expr *e = expr_parse(text, strlen(text), NULL, &err);
    if (!e)
        fail_msg("%s: %zu: %s", text, err.pos, err.msg);
    cJSON *facts = cJSON_Parse(facts_text);
    struct expr_bindings b = {facts, NULL, NULL};
    struct expr_eval *ev = expr_eval_new();
    cJSON *v = expr_eval_json(ev, e, &b);
    char *s = cJSON_PrintUnformatted(v);
    cJSON_Delete(v);
    expr_eval_free(ev);
    cJSON_Delete(facts);
    expr_free(e);
    return s;
}

static void assert_json(const char *text, const char *want)
{
    char *got = json_of(text);
    if (strcmp(got, want) != 0)
        fail_msg("%s gives %s, not %s", text, got, want);
    free(got);
}

/* "POS: message" of the parse error, or "ok". */
static void assert_error(const char *text, const char *want)
{
    struct expr_env env = {thr_names, thr_types, 2, false};
    struct expr_error err;
    char got[300];
    struct expr *e = expr_parse(text, strlen(text), &env, &err);
    if (e)
        snprintf(got, sizeof got, "ok");
    else
        snprintf(got, sizeof got, "%zu: %s", err.pos, err.msg);
    expr_free(e);
    if (strcmp(got, want) != 0)
        fail_msg("%s\n  gives: %s\n  want:  %s", text, got, want);
}

static void test_paths_and_comparisons(void **state)
{
    (void)state;
    assert_true(eval_on("query.kind == 'select'"));
    assert_false(eval_on("query.kind != 'select'"));
    assert_true(eval_on("query.blocks[0].offset > $max_offset"));
    assert_false(eval_on("query.blocks[1].offset > $max_offset")); /* missing: null, false */
    assert_true(eval_on("query.blocks[1].offset == null"));
    assert_true(eval_on("query.tables[query.defeats[1].table].name == 'items'"));
    assert_true(eval_on("query.limit >= 10 and query.limit <= 10 and query.limit < 11"));
    assert_true(eval_on("'abc' < 'abd' and not ('b' < 'a')"));
    assert_false(eval_on("query.kind < 5")); /* unordered at run time: false */
    assert_true(eval_on("query.complete"));
    assert_false(eval_on("query.nothing.deeper"));
}

static void test_lists_in_any_all_count(void **state)
{
    (void)state;
    assert_true(eval_on("'leading_wildcard' in query.defeats[].kind"));
    assert_true(eval_on("'DATE' not in query.defeats[].kind"));
    assert_true(eval_on("query.kind in ['insert', 'select']"));
    assert_true(eval_on("'LIKE' in statement.text")); /* substring */
    assert_true(eval_on("'InnoDB' in $engines"));
    assert_true(eval_on("any(query.blocks[], it.star)"));
    assert_false(eval_on("all(query.blocks[], it.star)"));
    assert_true(eval_on("all(query.nothing[], it.star)")); /* vacuous */
    assert_true(eval_on("count(query.defeats[]) == 2 and count(query.blocks[], it.star) == 1"));
    assert_true(eval_on("any(query.blocks[], any(query.tables[], it.name == 'items'))"));
    assert_true(eval_on("len(query.tables) == 2 and len(query.kind) == 6"));
    assert_true(eval_on("coalesce(query.tables[1].alias, query.tables[1].name) == 'items'"));
    assert_true(eval_on("lower('SeLeCt') == query.kind"));
}

static void test_arithmetic_and_regex(void **state)
{
    (void)state;
    assert_true(eval_on("class.Rows_examined.sum / class.count == 1000"));
    assert_true(eval_on("1 + 2 * 3 == 7 and (1 + 2) * 3 == 9 and 7 % 4 == 3 and -2 + 5 == 3"));
    assert_true(eval_on("class.Rows_examined.sum / class.Rows_sent.sum == null")); /* / 0 */
    assert_true(eval_on("statement.text =~ '(?i)like\\s+\\'%'"));
    assert_false(eval_on("statement.text !~ 'LIKE'"));
    assert_false(eval_on("query.missing =~ 'x' or query.missing !~ 'x'"));
    assert_json("query.defeats[].kind", "[\"function\",\"leading_wildcard\"]");
    assert_json("query.tables[].alias", "[\"o\",null]");
    assert_json("class.Rows_examined.sum * 2.5", "10000");
    assert_json("query.blocks[0]", "{\"id\":0,\"star\":true,\"offset\":50000}");
}

/* The preconditions of text (as an `each` list when each), as "root.field=values" or
 * "root.field[]" joined by "; ", and whether each is met on facts_text. */
static void assert_needs(const char *text, bool each, const char *want)
{
    struct expr_env env = {thr_names, thr_types, 2, true};
    struct expr_error err;
    struct expr *e = expr_parse(text, strlen(text), &env, &err);
    if (!e)
        fail_msg("%s: %zu: %s", text, err.pos, err.msg);
    cJSON *facts = cJSON_Parse(facts_text);
    struct expr_need need[4];
    size_t n = expr_needs(e, each, need, 4);
    char got[512] = "";
    for (size_t i = 0; i < n; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(facts, need[i].root), need[i].field);
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s.%s%s %s", i ? "; " : "",
                 need[i].root, need[i].field, need[i].values ? "=" : "[]",
                 expr_need_met(&need[i], v) ? "met" : "unmet");
    }
    if (strcmp(got, want) != 0)
        fail_msg("%s\n  gives: %s\n  want:  %s", text, got, want);
    cJSON_Delete(facts);
    expr_free(e);
}

/* What a condition cannot be true without, found in its top-level `and` chain; never more. */
static void test_preconditions(void **state)
{
    (void)state;
    assert_needs("query.kind == 'delete' and query.complete", false, "query.kind= unmet");
    assert_needs("'select' == query.kind", false, "query.kind= met");
    assert_needs("query.kind in ['update', 'select'] and any(query.tables[], it.alias == null)",
                 false, "query.kind= met; query.tables[] met");
    assert_needs("any(query.order_by[], it.expr == 'RAND')", false, "query.order_by[] unmet");
    assert_needs("query.defeats[]", true, "query.defeats[] met");
    assert_needs("query.order_by[]", true, "query.order_by[] unmet");
    assert_needs("it.kind == 'function' and query.kind == 'select'", false, "query.kind= met");
    /* Nothing to go by: either side of an `or`, a negation, a count (it can be compared with a
     * negative number), a deeper path, `it`, a list holding a non-string, a nested list. */
    assert_needs("query.kind == 'select' or query.kind == null", false, "");
    assert_needs("not (query.kind == 'update')", false, "");
    assert_needs("count(query.tables[]) > $max_offset", false, "");
    assert_needs("query.blocks[0].star == 'x'", false, "");
    assert_needs("it.kind == 'function'", false, "");
    assert_needs("query.kind in ['select', null]", false, "");
    assert_needs("query.blocks[].tables[]", true, "");
    assert_needs("query.kind", false, "");
    /* Met only by a string among the values, or a non-empty list. */
    struct expr_error err;
    struct expr *e = expr_parse("query.kind in ['a', 'bb']", 25, NULL, &err);
    assert_non_null(e);
    struct expr_need need;
    assert_int_equal(expr_needs(e, false, &need, 1), 1);
    cJSON *v = cJSON_Parse("[\"bb\", \"b\", 1, null, [\"a\"], \"a\", \"\"]");
    const bool want[] = {true, false, false, false, false, true, false};
    for (int i = 0; i < 7; i++)
        assert_int_equal(expr_need_met(&need, cJSON_GetArrayItem(v, i)), want[i]);
    assert_false(expr_need_met(&need, NULL));
    cJSON_Delete(v);
    expr_free(e);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    assert_error("query.kind = 'x'", "11: '=' is not an operator: compare with '=='");
    assert_error("query.kind == 'x", "14: string not closed");
    assert_error("(query.kind == 'x'", "18: expected ')'");
    assert_error("query.kind == 'x' query", "18: unexpected 'query' after the expression");
    assert_error("", "0: expression ends too soon");
    assert_error("qeury.kind == 'x'",
                 "0: unknown name 'qeury' (a path starts with statement, query, class, plan, "
                 "plan_table, table, index, schema, run, server, digest or it)");
    assert_error("query. == 1", "7: expected a field name after '.'");
    assert_error("$max_ofset > 1", "0: unknown threshold '$max_ofset' (declare it in \"thresholds\")");
    assert_error("it.kind == 'x'", "0: 'it' names a list element: use it inside any(), all() or "
                                   "count(), or in a rule with \"each\"");
    assert_error("any(query.blocks[])", "19: any(), all() and coalesce() take two arguments");
    assert_error("query.kind == 'a' # b", "18: unexpected character");
    assert_error("count", "0: count is a function: write count(...)");
}

static void test_type_errors(void **state)
{
    (void)state;
    assert_error("query.defeats[].kind == 'x'",
                 "21: a list is not compared with ==: use 'in', any() or all()");
    assert_error("query.kind == 5 and 'a' == 1", "24: comparing a string with a number is always false");
    assert_error("'a' + 1 > 0", "0: an operand of arithmetic must be a number, not a string");
    assert_error("not 5", "4: the operand of 'not' must be a boolean, not a number");
    assert_error("query.kind and 5", "15: an operand of 'and' must be a boolean, not a number");
    assert_error("query.kind in 5", "14: the right side of 'in' must be a list or a string, not a number");
    assert_error("query.kind =~ query.kind", "14: the right side of =~ and !~ must be a string literal (a pattern compiled once)");
    assert_error("query.kind =~ 'a(b'", "18: bad regular expression: missing closing parenthesis");
    assert_error("$max_offset =~ 'a'", "0: =~ matches a string, not a number");
    assert_error("any(query.kind == 'x', true)", "4: the first argument of any() must be a list, not a boolean");
    assert_error("all(query.blocks[], 5)", "20: the condition of all() must be a boolean, not a number");
    assert_error("len(5) > 1", "4: len() takes a string or a list, not a number");
    assert_error("['a', query.kind]", "6: a list literal holds constants only (numbers, strings, true, false, null)");
    assert_error("[1, -2, 'x', true, null] == 1", "25: a list is not compared with ==: use 'in', any() or all()");
}

/* Deep nesting is refused, never a stack overflow. */
static void test_depth_limit(void **state)
{
    (void)state;
    char deep[5000];
    size_t n = 0;
    for (int i = 0; i < 2000; i++)
        deep[n++] = '(';
    deep[n++] = '1';
    deep[n] = '\0';
    struct expr_error err;
    assert_null(expr_parse(deep, n, NULL, &err));
    assert_string_equal(err.msg, "expression nested too deeply (over 100 levels)");
    n = 0;
    for (int i = 0; i < 400; i++)
        n += (size_t)sprintf(deep + n, "1+");
    deep[n++] = '1';
    assert_null(expr_parse(deep, n, NULL, &err));
    assert_string_equal(err.msg, "expression nested too deeply (over 100 levels)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paths_and_comparisons),
        cmocka_unit_test(test_lists_in_any_all_count),
        cmocka_unit_test(test_arithmetic_and_regex),
        cmocka_unit_test(test_preconditions),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_type_errors),
        cmocka_unit_test(test_depth_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
