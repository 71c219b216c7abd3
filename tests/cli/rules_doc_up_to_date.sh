#!/usr/bin/env bash
# docs/rules.md must be exactly what the catalog generates (regenerate it with
# `build/slowdex rules --format markdown > docs/rules.md`).
set -euo pipefail
diff -u "$SRC/docs/rules.md" <("$SLOWDEX" rules --format markdown) && echo "docs/rules.md is up to date"
