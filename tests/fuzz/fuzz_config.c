/* libFuzzer target for the configuration loader (.slowdex.json) and the inline-suppression scanner:
 * any bytes as a configuration — one that loads is bound to a small catalog and applied to fixed
 * findings; one that does not must leave exactly one diagnostic — and the same bytes as a SQL file
 * whose `slowdex:ignore` comments are scanned, attached to its statements and checked. Nothing may
 * crash, hang or leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "config/config.h"
#include "config/suppress.h"
#include "sql/lexer.h"

static const char rule_a[] =
    "{\"id\": \"QRY.LARGE_OFFSET\", \"title\": \"t\", \"severity\": \"warning\", \"category\": "
    "\"query\", \"applies_to\": \"statement\", \"thresholds\": {\"max_offset\": {\"default\": 10, "
    "\"help\": \"h\"}, \"names\": {\"default\": [\"a\"], \"help\": \"h\"}}, \"condition\": "
    "\"query.blocks[0].offset > $max_offset\", \"message\": \"m\", \"rationale\": \"r\"}";
static const char rule_b[] =
    "{\"id\": \"SCH.NO_PRIMARY_KEY\", \"title\": \"t\", \"severity\": \"error\", \"category\": "
    "\"schema\", \"applies_to\": \"table\", \"condition\": \"true\", \"message\": \"m\", "
    "\"rationale\": \"r\"}";

static void findings(struct finding_list *l)
{
    struct finding_subject s[] = {
        {.file = "a.sql", .line = 1}, {.db = "shop", .table = "orders"},
        {.query_id = "0123456789ABCDEF0123456789ABCDEF"}, {.file = "vendor/x.sql", .line = 2},
    };
    const char *rules[] = {"QRY.LARGE_OFFSET", "SCH.NO_PRIMARY_KEY", "WKL.X", "QRY.LARGE_OFFSET"};
    for (int i = 0; i < 4; i++)
        (void)finding_list_add(l, rules[i], SEV_WARNING, &s[i], NULL, "m", NULL, NULL, NULL);
}

/* The bytes as SQL: statements from the splitter, then the suppressions. */
static void scan_sql(const char *text, size_t n, const struct rule_catalog *c)
{
    struct sql_splitter sp;
    struct sql_statement st;
    struct suppress_stmt v[64];
    size_t nv = 0;
    sql_splitter_init(&sp, text, n, 0);
    while (nv < 64 && sql_splitter_next(&sp, &st))
        v[nv++] = (struct suppress_stmt){st.offset, st.offset + st.len, st.line};
    struct suppress_set s = {0};
    struct diag d = {0};
    if (suppress_scan(&s, "f.sql", text, n, (unsigned)(n & 3), v, nv) == 0)
        (void)suppress_check(&s, c, &d);
    diag_free(&d);
    suppress_free(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rule_catalog *c = rule_catalog_new(NULL);
    struct diag d = {0};
    if (!c || rule_catalog_add_text(c, "a.json", rule_a, sizeof rule_a - 1, false, &d) < 0 ||
        rule_catalog_add_text(c, "b.json", rule_b, sizeof rule_b - 1, false, &d) < 0)
        abort();
    struct slowdex_config cfg;
    int rc = config_load_text(&cfg, "c.json", ".", (const char *)data, size, &d);
    if ((rc < 0) != (d.count == 1))
        abort(); /* a broken file is reported exactly once, a good one not at all */
    if (rc == 0) {
        struct finding_list l = {0};
        size_t origin[4];
        findings(&l);
        if (config_bind(&cfg, c, &d) == 0)
            (void)config_apply(&cfg, c, &l, NULL, NULL, origin);
        finding_list_free(&l);
        config_free(&cfg);
    }
    scan_sql((const char *)data, size, c);
    diag_free(&d);
    rule_catalog_free(c);
    return 0;
}
