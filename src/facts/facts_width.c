/* Column widths and shapes for the table facts (facts.h): how many bytes a column takes at most in
 * an index record, computed from its declared type as the MySQL manual's "Data Type Storage
 * Requirements" gives them, and whether it looks like a UUID. The primary key's width matters for
 * InnoDB because every secondary index repeats it. */
#include <string.h>
#include <strings.h>

#include "facts/facts.h"

/* The widest character of a charset, in bytes; 4 when unknown (the widest any has). */
static int charset_max_bytes(const char *cs)
{
    static const struct { const char *name; int bytes; } v[] = {
        {"latin1", 1}, {"ascii", 1}, {"binary", 1}, {"latin2", 1}, {"latin5", 1}, {"latin7", 1},
        {"cp1250", 1}, {"cp1251", 1}, {"cp1256", 1}, {"cp1257", 1}, {"cp850", 1}, {"cp852", 1},
        {"cp866", 1}, {"koi8r", 1}, {"koi8u", 1}, {"greek", 1}, {"hebrew", 1}, {"tis620", 1},
        {"swe7", 1}, {"dec8", 1}, {"hp8", 1}, {"armscii8", 1}, {"geostd8", 1}, {"keybcs2", 1},
        {"macce", 1}, {"macroman", 1}, {"utf8mb3", 3}, {"utf8", 3}, {"ujis", 3}, {"eucjpms", 3},
        {"ucs2", 2}, {"big5", 2}, {"gbk", 2}, {"gb2312", 2}, {"sjis", 2}, {"cp932", 2},
        {"euckr", 2}, {"utf16", 4}, {"utf16le", 4}, {"utf32", 4}, {"gb18030", 4},
        {"utf8mb4", 4},
    };
    if (cs)
        for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
            if (strcasecmp(cs, v[i].name) == 0)
                return v[i].bytes;
    return 4;
}

static bool type_is(const struct schema_column *c, const char *const *names)
{
    for (; *names; names++)
        if (c->type && strcmp(c->type, *names) == 0)
            return true;
    return false;
}

/* DECIMAL(M,D): nine digits take four bytes, the leftover digits of each side less. */
static int64_t decimal_width(int64_t m, int d)
{
    static const int leftover[] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
    if (m <= 0)
        m = 10;
    if (d < 0)
        d = 0;
    int64_t ip = m - d > 0 ? m - d : 0;
    return ip / 9 * 4 + leftover[ip % 9] + d / 9 * 4 + leftover[d % 9];
}

static int64_t integer_width(const struct schema_column *c)
{
    static const struct { const char *name; int bytes; } v[] = {
        {"tinyint", 1}, {"bool", 1}, {"boolean", 1}, {"smallint", 2}, {"mediumint", 3},
        {"int", 4}, {"integer", 4}, {"bigint", 8}, {"serial", 8},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (strcmp(c->type, v[i].name) == 0)
            return v[i].bytes;
    return -1;
}

static int64_t temporal_width(const struct schema_column *c)
{
    int64_t fsp = c->scale > 0 ? (c->scale + 1) / 2 : 0;
    if (strcmp(c->type, "year") == 0)
        return 1;
    if (strcmp(c->type, "date") == 0)
        return 3;
    if (strcmp(c->type, "time") == 0)
        return 3 + fsp;
    if (strcmp(c->type, "datetime") == 0)
        return 5 + fsp;
    if (strcmp(c->type, "timestamp") == 0)
        return 4 + fsp;
    return -1;
}

/* ENUM takes one byte up to 255 members, SET one bit per member rounded to 1, 2, 3, 4 or 8. */
static int64_t enum_width(const struct schema_column *c)
{
    int64_t members = 1;
    for (const char *p = c->type_text ? c->type_text : ""; *p; p++)
        members += *p == ',';
    if (strcmp(c->type, "enum") == 0)
        return members > 255 ? 2 : 1;
    int64_t bytes = (members + 7) / 8;
    return bytes > 4 ? 8 : bytes;
}

static int64_t string_width(const struct schema_column *c, bool binary)
{
    static const char *const fixed[] = {"char", "binary", NULL};
    static const char *const varying[] = {"varchar", "varbinary", NULL};
    int64_t n = c->length >= 0 ? c->length : 1;
    int64_t bytes = n * (binary ? 1 : charset_max_bytes(c->charset));
    if (type_is(c, fixed))
        return bytes;
    if (type_is(c, varying))
        return bytes + (bytes > 255 ? 2 : 1);
    return -1; /* TEXT and BLOB: stored off the record, no fixed width */
}

int64_t facts_column_width(const struct schema_column *c)
{
    if (!c->type)
        return -1;
    switch (c->type_class) {
    case SCHEMA_TYPE_INTEGER: return integer_width(c);
    case SCHEMA_TYPE_DECIMAL: return decimal_width(c->length, c->scale);
    case SCHEMA_TYPE_FLOAT:
        return strcmp(c->type, "float") == 0 && c->length <= 24 ? 4 : 8;
    case SCHEMA_TYPE_BIT: return c->length > 0 ? (c->length + 7) / 8 : 1;
    case SCHEMA_TYPE_STRING: return string_width(c, false);
    case SCHEMA_TYPE_BINARY: return string_width(c, true);
    case SCHEMA_TYPE_TEMPORAL: return temporal_width(c);
    case SCHEMA_TYPE_ENUM: return enum_width(c);
    case SCHEMA_TYPE_OTHER:
        if (strcmp(c->type, "uuid") == 0 || strcmp(c->type, "inet6") == 0)
            return 16;
        return strcmp(c->type, "inet4") == 0 ? 4 : -1;
    default: return -1;
    }
}

bool facts_column_uuid_like(const struct schema_column *c)
{
    static const char *const chars[] = {"char", "varchar", NULL};
    static const char *const bins[] = {"binary", "varbinary", NULL};
    if (!c->type)
        return false;
    if (strcmp(c->type, "uuid") == 0)
        return true;
    if (type_is(c, chars))
        return c->length == 36 || c->length == 32;
    return type_is(c, bins) && c->length == 16;
}

/* An index part's width: a prefix counts its characters, else the whole column. */
int64_t facts_part_width(const struct schema_column *c, int64_t prefix)
{
    if (!prefix || (c->type_class != SCHEMA_TYPE_STRING && c->type_class != SCHEMA_TYPE_BINARY))
        return facts_column_width(c);
    int64_t bytes = prefix * (c->type_class == SCHEMA_TYPE_BINARY ? 1 : charset_max_bytes(c->charset));
    bool fixed = strcmp(c->type, "char") == 0 || strcmp(c->type, "binary") == 0;
    return fixed ? bytes : bytes + (bytes > 255 ? 2 : 1);
}
