/* Internals shared by the EXPLAIN readers: the input as lines, the parse context that collects
 * plans, and helpers every form uses (new plan, new access, Extra text, numbers). */
#ifndef SLOWDEX_EXPLAIN_INT_H
#define SLOWDEX_EXPLAIN_INT_H
#include <stdbool.h>

#include "explain/plan.h"
#include "util/buf.h"

struct ex_line {
    struct sv s;  /* without the line end (CR stripped too) */
    unsigned no;  /* 1-based line number in the input */
};

struct ex_ctx {
    struct arena *a;
    struct diag *d;
    const char *file;
    struct explain_set *set;
    const char *pending_query; /* statement seen above the next plan */
    unsigned flat_line; /* not 0: the document being read was one input line (mysql -B escapes) */
    bool oom;
};

#define EX_BIT(f) (1u << (f))
#define EX_XBIT(x) (1ull << (x))

/* Appends a plan of the given form; takes the pending query. NULL when out of memory. */
struct explain_plan *ex_plan_new(struct ex_ctx *c, enum explain_form form, unsigned line);
/* Drops the last plan when it has no access and no message (a form that read nothing). */
void ex_plan_drop_if_empty(struct ex_ctx *c, struct explain_plan *p);
/* Appends a zeroed access; earlier access pointers of p stay valid only until the next call. */
struct explain_access *ex_access_new(struct ex_ctx *c, struct explain_plan *p, unsigned line);

char *ex_strdup(struct ex_ctx *c, struct sv s);
/* Parses a number (1.68e+6, 10.00); false for NULL, empty or trailing garbage. */
bool ex_num(struct sv s, double *out);
bool ex_is_null(struct sv s);

/* Sets flags from an Extra column ("Using where; Using join buffer (hash join)"). */
void ex_extra_from_text(struct ex_ctx *c, struct explain_access *x, struct sv text);
/* Adds a flag (and, for the join buffer, its kind) to an access of a structured form. */
void ex_extra_add(struct explain_access *x, enum explain_extra f, const char *join_buffer);
/* For structured forms: extra_text as the flags joined with "; ". */
void ex_extra_finish(struct ex_ctx *c, struct explain_access *x);
/* Normalises a join buffer description (Block Nested Loop, flat, BNL join, hash join…). */
const char *ex_join_buffer_kind(struct sv s);
/* Splits a comma list into an arena array. */
const char **ex_split_list(struct ex_ctx *c, struct sv s, unsigned *n);

/* One traditional row given as header names and values (table, batch, vertical, slowlog). */
void ex_trad_row(struct ex_ctx *c, struct explain_plan *p, const struct sv *names,
                 const struct sv *vals, unsigned n, unsigned line);
/* True when names look like an EXPLAIN header (select_type or table plus type/key/Extra). */
bool ex_trad_header(const struct sv *names, unsigned n);

/* Undoes the mysql client's batch escapes (\n \t \\ \0) into out. -1 when out of memory. */
int ex_unescape(struct sv s, struct buf *out);

/* Structured documents; text is NUL-terminated, first_line is its first line in the input. */
void ex_parse_json(struct ex_ctx *c, const char *text, size_t len, unsigned first_line);
struct cJSON;
/* A parsed JSON document and the text it was parsed from (comments blanked, lines kept), so that
 * an access can name the input line of its own object: cJSON keeps no positions. */
struct ex_json_doc {
    const struct cJSON *root;
    const char *text;
    size_t len;
    unsigned first_line; /* input line of text's first line */
};
/* The input line of member's name (a table's `"table": {`); the document's first line when it
 * cannot be told, the one input line of a flat document (c->flat_line). */
unsigned ex_json_line(const struct ex_ctx *c, const struct ex_json_doc *doc,
                      const struct cJSON *member);
void ex_parse_json_v1(struct ex_ctx *c, const struct ex_json_doc *doc);
void ex_parse_json_v2(struct ex_ctx *c, const struct ex_json_doc *doc);
void ex_parse_tree(struct ex_ctx *c, const struct ex_line *lines, unsigned n);
/* An iterator of a TREE plan or a JSON v2 access path; children linked by index. */
struct tnode {
    unsigned line;
    size_t indent;
    int parent, first_child, next_sibling, last_child;
    struct sv desc; /* the TREE description without metrics (JSON v2: operation / heading) */
    bool has_cost, has_rows, has_actual, has_time;
    double cost, rows, a_first, a_last, a_rows, a_loops;
};
#define EX_TREE_MAX_DEPTH 200
/* Walks iterators into one plan of the given form (roots: parent < 0) starting at plan_line. */
void ex_tree_walk(struct ex_ctx *c, enum explain_form form, struct tnode *t, int cnt,
                  unsigned plan_line);

/* Reads a document (TREE or JSON) held in a text buffer: splits it into lines and dispatches. */
void ex_parse_document(struct ex_ctx *c, struct sv text, unsigned first_line);

/* Forms over the array of input lines: each starts at lines[i] and returns the index after what it
 * consumed. */
unsigned ex_read_boxed(struct ex_ctx *c, const struct ex_line *l, unsigned n, unsigned i);
unsigned ex_read_batch(struct ex_ctx *c, const struct ex_line *l, unsigned n, unsigned i,
                       enum explain_form form);
unsigned ex_read_vertical(struct ex_ctx *c, const struct ex_line *l, unsigned n, unsigned i);
/* "EXPLAIN: {", "@v1: -> …": where the value of a \G field holding a JSON or TREE document starts
 * (the label is any word: a user variable's name too); 0 when the line is no such field. */
size_t ex_labelled_value(struct sv s);

/* Splits text into lines in the arena. -1 when out of memory. */
int ex_split_lines(struct ex_ctx *c, struct sv text, unsigned first_line, struct ex_line **out,
                   unsigned *n);
/* Removes a client prompt ("mysql> ", "MariaDB [db]> ") from the front of a line. */
struct sv ex_strip_prompt(struct sv s, bool *had_prompt);

#endif
