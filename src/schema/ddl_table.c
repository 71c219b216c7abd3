/* CREATE TABLE as a whole — [TEMPORARY] [IF NOT EXISTS], `(elements) options`, LIKE, … SELECT —
 * the table options shared with ALTER TABLE, and the end of every CREATE/ALTER TABLE: the
 * server's checks (key columns exist) and what it adds (charsets, NOT NULL, FK indexes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "schema/schema_int.h"

/* Engines as SHOW CREATE TABLE spells them, whatever case the DDL used. */
static const char *const engines[] = {
    "InnoDB", "MyISAM", "MEMORY", "Aria", "CSV", "ARCHIVE", "BLACKHOLE", "ROCKSDB", "FEDERATED",
    "MRG_MyISAM", "ndbcluster", "SEQUENCE", "S3", "SPIDER", "CONNECT", "Columnstore", "TokuDB",
    "MERGE", "HEAP", "EXAMPLE", "OQGRAPH", "Mroonga",
};

static bool set_engine(struct ddl *p, struct schema_table *t)
{
    ddl_accept_op(p, "=");
    if (!ddl_is_name(p) && ddl_tok(p)->kind != SQL_TOK_STRING)
        return ddl_expected(p, "an engine name");
    char *e = ddl_tok(p)->kind == SQL_TOK_STRING ? ddl_string(p, "an engine") : ddl_name(p, "");
    if (!e)
        return false;
    for (size_t i = 0; i < sizeof engines / sizeof engines[0]; i++)
        if (strcasecmp(e, engines[i]) == 0)
            strcpy(e, engines[i]);
    if (strcmp(e, "HEAP") == 0)
        strcpy(e, "MEMORY");
    free(t->engine);
    t->engine = e;
    return true;
}

static bool set_upper_word(struct ddl *p, char **dst)
{
    ddl_accept_op(p, "=");
    if (!ddl_is_name(p))
        return ddl_expected(p, "a value");
    char *v = ddl_name(p, "a value");
    if (!v)
        return false;
    for (char *c = v; *c; c++)
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 32);
    free(*dst);
    *dst = v;
    return true;
}

/* Options that take `[=] value` and that the model does not keep. */
static const char *const skipped_options[] = {
    "KEY_BLOCK_SIZE", "STATS_PERSISTENT", "STATS_AUTO_RECALC", "STATS_SAMPLE_PAGES",
    "PACK_KEYS", "CHECKSUM", "TABLE_CHECKSUM", "DELAY_KEY_WRITE", "MAX_ROWS", "MIN_ROWS",
    "AVG_ROW_LENGTH", "COMPRESSION", "ENCRYPTION", "ENCRYPTED", "ENCRYPTION_KEY_ID",
    "PAGE_COMPRESSED", "PAGE_COMPRESSION_LEVEL", "PAGE_CHECKSUM", "TRANSACTIONAL",
    "INSERT_METHOD", "UNION", "CONNECTION", "PASSWORD", "ENGINE_ATTRIBUTE",
    "SECONDARY_ENGINE_ATTRIBUTE", "SECONDARY_ENGINE", "AUTOEXTEND_SIZE", "SEQUENCE",
    "IETF_QUOTES", "STORAGE", "TABLESPACE", "TABLE_TYPE", "START",
};

static bool skip_option(struct ddl *p, bool *handled)
{
    if (ddl_accept(p, "DATA") || ddl_accept(p, "INDEX")) {
        if (!ddl_expect(p, "DIRECTORY"))
            return false;
        ddl_accept_op(p, "=");
        return ddl_skip_value(p);
    }
    for (size_t i = 0; i < sizeof skipped_options / sizeof skipped_options[0]; i++) {
        if (!ddl_accept(p, skipped_options[i]))
            continue;
        if (strcmp(skipped_options[i], "START") == 0) /* START TRANSACTION (atomic CTAS) */
            return ddl_expect(p, "TRANSACTION");
        ddl_accept_op(p, "=");
        return ddl_is(p, "DEFAULT") ? (ddl_next(p), true) : ddl_skip_value(p);
    }
    /* Engine-defined options (MariaDB writes them quoted: `PAGE_COMPRESSED`=1) and options
     * newer than this reader: any name followed by `=` and one value. */
    if (ddl_is_name(p) && sql_tok_op(ddl_peek(p, 1), "=")) {
        p->i += 2;
        return ddl_skip_value(p);
    }
    *handled = false;
    return true;
}

static bool option_number(struct ddl *p, uint64_t *dst)
{
    ddl_accept_op(p, "=");
    if (ddl_tok(p)->kind != SQL_TOK_NUMBER)
        return ddl_expected(p, "a number");
    *dst = sv_leading_u64(sv_make(ddl_tok(p)->p, ddl_tok(p)->len));
    ddl_next(p);
    return true;
}

