/* Throughput of fp_fingerprint (not a test): fingerprints every statement of the files given (one
 * statement per NUL- or newline-separated record) many times and prints MB/s and ns/statement.
 *   cc -O2 -D_GNU_SOURCE -Isrc bench/fp_bench.c src/fingerprint/[a-z_]*.c src/util/buf.c src/util/sv.c
 *      -lnettle -lpcre2-8 -o fp_bench; ./fp_bench statements.txt */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fingerprint/fingerprint.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    struct buf all = {0};
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        char tmp[65536];
        size_t k;
        if (!f) {
            perror(argv[i]);
            return 2;
        }
        while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
            if (buf_append(&all, tmp, k) < 0)
                return 2;
        fclose(f);
    }
    if (all.n == 0) {
        fputs("usage: fp_bench FILE... (statements separated by NUL or newline)\n", stderr);
        return 2;
    }
    char sep = memchr(all.p, '\0', all.n) ? '\0' : '\n';
    size_t nst = 0, bytes = 0;
    struct fp_state st = {0};
    double t0 = now(), t;
    int rounds = 0;
    do {
        for (size_t i = 0; i < all.n;) {
            const char *e = memchr(all.p + i, sep, all.n - i);
            size_t n = e ? (size_t)(e - (all.p + i)) : all.n - i;
            if (fp_fingerprint(&st, sv_make(all.p + i, n), 0) < 0)
                return 2;
            nst++;
            bytes += n;
            i += n + 1;
        }
        rounds++;
        t = now() - t0;
    } while (t < 2.0);
    printf("%d rounds, %zu statements, %.1f MB in %.2f s: %.0f MB/s, %.0f ns/statement\n", rounds, nst,
           (double)bytes / 1e6, t, (double)bytes / 1e6 / t, t * 1e9 / (double)nst);
    fp_state_free(&st);
    buf_free(&all);
    return 0;
}
