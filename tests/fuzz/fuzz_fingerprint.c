/* libFuzzer target for the fingerprint module: fp_fingerprint (the first byte picks the option
 * flags), fp_query_id, fp_distill and fp_comment_tag of every collected comment, on arbitrary bytes.
 * Checks the invariants no input may break: the output is NUL-terminated at out.n, and comments point
 * inside the query. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fingerprint/fingerprint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned flags = data[0] & (FP_MATCH_EMBEDDED_NUMBERS | FP_MATCH_MD5_CHECKSUMS);
    struct sv q = sv_make((const char *)data + 1, size - 1);
    struct fp_state st = {0};
    struct buf b = {0};
    char id[33];
    if (fp_fingerprint(&st, q, flags) == 0) {
        if (st.out.p && st.out.p[st.out.n] != '\0')
            abort();
        fp_query_id(buf_sv(&st.out), id);
        for (int i = 0; i < st.ncomments; i++) {
            struct sv c = st.comments[i].text;
            if (c.p < q.p || c.p + c.n > q.p + q.n)
                abort();
            buf_reset(&b);
            fp_comment_tag(c, &b);
        }
    }
    buf_reset(&b);
    struct fp_distiller *dx = fp_distiller_new();
    if (dx)
        fp_distill(dx, q, &b);
    fp_distiller_free(dx);
    buf_reset(&b);
    fp_comment_tag(q, &b);
    buf_free(&b);
    fp_state_free(&st);
    return 0;
}