bool ddl_table_option(struct ddl *p, struct schema_table *t, bool *handled)
{
    *handled = true;
    bool dflt = ddl_accept(p, "DEFAULT");
    if (ddl_accept2(p, "CHARACTER", "SET") || ddl_accept(p, "CHARSET")) {
        char *cs = ddl_charset_name(p);
        if (!cs)
            return false;
        if (!t->charset || strcmp(t->charset, cs) != 0) {
            free(t->collation); /* the new charset's default, unless COLLATE follows */
            t->collation = NULL;
        }
        free(t->charset);
        t->charset = cs;
        return true;
    }
    if (ddl_accept(p, "COLLATE")) {
        char *c = ddl_charset_name(p);
        if (!c)
            return false;
        free(t->collation);
        t->collation = c;
        free(t->charset); /* follows from the collation */
        t->charset = NULL;
        return true;
    }
    if (dflt)
        return ddl_expected(p, "CHARACTER SET or COLLATE after DEFAULT");
    if (ddl_accept(p, "ENGINE") || ddl_accept(p, "TYPE"))
        return set_engine(p, t);
    if (ddl_accept(p, "AUTO_INCREMENT"))
        return option_number(p, &t->auto_increment);
    if (ddl_accept(p, "ROW_FORMAT"))
        return set_upper_word(p, &t->row_format);
    if (ddl_accept(p, "COMMENT")) {
        ddl_accept_op(p, "=");
        char *c = ddl_string(p, "a quoted comment");
        if (!c)
            return false;
        free(t->comment);
        t->comment = c;
        return true;
    }
    if (ddl_accept2(p, "WITH", "SYSTEM")) {
        t->system_versioned = true;
        return ddl_expect(p, "VERSIONING");
    }
    return skip_option(p, handled);
}

/* Every key part names a column of the table (the server refuses the statement otherwise). */
static bool check_keys(struct ddl *p, struct schema_table *t)
{
    for (size_t i = 0; i < t->nindexes; i++)
        for (size_t j = 0; j < t->indexes[i].nparts; j++) {
            const char *c = t->indexes[i].parts[j].column;
            if (c && schema_column_pos(t, c) < 0)
                return ddl_fail(p, "key column `%s` of index `%s` does not exist", c,
                                t->indexes[i].name);
        }
    for (size_t i = 0; i < t->nfks; i++)
        for (size_t j = 0; j < t->fks[i].ncolumns; j++)
            if (schema_column_pos(t, t->fks[i].columns[j]) < 0)
                return ddl_fail(p, "foreign key column `%s` does not exist",
                                t->fks[i].columns[j]);
    return true;
}

bool ddl_finish_table(struct ddl *p, struct schema_table *t, struct schema_loc loc)
{
    if (!check_keys(p, t))
        return false;
    if (!schema_table_inherit_charsets(p->s, t) || !schema_table_settle_columns(p->s, t) ||
        !schema_table_add_fk_indexes(p->s, t, loc))
        return ddl_nomem(p);
    schema_table_sort_indexes(t);
    return true;
}

bool ddl_add_column(struct ddl *p, struct schema_table *t, struct schema_column *c, long at)
{
    if (schema_column_pos(t, c->name) >= 0) {
        ddl_fail(p, "duplicate column name `%s`", c->name);
        schema_column_clear(c);
        return false;
    }
    struct schema_column *n = realloc(t->columns, (t->ncolumns + 1) * sizeof *n);
    if (!n) {
        schema_column_clear(c);
        return ddl_nomem(p);
    }
    t->columns = n;
    size_t pos = at < 0 || (size_t)at > t->ncolumns ? t->ncolumns : (size_t)at;
    memmove(&n[pos + 1], &n[pos], (t->ncolumns - pos) * sizeof *n);
    n[pos] = *c;
    t->ncolumns++;
    memset(c, 0, sizeof *c);
    return true;
}

/* One column definition in CREATE TABLE (or ALTER TABLE ADD): name, type, attributes, and the
 * index a column-level PRIMARY KEY or UNIQUE asks for. */
static bool column_element(struct ddl *p, struct schema_table *t, long at)
{
    size_t tok = p->i;
    struct schema_column c = {.loc = ddl_loc(p, tok)};
    bool primary = false, unique = false;
    if (!(c.name = ddl_name(p, "a column or index definition")) ||
        !ddl_column_def(p, t, &c, &primary, &unique)) {
        schema_column_clear(&c);
        return false;
    }
    char *name = schema_strdup(c.name);
    bool ok = name && ddl_add_column(p, t, &c, at);
    if (ok && (primary || unique))
        ok = ddl_column_key(p, t, name, primary, ddl_loc(p, tok));
    free(name);
    return ok;
}

static bool create_elements(struct ddl *p, struct schema_table *t)
{
    for (;;) {
        bool handled;
        if (!ddl_table_element(p, t, &handled, false))
            return false;
        if (!handled && !column_element(p, t, -1))
            return false;
        if (ddl_accept_op(p, ")"))
            return true;
        if (!ddl_expect_op(p, ","))
            return false;
    }
}

