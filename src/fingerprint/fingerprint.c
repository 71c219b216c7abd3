/* fp_fingerprint: pt-query-digest 3.5.7's QueryRewriter::fingerprint, byte for byte, as one pass of
 * a hand-written lexer (after SQLite's tokenize.c: a byte-class table and a switch) instead of a
 * chain of eighteen regular expressions. The rules and their quirks are listed in
 * ../shared/reference/pt-query-digest.md §1; each piece of the lexer names the rule it emulates.
 *
 * How the chain becomes one pass: the Perl rules run one after another over the whole string, so a
 * later rule sees the output of the earlier ones. The lexer reads the input once, left to right, and
 * at each byte applies the earliest rule that claims it: comments (rules 6, 7) before escapes (9a-e)
 * before double-quoted then single-quoted strings (9f, 9g) before booleans (10), MD5s (11) and
 * numbers (12). What it emits goes through emit_*, which applies the rules that look at the rewritten
 * text (13: `[xb.+-]?` → `?`; 14: whitespace, lower case, NULL; 15: IN/VALUES lists) to the tail of
 * the output. Rules 16-18 need whole-statement context and run afterwards (fp_post.c); rules 1-5 run before
 * (fp_pre.c).
 *
 * Removed bytes join their neighbours, as in Perl: lx_next gives rules 10-12 the next byte that
 * survives. Checked against a transcription of the Perl rules on the corpus statements and on 300,000
 * random token soups. Known divergences, on inputs no client sends: a run of backslashes split by a
 * comment counts as two runs; the UNION rule gives up after a bounded amount of work (fp_post.c). */
#include "fingerprint/fingerprint.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "fingerprint/fp_int.h"

const unsigned char fp_cclass[256] = {
      0,   0,   0,   0,   0,   0,   0,   0,   0,  18,  18,   2,  18,  18,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
     18,   0,   0, 128,   0,   0,   0,   0,   0,   0,   0,   4,   0, 132,   4, 128,
     13,  13,  13,  13,  13,  13,  13,  13,  13,  13,   0,   0,   0,   0,   0,   0,
      0,  97,  97,  97,  97,  97,  33,  97,  97,  97,  97,  97,  97,  97,  97,  97,
     97,  97,  97,  97,  33,  97,  97,  97,  97,  97,  97,   0, 128,   0,   0,  33,
      0, 109, 109, 109, 109, 109,  45,  97,  97,  97,  97,  97,  97,  97,  97,  97,
     97,  97,  97,  97,  33,  97,  97,  97, 101,  97,  97,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
};

#define NONE SIZE_MAX

struct lx {
    const unsigned char *s;
    size_t n;
    unsigned flags;
    struct fp_state *st;
    char *o;              /* output, room reserved up front */
    size_t w;             /* bytes written */
    unsigned char last_raw; /* input byte behind o[w-1] when rule 13 may absorb it, else 0 */
    unsigned char ps_prev;  /* previous byte of the text rule 10 sees (after strings), 0 at start */
    unsigned char pn_prev;  /* … and of the text rule 12 sees (after MD5s too) */
    bool ws_pending;      /* a run of collapsible white space is waiting (rule 14) */
    bool ws_one_nl;       /* … and it is exactly one "\n" so far (what chomp removes at the end) */
    size_t qlist_end;     /* output length right after the last `in(?+)`, for repeated lists */
    bool started;         /* some byte survived comment and escape removal (the strings need one) */
    bool dq_adj, sq_adj;  /* the previous byte closed a "…" / '…' string: the next quote can't open */
    size_t mlc_none;      /* no comment closes after here */
    size_t olc_fail_from, olc_fail_until; /* a `--`/`#` in here runs into a quote on its line */
    size_t dq_none, sq_none; /* no closing quote after here */
    unsigned words;       /* FP_SAW_*: the keywords rules 16-18 look for, seen as whole words */
};

/* ---- rule 6 and 7: comments ----------------------------------------------------------------- */

