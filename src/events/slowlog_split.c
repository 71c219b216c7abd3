/* Splitting a mapped slow log for parallel parsing, and the quote lexer the parser's quote rule
 * uses. A guessed boundary is a `# Time:` or `# User@Host:` line right after a line ending in `;`
 * (where the server ends every statement), or a server banner line; the guessed carry comes from
 * the last `# Time:` line, the last `use` line in header position and the number of banners before
 * the boundary. Both are guesses: the chunk before proves them, because its parser, run with
 * stop_at = the guess, stops exactly at the guess (and ends with the same carry) when it is right. */
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#include "events/slowlog.h"
#include "events/slowlog_int.h"

/* Inside a quoted literal: jumps from quote to quote with memchr, checking the span for a
 * backslash escape only when the quote type allows them. */
static size_t lex_quoted(int *st, const char *s, size_t n, size_t i, char q, bool esc, bool *closed)
{
    while (i < n) {
        const char *e = memchr(s + i, q, n - i);
        size_t qi = e ? (size_t)(e - s) : n;
        if (esc) {
            const char *bs = memchr(s + i, '\\', qi - i);
            if (bs) { /* skip the escaped byte and look again after it */
                i = (size_t)(bs - s) + 2;
                continue;
            }
        }
        if (!e)
            return n;
        if (qi + 1 < n && s[qi + 1] == q) { /* doubled quote: still inside */
            i = qi + 2;
            continue;
        }
        *st = SLX_NONE;
        *closed = true;
        return qi + 1;
    }
    return n;
}

/* Bytes that may change the lexer state outside literals. */
static const unsigned char lex_special[256] = {
    ['\''] = 1, ['"'] = 1, ['`'] = 1, ['/'] = 1, ['#'] = 1, ['-'] = 1,
};

/* Index of the next byte at or after i that may change the state outside literals: 16 bytes at a
 * time with SSE2 where available, since statements are mostly plain text between quotes. */
static size_t next_special(const char *s, size_t i, size_t n)
{
#if defined(__SSE2__)
    const __m128i c1 = _mm_set1_epi8('\''), c2 = _mm_set1_epi8('"'), c3 = _mm_set1_epi8('`');
    const __m128i c4 = _mm_set1_epi8('/'), c5 = _mm_set1_epi8('#'), c6 = _mm_set1_epi8('-');
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, c1), _mm_cmpeq_epi8(v, c2)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, c3), _mm_cmpeq_epi8(v, c4)));
        m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, c5), _mm_cmpeq_epi8(v, c6)));
        int mask = _mm_movemask_epi8(m);
        if (mask)
            return i + (size_t)__builtin_ctz((unsigned)mask);
    }
#endif
    while (i < n && !lex_special[(unsigned char)s[i]])
        i++;
    return i;
}

static size_t lex_none(int *st, const char *s, size_t n, size_t i)
{
    while ((i = next_special(s, i, n)) < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\'' || c == '"' || c == '`') {
            *st = c == '\'' ? SLX_SQ : c == '"' ? SLX_DQ : SLX_BQ;
            return i + 1;
        }
        if (c == '/' && i + 1 < n && s[i + 1] == '*') {
            *st = SLX_COMMENT;
            return i + 2;
        }
        if (c == '#' || (c == '-' && i + 2 < n && s[i + 1] == '-' &&
                         (s[i + 2] == ' ' || s[i + 2] == '\t' || s[i + 2] == '\n' ||
                          s[i + 2] == '\r'))) {
            *st = SLX_LINE_COMMENT;
            return i + 1;
        }
        i++;
    }
    return n;
}

/* Bytes that make the parity shortcut below unsafe: other quotes, escapes, comment starts. */
static const unsigned char parity_unsafe[256] = {
    ['"'] = 1, ['`'] = 1, ['\\'] = 1, ['#'] = 1,
};

/* Bits set in a 16-bit mask, without the library call __builtin_popcount becomes on the baseline
 * x86-64 that Debian builds for. */
