/* One logged statement, as every event source (slow log, general log, later performance_schema)
 * hands it to the rest of the pipeline. An event is a view: its text fields point into the reader's
 * buffer and stay valid only until the source is asked for the next event. */
#ifndef SLOWDEX_EVENT_H
#define SLOWDEX_EVENT_H
#include <stdbool.h>
#include <stdint.h>

#include "util/sv.h"

#define EVENT_TS_UNKNOWN INT64_MIN

/* One `Name: value` attribute. `id` indexes the source's attr_names table (see attrs.h). */
struct event_attr {
    uint32_t id;
    struct sv value;
};

struct event {
    struct sv query;     /* statement text, without the trailing ";" the server appended */
    bool is_admin;       /* `# administrator command: X` — query is then "administrator command: X" */
    int64_t ts_us;       /* end time of the statement (the `# Time:` line, carried forward), µs since
                            the Unix epoch in UTC; EVENT_TS_UNKNOWN when the log never said */
    int64_t set_timestamp; /* the `SET timestamp=N` value in seconds, or EVENT_TS_UNKNOWN */
    struct sv user;      /* user from User@Host (the bracketed one when present) */
    struct sv host;      /* host, or the ip when the host is empty */
    struct sv ip;
    struct sv db;        /* `use db;` carried forward, else Schema:, else empty */
    uint64_t thread_id;  /* Id: or Thread_id:; valid when has_thread_id */
    bool has_thread_id;
    uint32_t restarts;   /* server banners seen before this event in this input: a restart may
                            reuse connection ids, so (restarts, thread_id) names a connection */
    struct sv explain;   /* MariaDB `# explain:` lines, raw (prefixes included); empty if none */
    struct event_attr *attrs; /* every `Name: value` pair of the header, in log order */
    uint32_t nattrs;
    bool stable;         /* the text views stay valid as long as the run's result (a mapped input,
                            kept open until then); otherwise only until the next event */
    int file_idx;        /* which input of the run */
    uint64_t offset;     /* byte offset of the event's first header line in its input */
    uint64_t line;       /* 1-based line number of that line */
};

#endif
