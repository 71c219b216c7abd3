/* What the files of src/schema share and nobody else sees: the private part of the model (interned
 * file names), the helpers that build and copy model objects, and the DDL reader's token cursor. */
#ifndef SLOWDEX_SCHEMA_INT_H
#define SLOWDEX_SCHEMA_INT_H
#include <stdarg.h>

#include "schema/schema.h"
#include "sql/lexer.h"
#include "util/buf.h"

struct schema_impl {
    char **files; /* interned file names, freed with the schema */
    size_t nfiles;
    bool target_known; /* given by the user or read from a dump header: do not guess again */
};

/* --- model.c: objects ------------------------------------------------------------------------ */
char *schema_strdup(const char *s);              /* NULL in, NULL out; NULL also when OOM */
char *schema_strndup(const char *s, size_t n);
/* Replaces *dst by a copy of src (NULL allowed); false when out of memory (dst unchanged). */
bool schema_set_str(char **dst, const char *src);
const char *schema_intern_file(struct schema *s, const char *name);
void schema_column_clear(struct schema_column *c);
void schema_index_clear(struct schema_index *ix);
void schema_fk_clear(struct schema_foreign_key *fk);
void schema_table_free(struct schema_table *t);
/* A deep copy; NULL when out of memory. */
struct schema_table *schema_table_clone(const struct schema_table *t);
bool schema_column_copy(struct schema_column *dst, const struct schema_column *src);
bool schema_index_copy(struct schema_index *dst, const struct schema_index *src);
/* Whether two table or database names are the same under lower_case_table_names. */
bool schema_name_eq(const struct schema *s, const char *a, const char *b);
/* Position of the table db.name in s->tables (db NULL: the table with no database), or -1. */
long schema_table_pos(const struct schema *s, const char *db, const char *name);
/* Appends to s->tables (takes ownership; frees t on failure). */
bool schema_add_table(struct schema *s, struct schema_table *t);
void schema_remove_table(struct schema *s, size_t pos);
/* After t was renamed from odb.oname: foreign keys referencing it follow, and its generated
 * constraint names (oname_ibfk_N) become name_ibfk_N, as InnoDB renames them. */
bool schema_table_renamed(struct schema *s, struct schema_table *t, const char *odb,
                          const char *oname);
struct schema_database *schema_find_database(const struct schema *s, const char *name);
/* Remembers a view, trigger, …, replacing one of the same kind and name. */
bool schema_add_object(struct schema *s, enum schema_object_kind kind, const char *db,
                       const char *name, struct schema_loc loc);
/* Forgets one; returns whether there was one. */
bool schema_remove_object(struct schema *s, enum schema_object_kind kind, const char *db,
                          const char *name);
long schema_column_pos(const struct schema_table *t, const char *name);
long schema_index_pos(const struct schema_table *t, const char *name);
long schema_fk_pos(const struct schema_table *t, const char *name);

/* --- table.c: what the server works out for itself -------------------------------------------- */
enum schema_type_class schema_type_class_of(const char *type);
/* Whether the type holds characters (has a character set): char, varchar, text, enum, set. */
bool schema_type_has_charset(const char *type);
/* The target's version for feature checks: a MySQL version given without its patch level
 * (mysql:8.0, the default) means the latest of that series, not 8.0.0, which nobody runs. */
unsigned schema_target_version(const struct sql_target *t);
/* The target's character set for a new database ("utf8mb4" on MySQL 8.0, "latin1" before). */
const char *schema_target_charset(const struct sql_target *t);
/* Fills a table's charset/collation from its database or the target when it declared none, and
 * each character column's from the table when the column declared none. */
bool schema_table_inherit_charsets(struct schema *s, struct schema_table *t);
/* Primary key columns are NOT NULL; a nullable column without a default has DEFAULT NULL. */
bool schema_table_settle_columns(struct schema *s, struct schema_table *t);
/* Gives every FOREIGN KEY without a usable index the index InnoDB would create. */
bool schema_table_add_fk_indexes(struct schema *s, struct schema_table *t, struct schema_loc loc);
/* Puts the indexes in the order SHOW CREATE TABLE lists them. */
void schema_table_sort_indexes(struct schema_table *t);
/* A name for an unnamed index, as the server makes it: the first column, then _2, _3, … */
char *schema_index_auto_name(const struct schema_table *t, const char *base);

/* --- ddl_tok.c: the token cursor over one statement ------------------------------------------- */
struct ddl {
    struct schema *s;
    struct diag *d;
    const char *file;     /* interned */
    struct sql_lexer lx;
    struct sql_token *toks; /* lexed so far (on demand: a huge INSERT is never lexed whole) */
    size_t ntoks, cap;
    size_t i;             /* the current token */
    bool lexed_all;
    uint32_t line0;       /* the statement's first line, minus one */
    const char *stmt;     /* statement text */
    size_t stmt_len;
    bool failed;          /* a diagnostic was recorded for this statement */
    bool oom;
    char ctx[160];        /* "CREATE TABLE `t`": prefixed to the reasons */
};

