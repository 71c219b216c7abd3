/* slowdex fingerprint: prints the Query ID and fingerprint of statements given one per line, in a
 * slow log, or with --query — the pt-fingerprint of slowdex, and the way to see which class a
 * statement falls into. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "events/attrs.h"
#include "events/slowlog.h"
#include "fingerprint/fingerprint.h"
#include "input/reader.h"
#include "input/source.h"
#include "util/diag.h"

enum { OPT_QUERY = 1, OPT_EMBEDDED, OPT_MD5 };

static const struct opt_spec opts[] = {
    {OPT_QUERY, "query", 0, "SQL", "Fingerprint this one statement instead of reading input."},
    {OPT_EMBEDDED, "match-embedded-numbers", 0, NULL,
     "Keep numbers inside words (tbl1 stays tbl1; pt-query-digest --preserve-embedded-numbers)."},
    {OPT_MD5, "match-md5-checksums", 0, NULL,
     "Replace 32-hex-digit MD5 checksums after `.`, `_` or `-` in names by `?`."},
    {0, NULL, 0, NULL, NULL},
};

const struct cmd_spec cmd_fingerprint_spec = {
    "fingerprint",
    "slowdex fingerprint [OPTIONS] [FILE|-]",
    "print the Query ID and fingerprint of statements",
    "Prints one line per statement: the Query ID (32 upper-case hex digits, the MD5 of the fingerprint, "
    "as pt-query-digest 3.5 reports it without its 0x), a TAB, and the fingerprint, byte for byte as "
    "pt-query-digest 3.5.7 computes it.\n\n"
    "Input is FILE, or standard input when FILE is - or absent (gzip is recognised). It holds one "
    "statement per line (blank lines are skipped; a trailing CR and one trailing `;` are dropped, as "
    "pt-fingerprint drops the `;`), unless it is a slow query log: when its first non-blank line starts "
    "with `# Time:` or `# User@Host:`, or is a server banner (`…, Version: … started with:`), each "
    "logged statement is fingerprinted. With --query SQL, only SQL is.\n\n"
    "Exit status: 0, or 2 for a usage error or an unreadable input.",
    opts,
};

static void print_fp(struct fp_state *st, struct sv q, unsigned flags, FILE *out)
{
    char id[33];
    if (fp_fingerprint(st, q, flags) < 0) {
        fputs("slowdex fingerprint: out of memory\n", stderr);
        return;
    }
    fp_query_id(buf_sv(&st->out), id);
    fprintf(out, "%s\t", id);
    fwrite(st->out.p, 1, st->out.n, out);
    fputc('\n', out);
}

/* Is the first non-blank line of the window the start of a slow log? */
static bool looks_like_slowlog(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    const char *nl = memchr(p + i, '\n', n - i);
    struct sv line = sv_make(p + i, nl ? (size_t)(nl - (p + i)) : n - i);
    if (sv_starts_with(line, "# Time:") || sv_starts_with(line, "# User@Host:"))
        return true;
    const char *v = memmem(line.p, line.n, ", Version: ", 11);
    return v && memmem(v, line.n - (size_t)(v - line.p), "started with:", 13) != NULL;
}

static int run_slowlog(struct reader *r, const char *name, unsigned flags)
{
    struct attr_names *names = attr_names_new();
    struct diag d = {0};
    struct slowlog_opts o = {.file_name = name, .first_line = 1, .stop_at = UINT64_MAX};
    struct slowlog *p = names ? slowlog_open(r, names, &d, &o) : NULL;
    struct fp_state st = {0};
    struct event ev;
    int rc = p ? 0 : -1;
    while (p && (rc = slowlog_next_event(p, &ev)) > 0)
        print_fp(&st, ev.query, flags, stdout);
    if (rc < 0)
        fprintf(stderr, "slowdex fingerprint: %s: read error\n", name);
    for (int i = 0; i < d.kept; i++)
        fprintf(stderr, "slowdex fingerprint: %s\n", d.msgs[i]);
    fp_state_free(&st);
    slowlog_close(p);
    diag_free(&d);
    attr_names_free(names);
    return rc < 0 ? EXIT_USAGE : EXIT_DONE;
}

static void line_statement(struct fp_state *st, const char *p, size_t n, unsigned flags)
{
    if (n && p[n - 1] == '\r')
        n--;
    struct sv q = sv_make(p, n);
    if (sv_trim(q).n == 0)
        return;
    if (q.n && q.p[q.n - 1] == ';')
        q.n--;
    print_fp(st, q, flags, stdout);
}

static int run_lines(struct reader *r, const char *name, unsigned flags)
{
    struct fp_state st = {0};
    size_t pos = 0;
    int rc = EXIT_DONE;
    bool at_end = false;
    for (;;) {
        const char *nl = memchr(r->p + pos, '\n', r->n - pos);
        if (!nl && !r->eof && !at_end) {
            ssize_t more = reader_more(r, pos);
            if (more < 0) {
                fprintf(stderr, "slowdex fingerprint: %s: read error\n", name);
                rc = EXIT_USAGE;
                break;
            }
            at_end = more == 0;
            pos = 0;
            continue;
        }
        size_t end = nl ? (size_t)(nl - r->p) : r->n;
        if (end > pos || nl)
            line_statement(&st, r->p + pos, end - pos, flags);
        if (!nl)
            break;
        pos = end + 1;
    }
    fp_state_free(&st);
    return rc;
}

static int run_input(const char *path, unsigned flags)
{
    char err[512];
    struct source *src = source_open(path, err, sizeof err);
    if (!src) {
        fprintf(stderr, "slowdex fingerprint: %s\n", err);
        return EXIT_USAGE;
    }
    struct reader r = {0};
    int rc;
    if (reader_init_source(&r, src) < 0) {
        if (source_error(src)) /* it names the file already */
            fprintf(stderr, "slowdex fingerprint: %s\n", source_error(src));
        else
            fprintf(stderr, "slowdex fingerprint: %s: read error\n", source_name(src));
        rc = EXIT_USAGE;
    } else {
        rc = looks_like_slowlog(r.p, r.n) ? run_slowlog(&r, source_name(src), flags)
                                          : run_lines(&r, source_name(src), flags);
    }
    reader_free(&r);
    source_close(src);
    return rc;
}

int cmd_fingerprint(int argc, char **argv)
{
    char *operands[argc > 0 ? argc : 1];
    struct opt_iter it;
    const char *val, *query = NULL;
    unsigned flags = 0;
    int id;
    opt_init(&it, &cmd_fingerprint_spec, argc, argv, operands);
    while ((id = opt_next(&it, &val)) != 0) {
        if (id == OPT_HELP) {
            opt_print_help(&cmd_fingerprint_spec, stdout);
            return EXIT_DONE;
        }
        if (id < 0) {
            fprintf(stderr, "slowdex fingerprint: %s\n", it.err);
            return EXIT_USAGE;
        }
        if (id == OPT_QUERY)
            query = val;
        else
            flags |= id == OPT_EMBEDDED ? FP_MATCH_EMBEDDED_NUMBERS : FP_MATCH_MD5_CHECKSUMS;
    }
    if (it.noperands > 1 || (query && it.noperands > 0)) {
        fputs("slowdex fingerprint: give one FILE, or --query SQL\n", stderr);
        return EXIT_USAGE;
    }
    if (query) {
        struct fp_state st = {0};
        print_fp(&st, sv_cstr(query), flags, stdout);
        fp_state_free(&st);
        return EXIT_DONE;
    }
    return run_input(it.noperands ? it.operands[0] : "-", flags);
}
