/* The slow query log parser; see slowlog.h and reference/formats.md §1.
 *
 * Shape of the work. Lines are found with memchr and classified by their first bytes; an event is
 * a run of header lines (`# Time:`, `# User@Host:`, `# Name: value…`, `# explain:`), optional
 * `use db;` and `SET …timestamp=N;` lines, then the statement, which runs until the next event
 * start, a server banner or the end of input. Nothing is copied: the event's texts are views into
 * the reader window, which is kept from the event's first byte until the event is returned.
 *
 * Where an event starts.
 *   - Outside an event: at `# Time:`, `# User@Host:` or any `# Name: value` line except those the
 *     servers write only after `# Query_time:` (`# Filesort:`, `#   InnoDB_…`, … — one of those
 *     means the input began mid-event). Other lines there are skipped with one diagnostic per run
 *     ("statement without header skipped"): a file that starts mid-event, or junk.
 *   - Inside the header lines: a `# Time:` or `# User@Host:` after the event already has a user or
 *     attributes starts the next event (the current one is returned without a statement). After
 *     `use` or `SET`, every line but `# administrator command:` is statement text.
 *   - Inside a statement: a `# Time:` or `# User@Host:` line, or any `# Name: value` or
 *     `# administrator command:` line after a line that ends with `;` (as pt-query-digest splits)
 *     — unless the quote rule below says the line is statement text. A banner line always ends the
 *     statement (a crash can leave a literal open; the restart banner still counts).
 *
 * The quote rule. The server writes statements verbatim, so a string literal or comment can
 * contain lines that look like headers. Such a candidate line is statement text only if, at its
 * start, the statement so far has an open literal (' " ` with backslash escapes and doubling) or
 * block comment, and that literal closes before (a) the next header-like line (`# Time:`,
 * `# User@Host:`, banner) that is not part of the candidate's own contiguous block of `#` lines,
 * and before (b) a `SET timestamp=` line (optionally after a `use` line) directly following that
 * block — the signature of a real event. Otherwise the literal was never terminated (a logged
 * syntax error such as `SELECT 'abc`) and the candidate is a real boundary, so an unterminated
 * literal swallows nothing but its own event. Cost: (b) is checked first, by reading the block,
 * and decides every event of MySQL >= 5.1 without lexing; only otherwise is the statement lexed
 * (SSE2 between quotes, memchr inside them). Where a literal closed is remembered, so later
 * candidates inside the same literal cost nothing.
 *
 * Fields. user/host/ip/thread id come from `# User@Host:` (Id:) or `Thread_id:`. db precedence:
 * this event's `use` line, else this event's non-empty `Schema:`, else the last `use` written to
 * this file (the carry). pt-query-digest also carries a Schema value forward to later events that
 * have neither; we do not, because the server writes `use` by file state but Schema per event.
 * Backticks around a db name are removed. Every `Name: value` pair is an attribute (first of two
 * same-named pairs kept; empty values dropped, pt issue 1104). `SET` values become the attributes
 * `last_insert_id`, `insert_id`, `timestamp`. The query loses trailing white space and one `;`.
 * An event whose header has a user or attributes but no statement (truncated write, or at EOF) is
 * returned with an empty query; a lone `# Time:` with nothing after it is dropped.
 *
 * stop_at. An event whose first line starts at or after stop_at is not returned; neither is a
 * banner line at or after stop_at. slowlog_stop_offset is then that line's offset, which is exactly
 * what slowlog_guess_boundary returns when its guess is a real boundary. Junk lines are consumed by
 * whichever chunk reaches them first, so chunks never see them twice. */
#include "events/slowlog.h"

#include <stdlib.h>
#include <string.h>

#include "events/slowlog_int.h"

struct sl_ln {
    uint64_t at;   /* input offset of the line's first byte */
    uint64_t next; /* offset of the following line */
    struct sv s;   /* the line without '\n' and trailing '\r' */
    struct sl_quotes q; /* its quote parity, as far as the search for its end could tell */
};

