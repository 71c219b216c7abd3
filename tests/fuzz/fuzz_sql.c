/* libFuzzer target for the statement analyzer: arbitrary bytes split into statements and each
 * analysed (the first byte picks sql_mode flags, fingerprint mode and lower_case_table_names),
 * then printed as JSON and text. Checks what no input may break: every position lies inside the
 * statement, every table index names a reference, and one arena serves all statements. */
#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "sql/analysis.h"
#include "sql/lexer.h"

static void check(const struct sql_analysis *an, size_t len)
{
    int nt = (int)an->ntables;
    for (size_t k = 0; k < an->npreds; k++)
        if (an->preds[k].pos > len || an->preds[k].table >= nt || an->preds[k].other_table >= nt)
            abort();
    for (size_t k = 0; k < an->ndefeats; k++)
        if (an->defeats[k].pos > len || an->defeats[k].table >= nt)
            abort();
    for (size_t k = 0; k < an->ncolumns; k++)
        if (an->columns[k].table < 0 || an->columns[k].table >= nt)
            abort();
    for (size_t k = 0; k < an->ntables; k++)
        if (an->tables[k].block < 0 || (size_t)an->tables[k].block >= an->nblocks)
            abort();
    if (!an->complete && an->kind != SQL_STMT_OTHER && an->problem_pos > len)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    struct sql_analyze_opts o = sql_analyze_opts_default();
    o.sql_modes = data[0] & (SQL_MODE_ANSI_QUOTES | SQL_MODE_NO_BACKSLASH_ESCAPES);
    o.from_fingerprint = data[0] & 4;
    o.lower_case_table_names = (data[0] >> 3) & 1;
    o.default_db = data[0] & 16 ? "db" : NULL;
    const char *text = (const char *)data + 1;
    struct arena a;
    struct buf out = {0};
    struct sql_splitter sp;
    struct sql_statement st;
    arena_init(&a);
    sql_splitter_init(&sp, text, size - 1, o.sql_modes);
    for (unsigned n = 1; sql_splitter_next(&sp, &st); n++) {
        struct sql_analysis *an;
        arena_reset(&a);
        if (!sql_analyze(st.p, st.len, &o, &a, &an))
            continue;
        check(an, st.len);
        cJSON_Delete(sql_analysis_to_json(an, n, st.line));
        buf_reset(&out);
        sql_analysis_print_text(an, n, st.line, &out);
    }
    buf_free(&out);
    arena_free(&a);
    return 0;
}
