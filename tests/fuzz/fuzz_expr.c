/* libFuzzer target for the rule expression language: any bytes are parsed; whatever parses is
 * evaluated (as a condition and as a value) over a fixed fact tree. Nothing may crash, hang or leak. */
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
        (void)expr_eval_bool(ev, e, &b);
        cJSON_Delete(expr_eval_json(ev, e, &b));
    }
    expr_eval_free(ev);
    cJSON_Delete(facts);
    cJSON_Delete(max);
    cJSON_Delete(list);
    expr_free(e);
    return 0;
}
