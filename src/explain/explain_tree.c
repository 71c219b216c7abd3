/* FORMAT=TREE and EXPLAIN ANALYZE of MySQL 8+: `-> description  (cost=… rows=…) (actual …)` lines
 * nested by indentation (4 spaces from the server, 2 or 3 in pastes), metrics that a paste put on
 * the next line attached to the line before. The iterator tree is walked into table accesses in
 * the traditional join order, with the Extra flags the structure implies (Filter above an access:
 * Using where; Sort: Using filesort; temporary tables; the probe side of a hash join: Using join
 * buffer (hash join), its build side, under `-> Hash`, first). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "explain/explain_int.h"

struct twalk {
    struct ex_ctx *c;
    struct explain_plan *p;
    struct tnode *t;
};

/* Finds the last occurrence of needle in s; -1 when absent. */
static long rfind(struct sv s, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = s.n >= k ? s.n - k + 1 : 0; i-- > 0;)
        if (memcmp(s.p + i, needle, k) == 0)
            return (long)i;
    return -1;
}

/* The number after key= in s ("rows=1.68e+6"); false when absent. */
static bool keyed_num(struct sv s, const char *key, double *out)
{
    long at = rfind(s, key);
    if (at < 0)
        return false;
    size_t i = (size_t)at + strlen(key), e = i;
    while (e < s.n && s.p[e] != ' ' && s.p[e] != ')' && s.p[e] != '.')
        e++;
    /* a decimal point belongs to the number unless it starts ".." (a range) */
    while (e < s.n && s.p[e] == '.' && !(e + 1 < s.n && s.p[e + 1] == '.')) {
        e++;
        while (e < s.n && s.p[e] != ' ' && s.p[e] != ')' && s.p[e] != '.')
            e++;
    }
    return ex_num(sv_make(s.p + i, e - i), out);
}

/* Parses "(actual time=A..B rows=N loops=N)", "(actual rows=N loops=N)", "(never executed)". */
static void parse_actual(struct tnode *t, struct sv m)
{
    t->has_actual = true;
    if (sv_starts_with(m, "(never executed)")) {
        t->a_rows = t->a_loops = 0;
        return;
    }
    double a;
    if (keyed_num(m, "time=", &a)) {
        long dots = rfind(m, "..");
        t->has_time = dots >= 0 && keyed_num(sv_make(m.p + dots, m.n - (size_t)dots), "..",
                                               &t->a_last);
        t->a_first = a;
    }
    if (!keyed_num(m, "rows=", &t->a_rows) || !keyed_num(m, "loops=", &t->a_loops))
        t->has_actual = false;
}

/* Splits the metrics off the end of a description. */
static void parse_metrics(struct tnode *t, struct sv d)
{
    long at = rfind(d, "(actual ");
    if (at < 0)
        at = rfind(d, "(never executed)");
    if (at >= 0) {
        parse_actual(t, sv_make(d.p + at, d.n - (size_t)at));
        d.n = (size_t)at;
    }
    d = sv_trim(d);
    long est = rfind(d, "(cost=");
    if (est < 0)
        est = rfind(d, "(rows=");
    if (est >= 0 && d.p[d.n - 1] == ')') {
        struct sv m = sv_make(d.p + est, d.n - (size_t)est);
        double first;
        t->has_rows = keyed_num(m, "rows=", &t->rows);
        if (keyed_num(m, "cost=", &first)) {
            long dots = rfind(m, "..");
            t->has_cost = true;
            if (dots < 0 || !keyed_num(sv_make(m.p + dots, m.n - (size_t)dots), "..", &t->cost))
                t->cost = first;
        }
        d.n = (size_t)est;
    }
    t->desc = sv_trim(d);
}

