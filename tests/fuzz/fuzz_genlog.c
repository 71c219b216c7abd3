/* libFuzzer target for the general-log parser: any bytes must parse without a crash, leak or hang,
 * be read to the end, and give exactly the same events (every field) from one memory window as
 * from a stream handed out in blocks of 1-64 bytes (size chosen by the first byte). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "events/genlog.h"
#include "input/reader.h"
#include "input/source.h"
#include "util/buf.h"

static void render(struct buf *b, const struct event *ev)
{
    buf_printf(b, "%llu.%u.%lld.%llu.%llu|", (unsigned long long)ev->thread_id, ev->restarts,
               (long long)ev->ts_us, (unsigned long long)ev->line, (unsigned long long)ev->offset);
    const struct sv f[4] = {ev->user, ev->host, ev->db, ev->query};
    for (int i = 0; i < 4; i++) {
        buf_append(b, f[i].p ? f[i].p : "", f[i].n);
        buf_append_char(b, '|');
    }
}

/* Parses from rd; returns the events rendered, with the bad-line count and stop offset last. */
static void run(struct reader *rd, struct buf *out, size_t size)
{
    struct diag d = {0};
    struct slowlog_opts o = {.file_name = "fuzz", .first_line = 1, .stop_at = UINT64_MAX};
    struct genlog *p = genlog_open(rd, &d, &o);
    if (!p)
        abort();
    struct event ev;
    while (genlog_next_event(p, &ev) == 1)
        render(out, &ev);
    if (genlog_stop_offset(p) != size)
        abort();
    buf_printf(out, "bad=%llu", (unsigned long long)genlog_stats(p)->bad_lines);
    genlog_close(p);
    diag_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct buf a = {0}, b = {0};
    struct reader rd;
    reader_init_memory(&rd, text, size, 0);
    run(&rd, &a, size);
    size_t block = size ? (size_t)(data[0] % 64) + 1 : 1;
    struct source *s = source_open_memory_stream("fuzz", text, size, block);
    if (!s || reader_init_source_block(&rd, s, block) < 0)
        abort();
    run(&rd, &b, size);
    reader_free(&rd);
    source_close(s);
    if (a.n != b.n || memcmp(a.p, b.p, a.n) != 0)
        abort();
    (void)genlog_sniff(text, size);
    buf_free(&a);
    buf_free(&b);
    return 0;
}
