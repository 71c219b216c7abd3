/* A string view: a pointer and a length into someone else's buffer. Events and parsers pass text
 * around as views so that nothing on the hot path copies or allocates; whoever keeps text beyond the
 * life of the buffer copies it explicitly. */
#ifndef SLOWDEX_SV_H
#define SLOWDEX_SV_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct sv {
    const char *p;
    size_t n;
};

#define SV_NULL ((struct sv){NULL, 0})

static inline struct sv sv_make(const char *p, size_t n) { return (struct sv){p, n}; }
static inline struct sv sv_cstr(const char *s) { return (struct sv){s, s ? strlen(s) : 0}; }

static inline bool sv_eq(struct sv a, struct sv b)
{
    return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

static inline bool sv_eq_cstr(struct sv a, const char *s)
{
    return sv_eq(a, sv_cstr(s));
}

static inline bool sv_starts_with(struct sv a, const char *prefix)
{
    size_t n = strlen(prefix);
    return a.n >= n && memcmp(a.p, prefix, n) == 0;
}

/* Case-insensitive ASCII comparison; SQL keywords and attribute names are ASCII. */
bool sv_ieq_cstr(struct sv a, const char *s);
bool sv_istarts_with(struct sv a, const char *prefix);

/* Removes leading and trailing ASCII white space (space, tab, CR, LF, FF, VT). */
struct sv sv_trim(struct sv a);

/* Copies the view into a new NUL-terminated heap string; NULL when out of memory. */
char *sv_dup(struct sv a);

/* The decimal digits the view starts with, as a number (UINT64_MAX when larger); 0 when it starts
 * with none. A view into a larger text ends where it ends: strtoull would read on. */
uint64_t sv_leading_u64(struct sv a);

#endif
