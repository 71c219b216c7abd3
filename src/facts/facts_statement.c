/* Statement facts (facts.h): the `statement` root (the text and where it came from, with its
 * fingerprint and Query ID) and the `query` root (the statement analysis), plus the `server` root
 * every tree may carry. */
#include <string.h>

#include "facts/facts.h"

void facts_ctx_init(struct facts_ctx *x, const struct sql_analyze_opts *ao)
{
    memset(x, 0, sizeof *x);
    x->ao = ao ? *ao : sql_analyze_opts_default();
    arena_init(&x->arena);
    arena_init(&x->scratch);
}

void facts_ctx_free(struct facts_ctx *x)
{
    arena_free(&x->arena);
    arena_free(&x->scratch);
    fp_state_free(&x->fp);
}

static bool add_str_or_null(const struct jtree *j, cJSON *o, const char *k, const char *v)
{
    return v ? jt_add_string(j, o, k, v) : jt_add_null(j, o, k);
}


/* The `statement` root, added to tree. */
static bool add_statement_root(struct facts_ctx *x, const struct jtree *j, cJSON *tree,
                               const struct facts_stmt *st, uint64_t line)
{
    const char *fp = st->fingerprint;
    if (!fp) {
        if (fp_fingerprint(&x->fp, sv_make(st->text, st->len), 0) < 0)
            return false;
        fp = x->fp.out.p ? x->fp.out.p : "";
    }
    char qid[33];
    if (st->fingerprint && st->query_id) { /* a digest class has it already */
        size_t n = strnlen(st->query_id, sizeof qid - 1);
        memcpy(qid, st->query_id, n);
        qid[n] = '\0';
    } else {
        fp_query_id(sv_cstr(fp), qid);
    }
    cJSON *o = jt_add_object(j, tree, "statement");
    return o && jt_add(j, o, "text", jt_string_n(j, st->text, st->len)) &&
           jt_add_string(j, o, "fingerprint", fp) && jt_add_string(j, o, "query_id", qid) &&
           add_str_or_null(j, o, "db", st->db && st->db[0] ? st->db : NULL) &&
           add_str_or_null(j, o, "file", st->file) &&
           (line ? jt_add_number(j, o, "line", (double)line) : jt_add_null(j, o, "line"));
}

int facts_add_statement(struct facts_ctx *x, cJSON *tree, const struct facts_stmt *st,
                        const struct sql_analysis **an_out)
{
    struct jtree j = jtree_malloc();
    return facts_jt_add_statement(x, &j, tree, st, an_out, SQLJ_ALL);
}

int facts_jt_add_statement(struct facts_ctx *x, const struct jtree *j, cJSON *tree,
                           const struct facts_stmt *st, const struct sql_analysis **an_out,
                           unsigned parts)
{
    struct sql_analysis *an;
    struct sql_analyze_opts ao = x->ao;
    if (st->db && st->db[0])
        ao.default_db = st->db;
    /* One statement's facts at a time: the arena does not grow with the input. */
    arena_reset(&x->arena);
    if (!sql_analyze(st->text, st->len, &ao, &x->arena, &an))
        return -1;
    /* st->line is where the text starts; the facts give the line of its first keyword. */
    uint64_t line = st->line ? st->line + (an->first_line ? an->first_line - 1 : 0) : 0;
    cJSON *q = NULL;
    /* On failure what was added stays in tree, which its caller frees. */
    if (!add_statement_root(x, j, tree, st, line) ||
        !(q = sql_analysis_to_jtree(j, an, st->ordinal ? st->ordinal : 1, (unsigned)line, parts)) ||
        !jt_add(j, tree, "query", q))
        return -1;
    if (an_out)
        *an_out = an;
    return 0;
}

cJSON *facts_server_json(const struct sql_target *t)
{
    char name[64];
    sql_target_format(t, name, sizeof name);
    cJSON *o = cJSON_CreateObject();
    bool ok = o && cJSON_AddStringToObject(o, "target", name) &&
              cJSON_AddStringToObject(o, "flavor", t->flavor == SQL_MARIADB ? "mariadb" : "mysql") &&
              cJSON_AddNumberToObject(o, "version", (double)t->version) &&
              cJSON_AddBoolToObject(o, "guessed", t->guessed);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

cJSON *facts_statement_tree(struct facts_ctx *x, const struct facts_stmt *st,
                            const struct sql_analysis **an)
{
    cJSON *tree = cJSON_CreateObject();
    cJSON *server = tree ? facts_server_json(&x->ao.target) : NULL;
    if (!server || facts_add_statement(x, tree, st, an) < 0) {
        cJSON_Delete(server);
        cJSON_Delete(tree);
        return NULL;
    }
    cJSON_AddItemToObject(tree, "server", server);
    return tree;
}
