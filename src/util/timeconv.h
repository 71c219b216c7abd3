/* Time as the logs write it, to microseconds since the Unix epoch in UTC. Old `YYMMDD H:MM:SS` lines
 * and ISO lines without an offset are in the server's local time, which the log does not say: they
 * are read in the zone the user names with --timezone (default UTC). */
#ifndef SLOWDEX_TIMECONV_H
#define SLOWDEX_TIMECONV_H
#include <stdbool.h>
#include <stdint.h>

#include "util/sv.h"

struct tzone {
    bool fixed;          /* true: a fixed offset (UTC, +05:30); false: a named zone via TZ rules */
    int32_t offset_sec;  /* for a fixed offset: local = UTC + offset_sec */
    char name[64];       /* the name as given, for messages */
};

/* Parses "UTC", "Z", "+hh:mm", "-hhmm" or an IANA name ("Europe/Paris"). A named zone sets the
 * process's TZ once: call before starting threads. Returns 0, or -1 for a zone it cannot read. */
int tzone_parse(const char *s, struct tzone *tz);
/* Converts a local civil time in tz to µs since the epoch. */
int64_t tzone_to_utc_us(const struct tzone *tz, int year, int mon, int day, int hour, int min,
                        int sec, int usec);

/* Parses a log time at the start of s: "071015 21:43:52", "071015  1:05:31",
 * "2016-07-20T18:13:25.698433Z", "2018-08-07T16:27:47.169604+08:00", "2024-05-10 17:45:09".
 * Stores µs since the epoch (UTC) in *us and returns the number of bytes consumed, or 0 when s does
 * not start with a time. */
size_t timeconv_parse(struct sv s, const struct tzone *tz, int64_t *us);
/* Parses what --since/--until accept: an absolute time in either log form or "YYYY-MM-DD
 * [HH:MM:SS]", or a duration "N[smhdw]" (returned as a negative number of µs with *relative set). */
int timeconv_parse_bound(const char *s, const struct tzone *tz, int64_t *us, bool *relative);
/* Formats us as "2007-12-18T11:48:27.123456Z" (micros omitted when zero) into out (≥ 32 bytes). */
void timeconv_format_iso(int64_t us, char *out, size_t outlen);
/* Formats us as pt-query-digest does in reports: "2007-12-18 11:48:27" (UTC). */
void timeconv_format_report(int64_t us, char *out, size_t outlen);

#endif
