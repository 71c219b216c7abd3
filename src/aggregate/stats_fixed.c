/* Fixed-point numbers for the statistics (see stats.h): parsing log values into millionths, exact
 * sums kept as units plus millionths, and their exact decimal text. Integers only, so that sums do not
 * depend on the order events arrive in and saved digests reload bit for bit. */
#include "aggregate/stats.h"

#include <inttypes.h>
#include <stdio.h>

#define MICROS INT64_C(1000000)
/* Mantissas keep at most 19 significant digits (all of INT64_MAX); more cannot change the value. */
#define MANT_LIMIT 1000000000000000000ULL

static const uint64_t pow10_tab[20] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
    1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
    1000000000000000000ULL, 10000000000000000000ULL,
};

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

struct decimal {
    uint64_t mant;  /* significant digits */
    int exp10;      /* value = mant · 10^exp10 */
    bool neg, any, dot;
};

/* Reads sign, digits and fraction; returns the index after them. */
static size_t scan_mantissa(struct sv s, struct decimal *d)
{
    size_t i = 0;
    if (i < s.n && (s.p[i] == '+' || s.p[i] == '-'))
        d->neg = s.p[i++] == '-';
    for (; i < s.n && is_digit(s.p[i]); i++) {
        d->any = true;
        if (d->mant < MANT_LIMIT)
            d->mant = d->mant * 10 + (uint64_t)(s.p[i] - '0');
        else
            d->exp10++; /* dropped integer digit still scales the value */
    }
    if (i < s.n && s.p[i] == '.') {
        d->dot = true;
        for (i++; i < s.n && is_digit(s.p[i]); i++) {
            d->any = true;
            if (d->mant < MANT_LIMIT) {
                d->mant = d->mant * 10 + (uint64_t)(s.p[i] - '0');
                d->exp10--;
            }
        }
    }
    return i;
}

/* Reads an optional exponent at s.p[i]; returns the index after it, or SIZE_MAX when malformed. */
static size_t scan_exponent(struct sv s, size_t i, struct decimal *d)
{
    if (i >= s.n || (s.p[i] != 'e' && s.p[i] != 'E'))
        return i;
    i++;
    bool neg = false;
    if (i < s.n && (s.p[i] == '+' || s.p[i] == '-'))
        neg = s.p[i++] == '-';
    if (i >= s.n || !is_digit(s.p[i]))
        return SIZE_MAX;
    int e = 0;
    for (; i < s.n && is_digit(s.p[i]); i++)
        if (e < 100000)
            e = e * 10 + (s.p[i] - '0');
    d->exp10 += neg ? -e : e;
    return i;
}

/* mant · 10^e rounded half away from zero, saturating at STATS_FIXED_MAX. */
static int64_t scale_round(uint64_t mant, int e)
{
    if (mant == 0)
        return 0;
    if (e >= 0) {
        if (e > 19 || mant > (uint64_t)STATS_FIXED_MAX / pow10_tab[e])
            return STATS_FIXED_MAX;
        return (int64_t)(mant * pow10_tab[e]);
    }
    if (-e > 19)
        return 0; /* mant < 10^18, so the value is below half a millionth */
    uint64_t p = pow10_tab[-e];
    uint64_t q = mant / p, r = mant % p;
    if (r >= p - r)
        q++;
    return q > (uint64_t)STATS_FIXED_MAX ? STATS_FIXED_MAX : (int64_t)q;
}

bool stats_parse_fixed(struct sv s, int64_t *out)
{
    struct decimal d = {0};
    size_t i = scan_mantissa(s, &d);
    if (!d.any)
        return false;
    i = scan_exponent(s, i, &d);
    if (i == SIZE_MAX)
        return false;
    /* pt reads "1.23.45" as 1.23 (issue 234); anything else after the number means it is not one. */
    if (i < s.n && !(d.dot && s.p[i] == '.'))
        return false;
    int64_t v = scale_round(d.mant, d.exp10 + 6);
    *out = d.neg ? -v : v;
    return true;
}

void fixsum_add(struct fixsum *s, int64_t v)
{
    int64_t units = v / MICROS, micros = s->micros + v % MICROS;
    if (micros >= MICROS) {
        micros -= MICROS;
        units++;
    } else if (micros < 0) {
        micros += MICROS;
        units--;
    }
    if (__builtin_add_overflow(s->units, units, &s->units)) {
        s->units = units > 0 ? INT64_MAX : INT64_MIN;
        micros = 0;
    }
    s->micros = micros;
}

void fixsum_merge(struct fixsum *dst, const struct fixsum *src)
{
    fixsum_add(dst, src->micros);
    if (__builtin_add_overflow(dst->units, src->units, &dst->units)) {
        dst->units = src->units > 0 ? INT64_MAX : INT64_MIN;
        dst->micros = 0;
    }
}

double fixsum_to_double(const struct fixsum *s)
{
    return (double)s->units + (double)s->micros / 1e6;
}

void fixsum_format(const struct fixsum *s, char *out, size_t outlen)
{
    if (s->units >= 0) {
        snprintf(out, outlen, "%" PRId64 ".%06" PRId64, s->units, s->micros);
    } else if (s->micros == 0) {
        snprintf(out, outlen, "-%" PRIu64 ".000000", (uint64_t)0 - (uint64_t)s->units);
    } else {
        /* units < 0 < micros: the value is -(|units| - 1 + (1e6 - micros) / 1e6) */
        uint64_t whole = (uint64_t)0 - (uint64_t)(s->units + 1);
        snprintf(out, outlen, "-%" PRIu64 ".%06" PRId64, whole, MICROS - s->micros);
    }
}

void fixed_format(int64_t v, char *out, size_t outlen)
{
    struct fixsum s = {0, 0};
    fixsum_add(&s, v);
    fixsum_format(&s, out, outlen);
}

bool fixsum_parse(struct sv s, struct fixsum *out)
{
    size_t i = 0;
    bool neg = s.n > 0 && s.p[0] == '-';
    i += neg;
    uint64_t whole = 0;
    size_t start = i;
    for (; i < s.n && is_digit(s.p[i]); i++) {
        if (whole > (UINT64_MAX - 9) / 10)
            return false;
        whole = whole * 10 + (uint64_t)(s.p[i] - '0');
    }
    if (i == start || i + 7 != s.n || s.p[i] != '.')
        return false;
    int64_t frac = 0;
    for (i++; i < s.n; i++) {
        if (!is_digit(s.p[i]))
            return false;
        frac = frac * 10 + (s.p[i] - '0');
    }
    if (!neg) {
        if (whole > (uint64_t)INT64_MAX)
            return false;
        *out = (struct fixsum){(int64_t)whole, frac};
        return true;
    }
    if (whole > (uint64_t)INT64_MAX + 1 || (whole == (uint64_t)INT64_MAX + 1 && frac))
        return false;
    if (frac == 0)
        *out = (struct fixsum){(int64_t)(0 - whole), 0}; /* two's complement, INT64_MIN included */
    else
        *out = (struct fixsum){-(int64_t)whole - 1, MICROS - frac};
    return true;
}
