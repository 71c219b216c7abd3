#!/usr/bin/env bash
# Corpus conformance: every slow log of tests/conformance/manifest.tsv digests with exit 0, valid
# JSON and exactly the diagnostics the manifest expects. Skips when ../shared or python3 is absent.
set -uo pipefail
source "$(dirname "$0")/../conformance/preamble.sh"
[ -x "${SLOWDEX:-}" ] || { echo "FAIL: \$SLOWDEX (${SLOWDEX:-unset}) is not an executable"; exit 1; }
exec python3 "$SRC/tests/conformance/run_parse.py" "$SLOWDEX" "$SHARED/corpus" \
    "$SRC/tests/conformance/manifest.tsv"
