/* The DDL reader: splits a file into statements (DELIMITER understood), guesses the target from a
 * dump header, turns mysql-client SHOW CREATE TABLE output into statements, and dispatches each
 * statement. Statements that change no table (SET, INSERT, LOCK TABLES, …) are passed over in
 * silence; views, triggers, routines, events and sequences are remembered by name; anything else
 * unknown or broken is a `file:line: reason` diagnostic and the next statement is read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "schema/schema_int.h"
#include "util/buf.h"

/* First words of statements that change nothing the model holds. */
static const char *const silent[] = {
    "SET", "LOCK", "UNLOCK", "INSERT", "REPLACE", "UPDATE", "DELETE", "TRUNCATE", "SELECT",
    "START", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "FLUSH", "ANALYZE",
    "OPTIMIZE", "CHECK", "CHECKSUM", "REPAIR", "GRANT", "REVOKE", "DO", "CALL", "SHOW",
    "DESCRIBE", "DESC", "EXPLAIN", "PREPARE", "EXECUTE", "DEALLOCATE", "HANDLER", "LOAD",
    "INSTALL", "UNINSTALL", "RESET", "PURGE", "CHANGE", "STOP", "XA", "KILL", "CACHE", "SIGNAL",
    "RESIGNAL", "HELP", "BINLOG", "WITH", "VALUES", "TABLE", "DELIMITER", "BACKUP", "SHUTDOWN",
};

/* CREATE/DROP of things that are not tables or named objects the analyzer looks up. */
static const char *const silent_objects[] = {
    "USER", "ROLE", "SERVER", "TABLESPACE", "LOGFILE", "RESOURCE", "UNDO", "INSTANCE",
    "PACKAGE", "SPATIAL", "EVENT",
};

static bool word_in(struct ddl *p, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ddl_is(p, list[i]))
            return true;
    return false;
}

static bool use_db(struct ddl *p)
{
    char *db = ddl_name(p, "a database name");
    if (!db)
        return false;
    free(p->s->current_db);
    p->s->current_db = db;
    return true;
}

/* CHARACTER SET / COLLATE options of CREATE/ALTER DATABASE. */
static bool database_options(struct ddl *p, struct schema_database *db)
{
    while (!ddl_at_end(p)) {
        ddl_accept(p, "DEFAULT");
        char **dst = NULL;
        if (ddl_accept2(p, "CHARACTER", "SET") || ddl_accept(p, "CHARSET"))
            dst = &db->charset;
        else if (ddl_accept(p, "COLLATE"))
            dst = &db->collation;
        if (dst) {
            char *v = ddl_charset_name(p);
            if (!v)
                return false;
            free(*dst);
            *dst = v;
            if (dst == &db->charset) { /* the charset's default collation, unless COLLATE */
                free(db->collation);
                db->collation = NULL;
            }
            continue;
        }
        if (!ddl_is_name(p))
            return ddl_expected(p, "a database option");
        ddl_next(p); /* COMMENT, ENCRYPTION, READ ONLY: nothing the model keeps */
        ddl_accept_op(p, "=");
        if (!ddl_at_end(p) && !ddl_skip_value(p))
            return false;
    }
    return true;
}

/* Fills in the half of (charset, collation) that was not given. */
static bool settle_database(struct ddl *p, struct schema_database *db)
{
    char buf[80];
    if (db->collation && !db->charset) {
        schema_collation_charset(db->collation, buf, sizeof buf);
        return schema_set_str(&db->charset, buf) || ddl_nomem(p);
    }
    if (db->charset && !db->collation) {
        const char *c = schema_default_collation(&p->s->target, db->charset);
        return !c || schema_set_str(&db->collation, c) || ddl_nomem(p);
    }
    return true;
}

static bool create_database(struct ddl *p, bool or_replace)
{
    size_t tok = p->i;
    bool ine = ddl_accept(p, "IF") && ddl_expect(p, "NOT") && ddl_expect(p, "EXISTS");
    char *name = ddl_name(p, "a database name");
    if (!name)
        return false;
    struct schema_database nd = {.name = name, .loc = ddl_loc(p, tok)};
    if (!database_options(p, &nd) || !settle_database(p, &nd))
        goto drop;
    struct schema_database *old = schema_find_database(p->s, name);
    if (old && (ine || !or_replace))
        goto drop; /* kept as it was (an error without IF NOT EXISTS, but harmless here) */
    if (old) {
        free(old->name);
        free(old->charset);
        free(old->collation);
        *old = nd;
        return true;
    }
    struct schema_database *n = realloc(p->s->databases, (p->s->ndatabases + 1) * sizeof *n);
    if (!n) {
        ddl_nomem(p);
        goto drop;
    }
    p->s->databases = n;
    n[p->s->ndatabases++] = nd;
    return true;
drop:
    free(nd.name);
    free(nd.charset);
    free(nd.collation);
    return !p->failed;
}