/* End of the slash-star comment starting at i (after its closing star-slash), or 0. Slash-star-bang
 * is not a comment, and the closer can't share the opener's star, hence slash-star-star-slash runs on
 * to the next closer. */
static size_t lx_mlc_end(struct lx *l, size_t i)
{
    if (i + 3 >= l->n || l->s[i] != '/' || l->s[i + 1] != '*' || l->s[i + 2] == '!' || i >= l->mlc_none)
        return 0;
    const unsigned char *e = memmem(l->s + i + 3, l->n - i - 3, "*/", 2);
    if (!e) {
        l->mlc_none = i;
        return 0;
    }
    return (size_t)(e - l->s) + 2;
}

/* The first byte at or after j that is not inside a slash-star comment. */
static size_t lx_after_mlc(struct lx *l, size_t j)
{
    size_t e;
    while (j < l->n && l->s[j] == '/' && (e = lx_mlc_end(l, j)) != 0)
        j = e;
    return j;
}

/* Where the body of a one-line comment starting at i begins (after `#` or `--`), or 0 when none
 * starts there. The two dashes may have a slash-star comment between them: it went first. */
static size_t lx_olc_body(struct lx *l, size_t i)
{
    if (l->s[i] == '#')
        return i + 1;
    if (l->s[i] != '-')
        return 0;
    size_t j = lx_after_mlc(l, i + 1);
    return j < l->n && l->s[j] == '-' ? j + 1 : 0;
}

static bool lx_olc_start(struct lx *l, size_t i)
{
    return lx_olc_body(l, i) != 0;
}

/* End (the line break, kept) of the one-line comment starting at i, or 0 when the rest of its line
 * holds a quote. Comments inside the line were removed first, so they are skipped. */
static size_t lx_olc_end(struct lx *l, size_t i)
{
    if (i >= l->olc_fail_from && i < l->olc_fail_until)
        return 0;
    size_t j = lx_olc_body(l, i);
    while (j < l->n) {
        unsigned char c = l->s[j];
        if (c == '\n' || c == '\r')
            return j;
        if (c == '\'' || c == '"') {
            l->olc_fail_from = i;
            l->olc_fail_until = j;
            return 0;
        }
        size_t e = c == '/' ? lx_mlc_end(l, j) : 0;
        j = e ? e : j + 1;
    }
    return l->n;
}

/* ---- rule 9a-e: escapes --------------------------------------------------------------------- */

/* At a backslash: pairs of backslashes vanish, and a lone one vanishes with a quote after it.
 * Returns the index after what was consumed; *lone says one backslash survives as a character. */
static size_t lx_escape(const struct lx *l, size_t i, bool *lone)
{
    size_t j = i;
    while (j < l->n && l->s[j] == '\\')
        j++;
    *lone = false;
    if ((j - i) % 2 == 0)
        return j;
    if (j < l->n && (l->s[j] == '\'' || l->s[j] == '"'))
        return j + 1;
    *lone = true;
    return j;
}

/* The first byte at or after j that survives comment and escape removal: what rules 10-12 see next
 * (a comment or an escaped quote between two bytes joins them). A lone backslash survives. */
static size_t lx_next_slow(struct lx *l, size_t j)
{
    while (j < l->n) {
        unsigned char c = l->s[j];
        size_t e = 0;
        bool lone;
        if (c == '/')
            e = lx_mlc_end(l, j);
        else if ((c == '-' || c == '#') && lx_olc_start(l, j))
            e = lx_olc_end(l, j);
        else if (c == '\\') {
            e = lx_escape(l, j, &lone);
            if (lone)
                return e - 1;
        }
        if (!e)
            return j;
        j = e;
    }
    return j;
}

/* Most bytes can start neither a comment nor an escape: those are their own next byte. */
static inline size_t lx_next(struct lx *l, size_t j)
{
    if (j < l->n && !(fp_cclass[l->s[j]] & FP_CC_SKIP))
        return j;
    return lx_next_slow(l, j);
}

