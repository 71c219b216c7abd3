/* libFuzzer target for saved-digest loading, N+1 patterns included: any bytes must give 0 or -1
 * with a message, never a crash, leak or hang; what loads must save again. */
#include <stdint.h>
#include <stdio.h>

#include "aggregate/agg.h"
#include "analyze/nplus1_save.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct agg_options o = {.order_attr = "Query_time", .keep_minutes = true};
    struct agg_table *t = agg_new(&o);
    if (!t)
        return 0;
    struct np1_result r = {.qtime_min_us = NP1_UNKNOWN};
    struct np1_load l;
    np1_load_init(&l, &r, 0);
    char err[256];
    int rc = agg_load_ex(t, "fuzz", (const char *)data, size, &l.sec, err, sizeof err);
    np1_load_free(&l);
    struct np1_save s;
    if (rc == 0 && np1_save_init(&s, &r, t) == 0) {
        FILE *f = fopen("/dev/null", "w");
        if (f) {
            agg_save_ex(t, f, &s.sec);
            fclose(f);
        }
        np1_save_free(&s);
    }
    np1_result_free(&r);
    agg_free(t);
    return 0;
}
