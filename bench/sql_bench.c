/* Latency of the statement analyzer (not a test): the median and 99th percentile of one
 * sql_analyze call, arena reused, over the statements of tests/sql/corpus/NAME.sql and over the
 * distinct statements (by text) of a slow log, by default bench/out/corpus.log when present.
 *   cmake --build build-sql && cc -O2 -D_GNU_SOURCE -Isrc bench/sql_bench.c \
 *      build-sql/libslowdex_core.a $(pkg-config --libs libmariadb libpcre2-8 libcjson zlib \
 *      libxxhash) -lpthread -lm -o build-sql/sql_bench
 *   build-sql/sql_bench [--show-partial] [--log LOG] [FILE.sql...]      (run from the repo root) */
#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "events/attrs.h"
#include "events/slowlog.h"
#include "input/reader.h"
#include "input/source.h"
#include "sql/analysis.h"
#include "sql/lexer.h"
#include "util/diag.h"

#define MAX_DISTINCT 100000

struct stmt {
    char *text;
    size_t len;
    char *db;
};

struct set {
    struct stmt *v;
    size_t n, cap;
    uint64_t *seen; /* open addressing over text hashes */
    size_t seen_cap;
};

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int add(struct set *s, const char *p, size_t n, const char *db, size_t dbn)
{
    if (s->seen_cap == 0) {
        s->seen_cap = 1u << 18;
        s->seen = calloc(s->seen_cap, sizeof *s->seen);
        if (!s->seen)
            return -1;
    }
    uint64_t h = XXH3_64bits(p, n) | 1;
    size_t i = h & (s->seen_cap - 1);
    while (s->seen[i] && s->seen[i] != h)
        i = (i + 1) & (s->seen_cap - 1);
    if (s->seen[i] || s->n >= MAX_DISTINCT)
        return 0;
    s->seen[i] = h;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        struct stmt *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return -1;
        s->v = v;
        s->cap = cap;
    }
    struct stmt *st = &s->v[s->n++];
    st->text = malloc(n + 1);
    st->db = dbn ? strndup(db, dbn) : NULL;
    if (!st->text)
        return -1;
    memcpy(st->text, p, n);
    st->text[n] = '\0';
    st->len = n;
    return 0;
}

static int load_sql_file(struct set *s, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    struct buf b = {0};
    char tmp[65536];
    size_t k;
    while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
        buf_append(&b, tmp, k);
    fclose(f);
    struct sql_splitter sp;
    struct sql_statement st;
    sql_splitter_init(&sp, b.p ? b.p : "", b.n, 0);
    while (sql_splitter_next(&sp, &st))
        add(s, st.p, st.len, NULL, 0);
    buf_free(&b);
    return 0;
}

static int load_log(struct set *s, const char *path)
{
    char err[512];
    struct source *src = source_open(path, err, sizeof err);
    if (!src)
        return -1;
    struct reader r = {0};
    struct attr_names *names = attr_names_new();
    struct diag d = {0};
    struct slowlog_opts o = {.file_name = path, .first_line = 1, .stop_at = UINT64_MAX};
    struct slowlog *p = reader_init_source(&r, src) == 0 && names
                            ? slowlog_open(&r, names, &d, &o) : NULL;
    struct event ev;
    while (p && slowlog_next_event(p, &ev) > 0 && s->n < MAX_DISTINCT)
        if (!ev.is_admin)
            add(s, ev.query.p, ev.query.n, ev.db.p, ev.db.n);
    slowlog_close(p);
    diag_free(&d);
    attr_names_free(names);
    reader_free(&r);
    source_close(src);
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Times every statement `rounds` times, one call per sample. */
static void measure(const char *name, const struct set *s, int rounds, bool show)
{
    if (s->n == 0)
        return;
    size_t ns = s->n * (size_t)rounds, k = 0, partial = 0;
    double *t = malloc(ns * sizeof *t), total = 0;
    struct arena a;
    arena_init(&a);
    if (!t)
        return;
    for (int r = 0; r < rounds; r++)
        for (size_t i = 0; i < s->n; i++) {
            struct sql_analyze_opts o = sql_analyze_opts_default();
            struct sql_analysis *an;
            o.default_db = s->v[i].db;
            arena_reset(&a);
            double t0 = now_ns();
            if (!sql_analyze(s->v[i].text, s->v[i].len, &o, &a, &an))
                abort();
            t[k] = now_ns() - t0;
            total += t[k++];
            if (r == 0 && !an->complete && an->kind != SQL_STMT_OTHER) {
                partial++;
                if (show)
                    printf("partial @%u %s: %.120s\n", (unsigned)an->problem_pos, an->problem,
                           s->v[i].text);
            }
        }
    qsort(t, ns, sizeof *t, cmp_double);
    printf("%-28s %7zu statements (%zu partial) x %d: median %.2f us, p99 %.2f us, mean %.2f us\n",
           name, s->n, partial, rounds, t[ns / 2] / 1e3, t[ns * 99 / 100] / 1e3,
           total / (double)ns / 1e3);
    arena_free(&a);
    free(t);
}

int main(int argc, char **argv)
{
    struct set corpus = {0}, log = {0};
    const char *log_path = "bench/out/corpus.log";
    int nfiles = 0;
    bool show = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--show-partial") == 0)
            show = true;
        else if (strcmp(argv[i], "--log") == 0 && i + 1 < argc)
            log_path = argv[++i];
        else if (load_sql_file(&corpus, argv[i]) == 0)
            nfiles++;
    }
    if (nfiles == 0) {
        glob_t g;
        if (glob("tests/sql/corpus/*.sql", 0, NULL, &g) == 0) {
            for (size_t i = 0; i < g.gl_pathc; i++)
                if (!strstr(g.gl_pathv[i], "-schema.sql"))
                    load_sql_file(&corpus, g.gl_pathv[i]);
            globfree(&g);
        }
    }
    measure("tests/sql/corpus", &corpus, 200, show);
    if (load_log(&log, log_path) == 0)
        measure(log_path, &log, 5, show);
    else
        fprintf(stderr, "sql_bench: %s: not read (bench/make-inputs makes it)\n", log_path);
    return 0;
}
