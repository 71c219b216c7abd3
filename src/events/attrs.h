/* Attribute names of one run, interned: every `Name:` seen in a log gets a small integer id the first
 * time it appears, so an event's attributes are (id, value) pairs and an attribute that first shows up
 * late in a log simply gets the next id — nothing is dropped. One table serves every parsing thread of
 * a run: it is safe to use from several threads (callers cache ids, so the lock is rarely taken), and
 * it holds at most ATTR_NAMES_MAX names, so a log that invents a new name on every line cannot grow
 * memory without bound. */
#ifndef SLOWDEX_ATTRS_H
#define SLOWDEX_ATTRS_H
#include <stdint.h>

#include "util/sv.h"

#define ATTR_NAMES_MAX 4096

struct attr_names;

struct attr_names *attr_names_new(void);
void attr_names_free(struct attr_names *t);
/* Returns the id of `name`, adding it when new; UINT32_MAX when out of memory or when the table
 * already holds ATTR_NAMES_MAX names. */
uint32_t attr_names_intern(struct attr_names *t, struct sv name);
/* The name of id (NUL-terminated, owned by the table), or NULL when out of range. */
const char *attr_names_name(const struct attr_names *t, uint32_t id);
uint32_t attr_names_count(const struct attr_names *t);

#endif