struct slowlog {
    struct reader *r;
    struct diag *d;
    struct slowlog_opts o;
    struct slowlog_stats st;
    struct slowlog_carry carry;
    struct sl_attrs as;
    struct sl_fields f;
    struct event *cur;   /* the event being built (its views move with the window) */
    struct sv use_db;    /* this event's `use` line */
    uint64_t pos, line;  /* next line to read and its number */
    uint64_t anchor;     /* first input offset still needed in the window */
    uint64_t stop_off;
    uint64_t text_until; /* quote rule: candidates before this offset are statement text */
    uint64_t lex_pos;    /* quote rule: statement lexed up to here, with lex_st */
    int lex_st;
    bool done, read_error, junk_run;
    /* The line at pos when the event before found it already (the statement it ended, or the
     * header line it did not take): seek_event need not look for its end again. */
    struct sl_ln held;
    bool has_held;
};

static const char *fname(const struct slowlog *p)
{
    return p->o.file_name ? p->o.file_name : "(input)";
}

static const char *wptr(const struct slowlog *p, uint64_t at)
{
    return p->r->p + (size_t)(at - p->r->base);
}

static void move_view(struct sv *v, uintptr_t op, size_t on, const char *np, int64_t shift)
{
    uintptr_t q = (uintptr_t)v->p;
    if (!v->p || q < op || q > op + on)
        return; /* not in the window (e.g. the carry's db) */
    if ((int64_t)(q - op) < shift) { /* dropped with the prefix: a stale view, forget it */
        *v = SV_NULL;
        return;
    }
    v->p = np + ((int64_t)(q - op) - shift);
}

/* The window moved (stream refill): re-point every view of the event being built. */
static void relocate(struct slowlog *p, const char *old_p, uint64_t old_base, size_t old_n)
{
    uintptr_t op = (uintptr_t)old_p;
    const char *np = p->r->p;
    int64_t shift = (int64_t)(p->r->base - old_base);
    if (op == (uintptr_t)np && shift == 0)
        return;
    if (p->cur) {
        move_view(&p->cur->user, op, old_n, np, shift);
        move_view(&p->cur->host, op, old_n, np, shift);
        move_view(&p->cur->ip, op, old_n, np, shift);
    }
    move_view(&p->use_db, op, old_n, np, shift);
    move_view(&p->f.schema, op, old_n, np, shift);
    for (uint32_t i = 0; i < p->as.n; i++)
        move_view(&p->as.a[i].value, op, old_n, np, shift);
}

/* Reads more input into the window, keeping what the event being built still needs, and re-points
 * its views. Returns 0, or -1 on a read error. */
static int refill(struct slowlog *p)
{
    struct reader *r = p->r;
    const char *old_p = r->p;
    uint64_t old_base = r->base;
    size_t old_n = r->n;
    ssize_t m = reader_more(r, (size_t)(p->anchor - r->base));
    relocate(p, old_p, old_base, old_n);
    if (m < 0) {
        /* Parse what was read as if the input ended there (a cut .gz keeps its events); the
         * caller learns of the error when the events run out. */
        p->read_error = true;
        r->eof = true;
    } else if (m == 0) {
        r->eof = true; /* nothing more will come: never spin */
    }
    return 0;
}

/* Makes the line at `at` whole in the window. Returns 1, 0 at the end of input, -1 on error. */
static int fetch(struct slowlog *p, uint64_t at, struct sl_ln *ln)
{
    struct reader *r = p->r;
    size_t scanned = 0, len;
    ln->q = (struct sl_quotes){0, 0, false};
    for (;;) {
        size_t off = (size_t)(at - r->base), avail = r->n - off;
        const char *s = r->p + off, *e = NULL;
        if (scanned == 0 && avail > 0) {
            size_t k = sl_find_eol(s, avail, &ln->q);
            e = k < avail ? s + k : NULL;
        } else if (avail > scanned) {
            e = memchr(s + scanned, '\n', avail - scanned);
        }
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
        if (refill(p) < 0)
            return -1;
    }
    ln->at = at;
    ln->s = sl_chomp(sv_make(wptr(p, at), len));
    return 1;
}