static unsigned popcount16(unsigned m)
{
    m = m - ((m >> 1) & 0x5555u);
    m = (m & 0x3333u) + ((m >> 2) & 0x3333u);
    m = (m + (m >> 4)) & 0x0F0Fu;
    return (m + (m >> 8)) & 0x1Fu;
}

/* The parity scan's state between blocks: quotes seen, and whether the last byte was - or /. */
struct parity {
    uint64_t quotes;
    bool dash, slash;
};

/* Whether a block with these masks (bit i = byte i) may be taken by parity: no unsafe byte, no
 * "--" and no slash-star in it or across its start. *back is set when the pair crosses the start (then
 * the byte before the block must be lexed too). */
static bool block_safe(const struct parity *p, uint64_t bad, uint64_t dm, uint64_t sm, uint64_t tm,
                       bool *back)
{
    *back = (p->dash && (dm & 1)) || (p->slash && (tm & 1));
    return !bad && !*back && !(dm & (dm >> 1)) && !(sm & (tm >> 1));
}

#if defined(__x86_64__) && defined(__GNUC__)
/* 32 bytes at a time where the processor has AVX2 (checked at run time: the build targets the
 * baseline x86-64). Returns the bytes taken; *stop when it stopped at an unsafe block. */
__attribute__((target("avx2,popcnt"))) static size_t parity_avx2(struct parity *p, const char *s,
                                                                  size_t n, bool *stop)
{
    const __m256i q = _mm256_set1_epi8('\''), d = _mm256_set1_epi8('"'), b = _mm256_set1_epi8('`');
    const __m256i bs = _mm256_set1_epi8('\\'), h = _mm256_set1_epi8('#');
    const __m256i dash = _mm256_set1_epi8('-'), sl = _mm256_set1_epi8('/');
    const __m256i star = _mm256_set1_epi8('*');
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
        __m256i bad = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, d), _mm256_cmpeq_epi8(v, b)),
                                      _mm256_or_si256(_mm256_cmpeq_epi8(v, bs), _mm256_cmpeq_epi8(v, h)));
        uint32_t dm = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, dash));
        uint32_t sm = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, sl));
        uint32_t tm = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, star));
        bool back;
        if (!block_safe(p, (uint32_t)_mm256_movemask_epi8(bad), dm, sm, tm, &back)) {
            *stop = true;
            return back ? i - 1 : i;
        }
        p->dash = dm >> 31;
        p->slash = sm >> 31;
        /* this function may use the popcnt instruction: every AVX2 processor has it */
        p->quotes += (uint64_t)__builtin_popcount(
            (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, q)));
    }
    return i;
}
#endif

#if defined(__x86_64__) && defined(__GNUC__)
/* The bytes of v that stop the quote count: other quotes, backslash, #, and the first bytes of the
 * pairs -- and slash-star (w holds the bytes that follow those of v). */
__attribute__((target("avx2"))) static __m256i eol_stoppers(__m256i v, __m256i w)
{
    __m256i bad = _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('"')),
                                  _mm256_cmpeq_epi8(v, _mm256_set1_epi8('`')));
    bad = _mm256_or_si256(bad, _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\\')));
    bad = _mm256_or_si256(bad, _mm256_cmpeq_epi8(v, _mm256_set1_epi8('#')));
    __m256i dash = _mm256_set1_epi8('-');
    bad = _mm256_or_si256(bad, _mm256_and_si256(_mm256_cmpeq_epi8(v, dash), _mm256_cmpeq_epi8(w, dash)));
    __m256i slash = _mm256_cmpeq_epi8(v, _mm256_set1_epi8('/'));
    return _mm256_or_si256(bad, _mm256_and_si256(slash, _mm256_cmpeq_epi8(w, _mm256_set1_epi8('*'))));
}

