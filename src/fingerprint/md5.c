/* MD5 for the Query IDs (pt-query-digest's ID is the MD5 of the fingerprint), from nettle: a plain
 * function call per digest. OpenSSL 3's EVP interface was the alternative, but it loads its
 * providers on the first call (~0.85 ms, most of a small log's run) and looks the algorithm up on
 * every call. */
#include <nettle/md5.h>

#include "fingerprint/fp_int.h"

void fp_md5(const void *data, size_t n, unsigned char out[16])
{
    struct md5_ctx ctx;
    md5_init(&ctx);
    md5_update(&ctx, n, data);
    md5_digest(&ctx, MD5_DIGEST_SIZE, out);
}
