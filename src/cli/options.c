/* Option parsing and help from a command's option table; see options.h. */
#include "cli/options.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void opt_init(struct opt_iter *it, const struct cmd_spec *cmd, int argc, char **argv,
              char **operands)
{
    memset(it, 0, sizeof *it);
    it->cmd = cmd;
    it->argc = argc;
    it->argv = argv;
    it->i = 1;
    it->operands = operands;
}

static const struct opt_spec *find_long(const struct cmd_spec *cmd, const char *name, size_t n)
{
    for (const struct opt_spec *o = cmd->opts; o && o->id; o++)
        if (strlen(o->name) == n && memcmp(o->name, name, n) == 0)
            return o;
    return NULL;
}

static const struct opt_spec *find_short(const struct cmd_spec *cmd, char c)
{
    for (const struct opt_spec *o = cmd->opts; o && o->id; o++)
        if (o->short_name && o->short_name == c)
            return o;
    return NULL;
}

static int take_value(struct opt_iter *it, const struct opt_spec *o, const char *inline_val,
                      const char **val)
{
    if (!o->arg) {
        if (inline_val) {
            snprintf(it->err, sizeof it->err, "option --%s takes no value", o->name);
            return -1;
        }
        *val = NULL;
        return o->id;
    }
    if (inline_val) {
        *val = inline_val;
        return o->id;
    }
    if (it->i >= it->argc) {
        snprintf(it->err, sizeof it->err, "option --%s needs a value (%s)", o->name, o->arg);
        return -1;
    }
    *val = it->argv[it->i++];
    return o->id;
}

int opt_next(struct opt_iter *it, const char **val)
{
    while (it->i < it->argc) {
        char *a = it->argv[it->i++];
        if (strcmp(a, "--") == 0) {
            while (it->i < it->argc)
                it->operands[it->noperands++] = it->argv[it->i++];
            return 0;
        }
        if (a[0] != '-' || a[1] == '\0') {
            it->operands[it->noperands++] = a;
            continue;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
            return OPT_HELP;
        const struct opt_spec *o;
        const char *inline_val = NULL;
        if (a[1] == '-') {
            const char *name = a + 2, *eq = strchr(name, '=');
            size_t n = eq ? (size_t)(eq - name) : strlen(name);
            inline_val = eq ? eq + 1 : NULL;
            o = find_long(it->cmd, name, n);
        } else {
            o = find_short(it->cmd, a[1]);
            if (o && a[2])
                inline_val = a + 2;
        }
        if (!o) {
            snprintf(it->err, sizeof it->err, "unknown option %s (see 'slowdex help %s')", a,
                     it->cmd->name);
            return -1;
        }
        return take_value(it, o, inline_val, val);
    }
    return 0;
}

/* Prints text wrapped at 100 columns, every line indented by `indent`. */
static void print_wrapped(FILE *out, const char *text, int indent, int first_col)
{
    int col = first_col;
    const char *p = text;
    while (*p) {
        if (*p == '\n') {
            fputc('\n', out);
            p++;
            col = 0;
            continue;
        }
        size_t w = strcspn(p, " \n");
        if (col == 0 || col < indent) {
            fprintf(out, "%*s", indent - col, "");
            col = indent;
        } else if (col + 1 + (int)w > 100) {
            fprintf(out, "\n%*s", indent, "");
            col = indent;
        } else {
            fputc(' ', out);
            col++;
        }
        fwrite(p, 1, w, out);
        col += (int)w;
        p += w;
        while (*p == ' ')
            p++;
    }
    fputc('\n', out);
}

void opt_print_help(const struct cmd_spec *cmd, FILE *out)
{
    fprintf(out, "Usage: %s\n\n", cmd->usage);
    print_wrapped(out, cmd->summary, 0, 0);
    if (cmd->details) {
        fputc('\n', out);
        print_wrapped(out, cmd->details, 0, 0);
    }
    if (!cmd->opts || !cmd->opts->id)
        return;
    fputs("\nOptions:\n", out);
    for (const struct opt_spec *o = cmd->opts; o->id; o++) {
        char head[64];
        int n = o->short_name ? snprintf(head, sizeof head, "  -%c, --%s", o->short_name, o->name)
                              : snprintf(head, sizeof head, "      --%s", o->name);
        if (o->arg)
            snprintf(head + n, sizeof head - (size_t)n, " %s", o->arg);
        fputs(head, out);
        int col = (int)strlen(head);
        if (col >= 28) {
            fputc('\n', out);
            col = 0;
        }
        print_wrapped(out, o->help, 28, col);
    }
}

void opt_print_markdown(const struct cmd_spec *cmd, FILE *out)
{
    fprintf(out, "## slowdex %s\n\n```\n%s\n```\n\n%s\n", cmd->name, cmd->usage, cmd->summary);
    if (cmd->details)
        fprintf(out, "\n%s\n", cmd->details);
    if (!cmd->opts || !cmd->opts->id)
        return;
    fputs("\n| option | meaning |\n|---|---|\n", out);
    for (const struct opt_spec *o = cmd->opts; o->id; o++) {
        fputs("| ", out);
        if (o->short_name)
            fprintf(out, "`-%c`, ", o->short_name);
        fprintf(out, "`--%s%s%s` | ", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        for (const char *p = o->help; *p; p++)
            fputs(*p == '|' ? "\\|" : (char[]){*p, 0}, out);
        fputs(" |\n", out);
    }
}

long long opt_parse_count(const char *s)
{
    if (!s || !*s)
        return -1;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < 0)
        return -1;
    return v;
}
