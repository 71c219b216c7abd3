/* Column definitions: the data type (synonyms resolved to the name the server shows, default
 * display widths and lengths filled in as the target does) and the attributes after it (NULL,
 * DEFAULT, ON UPDATE, AUTO_INCREMENT, generated columns, charset and collation, COMMENT, …). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "schema/schema_int.h"
#include "util/buf.h"

struct synonym {
    const char *word, *type;
    int length; /* a length the synonym implies (BOOL = tinyint(1)), else -1 */
};

static const struct synonym synonyms[] = {
    {"integer", "int", -1},     {"int1", "tinyint", -1},  {"int2", "smallint", -1},
    {"int3", "mediumint", -1},  {"middleint", "mediumint", -1}, {"int4", "int", -1},
    {"int8", "bigint", -1},     {"bool", "tinyint", 1},   {"boolean", "tinyint", 1},
    {"dec", "decimal", -1},     {"numeric", "decimal", -1}, {"fixed", "decimal", -1},
    {"real", "double", -1},     {"float4", "float", -1},  {"float8", "double", -1},
    {"character", "char", -1},  {"nchar", "char", -1},    {"nvarchar", "varchar", -1},
    {"serial", "bigint", -1},
};

/* Types slowdex knows without a class of their own (MariaDB's plugin types and the like). */
static const char *const other_types[] = {"inet4", "inet6", "uuid", "vector", "xmltype"};

static bool known_type(const char *t)
{
    if (schema_type_class_of(t) != SCHEMA_TYPE_OTHER)
        return true;
    for (size_t i = 0; i < sizeof other_types / sizeof other_types[0]; i++)
        if (strcmp(other_types[i], t) == 0)
            return true;
    return false;
}

char *ddl_charset_name(struct ddl *p)
{
    ddl_accept_op(p, "=");
    const struct sql_token *t = ddl_tok(p);
    if (t->kind != SQL_TOK_WORD && t->kind != SQL_TOK_QIDENT && t->kind != SQL_TOK_STRING) {
        ddl_expected(p, "a character set or collation name");
        return NULL;
    }
    char *v = t->kind == SQL_TOK_STRING ? ddl_string(p, "a name") : ddl_lower(t);
    if (!v)
        return ddl_nomem(p), NULL;
    if (t->kind != SQL_TOK_STRING)
        ddl_next(p);
    for (char *c = v; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c + 32);
    if (strncmp(v, "utf8", 4) == 0 && (v[4] == '\0' || v[4] == '_')) {
        char *n = malloc(strlen(v) + 4);
        if (!n) {
            free(v);
            return ddl_nomem(p), NULL;
        }
        sprintf(n, "utf8mb3%s", v + 4);
        free(v);
        v = n;
    }
    return v;
}

/* The first word(s) of a type: synonyms and two-word spellings become the server's name. */
static char *type_name(struct ddl *p, struct schema_column *c, bool *national, bool *serial)
{
    if (ddl_peek(p, 0)->kind != SQL_TOK_WORD) {
        ddl_expected(p, "a data type");
        return NULL;
    }
    if (ddl_accept(p, "NATIONAL"))
        *national = true;
    if (ddl_accept(p, "LONG")) {
        if (ddl_accept(p, "VARBINARY"))
            return schema_strdup("mediumblob");
        if (!ddl_accept(p, "VARCHAR"))
            ddl_accept2(p, "CHAR", "VARYING");
        return schema_strdup("mediumtext");
    }
    if (ddl_accept2(p, "DOUBLE", "PRECISION"))
        return schema_strdup("double");
    if (ddl_accept2(p, "NCHAR", "VARCHAR") || ddl_accept2(p, "NCHAR", "VARYING")) {
        *national = true;
        return schema_strdup("varchar");
    }
    if (ddl_accept2(p, "CHARACTER", "VARYING") || ddl_accept2(p, "CHAR", "VARYING"))
        return schema_strdup("varchar");
    char *w = ddl_lower(ddl_tok(p));
    if (!w)
        return NULL;
    ddl_next(p);
    for (size_t i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++) {
        if (strcmp(w, synonyms[i].word) != 0)
            continue;
        *national = *national || w[0] == 'n';
        *serial = strcmp(w, "serial") == 0;
        c->length = synonyms[i].length;
        free(w);
        return schema_strdup(synonyms[i].type);
    }
    return w;
}