/* ---- rule 9f and 9g: strings ---------------------------------------------------------------- */

/* `".*?[^\\]?"` prefers a closing quote two bytes on: an empty string followed by the same quote
 * (`"""`, `'''`) takes all three. */
static size_t lx_empty_string_close(struct lx *l, size_t open, size_t close)
{
    if (lx_next(l, open + 1) != close)
        return close;
    size_t d = lx_next(l, close + 1);
    return d < l->n && l->s[d] == l->s[open] ? d : close;
}

/* The closing quote of "…" opened at i, or 0: the next double quote once comments and escaped
 * quotes are gone. */
static size_t lx_dq_close(struct lx *l, size_t i)
{
    if (i >= l->dq_none)
        return 0;
    size_t j = i + 1;
    while (j < l->n) {
        unsigned char c = l->s[j];
        if (c == '"')
            return lx_empty_string_close(l, i, j);
        if (c == '\\') {
            bool lone;
            j = lx_escape(l, j, &lone);
        } else {
            size_t e = c == '/' ? lx_mlc_end(l, j) : 0;
            j = e ? e : j + 1;
        }
    }
    l->dq_none = i;
    return 0;
}

/* The closing quote of '…' opened at i, or 0. Double-quoted strings were replaced before single
 * ones, so a "…" inside (or starting inside) hides its bytes. */
static size_t lx_sq_close(struct lx *l, size_t i)
{
    if (i >= l->sq_none)
        return 0;
    bool dq_adj = false;
    size_t j = i + 1;
    while (j < l->n) {
        unsigned char c = l->s[j];
        size_t k;
        bool lone;
        if (c == '\'')
            return lx_empty_string_close(l, i, j);
        if (c == '"' && !dq_adj && (k = lx_dq_close(l, j)) != 0) {
            j = k + 1;
            dq_adj = true;
        } else if (c == '\\') {
            j = lx_escape(l, j, &lone);
            dq_adj = dq_adj && !lone;
        } else if (c == '/' && (k = lx_mlc_end(l, j)) != 0) {
            j = k;
        } else {
            j++;
            dq_adj = false;
        }
    }
    l->sq_none = i;
    return 0;
}

/* ---- the output side: rules 13, 14 and 15 on the tail of what is written -------------------- */

/* A word of the output ends (a non-word byte follows): rule 14's `\bnull\b`, and a note of the
 * keywords that rules 16-18 need, so that their passes run only when they can apply. */
static inline void out_null_check(struct lx *l)
{
    size_t w = l->w;
    const char *o = l->o;
    if (w < 4 || !fp_is_word((unsigned char)o[w - 1]))
        return;
    if (o[w - 1] == 'l' && memcmp(o + w - 4, "null", 4) == 0 && (w == 4 || !fp_is_word((unsigned char)o[w - 5]))) {
        l->w = w - 3;
        l->o[w - 4] = '?';
    } else if ((o[w - 1] == 'n' || o[w - 1] == 't' || o[w - 1] == 'r') && w >= 5 &&
               (w == 5 || !fp_is_word((unsigned char)o[w - 6]))) { /* the last letters of the three */
        if (memcmp(o + w - 5, "union", 5) == 0)
            l->words |= FP_SAW_UNION;
        else if (memcmp(o + w - 5, "limit", 5) == 0)
            l->words |= FP_SAW_LIMIT;
        else if (memcmp(o + w - 5, "order", 5) == 0)
            l->words |= FP_SAW_ORDER;
    }
}

static void out_flush_ws(struct lx *l)
{
    if (l->ws_pending) {
        l->o[l->w++] = ' ';
        l->ws_pending = false;
    }
}

/* Rule 15 when a ")" was just written: a list of only `?`, commas and spaces after `in`, `value` or
 * `values` (or right after such a collapsed list) becomes `(?+)`. */
