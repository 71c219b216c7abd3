/* ALTER TABLE and its clauses (several in one statement, applied in order to a copy of the table
 * that replaces it only when the whole statement was understood), CREATE INDEX and DROP INDEX. A
 * renamed or dropped column is renamed or dropped in the indexes and foreign keys that use it, as
 * the server does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "schema/schema_int.h"

struct schema_table *ddl_table(struct ddl *p, const char *db, const char *name, long *pos)
{
    const char *d = db ? db : p->s->current_db;
    *pos = schema_table_pos(p->s, d, name);
    if (*pos < 0) {
        if (d)
            ddl_fail(p, "unknown table `%s`.`%s`", d, name);
        else
            ddl_fail(p, "unknown table `%s`", name);
        return NULL;
    }
    return p->s->tables[*pos];
}

/* Skips to the end of the current clause (a `,` outside parentheses, or the end). */
static bool skip_clause(struct ddl *p)
{
    while (!ddl_at_end(p) && !ddl_is_op(p, ",")) {
        if (ddl_is_op(p, "(")) {
            if (!ddl_skip_parens(p))
                return false;
        } else {
            ddl_next(p);
        }
    }
    return true;
}

static bool if_exists(struct ddl *p) { return ddl_accept2(p, "IF", "EXISTS"); }

static bool if_not_exists(struct ddl *p)
{
    if (!ddl_is(p, "IF") || !ddl_is_at(p, 1, "NOT"))
        return false;
    p->i += 2;
    return ddl_expect(p, "EXISTS");
}

/* FIRST or AFTER col: the position for a column; -1 keeps/appends. */
static bool column_position(struct ddl *p, struct schema_table *t, long *at)
{
    *at = -1;
    if (ddl_accept(p, "FIRST")) {
        *at = 0;
        return true;
    }
    if (!ddl_accept(p, "AFTER"))
        return true;
    char *after = ddl_name(p, "a column name");
    if (!after)
        return false;
    long k = schema_column_pos(t, after);
    free(after);
    if (k < 0)
        return ddl_fail(p, "AFTER: unknown column");
    *at = k + 1;
    return true;
}

/* `from` quoted in a generated column's expression becomes `to` (MariaDB renames a column
 * everywhere it is used; SHOW CREATE TABLE quotes every column name). */
static bool rename_in_expr(char **expr, const char *from, const char *to)
{
    size_t fl = strlen(from), tl = strlen(to);
    char *e = *expr;
    if (!e)
        return true;
    size_t cap = strlen(e) * (tl + 3) / (fl + 2) + strlen(e) + 1;
    char *out = malloc(cap), *o = out;
    if (!out)
        return false;
    for (const char *i = e; *i;) {
        if (*i == '`' && strncasecmp(i + 1, from, fl) == 0 && i[fl + 1] == '`') {
            o += sprintf(o, "`%s`", to);
            i += fl + 2;
        } else {
            *o++ = *i++;
        }
    }
    *o = '\0';
    free(e);
    *expr = out;
    return true;
}

static void rename_in_keys(struct schema_table *t, const char *from, const char *to, bool *ok)
{
    for (size_t i = 0; i < t->ncolumns; i++)
        *ok = *ok && rename_in_expr(&t->columns[i].generation_expr, from, to);
    for (size_t i = 0; i < t->nindexes; i++)
        for (size_t j = 0; j < t->indexes[i].nparts; j++) {
            char **c = &t->indexes[i].parts[j].column;
            if (*c && strcasecmp(*c, from) == 0)
                *ok = *ok && schema_set_str(c, to);
        }
    for (size_t i = 0; i < t->nfks; i++)
        for (size_t j = 0; j < t->fks[i].ncolumns; j++)
            if (strcasecmp(t->fks[i].columns[j], from) == 0)
                *ok = *ok && schema_set_str(&t->fks[i].columns[j], to);
}

static void remove_index(struct schema_table *t, size_t k)
{
    schema_index_clear(&t->indexes[k]);
    memmove(&t->indexes[k], &t->indexes[k + 1], (t->nindexes - k - 1) * sizeof *t->indexes);
    t->nindexes--;
}