void ddl_begin(struct ddl *p, const char *text, size_t len, uint32_t line);
void ddl_end(struct ddl *p);
const struct sql_token *ddl_peek(struct ddl *p, size_t k);
static inline const struct sql_token *ddl_tok(struct ddl *p) { return ddl_peek(p, 0); }
void ddl_next(struct ddl *p);
bool ddl_is(struct ddl *p, const char *kw);
bool ddl_is_at(struct ddl *p, size_t k, const char *kw);
bool ddl_accept(struct ddl *p, const char *kw);
bool ddl_accept2(struct ddl *p, const char *kw1, const char *kw2);
bool ddl_is_op(struct ddl *p, const char *op);
bool ddl_accept_op(struct ddl *p, const char *op);
bool ddl_at_end(struct ddl *p);
/* Records `file:line: ctx: reason` at the current token (once per statement); returns false. */
bool ddl_fail(struct ddl *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "expected WHAT, found `tok`" */
bool ddl_expected(struct ddl *p, const char *what);
/* A warning that does not stop the statement (the model keeps what it says). */
void ddl_warn(struct ddl *p, size_t tok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool ddl_expect(struct ddl *p, const char *kw);
bool ddl_expect_op(struct ddl *p, const char *op);
bool ddl_nomem(struct ddl *p);
/* Whether the current token can be a name (a bare word or a quoted identifier). */
bool ddl_is_name(struct ddl *p);
/* The current name, unquoted, as a heap string; advances. NULL (and a diagnostic) otherwise. */
char *ddl_name(struct ddl *p, const char *what);
/* [db.]name */
bool ddl_qualified(struct ddl *p, char **db, char **name, const char *what);
/* A string literal's value as a heap string; advances. */
char *ddl_string(struct ddl *p, const char *what);
/* At `(`: moves past its matching `)`. */
bool ddl_skip_parens(struct ddl *p);
/* After CHECK: skips `(expr)` and MySQL's [NOT] ENFORCED (constraints are read, not kept). */
bool ddl_skip_check(struct ddl *p);
/* Skips one value of an option: a word, number, string, or a parenthesised list. */
bool ddl_skip_value(struct ddl *p);
/* The statement text from token `from` up to (not including) the current token, trimmed. */
char *ddl_text_from(struct ddl *p, size_t from);
/* A word or name in lower case, as a heap string (for types, charsets, engines). */
char *ddl_lower(const struct sql_token *t);
struct schema_loc ddl_loc(struct ddl *p, size_t tok);
void ddl_set_ctx(struct ddl *p, const char *what, const char *db, const char *name);

/* --- ddl_create.c / ddl_column.c -------------------------------------------------------------- */
bool ddl_create_table(struct ddl *p, bool temporary, bool or_replace);
/* A column definition (name already read into c->name); the current token is the type. */
bool ddl_column_def(struct ddl *p, struct schema_table *t, struct schema_column *c,
                    bool *primary, bool *unique);
/* Index definitions, in CREATE TABLE and ALTER TABLE … ADD: the current token starts one
 * (PRIMARY, UNIQUE, KEY, INDEX, FULLTEXT, SPATIAL, CONSTRAINT, FOREIGN, CHECK). *handled is
 * false when it does not. */
bool ddl_table_element(struct ddl *p, struct schema_table *t, bool *handled, bool if_not_exists);
/* Index parts and options after the name: `(parts) options`. */
bool ddl_index_body(struct ddl *p, struct schema_table *t, struct schema_index *ix);
bool ddl_index_options(struct ddl *p, struct schema_index *ix);
bool ddl_add_index(struct ddl *p, struct schema_table *t, struct schema_index *ix);
bool ddl_add_column(struct ddl *p, struct schema_table *t, struct schema_column *c, long at);
/* The value after DEFAULT (also ALTER COLUMN … SET DEFAULT). */
bool ddl_column_default(struct ddl *p, struct schema_column *c);
/* A character set or collation name after CHARACTER SET / COLLATE (optionally `=`): lower case,
 * `utf8` spelled `utf8mb3` as both servers mean it. */
char *ddl_charset_name(struct ddl *p);
/* An index or column-level key on one column (PRIMARY KEY / UNIQUE in a column definition). */
bool ddl_column_key(struct ddl *p, struct schema_table *t, const char *col, bool primary,
                    struct schema_loc loc);
/* One table option (ENGINE=, CHARSET=, …); *handled false when the token starts none. */
bool ddl_table_option(struct ddl *p, struct schema_table *t, bool *handled);
/* The checks the server makes at the end of CREATE/ALTER TABLE, then what it works out itself. */
bool ddl_finish_table(struct ddl *p, struct schema_table *t, struct schema_loc loc);

/* --- ddl_alter.c -------------------------------------------------------------------------------- */
bool ddl_alter_table(struct ddl *p);
bool ddl_create_index(struct ddl *p, bool or_replace);
bool ddl_drop_index(struct ddl *p);
/* The table db.name the statement names (db NULL: the current database), or a diagnostic. */
struct schema_table *ddl_table(struct ddl *p, const char *db, const char *name, long *pos);

#endif
