/* The general query log parser; see genlog.h and reference/formats.md §2.
 *
 * Shape of the work. Lines are found with memchr. A line that genlog_parse_entry accepts starts an
 * entry; any other line continues the entry before it (the server writes arguments raw, so a
 * multi-line statement goes on until the next entry line, a server banner, or the end of input). A
 * Query or Execute entry is a statement: its text runs from the argument on its first line to the
 * end of its last line, and it is returned when the next entry line (or banner, or the end) shows
 * where it ends. That next line is held, not read again. Every other command is applied when its
 * line is read: Connect and Change user set the connection's user, host and database, Init DB (and
 * a `USE db` statement, after it was returned) its database, Quit lets the connection go; their
 * continuation lines are skipped without being kept in the window.
 *
 * Time. MySQL ≤5.6 and MariaDB write the time only when the second changes: an entry without one
 * has the time of the entry before it. It is the time the server received the command.
 *
 * Banners. `…, Version: … started with:` always ends the entry before it (a restart can cut a
 * statement short) and forgets every connection, since the restarted server reuses ids; the event's
 * `restarts` counts them so that (restarts, thread_id) names a connection. The `Tcp port:` and
 * `Time Id Command Argument` lines are banner lines only right after a banner line.
 *
 * Bad input. Lines before the first entry (a log cut in the middle of a statement) or that are no
 * entry after a banner are skipped with one diagnostic per run of them; blank lines there are
 * ignored. An unreadable time is reported and the time before it kept. NUL bytes, invalid UTF-8 and
 * CRLF line ends pass through as statement text (a '\r' before '\n' is dropped). */
#include "events/genlog.h"

#include <stdlib.h>
#include <string.h>

#include "events/genlog_int.h"
#include "events/slowlog_int.h"
#include "util/buf.h"

/* Connections held with a user or database before the least recently touched half is let go. */
#define GENLOG_MAX_CONNS (1u << 16)

struct gl_ln {
    uint64_t at, next; /* input offsets of the line and of the one after it */
    struct sv s;       /* the line without '\n' and trailing '\r' */
};

struct genlog {
    struct reader *r;
    struct diag *d;
    struct slowlog_opts o;
    struct slowlog_stats st;
    struct gl_conns conns;
    uint64_t pos, line;       /* next line to read and its number */
    uint64_t anchor;          /* first input offset still needed in the window */
    uint64_t stop_off;
    int64_t ts_us;            /* the last time written */
    uint32_t restarts;
    int after_banner;         /* banner lines that may still follow */
    uint64_t tick;            /* entries read: the connections' recency */
    bool done, read_error, junk_run;
    /* the statement being read */
    bool in_stmt;
    struct genlog_entry cur;
    uint64_t cur_at, cur_line, arg_at, end_at;
    int64_t cur_ts;
    /* the line that ended it, already parsed */
    bool has_held, held_entry;
    struct gl_ln held;
    struct genlog_entry held_e;
    struct buf strs;          /* the event's user, host and db */
};

static const char *fname(const struct genlog *p)
{
    return p->o.file_name ? p->o.file_name : "(input)";
}

static const char *wptr(const struct genlog *p, uint64_t at)
{
    return p->r->p + (size_t)(at - p->r->base);
}

static void bad_line(struct genlog *p, uint64_t line, const char *why)
{
    p->st.bad_lines++;
    diag_add(p->d, fname(p), line, "%s", why);
}

/* Makes the line at `at` whole in the window (the window keeps what is needed from p->anchor).
 * Returns 1, 0 at the end of input, -1 on error. */
static int fetch(struct genlog *p, uint64_t at, struct gl_ln *ln)
{
    struct reader *r = p->r;
    size_t scanned = 0, len;
    for (;;) {
        size_t off = (size_t)(at - r->base), avail = r->n - off;
        const char *s = r->p + off;
        const char *e = avail > scanned ? memchr(s + scanned, '\n', avail - scanned) : NULL;
        if (e) {
            len = (size_t)(e - s);
            ln->next = at + len + 1;
            break;
        }
        if (r->eof) {
            if (avail == 0)
                return 0;
            len = avail;
            ln->next = at + avail;
            break;
        }
        scanned = avail;
        ssize_t m = reader_more(r, (size_t)(p->anchor - r->base));
        if (m < 0) {
            /* Parse what was read as if the input ended there; the caller learns of the error
             * when the events run out. */
            p->read_error = true;
            r->eof = true;
        } else if (m == 0) {
            r->eof = true;
        }
    }
    ln->at = at;
    ln->s = sl_chomp(sv_make(wptr(p, at), len));
    return 1;
}

static void advance(struct genlog *p, const struct gl_ln *ln)
{
    p->pos = ln->next;
    p->line++;
    p->st.lines++;
}