/* A dropped column leaves the indexes that use it; an index left without parts goes too. */
static void drop_from_keys(struct schema_table *t, const char *col)
{
    for (size_t i = t->nindexes; i-- > 0;) {
        struct schema_index *ix = &t->indexes[i];
        for (size_t j = ix->nparts; j-- > 0;) {
            if (!ix->parts[j].column || strcasecmp(ix->parts[j].column, col) != 0)
                continue;
            free(ix->parts[j].column);
            free(ix->parts[j].expr);
            memmove(&ix->parts[j], &ix->parts[j + 1], (ix->nparts - j - 1) * sizeof *ix->parts);
            ix->nparts--;
        }
        if (ix->nparts == 0)
            remove_index(t, i);
    }
}

static void remove_column(struct schema_table *t, size_t k)
{
    schema_column_clear(&t->columns[k]);
    memmove(&t->columns[k], &t->columns[k + 1], (t->ncolumns - k - 1) * sizeof *t->columns);
    t->ncolumns--;
}

/* ADD [COLUMN] [IF NOT EXISTS] def [FIRST|AFTER c], or ADD [COLUMN] (def, def). */
static bool add_column(struct ddl *p, struct schema_table *t)
{
    bool paren = ddl_accept_op(p, "(");
    do {
        bool ine = if_not_exists(p);
        size_t tok = p->i;
        struct schema_column c = {.loc = ddl_loc(p, tok)};
        bool primary = false, unique = false;
        long at = -1;
        if (!(c.name = ddl_name(p, "a column name")) ||
            !ddl_column_def(p, t, &c, &primary, &unique) || !column_position(p, t, &at)) {
            schema_column_clear(&c);
            return false;
        }
        if (ine && schema_column_pos(t, c.name) >= 0) {
            schema_column_clear(&c); /* a note on the server */
            continue;
        }
        char *name = schema_strdup(c.name);
        bool ok = name && ddl_add_column(p, t, &c, at);
        if (ok && (primary || unique))
            ok = ddl_column_key(p, t, name, primary, ddl_loc(p, tok));
        free(name);
        if (!ok)
            return p->failed ? false : ddl_nomem(p);
    } while (paren && ddl_accept_op(p, ","));
    return !paren || ddl_expect_op(p, ")");
}

/* MODIFY col def / CHANGE old new def: the new definition replaces the old one in place. */
static bool redefine_column(struct ddl *p, struct schema_table *t, bool change)
{
    bool ie = if_exists(p);
    size_t tok = p->i;
    char *old = ddl_name(p, "a column name");
    if (!old)
        return false;
    struct schema_column c = {.loc = ddl_loc(p, tok)};
    bool primary = false, unique = false, ok = false;
    long at = -1, k = schema_column_pos(t, old);
    if (change)
        c.name = ddl_name(p, "the new column name");
    else
        c.name = schema_strdup(old);
    if (!c.name || !ddl_column_def(p, t, &c, &primary, &unique) || !column_position(p, t, &at))
        goto out;
    if (k < 0) {
        ok = ie || ddl_fail(p, "unknown column `%s`", old);
        goto out;
    }
    if (strcasecmp(old, c.name) != 0 && schema_column_pos(t, c.name) >= 0) {
        ddl_fail(p, "duplicate column name `%s`", c.name);
        goto out;
    }
    ok = true;
    rename_in_keys(t, old, c.name, &ok);
    char *name = schema_strdup(c.name);
    remove_column(t, (size_t)k);
    if (at < 0)
        at = k;
    else if (at > k)
        at--;
    ok = ok && name && ddl_add_column(p, t, &c, at);
    if (ok && (primary || unique))
        ok = ddl_column_key(p, t, name, primary, ddl_loc(p, tok));
    free(name);
    if (!ok && !p->failed)
        ddl_nomem(p);
out:
    schema_column_clear(&c);
    free(old);
    return ok;
}

static bool rename_column(struct ddl *p, struct schema_table *t)
{
    char *from = ddl_name(p, "a column name"), *to = NULL;
    bool ok = from && ddl_expect(p, "TO") && (to = ddl_name(p, "the new column name"));
    long k = ok ? schema_column_pos(t, from) : -1;
    if (ok && k < 0)
        ok = ddl_fail(p, "unknown column `%s`", from);
    else if (ok && strcasecmp(from, to) != 0 && schema_column_pos(t, to) >= 0)
        ok = ddl_fail(p, "duplicate column name `%s`", to);
    if (ok) {
        rename_in_keys(t, from, to, &ok);
        ok = (ok && schema_set_str(&t->columns[k].name, to)) || ddl_nomem(p);
    }
    free(from);
    free(to);
    return ok;
}

