/* The traditional EXPLAIN row, whatever container it came in (boxed table, tab-separated batch,
 * vertical \G, MariaDB's slow log): header names map values onto the access, so pastes with columns
 * removed or added (partitions, filtered, r_rows, r_filtered) read the same. Also the line-level
 * helpers every container needs: splitting lines, client prompts, the batch escapes. */
#include <math.h>
#include <string.h>

#include "explain/explain_int.h"

bool ex_trad_header(const struct sv *names, unsigned n)
{
    bool table = false, type = false, other = false;
    for (unsigned i = 0; i < n; i++) {
        struct sv s = sv_trim(names[i]);
        table |= sv_ieq_cstr(s, "table") || sv_ieq_cstr(s, "select_type");
        type |= sv_ieq_cstr(s, "type");
        other |= sv_ieq_cstr(s, "key") || sv_ieq_cstr(s, "Extra") || sv_ieq_cstr(s, "rows");
    }
    return table && type && other;
}

static void set_num(struct explain_access *x, enum explain_fact f, double *dst, struct sv v)
{
    double d;
    x->known |= EX_BIT(f);
    *dst = ex_num(v, &d) ? d : NAN; /* NaN: the form said NULL (a MariaDB table never read) */
}

static const char *nullable(struct ex_ctx *c, struct sv v)
{
    v = sv_trim(v);
    return ex_is_null(v) ? NULL : ex_strdup(c, v);
}

static void trad_text_column(struct ex_ctx *c, struct explain_access *x, struct sv name,
                             struct sv v)
{
    if (sv_ieq_cstr(name, "select_type")) {
        x->known |= EX_BIT(EXF_SELECT_TYPE) | EX_BIT(EXF_DEPENDENT);
        x->select_type = nullable(c, v);
        x->dependent = sv_istarts_with(sv_trim(v), "DEPENDENT");
    } else if (sv_ieq_cstr(name, "table")) {
        x->known |= EX_BIT(EXF_TABLE);
        x->table = nullable(c, v);
    } else if (sv_ieq_cstr(name, "partitions")) {
        x->known |= EX_BIT(EXF_PARTITIONS);
        x->partitions = nullable(c, v);
    } else if (sv_ieq_cstr(name, "type")) {
        x->known |= EX_BIT(EXF_ACCESS_TYPE);
        x->access_type = nullable(c, v);
    } else if (sv_ieq_cstr(name, "possible_keys")) {
        x->known |= EX_BIT(EXF_POSSIBLE_KEYS);
        x->possible_keys = ex_split_list(c, v, &x->npossible_keys);
    } else if (sv_ieq_cstr(name, "key")) {
        x->known |= EX_BIT(EXF_KEY);
        x->key = nullable(c, v);
    } else if (sv_ieq_cstr(name, "key_len")) {
        x->known |= EX_BIT(EXF_KEY_LEN);
        x->key_len = nullable(c, v);
    } else if (sv_ieq_cstr(name, "ref")) {
        x->known |= EX_BIT(EXF_REF);
        x->ref = nullable(c, v);
    } else if (sv_ieq_cstr(name, "Extra")) {
        ex_extra_from_text(c, x, v);
    }
}

void ex_trad_row(struct ex_ctx *c, struct explain_plan *p, const struct sv *names,
                 const struct sv *vals, unsigned n, unsigned line)
{
    struct explain_access *x = ex_access_new(c, p, line);
    if (!x)
        return;
    for (unsigned i = 0; i < n; i++) {
        struct sv name = sv_trim(names[i]), v = sv_trim(vals[i]);
        double d;
        if (sv_ieq_cstr(name, "id")) {
            x->known |= EX_BIT(EXF_SELECT_ID);
            x->select_id = ex_num(v, &d) ? (long)d : 0;
        } else if (sv_ieq_cstr(name, "rows")) {
            set_num(x, EXF_ROWS, &x->rows, v);
        } else if (sv_ieq_cstr(name, "filtered")) {
            set_num(x, EXF_FILTERED, &x->filtered, v);
        } else if (sv_ieq_cstr(name, "r_rows")) {
            set_num(x, EXF_ACTUAL_ROWS, &x->actual_rows, v);
            p->analyzed = 1;
            p->server = EXPLAIN_SERVER_MARIADB; /* only MariaDB's ANALYZE has these columns */
        } else if (sv_ieq_cstr(name, "r_filtered")) {
            set_num(x, EXF_ACTUAL_FILTERED, &x->actual_filtered, v);
            p->server = EXPLAIN_SERVER_MARIADB;
        } else {
            trad_text_column(c, x, name, v);
        }
    }
}

int ex_unescape(struct sv s, struct buf *out)
{
    buf_reset(out);
    for (size_t i = 0; i < s.n; i++) {
        char ch = s.p[i];
        if (ch == '\\' && i + 1 < s.n) {
            char e = s.p[++i];
            ch = e == 'n' ? '\n' : e == 't' ? '\t' : e == '0' ? '\0' : e;
        }
        if (buf_append_char(out, ch) < 0)
            return -1;
    }
    return 0;
}

int ex_split_lines(struct ex_ctx *c, struct sv text, unsigned first_line, struct ex_line **out,
                   unsigned *n)
{
    unsigned cnt = 1;
    for (size_t i = 0; i < text.n; i++)
        cnt += text.p[i] == '\n';
    struct ex_line *l = arena_alloc(c->a, cnt * sizeof *l);
    if (!l) {
        c->oom = true;
        return -1;
    }
    unsigned k = 0;
    size_t start = 0;
    for (size_t i = 0; i <= text.n; i++) {
        if (i < text.n && text.p[i] != '\n')
            continue;
        size_t len = i - start;
        if (len && text.p[start + len - 1] == '\r')
            len--;
        if (i < text.n || len > 0) {
            l[k].s = sv_make(text.p + start, len);
            l[k].no = first_line + k;
            k++;
        }
        start = i + 1;
    }
    *out = l;
    *n = k;
    return 0;
}

struct sv ex_strip_prompt(struct sv s, bool *had_prompt)
{
    *had_prompt = false;
    if (sv_starts_with(s, "mysql> ")) {
        *had_prompt = true;
        return sv_make(s.p + 7, s.n - 7);
    }
    if (sv_starts_with(s, "MariaDB [")) {
        for (size_t i = 9; i + 1 < s.n; i++)
            if (s.p[i] == ']' && s.p[i + 1] == '>') {
                *had_prompt = true;
                i += 2;
                while (i < s.n && s.p[i] == ' ')
                    i++;
                return sv_make(s.p + i, s.n - i);
            }
    }
    return s;
}