/* `(N)`, `(M,D)` or an ENUM/SET value list; appended to the type text as the server writes it. */
static bool type_args(struct ddl *p, struct schema_column *c, struct buf *text)
{
    if (!ddl_accept_op(p, "("))
        return true;
    bool list = c->type_class == SCHEMA_TYPE_ENUM;
    buf_append_char(text, '(');
    for (int k = 0;; k++) {
        const struct sql_token *t = ddl_tok(p);
        if (t->kind != (list ? SQL_TOK_STRING : SQL_TOK_NUMBER))
            return ddl_expected(p, list ? "a quoted value" : "a number");
        if (k)
            buf_append_char(text, ',');
        buf_append(text, t->p, t->len);
        uint64_t v = list ? 0 : sv_leading_u64(sv_make(t->p, t->len));
        if (!list && k == 0)
            c->length = v > INT64_MAX ? INT64_MAX : (int64_t)v;
        else if (!list && k == 1)
            c->scale = v > INT32_MAX ? INT32_MAX : (int)v;
        ddl_next(p);
        if (ddl_accept_op(p, ")"))
            break;
        if (!ddl_expect_op(p, ","))
            return false;
    }
    buf_append_char(text, ')');
    return true;
}

/* The display widths and lengths the server fills in when none is written. */
static void default_length(const struct sql_target *tg, struct schema_column *c)
{
    static const char *const ints[] = {"tinyint", "smallint", "mediumint", "int", "bigint"};
    static const int signed_w[] = {4, 6, 9, 11, 20}, unsigned_w[] = {3, 5, 8, 10, 20};
    bool old_widths = tg->flavor == SQL_MARIADB || schema_target_version(tg) < 80019;
    if (c->type_class == SCHEMA_TYPE_INTEGER) {
        if (!old_widths && !c->zerofill && !(c->length == 1 && strcmp(c->type, "tinyint") == 0))
            c->length = -1; /* MySQL 8.0.19 dropped integer display widths */
        for (size_t i = 0; old_widths && c->length < 0 && i < 5; i++)
            if (strcmp(c->type, ints[i]) == 0)
                c->length = c->is_unsigned ? unsigned_w[i] : signed_w[i];
    } else if (strcmp(c->type, "decimal") == 0 && c->length < 0) {
        c->length = 10;
        c->scale = 0;
    } else if ((strcmp(c->type, "char") == 0 || strcmp(c->type, "binary") == 0 ||
                strcmp(c->type, "bit") == 0) && c->length < 0) {
        c->length = 1;
    } else if (strcmp(c->type, "year") == 0 && c->length < 0 && old_widths && tg->version < 80000) {
        c->length = 4;
    }
}

/* Writes type_text from the parts: "int(10) unsigned", "decimal(10,2)", "datetime(6)". */
static bool build_type_text(struct schema_column *c, const struct buf *args)
{
    struct buf b = {0};
    buf_append_cstr(&b, c->type);
    if (c->type_class == SCHEMA_TYPE_ENUM || c->type_class == SCHEMA_TYPE_OTHER)
        buf_append_sv(&b, buf_sv(args));
    else if (c->type_class == SCHEMA_TYPE_TEMPORAL && c->scale >= 0 && strcmp(c->type, "year"))
        buf_printf(&b, "(%d)", c->scale);
    else if (c->length >= 0 && c->scale >= 0)
        buf_printf(&b, "(%lld,%d)", (long long)c->length, c->scale);
    else if (c->length >= 0)
        buf_printf(&b, "(%lld)", (long long)c->length);
    if (c->is_unsigned)
        buf_append_cstr(&b, " unsigned");
    if (c->zerofill)
        buf_append_cstr(&b, " zerofill");
    if (!b.p)
        return false;
    c->type_text = b.p;
    return true;
}