/* Options, then PARTITION BY … (kept as a fact) and … SELECT (the columns it adds are unknown). */
static bool create_tail(struct ddl *p, struct schema_table *t)
{
    for (;;) {
        bool handled;
        ddl_accept_op(p, ",");
        if (ddl_at_end(p))
            return true;
        if (ddl_is(p, "PARTITION") || ddl_is(p, "IGNORE") || ddl_is(p, "REPLACE") ||
            ddl_is(p, "AS") || ddl_is(p, "SELECT") || ddl_is_op(p, "(") ||
            (ddl_is(p, "WITH") && !ddl_is_at(p, 1, "SYSTEM")) ||
            ddl_is(p, "TABLE") || ddl_is(p, "VALUES"))
            break;
        if (!ddl_table_option(p, t, &handled))
            return false;
        if (!handled)
            return ddl_expected(p, "a table option");
    }
    if (ddl_accept(p, "PARTITION")) {
        t->partitioned = true;
        return true; /* partitions are not modelled; a SELECT after them is rare */
    }
    t->incomplete = true;
    return true;
}

/* CREATE TABLE t LIKE src: a copy of src under t's name (NULL and a diagnostic when src is
 * unknown). */
static struct schema_table *create_like(struct ddl *p, const struct schema_table *t, bool paren)
{
    char *db, *name;
    if (!ddl_qualified(p, &db, &name, "a table name"))
        return NULL;
    long pos = -1;
    struct schema_table *src = ddl_table(p, db, name, &pos);
    free(db);
    free(name);
    if (!src || (paren && !ddl_expect_op(p, ")")))
        return NULL;
    struct schema_table *c = schema_table_clone(src);
    if (!c || !schema_set_str(&c->db, t->db) || !schema_set_str(&c->name, t->name)) {
        schema_table_free(c);
        ddl_nomem(p);
        return NULL;
    }
    /* LIKE copies columns, indexes and options, not foreign keys; their indexes stay. */
    for (size_t i = 0; i < c->nfks; i++)
        schema_fk_clear(&c->fks[i]);
    c->nfks = 0;
    for (size_t i = 0; i < c->nindexes; i++)
        c->indexes[i].implicit = false;
    c->temporary = t->temporary;
    c->loc = t->loc;
    c->stats = (struct schema_table_stats){0};
    c->auto_increment = 0; /* the copy starts counting afresh */
    return c;
}

/* The body after the name: `(elements) options`, LIKE, or … SELECT. Returns the table to keep
 * (t itself, or a copy for LIKE), NULL after a diagnostic. */
static struct schema_table *create_body(struct ddl *p, struct schema_table *t)
{
    if (ddl_accept(p, "LIKE"))
        return create_like(p, t, false);
    if (ddl_is_op(p, "(") && ddl_is_at(p, 1, "LIKE")) {
        p->i += 2;
        return create_like(p, t, true);
    }
    if (ddl_is_op(p, "(") && !ddl_is_at(p, 1, "SELECT") && !ddl_is_at(p, 1, "WITH")) {
        ddl_next(p);
        if (!create_elements(p, t))
            return NULL;
    }
    return create_tail(p, t) ? t : NULL;
}

static bool create_if_not_exists(struct ddl *p)
{
    if (!ddl_accept(p, "IF"))
        return false;
    return ddl_expect(p, "NOT") && ddl_expect(p, "EXISTS");
}

/* Puts t in the schema in place of the table at `old` (-1: appended). */
static bool install_table(struct ddl *p, struct schema_table *t, long old)
{
    if (old < 0)
        return schema_add_table(p->s, t) || ddl_nomem(p);
    schema_table_free(p->s->tables[old]);
    p->s->tables[old] = t;
    return true;
}

bool ddl_create_table(struct ddl *p, bool temporary, bool or_replace)
{
    size_t tok = p->i;
    bool ine = create_if_not_exists(p);
    if (p->failed)
        return false;
    struct schema_table *t = calloc(1, sizeof *t);
    if (!t)
        return ddl_nomem(p);
    t->temporary = temporary;
    t->loc = ddl_loc(p, tok > 0 ? tok - 1 : 0);
    if (!ddl_qualified(p, &t->db, &t->name, "a table name"))
        goto fail;
    if (!t->db && p->s->current_db && !(t->db = schema_strdup(p->s->current_db)))
        goto nomem;
    ddl_set_ctx(p, "CREATE TABLE", t->db, t->name);
    long old = schema_table_pos(p->s, t->db, t->name);
    if (old >= 0 && ine && !or_replace) {
        schema_table_free(t); /* the server keeps the table and gives a note */
        return true;
    }
    struct schema_table *made = create_body(p, t);
    if (made != t)
        schema_table_free(t);
    if (!made)
        return false;
    if (!ddl_at_end(p) && !made->partitioned && !made->incomplete) {
        ddl_expected(p, "the end of the statement");
        schema_table_free(made);
        return false;
    }
    if (old >= 0 && !or_replace) {
        ddl_fail(p, "table already exists; the statement is skipped");
        schema_table_free(made);
        return false;
    }
    if (!ddl_finish_table(p, made, made->loc)) {
        schema_table_free(made);
        return false;
    }
    return install_table(p, made, old);
nomem:
    ddl_nomem(p);
fail:
    schema_table_free(t);
    return false;
}
