/* libFuzzer target for the rule expression language: any bytes are parsed; whatever parses is
 * evaluated (as a condition, as a value and as an `each` list) over a fixed fact tree. Nothing may
 * crash, hang or leak, and an expression that holds (or yields elements) meets every precondition
 * expr_needs finds in it: a digest skips rules by them. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "rules/expr.h"

static const char facts_text[] =
    "{\"query\": {\"kind\": \"select\", \"complete\": true, \"limit\": 10,"
    " \"blocks\": [{\"id\": 0, \"star\": true, \"offset\": 50000}, {\"id\": 1}],"
    " \"tables\": [{\"name\": \"orders\", \"alias\": \"o\"}, {\"name\": \"items\"}],"
    " \"defeats\": [{\"kind\": \"function\", \"table\": 0, \"detail\": \"DATE\"}]},"
    " \"statement\": {\"text\": \"SELECT * FROM orders WHERE x LIKE '%a'\"},"
    " \"class\": {\"count\": 4, \"Rows_examined\": {\"sum\": 4000}}}";

static int count_elem(void *arg, const cJSON *elem)
{
    (void)arg, (void)elem;
    return 0;
}

static bool needs_met(const struct expr *e, bool each, const cJSON *facts)
{
    struct expr_need need[8];
    size_t n = expr_needs(e, each, need, 8);
    for (size_t i = 0; i < n; i++) {
        const cJSON *root = cJSON_GetObjectItemCaseSensitive(facts, need[i].root);
        if (!expr_need_met(&need[i], cJSON_GetObjectItemCaseSensitive(root, need[i].field)))
            return false;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"max", "list"};
    static const enum expr_type types[] = {EXPR_NUM, EXPR_LIST};
    struct expr_env env = {names, types, 2, size > 0 && data[0] == ' '};
    struct expr_error err;
    struct expr *e = expr_parse((const char *)data, size, &env, &err);
    if (!e)
        return 0;
    cJSON *facts = cJSON_Parse(facts_text), *max = cJSON_CreateNumber(3);
    cJSON *list = cJSON_Parse("[\"a\", 1]");
    const cJSON *thr[] = {max, list};
    struct expr_bindings b = {facts, thr, cJSON_GetObjectItemCaseSensitive(facts, "query")};
    struct expr_eval *ev = expr_eval_new();
    if (ev && facts) {
        bool holds = expr_eval_bool(ev, e, &b);
        cJSON_Delete(expr_eval_json(ev, e, &b));
        int elems = expr_eval_each(ev, e, &b, count_elem, NULL);
        if ((holds && !needs_met(e, false, facts)) || (elems > 0 && !needs_met(e, true, facts)))
            abort();
    }
    expr_eval_free(ev);
    cJSON_Delete(facts);
    cJSON_Delete(max);
    cJSON_Delete(list);
    expr_free(e);
    return 0;
}
