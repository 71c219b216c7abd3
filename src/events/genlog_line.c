/* General-log lines read on their own: whether a line starts an entry (and its time, connection id
 * and command), what a Connect line's argument says, and whether an input is a general log at all.
 * See reference/formats.md §2 for the layouts of each server. */
#include <string.h>

#include "events/genlog.h"
#include "events/slowlog_int.h"

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

/* The names servers write (MySQL's command_name[], MariaDB's additions); longest first where one
 * is a prefix of another, so "Binlog Dump GTID" is not read as "Binlog Dump". */
static const struct {
    const char *name;
    enum genlog_cmd cmd;
} commands[] = {
    {"Query", GENLOG_QUERY}, {"Execute", GENLOG_EXECUTE}, {"Connect Out", GENLOG_OTHER},
    {"Connect", GENLOG_CONNECT}, {"Change user", GENLOG_CHANGE_USER}, {"Init DB", GENLOG_INIT_DB},
    {"Quit", GENLOG_QUIT}, {"Prepare", GENLOG_PREPARE}, {"Close stmt", GENLOG_CLOSE_STMT},
    {"Field List", GENLOG_FIELD_LIST}, {"Reset stmt", GENLOG_OTHER}, {"Fetch", GENLOG_OTHER},
    {"Long Data", GENLOG_OTHER}, {"Binlog Dump GTID", GENLOG_OTHER},
    {"Binlog Dump", GENLOG_OTHER}, {"Register Slave", GENLOG_OTHER}, {"Refresh", GENLOG_OTHER},
    {"Shutdown", GENLOG_OTHER}, {"Statistics", GENLOG_OTHER}, {"Processlist", GENLOG_OTHER},
    {"Kill", GENLOG_OTHER}, {"Debug", GENLOG_OTHER}, {"Ping", GENLOG_OTHER},
    {"Time", GENLOG_OTHER}, {"Delayed insert", GENLOG_OTHER}, {"Set option", GENLOG_OTHER},
    {"Daemon", GENLOG_OTHER}, {"Reset Connection", GENLOG_OTHER}, {"Sleep", GENLOG_OTHER},
    {"Error", GENLOG_OTHER}, {"Create DB", GENLOG_OTHER}, {"Drop DB", GENLOG_OTHER},
    {"Table Dump", GENLOG_OTHER}, {"Bulk_execute", GENLOG_OTHER}, {"Slave_worker", GENLOG_OTHER},
    {"Slave_IO", GENLOG_OTHER}, {"Slave_SQL", GENLOG_OTHER}, {"Com_multi", GENLOG_OTHER},
};

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

/* The position of the first byte at or after i that is not a space or a tab. */
static size_t skip_blank(struct sv l, size_t i)
{
    while (i < l.n && is_blank(l.p[i]))
        i++;
    return i;
}

/* An old-style time "YYMMDD HH:MM:SS" at the start of l, as pt-query-digest's GeneralLogParser
 * reads it: any run of spaces or tabs between date and time (MySQL writes one space, a copy with
 * its tabs expanded may have more) and a 1- or 2-digit hour; then at least one space or tab. Its
 * length, 0 when there is none. The time is read from the layout MySQL writes (%2d hour). */
static size_t old_time(struct sv l, const struct tzone *tz, struct genlog_entry *e)
{
    const char *s = l.p;
    size_t k;
    for (k = 0; k < 6; k++)
        if (k >= l.n || !is_digit(s[k]))
            return 0;
    size_t h = skip_blank(l, 6);
    if (h == 6 || h + 7 > l.n || !is_digit(s[h]))
        return 0;
    size_t hd = is_digit(s[h + 1]) ? 2 : 1;
    const char *m = s + h + hd; /* ":MM:SS" */
    if (h + hd + 6 >= l.n || m[0] != ':' || !is_digit(m[1]) || !is_digit(m[2]) || m[3] != ':' ||
        !is_digit(m[4]) || !is_digit(m[5]) || !is_blank(m[6]))
        return 0;
    char norm[15];
    memcpy(norm, s, 6);
    norm[6] = ' ';
    norm[7] = hd == 2 ? s[h] : ' ';
    norm[8] = s[h + hd - 1];
    memcpy(norm + 9, m, 6);
    e->time_ok = timeconv_parse(sv_make(norm, 15), tz, &e->ts_us) == 15;
    return h + hd + 6;
}

/* The time at the start of l; *i is moved past it and the white space after it. 1 = a time was
 * read, 0 = the line starts with "\t\t" (no time, as MySQL writes it), 2 = the line starts with
 * other spaces or tabs (no time, a copy with its tabs expanded), -1 = not an entry line. */
static int entry_time(struct sv l, const struct tzone *tz, size_t *i, struct genlog_entry *e)
{
    const char *s = l.p;
    if (l.n >= 2 && s[0] == '\t' && s[1] == '\t') {
        *i = 2;
        return 0;
    }
    if (l.n >= 1 && is_blank(s[0])) {
        *i = skip_blank(l, 0);
        return 2;
    }
    size_t k = old_time(l, tz, e);
    if (k) {
        *i = skip_blank(l, k);
        return 1;
    }
    if (l.n < 11 || !is_digit(s[0]) || !is_digit(s[3]) || s[4] != '-' || s[7] != '-' ||
        s[10] != 'T')
        return -1;
    for (k = 11; k < l.n && !is_blank(s[k]); k++)
        ;
    if (k == l.n)
        return -1;
    e->time_ok = timeconv_parse(sv_make(s, k), tz, &e->ts_us) == k;
    *i = skip_blank(l, k); /* a tab, or spaces in terminal copies */
    return 1;
}