/* Whether the 64 bytes at s (v0, v1) hold a byte that stops the quote count; reads s[64]. */
__attribute__((target("avx2"))) static bool eol_block_unsafe(const char *s, __m256i v0, __m256i v1)
{
    __m256i w0 = _mm256_loadu_si256((const __m256i *)(const void *)(s + 1));
    __m256i w1 = _mm256_loadu_si256((const __m256i *)(const void *)(s + 33));
    __m256i bad = _mm256_or_si256(eol_stoppers(v0, w0), eol_stoppers(v1, w1));
    return !_mm256_testz_si256(bad, bad);
}

/* The single quotes among the 32 bytes of v. */
__attribute__((target("avx2,popcnt"))) static unsigned eol_quotes(__m256i v)
{
    return (unsigned)__builtin_popcount(
        (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\''))));
}

/* sl_find_eol 64 bytes at a time (it reads s[64] of each block, hence n > 64): the quotes of the
 * blocks without an unsafe byte are counted, from the block after the last unsafe one (a dump's
 * INSERT INTO `tbl` VALUES has its backquotes in the first block). Returns the index of the '\n'
 * with *found, else where memchr is to go on from. */
__attribute__((target("avx2,popcnt"))) static size_t eol_avx2(const char *s, size_t n,
                                                               struct sl_quotes *q, bool *found)
{
    const __m256i nl = _mm256_set1_epi8('\n');
    uint64_t quotes = 0;
    size_t i = 0, from = 0;
    for (; i + 65 <= n; i += 64) {
        __m256i v0 = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
        __m256i v1 = _mm256_loadu_si256((const __m256i *)(const void *)(s + i + 32));
        uint64_t m = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v0, nl)) |
                     (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v1, nl)) << 32;
        if (m) {
            *found = true;
            i += (size_t)__builtin_ctzll(m);
            break;
        }
        if (eol_block_unsafe(s + i, v0, v1)) {
            from = i + 64;
            quotes = 0;
            continue;
        }
        quotes += eol_quotes(v0) + eol_quotes(v1);
        if (i + 64 - from > q->to - q->from) { /* the longest run counted */
            q->from = from;
            q->to = i + 64;
            q->odd = quotes & 1;
        }
    }
    return i;
}
#endif

/* Whether sl_lex stopped at `from` leaves the state it has there when it goes on: no escape,
 * slash-star, star-slash or -- is cut (the lexer looks up to two bytes ahead). */
static bool lex_can_stop_at(const char *s, size_t from)
{
    if (from == 0)
        return true;
    char c = s[from - 1];
    return c != '\\' && c != '/' && c != '*' && c != '-' && !(from >= 2 && s[from - 2] == '-');
}

size_t sl_find_eol(const char *s, size_t n, struct sl_quotes *q)
{
    size_t i = 0;
    *q = (struct sl_quotes){0, 0, false};
#if defined(__x86_64__) && defined(__GNUC__)
    if (n > 64 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt")) {
        bool found = false;
        i = eol_avx2(s, n, q, &found);
        if (!lex_can_stop_at(s, q->from))
            *q = (struct sl_quotes){0, 0, false};
        if (found)
            return i;
    }
#endif
    const char *e = memchr(s + i, '\n', n - i);
    return e ? (size_t)(e - s) : n;
}

/* The common statement, dumps of multi-row INSERTs above all: single quotes are the only bytes that
 * change the lexer state (no other quote, no backslash, no #, no -- and no slash-star). Then the
 * state after a run of such bytes is the state before, flipped once per quote (a doubled '' flips
 * twice), which is counted 16 or 32 bytes at a time. Takes bytes from s while that holds and returns
 * how many it took (the state updated for them); the caller lexes what follows. */