/* Builds the node array; returns the count (0 when none). */
static int build_nodes(struct ex_ctx *c, const struct ex_line *l, unsigned n, struct tnode **out)
{
    struct tnode *t = arena_alloc(c->a, (n ? n : 1) * sizeof *t);
    int *stack = arena_alloc(c->a, (n ? n : 1) * sizeof *stack);
    int cnt = 0, depth = 0;
    if (!t || !stack) {
        c->oom = true;
        return 0;
    }
    for (unsigned i = 0; i < n; i++) {
        struct sv s = l[i].s, tr = sv_trim(s);
        if (tr.n == 0)
            continue;
        if (!sv_starts_with(tr, "->")) {
            if (cnt > 0 && tr.p[0] == '(') {
                /* metrics on a continuation line: estimates, actual figures or both */
                struct sv desc = t[cnt - 1].desc;
                parse_metrics(&t[cnt - 1], tr);
                t[cnt - 1].desc = desc;
            } else if (cnt > 0)
                diag_add(c->d, c->file, l[i].no, "TREE line does not start with ->");
            continue;
        }
        struct tnode *x = &t[cnt];
        memset(x, 0, sizeof *x);
        x->line = l[i].no;
        x->indent = (size_t)(tr.p - s.p);
        x->first_child = x->next_sibling = x->last_child = -1;
        parse_metrics(x, sv_trim(sv_make(tr.p + 2, tr.n - 2)));
        while (depth > 0 && t[stack[depth - 1]].indent >= x->indent)
            depth--;
        if (depth >= EX_TREE_MAX_DEPTH)
            depth = EX_TREE_MAX_DEPTH - 1; /* deeper lines become siblings: bounded recursion */
        x->parent = depth > 0 ? stack[depth - 1] : -1;
        if (x->parent >= 0) {
            struct tnode *pa = &t[x->parent];
            if (pa->last_child >= 0)
                t[pa->last_child].next_sibling = cnt;
            else
                pa->first_child = cnt;
            pa->last_child = cnt;
        }
        stack[depth++] = cnt++;
    }
    *out = t;
    return cnt;
}

struct access_kind {
    const char *prefix;
    const char *type;
    bool covering;
    bool mrr;
};

static const struct access_kind kinds[] = {
    {"Table scan on ", "ALL", false, false},
    {"Index scan on ", "index", false, false},
    {"Covering index scan on ", "index", true, false},
    {"Single-row index lookup on ", "eq_ref", false, false},
    {"Single-row covering index lookup on ", "eq_ref", true, false},
    {"Index lookup on ", "ref", false, false},
    {"Covering index lookup on ", "ref", true, false},
    {"Index range scan (Multi-Range Read) on ", "range", false, true},
    {"Covering index range scan (Multi-Range Read) on ", "range", true, true},
    {"Index range scan on ", "range", false, false},
    {"Covering index range scan on ", "range", true, false},
    {"Index range scan (Multi-Range Read) on ", "range", false, true},
    {"Constant row from ", "const", false, false},
    {"Full-text index search on ", "fulltext", false, false},
    {"Index skip scan on ", "range", false, false},
    {"Covering index skip scan on ", "range", true, false},
    {"Group index skip scan on ", "range", false, false},
    {"Covering index skip scan for grouping on ", "range", true, false},
};

static const struct access_kind *access_kind(struct sv d)
{
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        if (sv_starts_with(d, kinds[k].prefix))
            return &kinds[k];
    return NULL;
}

/* The word after `prefix` up to a space or comma. */
static struct sv word_after(struct sv d, size_t at)
{
    size_t e = at;
    while (e < d.n && d.p[e] != ' ' && d.p[e] != ',')
        e++;
    return sv_make(d.p + at, e - at);
}

static void access_names(struct ex_ctx *c, struct explain_access *x, struct sv d, size_t at)
{
    struct sv table = word_after(d, at);
    x->table = ex_strdup(c, table);
    struct sv rest = sv_make(table.p + table.n, (size_t)(d.p + d.n - (table.p + table.n)));
    x->known |= EX_BIT(EXF_KEY);
    if (sv_starts_with(rest, " using ")) {
        struct sv key = word_after(rest, 7);
        x->key = ex_strdup(c, key);
    }
    long ic = rfind(d, ", with index condition: ");
    if (ic >= 0) {
        size_t from = (size_t)ic + strlen(", with index condition: ");
        x->index_condition = ex_strdup(c, sv_make(d.p + from, d.n - from));
        ex_extra_add(x, EXX_USING_INDEX_CONDITION, NULL);
    }
}