static bool alter_database(struct ddl *p)
{
    char *name = NULL;
    if (ddl_is_name(p) && !ddl_is(p, "DEFAULT") && !ddl_is(p, "CHARACTER") &&
        !ddl_is(p, "CHARSET") && !ddl_is(p, "COLLATE") && !(name = ddl_name(p, "a name")))
        return false;
    struct schema_database *db = schema_find_database(p->s, name ? name : p->s->current_db ?
                                                      p->s->current_db : "");
    free(name);
    struct schema_database tmp = {0};
    bool ok = database_options(p, db ? db : &tmp) && (!db || settle_database(p, db));
    free(tmp.charset);
    free(tmp.collation);
    return ok;
}

/* --- views, triggers, routines, events, sequences ------------------------------------------- */

static bool object_kind(struct ddl *p, enum schema_object_kind *kind)
{
    if (ddl_accept(p, "VIEW"))
        *kind = SCHEMA_OBJ_VIEW;
    else if (ddl_accept(p, "TRIGGER"))
        *kind = SCHEMA_OBJ_TRIGGER;
    else if (ddl_accept(p, "PROCEDURE") || ddl_accept(p, "FUNCTION"))
        *kind = SCHEMA_OBJ_ROUTINE;
    else if (ddl_accept(p, "EVENT"))
        *kind = SCHEMA_OBJ_EVENT;
    else if (ddl_accept(p, "SEQUENCE"))
        *kind = SCHEMA_OBJ_SEQUENCE;
    else
        return false;
    return true;
}

/* CREATE [ALGORITHM=…] [DEFINER=…] [SQL SECURITY …] [AGGREGATE] VIEW|TRIGGER|… name: the
 * clauses before the kind are skipped, the name is remembered. */
static bool create_object(struct ddl *p, size_t tok)
{
    enum schema_object_kind kind = SCHEMA_OBJ_VIEW;
    bool found = false;
    for (int k = 0; k < 40 && !(found = object_kind(p, &kind)); k++) {
        if (ddl_at_end(p) || ddl_is(p, "TABLE") || ddl_is(p, "INDEX"))
            break;
        ddl_next(p);
    }
    if (!found)
        return ddl_expected(p, "VIEW, TRIGGER, PROCEDURE, FUNCTION, EVENT or SEQUENCE");
    if (ddl_accept(p, "IF") && !(ddl_expect(p, "NOT") && ddl_expect(p, "EXISTS")))
        return false;
    char *db, *name;
    if (!ddl_qualified(p, &db, &name, "a name"))
        return false;
    const char *d = db ? db : p->s->current_db;
    bool ok = schema_add_object(p->s, kind, d, name, ddl_loc(p, tok)) || ddl_nomem(p);
    free(db);
    free(name);
    return ok;
}

static bool create_stmt(struct ddl *p)
{
    size_t tok = p->i - 1;
    bool or_replace = ddl_accept2(p, "OR", "REPLACE");
    if (ddl_accept(p, "TEMPORARY"))
        return ddl_expect(p, "TABLE") && ddl_create_table(p, true, or_replace);
    if (ddl_accept(p, "TABLE"))
        return ddl_create_table(p, false, or_replace);
    if (ddl_accept(p, "DATABASE") || ddl_accept(p, "SCHEMA"))
        return create_database(p, or_replace);
    if (ddl_is(p, "INDEX") || ddl_is(p, "UNIQUE") || ddl_is(p, "FULLTEXT") ||
        (ddl_is(p, "SPATIAL") && !ddl_is_at(p, 1, "REFERENCE")) ||
        ((ddl_is(p, "ONLINE") || ddl_is(p, "OFFLINE")) && !ddl_is_at(p, 1, "TABLE")))
        return ddl_create_index(p, or_replace);
    if (word_in(p, silent_objects, sizeof silent_objects / sizeof silent_objects[0]) &&
        !ddl_is(p, "EVENT"))
        return true;
    return create_object(p, tok);
}

