/* Diagnostics collector; see diag.h. */
#include "util/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void diag_add(struct diag *d, const char *file, uint64_t line, const char *fmt, ...)
{
    d->count++;
    if (d->kept >= DIAG_KEEP)
        return;
    struct buf b = {0};
    if (line)
        buf_printf(&b, "%s:%llu: ", file, (unsigned long long)line);
    else
        buf_printf(&b, "%s: ", file);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (b.p)
        d->msgs[d->kept++] = b.p; /* on allocation failure the message is only counted */
}

void diag_shift_lines(struct diag *d, const char *file, uint64_t delta)
{
    size_t fl = strlen(file);
    for (int i = 0; i < d->kept && delta; i++) {
        char *m = d->msgs[i], *end;
        if (strncmp(m, file, fl) != 0 || m[fl] != ':' || m[fl + 1] < '0' || m[fl + 1] > '9')
            continue;
        unsigned long long line = strtoull(m + fl + 1, &end, 10);
        if (*end != ':')
            continue;
        struct buf b = {0};
        if (buf_printf(&b, "%s:%llu%s", file, line + delta, end) < 0 || !b.p)
            continue; /* out of memory: the message keeps its relative line */
        free(m);
        d->msgs[i] = b.p;
    }
}

void diag_merge(struct diag *dst, struct diag *src)
{
    dst->count += src->count;
    for (int i = 0; i < src->kept; i++) {
        if (dst->kept < DIAG_KEEP)
            dst->msgs[dst->kept++] = src->msgs[i];
        else
            free(src->msgs[i]);
    }
    src->kept = 0;
    src->count = 0;
}

void diag_free(struct diag *d)
{
    for (int i = 0; i < d->kept; i++)
        free(d->msgs[i]);
    d->kept = 0;
    d->count = 0;
}

int diag_read_file(struct diag *d, const char *path, struct buf *b)
{
    char err[256];
    int rc = buf_read_file(b, path, err, sizeof err);
    if (rc == -1)
        diag_add(d, path, 0, "out of memory");
    else if (rc == -2)
        diag_add(d, path, 0, "%s", err);
    return rc == 0 ? 0 : -1;
}
