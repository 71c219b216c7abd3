/* Loading rule files: a good rule's fields, and for each way a file can be broken the exact
 * file:line:column diagnostic — a broken rule is never dropped in silence. Also --rules DIR
 * overrides, thresholds, targets and named code checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "rules/engine.h"

/* A minimal good rule with one field replaced or added: FIELD is the JSON text of extra members
 * placed before the closing brace. */
#define RULE_HEAD                                                                                  \
    "{\n  \"id\": \"QRY.T\",\n  \"title\": \"t\",\n  \"severity\": \"notice\",\n"                 \
    "  \"category\": \"query\",\n  \"applies_to\": \"statement\",\n"                              \
    "  \"message\": \"m\",\n  \"rationale\": \"r\""

static int check_calls_seen(struct rule_check_call *call);

static const char *const test_check_evidence[] = {"tables", "limit", NULL};

static const struct rule_check test_checks[] = {
    {"test_check", test_check_evidence, check_calls_seen, NULL},
    {NULL, NULL, NULL, NULL},
};

/* A code check: one finding whose evidence is the rule's threshold, to show it receives it. */
static int check_calls_seen(struct rule_check_call *call)
{
    cJSON *ev = cJSON_CreateObject();
    cJSON_AddItemToObject(ev, "limit", cJSON_Duplicate(rule_threshold(call->rule, "limit"), 1));
    return rule_emit(call, ev, "k1");
}

/* Loads text as file "t/QRY.T.json"; returns the diagnostic, or "ok". */
static char *load_msg(const char *text)
{
    struct rule_catalog *c = rule_catalog_new(test_checks);
    struct diag d = {0};
    int rc = rule_catalog_add_text(c, "t/QRY.T.json", text, strlen(text), true, &d);
    char *msg = strdup(rc == 0 ? "ok" : d.kept ? d.msgs[0] : "(no message)");
    assert_true(rc == 0 ? d.count == 0 : d.count == 1);
    diag_free(&d);
    rule_catalog_free(c);
    return msg;
}

static void expect(const char *text, const char *want)
{
    char *got = load_msg(text);
    if (strcmp(got, want) != 0)
        fail_msg("\n  got:  %s\n  want: %s\n  for:\n%s", got, want, text);
    free(got);
}

static void test_good_rule_loads(void **state)
{
    (void)state;
    expect(RULE_HEAD ",\n  \"condition\": \"query.kind == 'select'\"\n}", "ok");
    expect(RULE_HEAD ",\n  \"check\": \"test_check\",\n  \"thresholds\": {\"limit\": "
                     "{\"default\": 5, \"help\": \"h\"}},\n  \"message\": \"over {$limit}\"\n}",
           "t/QRY.T.json:11:3: field \"message\" given twice");
}

static void test_broken_json(void **state)
{
    (void)state;
    expect("{\n  \"id\": \"QRY.T\",\n  \"title\" \"t\"\n}", "t/QRY.T.json:3:11: invalid JSON");
    expect("{\"id\": \"QRY.T\"", "t/QRY.T.json:1:14: invalid JSON");
    expect(RULE_HEAD ",\n  \"condition\": \"true\"\n} {}", "t/QRY.T.json:10:3: unexpected text "
                                                           "after the rule");
    expect("  [1, 2]", "t/QRY.T.json:1:3: a rule file holds one JSON object");
    expect("", "t/QRY.T.json:1:1: invalid JSON");
}

static void test_bad_fields(void **state)
{
    (void)state;
    expect(RULE_HEAD ",\n  \"condition\": \"true\",\n  \"severty\": \"info\"\n}",
           "t/QRY.T.json:10:3: unknown field \"severty\"");
    expect("{\"id\": \"QRY.T\"}", "t/QRY.T.json:1:1: missing field \"title\"");
    expect(RULE_HEAD ",\n  \"condition\": true\n}", "t/QRY.T.json:9:16: \"condition\" must be a string");
    expect(RULE_HEAD ",\n  \"fix\": \"\"\n}", "t/QRY.T.json:9:10: \"fix\" must not be empty");
    expect(RULE_HEAD "\n}", "t/QRY.T.json:1:1: a rule needs a \"condition\" or a \"check\"");
    expect(RULE_HEAD ",\n  \"check\": \"n_plus_two\"\n}",
           "t/QRY.T.json:9:12: no code check is named \"n_plus_two\"");
    expect(RULE_HEAD ",\n  \"condition\": \"true\",\n  \"enabled\": 1\n}",
           "t/QRY.T.json:10:14: \"enabled\" must be true or false");
}

