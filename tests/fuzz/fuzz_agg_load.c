/* libFuzzer target for saved-digest loading: any bytes must give 0 or -1 with a message, never a
 * crash, leak or hang; what loads must save again. */
#include <stdint.h>
#include <stdio.h>

#include "aggregate/agg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct agg_options o = {.order_attr = "Query_time", .keep_minutes = true};
    struct agg_table *t = agg_new(&o);
    if (!t)
        return 0;
    char err[256];
    if (agg_load(t, "fuzz", (const char *)data, size, err, sizeof err) == 0) {
        FILE *f = fopen("/dev/null", "w");
        if (f) {
            agg_save(t, f);
            fclose(f);
        }
    }
    agg_free(t);
    return 0;
}
