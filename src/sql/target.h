/* The server a statement or a schema is meant for: MySQL or MariaDB, and its version. It decides
 * which version comments run (`/\*!50100 … *\/`, MariaDB's `/\*M!100100 … *\/`), whether an index is
 * INVISIBLE or IGNORED, whether functional key parts exist, and later the DDL slowdex proposes. */
#ifndef SLOWDEX_SQL_TARGET_H
#define SLOWDEX_SQL_TARGET_H
#include <stdbool.h>
#include <stddef.h>

enum sql_flavor { SQL_MYSQL, SQL_MARIADB };

struct sql_target {
    enum sql_flavor flavor;
    unsigned version; /* as the server's version comments count it: 8.0.36 = 80036, 10.11.6 = 101106 */
    bool guessed;     /* not given by the user: from a dump header, a log banner, or the default */
};

/* MySQL 8.0, guessed: what slowdex assumes when nothing says otherwise. */
struct sql_target sql_target_default(void);
/* Parses "mysql:8.0", "mariadb:10.11", "mysql:8.0.36", "mariadb:11.4.2" (case-insensitive).
 * Returns false on anything else. A missing patch level counts as .0. */
bool sql_target_parse(const char *text, struct sql_target *out);
/* Guesses the server from a server version string as found in dump headers and log banners
 * ("8.0.36", "10.11.6-MariaDB-0+deb12u1-log", "5.7.44-48-log" for Percona). */
bool sql_target_from_version_string(const char *s, size_t n, struct sql_target *out);
/* Writes "mysql:8.0.36" / "mariadb:10.11.6" into buf. */
void sql_target_format(const struct sql_target *t, char *buf, size_t size);
/* Whether the target runs the body of a version comment. `mariadb_only` is the `/\*M!` form;
 * `version` is the number after the `!` (0 when there is none). */
bool sql_target_runs_comment(const struct sql_target *t, bool mariadb_only, unsigned version);

#endif
