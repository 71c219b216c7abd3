/* The N+1 detector's options from the NP1 rules' thresholds (nplus1_opts.h). */
#include "analyze/nplus1_opts.h"

#include <math.h>

#include "rules/rule.h"

/* The longest gap taken: a day. Longer is "no gap" for any loop, and keeps µs in range. */
#define GAP_MS_MAX 86400000.0

/* The threshold's number, or NAN when the rule or the threshold is missing. */
static double threshold(const struct rule_catalog *cat, const char *id, const char *name)
{
    return rule_threshold_num(cat ? rule_catalog_find(cat, id) : NULL, name, NAN);
}

struct np1_opts np1_opts_from_rules(const struct rule_catalog *cat)
{
    struct np1_opts o = np1_opts_default();
    double loop = threshold(cat, "NP1.LOOP", "min_length");
    double rep = threshold(cat, "NP1.REPEAT", "min_length");
    double k = isnan(loop) ? rep : isnan(rep) ? loop : fmin(loop, rep);
    if (!isnan(k)) {
        /* 2.5 iterations are reported from 3 on: the rules compare whole lengths with it. */
        k = ceil(k);
        o.min_len = k < 2 ? 2 : k > UINT32_MAX ? UINT32_MAX : (uint32_t)k;
    }
    double gap = threshold(cat, "NP1.LOOP", "max_gap_ms");
    if (!isnan(gap))
        o.gap_us = (int64_t)llround((gap < 0 ? 0 : gap > GAP_MS_MAX ? GAP_MS_MAX : gap) * 1000);
    return o;
}