static void test_bad_header(void **state)
{
    (void)state;
    const char *rest = "  \"message\": \"m\", \"rationale\": \"r\", \"condition\": \"true\"\n}";
    char text[1000];
    snprintf(text, sizeof text, "{\"id\": \"QRY.T\", \"title\": \"t\", \"severity\": \"fatal\",\n"
             "  \"category\": \"query\", \"applies_to\": \"statement\",\n%s", rest);
    expect(text, "t/QRY.T.json:1:43: severity \"fatal\" is none of error, warning, notice, info");
    snprintf(text, sizeof text, "{\"id\": \"qry.t\", \"title\": \"t\", \"severity\": \"info\",\n"
             "  \"category\": \"query\", \"applies_to\": \"statement\",\n%s", rest);
    expect(text, "t/QRY.T.json:1:8: id must read PREFIX.UPPER_SNAKE_CASE (e.g. QRY.SELECT_STAR), "
                 "at most 64 bytes");
    snprintf(text, sizeof text, "{\"id\": \"WKL.T\", \"title\": \"t\", \"severity\": \"info\",\n"
             "  \"category\": \"query\", \"applies_to\": \"statement\",\n%s", rest);
    expect(text, "t/QRY.T.json:1:8: an id of category query starts with QRY.");
    snprintf(text, sizeof text, "{\"id\": \"QRY.OTHER\", \"title\": \"t\", \"severity\": \"info\",\n"
             "  \"category\": \"query\", \"applies_to\": \"statement\",\n%s", rest);
    expect(text, "t/QRY.T.json:1:8: the file of rule QRY.OTHER must be named QRY.OTHER.json");
    snprintf(text, sizeof text, "{\"id\": \"QRY.T\", \"title\": \"t\", \"severity\": \"info\",\n"
             "  \"category\": \"query\", \"applies_to\": \"row\",\n%s", rest);
    expect(text, "t/QRY.T.json:2:38: applies_to \"row\" is none of statement, class, plan_table, "
                 "table, index, connection_run, digest");
}

/* Errors inside an expression point at the byte of the file, JSON escapes counted. */
static void test_bad_expressions(void **state)
{
    (void)state;
    expect(RULE_HEAD ",\n  \"condition\": \"query.kind == 'x' and statement.text =~ 'a\\\\d('\"\n}",
           "t/QRY.T.json:9:63: bad regular expression: missing closing parenthesis");
    expect(RULE_HEAD ",\n  \"condition\": \"query.kind == \\\"x\\\" and query.limit + 'a' > 1\"\n}",
           "t/QRY.T.json:9:55: an operand of arithmetic must be a number, not a string");
    expect(RULE_HEAD ",\n  \"condition\": \"query.limit\\u0020> $max\"\n}",
           "t/QRY.T.json:9:36: unknown threshold '$max' (declare it in \"thresholds\")");
    expect(RULE_HEAD ",\n  \"condition\": \"query.limit + 1\"\n}",
           "t/QRY.T.json:9:16: \"condition\" must be a boolean, not a number");
    expect(RULE_HEAD ",\n  \"each\": \"query.kind == 'x'\",\n  \"condition\": \"true\"\n}",
           "t/QRY.T.json:9:11: \"each\" must be a list, not a boolean");
    expect(RULE_HEAD ",\n  \"condition\": \"it.star\"\n}",
           "t/QRY.T.json:9:17: 'it' names a list element: use it inside any(), all() or count(), "
           "or in a rule with \"each\"");
    expect(RULE_HEAD ",\n  \"each\": \"query.blocks[]\",\n  \"condition\": \"it.star\"\n}", "ok");
}

static void test_bad_templates_thresholds_targets(void **state)
{
    (void)state;
    expect(RULE_HEAD ",\n  \"condition\": \"true\",\n  \"fix\": \"use {colum}\"\n}",
           "t/QRY.T.json:10:15: {colum} names no evidence of this rule");
    expect(RULE_HEAD ",\n  \"condition\": \"true\",\n  \"fix\": \"a } b\"\n}",
           "t/QRY.T.json:10:13: a lone '}' in a template (write '}}')");
    expect(RULE_HEAD ",\n  \"condition\": \"true\",\n  \"thresholds\": {\"n\": {\"default\": {}, "
                     "\"help\": \"h\"}}\n}",
           "t/QRY.T.json:10:35: a threshold's default is a number, string, boolean or list of "
           "strings and numbers");
    expect(RULE_HEAD ",\n  \"condition\": \"true\",\n  \"thresholds\": {\"n\": {\"default\": 1, "
                     "\"hlp\": \"h\"}}\n}",
           "t/QRY.T.json:10:38: unknown threshold field \"hlp\" (default, help)");
    expect(RULE_HEAD ",\n  \"condition\": \"true\",\n  \"targets\": [{\"server\": \"mysql\", "
                     "\"min\": \"8.x\"}]\n}",
           "t/QRY.T.json:10:42: a version reads \"8.0\" or \"10.11.6\"");
    expect(RULE_HEAD ",\n  \"condition\": \"true\",\n  \"targets\": [{\"server\": \"oracle\"}]\n}",
           "t/QRY.T.json:10:26: a target's \"server\" is \"mysql\" or \"mariadb\"");
    expect(RULE_HEAD ",\n  \"condition\": \"true\",\n  \"identity\": [\"x\"]\n}",
           "t/QRY.T.json:10:16: \"identity\" names evidence, and there is no evidence \"x\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_rule_loads),
        cmocka_unit_test(test_broken_json),
        cmocka_unit_test(test_bad_fields),
        cmocka_unit_test(test_bad_header),
        cmocka_unit_test(test_bad_expressions),
        cmocka_unit_test(test_bad_templates_thresholds_targets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
