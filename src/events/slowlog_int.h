/* Private to the slow-log parser (slowlog.c, slowlog_header.c, slowlog_split.c): line
 * classification, header-line readers, the attribute accumulator and the small SQL quote lexer that
 * decides whether a header-like line sits inside a string literal. Not part of the public API. */
#ifndef SLOWDEX_SLOWLOG_INT_H
#define SLOWDEX_SLOWLOG_INT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "events/attrs.h"
#include "events/event.h"
#include "util/sv.h"
#include "util/timeconv.h"

enum sl_line {
    SL_BLANK,        /* empty or white space only */
    SL_TIME,         /* # Time: */
    SL_USERHOST,     /* # User@Host: */
    SL_ADMIN,        /* # administrator command: */
    SL_EXPLAIN,      /* # explain: (MariaDB) */
    SL_ATTRS,        /* # Name: value ... (also #   InnoDB_...) */
    SL_IGNORE,       /* bare #, # No InnoDB statistics available for this query */
    SL_HASH_OTHER,   /* any other # line */
    SL_BANNER_START, /* ..., Version: ... started with: */
    SL_BANNER_OTHER, /* Tcp port: ... / Time  Id Command  Argument */
    SL_BARE_ATTRS,   /* "  Tmp_tables: 1  ..." without # (PS-7492) */
    SL_TEXT,         /* anything else: statement text, use, SET */
};

/* line: one line without its '\n' and trailing '\r'. */
enum sl_line slowlog_classify(struct sv line);
bool slowlog_is_banner_start(struct sv line);
bool slowlog_is_banner_other(struct sv line);
/* Strips the trailing '\r' of a CRLF line. */
static inline struct sv sl_chomp(struct sv l)
{
    if (l.n && l.p[l.n - 1] == '\r')
        l.n--;
    return l;
}

/* The attributes of the event being built: the array is reused across events, and `seen` (by
 * attribute id, stamped with a generation number) keeps the first of two same-named pairs. */
struct sl_attrs {
    struct attr_names *names;
    struct event_attr *a;
    uint32_t n, cap;
    uint32_t *seen;
    uint32_t seen_cap;
    uint32_t gen;
    /* Events of one log list their names in the same order: the k-th name of the previous event
     * is tried before the hash table. */
    struct sl_name_cache { const char *name; uint32_t len, id; } *cache;
    uint32_t cache_cap, pos;
};
void sl_attrs_reset(struct sl_attrs *s);
/* Returns 0, or -1 when out of memory. */
int sl_attrs_add(struct sl_attrs *s, struct sv name, struct sv value);
void sl_attrs_free(struct sl_attrs *s);

/* What the header lines of one event said besides the generic attributes. */
struct sl_fields {
    struct sv schema;   /* Schema: value (backticks stripped), empty if none */
    bool has_schema;
    bool has_thread;
    uint64_t thread_id;
};

/* `# Time: ...` → *ts (false when the time is unreadable); *uh is set to the text after an inline
 * `# User@Host:` on the same line (old Percona), or SV_NULL. */
bool slowlog_parse_time(struct sv line, const struct tzone *tz, int64_t *ts, struct sv *uh);
/* The text after `# User@Host:` → ev->user/host/ip and thread id. */
void slowlog_parse_userhost(struct sv rest, struct event *ev);
/* Every Name: value pair of an attribute line. Returns 0 or -1 when out of memory. */
int slowlog_parse_attrs(struct sv line, struct sl_attrs *as, struct sl_fields *f);
/* `use db;` → *db (backticks stripped). */
bool slowlog_parse_use(struct sv line, struct sv *db);
/* `SET [last_insert_id=N,][insert_id=N,]timestamp=N;` → attributes and *set_ts. Returns 1 when the
 * line is such a line, 0 when not, -1 when out of memory. */
int slowlog_parse_set(struct sv line, struct sl_attrs *as, int64_t *set_ts);
/* Removes the backticks around a quoted identifier. */
struct sv sl_unquote(struct sv s);

/* The quote lexer: state 0 = outside any literal/comment. */
enum { SLX_NONE = 0, SLX_SQ, SLX_DQ, SLX_BQ, SLX_COMMENT, SLX_LINE_COMMENT };
/* Runs the lexer over s[0..n). With stop_on_close, returns the index just after the byte that
 * brought the state back to SLX_NONE from a literal or comment (n when it never did). */
size_t sl_lex(int *st, const char *s, size_t n, bool stop_on_close);

/* What the search for a line's end learnt about the line on the way: its bytes [from, to) hold no
 * byte the quote lexer must look at but single quotes (no other quote, backslash, #, -- or
 * slash-star), `odd` of them, and the lexer can be stopped at `from` (no token it reads ahead into
 * starts before it). So sl_lex over [0, from), then a flip of the state when `odd` (from SLX_NONE or
 * SLX_SQ), then sl_lex over [to, end) is sl_lex over the line. from == to: nothing was learnt. */
struct sl_quotes {
    size_t from, to;
    bool odd;
};
size_t sl_find_eol(const char *s, size_t n, struct sl_quotes *q);

#endif
