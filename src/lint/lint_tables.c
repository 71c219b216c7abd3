/* The table pass of `slowdex lint` (lint.h): the table rules over every table whose definition the
 * linted files created or last changed, and the index rules over its indexes those files
 * declared. Tables known only from --schema are context, not linted: pass a dump as a FILE to
 * lint it. Findings sit at the statement that created or changed the table (or index). */
#include <string.h>

#include "lint/lint_int.h"

static const struct lint_file *file_named(const struct lint *l, const char *name)
{
    for (size_t i = 0; name && i < l->nfiles; i++)
        if (strcmp(l->files[i].name, name) == 0)
            return &l->files[i];
    return NULL;
}

static int eval_at(struct lint *l, struct expr_eval *ev, enum rule_subject kind, const cJSON *tree,
                   const struct finding_subject *subj, const struct lint_file *f)
{
    size_t from = l->findings.n;
    if (rule_catalog_eval(l->cat, ev, kind, tree, subj, &l->ao.target, &l->findings) < 0)
        return -1;
    return lint_note_positions(l, from, subj->line, lint_column_at(f, subj->line));
}

static int lint_indexes(struct lint *l, struct lint_pass *ps, const struct schema_table *t,
                        const cJSON *table, const cJSON *server)
{
    for (size_t j = 0; j < t->nindexes; j++) {
        const struct schema_index *ix = &t->indexes[j];
        const struct lint_file *f = file_named(l, ix->loc.file);
        if (!f)
            continue;
        cJSON *tree = cJSON_CreateObject();
        if (!tree || facts_add_index(tree, t, j, table) < 0 ||
            !cJSON_AddItemReferenceToObject(tree, "server", (cJSON *)server) ||
            facts_add_schema(tree, &ps->fs) < 0) {
            cJSON_Delete(tree);
            return -1;
        }
        struct finding_subject subj = {.db = t->db, .table = t->name, .index = ix->name,
                                       .file = f->name, .line = ix->loc.line};
        int rc = eval_at(l, ps->ev, RSUBJ_INDEX, tree, &subj, f);
        cJSON_Delete(tree);
        if (rc < 0)
            return -1;
    }
    return 0;
}

int lint_tables(struct lint *l, struct lint_pass *ps)
{
    int rc = 0;
    for (size_t i = 0; i < l->schema->ntables && rc == 0; i++) {
        const struct schema_table *t = l->schema->tables[i];
        const struct lint_file *f = file_named(l, t->loc.file);
        if (!f)
            continue;
        l->tables++;
        cJSON *tree = facts_table_tree(&ps->fs, i);
        if (!tree) {
            rc = -1;
            break;
        }
        struct finding_subject subj = {.db = t->db, .table = t->name, .file = f->name,
                                       .line = t->loc.line};
        rc = eval_at(l, ps->ev, RSUBJ_TABLE, tree, &subj, f);
        if (rc == 0)
            rc = lint_indexes(l, ps, t, cJSON_GetObjectItemCaseSensitive(tree, "table"),
                              cJSON_GetObjectItemCaseSensitive(tree, "server"));
        cJSON_Delete(tree);
    }
    return rc;
}