/* --- DROP and RENAME ------------------------------------------------------------------------- */

static bool drop_tables(struct ddl *p)
{
    bool if_exists = ddl_accept2(p, "IF", "EXISTS");
    do {
        char *db, *name;
        if (!ddl_qualified(p, &db, &name, "a table name"))
            return false;
        const char *d = db ? db : p->s->current_db;
        long pos = schema_table_pos(p->s, d, name);
        if (pos >= 0)
            schema_remove_table(p->s, (size_t)pos);
        else if (!if_exists)
            ddl_warn(p, p->i - 1, "DROP TABLE: unknown table `%s`", name);
        free(db);
        free(name);
    } while (ddl_accept_op(p, ","));
    return true;
}

static bool drop_database(struct ddl *p)
{
    ddl_accept2(p, "IF", "EXISTS");
    char *name = ddl_name(p, "a database name");
    if (!name)
        return false;
    for (size_t i = p->s->ntables; i-- > 0;)
        if (p->s->tables[i]->db && schema_name_eq(p->s, p->s->tables[i]->db, name))
            schema_remove_table(p->s, i);
    for (size_t i = p->s->nobjects; i-- > 0;) {
        struct schema_object *o = &p->s->objects[i];
        if (o->db && schema_name_eq(p->s, o->db, name))
            schema_remove_object(p->s, o->kind, o->db, o->name);
    }
    struct schema_database *db = schema_find_database(p->s, name);
    if (db) {
        free(db->name);
        free(db->charset);
        free(db->collation);
        size_t i = (size_t)(db - p->s->databases);
        memmove(db, db + 1, (p->s->ndatabases - i - 1) * sizeof *db);
        p->s->ndatabases--;
    }
    free(name);
    return true;
}

static bool drop_objects(struct ddl *p, enum schema_object_kind kind)
{
    ddl_accept2(p, "IF", "EXISTS");
    do {
        char *db, *name;
        if (!ddl_qualified(p, &db, &name, "a name"))
            return false;
        schema_remove_object(p->s, kind, db ? db : p->s->current_db, name);
        free(db);
        free(name);
    } while (ddl_accept_op(p, ","));
    return true;
}

static bool drop_stmt(struct ddl *p)
{
    enum schema_object_kind kind;
    ddl_accept(p, "TEMPORARY");
    if (ddl_accept(p, "TABLE") || ddl_accept(p, "TABLES"))
        return drop_tables(p);
    if (ddl_is(p, "INDEX") || ddl_is(p, "ONLINE") || ddl_is(p, "OFFLINE"))
        return ddl_drop_index(p);
    if (ddl_accept(p, "DATABASE") || ddl_accept(p, "SCHEMA"))
        return drop_database(p);
    if (object_kind(p, &kind))
        return drop_objects(p, kind);
    if (word_in(p, silent_objects, sizeof silent_objects / sizeof silent_objects[0]))
        return true;
    return ddl_expected(p, "TABLE, INDEX, DATABASE, VIEW, TRIGGER, PROCEDURE or FUNCTION");
}

/* RENAME TABLE a TO b, c TO d: one pair at a time, as the server does them. */
static bool rename_one(struct ddl *p)
{
    char *db = NULL, *name = NULL, *ndb = NULL, *nname = NULL;
    bool ok = false;
    if (!ddl_qualified(p, &db, &name, "a table name") || !ddl_expect(p, "TO") ||
        !ddl_qualified(p, &ndb, &nname, "a table name"))
        goto out;
    const char *d = db ? db : p->s->current_db, *nd = ndb ? ndb : p->s->current_db;
    long pos = schema_table_pos(p->s, d, name);
    if (pos < 0) {
        const struct schema_object *o = schema_find_object(p->s, d, name, strlen(name));
        if (!(ok = o && o->kind == SCHEMA_OBJ_VIEW &&
                   schema_add_object(p->s, SCHEMA_OBJ_VIEW, nd, nname, ddl_loc(p, p->i - 1)))) {
            ddl_fail(p, "RENAME TABLE: unknown table `%s`", name);
            goto out;
        }
        schema_remove_object(p->s, SCHEMA_OBJ_VIEW, d, name);
        goto out;
    }
    if (schema_table_pos(p->s, nd, nname) >= 0) {
        ddl_fail(p, "RENAME TABLE: table `%s` already exists", nname);
        goto out;
    }
    struct schema_table *t = p->s->tables[pos];
    char *odb = t->db, *oname = t->name;
    t->db = t->name = NULL;
    ok = (schema_set_str(&t->db, nd) && schema_set_str(&t->name, nname) &&
          schema_table_renamed(p->s, t, odb, oname)) || ddl_nomem(p);
    free(odb);
    free(oname);
    t->loc = ddl_loc(p, p->i - 1);
out:
    free(db);
    free(name);
    free(ndb);
    free(nname);
    return ok;
}

