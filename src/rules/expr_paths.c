/* Which facts an expression reads (expr.h, expr_visit_paths): every path that starts from a root,
 * with its leading field names, so that a fact builder can leave out what no rule reads. The
 * answer is conservative: a path is cut at its first [] or [expr] (everything below that prefix
 * counts as read), and `it` paths need nothing of their own, since their elements come from a
 * list path that is itself reported. */
#include "rules/expr_int.h"

/* Deeper field chains are reported cut here: reading more than asked is always safe. */
#define PATH_MAX_FIELDS 8

static void visit_path(const struct expr *e, expr_path_fn fn, void *arg)
{
    const char *fields[PATH_MAX_FIELDS];
    size_t n = 0;
    while (n < e->nsegs && n < PATH_MAX_FIELDS && e->segs[n].kind == SEG_FIELD) {
        fields[n] = e->segs[n].name;
        n++;
    }
    fn(arg, e->root, fields, n);
}

void expr_visit_paths(const struct expr *e, expr_path_fn fn, void *arg)
{
    if (!e)
        return;
    if (e->op == EX_PATH && e->root)
        visit_path(e, fn, arg);
    for (size_t i = 0; i < e->nsegs; i++)
        expr_visit_paths(e->segs[i].index, fn, arg);
    expr_visit_paths(e->a, fn, arg);
    expr_visit_paths(e->b, fn, arg);
}