static int new_access(struct twalk *w, int node, int depth, const struct access_kind *k,
                      long select_id, int dependent)
{
    const struct tnode *t = &w->t[node];
    struct explain_access *x = ex_access_new(w->c, w->p, t->line);
    if (!x)
        return -1;
    x->depth = depth;
    x->known |= EX_BIT(EXF_TABLE) | EX_BIT(EXF_ACCESS_TYPE) | EX_BIT(EXF_EXTRA) |
                EX_BIT(EXF_DEPENDENT) | EX_BIT(EXF_CONDITION) | EX_BIT(EXF_INDEX_CONDITION);
    x->access_type = k->type;
    x->dependent = dependent;
    if (select_id > 0) {
        x->known |= EX_BIT(EXF_SELECT_ID);
        x->select_id = select_id;
    }
    x->operation = ex_strdup(w->c, t->desc);
    access_names(w->c, x, t->desc, strlen(k->prefix));
    if (k->covering)
        ex_extra_add(x, EXX_USING_INDEX, NULL);
    if (k->mrr)
        ex_extra_add(x, EXX_USING_MRR, NULL);
    if (t->has_rows) {
        x->known |= EX_BIT(EXF_ROWS);
        x->rows = t->rows;
    }
    if (t->has_cost) {
        x->known |= EX_BIT(EXF_COST);
        x->cost = t->cost;
    }
    if (t->has_actual) {
        w->p->analyzed = 1;
        x->known |= EX_BIT(EXF_ACTUAL_ROWS) | EX_BIT(EXF_ACTUAL_LOOPS);
        x->actual_rows = t->a_rows;
        x->actual_loops = t->a_loops;
    }
    if (t->has_time) {
        x->known |= EX_BIT(EXF_ACTUAL_TIME) | EX_BIT(EXF_ACTUAL_TOTAL_MS);
        x->actual_first_ms = t->a_first;
        x->actual_last_ms = t->a_last;
        x->actual_total_ms = t->a_last * t->a_loops;
    }
    return (int)(w->p->nacc - 1);
}

static int walk(struct twalk *w, int node, int depth, long select_id, int dependent);

/* Walks the children of node in order, the one named `first` (a hash join's build side) first. */
static int walk_children(struct twalk *w, int node, int depth, long sel, int dep, int first,
                         int *probe)
{
    int ret = -1, r;
    *probe = -1;
    if (first >= 0 && (r = walk(w, first, depth, sel, dep)) >= 0)
        ret = r;
    for (int ch = w->t[node].first_child; ch >= 0 && !w->c->oom; ch = w->t[ch].next_sibling) {
        if (ch == first)
            continue;
        r = walk(w, ch, depth, sel, dep);
        if (r >= 0 && *probe < 0)
            *probe = r;
        if (ret < 0)
            ret = r;
    }
    return ret;
}

static int hash_child(const struct twalk *w, int node)
{
    for (int ch = w->t[node].first_child; ch >= 0; ch = w->t[ch].next_sibling)
        if (sv_eq_cstr(w->t[ch].desc, "Hash"))
            return ch;
    return -1;
}

static bool is_hash_join(struct sv d)
{
    return rfind(d, "hash join") >= 0 || sv_starts_with(d, "Hash semijoin") ||
           sv_starts_with(d, "Hash antijoin");
}

static bool is_temporary(struct sv d)
{
    return sv_starts_with(d, "Temporary table") ||
           sv_starts_with(d, "Aggregate using temporary table") ||
           sv_starts_with(d, "Table scan on <temporary>");
}

