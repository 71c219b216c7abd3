/* The schema model: the tables, columns, indexes and foreign keys a database has, built from DDL
 * dumps (mysqldump / mariadb-dump --no-data, SHOW CREATE TABLE output) and migrations applied in
 * order, plus optional statistics from information_schema. The statement analyzer resolves columns
 * against it; rules, the index advisor and the CI gate read it. It knows nothing of reports.
 *
 * Strings are owned by the schema (heap copies, NUL-terminated); a NULL string means "not given".
 * Names are kept as written; lookups compare table and database names as lower_case_table_names
 * says and column and index names case-insensitively, as the server does. */
#ifndef SLOWDEX_SCHEMA_H
#define SLOWDEX_SCHEMA_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sql/target.h"
#include "util/diag.h"

struct cJSON;

/* Where an object was last created or changed. */
struct schema_loc {
    const char *file; /* owned by the schema (interned per input file) */
    uint32_t line;
};

/* What a column's type is for comparisons: decides implicit conversions and index usability. */
enum schema_type_class {
    SCHEMA_TYPE_INTEGER,  /* tinyint … bigint, also bool */
    SCHEMA_TYPE_DECIMAL,  /* decimal, numeric */
    SCHEMA_TYPE_FLOAT,    /* float, double, real */
    SCHEMA_TYPE_BIT,
    SCHEMA_TYPE_STRING,   /* char, varchar, text family (has a charset) */
    SCHEMA_TYPE_BINARY,   /* binary, varbinary, blob family */
    SCHEMA_TYPE_TEMPORAL, /* date, time, datetime, timestamp, year */
    SCHEMA_TYPE_ENUM,     /* enum, set */
    SCHEMA_TYPE_JSON,
    SCHEMA_TYPE_SPATIAL,
    SCHEMA_TYPE_OTHER     /* inet6, uuid, and what slowdex does not know */
};

enum schema_generated { SCHEMA_GEN_NONE, SCHEMA_GEN_VIRTUAL, SCHEMA_GEN_STORED };

struct schema_column {
    char *name;
    char *type;         /* base type, lower case: "varchar", "int", "decimal" */
    char *type_text;    /* full type as written, lower case: "varchar(255)", "enum('a','b')" */
    enum schema_type_class type_class;
    int64_t length;     /* (N) of char/varchar/int display width/decimal precision; -1 none */
    int scale;          /* decimal scale, fractional seconds; -1 none */
    bool is_unsigned;
    bool zerofill;
    char *charset;      /* as declared on the column, else inherited from the table; NULL n/a */
    char *collation;    /* likewise */
    bool nullable;
    char *default_value; /* as written (a literal without quotes, or an expression); NULL none */
    bool default_is_expr; /* CURRENT_TIMESTAMP, (expr), NULL */
    char *on_update;    /* ON UPDATE expression, or NULL */
    enum schema_generated generated;
    char *generation_expr; /* the expression of a generated column, as written */
    bool auto_increment;
    bool invisible;     /* MySQL 8.0.23 / MariaDB 10.3 INVISIBLE column */
    char *comment;
    struct schema_loc loc;
};

enum schema_index_kind {
    SCHEMA_INDEX_PRIMARY,
    SCHEMA_INDEX_UNIQUE,
    SCHEMA_INDEX_KEY,
    SCHEMA_INDEX_FULLTEXT,
    SCHEMA_INDEX_SPATIAL
};

enum schema_index_using { SCHEMA_USING_DEFAULT, SCHEMA_USING_BTREE, SCHEMA_USING_HASH };

struct schema_index_part {
    char *column;        /* NULL for a functional key part */
    char *expr;          /* functional key part's expression as written, else NULL */
    int64_t prefix;      /* prefix length in characters, 0 = whole column */
    bool desc;
    int64_t cardinality; /* from --stats; -1 unknown */
};

struct schema_index {
    char *name; /* "PRIMARY" for the primary key */
    enum schema_index_kind kind;
    enum schema_index_using using;
    struct schema_index_part *parts;
    size_t nparts;
    bool invisible; /* MySQL INVISIBLE or MariaDB IGNORED: the optimizer does not use it */
    bool implicit;  /* not declared: InnoDB created it for a FOREIGN KEY that had no usable index */
    char *comment;
    struct schema_loc loc;
};

struct schema_foreign_key {
    char *name; /* constraint name; NULL if unnamed */
    char **columns;
    size_t ncolumns;
    char *ref_db; /* NULL = the table's own database */
    char *ref_table;
    char **ref_columns;
    size_t nref_columns;
    char *on_delete; /* "CASCADE", "SET NULL", …; NULL = not given (RESTRICT) */
    char *on_update;
    struct schema_loc loc;
};

struct schema_table_stats {
    bool known;
    uint64_t rows; /* TABLE_ROWS: an estimate for InnoDB */
    uint64_t avg_row_length;
    uint64_t data_length;
    uint64_t index_length;
};

