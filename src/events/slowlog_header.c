/* The slow-log parser's line readers: what kind of line this is (by its first bytes), and the
 * contents of `# Time:`, `# User@Host:`, `# Name: value` attribute, `use` and `SET` lines. Attribute
 * lines are read generically — any `Name: value` pair becomes an attribute — so fields added by a
 * new server version are never lost. See slowlog.c for how lines make events. */
#include <stdlib.h>
#include <string.h>

#include "events/slowlog_int.h"

static bool is_ws(char c) { return c == ' ' || c == '\t'; }

/* 1: may start an identifier, 2: may continue one. */
static const unsigned char ident_class[256] = {
#define I3(c) [c] = 3
    I3('A'), I3('B'), I3('C'), I3('D'), I3('E'), I3('F'), I3('G'), I3('H'), I3('I'), I3('J'),
    I3('K'), I3('L'), I3('M'), I3('N'), I3('O'), I3('P'), I3('Q'), I3('R'), I3('S'), I3('T'),
    I3('U'), I3('V'), I3('W'), I3('X'), I3('Y'), I3('Z'), I3('a'), I3('b'), I3('c'), I3('d'),
    I3('e'), I3('f'), I3('g'), I3('h'), I3('i'), I3('j'), I3('k'), I3('l'), I3('m'), I3('n'),
    I3('o'), I3('p'), I3('q'), I3('r'), I3('s'), I3('t'), I3('u'), I3('v'), I3('w'), I3('x'),
    I3('y'), I3('z'), I3('_'),
#undef I3
    ['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2, ['5'] = 2, ['6'] = 2, ['7'] = 2,
    ['8'] = 2, ['9'] = 2,
};
static bool is_ident_start(char c) { return ident_class[(unsigned char)c] & 1; }
static bool is_ident(char c) { return ident_class[(unsigned char)c] != 0; }

/* The third byte first: header names start with "# ", so it is where they differ, and a mismatch
 * there saves the call. */
static bool has_prefix(struct sv l, const char *pre, size_t n)
{
    return l.n >= n && (n < 3 || l.p[2] == pre[2]) && memcmp(l.p, pre, n) == 0;
}
#define HAS(l, lit) has_prefix((l), (lit), sizeof(lit) - 1)

static struct sv rtrim(struct sv s)
{
    while (s.n && (is_ws(s.p[s.n - 1]) || s.p[s.n - 1] == '\r' || s.p[s.n - 1] == '\n'))
        s.n--;
    return s;
}

static size_t skip_ws(struct sv l, size_t i)
{
    while (i < l.n && is_ws(l.p[i]))
        i++;
    return i;
}

/* Length of an identifier at l.p[i] followed by ':' (0 when there is none). */
static size_t name_colon(struct sv l, size_t i)
{
    if (i >= l.n || !is_ident_start(l.p[i]))
        return 0;
    size_t j = i + 1;
    while (j < l.n && is_ident(l.p[j]))
        j++;
    return j < l.n && l.p[j] == ':' ? j - i : 0;
}

bool slowlog_is_banner_start(struct sv l)
{
    if (l.n < 20 || l.n > 1024 || is_ws(l.p[0]) || l.p[0] == '#')
        return false;
    struct sv t = rtrim(l);
    bool tail = (t.n >= 13 && memcmp(t.p + t.n - 13, "started with:", 13) == 0) ||
                (t.n >= 16 && memcmp(t.p + t.n - 16, "embedded library", 16) == 0);
    return tail && memmem(t.p, t.n, ", Version: ", 11) != NULL;
}

bool slowlog_banner_version(const char *data, size_t n, struct sv *version)
{
    size_t at = 0;
    while (at < n) {
        const char *nl = memchr(data + at, '\n', n - at);
        size_t end = nl ? (size_t)(nl - data) : n;
        struct sv l = rtrim(sv_make(data + at, end - at));
        if (slowlog_is_banner_start(l)) {
            const char *v = memmem(l.p, l.n, ", Version: ", 11) + 11;
            size_t k = 0, room = (size_t)(l.p + l.n - v);
            while (k < room && !is_ws(v[k]))
                k++;
            *version = sv_make(v, k);
            return k > 0;
        }
        if (!nl)
            break;
        at = end + 1;
    }
    return false;
}

/* Compares the next word of l at *i with w, then skips the white space after it. */
static bool word(struct sv l, size_t *i, const char *w, bool need_space)
{
    size_t n = strlen(w);
    if (*i + n > l.n || memcmp(l.p + *i, w, n) != 0)
        return false;
    size_t j = *i + n;
    size_t k = skip_ws(l, j);
    if (need_space && k == j)
        return false;
    *i = k;
    return true;
}

bool slowlog_is_banner_other(struct sv l)
{
    if (l.n < 9 || l.n > 1024)
        return false;
    if (strncasecmp(l.p, "Tcp port:", 9) == 0)
        return true;
    size_t i = 0;
    return word(l, &i, "Time", true) && word(l, &i, "Id", true) && word(l, &i, "Command", true) &&
           word(l, &i, "Argument", false) && rtrim(l).n == i;
}

static enum sl_line classify_hash(struct sv l)
{
    if (l.n == 1)
        return SL_IGNORE;
    if (l.n > 2 && l.p[1] == ' ') { /* dispatch on the first letter: one comparison per line */
        switch (l.p[2]) {
        case 'T':
            if (HAS(l, "# Time:"))
                return SL_TIME;
            break;
        case 'U':
            if (HAS(l, "# User@Host:"))
                return SL_USERHOST;
            break;
        case 'a':
            if (HAS(l, "# administrator command:"))
                return SL_ADMIN;
            break;
        case 'e':
            if (HAS(l, "# explain:"))
                return SL_EXPLAIN;
            break;
        case 'N':
            if (HAS(l, "# No InnoDB statistics") || HAS(l, "# Note "))
                return SL_IGNORE;
            break;
        case 'W': /* MariaDB's log_slow_verbosity=warnings block: "# Warnings", "# Warning 1062 …" */
            if (HAS(l, "# Warning ") || (l.n == 10 && HAS(l, "# Warnings")))
                return SL_IGNORE;
            break;
        case 'E':
            if (HAS(l, "# Error "))
                return SL_IGNORE;
            break;
        default:
            break;
        }
    }
    size_t i = skip_ws(l, 1);
    if (i == l.n)
        return SL_IGNORE;
    return name_colon(l, i) ? SL_ATTRS : SL_HASH_OTHER;
}

enum sl_line slowlog_classify(struct sv l)
{
    if (l.n == 0)
        return SL_BLANK;
    char c = l.p[0];
    if (c == '#')
        return classify_hash(l);
    if (is_ws(c)) {
        size_t i = skip_ws(l, 0);
        if (i == l.n)
            return SL_BLANK;
        size_t k = name_colon(l, i);
        if (k && l.p[i] >= 'A' && l.p[i] <= 'Z' && i + k + 1 < l.n && is_ws(l.p[i + k + 1]))
            return SL_BARE_ATTRS;
        return SL_TEXT;
    }
    if (slowlog_is_banner_start(l))
        return SL_BANNER_START;
    if (slowlog_is_banner_other(l))
        return SL_BANNER_OTHER;
    return SL_TEXT;
}

struct sv sl_unquote(struct sv s)
{
    if (s.n >= 2 && s.p[0] == '`' && s.p[s.n - 1] == '`')
        return sv_make(s.p + 1, s.n - 2);
    return s;
}

bool slowlog_parse_time(struct sv l, const struct tzone *tz, int64_t *ts, struct sv *uh)
{
    size_t i = skip_ws(l, sizeof("# Time:") - 1);
    struct sv rest = sv_make(l.p + i, l.n - i);
    *uh = SV_NULL;
    const char *u = memmem(rest.p, rest.n, "# User@Host:", 12);
    if (u)
        *uh = sv_make(u + 12, (size_t)(rest.p + rest.n - (u + 12)));
    return timeconv_parse(rest, tz, ts) > 0;
}

/* "priv[user] @ host [ip]  Id: N" — every part may be missing. */
void slowlog_parse_userhost(struct sv l, struct event *ev)
{
    size_t i = skip_ws(l, 0), n = l.n;
    const char *at = memchr(l.p + i, '@', n - i);
    const char *br = memchr(l.p + i, '[', n - i);
    size_t a = at ? (size_t)(at - l.p) : n;
    struct sv priv, inner = SV_NULL;
    if (br && (size_t)(br - l.p) < a) {
        size_t b = (size_t)(br - l.p);
        const char *close = memchr(l.p + b, ']', n - b);
        size_t c = close ? (size_t)(close - l.p) : n;
        priv = sv_make(l.p + i, b - i);
        inner = sv_make(l.p + b + 1, c - b - 1);
        if (priv.n == 0) /* [SQL_SLAVE]: pt-query-digest reports it with its brackets */
            ev->user = sv_make(l.p + b, c < n ? c - b + 1 : c - b);
        else
            ev->user = inner.n ? inner : priv;
        at = c < n ? memchr(l.p + c, '@', n - c) : NULL;
    } else {
        priv = rtrim(sv_make(l.p + i, a - i));
        ev->user = priv;
    }
    if (!at)
        return;
    i = skip_ws(l, (size_t)(at - l.p) + 1);
    size_t h = i;
    while (i < n && !is_ws(l.p[i]) && l.p[i] != '[')
        i++;
    ev->host = sv_make(l.p + h, i - h);
    i = skip_ws(l, i);
    if (i < n && l.p[i] == '[') {
        const char *close = memchr(l.p + i, ']', n - i);
        size_t c = close ? (size_t)(close - l.p) : n;
        ev->ip = sv_make(l.p + i + 1, c - i - 1);
        i = c < n ? c + 1 : n;
    }
    if (ev->host.n == 0)
        ev->host = ev->ip;
    i = skip_ws(l, i);
    if (n - i >= 3 && memcmp(l.p + i, "Id:", 3) == 0) {
        i = skip_ws(l, i + 3);
        uint64_t id = 0;
        size_t d = i;
        while (i < n && l.p[i] >= '0' && l.p[i] <= '9' && i - d < 20)
            id = id * 10 + (uint64_t)(l.p[i++] - '0');
        if (i > d) {
            ev->thread_id = id;
            ev->has_thread_id = true;
        }
    }
}

static uint64_t parse_u64(struct sv v, bool *ok)
{
    uint64_t x = 0;
    *ok = v.n > 0 && v.n <= 19;
    for (size_t i = 0; *ok && i < v.n; i++) {
        if (v.p[i] < '0' || v.p[i] > '9')
            *ok = false;
        else
            x = x * 10 + (uint64_t)(v.p[i] - '0');
    }
    return x;
}

static void note_field(struct sv name, struct sv value, struct sl_fields *f)
{
    if (name.n != 6 && name.n != 9) /* neither Schema nor Thread_id: most attributes */
        return;
    if (sv_eq_cstr(name, "Schema") && !f->has_schema) {
        f->schema = sl_unquote(value);
        f->has_schema = true;
    } else if (sv_eq_cstr(name, "Thread_id") && !f->has_thread) {
        bool ok;
        uint64_t id = parse_u64(value, &ok);
        if (ok) {
            f->thread_id = id;
            f->has_thread = true;
        }
    }
}

int slowlog_parse_attrs(struct sv l, struct sl_attrs *as, struct sl_fields *f)
{
    size_t i = l.n && l.p[0] == '#' ? 1 : 0, n = l.n;
    while ((i = skip_ws(l, i)) < n) {
        size_t k = name_colon(l, i);
        if (!k) { /* not a Name: token: skip it */
            while (i < n && !is_ws(l.p[i]))
                i++;
            continue;
        }
        struct sv name = sv_make(l.p + i, k);
        size_t v = skip_ws(l, i + k + 1);
        size_t e = v;
        while (e < n && !is_ws(l.p[e]))
            e++;
        /* An empty value followed by the next key (`Schema:   Last_errno: 0`, pt issue 1104) or
         * by the end of the line: the key is dropped and the token is read as the next name. */
        /* (a value ending in ':' is the only one that can be the next key: look no further) */
        size_t k2 = e > v && l.p[e - 1] == ':' ? name_colon(l, v) : 0;
        if (e == v || (k2 && k2 == e - v - 1)) {
            i = v;
            continue;
        }
        struct sv value = sv_make(l.p + v, e - v);
        if (sl_attrs_add(as, name, value) != 0)
            return -1;
        note_field(name, value, f);
        i = e;
    }
    return 0;
}

bool slowlog_parse_use(struct sv l, struct sv *db)
{
    if (l.n < 6 || memcmp(l.p, "use ", 4) != 0) /* as the server writes it (and pt reads it) */
        return false;
    struct sv t = rtrim(l);
    if (t.n < 6 || t.p[t.n - 1] != ';')
        return false;
    struct sv d = sv_trim(sv_make(t.p + 4, t.n - 5));
    if (d.n == 0)
        return false;
    *db = sl_unquote(d);
    return true;
}

int slowlog_parse_set(struct sv l, struct sl_attrs *as, int64_t *set_ts)
{
    if (!HAS(l, "SET timestamp=") && !HAS(l, "SET insert_id=") && !HAS(l, "SET last_insert_id="))
        return 0;
    size_t i = 4, n = l.n;
    const char *semi = memchr(l.p, ';', n);
    if (semi)
        n = (size_t)(semi - l.p);
    while (i < n) {
        size_t s = i;
        while (i < n && l.p[i] != '=' && l.p[i] != ',')
            i++;
        struct sv name = sv_trim(sv_make(l.p + s, i - s));
        if (i >= n || l.p[i] == ',') {
            i++;
            continue;
        }
        size_t v = ++i;
        while (i < n && l.p[i] != ',')
            i++;
        struct sv value = sv_trim(sv_make(l.p + v, i - v));
        i++;
        if (name.n == 0 || value.n == 0)
            continue;
        if (sl_attrs_add(as, name, value) != 0)
            return -1;
        if (sv_eq_cstr(name, "timestamp")) {
            bool ok;
            uint64_t t = parse_u64(value, &ok);
            if (ok)
                *set_ts = (int64_t)t;
        }
    }
    return 1;
}