static bool rename_index(struct ddl *p, struct schema_table *t)
{
    char *from = ddl_name(p, "an index name"), *to = NULL;
    bool ok = from && ddl_expect(p, "TO") && (to = ddl_name(p, "the new index name"));
    long k = ok ? schema_index_pos(t, from) : -1;
    if (ok && k < 0)
        ok = ddl_fail(p, "unknown index `%s`", from);
    else if (ok && schema_index_pos(t, to) >= 0)
        ok = ddl_fail(p, "duplicate key name `%s`", to);
    if (ok)
        ok = schema_set_str(&t->indexes[k].name, to) || ddl_nomem(p);
    free(from);
    free(to);
    return ok;
}

/* RENAME [TO|AS] [db.]name: the table moves when the statement is applied. */
static bool rename_table(struct ddl *p, struct schema_table *t)
{
    if (!ddl_accept(p, "TO"))
        ddl_accept(p, "AS");
    char *db, *name;
    if (!ddl_qualified(p, &db, &name, "a table name"))
        return false;
    const char *d = db ? db : p->s->current_db;
    bool ok;
    char *odb = t->db, *oname = t->name;
    if (schema_table_pos(p->s, d, name) >= 0 &&
        !(schema_name_eq(p->s, d, t->db) && schema_name_eq(p->s, name, t->name))) {
        ok = ddl_fail(p, "table `%s` already exists", name);
    } else {
        t->db = t->name = NULL;
        ok = (schema_set_str(&t->db, d) && schema_set_str(&t->name, name) &&
              schema_table_renamed(p->s, t, odb, oname)) || ddl_nomem(p);
        free(odb);
        free(oname);
    }
    free(db);
    free(name);
    return ok;
}

static bool drop_index_named(struct ddl *p, struct schema_table *t, const char *name, bool ie)
{
    long k = schema_index_pos(t, name);
    if (k < 0)
        return ie || ddl_fail(p, "unknown index `%s`", name);
    remove_index(t, (size_t)k);
    return true;
}

static bool drop_fk_named(struct ddl *p, struct schema_table *t, const char *name, bool ie,
                          bool or_index)
{
    long k = schema_fk_pos(t, name);
    if (k < 0) {
        if (or_index && schema_index_pos(t, name) >= 0) /* DROP CONSTRAINT of a UNIQUE key */
            return drop_index_named(p, t, name, ie);
        return ie || or_index || ddl_fail(p, "unknown foreign key `%s`", name);
    }
    /* the index InnoDB added for it stays, now an ordinary one */
    schema_fk_clear(&t->fks[k]);
    memmove(&t->fks[k], &t->fks[k + 1], (t->nfks - (size_t)k - 1) * sizeof *t->fks);
    t->nfks--;
    for (size_t i = 0; i < t->nindexes; i++)
        t->indexes[i].implicit = false;
    return true;
}

static bool drop_clause(struct ddl *p, struct schema_table *t)
{
    bool fk = false, constraint = false;
    if (ddl_accept2(p, "PRIMARY", "KEY"))
        return drop_index_named(p, t, "PRIMARY", false);
    if (ddl_accept(p, "PARTITION") || ddl_accept2(p, "SYSTEM", "VERSIONING")) {
        if (sql_tok_is(&p->toks[p->i - 1], "VERSIONING"))
            t->system_versioned = false;
        return skip_clause(p);
    }
    if (ddl_accept(p, "CHECK") || ddl_accept(p, "PERIOD"))
        return skip_clause(p);
    bool index = ddl_accept(p, "INDEX") || ddl_accept(p, "KEY");
    if (!index && !(fk = ddl_accept2(p, "FOREIGN", "KEY")) &&
        !(constraint = ddl_accept(p, "CONSTRAINT")))
        ddl_accept(p, "COLUMN");
    bool ie = if_exists(p);
    char *name = ddl_name(p, "a name");
    if (!name)
        return false;
    bool ok;
    if (index) {
        ok = drop_index_named(p, t, name, ie);
    } else if (fk || constraint) {
        ok = drop_fk_named(p, t, name, ie, constraint);
    } else {
        long k = schema_column_pos(t, name);
        ok = k >= 0 || ie || ddl_fail(p, "unknown column `%s`", name);
        if (k >= 0) {
            drop_from_keys(t, name);
            remove_column(t, (size_t)k);
        }
        if (!ddl_accept(p, "RESTRICT"))
            ddl_accept(p, "CASCADE");
    }
    free(name);
    return ok;
}

