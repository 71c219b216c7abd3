/* Rendering findings, for every command that reports them (lint now, digest's detail blocks and
 * summary next): one text form for terminals and CI logs, one JSON form. The renderers only format:
 * the caller decides which findings (config_apply has run) and in what order. */
#ifndef SLOWDEX_REPORT_FINDINGS_H
#define SLOWDEX_REPORT_FINDINGS_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "rules/finding.h"

/* Where in a source file a finding points, finer than its subject's line (e.g. the column of the
 * statement's first keyword). line 0: use the subject's. */
struct findings_pos {
    uint64_t line;
    uint32_t col;
};

struct findings_text_opts {
    unsigned width;                 /* wrap message and fix at this many columns; 0: 100 */
    const struct findings_pos *pos; /* parallel to the list, or NULL */
    const char *indent;             /* put before every line (a digest's "# "); NULL: "" */
};

/* What the finding is about, as the text form starts it: "file:line:col", "file:line",
 * "db.table index idx", "db.table", "Query ID X", "connection N". Into buf (NUL-ended, cut). */
void findings_subject_label(const struct finding *f, const struct findings_pos *pos, char *buf,
                            size_t size);
/* Each finding as `LABEL: severity RULE.ID message`, wrapped, then `    fix: …` and the DDL, each
 * line indented by four. Returns 0, or -1 on a write error or out of memory. */
int findings_text(FILE *out, const struct finding_list *l, const struct findings_text_opts *o);
/* One line: "3 findings: 1 error, 2 warnings" (severities with none left out), with "; N
 * suppressed" when suppressed > 0, "no findings" when there are none. */
int findings_text_summary(FILE *out, const struct finding_list *l, size_t suppressed,
                          const char *indent);

/* The findings as a JSON array of finding_to_json objects, each with "position": {"line",
 * "column"} when pos is given. NULL when out of memory. */
cJSON *findings_json(const struct finding_list *l, const struct findings_pos *pos);
/* {"findings": N, "error": E, "warning": W, "notice": O, "info": I, "suppressed": S}. */
cJSON *findings_json_summary(const struct finding_list *l, size_t suppressed);

#endif