/* The command at l[i]: a known name followed by a tab, the end or spaces; else, when any_name,
 * any name followed by a tab. Sets cmd, cmd_name and arg_at. */
static bool entry_command(struct sv l, size_t i, bool any_name, struct genlog_entry *e)
{
    size_t rest = l.n - i;
    const char *s = l.p + i;
    for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++) {
        size_t n = strlen(commands[c].name);
        if (n > rest || memcmp(s, commands[c].name, n) != 0)
            continue;
        if (n < rest && s[n] != '\t' && s[n] != ' ')
            continue;
        e->cmd = commands[c].cmd;
        e->cmd_name = sv_make(s, n);
        size_t a = i + n;
        if (a < l.n && l.p[a] == '\t')
            a++;
        else
            while (a < l.n && l.p[a] == ' ')
                a++;
        e->arg_at = a;
        return true;
    }
    size_t k = 0;
    if (!any_name || rest == 0 || !is_alpha(s[0]))
        return false;
    while (k < rest && k < 40 && (is_alpha(s[k]) || s[k] == '_' || s[k] == ' '))
        k++;
    if (k == rest || s[k] != '\t')
        return false;
    e->cmd = GENLOG_OTHER;
    e->cmd_name = sv_make(s, k);
    e->arg_at = i + k + 1;
    return true;
}

/* Which white space is allowed where is pt-query-digest's (GeneralLogParser's genlog_line_1):
 * after the time (or at the start of an untimed line) any run of spaces and tabs, one space or tab
 * after the id, a run after the command. An untimed line that does not start with MySQL's "\t\t"
 * (a copy with its tabs expanded) must name a known command, so that an indented continuation line
 * such as "    12 rows" is not taken for an entry. */
bool genlog_parse_entry(struct sv l, const struct tzone *tz, struct genlog_entry *e)
{
    memset(e, 0, sizeof *e);
    size_t i;
    int t = entry_time(l, tz, &i, e);
    if (t < 0)
        return false;
    e->has_time = t == 1;
    i = skip_blank(l, i); /* the id is padded: %5ld, MariaDB %6u */
    size_t d = i;
    uint64_t id = 0;
    while (i < l.n && is_digit(l.p[i]) && i - d < 20) {
        id = id * 10 + (uint64_t)(l.p[i] - '0');
        i++;
    }
    if (i == d || i >= l.n || !is_blank(l.p[i]))
        return false;
    e->id = id;
    return entry_command(l, i + 1, t != 2, e);
}

/* The position of the text w in s at or after `from`, or s.n. */
static size_t find(struct sv s, size_t from, const char *w)
{
    size_t n = strlen(w);
    if (from > s.n || s.n - from < n)
        return s.n;
    const char *f = memmem(s.p + from, s.n - from, w, n);
    return f ? (size_t)(f - s.p) : s.n;
}

bool genlog_parse_login(struct sv arg, struct sv *user, struct sv *host, struct sv *db)
{
    *user = *host = *db = SV_NULL;
    const char *at = memchr(arg.p, '@', arg.n);
    if (!at)
        return false;
    size_t a = (size_t)(at - arg.p);
    if (memchr(arg.p, ' ', a)) /* "Access denied for user 'x'@'h' …" */
        return false;
    *user = sv_make(arg.p, a);
    size_t h = a + 1, e = h;
    while (e < arg.n && arg.p[e] != ' ')
        e++;
    *host = sv_make(arg.p + h, e - h);
    size_t on = find(arg, e, " on ");
    if (on == arg.n) /* "user@host on" with nothing after it */
        return true;
    size_t s = on + 4, end = find(arg, on + 3, " using ");
    if (end < s)
        end = s;
    struct sv d = sv_trim(sv_make(arg.p + s, end - s));
    *db = d;
    return true;
}

/* A line of the slow log's own (a header, or what follows it before the statement). */
static bool slowlog_like(struct sv l)
{
    if (l.n >= 2 && l.p[0] == '#' && (l.p[1] == ' ' || l.p[1] == '\t'))
        return true;
    return sv_starts_with(l, "SET timestamp=") || sv_starts_with(l, "use ");
}

bool genlog_sniff(const char *data, size_t n)
{
    size_t at = 0, limit = n < (64u << 10) ? n : (64u << 10);
    struct tzone utc = {.fixed = true};
    while (at < limit) {
        const char *nl = memchr(data + at, '\n', limit - at);
        size_t end = nl ? (size_t)(nl - data) : limit;
        struct sv l = sl_chomp(sv_make(data + at, end - at));
        struct genlog_entry e;
        if (genlog_parse_entry(l, &utc, &e))
            return true;
        if (slowlog_like(l))
            return false;
        if (!nl)
            break;
        at = end + 1;
    }
    return false;
}