struct schema_table {
    char *db;   /* NULL when the dump never said which database */
    char *name;
    char *engine; /* as written ("InnoDB"); NULL when not given */
    char *row_format;
    char *charset;
    char *collation;
    uint64_t auto_increment; /* table option AUTO_INCREMENT=; 0 none */
    char *comment;
    bool temporary;
    bool partitioned;    /* PARTITION BY …: kept as a fact, partitions not modelled */
    bool system_versioned;
    bool incomplete;     /* CREATE TABLE … SELECT: the columns the SELECT adds are not known */
    struct schema_column *columns;
    size_t ncolumns;
    struct schema_index *indexes; /* in the server's order (as SHOW CREATE TABLE lists them):
                                   * PRIMARY, UNIQUE, then the others as declared, FULLTEXT last */
    size_t nindexes;
    struct schema_foreign_key *fks;
    size_t nfks;
    struct schema_table_stats stats;
    struct schema_loc loc;
};

/* Views, triggers, routines, events, sequences: passed over with a note, but remembered by name so
 * that a query on a view is not reported as a query on an unknown table. */
enum schema_object_kind { SCHEMA_OBJ_VIEW, SCHEMA_OBJ_TRIGGER, SCHEMA_OBJ_ROUTINE,
                          SCHEMA_OBJ_EVENT, SCHEMA_OBJ_SEQUENCE };

struct schema_object {
    enum schema_object_kind kind;
    char *db;
    char *name;
    struct schema_loc loc;
};

/* A database seen in CREATE DATABASE (or ALTER DATABASE): its default character set, which
 * tables created in it inherit. */
struct schema_database {
    char *name;
    char *charset;   /* NULL when not given: the target's default */
    char *collation;
    struct schema_loc loc;
};

struct schema_impl; /* interned file names and the reader's state, private to src/schema */

struct schema {
    struct sql_target target;  /* given, or guessed from a dump header, else MySQL 8.0 */
    int lower_case_table_names; /* 0, 1 or 2 as the server variable; default 0 */
    unsigned sql_modes;        /* SQL_MODE_* for reading DDL */
    char *current_db;          /* the last USE db, else the `Database:` of a dump header; NULL
                                * before either */
    struct schema_table **tables; /* in order of creation; dropped tables are removed */
    size_t ntables;
    struct schema_object *objects;
    size_t nobjects;
    struct schema_database *databases;
    size_t ndatabases;
    struct schema_impl *impl;
};

/* A new empty schema for the target (NULL: guess from the first dump header, else MySQL 8.0).
 * NULL when out of memory. */
struct schema *schema_new(const struct sql_target *target);
void schema_free(struct schema *s);

/* Reads a DDL file (a dump, SHOW CREATE TABLE output, or migrations) and applies its statements
 * in order. Problems are `file:line: reason` diagnostics; the rest of the file is still read.
 * Returns false only when the file cannot be read (or memory runs out): the caller exits 2. */
bool schema_load_file(struct schema *s, const char *path, struct diag *d);
/* The same for text already in memory; `name` is the file name used in locations and diagnostics. */
bool schema_load_text(struct schema *s, const char *name, const char *text, size_t len,
                      struct diag *d);
/* Reads a statistics export (TSV with a header line, or JSON; see docs/schema.md for the query)
 * and attaches rows, lengths and cardinalities to the tables it names. */
bool schema_load_stats(struct schema *s, const char *path, struct diag *d);

/* Table lookup: db NULL means "no qualifier": the schema's tables in `default_db`, else, if the
 * name is unique across databases, that one. NULL when unknown. */
struct schema_table *schema_find_table(const struct schema *s, const char *db, size_t db_len,
                                       const char *name, size_t name_len,
                                       const char *default_db);
struct schema_column *schema_find_column(const struct schema_table *t, const char *name,
                                         size_t len);
struct schema_index *schema_find_index(const struct schema_table *t, const char *name, size_t len);
/* Whether a view/other object of that name exists (for "unknown table" decisions). */
const struct schema_object *schema_find_object(const struct schema *s, const char *db,
                                               const char *name, size_t len);

/* The model as JSON (docs/schema.md); NULL when out of memory. With `locations` false the
 * "loc" members are left out (to compare two models built from different files). */
struct cJSON *schema_to_json(const struct schema *s);
struct cJSON *schema_to_json_opts(const struct schema *s, bool locations);

/* The collation a character set uses by default on the target ("utf8mb4" on MySQL 8.0:
 * "utf8mb4_0900_ai_ci"); NULL for a character set slowdex does not know. */
const char *schema_default_collation(const struct sql_target *t, const char *charset);
/* The character set a collation belongs to, written into buf ("latin1_general_ci": "latin1"). */
void schema_collation_charset(const char *collation, char *buf, size_t size);

#endif