/* ALTER [COLUMN] c SET DEFAULT v | DROP DEFAULT | SET [IN]VISIBLE; ALTER INDEX i [IN]VISIBLE |
 * [NOT] IGNORED. */
static bool alter_clause(struct ddl *p, struct schema_table *t)
{
    if (ddl_accept(p, "INDEX") || ddl_accept(p, "KEY")) {
        char *name = ddl_name(p, "an index name");
        long k = name ? schema_index_pos(t, name) : -1;
        bool ok = name && (k >= 0 || ddl_fail(p, "unknown index `%s`", name));
        free(name);
        return ok && ddl_index_options(p, &t->indexes[k]);
    }
    if (ddl_accept(p, "CHECK") || ddl_accept(p, "CONSTRAINT"))
        return skip_clause(p);
    ddl_accept(p, "COLUMN");
    char *name = ddl_name(p, "a column name");
    long k = name ? schema_column_pos(t, name) : -1;
    bool ok = name && (k >= 0 || ddl_fail(p, "unknown column `%s`", name));
    free(name);
    if (!ok)
        return false;
    struct schema_column *c = &t->columns[k];
    if (ddl_accept2(p, "DROP", "DEFAULT")) {
        free(c->default_value);
        c->default_value = NULL;
        c->default_is_expr = false;
        return true;
    }
    if (!ddl_expect(p, "SET"))
        return false;
    if (ddl_accept(p, "VISIBLE") || ddl_accept(p, "INVISIBLE")) {
        c->invisible = sql_tok_is(&p->toks[p->i - 1], "INVISIBLE");
        return true;
    }
    return ddl_expect(p, "DEFAULT") && ddl_column_default(p, c);
}

/* The most bytes one character takes: CONVERT TO a wider character set turns TEXT into
 * MEDIUMTEXT (and so on) so that the column still holds as many characters. */
static int charset_maxlen(const char *cs)
{
    static const char *const four[] = {"utf8mb4", "utf16", "utf16le", "utf32", "gb18030"};
    if (!cs)
        return 1;
    for (size_t i = 0; i < sizeof four / sizeof four[0]; i++)
        if (strcmp(cs, four[i]) == 0)
            return 4;
    if (strcmp(cs, "utf8mb3") == 0 || strcmp(cs, "ujis") == 0 || strcmp(cs, "eucjpms") == 0)
        return 3;
    if (strcmp(cs, "ucs2") == 0 || strcmp(cs, "gbk") == 0 || strcmp(cs, "big5") == 0 ||
        strcmp(cs, "sjis") == 0 || strcmp(cs, "cp932") == 0 || strcmp(cs, "euckr") == 0 ||
        strcmp(cs, "gb2312") == 0)
        return 2;
    return 1;
}

static bool widen_text(struct schema_column *c, int from, int to)
{
    static const char *const texts[] = {"tinytext", "text", "mediumtext", "longtext"};
    static const uint64_t bytes[] = {255, 65535, 16777215, 4294967295u};
    for (size_t i = 0; i < 3; i++) {
        if (strcmp(c->type, texts[i]) != 0)
            continue;
        uint64_t need = bytes[i] / (uint64_t)from * (uint64_t)to;
        size_t j = i;
        while (j < 3 && bytes[j] < need)
            j++;
        return schema_set_str(&c->type, texts[j]) && schema_set_str(&c->type_text, texts[j]);
    }
    return true;
}

static bool convert_charset(struct ddl *p, struct schema_table *t)
{
    if (!ddl_accept2(p, "CHARACTER", "SET") && !ddl_expect(p, "CHARSET"))
        return false;
    char *cs = ddl_charset_name(p), *coll = NULL;
    if (!cs)
        return false;
    if (ddl_accept(p, "COLLATE") && !(coll = ddl_charset_name(p))) {
        free(cs);
        return false;
    }
    const char *dc = coll ? coll : schema_default_collation(&p->s->target, cs);
    bool ok = schema_set_str(&t->charset, cs) && schema_set_str(&t->collation, dc);
    for (size_t i = 0; ok && i < t->ncolumns; i++) {
        struct schema_column *c = &t->columns[i];
        if (!schema_type_has_charset(c->type))
            continue;
        ok = widen_text(c, charset_maxlen(c->charset), charset_maxlen(cs)) &&
             schema_set_str(&c->charset, cs) && schema_set_str(&c->collation, dc);
    }
    free(cs);
    free(coll);
    return ok || ddl_nomem(p);
}

