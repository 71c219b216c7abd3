/* Input sources; see source.h. A plain regular file is mapped whole (MAP_PRIVATE, sequential
 * advice) so that events can point into it and two threads can split it. Everything else — gzip
 * files, pipes, standard input — is a stream: the first bytes are peeked to recognise the gzip magic
 * (1f 8b) and, if present, the stream is inflated with zlib, member after member, because `cat a.gz
 * b.gz` is a valid gzip file. The zlib loop is ours rather than gzread's so that a corrupt stream can
 * be reported with the byte offset where inflation failed, and so that pipes work the same way. */
#include "input/source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define SOURCE_INBUF (256 * 1024)

struct source {
    char *name;
    int fd;            /* -1 once closed or for a mapped file */
    bool mapped;
    const char *data;  /* mapped bytes */
    size_t size;
    /* streams */
    bool gzip;
    bool zinit;        /* strm initialised */
    bool eof;          /* no more output */
    bool raw_eof;      /* no more raw input */
    unsigned char peek[2];
    size_t npeek;      /* bytes in peek not yet delivered (plain streams) */
    unsigned char *in; /* raw input buffer (gzip) */
    z_stream strm;
    uint64_t raw_pos, raw_size;
    const char *mem;   /* memory stream (tests): data, and bytes per read */
    size_t mem_chunk;
    char err[256];
};

static void set_err(char *err, size_t errlen, const char *name, const char *why)
{
    if (err && errlen)
        snprintf(err, errlen, "%s: %s", name, why);
}

/* Reads until n bytes or the end; returns bytes read or -1. */
static ssize_t read_full(int fd, void *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, (char *)buf + got, n - got);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

static struct source *source_alloc(const char *path)
{
    struct source *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->name = strdup(strcmp(path, "-") == 0 ? "(stdin)" : path);
    if (!s->name) {
        free(s);
        return NULL;
    }
    s->fd = -1;
    return s;
}

static int map_file(struct source *s, size_t size, char *err, size_t errlen)
{
    s->mapped = true;
    s->size = size;
    s->raw_size = size;
    if (size == 0) {
        s->data = "";
        return 0;
    }
    void *p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, s->fd, 0);
    if (p == MAP_FAILED) {
        set_err(err, errlen, s->name, strerror(errno));
        return -1;
    }
    (void)madvise(p, size, MADV_SEQUENTIAL); /* advice only: failure changes nothing */
    s->data = p;
    close(s->fd);
    s->fd = -1;
    return 0;
}

static int start_stream(struct source *s, char *err, size_t errlen)
{
    ssize_t r = read_full(s->fd, s->peek, 2);
    if (r < 0) {
        set_err(err, errlen, s->name, strerror(errno));
        return -1;
    }
    s->npeek = (size_t)r;
    s->raw_pos = (uint64_t)r;
    if (r < 2 || s->peek[0] != 0x1f || s->peek[1] != 0x8b)
        return 0;
    s->gzip = true;
    s->in = malloc(SOURCE_INBUF);
    if (!s->in || inflateInit2(&s->strm, 16 + MAX_WBITS) != Z_OK) {
        set_err(err, errlen, s->name, "out of memory");
        return -1;
    }
    s->zinit = true;
    memcpy(s->in, s->peek, 2);
    s->strm.next_in = s->in;
    s->strm.avail_in = 2;
    s->npeek = 0;
    return 0;
}

struct source *source_open(const char *path, char *err, size_t errlen)
{
    struct source *s = source_alloc(path);
    if (!s) {
        set_err(err, errlen, path, "out of memory");
        return NULL;
    }
    if (strcmp(path, "-") == 0) {
        s->fd = dup(STDIN_FILENO);
    } else {
        s->fd = open(path, O_RDONLY | O_CLOEXEC);
    }
    struct stat st;
    if (s->fd < 0 || fstat(s->fd, &st) != 0) {
        set_err(err, errlen, s->name, strerror(errno));
        goto fail;
    }
    if (S_ISDIR(st.st_mode)) {
        set_err(err, errlen, s->name, strerror(EISDIR));
        goto fail;
    }
    if (S_ISREG(st.st_mode)) {
        unsigned char magic[2];
        ssize_t r = pread(s->fd, magic, 2, 0);
        if (r < 0) {
            set_err(err, errlen, s->name, strerror(errno));
            goto fail;
        }
        s->raw_size = (uint64_t)st.st_size;
        if (!(r == 2 && magic[0] == 0x1f && magic[1] == 0x8b)) {
            if (map_file(s, (size_t)st.st_size, err, errlen) != 0)
                goto fail;
            return s;
        }
    }
    if (start_stream(s, err, errlen) != 0)
        goto fail;
    return s;
fail:
    source_close(s);
    return NULL;
}

struct source *source_open_memory_stream(const char *name, const char *data, size_t n,
                                         size_t chunk)
{
    struct source *s = source_alloc(name);
    if (!s)
        return NULL;
    s->mem = data ? data : "";
    s->raw_size = n;
    s->mem_chunk = chunk ? chunk : 1;
    return s;
}

const char *source_name(const struct source *s) { return s->name; }
bool source_is_mapped(const struct source *s) { return s->mapped; }
const char *source_data(const struct source *s) { return s->mapped ? s->data : NULL; }
size_t source_size(const struct source *s) { return s->mapped ? s->size : 0; }
const char *source_error(const struct source *s) { return s->err; }
uint64_t source_raw_pos(const struct source *s) { return s->mapped ? s->size : s->raw_pos; }
uint64_t source_raw_size(const struct source *s) { return s->raw_size; }