/* The first bytes (at most want, and never past a newline) of the line at `at`, without looking for
 * its end. Returns 1, 0 at the end of input, -1 on error. The view is valid until the next read. */
static int peek(struct slowlog *p, uint64_t at, size_t want, struct sv *out)
{
    struct reader *r = p->r;
    for (;;) {
        size_t off = (size_t)(at - r->base), avail = r->n - off;
        if (avail >= want || r->eof) {
            if (avail == 0)
                return 0;
            size_t n = avail < want ? avail : want, k = 0;
            const char *s = r->p + off;
            while (k < n && s[k] != '\n') /* a few bytes: no call to memchr */
                k++;
            *out = sv_make(s, k);
            return 1;
        }
        if (refill(p) < 0)
            return -1;
    }
}

static void advance(struct slowlog *p, const struct sl_ln *ln)
{
    p->pos = ln->next;
    p->line++;
    p->st.lines++;
}

static void bad_line(struct slowlog *p, const char *why)
{
    p->st.bad_lines++;
    diag_add(p->d, fname(p), p->line, "%s", why);
}

static bool starts(struct sv l, const char *lit)
{
    size_t n = strlen(lit);
    /* the third byte first: "# Time:" and "# User@Host:" differ there, and most lines fail there */
    return l.n >= n && (n < 3 || l.p[2] == lit[2]) && memcmp(l.p, lit, n) == 0;
}

static bool ends_with_semi(struct sv l)
{
    size_t n = l.n;
    while (n && (l.p[n - 1] == ' ' || l.p[n - 1] == '\t'))
        n--;
    return n && l.p[n - 1] == ';';
}

static bool is_header_like(struct sv l)
{
    if (l.n && l.p[0] == '#')
        return starts(l, "# Time:") || starts(l, "# User@Host:");
    return slowlog_is_banner_start(l);
}

/* Whether the line ln (the first after the candidate's block of # lines) is `SET timestamp=`, or
 * `use db;` followed by it: the signature of a real event. 1 yes, 0 no, -1 read error. */
static int real_event_follows(struct slowlog *p, const struct sl_ln *ln)
{
    if (starts(ln->s, "SET timestamp="))
        return 1;
    if (!(starts(ln->s, "use ") && ends_with_semi(ln->s)))
        return 0;
    struct sl_ln next;
    int rc = fetch(p, ln->next, &next);
    if (rc <= 0)
        return rc;
    return starts(next.s, "SET timestamp=");
}

/* The forward half of the quote rule (see the file comment): 1 = the candidate at `at` is
 * statement text, 0 = it is a boundary, -1 = read error. */
static int literal_closes(struct slowlog *p, uint64_t at)
{
    int st = p->lex_st;
    bool in_block = true;
    struct sl_ln ln;
    for (uint64_t cur = at;; cur = ln.next) {
        int rc = fetch(p, cur, &ln);
        if (rc <= 0)
            return rc;
        if (cur != at) {
            if (in_block && !(ln.s.n && ln.s.p[0] == '#')) {
                in_block = false;
                int sig = real_event_follows(p, &ln);
                if (sig != 0)
                    return sig < 0 ? -1 : 0;
                if (fetch(p, cur, &ln) < 0) /* the look-ahead may have moved the window */
                    return -1;
            }
            if (!in_block && is_header_like(ln.s))
                return 0;
        }
        size_t n = (size_t)(ln.next - ln.at);
        size_t k = sl_lex(&st, wptr(p, ln.at), n, true);
        if (k < n || st == SLX_NONE) {
            p->text_until = ln.at + k;
            return 1;
        }
    }
}

/* Whether the candidate at `at` heads a block of # lines followed by `SET timestamp=` (or `use`
 * then SET): then it is a boundary whatever the lexer state, and the statement need not be lexed —
 * which is what makes the common case (every MySQL >= 5.1 event) cheap. 1 yes, 0 no, -1 error. */