/* Temporal types take (N) as fractional seconds, not a length. */
static void temporal_args(struct schema_column *c)
{
    if (c->type_class == SCHEMA_TYPE_TEMPORAL && strcmp(c->type, "year") != 0 && c->length >= 0) {
        c->scale = (int)c->length;
        c->length = -1;
    }
}

static bool parse_type(struct ddl *p, struct schema_column *c, bool *serial)
{
    bool national = false;
    size_t at = p->i;
    c->length = -1;
    c->scale = -1;
    if (!(c->type = type_name(p, c, &national, serial)))
        return p->failed ? false : ddl_nomem(p);
    if (!known_type(c->type)) {
        p->i = at;
        return ddl_fail(p, "unknown data type `%s`", c->type);
    }
    c->type_class = schema_type_class_of(c->type);
    struct buf args = {0};
    bool ok = type_args(p, c, &args);
    while (ok) {
        if (ddl_accept(p, "UNSIGNED"))
            c->is_unsigned = true;
        else if (ddl_accept(p, "ZEROFILL"))
            c->is_unsigned = c->zerofill = true;
        else if (!ddl_accept(p, "SIGNED"))
            break;
    }
    if (*serial)
        c->is_unsigned = c->auto_increment = true;
    if (ok && national && !(c->charset = schema_strdup("utf8mb3")))
        ok = ddl_nomem(p);
    temporal_args(c);
    default_length(&p->s->target, c);
    if (ok && !build_type_text(c, &args))
        ok = ddl_nomem(p);
    buf_free(&args);
    if (*serial)
        c->nullable = false;
    return ok;
}

/* CURRENT_TIMESTAMP and its synonyms, written as the target's SHOW CREATE TABLE writes them. */
static char *timestamp_expr(struct ddl *p, const struct sql_token *w)
{
    static const char *const names[] = {"CURRENT_TIMESTAMP", "NOW", "LOCALTIME",
                                        "LOCALTIMESTAMP"};
    bool hit = false;
    for (size_t i = 0; i < 4; i++)
        hit = hit || sql_tok_is(w, names[i]);
    if (!hit)
        return NULL;
    ddl_next(p);
    long prec = -1;
    if (ddl_accept_op(p, "(")) {
        if (ddl_tok(p)->kind == SQL_TOK_NUMBER) {
            uint64_t v = sv_leading_u64(sv_make(ddl_tok(p)->p, ddl_tok(p)->len));
            prec = v > INT32_MAX ? INT32_MAX : (long)v;
            ddl_next(p);
        }
        if (!ddl_expect_op(p, ")"))
            return NULL;
    }
    char out[40];
    bool maria = p->s->target.flavor == SQL_MARIADB;
    if (prec > 0)
        snprintf(out, sizeof out, maria ? "current_timestamp(%ld)" : "CURRENT_TIMESTAMP(%ld)",
                 prec);
    else
        snprintf(out, sizeof out, "%s", maria ? "current_timestamp()" : "CURRENT_TIMESTAMP");
    return schema_strdup(out);
}

/* One default value: a literal (kept without its quotes) or an expression (as written). */
static bool parse_default(struct ddl *p, char **out, bool *is_expr)
{
    const struct sql_token *t = ddl_tok(p);
    size_t from = p->i;
    free(*out);
    *out = NULL;
    *is_expr = false;
    if (t->kind == SQL_TOK_STRING && t->p[0] != 'x' && t->p[0] != 'X' && t->p[0] != 'b' &&
        t->p[0] != 'B')
        return (*out = ddl_string(p, "a default value")) != NULL;
    if (t->kind == SQL_TOK_STRING || t->kind == SQL_TOK_NUMBER) {
        ddl_next(p);
    } else if ((sql_tok_op(t, "-") || sql_tok_op(t, "+")) &&
               ddl_peek(p, 1)->kind == SQL_TOK_NUMBER) {
        p->i += 2;
    } else if (sql_tok_is(t, "TRUE") || sql_tok_is(t, "FALSE")) {
        ddl_next(p);
        return (*out = schema_strdup(sql_tok_is(t, "TRUE") ? "1" : "0")) || ddl_nomem(p);
    } else if (sql_tok_op(t, "(")) {
        *is_expr = true;
        if (!ddl_skip_parens(p))
            return false;
    } else if (t->kind == SQL_TOK_WORD) {
        *is_expr = true;
        if ((*out = timestamp_expr(p, t)))
            return true;
        if (p->failed)
            return false;
        ddl_next(p);
        if (ddl_is_op(p, "(") && !ddl_skip_parens(p))
            return false;
    } else {
        return ddl_expected(p, "a default value");
    }
    return (*out = ddl_text_from(p, from)) != NULL;
}

