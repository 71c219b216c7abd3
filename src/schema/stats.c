/* Statistics from an information_schema export (docs/schema.md gives the query): table rows and
 * lengths from TABLES, index cardinalities from STATISTICS, as the TSV `mysql --batch` prints or as
 * a JSON array of row objects. Columns are found by name, so extra or reordered columns are fine
 * and two exports (TABLES, then STATISTICS, each with its header) may be concatenated. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "schema/schema_int.h"
#include "util/buf.h"

enum stat_field { F_SCHEMA, F_TABLE, F_ROWS, F_AVG, F_DATA, F_INDEX_LEN, F_INDEX, F_SEQ,
                  F_COLUMN, F_CARD, F_COUNT };

static const char *const field_names[F_COUNT] = {
    "table_schema", "table_name", "table_rows", "avg_row_length", "data_length",
    "index_length", "index_name", "seq_in_index", "column_name", "cardinality",
};

/* One row: each field's text, NULL when absent or SQL NULL. */
struct stat_row {
    const char *f[F_COUNT];
};

static bool parse_u64(const char *s, uint64_t *out)
{
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || s[0] == '-')
        return false;
    *out = v;
    return true;
}

static void apply_index(struct schema_table *t, const struct stat_row *r)
{
    uint64_t seq, card;
    if (!r->f[F_INDEX] || !parse_u64(r->f[F_SEQ], &seq) || seq == 0)
        return;
    struct schema_index *ix = schema_find_index(t, r->f[F_INDEX], strlen(r->f[F_INDEX]));
    if (!ix || seq > ix->nparts)
        return;
    ix->parts[seq - 1].cardinality = parse_u64(r->f[F_CARD], &card) ? (int64_t)card : -1;
}

static void apply_row(struct schema *s, const struct stat_row *r, const char *file,
                      uint64_t line, struct diag *d)
{
    const char *db = r->f[F_SCHEMA], *name = r->f[F_TABLE];
    if (!name)
        return;
    long pos = schema_table_pos(s, db, name);
    if (pos < 0)
        pos = schema_table_pos(s, NULL, name);
    if (pos < 0) {
        if (!schema_find_object(s, db, name, strlen(name)))
            diag_add(d, file, line, "statistics for unknown table %s%s%s", db ? db : "",
                     db ? "." : "", name);
        return;
    }
    struct schema_table *t = s->tables[pos];
    struct schema_table_stats *st = &t->stats;
    bool any = parse_u64(r->f[F_ROWS], &st->rows);
    any |= parse_u64(r->f[F_AVG], &st->avg_row_length);
    any |= parse_u64(r->f[F_DATA], &st->data_length);
    any |= parse_u64(r->f[F_INDEX_LEN], &st->index_length);
    st->known = st->known || any;
    apply_index(t, r);
}

/* --- TSV ------------------------------------------------------------------------------------ */

/* mysql --batch escapes \t \n \\ and NUL in values. In place. */
static void tsv_unescape(char *s)
{
    char *o = s;
    for (char *i = s; *i; i++) {
        if (*i != '\\' || !i[1]) {
            *o++ = *i;
            continue;
        }
        i++;
        *o++ = *i == 't' ? '\t' : *i == 'n' ? '\n' : *i == '0' ? '\0' : *i;
    }
    *o = '\0';
}

static bool header_line(char **cells, size_t n, int *map)
{
    bool header = false;
    for (size_t c = 0; c < n; c++)
        for (int f = 0; f < F_COUNT; f++)
            if (strcasecmp(cells[c], field_names[f]) == 0)
                header = true;
    if (!header)
        return false;
    for (int f = 0; f < F_COUNT; f++)
        map[f] = -1;
    for (size_t c = 0; c < n; c++)
        for (int f = 0; f < F_COUNT; f++)
            if (strcasecmp(cells[c], field_names[f]) == 0)
                map[f] = (int)c;
    return true;
}

