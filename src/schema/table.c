/* What the server works out for itself when a table is created or changed, so that the model is
 * the table the server has and not only the text it was given: type classes, character sets
 * inherited from the database and the target, NOT NULL primary key columns, implicit DEFAULT
 * NULL, the index InnoDB adds for a foreign key, and the order SHOW CREATE TABLE lists indexes in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "schema/schema_int.h"

struct type_entry {
    const char *name;
    enum schema_type_class cls;
};

static const struct type_entry types[] = {
    {"tinyint", SCHEMA_TYPE_INTEGER},    {"smallint", SCHEMA_TYPE_INTEGER},
    {"mediumint", SCHEMA_TYPE_INTEGER},  {"int", SCHEMA_TYPE_INTEGER},
    {"bigint", SCHEMA_TYPE_INTEGER},     {"decimal", SCHEMA_TYPE_DECIMAL},
    {"float", SCHEMA_TYPE_FLOAT},        {"double", SCHEMA_TYPE_FLOAT},
    {"bit", SCHEMA_TYPE_BIT},            {"char", SCHEMA_TYPE_STRING},
    {"varchar", SCHEMA_TYPE_STRING},     {"tinytext", SCHEMA_TYPE_STRING},
    {"text", SCHEMA_TYPE_STRING},        {"mediumtext", SCHEMA_TYPE_STRING},
    {"longtext", SCHEMA_TYPE_STRING},    {"binary", SCHEMA_TYPE_BINARY},
    {"varbinary", SCHEMA_TYPE_BINARY},   {"tinyblob", SCHEMA_TYPE_BINARY},
    {"blob", SCHEMA_TYPE_BINARY},        {"mediumblob", SCHEMA_TYPE_BINARY},
    {"longblob", SCHEMA_TYPE_BINARY},    {"date", SCHEMA_TYPE_TEMPORAL},
    {"time", SCHEMA_TYPE_TEMPORAL},      {"datetime", SCHEMA_TYPE_TEMPORAL},
    {"timestamp", SCHEMA_TYPE_TEMPORAL}, {"year", SCHEMA_TYPE_TEMPORAL},
    {"enum", SCHEMA_TYPE_ENUM},          {"set", SCHEMA_TYPE_ENUM},
    {"json", SCHEMA_TYPE_JSON},          {"geometry", SCHEMA_TYPE_SPATIAL},
    {"point", SCHEMA_TYPE_SPATIAL},      {"linestring", SCHEMA_TYPE_SPATIAL},
    {"polygon", SCHEMA_TYPE_SPATIAL},    {"multipoint", SCHEMA_TYPE_SPATIAL},
    {"multilinestring", SCHEMA_TYPE_SPATIAL}, {"multipolygon", SCHEMA_TYPE_SPATIAL},
    {"geometrycollection", SCHEMA_TYPE_SPATIAL}, {"geomcollection", SCHEMA_TYPE_SPATIAL},
};

enum schema_type_class schema_type_class_of(const char *type)
{
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(types[i].name, type) == 0)
            return types[i].cls;
    return SCHEMA_TYPE_OTHER;
}

bool schema_type_has_charset(const char *type)
{
    enum schema_type_class c = schema_type_class_of(type);
    return c == SCHEMA_TYPE_STRING || c == SCHEMA_TYPE_ENUM;
}

/* --- character sets -------------------------------------------------------------------------- */

/* Default collations that are not `<charset>_general_ci`. */
static const char *const special_collations[][2] = {
    {"latin1", "latin1_swedish_ci"},   {"binary", "binary"},
    {"big5", "big5_chinese_ci"},       {"dec8", "dec8_swedish_ci"},
    {"hp8", "hp8_english_ci"},         {"swe7", "swe7_swedish_ci"},
    {"ujis", "ujis_japanese_ci"},      {"sjis", "sjis_japanese_ci"},
    {"tis620", "tis620_thai_ci"},      {"euckr", "euckr_korean_ci"},
    {"gb2312", "gb2312_chinese_ci"},   {"gbk", "gbk_chinese_ci"},
    {"gb18030", "gb18030_chinese_ci"}, {"latin5", "latin5_turkish_ci"},
    {"cp932", "cp932_japanese_ci"},    {"eucjpms", "eucjpms_japanese_ci"},
};

static const char *const general_charsets[] = {
    "latin2", "ascii", "cp1250", "cp1251", "cp1256", "cp1257", "cp850", "cp852", "cp866",
    "greek", "hebrew", "koi8r", "koi8u", "latin7", "macce", "macroman", "keybcs2", "geostd8",
    "armscii8", "ucs2", "utf16", "utf16le", "utf32", "utf8mb3", "utf8mb4",
};

/* MariaDB 11.2 made UCA 14.0 the default for the Unicode character sets
 * (character_set_collations); MySQL 8.0 made utf8mb4_0900_ai_ci the utf8mb4 default. */
