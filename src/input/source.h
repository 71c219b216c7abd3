/* Where bytes come from: a plain file (mapped whole into memory, so parsers can point into it and
 * two threads can split it), a gzip file or standard input (decompressed as a stream). Compression
 * is recognised by the gzip magic bytes, not the file name. */
#ifndef SLOWDEX_SOURCE_H
#define SLOWDEX_SOURCE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct source;

/* Opens path ("-" is standard input). On failure returns NULL and writes a one-line reason
 * (e.g. "slow.log: No such file or directory") into err. */
struct source *source_open(const char *path, char *err, size_t errlen);
/* A stream over memory that hands out at most `chunk` bytes per read, as a pipe might: for tests
 * and fuzzers. data must outlive the source. */
struct source *source_open_memory_stream(const char *name, const char *data, size_t n,
                                         size_t chunk);
const char *source_name(const struct source *s);
/* True for a plain regular file mapped whole: source_data/source_size then give all of it. */
bool source_is_mapped(const struct source *s);
const char *source_data(const struct source *s);
size_t source_size(const struct source *s);
/* Mapped files: the bytes [from, to) have been parsed and nothing points into them any more, so
 * their pages can leave this process's memory (they are read again from the file if touched).
 * Keeps memory bounded by what is being parsed, not by the file's size. */
void source_release(struct source *s, uint64_t from, uint64_t to);
/* Streams: reads up to n decompressed bytes. Returns bytes read, 0 at the end, -1 on error (the
 * reason is then in source_error). */
ssize_t source_read(struct source *s, void *buf, size_t n);
const char *source_error(const struct source *s);
/* Bytes consumed from the underlying file so far and its total size (0 when unknown), for
 * progress reporting of compressed and streamed input. */
uint64_t source_raw_pos(const struct source *s);
uint64_t source_raw_size(const struct source *s);
void source_close(struct source *s);

#endif
