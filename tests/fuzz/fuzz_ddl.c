/* libFuzzer target for the DDL reader: any bytes, read as a dump or migration for MySQL and for
 * MariaDB, must load (warnings allowed) without a crash, leak or hang, and the model must print
 * as JSON. The first byte picks the target and sql_mode so both dialects are explored. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>

#include "schema/schema.h"
#include "sql/lexer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    struct sql_target t = {.flavor = data[0] & 1 ? SQL_MARIADB : SQL_MYSQL,
                           .version = data[0] & 1 ? 101106 : (data[0] & 2 ? 50744 : 80036)};
    struct schema *s = schema_new(data[0] & 4 ? NULL : &t);
    if (!s)
        return 0;
    s->sql_modes = data[0] & 8 ? SQL_MODE_ANSI_QUOTES | SQL_MODE_NO_BACKSLASH_ESCAPES : 0;
    s->lower_case_table_names = data[0] & 16 ? 1 : 0;
    struct diag d = {0};
    schema_load_text(s, "fuzz.sql", (const char *)data + 1, size - 1, &d);
    cJSON *j = schema_to_json(s);
    char *text = j ? cJSON_PrintUnformatted(j) : NULL;
    free(text);
    cJSON_Delete(j);
    diag_free(&d);
    schema_free(s);
    return 0;
}
