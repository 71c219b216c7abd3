/* The general query log parser: MySQL ≤5.6 and MariaDB (`YYMMDD H:MM:SS` written only when the
 * second changes), MySQL 5.7+ (an ISO time on every line, `Z` or an offset), multi-line statements
 * and server banners. It hands out the same struct event as the slow-log parser: one per statement
 * (Query and Execute commands), with the connection id, the time of the command, and the user, host
 * and database the connection's earlier Connect, Change user and Init DB lines set. Every other
 * command only updates that per-connection state. It never stops on bad input: a line it cannot
 * place is recorded in the diag as file:line: reason and parsing goes on. */
#ifndef SLOWDEX_GENLOG_H
#define SLOWDEX_GENLOG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "events/event.h"
#include "events/slowlog.h"
#include "input/reader.h"
#include "util/diag.h"
#include "util/timeconv.h"

/* The command of a general-log entry (the word after the connection id). */
enum genlog_cmd {
    GENLOG_QUERY, GENLOG_EXECUTE, GENLOG_CONNECT, GENLOG_CHANGE_USER, GENLOG_INIT_DB,
    GENLOG_QUIT, GENLOG_PREPARE, GENLOG_CLOSE_STMT, GENLOG_FIELD_LIST, GENLOG_OTHER,
};

/* One entry line, as genlog_parse_entry reads it. */
struct genlog_entry {
    bool has_time;        /* the line carries a time (else it inherits the previous one) */
    bool time_ok;         /* ... and the time was readable; ts_us is then set */
    int64_t ts_us;
    uint64_t id;          /* connection (thread) id */
    enum genlog_cmd cmd;
    struct sv cmd_name;   /* as written: "Query", "Init DB", "Binlog Dump GTID" */
    size_t arg_at;        /* offset in the line where the argument starts (== line length if none) */
};

/* Whether line (without its '\n' and '\r') starts a general-log entry:
 * `YYMMDD [ H]H:MM:SS\t`, `\t\t` or an ISO time then a tab or spaces; the connection id; one space;
 * a command name followed by a tab, the end of the line, or (known names only) spaces. */
bool genlog_parse_entry(struct sv line, const struct tzone *tz, struct genlog_entry *e);

/* The user@host and database a Connect or Change user argument names ("app@10.0.0.5 on shop using
 * TCP/IP", "root@localhost on test", "u@h as anonymous on db"). False for a failed login ("Access
 * denied for user …"), which sets nothing. */
bool genlog_parse_login(struct sv arg, struct sv *user, struct sv *host, struct sv *db);

/* Whether the first lines of data (up to 64 KiB) are those of a general log: the first line that
 * decides is an entry line (a slow-log header line, `# …`, `SET timestamp=` or `use …;`, decides
 * the other way; banners and blank lines decide nothing). False when nothing decides. */
bool genlog_sniff(const char *data, size_t n);

struct genlog;

/* Options and counters are the slow log's (slowlog.h): same file name, file index, zone of local
 * times, first line number and stop offset (an entry line or banner at or after stop_at is not
 * read). events = statements returned; banners = server banners seen. */
struct genlog *genlog_open(struct reader *r, struct diag *d, const struct slowlog_opts *o);
/* Returns 1 and fills ev, 0 at the end of input (or at stop_at), -1 on a read error. The event's
 * views stay valid until the next call. */
int genlog_next_event(struct genlog *p, struct event *ev);
/* The input offset of the first line not read (the end of input once it was reached). */
uint64_t genlog_stop_offset(const struct genlog *p);
const struct slowlog_stats *genlog_stats(const struct genlog *p);
/* Connections whose state (user, host, db) is held now: bounded by the connections open at once,
 * never by the size of the log. */
size_t genlog_open_connections(const struct genlog *p);
void genlog_close(struct genlog *p);

#endif
