/* A growable byte buffer that owns its memory. Reused across events (reset, not freed) so the hot
 * path does not allocate once the buffer has reached its working size. Always NUL-terminated. */
#ifndef SLOWDEX_BUF_H
#define SLOWDEX_BUF_H
#include <stdarg.h>
#include <stddef.h>

#include "util/sv.h"

struct buf {
    char *p;    /* NULL until the first append */
    size_t n;   /* bytes used, not counting the terminating NUL */
    size_t cap; /* bytes allocated */
};

/* Makes room for at least `extra` more bytes. Returns 0, or -1 when out of memory. */
int buf_reserve(struct buf *b, size_t extra);
int buf_append(struct buf *b, const void *p, size_t n);
int buf_append_sv(struct buf *b, struct sv s);
int buf_append_cstr(struct buf *b, const char *s);
int buf_append_char(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
static inline void buf_reset(struct buf *b) { b->n = 0; if (b->p) b->p[0] = '\0'; }
static inline struct sv buf_sv(const struct buf *b) { return sv_make(b->p ? b->p : "", b->n); }
void buf_free(struct buf *b);
/* Appends the whole file at path (small inputs: DDL, statistics, configuration). Returns 0; -1
 * when out of memory; -2 when the file cannot be opened or read, with strerror's reason in err. */
int buf_read_file(struct buf *b, const char *path, char *err, size_t errlen);

#endif
