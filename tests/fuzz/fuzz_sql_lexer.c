/* libFuzzer target for the SQL lexer and script splitter on arbitrary bytes. The first byte picks
 * the sql_mode flags and the target server. Checks the invariants no input may break: statements
 * lie inside the script, in order; tokens lie inside their statement, advance, and end with EOF;
 * identifier and string decoding stay within their buffers. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "sql/lexer.h"

static const char *const targets[] = {"mysql:5.6", "mysql:8.0.36", "mariadb:10.3", "mariadb:11.4"};

static void lex_statement(const struct sql_statement *st, unsigned modes,
                          const struct sql_target *t)
{
    struct sql_lexer lx;
    sql_lexer_init(&lx, st->p, st->len, modes, t);
    uint32_t last_end = 0;
    char buf[32];
    for (size_t n = 0;; n++) {
        struct sql_token tok = sql_lexer_next(&lx);
        if (tok.pos < last_end || (size_t)tok.pos + tok.len > st->len || n > st->len + 1)
            abort();
        if (tok.kind == SQL_TOK_EOF)
            break;
        if (tok.len == 0)
            abort();
        last_end = tok.pos + tok.len;
        if (tok.kind == SQL_TOK_WORD || tok.kind == SQL_TOK_QIDENT)
            sql_ident_unquote(&tok, buf, sizeof buf);
        if (tok.kind == SQL_TOK_STRING)
            sql_string_value(&tok, modes, buf, sizeof buf);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned modes = data[0] & 3u;
    struct sql_target t;
    if (!sql_target_parse(targets[(data[0] >> 2) & 3u], &t))
        abort();
    const char *text = (const char *)data + 1;
    struct sql_splitter sp;
    sql_splitter_init(&sp, text, size - 1, modes);
    struct sql_statement st;
    size_t prev_end = 0;
    while (sql_splitter_next(&sp, &st)) {
        if (st.offset < prev_end || st.offset + st.len > size - 1 || st.p != text + st.offset ||
            st.len == 0)
            abort();
        prev_end = st.offset + st.len;
        lex_statement(&st, modes, &t);
    }
    return 0;
}
