/* Slow-log parser throughput, alone (no fingerprinting or aggregation): opens each file given,
 * parses every event and prints bytes, events, MB/s and events/s. With --dump it prints each event
 * instead (one block per event), which is handy to compare the parser with another tool.
 * Build: cc -O2 -D_GNU_SOURCE -Isrc bench/parse_bench.c <the library> -lz -lxxhash */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "events/slowlog.h"
#include "input/reader.h"
#include "input/source.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void dump(const struct event *ev, const struct attr_names *names)
{
    printf("@%llu line %llu ts %lld db '%.*s' user '%.*s' host '%.*s' ip '%.*s' tid %lld r%u%s\n",
           (unsigned long long)ev->offset, (unsigned long long)ev->line, (long long)ev->ts_us,
           (int)ev->db.n, ev->db.p, (int)ev->user.n, ev->user.p, (int)ev->host.n, ev->host.p,
           (int)ev->ip.n, ev->ip.p, ev->has_thread_id ? (long long)ev->thread_id : -1LL,
           ev->restarts, ev->is_admin ? " admin" : "");
    for (uint32_t i = 0; i < ev->nattrs; i++)
        printf("  %s=%.*s\n", attr_names_name(names, ev->attrs[i].id), (int)ev->attrs[i].value.n,
               ev->attrs[i].value.p);
    printf("  Q[%.*s]\n", ev->query.n > 200 ? 200 : (int)ev->query.n, ev->query.p);
}

static int run(const char *path, bool show, uint64_t *bytes, uint64_t *events)
{
    char err[512];
    struct source *s = source_open(path, err, sizeof err);
    if (!s) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    struct reader r;
    struct attr_names *names = attr_names_new();
    struct diag d = {0};
    int rc = -1;
    if (!names || reader_init_source(&r, s) != 0) {
        fprintf(stderr, "%s: cannot read\n", path);
        goto out;
    }
    struct slowlog_opts o = {.file_name = path, .first_line = 1, .stop_at = UINT64_MAX};
    struct slowlog *p = slowlog_open(&r, names, &d, &o);
    struct event ev;
    while (p && (rc = slowlog_next_event(p, &ev)) == 1)
        if (show)
            dump(&ev, names);
    if (rc < 0)
        fprintf(stderr, "%s\n", source_error(s));
    if (p) {
        *events += slowlog_stats(p)->events;
        *bytes += slowlog_stop_offset(p);
        if (show)
            printf("# events %llu bad_lines %llu diags %llu\n",
                   (unsigned long long)slowlog_stats(p)->events,
                   (unsigned long long)slowlog_stats(p)->bad_lines, (unsigned long long)d.count);
        for (int i = 0; show && i < d.kept; i++)
            printf("# diag %s\n", d.msgs[i]);
    }
    slowlog_close(p);
    reader_free(&r);
out:
    diag_free(&d);
    attr_names_free(names);
    source_close(s);
    return rc < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
    bool show = argc > 1 && strcmp(argv[1], "--dump") == 0;
    uint64_t bytes = 0, events = 0;
    double t0 = now();
    for (int i = show ? 2 : 1; i < argc; i++)
        if (run(argv[i], show, &bytes, &events) != 0)
            return 1;
    double dt = now() - t0;
    if (!show)
        printf("%llu bytes, %llu events in %.3f s: %.1f MB/s, %.0f events/s\n",
               (unsigned long long)bytes, (unsigned long long)events, dt, bytes / dt / 1e6,
               events / dt);
    return 0;
}