static int set_follows_block(struct slowlog *p, uint64_t at)
{
    struct sl_ln ln;
    uint64_t cur = at;
    for (int i = 0; i < 64; i++) { /* a real header block is a few lines */
        /* Look at the start of the line first: the line after the block is a statement that can
         * be megabytes long, and it is read to its end later anyway. */
        struct sv head;
        int rc = peek(p, cur, 16, &head);
        if (rc <= 0)
            return rc;
        if (head.n && head.p[0] != '#' && !starts(head, "use "))
            return starts(head, "SET timestamp=");
        if ((rc = fetch(p, cur, &ln)) <= 0)
            return rc;
        if (!(ln.s.n && ln.s.p[0] == '#'))
            return real_event_follows(p, &ln);
        cur = ln.next;
    }
    return 0;
}

/* The quote rule for a header-like line at `at` inside the statement that began at stmt. */
static int candidate_is_text(struct slowlog *p, uint64_t stmt, uint64_t at)
{
    if (at < p->text_until)
        return 1;
    int sig = set_follows_block(p, at);
    if (sig != 0)
        return sig < 0 ? -1 : 0;
    if (p->lex_pos < stmt) {
        p->lex_pos = stmt;
        p->lex_st = SLX_NONE;
    }
    sl_lex(&p->lex_st, wptr(p, p->lex_pos), (size_t)(at - p->lex_pos), false);
    p->lex_pos = at;
    if (p->lex_st == SLX_NONE || p->lex_st == SLX_LINE_COMMENT)
        return 0;
    return literal_closes(p, at);
}

/* Whether a line inside a statement ends it (1), is text (0); -1 on a read error. */
static int stmt_boundary(struct slowlog *p, uint64_t stmt, const struct sl_ln *ln, bool prev_semi)
{
    struct sv l = ln->s;
    if (l.n == 0)
        return 0;
    if (l.p[0] == '#') {
        enum sl_line c = slowlog_classify(l);
        if (!(c == SL_TIME || c == SL_USERHOST || (prev_semi && (c == SL_ATTRS || c == SL_ADMIN))))
            return 0;
        int t = candidate_is_text(p, stmt, ln->at);
        return t < 0 ? -1 : !t;
    }
    if (l.p[0] == ' ' || l.p[0] == '\t' || l.p[0] == '(' || l.p[0] == '\'')
        return 0;
    return slowlog_is_banner_start(l) || slowlog_is_banner_other(l);
}

/* Runs the quote lexer over the line ln, but not over the bytes whose single quotes fetch counted. */
static void lex_line(struct slowlog *p, const struct sl_ln *ln)
{
    const char *s = wptr(p, ln->at);
    size_t n = (size_t)(ln->next - ln->at), from = ln->q.from, to = ln->q.to;
    if (to <= from) {
        sl_lex(&p->lex_st, s, n, false);
        return;
    }
    sl_lex(&p->lex_st, s, from, false);
    if (p->lex_st != SLX_NONE && p->lex_st != SLX_SQ) {
        sl_lex(&p->lex_st, s + from, n - from, false);
        return;
    }
    if (ln->q.odd)
        p->lex_st = p->lex_st == SLX_NONE ? SLX_SQ : SLX_NONE;
    sl_lex(&p->lex_st, s + to, n - to, false);
}

/* Reads statement lines from the one at ln; sets *end to the offset after its last line. */
static int read_statement(struct slowlog *p, struct sl_ln *ln, uint64_t *end, bool lex_inline)
{
    uint64_t stmt = ln->at;
    if (lex_inline) {
        p->lex_pos = stmt;
        p->lex_st = SLX_NONE;
    }
    for (;;) {
        bool semi = ends_with_semi(ln->s);
        if (lex_inline && p->lex_pos == ln->at) {
            /* Lex the line now, while the scan for its end has it in the cache: without a SET
             * timestamp line (MySQL 5.0) the quote rule will need the state at the next header. */
            lex_line(p, ln);
            p->lex_pos = ln->next;
        }
        advance(p, ln);
        int rc = fetch(p, p->pos, ln);
        if (rc < 0)
            return -1;
        if (rc == 0)
            break;
        const char *wp = p->r->p;
        uint64_t wb = p->r->base;
        int b = stmt_boundary(p, stmt, ln, semi);
        if (b < 0)
            return -1;
        if (b)
            break;
        if ((wp != p->r->p || wb != p->r->base) && fetch(p, ln->at, ln) < 0)
            return -1; /* the quote rule looked ahead and the window moved */
    }
    *end = p->pos;
    return 0;
}