bool ddl_column_default(struct ddl *p, struct schema_column *c)
{
    return parse_default(p, &c->default_value, &c->default_is_expr);
}

/* GENERATED ALWAYS AS (expr) [VIRTUAL|STORED|PERSISTENT], or MariaDB's ROW START/END. */
static bool parse_generated(struct ddl *p, struct schema_column *c)
{
    if (ddl_accept(p, "ROW")) {
        if (!ddl_accept(p, "START") && !ddl_expect(p, "END"))
            return false;
        return true;
    }
    if (!ddl_is_op(p, "("))
        return ddl_expected(p, "`(` and the expression of a generated column");
    size_t from = p->i + 1;
    if (!ddl_skip_parens(p))
        return false;
    p->i--; /* the text inside the parentheses */
    free(c->generation_expr);
    c->generation_expr = ddl_text_from(p, from);
    p->i++;
    c->generated = SCHEMA_GEN_VIRTUAL;
    return c->generation_expr != NULL;
}

bool ddl_skip_check(struct ddl *p)
{
    if (!ddl_is_op(p, "("))
        return ddl_expected(p, "`(` after CHECK");
    if (!ddl_skip_parens(p))
        return false;
    if (!ddl_accept(p, "ENFORCED"))
        ddl_accept2(p, "NOT", "ENFORCED");
    return true;
}

/* REFERENCES in a column definition: accepted and, as MySQL does, not a foreign key. */
static bool skip_references(struct ddl *p)
{
    char *db, *name;
    if (!ddl_qualified(p, &db, &name, "a table name"))
        return false;
    free(db);
    free(name);
    if (ddl_is_op(p, "(") && !ddl_skip_parens(p))
        return false;
    for (;;) {
        if (ddl_accept(p, "MATCH")) {
            ddl_next(p);
        } else if (ddl_accept(p, "ON")) {
            ddl_next(p);
            if (ddl_accept(p, "SET") || ddl_accept(p, "NO"))
                ddl_next(p);
            else
                ddl_next(p);
        } else {
            return true;
        }
    }
}

static bool str_attr(struct ddl *p, char **dst)
{
    ddl_accept_op(p, "=");
    char *v = ddl_string(p, "a quoted string");
    if (!v)
        return false;
    free(*dst);
    *dst = v;
    return true;
}

/* Attributes that only need skipping: storage details the model does not keep. */
static bool skip_attr(struct ddl *p, bool *handled)
{
    *handled = true;
    if (ddl_accept(p, "COLUMN_FORMAT") || ddl_accept(p, "STORAGE") || ddl_accept(p, "SRID"))
        return ddl_skip_value(p);
    if (ddl_accept(p, "ENGINE_ATTRIBUTE") || ddl_accept(p, "SECONDARY_ENGINE_ATTRIBUTE")) {
        ddl_accept_op(p, "=");
        return ddl_skip_value(p);
    }
    if (ddl_accept(p, "COMPRESSED")) {
        if (ddl_accept_op(p, "="))
            return ddl_skip_value(p);
        return true;
    }
    if (ddl_accept2(p, "NOT", "SECONDARY") || ddl_accept(p, "ASCII") || ddl_accept(p, "UNICODE") ||
        ddl_accept(p, "BYTE"))
        return true;
    if (ddl_accept2(p, "WITH", "SYSTEM") || ddl_accept2(p, "WITHOUT", "SYSTEM"))
        return ddl_expect(p, "VERSIONING");
    if (ddl_accept(p, "CHECK"))
        return ddl_skip_check(p);
    if (ddl_accept(p, "CONSTRAINT")) {
        if (!ddl_is(p, "CHECK") && !ddl_is_name(p))
            return ddl_expected(p, "a constraint name or CHECK");
        if (!ddl_is(p, "CHECK"))
            ddl_next(p);
        return ddl_expect(p, "CHECK") && ddl_skip_check(p);
    }
    if (ddl_accept(p, "REFERENCES"))
        return skip_references(p);
    *handled = false;
    return true;
}

