/* The readable form of a plan: a heading line (position, form, where, the query when known), then
 * one line per table access in join order, indented by its nesting, giving only the facts the form
 * carried. Findings are printed by the caller after the line of the access they concern. */
#include <math.h>

#include "explain/explain_int.h"

static int num(struct buf *b, const char *name, double v)
{
    if (isnan(v))
        return buf_printf(b, " %s=NULL", name);
    if (v == floor(v) && fabs(v) < 1e15)
        return buf_printf(b, " %s=%.0f", name, v);
    return buf_printf(b, " %s=%.6g", name, v);
}

static bool knows(const struct explain_access *x, enum explain_fact f)
{
    return (x->known & EX_BIT(f)) != 0;
}

static int keys(const struct explain_access *x, struct buf *b)
{
    int rc = 0;
    if (knows(x, EXF_KEY))
        rc |= buf_printf(b, " key=%s", x->key ? x->key : "NULL");
    if (knows(x, EXF_KEY_LEN) && x->key_len)
        rc |= buf_printf(b, " key_len=%s", x->key_len);
    if (knows(x, EXF_REF) && x->ref)
        rc |= buf_printf(b, " ref=%s", x->ref);
    if (knows(x, EXF_POSSIBLE_KEYS)) {
        rc |= buf_append_cstr(b, " possible_keys=");
        for (unsigned i = 0; i < x->npossible_keys; i++)
            rc |= buf_printf(b, "%s%s", i ? "," : "", x->possible_keys[i]);
        if (x->npossible_keys == 0)
            rc |= buf_append_cstr(b, "NULL");
    }
    return rc;
}

static int figures(const struct explain_access *x, struct buf *b)
{
    int rc = 0;
    if (knows(x, EXF_ROWS))
        rc |= num(b, "rows", x->rows);
    if (knows(x, EXF_FILTERED))
        rc |= num(b, "filtered", x->filtered);
    if (knows(x, EXF_ACTUAL_ROWS))
        rc |= num(b, "actual_rows", x->actual_rows);
    if (knows(x, EXF_ACTUAL_LOOPS))
        rc |= num(b, "loops", x->actual_loops);
    if (knows(x, EXF_ACTUAL_FILTERED))
        rc |= num(b, "actual_filtered", x->actual_filtered);
    if (knows(x, EXF_ACTUAL_TOTAL_MS))
        rc |= num(b, "time_ms", x->actual_total_ms);
    if (knows(x, EXF_COST))
        rc |= num(b, "cost", x->cost);
    if (knows(x, EXF_V1_COSTS))
        rc |= num(b, "prefix_cost", x->prefix_cost);
    return rc;
}

int explain_access_print_text(const struct explain_access *x, struct buf *out)
{
    int rc = buf_append_cstr(out, x->table ? x->table : "(no table)");
    if (knows(x, EXF_SELECT_ID) && x->select_id > 0)
        rc |= buf_printf(out, " #%ld", x->select_id);
    if (knows(x, EXF_SELECT_TYPE) && x->select_type)
        rc |= buf_printf(out, " %s", x->select_type);
    else if (x->dependent)
        rc |= buf_append_cstr(out, " dependent");
    if (knows(x, EXF_ACCESS_TYPE) && x->access_type)
        rc |= buf_printf(out, " type=%s", x->access_type);
    rc |= keys(x, out) | figures(x, out);
    if (x->extra_text)
        rc |= buf_printf(out, " [%s]", x->extra_text);
    return rc < 0 ? -1 : 0;
}

int explain_plan_print_text(const struct explain_plan *p, unsigned index, const char *file,
                            struct buf *out)
{
    int rc = buf_printf(out, "plan %u (%s%s, %s:%u)", index, explain_form_name(p->form),
                        p->analyzed ? ", analyzed" : "", file ? file : "-", p->line);
    if (p->query)
        rc |= buf_printf(out, ": %s", p->query);
    rc |= buf_append_char(out, '\n');
    if (p->message)
        rc |= buf_printf(out, "  %s\n", p->message);
    return rc < 0 ? -1 : 0;
}