/* Clauses that change nothing the model holds. */
static bool skip_known(struct ddl *p, bool *handled)
{
    static const char *const words[] = {
        "ALGORITHM", "LOCK", "FORCE", "ENABLE", "DISABLE", "DISCARD", "IMPORT", "ORDER", "WITH",
        "WITHOUT", "COALESCE", "REORGANIZE", "EXCHANGE", "ANALYZE", "CHECK", "OPTIMIZE",
        "REBUILD", "REPAIR", "TRUNCATE", "UPGRADE", "SECONDARY_LOAD", "SECONDARY_UNLOAD",
        "VALIDATION", "NOWAIT", "WAIT",
    };
    *handled = true;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (ddl_accept(p, words[i]))
            return skip_clause(p);
    *handled = false;
    return true;
}

static bool add_clause(struct ddl *p, struct schema_table *t)
{
    bool handled;
    if (ddl_accept(p, "PARTITION"))
        return skip_clause(p);
    if (ddl_accept2(p, "SYSTEM", "VERSIONING")) {
        t->system_versioned = true;
        return true;
    }
    if (ddl_accept(p, "COLUMN"))
        return add_column(p, t);
    if (!ddl_table_element(p, t, &handled, false))
        return false;
    return handled || add_column(p, t);
}

static bool one_clause(struct ddl *p, struct schema_table *t)
{
    bool handled;
    if (ddl_accept(p, "ADD"))
        return add_clause(p, t);
    if (ddl_accept(p, "DROP"))
        return drop_clause(p, t);
    if (ddl_accept(p, "MODIFY") || ddl_accept(p, "CHANGE")) {
        bool change = sql_tok_is(&p->toks[p->i - 1], "CHANGE");
        ddl_accept(p, "COLUMN");
        return redefine_column(p, t, change);
    }
    if (ddl_accept2(p, "RENAME", "COLUMN"))
        return rename_column(p, t);
    if (ddl_accept2(p, "RENAME", "INDEX") || ddl_accept2(p, "RENAME", "KEY"))
        return rename_index(p, t);
    if (ddl_accept(p, "RENAME"))
        return rename_table(p, t);
    if (ddl_accept(p, "ALTER"))
        return alter_clause(p, t);
    if (ddl_accept2(p, "CONVERT", "TO"))
        return convert_charset(p, t);
    if (ddl_accept(p, "PARTITION")) {
        t->partitioned = true;
        return skip_clause(p);
    }
    if (ddl_accept2(p, "REMOVE", "PARTITIONING")) {
        t->partitioned = false;
        return true;
    }
    if (!skip_known(p, &handled))
        return false;
    if (handled)
        return true;
    if (!ddl_table_option(p, t, &handled))
        return false;
    return handled || ddl_expected(p, "an ALTER TABLE clause");
}

bool ddl_alter_table(struct ddl *p)
{
    bool ie = if_exists(p);
    size_t tok = p->i;
    char *db, *name;
    long pos;
    if (!ddl_qualified(p, &db, &name, "a table name"))
        return false;
    ddl_set_ctx(p, "ALTER TABLE", db ? db : p->s->current_db, name);
    struct schema_table *old = NULL;
    if (!ie || schema_table_pos(p->s, db ? db : p->s->current_db, name) >= 0)
        old = ddl_table(p, db, name, &pos);
    free(db);
    free(name);
    if (!old)
        return !p->failed;
    struct schema_table *t = schema_table_clone(old);
    if (!t)
        return ddl_nomem(p);
    bool ok = true;
    while (ok && !ddl_at_end(p)) {
        /* the table options of one clause may follow each other without commas */
        ok = one_clause(p, t);
        ddl_accept_op(p, ",");
    }
    if (ok)
        ok = ddl_finish_table(p, t, ddl_loc(p, tok));
    if (!ok) {
        schema_table_free(t);
        return false;
    }
    t->loc = ddl_loc(p, tok);
    schema_table_free(p->s->tables[pos]);
    p->s->tables[pos] = t;
    return true;
}

