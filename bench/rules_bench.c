/* Cost of the rule engine (not a test): evaluates the embedded catalog over N synthetic classes
 * (default 10000), each with a class fact tree (counts, Rows_examined/Rows_sent) and the statement
 * facts of its sample, as `slowdex digest` will once the wiring exists; prints the time to build
 * the trees and to evaluate, per class, and the findings found.
 *   cc -O2 -D_GNU_SOURCE -Isrc -Ibuild bench/rules_bench.c build/libslowdex_core.a \
 *      $(pkg-config --libs libcjson libpcre2-8 libxxhash libmariadb zlib nettle) -lm -lpthread \
 *      -o rules_bench && ./rules_bench 10000 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "rules/engine.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One class: varied so that every rule both fires and does not across the set. */
static cJSON *make_facts(unsigned i)
{
    char text[2048];
    const char *kinds[] = {"select", "select", "select", "update", "delete", "insert"};
    const char *kind = kinds[i % 6];
    snprintf(text, sizeof text,
             "{\"statement\": {\"text\": \"%s INTO t%u VALUES (1)\"},"
             " \"class\": {\"query_id\": \"%032X\", \"count\": %u,"
             "  \"Query_time\": {\"sum\": %u.5, \"max\": 0.5},"
             "  \"Rows_examined\": {\"sum\": %u}, \"Rows_sent\": {\"sum\": %u}},"
             " \"query\": {\"kind\": \"%s\", \"complete\": true,"
             "  \"blocks\": [{\"id\": 0, \"context\": \"top\", \"where\": %s, \"star\": %s,"
             "   \"limit\": 20, \"offset\": %u}],"
             "  \"tables\": [{\"ref\": 0, \"name\": \"t%u\", \"alias\": \"a\"},"
             "   {\"ref\": 1, \"name\": \"u%u\", \"alias\": null}],"
             "  \"predicates\": [{\"block\": 0, \"kind\": \"eq\", \"table\": 0, \"column\": \"id\"}],"
             "  \"order_by\": [{\"block\": 0, \"table\": null, \"column\": null, \"expr\": \"%s\"}],"
             "  \"defeats\": [{\"kind\": \"%s\", \"table\": 0, \"column\": \"c\", \"pos\": 30,"
             "   \"detail\": \"DATE\"}]}}",
             i % 6 == 5 ? "INSERT" : "SELECT", i, i, 1 + i % 50, i % 20, (i % 7) * 100000u,
             (i % 5) * 40u, kind, i % 4 ? "true" : "false", i % 3 ? "false" : "true",
             (i % 9) * 3000u, i, i, i % 11 ? "expr" : "RAND",
             i % 2 ? "function" : "leading_wildcard");
    return cJSON_Parse(text);
}

int main(int argc, char **argv)
{
    unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 10000;
    struct rule_catalog *c = rule_catalog_new(NULL);
    struct diag d = {0};
    if (!c || rule_catalog_load_embedded(c, &d) != 0) {
        fputs("cannot load the catalog\n", stderr);
        return 2;
    }
    cJSON **facts = calloc(n, sizeof *facts);
    double t0 = now();
    for (unsigned i = 0; i < n; i++)
        if (!(facts[i] = make_facts(i)))
            return 2;
    double t1 = now();
    struct expr_eval *ev = expr_eval_new();
    struct finding_list out = {0};
    size_t total = 0;
    for (unsigned i = 0; i < n; i++) {
        char qid[33];
        snprintf(qid, sizeof qid, "%032X", i);
        struct finding_subject subj = {.query_id = qid};
        if (rule_catalog_eval(c, ev, RSUBJ_CLASS, facts[i], &subj, NULL, &out) < 0 ||
            rule_catalog_eval(c, ev, RSUBJ_STATEMENT, facts[i], &subj, NULL, &out) < 0)
            return 2;
        total += out.n;
        finding_list_free(&out);
    }
    double t2 = now();
    printf("%u classes, %zu rules: fact trees %.1f ms, evaluation %.1f ms (%.2f us/class), "
           "%zu findings\n", n, c->n, (t1 - t0) * 1e3, (t2 - t1) * 1e3, (t2 - t1) * 1e6 / n, total);
    for (unsigned i = 0; i < n; i++)
        cJSON_Delete(facts[i]);
    free(facts);
    expr_eval_free(ev);
    rule_catalog_free(c);
    diag_free(&d);
    return 0;
}