static bool is_nested_block(struct sv d)
{
    return sv_starts_with(d, "Materialize") || sv_starts_with(d, "Union materialize") ||
           sv_starts_with(d, "Union all materialize");
}

/* Select #2 (subquery in condition; dependent) */
static void select_header(struct sv d, long *sel, int *dep)
{
    double v;
    size_t e = 8;
    while (e < d.n && d.p[e] >= '0' && d.p[e] <= '9')
        e++;
    if (ex_num(sv_make(d.p + 8, e - 8), &v))
        *sel = (long)v;
    *dep = rfind(d, "; dependent") >= 0;
}

/* A Filter node whose input is one table access: the tabular forms' Using where of that access.
 * The subqueries its condition runs (`-> Select #2 (subquery in condition…)` children, JSON v2
 * inputs with a heading) are not its input. */
static bool filters_one_access(const struct twalk *w, int node)
{
    int input = -1;
    for (int ch = w->t[node].first_child; ch >= 0; ch = w->t[ch].next_sibling) {
        if (sv_starts_with(w->t[ch].desc, "Select #"))
            continue;
        if (input >= 0)
            return false;
        input = ch;
    }
    return input >= 0 && access_kind(w->t[input].desc) != NULL;
}

/* Emits the accesses under node; returns the index of the first (join order) or -1. */
static int walk(struct twalk *w, int node, int depth, long sel, int dep)
{
    struct sv d = w->t[node].desc;
    const struct access_kind *k = access_kind(d);
    int probe, first;
    if (k && !sv_starts_with(d, "Table scan on <temporary>"))
        return new_access(w, node, depth, k, sel, dep);
    /* the plan as a whole reads nothing only when its root says so, not one part of a union */
    if (sv_starts_with(d, "Zero rows (Impossible WHERE)") && !w->p->message &&
        w->t[node].parent < 0)
        w->p->message = "Impossible WHERE";
    if (sv_starts_with(d, "Select #")) {
        select_header(d, &sel, &dep);
        return walk_children(w, node, depth + 1, sel, dep, -1, &probe);
    }
    if (is_nested_block(d))
        return walk_children(w, node, depth + 1, sel, dep, -1, &probe);
    int hash = is_hash_join(d) ? hash_child(w, node) : -1;
    first = walk_children(w, node, depth, sel, dep, hash, &probe);
    if (first < 0)
        return -1;
    struct explain_access *x = &w->p->acc[first];
    if (hash >= 0 && probe >= 0)
        ex_extra_add(&w->p->acc[probe], EXX_USING_JOIN_BUFFER, "hash join");
    if (sv_starts_with(d, "Filter: ") && filters_one_access(w, node)) {
        x->condition = ex_strdup(w->c, sv_make(d.p + 8, d.n - 8));
        ex_extra_add(x, EXX_USING_WHERE, NULL);
    } else if (sv_starts_with(d, "Sort: ")) {
        ex_extra_add(x, EXX_USING_FILESORT, NULL);
    } else if (is_temporary(d)) {
        ex_extra_add(x, EXX_USING_TEMPORARY, NULL);
    }
    return first;
}

void ex_parse_tree(struct ex_ctx *c, const struct ex_line *l, unsigned n)
{
    struct tnode *t;
    int cnt = build_nodes(c, l, n, &t);
    if (cnt > 0)
        ex_tree_walk(c, EXPLAIN_FORM_TREE, t, cnt, t[0].line);
}

void ex_tree_walk(struct ex_ctx *c, enum explain_form form, struct tnode *t, int cnt,
                  unsigned plan_line)
{
    struct explain_plan *p = ex_plan_new(c, form, plan_line);
    if (!p)
        return;
    struct twalk w = {c, p, t};
    for (int i = 0; i < cnt && !c->oom; i++)
        if (t[i].parent < 0)
            walk(&w, i, 0, 0, 0);
    for (unsigned i = 0; i < p->nacc; i++)
        ex_extra_finish(c, &p->acc[i]);
    ex_plan_drop_if_empty(c, p);
}
