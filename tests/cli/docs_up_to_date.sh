#!/usr/bin/env bash
# docs/slowdex.md must be exactly what the option tables generate (regenerate it with
# `build/slowdex help --markdown > docs/slowdex.md`).
set -euo pipefail
diff -u "$SRC/docs/slowdex.md" <("$SLOWDEX" help --markdown) && echo "docs/slowdex.md is up to date"
