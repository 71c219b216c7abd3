/* The text form of findings (findings.h): one header line per finding that starts with where it is
 * (so editors and CI logs link `file:line:col`), its severity and rule id, the message wrapped at
 * the report width, then the fix and the DDL indented under it. */
#include <inttypes.h>
#include <string.h>

#include "report/findings.h"
#include "util/buf.h"

void findings_subject_label(const struct finding *f, const struct findings_pos *pos, char *buf,
                            size_t size)
{
    const struct finding_subject *s = &f->subject;
    uint64_t line = pos && pos->line ? pos->line : s->line;
    if (s->file && line && pos && pos->col)
        snprintf(buf, size, "%s:%" PRIu64 ":%u", s->file, line, pos->col);
    else if (s->file && line)
        snprintf(buf, size, "%s:%" PRIu64, s->file, line);
    else if (s->file)
        snprintf(buf, size, "%s", s->file);
    else if (s->table)
        snprintf(buf, size, "%s%s%s%s%s", s->db ? s->db : "", s->db ? "." : "", s->table,
                 s->index ? " index " : "", s->index ? s->index : "");
    else if (s->query_id)
        snprintf(buf, size, "Query ID %s", s->query_id);
    else if (s->connection)
        snprintf(buf, size, "connection %" PRIu64, s->connection);
    else
        snprintf(buf, size, "-");
}

/* Appends text word-wrapped: the first line has `room` columns left, later lines start with
 * `cont` and have width - strlen(cont). Words longer than a line are not cut. */
static int wrap(struct buf *b, const char *text, size_t room, const char *cont, size_t width)
{
    size_t col = 0, avail = room, cl = strlen(cont);
    const char *p = text;
    while (*p) {
        while (*p == ' ')
            p++;
        if (*p == '\n') { /* the template's own line breaks stay */
            if (buf_printf(b, "\n%s", cont) < 0)
                return -1;
            col = 0, avail = width > cl ? width - cl : 1, p++;
            continue;
        }
        size_t w = strcspn(p, " \n");
        if (!w)
            break;
        if (col > 0 && col + 1 + w > avail) {
            if (buf_printf(b, "\n%s", cont) < 0)
                return -1;
            col = 0, avail = width > cl ? width - cl : 1;
        }
        if ((col > 0 && buf_append_char(b, ' ') < 0) || buf_append(b, p, w) < 0)
            return -1;
        col += (col > 0) + w;
        p += w;
    }
    return 0;
}

static int one(struct buf *b, const struct finding *f, const struct findings_pos *pos,
               unsigned width, const char *ind)
{
    char label[700], cont[64], fixcont[64];
    findings_subject_label(f, pos, label, sizeof label);
    snprintf(cont, sizeof cont, "%s    ", ind);
    snprintf(fixcont, sizeof fixcont, "%s         ", ind);
    size_t head = (size_t)snprintf(NULL, 0, "%s%s: %s %s ", ind, label,
                                   severity_name(f->severity), f->rule_id);
    if (buf_printf(b, "%s%s: %s %s ", ind, label, severity_name(f->severity), f->rule_id) < 0 ||
        wrap(b, f->message ? f->message : "", head < width ? width - head : 1, cont, width) < 0 ||
        buf_append_char(b, '\n') < 0)
        return -1;
    if (f->fix && f->fix[0] &&
        (buf_printf(b, "%s    fix: ", ind) < 0 ||
         wrap(b, f->fix, width - strlen(fixcont), fixcont, width) < 0 ||
         buf_append_char(b, '\n') < 0))
        return -1;
    /* DDL is code: never wrapped, each of its lines under "ddl:". */
    for (const char *p = f->ddl; p && *p;) {
        size_t n = strcspn(p, "\n");
        if (buf_printf(b, "%s    %s%.*s\n", ind, p == f->ddl ? "ddl: " : "     ", (int)n, p) < 0)
            return -1;
        p += n + (p[n] == '\n');
    }
    return 0;
}

int findings_text(FILE *out, const struct finding_list *l, const struct findings_text_opts *o)
{
    unsigned width = o && o->width ? o->width : 100;
    const char *ind = o && o->indent ? o->indent : "";
    struct buf b = {0};
    int rc = 0;
    for (size_t i = 0; i < l->n && rc == 0; i++) {
        buf_reset(&b);
        rc = one(&b, &l->v[i], o && o->pos ? &o->pos[i] : NULL, width, ind);
        if (rc == 0 && fwrite(b.p, 1, b.n, out) != b.n)
            rc = -1;
    }
    buf_free(&b);
    return rc;
}

int findings_text_summary(FILE *out, const struct finding_list *l, size_t suppressed,
                          const char *indent)
{
    static const char *const plural[] = {"errors", "warnings", "notices", "info"};
    size_t by[4] = {0};
    for (size_t i = 0; i < l->n; i++)
        by[l->v[i].severity]++;
    struct buf b = {0};
    int rc = buf_printf(&b, "%s", indent ? indent : "");
    if (l->n == 0)
        rc |= buf_printf(&b, "no findings");
    else
        rc |= buf_printf(&b, "%zu finding%s:", l->n, l->n == 1 ? "" : "s");
    const char *sep = " ";
    for (int s = 0; s < 4 && l->n; s++) {
        if (!by[s])
            continue;
        rc |= buf_printf(&b, "%s%zu %s", sep, by[s],
                         by[s] == 1 ? severity_name((enum severity)s) : plural[s]);
        sep = ", ";
    }
    if (suppressed)
        rc |= buf_printf(&b, "; %zu suppressed", suppressed);
    rc |= buf_append_char(&b, '\n');
    if (rc == 0 && fwrite(b.p, 1, b.n, out) != b.n)
        rc = -1;
    buf_free(&b);
    return rc < 0 ? -1 : 0;
}
