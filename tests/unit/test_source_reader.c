/* Sources and the reader window: mapped files, gzip (also several members and corrupt or truncated
 * data), standard input through a pipe (plain and gzip), error messages, and a window that grows
 * for a 3 MB line. Inputs are written to a temporary directory by the test itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "input/reader.h"
#include "input/source.h"

static char tmpdir[] = "/tmp/slowdex-srcXXXXXX";

static const char *tpath(const char *name)
{
    static char p[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", tmpdir, name);
    return p[k];
}

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static void write_gz(const char *path, const char *mode, const void *data, size_t n)
{
    gzFile g = gzopen(path, mode);
    assert_non_null(g);
    assert_int_equal(gzwrite(g, data, (unsigned)n), (int)n);
    assert_int_equal(gzclose(g), Z_OK);
}

/* Reads a whole source through a reader, dropping nothing until the end. */
static char *read_all(struct source *s, size_t *len)
{
    struct reader r;
    assert_int_equal(reader_init_source(&r, s), 0);
    while (!r.eof)
        assert_true(reader_more(&r, 0) >= 0);
    char *out = malloc(r.n + 1);
    assert_non_null(out);
    memcpy(out, r.p, r.n);
    out[r.n] = '\0';
    *len = r.n;
    assert_int_equal(r.base, 0);
    reader_free(&r);
    return out;
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_plain_file_is_mapped(void **state)
{
    (void)state;
    write_file(tpath("plain.log"), "# Time: x\nSELECT 1;\n", 20);
    char err[256] = "";
    struct source *s = source_open(tpath("plain.log"), err, sizeof err);
    assert_non_null(s);
    assert_true(source_is_mapped(s));
    assert_int_equal(source_size(s), 20);
    assert_memory_equal(source_data(s), "# Time: x\nSELECT 1;\n", 20);
    assert_int_equal(source_raw_size(s), 20);
    struct reader r;
    assert_int_equal(reader_init_source(&r, s), 0);
    assert_true(r.eof);
    assert_int_equal(r.n, 20);
    assert_int_equal(reader_more(&r, 10), 0); /* memory: only drops the prefix */
    assert_int_equal(r.base, 10);
    assert_int_equal(r.n, 10);
    assert_memory_equal(r.p, "SELECT 1;\n", 10);
    reader_free(&r);
    source_close(s);
}

static void test_empty_file(void **state)
{
    (void)state;
    write_file(tpath("empty.log"), "", 0);
    char err[256] = "";
    struct source *s = source_open(tpath("empty.log"), err, sizeof err);
    assert_non_null(s);
    assert_true(source_is_mapped(s));
    assert_int_equal(source_size(s), 0);
    size_t n;
    char *all = read_all(s, &n);
    assert_int_equal(n, 0);
    free(all);
    source_close(s);
}

static void test_errors(void **state)
{
    (void)state;
    char err[512];
    char want[512];
    assert_null(source_open(tpath("nope.log"), err, sizeof err));
    snprintf(want, sizeof want, "%s: No such file or directory", tpath("nope.log"));
    assert_string_equal(err, want);
    assert_null(source_open(tmpdir, err, sizeof err));
    snprintf(want, sizeof want, "%s: Is a directory", tmpdir);
    assert_string_equal(err, want);
}

static void test_gzip_and_members(void **state)
{
    (void)state;
    write_gz(tpath("one.gz"), "wb", "hello\n", 6);
    write_gz(tpath("two.gz"), "wb", "first member\n", 13);
    write_gz(tpath("two.gz"), "ab", "second member\n", 14);
    char err[256];
    size_t n;
    struct source *s = source_open(tpath("one.gz"), err, sizeof err);
    assert_non_null(s);
    assert_false(source_is_mapped(s));
    char *all = read_all(s, &n);
    assert_string_equal(all, "hello\n");
    assert_int_equal(source_raw_pos(s), source_raw_size(s));
    free(all);
    source_close(s);
    s = source_open(tpath("two.gz"), err, sizeof err);
    assert_non_null(s);
    all = read_all(s, &n);
    assert_string_equal(all, "first member\nsecond member\n");
    free(all);
    source_close(s);
}

static void test_corrupt_and_truncated_gzip(void **state)
{
    (void)state;
    /* a gzip header, then a deflate block with the reserved block type 11 */
    static const unsigned char bad[] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0, 0, 0};
    write_file(tpath("bad.gz"), bad, sizeof bad);
    char err[512], want[512];
    struct source *s = source_open(tpath("bad.gz"), err, sizeof err);
    assert_non_null(s);
    char buf[64];
    assert_int_equal(source_read(s, buf, sizeof buf), -1);
    snprintf(want, sizeof want, "%s: corrupt gzip data at byte 11", tpath("bad.gz"));
    assert_string_equal(source_error(s), want);
    source_close(s);

    write_gz(tpath("cut.gz"), "wb", "some text that will be cut short\n", 33);
    FILE *f = fopen(tpath("cut.gz"), "rb");
    assert_non_null(f);
    unsigned char gz[256];
    size_t n = fread(gz, 1, sizeof gz, f);
    fclose(f);
    write_file(tpath("cut.gz"), gz, n - 6);
    s = source_open(tpath("cut.gz"), err, sizeof err);
    assert_non_null(s);
    ssize_t r;
    while ((r = source_read(s, buf, sizeof buf)) > 0)
        ;
    assert_int_equal(r, -1);
    snprintf(want, sizeof want, "%s: truncated gzip data at byte %zu", tpath("cut.gz"), n - 6);
    assert_string_equal(source_error(s), want);
    source_close(s);
}

