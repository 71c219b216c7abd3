#!/usr/bin/env bash
# Corpus conformance: every slow log of tests/conformance/manifest.tsv digests with exit 0, valid
# JSON and exactly the diagnostics the manifest expects. Skips when ../shared or python3 is absent.
set -uo pipefail
SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
SHARED=${SHARED:-$SRC/../shared}
if [ ! -d "$SHARED/corpus" ]; then
    echo "SKIP: no corpus at $SHARED/corpus (the shared folder is absent)"
    exit 77
fi
command -v python3 >/dev/null || { echo "SKIP: python3 is not installed"; exit 77; }
[ -x "${SLOWDEX:-}" ] || { echo "FAIL: \$SLOWDEX (${SLOWDEX:-unset}) is not an executable"; exit 1; }
exec python3 "$SRC/tests/conformance/run_parse.py" "$SLOWDEX" "$SHARED/corpus" \
    "$SRC/tests/conformance/manifest.tsv"