static size_t parity_prefix(int *st, const char *s, size_t n)
{
    struct parity p = {0};
    size_t i = 0;
    bool stop = false;
#if defined(__x86_64__) && defined(__GNUC__)
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt"))
        i = parity_avx2(&p, s, n, &stop);
#endif
#if defined(__SSE2__)
    const __m128i q = _mm_set1_epi8('\''), d = _mm_set1_epi8('"'), b = _mm_set1_epi8('`');
    const __m128i bs = _mm_set1_epi8('\\'), h = _mm_set1_epi8('#'), dash = _mm_set1_epi8('-');
    const __m128i sl = _mm_set1_epi8('/'), star = _mm_set1_epi8('*');
    for (; !stop && i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, b)),
                                   _mm_or_si128(_mm_cmpeq_epi8(v, bs), _mm_cmpeq_epi8(v, h)));
        unsigned dm = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, dash));
        unsigned sm = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, sl));
        unsigned tm = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, star));
        bool back;
        if (!block_safe(&p, (unsigned)_mm_movemask_epi8(bad), dm, sm, tm, &back)) {
            stop = true;
            i = back ? i - 1 : i;
            break;
        }
        p.dash = (dm >> 15) & 1;
        p.slash = (sm >> 15) & 1;
        p.quotes += popcount16((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, q)));
    }
#endif
    for (; !stop && i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (parity_unsafe[c] || (c == '-' && p.dash) || (c == '*' && p.slash)) {
            i -= (c == '-' && p.dash) || (c == '*' && p.slash); /* lex the pair's first byte too */
            break;
        }
        p.dash = c == '-';
        p.slash = c == '/';
        p.quotes += c == '\'';
    }
    if (p.quotes & 1)
        *st = *st == SLX_NONE ? SLX_SQ : SLX_NONE;
    return i;
}

size_t sl_lex(int *st, const char *s, size_t n, bool stop_on_close)
{
    size_t i = 0, fast_from = stop_on_close ? SIZE_MAX : 0;
    while (i < n) {
        /* Count quotes while only single quotes matter; lex what stops the count, one token at a
         * time, for a little while (a `name` in backquotes, say), then count again. */
        if (i >= fast_from && (*st == SLX_NONE || *st == SLX_SQ)) {
            i += parity_prefix(st, s + i, n - i);
            if (i >= n)
                return n;
            fast_from = i + 64;
        }
        bool closed = false;
        switch (*st) {
        case SLX_NONE:
            i = lex_none(st, s, n, i);
            break;
        case SLX_SQ:
            i = lex_quoted(st, s, n, i, '\'', true, &closed);
            break;
        case SLX_DQ:
            i = lex_quoted(st, s, n, i, '"', true, &closed);
            break;
        case SLX_BQ:
            i = lex_quoted(st, s, n, i, '`', false, &closed);
            break;
        case SLX_COMMENT: {
            const char *e = i < n ? memmem(s + i, n - i, "*/", 2) : NULL;
            if (!e)
                return n;
            *st = SLX_NONE;
            closed = true;
            i = (size_t)(e - s) + 2;
            break;
        }
        default: { /* line comment: to the end of the line */
            const char *e = memchr(s + i, '\n', n - i);
            if (!e)
                return n;
            *st = SLX_NONE;
            i = (size_t)(e - s) + 1;
            break;
        }
        }
        if (closed && stop_on_close)
            return i;
    }
    return n;
}

/* The line [b, e) before the line starting at `at` (data[at-1] == '\n'); empty when at == 0. */
static struct sv prev_line(const char *data, size_t at)
{
    if (at == 0)
        return SV_NULL;
    size_t e = at - 1, b = e;
    while (b > 0 && data[b - 1] != '\n')
        b--;
    return sl_chomp(sv_make(data + b, e - b));
}

static bool ends_semi(struct sv l)
{
    while (l.n && (l.p[l.n - 1] == ' ' || l.p[l.n - 1] == '\t'))
        l.n--;
    return l.n && l.p[l.n - 1] == ';';
}