static ssize_t plain_read(struct source *s, char *buf, size_t n)
{
    size_t got = 0;
    while (s->npeek && got < n) { /* deliver the peeked bytes first */
        buf[got++] = (char)s->peek[0];
        s->peek[0] = s->peek[1];
        s->npeek--;
    }
    if (got)
        return (ssize_t)got;
    for (;;) {
        ssize_t r = read(s->fd, buf, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            snprintf(s->err, sizeof s->err, "%s: %s", s->name, strerror(errno));
            return -1;
        }
        s->raw_pos += (uint64_t)r;
        return r;
    }
}

/* Refills the raw input buffer; returns 0, or -1 on a read error. */
static int gz_fill(struct source *s)
{
    ssize_t r = read_full(s->fd, s->in, SOURCE_INBUF);
    if (r < 0) {
        snprintf(s->err, sizeof s->err, "%s: %s", s->name, strerror(errno));
        return -1;
    }
    if (r == 0)
        s->raw_eof = true;
    s->raw_pos += (uint64_t)r;
    s->strm.next_in = s->in;
    s->strm.avail_in = (uInt)r;
    return 0;
}

/* After one gzip member ended: another member follows, or the stream is over. Bytes after the last
 * member that are not a gzip header are ignored, as gzip(1) does with trailing garbage. */
static int gz_next_member(struct source *s)
{
    if (s->strm.avail_in == 0 && !s->raw_eof && gz_fill(s) != 0)
        return -1;
    if (s->strm.avail_in == 0 || s->strm.next_in[0] != 0x1f) {
        s->eof = true;
        return 0;
    }
    if (inflateReset(&s->strm) != Z_OK) {
        snprintf(s->err, sizeof s->err, "%s: cannot reset the gzip decoder", s->name);
        return -1;
    }
    return 0;
}

static uint64_t gz_err_pos(const struct source *s)
{
    return s->raw_pos - s->strm.avail_in;
}

/* After an error (recorded in s->err): the bytes inflated before it still count, so a damaged or
 * cut .gz loses nothing it held; the next read reports the error. */
static ssize_t gz_failed(const struct source *s, size_t n)
{
    size_t got = n - s->strm.avail_out;
    return got ? (ssize_t)got : -1;
}

static ssize_t gz_read(struct source *s, char *buf, size_t n)
{
    s->strm.next_out = (unsigned char *)buf;
    s->strm.avail_out = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
    while (s->strm.avail_out > 0 && !s->eof) {
        if (s->strm.avail_in == 0) {
            if (s->raw_eof) {
                snprintf(s->err, sizeof s->err, "%s: truncated gzip data at byte %llu", s->name,
                         (unsigned long long)s->raw_pos);
                return gz_failed(s, n);
            }
            if (gz_fill(s) != 0)
                return gz_failed(s, n);
            continue;
        }
        int z = inflate(&s->strm, Z_NO_FLUSH);
        if (z == Z_STREAM_END) {
            if (gz_next_member(s) != 0)
                return gz_failed(s, n);
        } else if (z == Z_DATA_ERROR || z == Z_NEED_DICT) {
            snprintf(s->err, sizeof s->err, "%s: corrupt gzip data at byte %llu", s->name,
                     (unsigned long long)gz_err_pos(s));
            return gz_failed(s, n);
        } else if (z == Z_MEM_ERROR) {
            snprintf(s->err, sizeof s->err, "%s: out of memory", s->name);
            return gz_failed(s, n);
        } else if (z == Z_BUF_ERROR && s->strm.avail_in != 0) {
            break; /* no progress possible with this output space */
        }
        if (s->strm.avail_out < n && s->strm.avail_in == 0 && !s->raw_eof)
            break; /* return what we have rather than block on more input */
    }
    return (ssize_t)(n - s->strm.avail_out);
}

ssize_t source_read(struct source *s, void *buf, size_t n)
{
    if (s->mapped || n == 0)
        return 0;
    if (s->err[0])
        return -1;
    if (s->mem) {
        size_t left = (size_t)(s->raw_size - s->raw_pos);
        size_t k = n < s->mem_chunk ? n : s->mem_chunk;
        k = k < left ? k : left;
        memcpy(buf, s->mem + s->raw_pos, k);
        s->raw_pos += k;
        return (ssize_t)k;
    }
    if (!s->gzip)
        return plain_read(s, buf, n);
    if (s->eof)
        return 0;
    return gz_read(s, buf, n);
}

void source_close(struct source *s)
{
    if (!s)
        return;
    if (s->mapped && s->size)
        munmap((void *)s->data, s->size);
    if (s->zinit)
        inflateEnd(&s->strm);
    if (s->fd >= 0)
        close(s->fd);
    free(s->in);
    free(s->name);
    free(s);
}

void source_release(struct source *s, uint64_t from, uint64_t to)
{
    if (!s->data || to > s->size)
        return;
    uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
    from = (from + page - 1) / page * page; /* whole pages only: the neighbours may still be used */
    to = to / page * page;
    if (to > from)
        (void)madvise((char *)s->data + from, to - from, MADV_DONTNEED); /* advice only */
}
