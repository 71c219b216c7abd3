/* libFuzzer target for the rule loader: any bytes as a rule file. A rule that loads is evaluated
 * over a fixed fact tree (its templates rendered); a file that does not must leave exactly one
 * diagnostic. Nothing may crash, hang or leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "rules/engine.h"

static const char facts_text[] =
    "{\"query\": {\"kind\": \"update\", \"complete\": true,"
    " \"blocks\": [{\"id\": 0, \"where\": false, \"star\": true, \"offset\": 50000}],"
    " \"tables\": [{\"name\": \"orders\", \"alias\": \"o\"}],"
    " \"defeats\": [{\"kind\": \"function\", \"table\": 0, \"detail\": \"DATE\"}]},"
    " \"statement\": {\"text\": \"UPDATE orders SET a = 1\"},"
    " \"class\": {\"count\": 4, \"Rows_examined\": {\"sum\": 4000}, \"Rows_sent\": {\"sum\": 0}}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rule_catalog *c = rule_catalog_new(NULL);
    struct diag d = {0};
    if (!c)
        return 0;
    int rc = rule_catalog_add_text(c, "fuzz.json", (const char *)data, size, false, &d);
    if ((rc < 0) != (d.count == 1))
        abort(); /* a broken file is reported exactly once, a good one not at all */
    if (rc == 0) {
        cJSON *facts = cJSON_Parse(facts_text);
        struct expr_eval *ev = expr_eval_new();
        struct finding_subject subj = {.file = "f.sql", .line = 1};
        struct finding_list out = {0};
        if (facts && ev)
            (void)rule_eval(ev, c->v[0], facts, &subj, &out);
        for (size_t i = 0; i < out.n; i++)
            cJSON_Delete(finding_to_json(&out.v[i]));
        finding_list_free(&out);
        expr_eval_free(ev);
        cJSON_Delete(facts);
    }
    diag_free(&d);
    rule_catalog_free(c);
    return 0;
}