static bool rename_stmt(struct ddl *p)
{
    if (!ddl_accept(p, "TABLE") && !ddl_accept(p, "TABLES"))
        return ddl_is(p, "USER") ? true : ddl_expected(p, "TABLE");
    do
        if (!rename_one(p))
            return false;
    while (ddl_accept_op(p, ","));
    return true;
}

/* --- statements ------------------------------------------------------------------------------ */

static bool alter_stmt(struct ddl *p)
{
    ddl_accept(p, "ONLINE");
    ddl_accept(p, "IGNORE");
    if (ddl_accept(p, "TABLE"))
        return ddl_alter_table(p);
    if (ddl_accept(p, "DATABASE") || ddl_accept(p, "SCHEMA"))
        return alter_database(p);
    return true; /* ALTER VIEW/USER/EVENT/PROCEDURE/…: nothing the model holds changes */
}

static void statement(struct ddl *p)
{
    const struct sql_token *t = ddl_tok(p);
    if (t->kind == SQL_TOK_EOF)
        return; /* a version comment the target does not run */
    if (t->kind == SQL_TOK_ERROR) {
        ddl_fail(p, "unterminated quote or comment");
        return;
    }
    if (t->kind == SQL_TOK_WORD && word_in(p, silent, sizeof silent / sizeof silent[0]))
        return;
    if (ddl_accept(p, "CREATE"))
        create_stmt(p);
    else if (ddl_accept(p, "ALTER"))
        alter_stmt(p);
    else if (ddl_accept(p, "DROP"))
        drop_stmt(p);
    else if (ddl_accept(p, "RENAME"))
        rename_stmt(p);
    else if (ddl_accept(p, "USE"))
        use_db(p);
    else
        ddl_fail(p, "not a statement the schema reader knows: `%.*s`", t->len > 40 ? 40 :
                 (int)t->len, t->p);
}

/* --- dump headers -------------------------------------------------------------------------- */

/* A header line's value after `key`, up to the end of the line (or a comma for Distrib). */
static bool header_value(const char *line, size_t n, const char *key, struct sv *out)
{
    const char *k = memmem(line, n, key, strlen(key));
    if (!k)
        return false;
    const char *v = k + strlen(key), *end = line + n;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    const char *e = v;
    while (e < end && *e != ',' && *e != ' ' && *e != '\t' && *e != '\r')
        e++;
    *out = sv_make(v, (size_t)(e - v));
    return e > v;
}

/* `-- Server version	10.11.6-MariaDB-…` wins over the client's `Distrib`; `Database: x` gives
 * the database of a single-database dump that has no USE. */
static void read_header(struct schema *s, const char *text, size_t len)
{
    struct sql_target distrib, server;
    bool have_distrib = false, have_server = false;
    struct sv v, dbname = SV_NULL;
    for (size_t pos = 0, nlines = 0; pos < len && nlines < 30; nlines++) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        const char *line = text + pos;
        pos += n + 1;
        if (n < 3 || memcmp(line, "-- ", 3) != 0)
            continue;
        if (header_value(line, n, "Server version", &v))
            have_server = sql_target_from_version_string(v.p, v.n, &server);
        else if (header_value(line, n, "Distrib ", &v))
            have_distrib = sql_target_from_version_string(v.p, v.n, &distrib);
        else if (header_value(line, n, "MariaDB dump 10.19-", &v))
            have_distrib = sql_target_from_version_string(v.p, v.n, &distrib);
        if (header_value(line, n, "Database: ", &v))
            dbname = v;
    }
    if (!s->impl->target_known && (have_server || have_distrib)) {
        s->target = have_server ? server : distrib;
        s->target.guessed = true;
        s->impl->target_known = true;
    }
    if (!s->current_db && dbname.n)
        s->current_db = schema_strndup(dbname.p, dbname.n); /* NULL when OOM: no default db */
}