static struct sv trim_query(struct sv q)
{
    while (q.n && (q.p[q.n - 1] == ' ' || q.p[q.n - 1] == '\t' || q.p[q.n - 1] == '\n' ||
                   q.p[q.n - 1] == '\r'))
        q.n--;
    if (q.n && q.p[q.n - 1] == ';')
        q.n--;
    return q;
}

static void banner(struct slowlog *p, enum sl_line cls)
{
    if (cls == SL_BANNER_START) {
        p->carry.restarts++;
        p->st.banners++;
    }
}

/* Header-block state of the event being built. */
struct sl_build {
    bool has_time, has_uh, has_attrs, got_use, got_set;
    bool uh_inline; /* the user came from a `# Time: … # User@Host: …` line */
    uint64_t explain_at, explain_end; /* explain_end == 0: none */
};

static void event_reset(struct slowlog *p, struct event *ev, const struct sl_ln *ln)
{
    *ev = (struct event){.ts_us = EVENT_TS_UNKNOWN, .set_timestamp = EVENT_TS_UNKNOWN,
                         .file_idx = p->o.file_idx, .offset = ln->at, .line = p->line};
    p->cur = ev;
    p->anchor = ln->at;
    p->use_db = SV_NULL;
    memset(&p->f, 0, sizeof p->f);
    sl_attrs_reset(&p->as);
    p->text_until = 0;
    p->lex_pos = 0;
    p->lex_st = SLX_NONE;
}

static void set_carry_db(struct slowlog *p, struct sv db)
{
    size_t n = db.n < sizeof p->carry.db - 1 ? db.n : sizeof p->carry.db - 1;
    memcpy(p->carry.db, db.p, n);
    p->carry.db[n] = '\0';
}

/* Fills in what the header lines left for the end: time, db, thread id, explain, attributes. */
static void event_finish(struct slowlog *p, struct event *ev, const struct sl_build *b)
{
    ev->ts_us = p->carry.ts_us;
    if (p->use_db.n)
        ev->db = p->use_db;
    else if (p->f.has_schema && p->f.schema.n)
        ev->db = p->f.schema;
    else
        ev->db = sv_cstr(p->carry.db);
    if (!ev->has_thread_id && p->f.has_thread) {
        ev->thread_id = p->f.thread_id;
        ev->has_thread_id = true;
    }
    if (b->explain_end)
        ev->explain = sv_make(wptr(p, b->explain_at), (size_t)(b->explain_end - b->explain_at));
    ev->restarts = p->carry.restarts;
    ev->attrs = p->as.a;
    ev->nattrs = p->as.n;
    p->st.events++;
    p->cur = NULL;
}

static void admin_query(struct event *ev, struct sv l)
{
    struct sv q = sv_make(l.p + 2, l.n - 2); /* drop "# " */
    while (q.n && (q.p[q.n - 1] == ' ' || q.p[q.n - 1] == '\t'))
        q.n--;
    if (q.n && q.p[q.n - 1] == ';')
        q.n--;
    ev->query = q;
    ev->is_admin = true;
}

/* One `#` header line of the current event. Returns 1 when the line belongs to the next event,
 * 0 when consumed, -1 when out of memory. */
