/* pt-query-digest prints each class's sample through QueryRewriter::shorten: the rows after the
 * first of a multi-row INSERT/REPLACE become an "omitted" comment. Done with the same regular
 * expression (PCRE2 is a dependency already) so that what is kept is exactly what pt keeps.
 * Not done: pt's cutting of IN() lists longer than 1024 bytes. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "report/format.h"

static const char insert_re[] =
    "\\A((?:INSERT|REPLACE)(?:\\s+LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE)?(?:\\s\\w+)*\\s+\\S+"
    "\\s+VALUES\\s*\\(.*?\\))\\s*,\\s*\\(.*?(ON\\s+DUPLICATE|\\Z)";

int rfmt_shorten_sample(const char *q, size_t n, struct buf *out)
{
    buf_reset(out);
    int err;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)insert_re, PCRE2_ZERO_TERMINATED,
                                   PCRE2_DOTALL | PCRE2_CASELESS, &err, &off, NULL);
    pcre2_match_data *md = re ? pcre2_match_data_create_from_pattern(re, NULL) : NULL;
    int rc = md ? pcre2_match(re, (PCRE2_SPTR)q, n, 0, 0, md, NULL) : -1;
    int ret = 0;
    if (rc >= 3) {
        PCRE2_SIZE *v = pcre2_get_ovector_pointer(md);
        if (buf_append(out, q + v[2], v[3] - v[2]) < 0 ||
            buf_append_cstr(out, " /*... omitted ...*/") < 0 ||
            buf_append(out, q + v[4], n - v[4]) < 0)
            ret = -1;
    } else if (buf_append(out, q, n) < 0) {
        ret = -1; /* no match (or the pattern could not run): the sample as it is */
    }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return ret;
}