/* One attribute after the type; *key says whether it asked for a PRIMARY KEY (1) or UNIQUE (2). */
static bool column_attr(struct ddl *p, struct schema_column *c, int *key)
{
    bool handled;
    if (ddl_accept2(p, "NOT", "NULL")) {
        c->nullable = false;
    } else if (ddl_accept(p, "NULL")) {
        c->nullable = true;
    } else if (ddl_accept(p, "DEFAULT")) {
        return parse_default(p, &c->default_value, &c->default_is_expr);
    } else if (ddl_accept2(p, "ON", "UPDATE")) {
        bool e;
        return parse_default(p, &c->on_update, &e);
    } else if (ddl_accept(p, "AUTO_INCREMENT")) {
        c->auto_increment = true;
    } else if (ddl_accept(p, "UNIQUE")) {
        ddl_accept(p, "KEY");
        *key = *key ? *key : 2;
    } else if (ddl_accept2(p, "PRIMARY", "KEY") || ddl_accept(p, "KEY")) {
        *key = 1;
    } else if (ddl_accept(p, "COMMENT")) {
        return str_attr(p, &c->comment);
    } else if (ddl_accept(p, "COLLATE")) {
        free(c->collation);
        return (c->collation = ddl_charset_name(p)) != NULL;
    } else if (ddl_accept2(p, "CHARACTER", "SET") || ddl_accept(p, "CHARSET")) {
        free(c->charset);
        return (c->charset = ddl_charset_name(p)) != NULL;
    } else if (ddl_accept(p, "BINARY")) {
        return schema_set_str(&c->collation, "_bin") || ddl_nomem(p); /* settled with the charset */
    } else if (ddl_accept(p, "GENERATED")) {
        return ddl_expect(p, "ALWAYS") && ddl_expect(p, "AS") && parse_generated(p, c);
    } else if (ddl_accept(p, "AS")) {
        return parse_generated(p, c);
    } else if (ddl_accept(p, "VIRTUAL")) {
        c->generated = SCHEMA_GEN_VIRTUAL;
    } else if (ddl_accept(p, "STORED") || ddl_accept(p, "PERSISTENT")) {
        c->generated = SCHEMA_GEN_STORED;
    } else if (ddl_accept(p, "INVISIBLE")) {
        c->invisible = true;
    } else if (ddl_accept(p, "VISIBLE")) {
        c->invisible = false;
    } else if (!skip_attr(p, &handled)) {
        return false;
    } else if (!handled) {
        return ddl_expected(p, "a column attribute");
    }
    return true;
}

bool ddl_column_def(struct ddl *p, struct schema_table *t, struct schema_column *c,
                    bool *primary, bool *unique)
{
    bool serial = false;
    int key = 0;
    (void)t;
    c->nullable = true;
    if (!parse_type(p, c, &serial))
        return false;
    while (!ddl_at_end(p) && !ddl_is_op(p, ",") && !ddl_is_op(p, ")") && !ddl_is(p, "FIRST") &&
           !ddl_is(p, "AFTER"))
        if (!column_attr(p, c, &key))
            return false;
    if (c->generated != SCHEMA_GEN_NONE && !c->generation_expr)
        return ddl_fail(p, "column `%s` is VIRTUAL or STORED without an expression", c->name);
    if (!c->default_value && c->type_class == SCHEMA_TYPE_OTHER && c->default_is_expr)
        c->default_is_expr = false;
    *primary = key == 1;
    *unique = key == 2 || serial;
    return true;
}
