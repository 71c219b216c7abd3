/* The slow query log parser: every MySQL 5.0–9.x, Percona Server and MariaDB dialect, one event at a
 * time, from a reader window. It never stops on bad input: an unreadable line is recorded in the diag
 * as file:line: reason and parsing resumes at the next event header. */
#ifndef SLOWDEX_SLOWLOG_H
#define SLOWDEX_SLOWLOG_H
#include <stdbool.h>
#include <stdint.h>

#include "events/attrs.h"
#include "events/event.h"
#include "input/reader.h"
#include "util/diag.h"
#include "util/timeconv.h"

/* What one event inherits from the events before it in the same file: MySQL ≤5.6 writes `# Time:`
 * only when the second changes, and every server writes `use db;` only when the database differs
 * from the last one written to the file. A parser started in the middle of a file (a parallel chunk)
 * is handed the carry of the chunk before it. */
struct slowlog_carry {
    int64_t ts_us;      /* EVENT_TS_UNKNOWN when none yet */
    char db[256];       /* last `use` database, NUL-terminated, "" when none */
    uint32_t restarts;  /* banners seen so far */
};

struct slowlog_opts {
    const char *file_name;    /* for diagnostics */
    int file_idx;             /* copied into each event */
    const struct tzone *tz;   /* zone of old-format local times; NULL = UTC */
    uint64_t first_line;      /* line number of the reader's first byte (1 at a file's start) */
    uint64_t stop_at;         /* events starting at or after this input offset are not returned;
                                 UINT64_MAX to read to the end */
};

struct slowlog_stats {
    uint64_t events;     /* events returned */
    uint64_t lines;      /* lines consumed */
    uint64_t bad_lines;  /* lines that were not understood (each also in the diag) */
    uint64_t banners;    /* server start / FLUSH LOGS banners */
};

struct slowlog;

/* The parser reads from r (which it does not own), interns attribute names into names and reports
 * problems into d. Returns NULL when out of memory. */
struct slowlog *slowlog_open(struct reader *r, struct attr_names *names, struct diag *d,
                             const struct slowlog_opts *o);
/* Returns 1 and fills ev, 0 at the end of input (or at stop_at), -1 on a read error. The event's
 * views stay valid until the next call. */
int slowlog_next_event(struct slowlog *p, struct event *ev);
/* After slowlog_next_event returned 0 because of stop_at: the input offset at which the first
 * event not returned begins (== where the next chunk must start). At the end of input: its size. */
uint64_t slowlog_stop_offset(const struct slowlog *p);
void slowlog_get_carry(const struct slowlog *p, struct slowlog_carry *c);
void slowlog_set_carry(struct slowlog *p, const struct slowlog_carry *c);
const struct slowlog_stats *slowlog_stats(const struct slowlog *p);
void slowlog_close(struct slowlog *p);

/* The server version a log names in its first banner line ("/usr/sbin/mysqld, Version: 8.0.36
 * (MySQL Community Server - GPL). started with:") within the n bytes at data: a view of "8.0.36",
 * or of "10.11.6-MariaDB-0+deb12u1-log". False when there is none. */
bool slowlog_banner_version(const char *data, size_t n, struct sv *version);

/* For a parallel split of a mapped file: the offset of the first likely event start at or after
 * `from` (a `# Time:` or `# User@Host:` line following a line that ends with `;`, or a server banner
 * line). It is only a guess — the chunk before, run with stop_at = the guess, proves it when its
 * slowlog_stop_offset equals the guess and its final carry equals slowlog_guess_carry's. Returns 0
 * for from == 0 and n when there is none. */
uint64_t slowlog_guess_boundary(const char *data, size_t n, uint64_t from);
/* Recovers the carry at `at`: the last readable `# Time:` line before it (scanning backwards), the
 * last `use db;` line that follows a `#` line, and the number of banner lines before it (both by a
 * memmem pass over [0, at), so this costs a fast scan of the prefix). Also a guess, checked the
 * same way. */
void slowlog_guess_carry(const char *data, size_t at, const struct tzone *tz,
                         struct slowlog_carry *c);
/* The time and db of slowlog_guess_carry, by steps, for a caller that wants to let go of the bytes
 * it has scanned as it goes: init, then step with a lower bound `stop` (lines that end above it are
 * read) until step returns true; sb->e is then where the scan got to. Restarts stay 0. */
struct slowlog_scanback {
    size_t e;              /* the scan has read every line that ends at or after e */
    bool have_time, have_db;
};
void slowlog_scanback_init(struct slowlog_scanback *sb, size_t at, struct slowlog_carry *c);
bool slowlog_scanback_step(const char *data, struct slowlog_scanback *sb, size_t stop,
                           const struct tzone *tz, struct slowlog_carry *c);


#endif