static void out_qlist_check(struct lx *l)
{
    const char *o = l->o;
    size_t j = l->w - 1;
    while (j > 0 && (o[j - 1] == '?' || o[j - 1] == ',' || o[j - 1] == ' ' || o[j - 1] == '\v'))
        j--;
    if (j == 0 || o[j - 1] != '(')
        return;
    size_t q = j - 1;
    while (q > 0 && (o[q - 1] == ',' || o[q - 1] == ' ' || o[q - 1] == '\v'))
        q--;
    if (!(l->qlist_end != 0 && q == l->qlist_end)) {
        size_t k;
        if (q >= 2 && memcmp(o + q - 2, "in", 2) == 0)
            k = q - 2;
        else if (q >= 6 && memcmp(o + q - 6, "values", 6) == 0)
            k = q - 6;
        else if (q >= 5 && memcmp(o + q - 5, "value", 5) == 0)
            k = q - 5;
        else
            return;
        if (k > 0 && fp_is_word((unsigned char)o[k - 1]))
            return;
        memcpy(l->o + q, "(?+)", 4);
        q += 4;
    }
    l->w = q;
    l->qlist_end = q;
}

/* A `?` (a literal, string, number, boolean or MD5): rule 13 absorbs one `[xb.+-]` before it. */
static void emit_q(struct lx *l)
{
    unsigned char r = l->last_raw;
    if (r == 'x' || r == 'b' || r == '+' || r == '-' || (r == '.' && !(l->flags & FP_MATCH_MD5_CHECKSUMS)))
        l->w--;
    out_flush_ws(l);
    out_null_check(l);
    l->o[l->w++] = '?';
    l->last_raw = 0;
}

