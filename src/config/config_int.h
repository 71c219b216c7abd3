/* Internal to src/config: the error report that names a position in the configuration file. */
#ifndef SLOWDEX_CONFIG_INT_H
#define SLOWDEX_CONFIG_INT_H
#include "config/config.h"

/* Adds "FILE:LINE:COLUMN: msg" to d for node's value (key false) or member name (key true).
 * Returns -1. */
int config_fail_at(const struct slowdex_config *cfg, struct diag *d, const cJSON *node, bool key,
                   const char *msg);

#endif