static const char *unicode_default(const struct sql_target *t, const char *cs)
{
    static const char *const uca1400[][2] = {
        {"utf8mb4", "utf8mb4_uca1400_ai_ci"}, {"utf8mb3", "utf8mb3_uca1400_ai_ci"},
        {"ucs2", "ucs2_uca1400_ai_ci"},       {"utf16", "utf16_uca1400_ai_ci"},
        {"utf32", "utf32_uca1400_ai_ci"},
    };
    if (t->flavor == SQL_MYSQL)
        return t->version >= 80000 && strcmp(cs, "utf8mb4") == 0 ? "utf8mb4_0900_ai_ci" : NULL;
    if (t->version < 110200)
        return NULL;
    for (size_t i = 0; i < sizeof uca1400 / sizeof uca1400[0]; i++)
        if (strcmp(uca1400[i][0], cs) == 0)
            return uca1400[i][1];
    return NULL;
}

const char *schema_default_collation(const struct sql_target *t, const char *charset)
{
    static const char *const general[] = {
        "latin2_general_ci", "ascii_general_ci", "cp1250_general_ci", "cp1251_general_ci",
        "cp1256_general_ci", "cp1257_general_ci", "cp850_general_ci", "cp852_general_ci",
        "cp866_general_ci", "greek_general_ci", "hebrew_general_ci", "koi8r_general_ci",
        "koi8u_general_ci", "latin7_general_ci", "macce_general_ci", "macroman_general_ci",
        "keybcs2_general_ci", "geostd8_general_ci", "armscii8_general_ci", "ucs2_general_ci",
        "utf16_general_ci", "utf16le_general_ci", "utf32_general_ci", "utf8mb3_general_ci",
        "utf8mb4_general_ci",
    };
    const char *u = unicode_default(t, charset);
    if (u)
        return u;
    for (size_t i = 0; i < sizeof special_collations / sizeof special_collations[0]; i++)
        if (strcmp(special_collations[i][0], charset) == 0)
            return special_collations[i][1];
    for (size_t i = 0; i < sizeof general_charsets / sizeof general_charsets[0]; i++)
        if (strcmp(general_charsets[i], charset) == 0)
            return general[i];
    return NULL;
}

void schema_collation_charset(const char *collation, char *buf, size_t size)
{
    const char *us = strchr(collation, '_');
    size_t n = us ? (size_t)(us - collation) : strlen(collation);
    snprintf(buf, size, "%.*s", (int)n, collation);
}

unsigned schema_target_version(const struct sql_target *t)
{
    return t->flavor == SQL_MYSQL && t->version % 100 == 0 ? t->version + 99 : t->version;
}

const char *schema_target_charset(const struct sql_target *t)
{
    if (t->flavor == SQL_MYSQL)
        return t->version >= 80000 ? "utf8mb4" : "latin1";
    return t->version >= 110600 ? "utf8mb4" : "latin1";
}

/* Completes a (charset, collation) pair from whichever half is known, else from the fallback
 * pair. */
static bool settle_charset(const struct sql_target *tg, char **cs, char **coll, const char *fcs,
                           const char *fcoll)
{
    char buf[80];
    if (*coll && (*coll)[0] == '_') { /* the BINARY attribute: the charset's _bin collation */
        if (!*cs && !schema_set_str(cs, fcs))
            return false;
        snprintf(buf, sizeof buf, "%s_bin", *cs ? *cs : "binary");
        return schema_set_str(coll, buf);
    }
    if (!*cs && *coll) {
        schema_collation_charset(*coll, buf, sizeof buf);
        return schema_set_str(cs, buf);
    }
    if (*cs && !*coll) {
        const char *c = fcs && strcmp(fcs, *cs) == 0 && fcoll ? fcoll
                                                               : schema_default_collation(tg, *cs);
        return !c || schema_set_str(coll, c);
    }
    if (!*cs)
        return schema_set_str(cs, fcs) && schema_set_str(coll, fcoll);
    return true;
}

bool schema_table_inherit_charsets(struct schema *s, struct schema_table *t)
{
    const char *dcs = schema_target_charset(&s->target);
    const char *dcoll = schema_default_collation(&s->target, dcs);
    struct schema_database *db = t->db ? schema_find_database(s, t->db) : NULL;
    if (db && db->charset) {
        dcs = db->charset;
        dcoll = db->collation;
    }
    if (!settle_charset(&s->target, &t->charset, &t->collation, dcs, dcoll))
        return false;
    for (size_t i = 0; i < t->ncolumns; i++) {
        struct schema_column *c = &t->columns[i];
        if (schema_type_has_charset(c->type) &&
            !settle_charset(&s->target, &c->charset, &c->collation, t->charset, t->collation))
            return false;
    }
    return true;
}

/* --- columns ------------------------------------------------------------------------------- */

/* MySQL shows no DEFAULT NULL for the types that cannot have a literal default. */
static bool mysql_no_default(const struct schema_column *c)
{
    enum schema_type_class k = c->type_class;
    return k == SCHEMA_TYPE_JSON || k == SCHEMA_TYPE_SPATIAL || strstr(c->type, "text") ||
           strstr(c->type, "blob");
}