static inline void emit_char(struct lx *l, unsigned char c)
{
    unsigned char cls = fp_cclass[c];
    if (cls & FP_CC_SPACE) {
        if (l->w == 0 && !l->ws_pending)
            return; /* `s/\A\s+//` */
        if (cls & FP_CC_TR) {
            if (!l->ws_pending)
                out_null_check(l);
            l->ws_one_nl = !l->ws_pending && c == '\n';
            l->ws_pending = true;
            l->last_raw = 0;
            return;
        }
    }
    if (c == '?') {
        emit_q(l);
        return;
    }
    out_flush_ws(l);
    if (!(cls & FP_CC_WORD))
        out_null_check(l);
    l->o[l->w++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    l->last_raw = c;
    if (c == ')')
        out_qlist_check(l);
}

/* ---- rules 10-12: booleans, MD5 checksums, numbers ------------------------------------------ */

/* `true` or `false` (any case) at i, ending a word: the index after its last byte, else 0. */
static size_t lx_bool_at(struct lx *l, size_t i)
{
    const char *w = (l->s[i] | 0x20) == 't' ? "true" : "false";
    size_t j = i, last = i;
    for (size_t k = 0; w[k]; k++) {
        if (j >= l->n || (l->s[j] | 0x20) != w[k])
            return 0;
        last = j;
        j = lx_next(l, j + 1);
    }
    return (j < l->n && fp_is_word(l->s[j])) ? 0 : last + 1;
}

/* `[._-][a-f0-9]{32}` at i under --match-md5-checksums: the index after it, else 0. */
static size_t lx_md5_at(struct lx *l, size_t i)
{
    if (!(l->flags & FP_MATCH_MD5_CHECKSUMS))
        return 0;
    size_t j = lx_next(l, i + 1), last = i;
    for (int k = 0; k < 32; k++) {
        if (j >= l->n || !(fp_cclass[l->s[j]] & FP_CC_HEX))
            return 0;
        last = j;
        j = lx_next(l, j + 1);
    }
    return last + 1;
}

static bool lx_number_start(const struct lx *l, unsigned char c)
{
    if (!(l->flags & FP_MATCH_EMBEDDED_NUMBERS))
        return (c >= '0' && c <= '9') || c == '+' || c == '-';
    if (c >= '0' && c <= '9')
        return !fp_is_word(l->pn_prev);
    return (c == '+' || c == '-') && fp_is_word(l->pn_prev);
}

/* End of the number run starting at i: `[0-9a-f.xb+-]*` over the bytes that survive comments and
 * escapes, stopped where an earlier rule already took the bytes (an MD5, a `false`). Returns the
 * index after the run's last byte, which goes into *last. */
static size_t lx_number_end(struct lx *l, size_t i, unsigned char *lastc, size_t *md5_end)
{
    size_t last = i, j = lx_next(l, i + 1);
    *md5_end = 0;
    while (j < l->n) {
        unsigned char c = l->s[j];
        if (!(fp_cclass[c] & FP_CC_NUM))
            break;
        if ((c == '.' || c == '-') && (*md5_end = lx_md5_at(l, j)) != 0) {
            last = j; /* the separator stays and joins the run; the checksum is already `?` */
            break;
        }
        if (c == 'f' && !fp_is_word(l->s[last]) && lx_bool_at(l, j))
            break;
        last = j;
        j = lx_next(l, j + 1);
    }
    *lastc = l->s[last];
    return last + 1;
}

/* A byte that no comment, escape or string claimed. Returns the index after what it consumed. */
static size_t lx_plain(struct lx *l, size_t i)
{
    unsigned char c = l->s[i];
    size_t k, m;
    l->started = true;
    l->dq_adj = l->sq_adj = false;
    if ((c == '.' || c == '_' || c == '-') && (m = lx_md5_at(l, i)) != 0) {
        if (lx_number_start(l, c))
            emit_q(l); /* the `-` alone is a number once the checksum is `?` */
        else
            emit_char(l, c);
        emit_q(l);
        l->ps_prev = l->s[m - 1]; /* rule 10 ran before the checksum became `?` */
        l->pn_prev = '?';
        return m;
    }
    if ((c | 0x20) == 't' || (c | 0x20) == 'f') {
        if (!fp_is_word(l->ps_prev) && (k = lx_bool_at(l, i)) != 0) {
            emit_q(l);
            l->ps_prev = l->pn_prev = '?';
            return k;
        }
    } else if (lx_number_start(l, c)) {
        k = lx_number_end(l, i, &l->ps_prev, &m);
        emit_q(l);
        l->pn_prev = l->ps_prev;
        if (!m)
            return k;
        emit_q(l);
        l->ps_prev = l->s[m - 1];
        l->pn_prev = '?';
        return m;
    }
    emit_char(l, c);
    l->ps_prev = l->pn_prev = c;
    return i + 1;
}

static size_t lx_quote(struct lx *l, size_t i)
{
    unsigned char c = l->s[i];
    size_t k = 0;
    if (c == '"' && l->started && !l->dq_adj)
        k = lx_dq_close(l, i);
    else if (c == '\'' && l->started && !l->sq_adj)
        k = lx_sq_close(l, i);
    if (!k) {
        emit_char(l, c);
        l->ps_prev = l->pn_prev = c;
        l->started = true;
        l->dq_adj = l->sq_adj = false;
        return i + 1;
    }
    emit_q(l);
    l->ps_prev = l->pn_prev = '?';
    l->dq_adj = c == '"';
    l->sq_adj = c == '\'';
    return k + 1;
}

/* Eight bytes at a time: the high bit of each byte of the result is set where x holds a byte in
 * [lo, hi] (ASCII; bytes >= 0x80 never match). */
static inline uint64_t swar_in_range(uint64_t x, unsigned char lo, unsigned char hi)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t h = x & ~high;
    return (h + ones * (0x80u - lo)) & ~(h + ones * (0x7fu - hi)) & ~x & high;
}

/* How many of the 8 bytes at s (all readable) continue a run of letters, and their lower-case copy
 * in d (all 8 written: the caller keeps only the run). `_` continues it unless md5. */