static int header_line(struct slowlog *p, struct event *ev, struct sl_build *b,
                       const struct sl_ln *ln, enum sl_line cls)
{
    struct sv l = ln->s;
    switch (cls) {
    case SL_TIME: {
        if (b->has_uh || b->has_attrs)
            return 1;
        if (b->has_time) { /* the previous # Time: had nothing after it: drop it */
            event_reset(p, ev, ln);
            *b = (struct sl_build){0};
        }
        b->has_time = true;
        int64_t ts;
        struct sv uh;
        if (slowlog_parse_time(l, p->o.tz, &ts, &uh))
            p->carry.ts_us = ts;
        else if (l.n > sizeof("# Time:"))
            bad_line(p, "unreadable time in # Time: line");
        if (uh.p) {
            slowlog_parse_userhost(uh, ev);
            b->has_uh = b->uh_inline = true;
        }
        return 0;
    }
    case SL_USERHOST:
        if (b->uh_inline && !b->has_attrs) { /* old Percona repeats it on the next line */
            b->uh_inline = false;
            return 0;
        }
        if (b->has_uh || b->has_attrs)
            return 1;
        slowlog_parse_userhost(sv_make(l.p + 12, l.n - 12), ev);
        b->has_uh = true;
        return 0;
    case SL_ATTRS:
    case SL_BARE_ATTRS:
        b->has_attrs = true;
        return slowlog_parse_attrs(l, &p->as, &p->f) < 0 ? -1 : 0;
    case SL_EXPLAIN:
        if (!b->explain_end)
            b->explain_at = ln->at;
        b->explain_end = ln->at + l.n;
        return 0;
    case SL_HASH_OTHER:
        bad_line(p, "unrecognised header line");
        return 0;
    default: /* SL_IGNORE, SL_BLANK */
        return 0;
    }
}

/* Lines after `# administrator command:` up to the next event: normally none. */
static int after_admin(struct slowlog *p, struct sl_ln *ln)
{
    for (;;) {
        advance(p, ln);
        int rc = fetch(p, p->pos, ln);
        if (rc <= 0)
            return rc;
        enum sl_line cls = slowlog_classify(ln->s);
        if (cls == SL_TIME || cls == SL_USERHOST || cls == SL_BANNER_START ||
            cls == SL_BANNER_OTHER || cls == SL_ATTRS)
            return 1;
        if (cls != SL_BLANK && cls != SL_IGNORE)
            bad_line(p, "text after administrator command skipped");
    }
}

/* A database name holding a newline: the server writes `use test` and `jfg;` on two lines, then
 * `SET timestamp=`. When the lines after an unterminated `use` line end in `;` and are followed by
 * the SET line, they are the name (up to 3 lines); ln is left on the name's last line. Returns 1 when
 * so, 0 when not, -1 on a read error. */
static int use_spanning_lines(struct slowlog *p, struct sl_ln *ln, struct sv *db)
{
    if (ln->s.n < 5 || memcmp(ln->s.p, "use ", 4) != 0 || ln->s.p[ln->s.n - 1] == ';')
        return 0;
    uint64_t first = ln->at;
    struct sl_ln cur = *ln, next, set;
    int found = 0;
    for (int k = 0; k < 3 && !found; k++) {
        int rc = fetch(p, cur.next, &next);
        if (rc < 0)
            return -1;
        if (rc == 0)
            break;
        if (next.s.n && next.s.p[next.s.n - 1] == ';') {
            rc = fetch(p, next.next, &set);
            if (rc < 0)
                return -1;
            found = rc > 0 && set.s.n >= 14 && memcmp(set.s.p, "SET timestamp=", 14) == 0 ? 1 : -1;
            break;
        }
        cur = next;
    }
    /* The look-ahead may have moved the window (a stream): every view is taken again from here. */
    if (found <= 0)
        return fetch(p, first, ln) < 0 ? -1 : 0;
    uint64_t name_end = next.at + next.s.n - 1, last = next.at;
    for (struct sl_ln l = *ln; l.at < last;) { /* count the lines of the name */
        advance(p, &l);
        if (fetch(p, p->pos, &l) <= 0)
            return -1;
    }
    if (fetch(p, last, ln) <= 0)
        return -1;
    *db = sv_make(wptr(p, first + 4), (size_t)(name_end - first - 4));
    return 1;
}

