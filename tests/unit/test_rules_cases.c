/* Every rule of rules/ against its cases in tests/rules/<ID>/: each NAME.facts.json (subject, target,
 * fact tree) must give exactly the findings of NAME.expected.json, and every rule must have at least
 * one positive and one negative case. UPDATE_RULE_CASES=1 rewrites the expected files. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rules/engine.h"
#include "rules/prefilter.h"

#define RULES_DIR SLOWDEX_SOURCE_DIR "/rules"
#define CASES_DIR SLOWDEX_SOURCE_DIR "/tests/rules"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *s = NULL;
    size_t n = 0, cap = 0, k;
    char tmp[4096];
    while ((k = fread(tmp, 1, sizeof tmp, f)) > 0) {
        if (n + k + 1 > cap) {
            cap = (n + k + 1) * 2;
            s = realloc(s, cap);
            assert_non_null(s);
        }
        memcpy(s + n, tmp, k);
        n += k;
    }
    fclose(f);
    if (!s)
        s = calloc(1, 1);
    else
        s[n] = '\0';
    return s;
}

static cJSON *load_json(const char *path)
{
    char *text = slurp(path);
    if (!text)
        return NULL;
    cJSON *j = cJSON_Parse(text);
    free(text);
    return j;
}

static const char *str_field(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static struct finding_subject subject_of(const cJSON *s)
{
    struct finding_subject subj = {
        .query_id = str_field(s, "query_id"), .db = str_field(s, "db"),
        .table = str_field(s, "table"), .index = str_field(s, "index"),
        .file = str_field(s, "file"), .time_from = str_field(s, "from"),
        .time_to = str_field(s, "to"),
    };
    const cJSON *line = cJSON_GetObjectItemCaseSensitive(s, "line");
    const cJSON *conn = cJSON_GetObjectItemCaseSensitive(s, "connection");
    subj.line = cJSON_IsNumber(line) ? (uint64_t)line->valuedouble : 0;
    subj.connection = cJSON_IsNumber(conn) ? (uint64_t)conn->valuedouble : 0;
    return subj;
}

/* The findings of one rule over one case, as finding_to_json objects. */
static cJSON *run_case(const struct rule_catalog *c, struct expr_eval *ev, size_t ri,
                       const cJSON *input)
{
    const struct rule *r = c->v[ri];
    struct finding_subject subj = subject_of(cJSON_GetObjectItemCaseSensitive(input, "subject"));
    const char *target_text = str_field(input, "target");
    struct sql_target target;
    struct finding_list out = {0};
    if (target_text)
        assert_true(sql_target_parse(target_text, &target));
    const cJSON *facts = cJSON_GetObjectItemCaseSensitive(input, "facts");
    if (!target_text || rule_applies_to_target(r, &target))
        assert_int_equal(rule_eval(ev, r, facts, &subj, &out), 0);
    /* The rule's preconditions never rule out a case where it fires (a digest skips rules by
     * them), neither alone nor among the whole catalog's, which share theirs. */
    struct prefilter one, all;
    assert_int_equal(prefilter_init(&one, &r, 1), 0);
    assert_int_equal(prefilter_init(&all, (const struct rule *const *)c->v, c->n), 0);
    if (out.n > 0 && (!prefilter_may_fire(&one, 0, prefilter_look(&one, facts)) ||
                      !prefilter_may_fire(&all, ri, prefilter_look(&all, facts))))
        fail_msg("%s: the rule's preconditions rule out a case where it fires", r->id);
    prefilter_free(&one);
    prefilter_free(&all);
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < out.n; i++)
        cJSON_AddItemToArray(arr, finding_to_json(&out.v[i]));
    finding_list_free(&out);
    return arr;
}

static void write_expected(const char *path, const cJSON *got)
{
    char *s = cJSON_Print(got);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "%s\n", s);
    assert_int_equal(fclose(f), 0);
    free(s);
}

/* Runs every case of one rule; returns how many were positive and negative. */
static void run_rule_dir(const struct rule_catalog *c, struct expr_eval *ev, size_t ri, int *pos,
                         int *neg)
{
    const struct rule *r = c->v[ri];
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/%s", CASES_DIR, r->id);
    DIR *dh = opendir(dir);
    if (!dh)
        fail_msg("rule %s has no test cases (%s)", r->id, dir);
    struct dirent *e;
    while ((e = readdir(dh))) {
        size_t l = strlen(e->d_name);
        if (l < 12 || strcmp(e->d_name + l - 11, ".facts.json") != 0)
            continue;
        char in[2048], exp[2048];
        snprintf(in, sizeof in, "%s/%s", dir, e->d_name);
        snprintf(exp, sizeof exp, "%s/%.*s.expected.json", dir, (int)(l - 11), e->d_name);
        cJSON *input = load_json(in);
        if (!input)
            fail_msg("%s: not valid JSON", in);
        cJSON *got = run_case(c, ev, ri, input);
        if (getenv("UPDATE_RULE_CASES"))
            write_expected(exp, got);
        cJSON *want = load_json(exp);
        if (!want || !cJSON_Compare(got, want, true)) {
            char *g = cJSON_Print(got);
            fprintf(stderr, "%s: findings differ from %s\ngot:\n%s\n", in, exp, g);
            free(g);
            fail();
        }
        *(cJSON_GetArraySize(got) ? pos : neg) += 1;
        cJSON_Delete(want);
        cJSON_Delete(got);
        cJSON_Delete(input);
    }
    closedir(dh);
}

static void test_every_rule_passes_its_cases(void **state)
{
    (void)state;
    struct rule_catalog *c = rule_catalog_new(NULL);
    struct diag d = {0};
    struct expr_eval *ev = expr_eval_new();
    assert_non_null(c);
    assert_non_null(ev);
    int broken = rule_catalog_load_dir(c, RULES_DIR, &d);
    for (int i = 0; i < d.kept; i++)
        fprintf(stderr, "%s\n", d.msgs[i]);
    assert_int_equal(broken, 0);
    assert_true(c->n >= 5);
    for (size_t i = 0; i < c->n; i++) {
        int pos = 0, neg = 0;
        run_rule_dir(c, ev, i, &pos, &neg);
        if (pos == 0 || neg == 0)
            fail_msg("rule %s needs a positive and a negative case (has %d and %d)", c->v[i]->id,
                     pos, neg);
    }
    diag_free(&d);
    expr_eval_free(ev);
    rule_catalog_free(c);
}

/* A folder of cases whose rule does not exist is a mistake (a renamed or removed rule). */
static void test_every_case_folder_names_a_rule(void **state)
{
    (void)state;
    struct rule_catalog *c = rule_catalog_new(NULL);
    struct diag d = {0};
    assert_int_equal(rule_catalog_load_dir(c, RULES_DIR, &d), 0);
    DIR *dh = opendir(CASES_DIR);
    assert_non_null(dh);
    struct dirent *e;
    while ((e = readdir(dh))) {
        if (e->d_name[0] == '.' || strchr(e->d_name, '.') == NULL || strstr(e->d_name, ".md"))
            continue;
        if (!rule_catalog_find(c, e->d_name))
            fail_msg("tests/rules/%s names no rule", e->d_name);
    }
    closedir(dh);
    diag_free(&d);
    rule_catalog_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_rule_passes_its_cases),
        cmocka_unit_test(test_every_case_folder_names_a_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
