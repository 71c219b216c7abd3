/* --redact for the NP1 rules' findings: their evidence quotes statements (an example child, and
 * the fix built from the child's and the parent's samples), which carry the application's values. */
#ifndef SLOWDEX_NPLUS1_REDACT_H
#define SLOWDEX_NPLUS1_REDACT_H
#include "rules/engine.h"
#include "rules/finding.h"

/* Replaces the literals of every NP1 finding's `example` and `fix_sql` evidence with ? (as the
 * report's samples, report_redact) and renders its fix again from them (the rule found in cat; a
 * finding whose rule is not there keeps no fix rather than one with values). Findings without
 * evidence (brief ones) are left alone. Returns 0, or -1 when out of memory. */
int np1_findings_redact(struct finding_list *l, const struct rule_catalog *cat);

#endif