static void tsv_line(struct schema *s, char *line, int *map, bool *have_header,
                     const char *file, uint64_t lineno, struct diag *d)
{
    char *cells[64];
    size_t n = 0;
    for (char *c = line; n < 64;) {
        cells[n++] = c;
        char *tab = strchr(c, '\t');
        if (!tab)
            break;
        *tab = '\0';
        c = tab + 1;
    }
    if (header_line(cells, n, map)) {
        *have_header = true;
        return;
    }
    if (!*have_header) {
        diag_add(d, file, lineno, "statistics: no header line naming table_schema, table_name");
        *have_header = true; /* said once */
        map[F_TABLE] = -2;
        return;
    }
    if (map[F_TABLE] < 0)
        return;
    struct stat_row r = {{0}};
    for (int f = 0; f < F_COUNT; f++) {
        if (map[f] < 0 || (size_t)map[f] >= n || strcmp(cells[map[f]], "NULL") == 0)
            continue;
        tsv_unescape(cells[map[f]]);
        r.f[f] = cells[map[f]][0] || f == F_SCHEMA ? cells[map[f]] : NULL;
    }
    apply_row(s, &r, file, lineno, d);
}

static void load_tsv(struct schema *s, char *text, const char *file, struct diag *d)
{
    int map[F_COUNT];
    bool have_header = false;
    for (int f = 0; f < F_COUNT; f++)
        map[f] = -1;
    uint64_t lineno = 0;
    for (char *line = text; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        size_t n = strlen(line);
        if (n && line[n - 1] == '\r')
            line[n - 1] = '\0';
        if (line[0])
            tsv_line(s, line, map, &have_header, file, lineno, d);
        line = nl ? nl + 1 : NULL;
    }
}

/* --- JSON ----------------------------------------------------------------------------------- */

static const char *json_field(const cJSON *o, const char *name, char *buf, size_t size)
{
    const cJSON *v = cJSON_GetObjectItem(o, name); /* case-insensitive */
    if (cJSON_IsString(v))
        return v->valuestring;
    if (cJSON_IsNumber(v)) {
        snprintf(buf, size, "%.0f", v->valuedouble);
        return buf;
    }
    return NULL;
}

static void load_json_rows(struct schema *s, const cJSON *rows, const char *file, struct diag *d)
{
    char bufs[F_COUNT][32];
    const cJSON *o;
    uint64_t k = 0;
    cJSON_ArrayForEach(o, rows)
    {
        k++;
        if (!cJSON_IsObject(o))
            continue;
        struct stat_row r = {{0}};
        for (int f = 0; f < F_COUNT; f++)
            r.f[f] = json_field(o, field_names[f], bufs[f], sizeof bufs[f]);
        if (r.f[F_INDEX] && !r.f[F_INDEX][0])
            r.f[F_INDEX] = NULL;
        apply_row(s, &r, file, 0, d);
    }
    (void)k;
}

static bool load_json(struct schema *s, const char *text, const char *file, struct diag *d)
{
    cJSON *root = cJSON_Parse(text);
    if (!root) {
        diag_add(d, file, 0, "statistics: not valid JSON");
        return true;
    }
    if (cJSON_IsArray(root)) {
        load_json_rows(s, root, file, d);
    } else {
        static const char *const keys[] = {"rows", "tables", "statistics"};
        for (size_t i = 0; i < 3; i++)
            if (cJSON_IsArray(cJSON_GetObjectItem(root, keys[i])))
                load_json_rows(s, cJSON_GetObjectItem(root, keys[i]), file, d);
    }
    cJSON_Delete(root);
    return true;
}

bool schema_load_stats(struct schema *s, const char *path, struct diag *d)
{
    struct buf b = {0};
    bool ok = diag_read_file(d, path, &b) == 0;
    if (ok && b.p) {
        const char *q = b.p;
        while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')
            q++;
        if (*q == '[' || *q == '{')
            ok = load_json(s, b.p, path, d);
        else
            load_tsv(s, b.p, path, d);
    }
    buf_free(&b);
    return ok;
}
