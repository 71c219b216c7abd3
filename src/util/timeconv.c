/* Log times to µs since the epoch, and back; see timeconv.h. Fixed offsets use our own civil-date
 * arithmetic (Howard Hinnant's days_from_civil), so the common case never touches the C library's
 * TZ state. A named zone goes through setenv("TZ") + tzset() + mktime(): tzone_parse sets the
 * process's TZ once, which is not thread-safe, so it must be called before threads start. */
#include "util/timeconv.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define US_PER_SEC INT64_C(1000000)

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* Reads exactly n digits at s; -1 when they are not all digits. */
static int digits(const char *s, size_t len, size_t at, int n)
{
    if (at + (size_t)n > len)
        return -1;
    int v = 0;
    for (int i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[at + i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

/* "+hh:mm", "-hhmm", "+hh" at s; returns bytes consumed (0 = none) and the offset in seconds. */
static size_t parse_offset(const char *s, size_t len, int32_t *off)
{
    if (len < 3 || (s[0] != '+' && s[0] != '-'))
        return 0;
    int hh = digits(s, len, 1, 2);
    if (hh < 0 || hh > 23)
        return 0;
    size_t at = 3;
    int mm = 0;
    if (at < len && s[at] == ':')
        at++;
    int m2 = digits(s, len, at, 2);
    if (m2 >= 0 && m2 < 60) {
        mm = m2;
        at += 2;
    } else if (at == 4) {
        return 0; /* "+hh:" without minutes */
    } else {
        at = 3;
    }
    *off = (int32_t)((hh * 3600 + mm * 60) * (s[0] == '-' ? -1 : 1));
    return at;
}

static bool zone_file_exists(const char *name)
{
    if (name[0] == '/' || strstr(name, ".."))
        return false;
    const char *dir = getenv("TZDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
    return access(path, R_OK) == 0;
}

int tzone_parse(const char *s, struct tzone *tz)
{
    memset(tz, 0, sizeof *tz);
    if (!s || strlen(s) >= sizeof tz->name)
        return -1;
    snprintf(tz->name, sizeof tz->name, "%s", s);
    tz->fixed = true;
    if (!strcasecmp(s, "UTC") || !strcasecmp(s, "Z") || !strcasecmp(s, "GMT"))
        return 0;
    size_t n = strlen(s);
    size_t used = parse_offset(s, n, &tz->offset_sec);
    if (used && used == n)
        return 0;
    if (used || !zone_file_exists(s))
        return -1;
    tz->fixed = false;
    tz->offset_sec = 0;
    if (setenv("TZ", s, 1) != 0)
        return -1;
    tzset();
    return 0;
}

int64_t tzone_to_utc_us(const struct tzone *tz, int year, int mon, int day, int hour, int min,
                        int sec, int usec)
{
    if (!tz || tz->fixed) {
        int64_t days = days_from_civil(year, mon, day);
        int64_t secs = days * 86400 + hour * 3600 + min * 60 + sec - (tz ? tz->offset_sec : 0);
        return secs * US_PER_SEC + usec;
    }
    struct tm tm = {0};
    tm.tm_year = year - 1900;
    tm.tm_mon = mon - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = min;
    tm.tm_sec = sec;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    return (int64_t)t * US_PER_SEC + usec;
}

/* Optional ".f" to ".ffffff" fraction at s[*at]; returns µs. */
static int parse_fraction(const char *s, size_t len, size_t *at)
{
    if (*at >= len || s[*at] != '.')
        return 0;
    size_t i = *at + 1;
    int us = 0, nd = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9') {
        if (nd < 6) {
            us = us * 10 + (s[i] - '0');
            nd++;
        }
        i++;
    }
    if (nd == 0)
        return 0;
    while (nd++ < 6)
        us *= 10;
    *at = i;
    return us;
}

static bool valid_civil(int mon, int day, int hour, int min, int sec)
{
    return mon >= 1 && mon <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23 && min >= 0 &&
           min <= 59 && sec >= 0 && sec <= 60;
}

/* "YYMMDD H:MM:SS" / "YYMMDD HH:MM:SS", optionally with a fraction. */
static size_t parse_old(const char *s, size_t len, const struct tzone *tz, int64_t *us)
{
    int yy = digits(s, len, 0, 2), mo = digits(s, len, 2, 2), dd = digits(s, len, 4, 2);
    if (yy < 0 || mo < 0 || dd < 0 || len < 7 || s[6] != ' ')
        return 0;
    size_t at = 7;
    int hh;
    if (at < len && s[at] == ' ') { /* hour padded with a space */
        hh = digits(s, len, at + 1, 1);
        at += 2;
    } else if (digits(s, len, at, 2) >= 0) {
        hh = digits(s, len, at, 2);
        at += 2;
    } else {
        hh = digits(s, len, at, 1);
        at += 1;
    }
    if (hh < 0 || at >= len || s[at] != ':')
        return 0;
    int mi = digits(s, len, at + 1, 2);
    if (mi < 0 || at + 3 >= len || s[at + 3] != ':')
        return 0;
    int se = digits(s, len, at + 4, 2);
    if (se < 0)
        return 0;
    at += 6;
    int frac = parse_fraction(s, len, &at);
    if (!valid_civil(mo, dd, hh, mi, se))
        return 0;
    int year = yy < 70 ? 2000 + yy : 1900 + yy;
    *us = tzone_to_utc_us(tz, year, mo, dd, hh, mi, se, frac);
    return at;
}

/* "YYYY-MM-DD[T ]HH:MM:SS[.ffffff][Z|±hh:mm]". */
static size_t parse_iso(const char *s, size_t len, const struct tzone *tz, int64_t *us)
{
    int y = digits(s, len, 0, 4), mo = digits(s, len, 5, 2), dd = digits(s, len, 8, 2);
    if (y < 0 || mo < 0 || dd < 0 || s[4] != '-' || s[7] != '-' || len < 19 ||
        (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
        return 0;
    int hh = digits(s, len, 11, 2), mi = digits(s, len, 14, 2), se = digits(s, len, 17, 2);
    if (hh < 0 || mi < 0 || se < 0 || !valid_civil(mo, dd, hh, mi, se))
        return 0;
    size_t at = 19;
    int frac = parse_fraction(s, len, &at);
    int32_t off = 0;
    if (at < len && (s[at] == 'Z' || s[at] == 'z')) {
        *us = tzone_to_utc_us(NULL, y, mo, dd, hh, mi, se, frac);
        return at + 1;
    }
    size_t o = parse_offset(s + at, len - at, &off);
    if (o) {
        struct tzone fixed = {.fixed = true, .offset_sec = off};
        *us = tzone_to_utc_us(&fixed, y, mo, dd, hh, mi, se, frac);
        return at + o;
    }
    *us = tzone_to_utc_us(tz, y, mo, dd, hh, mi, se, frac);
    return at;
}

size_t timeconv_parse(struct sv s, const struct tzone *tz, int64_t *us)
{
    if (s.n >= 19 && s.p[4] == '-')
        return parse_iso(s.p, s.n, tz, us);
    if (s.n >= 14)
        return parse_old(s.p, s.n, tz, us);
    return 0;
}

static bool only_space(const char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    return *s == '\0';
}

static int parse_duration(const char *s, int64_t *us)
{
    char *end;
    errno = 0;
    long long n = strtoll(s, &end, 10);
    if (end == s || errno || n < 0 || !only_space(end + (*end ? 1 : 0)))
        return -1;
    int64_t unit;
    switch (*end) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    case 'w': unit = 7 * 86400; break;
    default: return -1;
    }
    if (n > INT64_MAX / (unit * US_PER_SEC))
        return -1;
    *us = -(int64_t)n * unit * US_PER_SEC;
    return 0;
}

int timeconv_parse_bound(const char *s, const struct tzone *tz, int64_t *us, bool *relative)
{
    *relative = false;
    while (isspace((unsigned char)*s))
        s++;
    size_t len = strlen(s);
    size_t used = timeconv_parse(sv_make(s, len), tz, us);
    if (used && only_space(s + used))
        return 0;
    /* date only: midnight */
    int y = digits(s, len, 0, 4), mo = digits(s, len, 5, 2), dd = digits(s, len, 8, 2);
    if (len >= 10 && y >= 0 && mo >= 0 && dd >= 0 && s[4] == '-' && s[7] == '-' &&
        only_space(s + 10) && valid_civil(mo, dd, 0, 0, 0)) {
        *us = tzone_to_utc_us(tz, y, mo, dd, 0, 0, 0, 0);
        return 0;
    }
    /* date only, the old log form YYMMDD (pt-query-digest accepts it): midnight, 20YY */
    int yy = digits(s, len, 0, 2), mm = digits(s, len, 2, 2), d2 = digits(s, len, 4, 2);
    if (len >= 6 && yy >= 0 && mm >= 0 && d2 >= 0 && only_space(s + 6) &&
        valid_civil(mm, d2, 0, 0, 0)) {
        *us = tzone_to_utc_us(tz, 2000 + yy, mm, d2, 0, 0, 0, 0);
        return 0;
    }
    if (parse_duration(s, us) == 0) {
        *relative = true;
        return 0;
    }
    return -1;
}

static void split_us(int64_t us, int64_t *y, int *mo, int *d, int *h, int *mi, int *se, int *frac)
{
    int64_t secs = us / US_PER_SEC;
    int64_t rem = us % US_PER_SEC;
    if (rem < 0) {
        rem += US_PER_SEC;
        secs--;
    }
    int64_t days = secs / 86400;
    int64_t sod = secs % 86400;
    if (sod < 0) {
        sod += 86400;
        days--;
    }
    civil_from_days(days, y, mo, d);
    *h = (int)(sod / 3600);
    *mi = (int)(sod / 60 % 60);
    *se = (int)(sod % 60);
    *frac = (int)rem;
}

void timeconv_format_iso(int64_t us, char *out, size_t outlen)
{
    int64_t y;
    int mo, d, h, mi, se, frac;
    split_us(us, &y, &mo, &d, &h, &mi, &se, &frac);
    if (frac)
        snprintf(out, outlen, "%04lld-%02d-%02dT%02d:%02d:%02d.%06dZ", (long long)y, mo, d, h, mi,
                 se, frac);
    else
        snprintf(out, outlen, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, mo, d, h, mi, se);
}

void timeconv_format_report(int64_t us, char *out, size_t outlen)
{
    int64_t y;
    int mo, d, h, mi, se, frac;
    split_us(us, &y, &mo, &d, &h, &mi, &se, &frac);
    snprintf(out, outlen, "%04lld-%02d-%02d %02d:%02d:%02d", (long long)y, mo, d, h, mi, se);
}
