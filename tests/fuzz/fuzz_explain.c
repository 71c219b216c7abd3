/* libFuzzer target for the EXPLAIN readers (src/explain): any bytes, read as a paste and as a
 * MariaDB slow-log `# explain:` block, must parse (diagnostics allowed) without a crash, leak or
 * hang; every plan read must print as JSON and as text; and the diagnostics must each name a line
 * (`file:N: reason`). The plan rules are not run here: their input is this JSON. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "explain/plan.h"
#include "util/buf.h"

static void print_all(const struct explain_plan *p, unsigned index)
{
    cJSON *j = explain_plan_to_json(p, index, "fuzz.txt");
    char *text = j ? cJSON_PrintUnformatted(j) : NULL;
    free(text);
    cJSON_Delete(j);
    struct buf b = {0};
    explain_plan_print_text(p, index, "fuzz.txt", &b);
    for (unsigned i = 0; i < p->nacc; i++)
        explain_access_print_text(&p->acc[i], &b);
    buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    struct diag d = {0};
    struct explain_set set;
    arena_init(&a);
    if (explain_parse((const char *)data, size, "fuzz.txt", &a, &set, &d) == 0)
        for (unsigned i = 0; i < set.nplans; i++)
            print_all(&set.plans[i], i + 1);
    for (int i = 0; i < d.kept; i++)
        if (strncmp(d.msgs[i], "fuzz.txt:", 9) != 0)
            abort(); /* a diagnostic that does not say where */
    diag_free(&d);
    struct explain_plan *p = NULL;
    struct diag d2 = {0};
    if (explain_parse_slowlog_block((struct sv){(const char *)data, size}, "slow.log", 7, &a, &p,
                                    &d2) == 0 &&
        p)
        print_all(p, 1);
    diag_free(&d2);
    arena_free(&a);
    return 0;
}