static inline size_t lx_letters8(const unsigned char *s, char *d, bool md5)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t x;
    memcpy(&x, s, 8);
    uint64_t upper = swar_in_range(x, 'A', 'Z');
    uint64_t run = upper | swar_in_range(x, 'a', 'z');
    if (!md5) {
        uint64_t t = x ^ (ones * '_');
        run |= ~(((t & ~high) + ~high) | t | ~high);
    }
    uint64_t lower = x | (upper >> 2);
    memcpy(d, &lower, 8);
    uint64_t stop = ~run & high;
    return stop ? (size_t)__builtin_ctzll(stop) / 8 : 8;
}

/* The common case, a run of letters that starts no boolean: copied lower-cased. Inside a word no
 * rule but 12 (digits) applies, and `_` stops the run for --match-md5-checksums. The output has
 * room for 8 bytes past any run (fp_fingerprint reserves it). */
static size_t lx_letters(struct lx *l, size_t i)
{
    bool md5 = l->flags & FP_MATCH_MD5_CHECKSUMS;
    unsigned char md5_stop = md5 ? '_' : 0;
    size_t j = i, n = l->n;
    const unsigned char *s = l->s;
    char *o = l->o;
    size_t w = l->w;
    if (l->ws_pending) {
        o[w++] = ' ';
        l->ws_pending = false;
    }
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (j + 8 <= n) {
        size_t k = lx_letters8(s + j, o + w, md5);
        j += k;
        w += k;
        if (k < 8)
            goto done;
    }
#endif
    if (j == i) { /* the first byte is a letter already */
        o[w++] = (char)(s[j] >= 'A' && s[j] <= 'Z' ? s[j] + 32 : s[j]);
        j++;
    }
    for (; j < n && (fp_cclass[s[j]] & FP_CC_ALPHA) && s[j] != md5_stop; j++)
        o[w++] = (char)(s[j] >= 'A' && s[j] <= 'Z' ? s[j] + 32 : s[j]);
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
done:
#endif
    l->w = w;
    l->last_raw = l->ps_prev = l->pn_prev = s[j - 1];
    l->started = true;
    l->dq_adj = l->sq_adj = false;
    return j;
}

static void lx_keep_comment(struct lx *l, size_t i, size_t end)
{
    struct fp_state *st = l->st;
    if (st->ncomments < FP_MAX_COMMENTS)
        st->comments[st->ncomments++].text = sv_make((const char *)l->s + i + 2, end - i - 4);
}

static void lx_run(struct lx *l)
{
    size_t i = 0;
    while (i < l->n) {
        unsigned char c = l->s[i];
        size_t e;
        bool lone;
        if (fp_cclass[c] & FP_CC_FAST) { /* most bytes: tested before the switch's jump table */
            i = lx_letters(l, i);
            continue;
        }
        switch (c) {
        case '/':
            if ((e = lx_mlc_end(l, i)) != 0) {
                lx_keep_comment(l, i, e);
                i = e;
                continue;
            }
            break;
        case '-':
        case '#':
            if (lx_olc_start(l, i) && (e = lx_olc_end(l, i)) != 0) {
                i = e;
                continue;
            }
            break;
        case '\\':
            i = lx_escape(l, i, &lone);
            if (lone) {
                emit_char(l, '\\');
                l->ps_prev = l->pn_prev = '\\';
                l->started = true;
                l->dq_adj = l->sq_adj = false;
            }
            continue;
        case '\'':
        case '"':
            i = lx_quote(l, i);
            continue;
        case ' ':
            if (l->w != 0 || l->ws_pending) {
                if (!l->ws_pending)
                    out_null_check(l);
                l->ws_pending = true;
                l->ws_one_nl = false;
                l->last_raw = 0;
            }
            l->ps_prev = l->pn_prev = ' ';
            l->started = true;
            l->dq_adj = l->sq_adj = false;
            i++;
            continue;
        default:
            break;
        }
        i = lx_plain(l, i);
    }
    out_null_check(l);
    if (l->ws_pending && !l->ws_one_nl)
        l->o[l->w++] = ' '; /* chomp took a single trailing "\n"; other trailing space stays */
}

/* ---- rules 1-5 and 8: the statements returned early or cut short (1-5 in fp_pre.c) ------- */

