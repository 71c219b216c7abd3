/* --filter: which events a digest keeps, as PCRE2 patterns over an event's fields.
 *
 *   --filter 'db=^shop$'            the field matches the pattern
 *   --filter 'user!=^(root|admin)$' the field does not match
 *   fields: db, user, host, fingerprint, query
 *
 * Several filters must all hold. Patterns are compiled once (JIT when available); matching uses
 * per-thread match data, so a filter set is shared read-only by the parsing threads. */
#ifndef SLOWDEX_FILTER_H
#define SLOWDEX_FILTER_H
#include <stdbool.h>

#include "util/sv.h"

enum filter_field { FILTER_DB, FILTER_USER, FILTER_HOST, FILTER_FINGERPRINT, FILTER_QUERY };

struct filter_set;
struct filter_match; /* per-thread scratch */

struct filter_set *filter_set_new(void);
/* Parses and compiles one --filter expression. Returns 0, or -1 with a message in err
 * ("--filter 'db=(': missing closing parenthesis at offset 1"). */
int filter_set_add(struct filter_set *fs, const char *expr, char *err, size_t errlen);
bool filter_set_empty(const struct filter_set *fs);
void filter_set_free(struct filter_set *fs);

struct filter_match *filter_match_new(const struct filter_set *fs);
void filter_match_free(struct filter_match *m);
/* True when the event's fields pass every filter. fields[] is indexed by enum filter_field. */
bool filter_accept(const struct filter_set *fs, struct filter_match *m, const struct sv fields[5]);

#endif