/* A `use` or `SET` line of the header, or the first statement line (returns 1). */
static int text_line(struct slowlog *p, struct event *ev, struct sl_build *b, struct sl_ln *ln)
{
    struct sv db;
    int span = !b->got_use && !b->got_set ? use_spanning_lines(p, ln, &db) : 0;
    if (span < 0)
        return -1;
    if (span || (!b->got_use && !b->got_set && slowlog_parse_use(ln->s, &db))) {
        b->got_use = true;
        p->use_db = db;
        set_carry_db(p, db);
        return 0;
    }
    if (!b->got_set) {
        int rc = slowlog_parse_set(ln->s, &p->as, &ev->set_timestamp);
        if (rc < 0)
            return -1;
        if (rc > 0) {
            b->got_set = true;
            return 0;
        }
    }
    return 1;
}

/* Builds one event from its first line ln, of class cls. Returns 1 with an event, 0 when there was
 * nothing to return (a lone # Time:), -1 on error. */
static int build_event(struct slowlog *p, struct event *ev, struct sl_ln *ln, enum sl_line cls)
{
    struct sl_build b = {0};
    /* b.got_use || b.got_set, kept apart: read from b right after its bytes were stored one by one,
     * it cost a store-forwarding stall per line */
    bool after_text = false;
    event_reset(p, ev, ln);
    for (bool first = true;; first = false) {
        if (!first)
            cls = slowlog_classify(ln->s);
        int rc;
        if (cls == SL_BANNER_START || cls == SL_BANNER_OTHER)
            break;
        if (cls == SL_ADMIN) {
            uint64_t a_at = ln->at;
            size_t a_len = ln->s.n;
            if (after_admin(p, ln) < 0) /* may move the window: read the line afterwards */
                return -1;
            admin_query(ev, sv_make(wptr(p, a_at), a_len));
            event_finish(p, ev, &b);
            return 1;
        }
        if (after_text && (cls == SL_HASH_OTHER || cls == SL_ATTRS || cls == SL_IGNORE ||
                           cls == SL_EXPLAIN || cls == SL_BARE_ATTRS))
            cls = SL_TEXT; /* the server writes nothing but the statement after use/SET */
        if (cls == SL_TEXT) {
            rc = text_line(p, ev, &b, ln);
            after_text |= rc == 0; /* a use or SET line */
            if (rc > 0) {
                uint64_t stmt = ln->at, end;
                if (read_statement(p, ln, &end, !b.got_set) < 0)
                    return -1;
                ev->query = trim_query(sv_make(wptr(p, stmt), (size_t)(end - stmt)));
                event_finish(p, ev, &b);
                return 1;
            }
        } else {
            rc = header_line(p, ev, &b, ln, cls);
            if (rc > 0)
                break;
        }
        if (rc < 0)
            return -1;
        advance(p, ln);
        rc = fetch(p, p->pos, ln);
        if (rc < 0)
            return -1;
        if (rc == 0 && p->as.n == 0) {
            /* A bare User@Host at the end of the input: the server was cut off while writing,
             * before anything worth counting (pt-query-digest drops it too). With metrics, the
             * event is kept below, with an empty statement: its time is real. */
            if (b.has_uh)
                diag_add(p->d, fname(p), ev->line, "event without metrics or statement at the end "
                         "of the input skipped");
            return 0;
        }
        if (rc == 0)
            break;
    }
    if (!b.has_uh)
        return 0; /* a lone # Time:, or attribute lines without user or statement: nothing */
    event_finish(p, ev, &b);
    return 1;
}

/* Attribute lines the servers write only after `# Query_time:` (or after Thread_id/Schema): one of
 * them outside an event means the input began mid-event, so it does not start one. */