/* CREATE [OR REPLACE] [ONLINE] [UNIQUE|FULLTEXT|SPATIAL] INDEX [IF NOT EXISTS] name
 * [USING t] ON tbl (parts) [options] [ALGORITHM=…] [LOCK=…] */
bool ddl_create_index(struct ddl *p, bool or_replace)
{
    size_t tok = p->i;
    if (!ddl_accept(p, "ONLINE"))
        ddl_accept(p, "OFFLINE");
    enum schema_index_kind kind = ddl_accept(p, "UNIQUE")     ? SCHEMA_INDEX_UNIQUE
                                  : ddl_accept(p, "FULLTEXT") ? SCHEMA_INDEX_FULLTEXT
                                  : ddl_accept(p, "SPATIAL")  ? SCHEMA_INDEX_SPATIAL
                                                              : SCHEMA_INDEX_KEY;
    if (!ddl_expect(p, "INDEX"))
        return false;
    bool ine = if_not_exists(p);
    struct schema_index ix = {.kind = kind, .loc = ddl_loc(p, tok)};
    char *db = NULL, *name = NULL;
    long pos;
    struct schema_table *t = NULL, *old;
    if (!(ix.name = ddl_name(p, "an index name")))
        goto fail;
    if ((ddl_accept(p, "USING") || ddl_accept(p, "TYPE")) &&
        !(ddl_accept(p, "BTREE") || ddl_accept(p, "HASH") || ddl_accept(p, "RTREE")))
        goto fail;
    ix.using = sql_tok_is(&p->toks[p->i - 1], "HASH")    ? SCHEMA_USING_HASH
               : sql_tok_is(&p->toks[p->i - 1], "BTREE") ? SCHEMA_USING_BTREE
                                                         : SCHEMA_USING_DEFAULT;
    if (!ddl_expect(p, "ON") || !ddl_qualified(p, &db, &name, "a table name"))
        goto fail;
    ddl_set_ctx(p, "CREATE INDEX", db ? db : p->s->current_db, name);
    if (!(old = ddl_table(p, db, name, &pos)) || !(t = schema_table_clone(old)))
        goto fail;
    if (!ddl_index_body(p, t, &ix))
        goto fail;
    while (ddl_accept(p, "ALGORITHM") || ddl_accept(p, "LOCK")) {
        ddl_accept_op(p, "=");
        if (!ddl_skip_value(p))
            goto fail;
    }
    long have = schema_index_pos(t, ix.name);
    if (have >= 0 && ine)
        goto done; /* a note on the server */
    if (have >= 0 && or_replace)
        remove_index(t, (size_t)have);
    if (!ddl_at_end(p) && !ddl_expected(p, "the end of the statement"))
        goto fail;
    if (!ddl_add_index(p, t, &ix) || !ddl_finish_table(p, t, ddl_loc(p, tok)))
        goto fail;
    schema_table_free(p->s->tables[pos]);
    p->s->tables[pos] = t;
    t = NULL;
done:
    schema_index_clear(&ix);
    schema_table_free(t);
    free(db);
    free(name);
    return true;
fail:
    if (!p->failed)
        ddl_nomem(p);
    schema_index_clear(&ix);
    schema_table_free(t);
    free(db);
    free(name);
    return false;
}

/* DROP INDEX [IF EXISTS] name ON tbl [ALGORITHM=…] [LOCK=…] */
bool ddl_drop_index(struct ddl *p)
{
    if (!ddl_accept(p, "ONLINE"))
        ddl_accept(p, "OFFLINE");
    if (!ddl_expect(p, "INDEX"))
        return false;
    bool ie = if_exists(p);
    char *ixname = ddl_name(p, "an index name"), *db = NULL, *name = NULL;
    long pos;
    bool ok = ixname && ddl_expect(p, "ON") && ddl_qualified(p, &db, &name, "a table name");
    if (ok)
        ddl_set_ctx(p, "DROP INDEX", db ? db : p->s->current_db, name);
    struct schema_table *t = ok ? ddl_table(p, db, name, &pos) : NULL;
    if (t)
        ok = drop_index_named(p, t, ixname, ie);
    free(ixname);
    free(db);
    free(name);
    return t && ok;
}