uint64_t slowlog_guess_boundary(const char *data, size_t n, uint64_t from)
{
    if (from == 0)
        return 0;
    size_t at = (size_t)from;
    if (at >= n)
        return n;
    if (data[at - 1] != '\n') {
        const char *nl = memchr(data + at, '\n', n - at);
        if (!nl)
            return n;
        at = (size_t)(nl - data) + 1;
    }
    while (at < n) {
        const char *nl = memchr(data + at, '\n', n - at);
        size_t e = nl ? (size_t)(nl - data) : n;
        struct sv l = sl_chomp(sv_make(data + at, e - at));
        bool hdr = l.n > 7 && l.p[0] == '#' &&
                   (memcmp(l.p, "# Time:", 7) == 0 ||
                    (l.n >= 12 && memcmp(l.p, "# User@Host:", 12) == 0));
        if (hdr && ends_semi(prev_line(data, at)))
            return at;
        if (!hdr && slowlog_is_banner_start(l))
            return at;
        at = e + 1;
    }
    return n;
}

void slowlog_scanback_init(struct slowlog_scanback *sb, size_t at, struct slowlog_carry *c)
{
    memset(sb, 0, sizeof *sb);
    sb->e = at;
    memset(c, 0, sizeof *c);
    c->ts_us = EVENT_TS_UNKNOWN;
}

/* Scans backwards one line at a time (memrchr), for the last readable `# Time:` line and the last
 * `use db;` line in header position (right after a # line). */
bool slowlog_scanback_step(const char *data, struct slowlog_scanback *sb, size_t stop,
                           const struct tzone *tz, struct slowlog_carry *c)
{
    size_t e = sb->e;
    while (e > stop && !(sb->have_time && sb->have_db)) {
        size_t le = data[e - 1] == '\n' ? e - 1 : e;
        const char *nl = le ? memrchr(data, '\n', le) : NULL;
        size_t b = nl ? (size_t)(nl - data) + 1 : 0;
        struct sv l = sl_chomp(sv_make(data + b, le - b));
        struct sv uh, db;
        int64_t t;
        if (!sb->have_time && l.n > 7 && memcmp(l.p, "# Time:", 7) == 0 &&
            slowlog_parse_time(l, tz, &t, &uh)) {
            c->ts_us = t;
            sb->have_time = true;
        } else if (!sb->have_db && l.n > 4 && memcmp(l.p, "use ", 4) == 0) {
            struct sv prev = prev_line(data, b);
            if (prev.n && prev.p[0] == '#' && slowlog_parse_use(l, &db)) {
                size_t n = db.n < sizeof c->db - 1 ? db.n : sizeof c->db - 1;
                memcpy(c->db, db.p, n);
                c->db[n] = '\0';
                sb->have_db = true;
            }
        }
        e = b;
    }
    sb->e = e;
    return e == 0 || (sb->have_time && sb->have_db);
}

/* Banner lines whose ", Version: " starts in [from, to) of the n bytes at data. */
static uint32_t count_banners(const char *data, size_t from, size_t to, size_t n)
{
    uint32_t banners = 0;
    for (size_t i = from; i < to;) {
        /* ", Version: " starting in [from, to): the needle may run past to, never past n. */
        size_t span = (to - i) + 10 < n - i ? (to - i) + 10 : n - i;
        const char *v = memmem(data + i, span, ", Version: ", 11);
        if (!v)
            break;
        size_t p = (size_t)(v - data);
        size_t b = p;
        while (b > 0 && data[b - 1] != '\n')
            b--;
        const char *nl = memchr(data + p, '\n', n - p);
        size_t e = nl ? (size_t)(nl - data) : n;
        if (nl && slowlog_is_banner_start(sl_chomp(sv_make(data + b, e - b))))
            banners++;
        i = p + 11;
    }
    return banners;
}

void slowlog_guess_carry(const char *data, size_t at, const struct tzone *tz,
                         struct slowlog_carry *c)
{
    struct slowlog_scanback sb;
    slowlog_scanback_init(&sb, at, c);
    slowlog_scanback_step(data, &sb, 0, tz, c);
    c->restarts = count_banners(data, 0, at, at);
}