static bool has_prefix(const unsigned char *s, size_t n, const char *p)
{
    size_t k = strlen(p);
    return n >= k && memcmp(s, p, k) == 0;
}

/* Rule 8: after comments are removed, `use \S+` is the whole statement → `use ?` (a final "\n"
 * survives: the rule returns before chomp). Builds the comment-free text in scratch only while it
 * can still start with "use ". Returns 1 when it applied, 0 when not, -1 when out of memory. */
static int fp_use_rule(struct lx *l, struct buf *scratch, struct buf *out)
{
    unsigned char c0 = l->n ? l->s[0] : 0;
    if (!(c0 == 'u' || c0 == 'U' || c0 == '/' || c0 == '-' || c0 == '#'))
        return 0;
    buf_reset(scratch);
    size_t i = 0;
    while (i < l->n) {
        size_t e = l->s[i] == '/' ? lx_mlc_end(l, i) : 0;
        if (!e && lx_olc_start(l, i))
            e = lx_olc_end(l, i);
        if (e) {
            i = e;
            continue;
        }
        if (buf_append_char(scratch, (char)l->s[i++]) < 0)
            return -1;
        if (scratch->n == 4 && strncasecmp(scratch->p, "use ", 4) != 0)
            return 0;
    }
    const unsigned char *t = (const unsigned char *)scratch->p;
    size_t m = scratch->n, k = 4;
    if (m < 5 || strncasecmp((const char *)t, "use ", 4) != 0)
        return 0;
    while (k < m && !fp_is_space(t[k]))
        k++;
    if (k == 4 || !(k == m || (k == m - 1 && t[k] == '\n')))
        return 0;
    return buf_append_cstr(out, k == m ? "use ?" : "use ?\n") < 0 ? -1 : 1;
}

int fp_fingerprint(struct fp_state *st, struct sv query, unsigned flags)
{
    const unsigned char *s = query.p ? (const unsigned char *)query.p : (const unsigned char *)"";
    size_t n = query.p ? query.n : 0, start = 0, k;
    st->ncomments = 0;
    buf_reset(&st->out);
    if (has_prefix(s, n, "SELECT /*!40001 SQL_NO_CACHE */ * FROM `"))
        return buf_append_cstr(&st->out, "mysqldump");
    if (fp_is_checksum_query(s, n))
        return buf_append_cstr(&st->out, "percona-toolkit");
    if (has_prefix(s, n, "administrator command: "))
        return buf_append(&st->out, s, n);
    if ((k = fp_call_len(s, n, &start)) != 0) {
        if (buf_append(&st->out, s + start, k) < 0)
            return -1;
        for (size_t i = 0; i < k; i++)
            if (st->out.p[i] >= 'A' && st->out.p[i] <= 'Z')
                st->out.p[i] += 32;
        return 0;
    }
    n = fp_insert_cut(s, n);

    struct lx l = {.s = s, .n = n, .flags = flags, .st = st, .mlc_none = NONE, .dq_none = NONE,
                   .sq_none = NONE};
    int r = fp_use_rule(&l, &st->scratch, &st->out);
    if (r != 0)
        return r < 0 ? -1 : 0;
    if (buf_reserve(&st->out, n + n / 2 + 16) < 0)
        return -1;
    l.o = st->out.p;
    lx_run(&l);
    st->out.n = l.w;
    st->out.p[l.w] = '\0';
    return l.words ? fp_post_passes(&st->out, &st->scratch, l.words) : 0;
}

void fp_query_id(struct sv fingerprint, char out[33])
{
    static const char hex[] = "0123456789ABCDEF";
    unsigned char md[16];
    fp_md5(fingerprint.p ? fingerprint.p : "", fingerprint.n, md);
    for (int i = 0; i < 16; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[32] = '\0';
}

void fp_state_free(struct fp_state *st)
{
    buf_free(&st->out);
    buf_free(&st->scratch);
    st->ncomments = 0;
}