static bool continuation_attrs(struct sv l)
{
    /* with their lengths: this runs for every event whose first line is an attribute line */
    static const struct {
        const char *s;
        size_t n;
    } names[] = {{"# Filesort:", 11}, {"# QC_Hit:", 9}, {"# QC_hit:", 9}, {"# Full_scan:", 12},
        {"#   InnoDB_", 11}, {"# InnoDB_", 9}, {"# Tmp_tables:", 13}, {"# Bytes_sent:", 13},
        {"# Rows_affected:", 16}, {"# Log_slow_rate_type:", 21}, {"# Pages_accessed:", 17},
        {"# Pages_read_time:", 18}, {"# Stored_routine:", 17}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (l.n >= names[i].n && l.p[2] == names[i].s[2] && memcmp(l.p, names[i].s, names[i].n) == 0)
            return true;
    return false;
}

/* Keeps ln, the line the event just built stopped at, for seek_event: unless the event ended at
 * the end of the input (then ln is an older line). */
static void hold(struct slowlog *p, const struct sl_ln *ln)
{
    p->held = *ln;
    p->has_held = ln->at == p->pos;
}

/* The held line when it is the line at pos and still in the window where it was found. */
static bool take_held(struct slowlog *p, struct sl_ln *ln)
{
    bool ok = p->has_held && p->held.at == p->pos && p->held.s.p == wptr(p, p->held.at) &&
              p->held.next - p->r->base <= p->r->n;
    p->has_held = false;
    if (ok)
        *ln = p->held;
    return ok;
}

/* Outside an event: skips banners, blank lines and junk up to the next event start. Returns 1 with
 * ln at an event start, 0 at the end (or at stop_at), -1 on error. */
static int seek_event(struct slowlog *p, struct sl_ln *ln, enum sl_line *clsp)
{
    for (;;) {
        p->anchor = p->pos;
        int rc = take_held(p, ln) ? 1 : fetch(p, p->pos, ln);
        if (rc <= 0)
            return rc;
        enum sl_line cls = *clsp = slowlog_classify(ln->s);
        bool start = cls == SL_TIME || cls == SL_USERHOST ||
                     (cls == SL_ATTRS && !continuation_attrs(ln->s));
        bool ban = cls == SL_BANNER_START || cls == SL_BANNER_OTHER;
        if ((start || ban) && ln->at >= p->o.stop_at) {
            p->stop_off = ln->at;
            return 0;
        }
        if (start) {
            p->junk_run = false;
            return 1;
        }
        if (ban) {
            banner(p, cls);
            p->junk_run = false;
        } else if (cls != SL_BLANK) {
            p->st.bad_lines++;
            if (!p->junk_run)
                diag_add(p->d, fname(p), p->line, "statement without header skipped");
            p->junk_run = true;
        }
        advance(p, ln);
    }
}

int slowlog_next_event(struct slowlog *p, struct event *ev)
{
    struct sl_ln ln;
    enum sl_line cls;
    while (!p->done) {
        int rc = seek_event(p, &ln, &cls);
        if (rc == 1) {
            rc = build_event(p, ev, &ln, cls);
            hold(p, &ln);
        }
        p->cur = NULL;
        if (rc == 1)
            return 1;
        if (rc < 0) {
            p->done = true;
            return -1;
        }
        if (p->pos >= p->r->base + p->r->n && p->r->eof) {
            p->stop_off = p->pos;
            p->done = true;
        } else if (p->stop_off != UINT64_MAX) {
            p->done = true;
        }
    }
    return p->read_error ? -1 : 0;
}

struct slowlog *slowlog_open(struct reader *r, struct attr_names *names, struct diag *d,
                             const struct slowlog_opts *o)
{
    struct slowlog *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->r = r;
    p->d = d;
    p->o = *o;
    p->as.names = names;
    p->pos = r->base;
    p->line = o->first_line ? o->first_line : 1;
    p->stop_off = UINT64_MAX;
    p->carry.ts_us = EVENT_TS_UNKNOWN;
    return p;
}

uint64_t slowlog_stop_offset(const struct slowlog *p)
{
    return p->stop_off == UINT64_MAX ? p->pos : p->stop_off;
}

void slowlog_get_carry(const struct slowlog *p, struct slowlog_carry *c) { *c = p->carry; }

void slowlog_set_carry(struct slowlog *p, const struct slowlog_carry *c)
{
    p->carry = *c;
    p->carry.db[sizeof p->carry.db - 1] = '\0';
}

const struct slowlog_stats *slowlog_stats(const struct slowlog *p) { return &p->st; }

void slowlog_close(struct slowlog *p)
{
    if (!p)
        return;
    sl_attrs_free(&p->as);
    free(p);
}
