/* libFuzzer target for the slow-log parser: any bytes must parse without a crash, leak or hang,
 * and three ways of parsing them must agree exactly: one memory window, a stream handed out in
 * blocks of 1-64 bytes (size chosen by the first byte), and a split at every guessed boundary with
 * stop_at and the guessed carry (refuted guesses dropped, as a parallel driver does). */
#include <stdint.h>
#include <stdlib.h>

#include "../unit/slowlog_test_util.h"

static int same(const struct sl_run *a, const struct sl_run *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->ev[i], b->ev[i]) != 0)
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct slowlog_opts o = {.file_name = "fuzz", .first_line = 1, .stop_at = UINT64_MAX};
    struct sl_run mem, stream, split;
    slt_parse_opts(text, size, 0, &mem, &o, NULL);
    size_t block = size ? (size_t)(data[0] % 64) + 1 : 1;
    slt_parse_opts(text, size, block, &stream, &o, NULL);
    if (!same(&mem, &stream) || mem.st.bad_lines != stream.st.bad_lines || mem.stop != size ||
        stream.stop != size)
        abort();
    uint64_t bad;
    slt_split_parse(text, size, &split, &bad);
    if (!same(&mem, &split) || bad != mem.st.bad_lines)
        abort();
    slt_free(&mem);
    slt_free(&stream);
    slt_free(&split);
    return 0;
}
