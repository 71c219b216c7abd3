/* Describing the catalog to people and programs: the `slowdex rules` listing as text, JSON, and the
 * Markdown of docs/rules.md. */
#ifndef SLOWDEX_RULES_RULE_DOC_H
#define SLOWDEX_RULES_RULE_DOC_H
#include <stdio.h>

#include "rules/engine.h"

/* One line per rule: id, severity, subject kind, title. */
int rule_doc_text(const struct rule_catalog *c, FILE *out);
/* {"rules": [...]} with every field of every rule; -1 when out of memory. */
int rule_doc_json(const struct rule_catalog *c, FILE *out);
/* docs/rules.md: an index, then a section per category and rule. */
int rule_doc_markdown(const struct rule_catalog *c, FILE *out);
/* One rule as a JSON object (thresholds with default and value in force); NULL when out of memory. */
cJSON *rule_to_json(const struct rule *r);

#endif