struct genlog *genlog_open(struct reader *r, struct diag *d, const struct slowlog_opts *o)
{
    struct genlog *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->r = r;
    p->d = d;
    p->o = *o;
    p->pos = p->anchor = p->stop_off = r->base;
    p->line = o->first_line ? o->first_line : 1;
    p->ts_us = EVENT_TS_UNKNOWN;
    p->conns.max = GENLOG_MAX_CONNS;
    return p;
}

static struct sv trim_query(struct sv q)
{
    while (q.n && (q.p[0] == ' ' || q.p[0] == '\t' || q.p[0] == '\n' || q.p[0] == '\r')) {
        q.p++;
        q.n--;
    }
    while (q.n && (q.p[q.n - 1] == ' ' || q.p[q.n - 1] == '\t' || q.p[q.n - 1] == '\n' ||
                   q.p[q.n - 1] == '\r'))
        q.n--;
    if (q.n && q.p[q.n - 1] == ';')
        q.n--;
    return q;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* The database of a `USE db` statement, SV_NULL when q is not one. */
static struct sv use_db(struct sv q)
{
    if (q.n < 5 || !sv_istarts_with(q, "use") || !is_space(q.p[3]))
        return SV_NULL;
    struct sv db = sv_trim(sv_make(q.p + 4, q.n - 4));
    if (!db.n || memchr(db.p, ' ', db.n))
        return SV_NULL;
    return sl_unquote(db);
}

/* Records that a connection's state could not be kept (the event then lacks it). */
static void no_memory(struct genlog *p, uint64_t line)
{
    diag_add(p->d, fname(p), line, "out of memory: connection state not kept");
}

/* Connect, Change user, Init DB and Quit: the connection's new state. */
static void apply_command(struct genlog *p, const struct genlog_entry *e, struct sv arg,
                          uint64_t line)
{
    struct sv user, host, db;
    struct gl_conn *c;
    switch (e->cmd) {
    case GENLOG_CONNECT:
    case GENLOG_CHANGE_USER:
        if (!genlog_parse_login(arg, &user, &host, &db))
            return; /* a failed login changes nothing */
        if (!(c = gl_conns_put(&p->conns, e->id, p->tick)) || gl_conn_set(&c->user, user) < 0 ||
            gl_conn_set(&c->host, host) < 0 || gl_conn_set(&c->db, db) < 0)
            no_memory(p, line);
        return;
    case GENLOG_INIT_DB:
        if (!(c = gl_conns_put(&p->conns, e->id, p->tick)) ||
            gl_conn_set(&c->db, sl_unquote(sv_trim(arg))) < 0)
            no_memory(p, line);
        return;
    case GENLOG_QUIT:
        gl_conns_del(&p->conns, e->id);
        return;
    default:
        return;
    }
}

/* The connection's user, host and db, copied so that a later Quit cannot pull them away. */
static void fill_conn(struct genlog *p, struct event *ev)
{
    struct gl_conn *c = gl_conns_get(&p->conns, p->cur.id);
    if (!c)
        return;
    c->last = p->tick;
    const char *f[3] = {c->user ? c->user : "", c->host ? c->host : "", c->db ? c->db : ""};
    size_t n[3];
    buf_reset(&p->strs);
    for (int i = 0; i < 3; i++) {
        n[i] = strlen(f[i]);
        if (buf_append(&p->strs, f[i], n[i]) < 0) {
            no_memory(p, ev->line);
            return;
        }
    }
    ev->user = sv_make(p->strs.p, n[0]);
    ev->host = sv_make(p->strs.p + n[0], n[1]);
    ev->db = sv_make(p->strs.p + n[0] + n[1], n[2]);
}

/* Ends the statement being read: 1 when it is returned in ev, 0 when it was empty. */
static int finish_stmt(struct genlog *p, struct event *ev)
{
    if (!p->in_stmt)
        return 0;
    p->in_stmt = false;
    struct sv q = trim_query(sv_make(wptr(p, p->arg_at), (size_t)(p->end_at - p->arg_at)));
    if (!q.n)
        return 0;
    *ev = (struct event){.query = q, .ts_us = p->cur_ts, .set_timestamp = EVENT_TS_UNKNOWN,
                         .thread_id = p->cur.id, .has_thread_id = true, .restarts = p->restarts,
                         .file_idx = p->o.file_idx, .offset = p->cur_at, .line = p->cur_line};
    fill_conn(p, ev);
    struct sv db = p->cur.cmd == GENLOG_QUERY ? use_db(q) : SV_NULL;
    if (db.n) {
        struct gl_conn *c = gl_conns_put(&p->conns, p->cur.id, p->tick);
        if (!c || gl_conn_set(&c->db, db) < 0)
            no_memory(p, ev->line);
    }
    p->st.events++;
    return 1;
}

/* An entry line, after the statement before it ended. */
static void take_entry(struct genlog *p, const struct gl_ln *ln, const struct genlog_entry *e)
{
    uint64_t line = p->line;
    advance(p, ln);
    p->tick++;
    p->junk_run = false;
    p->after_banner = 0;
    if (e->has_time) {
        if (e->time_ok)
            p->ts_us = e->ts_us;
        else
            bad_line(p, line, "unreadable time in an entry line");
    }
    size_t a = e->arg_at < ln->s.n ? e->arg_at : ln->s.n;
    if (e->cmd == GENLOG_QUERY || e->cmd == GENLOG_EXECUTE) {
        p->in_stmt = true;
        p->cur = *e;
        p->cur_at = ln->at;
        p->cur_line = line;
        p->cur_ts = p->ts_us;
        p->arg_at = ln->at + a;
        p->end_at = ln->at + ln->s.n;
        return;
    }
    apply_command(p, e, sv_make(ln->s.p + a, ln->s.n - a), line);
}

/* A line that is neither an entry nor a banner line. */
static void take_other(struct genlog *p, const struct gl_ln *ln, bool in_entry)
{
    uint64_t line = p->line;
    advance(p, ln);
    if (p->in_stmt) {
        p->end_at = ln->at + ln->s.n;
        return;
    }
    if (in_entry || sv_trim(ln->s).n == 0)
        return; /* an argument line of another command, or a blank line */
    if (!p->junk_run)
        bad_line(p, line, "line outside any general-log entry skipped");
    p->junk_run = true;
}

static void take_banner(struct genlog *p, const struct gl_ln *ln, bool start)
{
    advance(p, ln);
    p->junk_run = false;
    if (start) {
        p->restarts++;
        p->st.banners++;
        gl_conns_clear(&p->conns);
        p->after_banner = 2;
    } else {
        p->after_banner--;
    }
}

/* Reads the next line (or takes the held one). 1 = got one, 0 = end of input, -1 = error. */
static int next_line(struct genlog *p, struct gl_ln *ln, struct genlog_entry *e, bool *is_entry)
{
    if (p->has_held) {
        p->has_held = false;
        *ln = p->held;
        ln->s.p = wptr(p, ln->at);
        *e = p->held_e;
        *is_entry = p->held_entry;
        return 1;
    }
    p->anchor = p->in_stmt ? p->cur_at : p->pos;
    int rc = fetch(p, p->pos, ln);
    if (rc <= 0)
        return rc;
    *is_entry = genlog_parse_entry(ln->s, p->o.tz, e);
    return 1;
}

int genlog_next_event(struct genlog *p, struct event *ev)
{
    bool in_entry = false; /* a non-statement entry whose argument lines may follow */
    for (;;) {
        if (p->done)
            return p->read_error ? -1 : 0;
        struct gl_ln ln;
        struct genlog_entry e;
        bool is_entry;
        int rc = next_line(p, &ln, &e, &is_entry);
        if (rc < 0)
            return -1;
        if (rc == 0) {
            p->done = true;
            p->stop_off = p->pos;
            if (finish_stmt(p, ev))
                return 1;
            continue;
        }
        bool start = !is_entry && slowlog_is_banner_start(ln.s);
        bool other = !is_entry && !start && p->after_banner > 0 && slowlog_is_banner_other(ln.s);
        if (!is_entry && !start && !other) {
            take_other(p, &ln, in_entry);
            continue;
        }
        if (ln.at >= p->o.stop_at) {
            p->done = true;
            p->stop_off = ln.at;
            if (finish_stmt(p, ev))
                return 1;
            continue;
        }
        if (p->in_stmt) { /* this line ends the statement: hold it for the next call */
            p->has_held = true;
            p->held = ln;
            p->held_e = e;
            p->held_entry = is_entry;
            if (finish_stmt(p, ev))
                return 1;
            continue;
        }
        if (is_entry) {
            take_entry(p, &ln, &e);
            in_entry = !p->in_stmt;
        } else {
            take_banner(p, &ln, start);
            in_entry = false;
        }
    }
}

uint64_t genlog_stop_offset(const struct genlog *p)
{
    return p->done ? p->stop_off : p->pos;
}

const struct slowlog_stats *genlog_stats(const struct genlog *p)
{
    return &p->st;
}

size_t genlog_open_connections(const struct genlog *p)
{
    return p->conns.n;
}

void genlog_close(struct genlog *p)
{
    if (!p)
        return;
    gl_conns_free(&p->conns);
    buf_free(&p->strs);
    free(p);
}