bool schema_table_settle_columns(struct schema *s, struct schema_table *t)
{
    for (size_t i = 0; i < t->nindexes; i++) {
        if (t->indexes[i].kind != SCHEMA_INDEX_PRIMARY)
            continue;
        for (size_t j = 0; j < t->indexes[i].nparts; j++) {
            const char *col = t->indexes[i].parts[j].column;
            long k = col ? schema_column_pos(t, col) : -1;
            if (k >= 0)
                t->columns[k].nullable = false;
        }
    }
    for (size_t i = 0; i < t->ncolumns; i++) {
        struct schema_column *c = &t->columns[i];
        if (!c->nullable || c->default_value || c->generated != SCHEMA_GEN_NONE ||
            c->auto_increment || (s->target.flavor == SQL_MYSQL && mysql_no_default(c)))
            continue;
        if (!schema_set_str(&c->default_value, "NULL"))
            return false;
        c->default_is_expr = true;
    }
    return true;
}

/* --- indexes -------------------------------------------------------------------------------- */

char *schema_index_auto_name(const struct schema_table *t, const char *base)
{
    size_t n = strlen(base) + 16;
    char *name = malloc(n);
    if (!name)
        return NULL;
    snprintf(name, n, "%s", base);
    for (int k = 2; schema_index_pos(t, name) >= 0 || strcasecmp(name, "PRIMARY") == 0; k++)
        snprintf(name, n, "%s_%d", base, k);
    return name;
}

/* Whether the index starts with the foreign key's columns, whole (InnoDB cannot use a prefix
 * index or a functional part to check a foreign key). */
static bool index_serves_fk(const struct schema_index *ix, const struct schema_foreign_key *fk)
{
    if (ix->nparts < fk->ncolumns || ix->kind == SCHEMA_INDEX_FULLTEXT ||
        ix->kind == SCHEMA_INDEX_SPATIAL)
        return false;
    for (size_t i = 0; i < fk->ncolumns; i++) {
        const struct schema_index_part *p = &ix->parts[i];
        if (!p->column || p->prefix || strcasecmp(p->column, fk->columns[i]) != 0)
            return false;
    }
    return true;
}

static bool add_fk_index(struct schema_table *t, const struct schema_foreign_key *fk,
                         const char *base, struct schema_loc loc)
{
    struct schema_index *n = realloc(t->indexes, (t->nindexes + 1) * sizeof *n);
    if (!n)
        return false;
    t->indexes = n;
    struct schema_index ix = {.kind = SCHEMA_INDEX_KEY, .implicit = true, .loc = loc};
    ix.parts = calloc(fk->ncolumns, sizeof *ix.parts);
    ix.name = schema_index_auto_name(t, base);
    bool ok = ix.parts && ix.name;
    for (size_t i = 0; ok && i < fk->ncolumns; i++) {
        ix.parts[i].cardinality = -1;
        ok = (ix.parts[i].column = schema_strdup(fk->columns[i])) != NULL;
        ix.nparts = i + 1;
    }
    if (!ok) {
        schema_index_clear(&ix);
        return false;
    }
    t->indexes[t->nindexes++] = ix;
    return true;
}

bool schema_table_add_fk_indexes(struct schema *s, struct schema_table *t, struct schema_loc loc)
{
    (void)s;
    for (size_t i = 0; i < t->nfks; i++) {
        const struct schema_foreign_key *fk = &t->fks[i];
        bool served = fk->ncolumns == 0;
        for (size_t j = 0; j < t->nindexes && !served; j++)
            served = index_serves_fk(&t->indexes[j], fk);
        if (served)
            continue;
        /* The server names it after the constraint, else after the first column. */
        if (!add_fk_index(t, fk, fk->name ? fk->name : fk->columns[0], loc))
            return false;
    }
    return true;
}

/* The rank of an index in the server's order (sql_table.cc sort_keys, and MariaDB's alike):
 * PRIMARY; unique whole-column NOT NULL; other unique; ordinary; FULLTEXT. */
static int index_rank(const struct schema_table *t, const struct schema_index *ix)
{
    if (ix->kind == SCHEMA_INDEX_PRIMARY)
        return 0;
    if (ix->kind == SCHEMA_INDEX_FULLTEXT)
        return 4;
    if (ix->kind != SCHEMA_INDEX_UNIQUE)
        return 3;
    for (size_t i = 0; i < ix->nparts; i++) {
        long c = ix->parts[i].column ? schema_column_pos(t, ix->parts[i].column) : -1;
        if (c < 0 || t->columns[c].nullable || ix->parts[i].prefix)
            return 2;
    }
    return 1;
}

void schema_table_sort_indexes(struct schema_table *t)
{
    /* Insertion sort: stable, and tables have a handful of indexes. */
    for (size_t i = 1; i < t->nindexes; i++) {
        struct schema_index x = t->indexes[i];
        int r = index_rank(t, &x);
        size_t j = i;
        while (j > 0 && index_rank(t, &t->indexes[j - 1]) > r) {
            t->indexes[j] = t->indexes[j - 1];
            j--;
        }
        t->indexes[j] = x;
    }
}
