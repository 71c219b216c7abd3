/* Target servers: parsing "mysql:8.0", guessing from version strings, and the rule for which
 * version comments a server runs. */
#include "sql/target.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

struct sql_target sql_target_default(void)
{
    return (struct sql_target){SQL_MYSQL, 80000, true};
}

/* Reads "M.m[.p]" from s[0..n); returns the bytes used, 0 when there is no "M.m". */
static size_t parse_dotted_version(const char *s, size_t n, unsigned *major, unsigned *minor,
                                   unsigned *patch)
{
    unsigned part[3] = {0, 0, 0};
    size_t i = 0;
    int k = 0;
    for (; k < 3; k++) {
        size_t start = i;
        while (i < n && s[i] >= '0' && s[i] <= '9' && part[k] < 10000)
            part[k] = part[k] * 10 + (unsigned)(s[i++] - '0');
        if (i == start) {
            if (k < 2)
                return 0;
            break;
        }
        if (k < 2 && (i >= n || s[i] != '.')) {
            if (k == 0)
                return 0;
            k++;
            break;
        }
        if (k < 2)
            i++;
    }
    *major = part[0];
    *minor = part[1];
    *patch = part[2];
    return i;
}

static unsigned version_number(unsigned major, unsigned minor, unsigned patch)
{
    return major * 10000 + minor * 100 + patch;
}

bool sql_target_parse(const char *text, struct sql_target *out)
{
    struct sql_target t = {SQL_MYSQL, 0, false};
    size_t prefix;
    if (strncasecmp(text, "mysql:", 6) == 0) {
        prefix = 6;
    } else if (strncasecmp(text, "mariadb:", 8) == 0) {
        t.flavor = SQL_MARIADB;
        prefix = 8;
    } else {
        return false;
    }
    const char *v = text + prefix;
    size_t n = strlen(v);
    unsigned major, minor, patch;
    size_t used = parse_dotted_version(v, n, &major, &minor, &patch);
    if (used == 0 || used != n || minor > 99 || patch > 99 || major == 0 || major > 99)
        return false;
    t.version = version_number(major, minor, patch);
    *out = t;
    return true;
}

bool sql_target_from_version_string(const char *s, size_t n, struct sql_target *out)
{
    unsigned major, minor, patch;
    size_t used = parse_dotted_version(s, n, &major, &minor, &patch);
    if (used == 0 || major == 0 || major > 99 || minor > 99 || patch > 99)
        return false;
    struct sql_target t = {SQL_MYSQL, version_number(major, minor, patch), true};
    /* "10.11.6-MariaDB-…"; MariaDB 5.5 also says so. MySQL never reached 10. */
    for (size_t i = used; i + 7 <= n; i++)
        if (strncasecmp(s + i, "mariadb", 7) == 0)
            t.flavor = SQL_MARIADB;
    if (major >= 10)
        t.flavor = SQL_MARIADB;
    *out = t;
    return true;
}

void sql_target_format(const struct sql_target *t, char *buf, size_t size)
{
    snprintf(buf, size, "%s:%u.%u.%u", t->flavor == SQL_MARIADB ? "mariadb" : "mysql",
             t->version / 10000, t->version / 100 % 100, t->version % 100);
}

/* MariaDB runs MySQL's five-digit version comments only below 5.7: from 50700 up they mark
 * MySQL 5.7/8.0 syntax MariaDB does not share (sql_lex.cc: version < 50700 || version > 99999). */
bool sql_target_runs_comment(const struct sql_target *t, bool mariadb_only, unsigned version)
{
    if (mariadb_only)
        return t->flavor == SQL_MARIADB && version <= t->version;
    if (version == 0)
        return true;
    if (version > t->version)
        return false;
    if (t->flavor == SQL_MARIADB)
        return version < 50700 || version > 99999;
    return true;
}