/* Runs `read_all` on "-" with data (gzip when gz) written into a pipe by a child, in pieces. */
static void stdin_roundtrip(const char *data, size_t n, bool gz)
{
    unsigned char packed[4096];
    uLongf plen = sizeof packed;
    const unsigned char *out = (const unsigned char *)data;
    size_t outn = n;
    if (gz) {
        z_stream z = {0};
        assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
                         Z_OK);
        z.next_in = (unsigned char *)data;
        z.avail_in = (uInt)n;
        z.next_out = packed;
        z.avail_out = (uInt)plen;
        assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
        plen = z.total_out;
        deflateEnd(&z);
        out = packed;
        outn = plen;
    }
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        for (size_t i = 0; i < outn; i += 7) {
            size_t k = outn - i < 7 ? outn - i : 7;
            if (write(fds[1], out + i, k) != (ssize_t)k)
                _exit(1);
            usleep(100);
        }
        _exit(0);
    }
    close(fds[1]);
    int saved = dup(0);
    assert_true(saved >= 0);
    assert_int_equal(dup2(fds[0], 0), 0);
    close(fds[0]);
    char err[256];
    struct source *s = source_open("-", err, sizeof err);
    assert_int_equal(dup2(saved, 0), 0);
    close(saved);
    assert_non_null(s);
    assert_false(source_is_mapped(s));
    size_t got;
    char *all = read_all(s, &got);
    assert_int_equal(got, n);
    assert_memory_equal(all, data, n);
    free(all);
    source_close(s);
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_int_equal(st, 0);
}

static void test_stdin_pipe(void **state)
{
    (void)state;
    static const char text[] = "# User@Host: a[a] @ h []\n# Query_time: 1\nSELECT 1;\n";
    stdin_roundtrip(text, sizeof text - 1, false);
    stdin_roundtrip(text, sizeof text - 1, true);
    stdin_roundtrip("x", 1, false); /* shorter than the gzip magic */
}

/* A 3 MB line in a gzip stream: the window grows until the whole line fits. */
static void test_window_growth(void **state)
{
    (void)state;
    size_t big = 3u << 20;
    char *data = malloc(big + 16);
    assert_non_null(data);
    memset(data, 'x', big);
    memcpy(data + big, "\nnext line\n", 11);
    write_gz(tpath("big.gz"), "wb", data, big + 11);
    char err[256];
    struct source *s = source_open(tpath("big.gz"), err, sizeof err);
    assert_non_null(s);
    struct reader r;
    assert_int_equal(reader_init_source(&r, s), 0);
    assert_true(r.n <= (size_t)2 << 20);
    while (!memchr(r.p, '\n', r.n)) { /* keep everything: the line is still needed */
        assert_false(r.eof);
        assert_true(reader_more(&r, 0) > 0);
    }
    const char *nl = memchr(r.p, '\n', r.n);
    assert_int_equal((size_t)(nl - r.p), big);
    assert_true(r.cap <= (size_t)8 << 20); /* bounded by the event, not the input */
    size_t drop = big + 1;
    while (r.n < drop + 10 && !r.eof)
        assert_true(reader_more(&r, 0) >= 0);
    assert_true(reader_more(&r, drop) >= 0);
    assert_int_equal(r.base, big + 1);
    while (!r.eof)
        assert_true(reader_more(&r, 0) >= 0);
    assert_int_equal(r.n, 10);
    assert_memory_equal(r.p, "next line\n", 10);
    reader_free(&r);
    source_close(s);
    free(data);
}

/* The memory stream used by tests and fuzzers hands out at most `chunk` bytes a read. */
static void test_memory_stream(void **state)
{
    (void)state;
    struct source *s = source_open_memory_stream("m", "abcdefgh", 8, 3);
    assert_non_null(s);
    char buf[8];
    assert_int_equal(source_read(s, buf, 8), 3);
    assert_int_equal(source_read(s, buf, 2), 2);
    assert_int_equal(source_read(s, buf, 8), 3);
    assert_memory_equal(buf, "fgh", 3);
    assert_int_equal(source_read(s, buf, 8), 0);
    source_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_file_is_mapped),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_gzip_and_members),
        cmocka_unit_test(test_corrupt_and_truncated_gzip),
        cmocka_unit_test(test_stdin_pipe),
        cmocka_unit_test(test_window_growth),
        cmocka_unit_test(test_memory_stream),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