/* --- SHOW CREATE TABLE output --------------------------------------------------------------- */

static bool line_starts(const char *line, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(line, prefix, k) == 0;
}

/* Rewrites one line of mysql-client output (--verbose, \G) into SQL on the same line. */
static void show_create_line(struct buf *b, const char *line, size_t n)
{
    size_t i = 0;
    while (i < n && line[i] == ' ')
        i++;
    const char *t = line + i;
    size_t m = n - i;
    if (line_starts(line, n, "*****") || line_starts(line, n, "--------------")) {
        buf_append_char(b, ';');
    } else if (line_starts(t, m, "Create Table: ") || line_starts(t, m, "Create View: ")) {
        buf_append(b, t + 13, m - 13);
    } else if (line_starts(t, m, "Table: ") || line_starts(t, m, "View: ") ||
               line_starts(t, m, "character_set_client: ") ||
               line_starts(t, m, "collation_connection: ") || memmem(line, n, " in set", 7)) {
        /* the row's labels: not SQL */
    } else if (line_starts(line, n, "mysql> ") || line_starts(line, n, "MariaDB [")) {
        const char *gt = memchr(line, '>', n);
        if (gt)
            buf_append(b, gt + 1, n - (size_t)(gt + 1 - line));
    } else {
        buf_append(b, line, n);
    }
    if (n >= 2 && line[n - 2] == '\\' && line[n - 1] == 'G' && b->n >= 2) {
        b->n -= 2; /* `SHOW CREATE TABLE t\G` echoed */
        buf_append_char(b, ';');
    }
}

static bool looks_like_show_create(const char *text, size_t len)
{
    return memmem(text, len, "Create Table: CREATE ", 21) != NULL ||
           memmem(text, len, "Create View: CREATE ", 20) != NULL;
}

/* NULL when out of memory. */
static char *show_create_to_sql(const char *text, size_t len, size_t *out_len)
{
    struct buf b = {0};
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        show_create_line(&b, text + pos, n);
        if (nl)
            buf_append_char(&b, '\n');
        pos += n + 1;
    }
    buf_append_char(&b, ';');
    if (buf_append_char(&b, '\n') < 0) {
        buf_free(&b);
        return NULL;
    }
    *out_len = b.n;
    return b.p;
}

/* --- entry points ---------------------------------------------------------------------------- */

/* The echoed `SHOW CREATE TABLE db.t` says which database the next table is in. */
static void show_create_db(struct ddl *p)
{
    if (!ddl_is(p, "SHOW") || !ddl_is_at(p, 1, "CREATE") || !ddl_is_at(p, 2, "TABLE"))
        return;
    p->i += 3;
    char *db = NULL, *name = NULL;
    if (ddl_qualified(p, &db, &name, "a name") && db) {
        free(p->s->current_db);
        p->s->current_db = db;
        db = NULL;
    }
    free(db);
    free(name);
}

static bool load_statements(struct schema *s, const char *file, const char *text, size_t len,
                            struct diag *d, bool show_create)
{
    struct ddl p = {.s = s, .d = d, .file = file};
    struct sql_splitter sp;
    struct sql_statement st;
    sql_splitter_init(&sp, text, len, s->sql_modes);
    while (!p.oom && sql_splitter_next(&sp, &st)) {
        ddl_begin(&p, st.p, st.len, st.line);
        if (show_create)
            show_create_db(&p);
        p.i = 0;
        statement(&p);
    }
    ddl_end(&p);
    return !p.oom;
}

bool schema_load_text(struct schema *s, const char *name, const char *text, size_t len,
                      struct diag *d)
{
    const char *file = schema_intern_file(s, name);
    if (!file)
        return false;
    read_header(s, text, len);
    if (!looks_like_show_create(text, len))
        return load_statements(s, file, text, len, d, false);
    size_t n;
    char *sql = show_create_to_sql(text, len, &n);
    if (!sql)
        return false;
    bool ok = load_statements(s, file, sql, n, d, true);
    free(sql);
    return ok;
}

bool schema_load_file(struct schema *s, const char *path, struct diag *d)
{
    struct buf b = {0};
    bool ok = diag_read_file(d, path, &b) == 0;
    if (ok)
        ok = schema_load_text(s, path, b.p ? b.p : "", b.n, d);
    buf_free(&b);
    return ok;
}
